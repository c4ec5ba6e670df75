import { AdminLink } from "../components/admin/AdminLink";
import { AppearanceChoice } from "../components/settings/AppearanceChoice";
import { DeleteAccount } from "../components/settings/DeleteAccount";
import { DeviceSessions } from "../components/settings/DeviceSessions";
import { ExportData } from "../components/settings/ExportData";
import { LanguageChoice } from "../components/settings/LanguageChoice";
import { NotificationChoice } from "../components/settings/NotificationChoice";
import { ProfileForm } from "../components/settings/ProfileForm";
import { Panel } from "../components/screens/Panel";
import { ScreenHeader } from "../components/ScreenHeader";
import { t } from "../i18n";
import { currentUser } from "../state/session";
import "../styles/screens.css";

export function Settings() {
  const user = currentUser.value;
  if (!user) return null;
  return (
    <div class="screen">
      <ScreenHeader title={t("settings.title")} backTo="/" />
      <div class="screen-body">
        <ProfileForm user={user} />
        <Panel title={t("settings.appearance.title")}>
          <AppearanceChoice />
          <LanguageChoice />
        </Panel>
        <NotificationChoice />
        <DeviceSessions />
        {user.is_admin && <AdminLink />}
        <ExportData />
        <DeleteAccount />
      </div>
    </div>
  );
}
