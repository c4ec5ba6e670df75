import { useEffect } from "preact/hooks";
import type { AdminStats } from "../../../../schema/admin";
import { locale } from "../../i18n";
import { type AdminKey, tAdmin } from "../../i18n/admin";
import { loadStats, stats, statsProblem } from "../../state/admin";
import { adminPath } from "../../state/router";
import { fileSize } from "../files/formatFile";
import { Link } from "../Link";
import { Panel } from "../screens/Panel";

const CARDS: [keyof AdminStats, AdminKey][] = [
  ["users", "admin.stats.users"],
  ["active_today", "admin.stats.activeToday"],
  ["active_week", "admin.stats.activeWeek"],
  ["rooms", "admin.stats.rooms"],
  ["messages_today", "admin.stats.messagesToday"],
  ["storage_bytes", "admin.stats.storage"],
  ["blocked_users", "admin.stats.blocked"],
  ["admins", "admin.stats.admins"],
];

/** The instance at a glance, and the way to the reports waiting for a decision. */
export function AdminOverview() {
  useEffect(() => {
    void loadStats();
  }, []);
  const numbers = stats.value;
  const count = new Intl.NumberFormat(locale.value);
  return (
    <Panel title={tAdmin("admin.stats.title")} lead={tAdmin("admin.stats.lead")}>
      {statsProblem.value && <p role="alert">{statsProblem.value}</p>}
      {numbers === null ? (
        !statsProblem.value && (
          <p class="muted" role="status">
            {tAdmin("admin.loading")}
          </p>
        )
      ) : (
        <>
          <dl class="admin-stats">
            {CARDS.map(([key, label]) => (
              <div key={key} class="admin-stat">
                <dt>{tAdmin(label)}</dt>
                <dd>{key === "storage_bytes" ? fileSize(numbers[key]) : count.format(numbers[key])}</dd>
              </div>
            ))}
          </dl>
          <p>
            <Link href={adminPath("reports")} class="button button-quiet">
              {tAdmin("admin.stats.openReports", { count: count.format(numbers.open_reports) })}
            </Link>
          </p>
        </>
      )}
    </Panel>
  );
}
