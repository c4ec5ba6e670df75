import { useSignal } from "@preact/signals";
import type { Room } from "../../../../schema/rooms";
import { removeMember } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { forgetRoom } from "../../state/rooms";
import { navigate } from "../../state/router";
import { FormAlert } from "../FormAlert";
import { Dialog } from "../screens/Dialog";

/** Leaving, after a confirmation that says what it means for this room. */
export function LeaveRoom({ room, myId }: { room: Room; myId: string }) {
  const open = useSignal(false);
  const pending = useSignal(false);
  const problem = useSignal<string | null>(null);
  const direct = room.kind === "direct";

  const leave = async () => {
    pending.value = true;
    problem.value = null;
    try {
      await removeMember(room.id, myId);
      forgetRoom(room.id);
      navigate("/", { replace: true });
    } catch (error) {
      problem.value = describe(error);
      pending.value = false;
    }
  };

  const consequence = direct
    ? t("details.leave.directLead")
    : room.my_role === "owner" && room.member_count > 1
      ? t("details.leave.ownerLead")
      : room.member_count === 1
        ? t("details.leave.lastLead")
        : t("details.leave.lead");

  return (
    <div>
      <button type="button" class="button button-danger-quiet" onClick={() => (open.value = true)}>
        {direct ? t("details.leave.direct") : t("details.leave.button")}
      </button>
      <Dialog
        open={open.value}
        title={t("details.leave.confirmTitle", { title: room.title })}
        onClose={() => {
          open.value = false;
          problem.value = null;
        }}
      >
        <p>{consequence}</p>
        <FormAlert message={problem} />
        <div class="dialog-actions">
          <button type="button" class="button button-quiet" onClick={() => (open.value = false)}>
            {t("common.cancel")}
          </button>
          <button type="button" class="button button-danger" disabled={pending.value} onClick={() => void leave()}>
            {pending.value ? t("details.leave.leaving") : t("details.leave.confirm")}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
