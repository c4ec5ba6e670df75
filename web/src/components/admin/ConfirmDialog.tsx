import { useSignal } from "@preact/signals";
import { t } from "../../i18n";
import { tAdmin } from "../../i18n/admin";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { Dialog } from "../screens/Dialog";

export interface Confirmation {
  title: string;
  lead: string;
  confirm: string;
  /** Runs on confirming; a failure stays in the dialog, said in words. */
  action: () => Promise<void>;
}

/** Asks before an administrator's action that is hard to take back. */
export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  const pending = useSignal(false);
  const problem = useSignal<string | null>(null);

  const close = () => {
    problem.value = null;
    onClose();
  };

  const run = async () => {
    if (!confirmation || pending.peek()) return;
    pending.value = true;
    problem.value = null;
    try {
      await confirmation.action();
      close();
    } catch (error) {
      problem.value = describe(error);
    } finally {
      pending.value = false;
    }
  };

  return (
    <Dialog open={confirmation !== null} title={confirmation?.title ?? ""} onClose={close}>
      <p>{confirmation?.lead}</p>
      <FormAlert message={problem} />
      <div class="dialog-actions">
        <button type="button" class="button button-quiet" onClick={close}>
          {t("common.cancel")}
        </button>
        <button type="button" class="button button-danger" onClick={() => void run()} disabled={pending.value}>
          {pending.value ? tAdmin("admin.working") : confirmation?.confirm}
        </button>
      </div>
    </Dialog>
  );
}
