import { useEffect } from "preact/hooks";
import type { AuditAction, AuditEntry } from "../../../../schema/admin";
import { type AdminKey, tAdmin } from "../../i18n/admin";
import { audit, auditProblem, loadAudit, personName } from "../../state/admin";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";

const SENTENCES: Record<AuditAction, AdminKey> = {
  user_blocked: "admin.audit.userBlocked",
  user_unblocked: "admin.audit.userUnblocked",
  user_deleted: "admin.audit.userDeleted",
  admin_granted: "admin.audit.adminGranted",
  admin_revoked: "admin.audit.adminRevoked",
  report_message_deleted: "admin.audit.reportDeleted",
  report_sender_blocked: "admin.audit.reportBlocked",
  report_dismissed: "admin.audit.reportDismissed",
};

/** Every administrator action, newest first. */
export function AdminAudit() {
  useEffect(() => {
    void loadAudit();
  }, []);
  const page = audit.value;
  return (
    <Panel title={tAdmin("admin.audit.title")} lead={tAdmin("admin.audit.lead")}>
      {auditProblem.value && <p role="alert">{auditProblem.value}</p>}
      {page === null ? (
        !auditProblem.value && (
          <p class="muted" role="status">
            {tAdmin("admin.loading")}
          </p>
        )
      ) : page.items.length === 0 ? (
        <p class="muted">{tAdmin("admin.audit.empty")}</p>
      ) : (
        <ol class="admin-list admin-audit">
          {page.items.map((entry) => (
            <AuditLine key={entry.id} entry={entry} />
          ))}
        </ol>
      )}
      {page?.next && (
        <button type="button" class="button button-quiet" onClick={() => void loadAudit(true)}>
          {tAdmin("admin.more")}
        </button>
      )}
    </Panel>
  );
}

function AuditLine({ entry }: { entry: AuditEntry }) {
  return (
    <li class="admin-row">
      <div class="admin-row-text">
        <p>{tAdmin(SENTENCES[entry.action], { actor: personName(entry.actor_id), target: personName(entry.target_user_id) })}</p>
        <p class="admin-row-meta">
          <DateTime iso={entry.created_at} />
        </p>
      </div>
    </li>
  );
}
