import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { Room, RoomDetail } from "../../../schema/rooms";
import { ApiError, room as fetchRoom } from "../api";
import { AddMember } from "../components/room-details/AddMember";
import { EditDetailsForm } from "../components/room-details/EditDetailsForm";
import { InviteLink } from "../components/room-details/InviteLink";
import { LeaveRoom } from "../components/room-details/LeaveRoom";
import { MemberList } from "../components/room-details/MemberList";
import { RoomPreferences } from "../components/room-details/RoomPreferences";
import { RoomSummary } from "../components/room-details/RoomSummary";
import { Panel } from "../components/screens/Panel";
import { ScreenHeader } from "../components/ScreenHeader";
import { t } from "../i18n";
import { describe } from "../state/form";
import { upsertRoom } from "../state/rooms";
import { roomPath } from "../state/router";
import { currentUser } from "../state/session";
import "../styles/screens.css";

type Loaded = { kind: "loading" } | { kind: "ready"; room: RoomDetail } | { kind: "missing" } | { kind: "failed"; message: string };

/** Strips the member list: the room list keeps summaries only. */
const summaryOf = ({ members: _members, ...room }: RoomDetail): Room => room;

export function RoomDetails({ roomId }: { roomId: string }) {
  const state = useSignal<Loaded>({ kind: "loading" });
  const me = currentUser.value;

  const load = async () => {
    try {
      const detail = await fetchRoom(roomId);
      state.value = { kind: "ready", room: detail };
      upsertRoom(summaryOf(detail));
    } catch (error) {
      state.value = error instanceof ApiError && error.status === 404 ? { kind: "missing" } : { kind: "failed", message: describe(error) };
    }
  };

  useEffect(() => {
    state.value = { kind: "loading" };
    void load();
  }, [roomId]);

  // Settings and detail changes answer with the room's summary; the members stay as they were.
  const applySummary = (summary: Room) => {
    const current = state.peek();
    if (current.kind === "ready") state.value = { kind: "ready", room: { ...summary, members: current.room.members } };
    upsertRoom(summary);
  };

  const current = state.value;
  const title = current.kind === "ready" ? current.room.title : t("details.title");
  return (
    <div class="screen">
      <ScreenHeader title={title} backTo={roomPath(roomId)} />
      <div class="screen-body">
        {current.kind === "loading" && (
          <p class="muted" role="status">
            {t("details.loading")}
          </p>
        )}
        {current.kind === "missing" && <p class="notice">{t("details.missing")}</p>}
        {current.kind === "failed" && (
          <div class="notice" role="alert">
            <p>{current.message}</p>
            <button type="button" class="button button-quiet button-small" onClick={() => void load()}>
              {t("common.retry")}
            </button>
          </div>
        )}
        {current.kind === "ready" && me && <Ready key={current.room.id} room={current.room} myId={me.id} reload={load} applySummary={applySummary} />}
      </div>
    </div>
  );
}

interface ReadyProps {
  room: RoomDetail;
  myId: string;
  reload: () => Promise<void>;
  applySummary: (room: Room) => void;
}

function Ready({ room, myId, reload, applySummary }: ReadyProps) {
  const manager = room.kind !== "direct" && (room.my_role === "owner" || room.my_role === "admin");
  return (
    <>
      <RoomSummary room={room} />
      {manager && <EditDetailsForm room={room} onSaved={applySummary} />}
      <RoomPreferences room={room} onSaved={applySummary} />
      {room.kind !== "direct" && (
        <Panel
          title={room.member_count === 1 ? t("details.memberCountOne") : t("details.memberCount", { count: room.member_count })}
        >
          {manager && <AddMember roomId={room.id} memberIds={new Set(room.members.map((m) => m.user.id))} onAdded={reload} />}
          <MemberList roomId={room.id} members={room.members} myId={myId} myRole={room.my_role} onChanged={reload} />
        </Panel>
      )}
      {manager && <InviteLink roomId={room.id} roomTitle={room.title} />}
      <LeaveRoom room={room} myId={myId} />
    </>
  );
}
