import { t } from "../i18n";
import { currentUser } from "../state/session";
import { Link } from "./Link";
import { PageHeading } from "./PageHeading";

/** What someone with no conversations yet sees: how to start one. */
export function FirstRun() {
  const name = currentUser.value?.display_name ?? "";
  return (
    <section class="first-run" aria-labelledby="first-run-title">
      <img src="/icons/icon.svg" alt="" width={64} height={64} />
      <PageHeading id="first-run-title">{t("firstRun.title", { name })}</PageHeading>
      <p class="first-run-lead">{t("firstRun.lead")}</p>
      <ol class="first-run-steps">
        <li>{t("firstRun.stepDirect")}</li>
        <li>{t("firstRun.stepGroup")}</li>
        <li>{t("firstRun.stepInvite")}</li>
      </ol>
      <Link href="/new" class="button button-primary">
        {t("rooms.newChat")}
      </Link>
    </section>
  );
}
