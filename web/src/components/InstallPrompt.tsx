import { t } from "../i18n";
import { dismissInstall, install, installDismissed, installOffer } from "../state/install";

/** The browser offered to install Parley: a quiet invitation the person can wave away. */
export function InstallPrompt() {
  if (!installOffer.value || installDismissed.value) return null;
  return (
    <aside class="install-prompt" aria-label={t("install.label")}>
      <img src="/icons/icon.svg" alt="" width={28} height={28} />
      <p>{t("install.lead")}</p>
      <button type="button" class="button button-primary button-small" onClick={() => void install()}>
        {t("install.action")}
      </button>
      <button type="button" class="icon-button" aria-label={t("install.dismiss")} onClick={dismissInstall}>
        <span aria-hidden="true">×</span>
      </button>
    </aside>
  );
}
