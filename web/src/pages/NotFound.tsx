import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { t } from "../i18n";

export function NotFound() {
  return (
    <section class="not-found">
      <PageHeading>{t("notFound.title")}</PageHeading>
      <p>{t("notFound.lead")}</p>
      <Link href="/" class="button button-primary">
        {t("notFound.home")}
      </Link>
    </section>
  );
}
