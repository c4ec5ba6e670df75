import { useSignal } from "@preact/signals";
import type { Member } from "../../../../schema/rooms";

type Role = Member["role"];
import { removeMember } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { Avatar } from "../Avatar";

const ROLE_KEYS = { owner: "details.role.owner", admin: "details.role.admin", member: "details.role.member" } as const;

interface MemberListProps {
  roomId: string;
  members: readonly Member[];
  myId: string;
  myRole: Role;
  onChanged: () => Promise<void>;
}

// The server's rule, so nobody is offered a button it would refuse: the owner removes
// anyone, admins only plain members, and nobody removes themself (that is leaving).
const canRemove = (myRole: Role, target: Member, myId: string) =>
  target.user.id !== myId && (myRole === "owner" || (myRole === "admin" && target.role === "member"));

/** Everyone in the room with their role; managers can remove people from here. */
export function MemberList({ roomId, members, myId, myRole, onChanged }: MemberListProps) {
  const removing = useSignal<string | null>(null);
  const problem = useSignal<string | null>(null);

  const remove = async (member: Member) => {
    removing.value = member.user.id;
    problem.value = null;
    try {
      await removeMember(roomId, member.user.id);
      await onChanged();
    } catch (error) {
      problem.value = describe(error);
    } finally {
      removing.value = null;
    }
  };

  return (
    <>
      <FormAlert message={problem} />
      <ul class="member-list">
        {members.map((member) => (
          <li key={member.user.id} class="member">
            <Avatar id={member.user.id} name={member.user.display_name} url={member.user.avatar_url} />
            <div class="member-text">
              <p class="member-name">
                {member.user.display_name}
                {member.user.id === myId && <span class="muted"> {t("details.members.you")}</span>}
              </p>
              {member.user.username && <p class="member-handle">@{member.user.username}</p>}
            </div>
            {member.role !== "member" && <span class="badge">{t(ROLE_KEYS[member.role])}</span>}
            {canRemove(myRole, member, myId) && (
              <button
                type="button"
                class="button button-quiet button-small"
                disabled={removing.value !== null}
                onClick={() => void remove(member)}
                aria-label={t("details.members.removeNamed", { name: member.user.display_name })}
              >
                {removing.value === member.user.id ? t("details.members.removing") : t("details.members.remove")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
