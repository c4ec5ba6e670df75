import { useEffect } from "preact/hooks";
import { AdminAudit } from "../components/admin/AdminAudit";
import { AdminOverview } from "../components/admin/AdminOverview";
import { AdminReports } from "../components/admin/AdminReports";
import { AdminUsers } from "../components/admin/AdminUsers";
import { Link } from "../components/Link";
import { ScreenHeader } from "../components/ScreenHeader";
import { type AdminKey, tAdmin } from "../i18n/admin";
import { resetAdmin } from "../state/admin";
import { ADMIN_SECTIONS, adminPath, type AdminSection } from "../state/router";
import "../styles/screens.css";
import "../styles/admin.css";

const SECTION_NAMES: Record<AdminSection, AdminKey> = {
  overview: "admin.nav.overview",
  users: "admin.nav.users",
  reports: "admin.nav.reports",
  audit: "admin.nav.audit",
};

const SECTIONS = { overview: AdminOverview, users: AdminUsers, reports: AdminReports, audit: AdminAudit };

/** The administrators' screen: the instance at a glance, accounts, the reports queue and the audit log. */
export function Admin({ section }: { section: AdminSection }) {
  // Nothing loaded here outlives the visit: the next person signed in on this device starts clean.
  useEffect(() => resetAdmin, []);
  const Section = SECTIONS[section];
  return (
    <div class="screen">
      <ScreenHeader title={tAdmin("admin.title")} backTo="/settings" />
      <div class="screen-body admin-body">
        <nav class="admin-nav" aria-label={tAdmin("admin.nav.label")}>
          <ul>
            {ADMIN_SECTIONS.map((name) => (
              <li key={name}>
                <Link href={adminPath(name)} current={name === section}>
                  {tAdmin(SECTION_NAMES[name])}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <Section />
      </div>
    </div>
  );
}
