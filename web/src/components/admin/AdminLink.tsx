import { t } from "../../i18n";
import { Link } from "../Link";
import { Panel } from "../screens/Panel";

/** In settings, for administrators only: the way into the admin area. */
export function AdminLink() {
  return (
    <Panel title={t("settings.admin.title")} lead={t("settings.admin.lead")}>
      <p>
        <Link href="/admin" class="button button-quiet">
          {t("settings.admin.open")}
        </Link>
      </p>
    </Panel>
  );
}
