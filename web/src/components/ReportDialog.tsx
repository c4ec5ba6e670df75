import { useSignal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { ReportReason } from "../../../schema/admin";
import { REPORT_NOTE_MAX } from "../../../schema/rules";
import type { Message } from "../../../schema/messages";
import { reportMessage } from "../api";
import { t, type MessageKey } from "../i18n";
import { createSubmission } from "../state/form";
import { closeReport, reportTarget } from "../state/report";
import { FormAlert } from "./FormAlert";
import { previewOf } from "./messagePreview";
import { ChoiceGroup } from "./screens/ChoiceGroup";
import { Dialog } from "./screens/Dialog";
import { TextAreaField } from "./screens/TextAreaField";
import "../styles/screens.css";
import "../styles/admin.css";

export const REASON_LABELS: Record<ReportReason, MessageKey> = {
  spam: "report.reason.spam",
  harassment: "report.reason.harassment",
  hate: "report.reason.hate",
  violence: "report.reason.violence",
  sexual: "report.reason.sexual",
  other: "report.reason.other",
};

/** A member tells the administrators about a message: a reason, and a note if they like. */
export function ReportDialog({ roomId }: { roomId: string }) {
  const message = reportTarget.value;
  return (
    <Dialog open={message !== null && message.room_id === roomId} title={t("report.title")} onClose={closeReport}>
      {message && <ReportForm key={message.id} message={message} />}
    </Dialog>
  );
}

function ReportForm({ message }: { message: Message }) {
  const reason = useSignal<ReportReason>("spam");
  const note = useSignal("");
  const sent = useSignal(false);
  const form = useMemo(() => createSubmission(["reason", "note"]), []);
  const choices = (Object.keys(REASON_LABELS) as ReportReason[]).map((value) => ({ value, label: t(REASON_LABELS[value]) }));

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const text = note.value.trim();
      await reportMessage(message.room_id, message.seq, { reason: reason.value, ...(text && { note: text }) });
      sent.value = true;
    });
  };

  if (sent.value) {
    return (
      <div class="form">
        <p role="status">{t("report.sent")}</p>
        <div class="dialog-actions">
          <button type="button" class="button button-primary" onClick={closeReport}>
            {t("report.done")}
          </button>
        </div>
      </div>
    );
  }
  return (
    <form class="form" onSubmit={onSubmit} noValidate>
      <p>{t("report.lead")}</p>
      <blockquote class="report-quote">{previewOf(message)}</blockquote>
      <ChoiceGroup legend={t("report.reason")} choices={choices} value={reason.value} onChange={(value) => (reason.value = value)} />
      <TextAreaField form={form} name="note" label={t("report.note")} value={note} maxLength={REPORT_NOTE_MAX} optional />
      <FormAlert message={form.alert} />
      <div class="dialog-actions">
        <button type="button" class="button button-quiet" onClick={closeReport}>
          {t("common.cancel")}
        </button>
        <button type="submit" class="button button-danger" disabled={form.pending.value}>
          {form.pending.value ? t("report.sending") : t("report.send")}
        </button>
      </div>
    </form>
  );
}
