import { z } from "zod";
import { User } from "./api";
import { Message } from "./messages";
import { ROOM_DESCRIPTION_MAX, ROOM_TITLE_MAX } from "./rules";

export { ROOM_DESCRIPTION_MAX, ROOM_TITLE_MAX };
export const ROOM_MEMBERS_ON_CREATE_MAX = 100;

export const Role = z.enum(["owner", "admin", "member"]);
export const RoomKind = z.enum(["direct", "group", "channel"]);

export const Room = z
  .object({
    id: z.string(),
    kind: RoomKind,
    title: z.string().meta({ description: "For a direct room: the other person's display name." }),
    description: z.string(),
    created_at: z.string(),
    member_count: z.number().int(),
    my_role: Role,
    last_seq: z.number().int(),
    last_message: Message.nullable(),
    unread_count: z.number().int(),
    last_read_seq: z.number().int(),
    favorite: z.boolean(),
    muted_until: z.string().nullable(),
    peer: User.nullable().meta({ description: "For a direct room: the other person; otherwise null." }),
    avatar_url: z.string().nullable().meta({ description: "A group's or channel's picture; a direct room shows the peer's avatar." }),
  })
  .meta({ id: "Room" });
export type Room = z.infer<typeof Room>;

export const Member = z.object({ user: User, role: Role, joined_at: z.string() }).meta({ id: "Member" });
export type Member = z.infer<typeof Member>;

export const RoomDetail = Room.extend({ members: z.array(Member) }).meta({ id: "RoomDetail" });
export type RoomDetail = z.infer<typeof RoomDetail>;

const Title = z.string().trim().min(1, "must not be empty").max(ROOM_TITLE_MAX);
const Description = z.string().trim().max(ROOM_DESCRIPTION_MAX);
const UserId = z.string().min(1).max(64);

export const CreateRoomBody = z
  .strictObject({
    kind: z.enum(["group", "channel"]),
    title: Title,
    description: Description.optional(),
    member_ids: z.array(UserId).max(ROOM_MEMBERS_ON_CREATE_MAX).optional(),
  })
  .meta({ id: "CreateRoomBody" });

export const DirectRoomBody = z.strictObject({ user_id: UserId }).meta({ id: "DirectRoomBody" });

export const PatchRoomBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.optional(),
    avatar_upload_id: z.string().min(1).max(64).nullable().optional().meta({ description: "An image you uploaded; null removes the picture." }),
  })
  .refine((b) => b.title !== undefined || b.description !== undefined || b.avatar_upload_id !== undefined, "title, description or avatar_upload_id is required")
  .meta({ id: "PatchRoomBody" });

export const AddMemberBody = z
  .strictObject({ user_id: UserId, role: z.enum(["admin", "member"]).optional() })
  .meta({ id: "AddMemberBody" });

export const RoomSettingsBody = z
  .strictObject({
    favorite: z.boolean().optional(),
    muted_until: z.iso.datetime({ offset: true }).nullable().optional().meta({ description: "Muted until this time; null unmutes." }),
  })
  .refine((b) => b.favorite !== undefined || b.muted_until !== undefined, "favorite or muted_until is required")
  .meta({ id: "RoomSettingsBody" });

export const INVITE_DEFAULT_SECONDS = 7 * 24 * 3600;
export const INVITE_MAX_SECONDS = 30 * 24 * 3600;

export const CreateInviteBody = z
  .strictObject({
    expires_in_seconds: z.number().int().min(60).max(INVITE_MAX_SECONDS).optional(),
    max_uses: z.number().int().min(1).max(10_000).nullable().optional(),
  })
  .meta({ id: "CreateInviteBody" });

export const Invite = z
  .object({ token: z.string(), url: z.string(), expires_at: z.string(), max_uses: z.number().int().nullable() })
  .meta({ id: "Invite" });

export const InvitePreview = z
  .object({ room: z.object({ id: z.string(), kind: RoomKind, title: z.string(), member_count: z.number().int() }) })
  .meta({ id: "InvitePreview" });

export const Ticket = z.object({ ticket: z.string(), expires_in: z.number().int() }).meta({ id: "Ticket" });

export type CreateRoomBody = z.input<typeof CreateRoomBody>;
export type PatchRoomBody = z.input<typeof PatchRoomBody>;
export type AddMemberBody = z.input<typeof AddMemberBody>;
export type RoomSettingsBody = z.input<typeof RoomSettingsBody>;
export type CreateInviteBody = z.input<typeof CreateInviteBody>;
export type Invite = z.infer<typeof Invite>;
export type InvitePreview = z.infer<typeof InvitePreview>;
export type Ticket = z.infer<typeof Ticket>;
