import { useSignal } from "@preact/signals";
import { useEffect } from "preact/hooks";
import type { AdminReport, Resolution, ResolveBody } from "../../../../schema/admin";
import type { Message } from "../../../../schema/messages";
import { t } from "../../i18n";
import { type AdminKey, tAdmin } from "../../i18n/admin";
import { loadReports, personName, reports, reportsProblem, reportStatus, settleReport, showReports, type ReportStatus } from "../../state/admin";
import { describe } from "../../state/form";
import { previewOf } from "../messagePreview";
import { REASON_LABELS } from "../ReportDialog";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";
import { ConfirmDialog, type Confirmation } from "./ConfirmDialog";

const RESOLUTION_LABELS: Record<Resolution, AdminKey> = {
  message_deleted: "admin.reports.resolvedDeleted",
  sender_blocked: "admin.reports.resolvedBlocked",
  dismissed: "admin.reports.resolvedDismissed",
};

/** Reported messages in their context, each settled by deleting it, blocking its sender, or dismissing it. */
export function AdminReports() {
  const confirmation = useSignal<Confirmation | null>(null);
  const problem = useSignal<string | null>(null);

  useEffect(() => {
    void loadReports();
  }, []);

  const settle = async (report: AdminReport, action: ResolveBody["action"]) => {
    problem.value = null;
    try {
      await settleReport(report, action);
    } catch (error) {
      problem.value = describe(error);
    }
  };

  const ask = (report: AdminReport, action: ResolveBody["action"]) => {
    if (action === "dismiss") return void settle(report, action);
    const sender = personName(report.sender_id);
    confirmation.value =
      action === "delete_message"
        ? { title: tAdmin("admin.reports.deleteTitle"), lead: tAdmin("admin.reports.deleteLead"), confirm: tAdmin("admin.reports.delete"), action: () => settleReport(report, action) }
        : {
            title: tAdmin("admin.reports.blockTitle", { name: sender }),
            lead: tAdmin("admin.users.blockLead"),
            confirm: tAdmin("admin.reports.block"),
            action: () => settleReport(report, action),
          };
  };

  const status = reportStatus.value;
  const page = reports.value;
  return (
    <Panel title={tAdmin("admin.reports.title")} lead={tAdmin("admin.reports.lead")}>
      <div class="admin-toggle" role="group" aria-label={tAdmin("admin.reports.show")}>
        {(["open", "resolved"] as ReportStatus[]).map((value) => (
          <button key={value} type="button" class="button button-quiet button-small" aria-pressed={status === value} onClick={() => showReports(value)}>
            {tAdmin(value === "open" ? "admin.reports.open" : "admin.reports.resolved")}
          </button>
        ))}
      </div>
      {(reportsProblem.value || problem.value) && <p role="alert">{reportsProblem.value ?? problem.value}</p>}
      {page === null ? (
        !reportsProblem.value && (
          <p class="muted" role="status">
            {tAdmin("admin.loading")}
          </p>
        )
      ) : page.items.length === 0 ? (
        <p class="muted" role="status">
          {tAdmin(status === "open" ? "admin.reports.emptyOpen" : "admin.reports.emptyResolved")}
        </p>
      ) : (
        <ul class="admin-list">
          {page.items.map((report) => (
            <ReportItem key={report.id} report={report} onAction={(action) => ask(report, action)} />
          ))}
        </ul>
      )}
      {page?.next && (
        <button type="button" class="button button-quiet" onClick={() => void loadReports(true)}>
          {tAdmin("admin.more")}
        </button>
      )}
      <ConfirmDialog confirmation={confirmation.value} onClose={() => (confirmation.value = null)} />
    </Panel>
  );
}

function ReportItem({ report, onAction }: { report: AdminReport; onAction: (action: ResolveBody["action"]) => void }) {
  const room = report.room.title || tAdmin("admin.reports.directRoom");
  const headingId = `report-${report.id}`;
  return (
    <li class="admin-report">
      <article aria-labelledby={headingId}>
        <h3 id={headingId}>{tAdmin("admin.reports.heading", { reason: t(REASON_LABELS[report.reason]), room })}</h3>
        <p class="admin-row-meta">
          {tAdmin("admin.reports.by", { name: personName(report.reporter_id) })} · <DateTime iso={report.created_at} />
        </p>
        {report.note && <blockquote class="report-quote">{report.note}</blockquote>}
        <ol class="admin-context" aria-label={tAdmin("admin.reports.context")}>
          {report.context.map((message) => (
            <ContextLine key={message.seq} message={message} reported={message.seq === report.seq} />
          ))}
        </ol>
        {report.status === "open" ? (
          <div class="admin-row-actions">
            <button type="button" class="button button-danger button-small" onClick={() => onAction("delete_message")} disabled={report.message?.deleted ?? true}>
              {tAdmin("admin.reports.delete")}
            </button>
            <button type="button" class="button button-quiet button-small" onClick={() => onAction("block_sender")} disabled={report.sender_id === null}>
              {tAdmin("admin.reports.block")}
            </button>
            <button type="button" class="button button-quiet button-small" onClick={() => onAction("dismiss")}>
              {tAdmin("admin.reports.dismiss")}
            </button>
          </div>
        ) : (
          report.resolution && (
            <p class="admin-row-meta">
              {tAdmin(RESOLUTION_LABELS[report.resolution], { name: personName(report.resolved_by) })}
              {report.resolved_at && (
                <>
                  {" · "}
                  <DateTime iso={report.resolved_at} />
                </>
              )}
            </p>
          )
        )}
      </article>
    </li>
  );
}

function ContextLine({ message, reported }: { message: Message; reported: boolean }) {
  const sender = message.kind === "system" ? null : personName(message.sender_id);
  const text = reported && message.kind === "text" && !message.deleted ? (message.text ?? "") : previewOf(message);
  return (
    <li class="admin-context-line" data-reported={reported ? "" : undefined}>
      {reported && <span class="visually-hidden">{tAdmin("admin.reports.reportedMessage")} </span>}
      {sender && <span class="admin-context-sender">{sender}: </span>}
      <span class="admin-context-text">{text}</span>
    </li>
  );
}
