import { t } from "../i18n";
import { roomsKnown } from "../state/rooms";
import { currentUser } from "../state/session";
import { PageHeading } from "./PageHeading";

/** The main pane on a desktop before a conversation is chosen. */
export function EmptyPane() {
  return (
    <section class="empty-pane" aria-labelledby="empty-pane-title">
      <img src="/icons/icon.svg" alt="" width={56} height={56} />
      <PageHeading id="empty-pane-title">{t("emptyPane.title", { name: currentUser.value?.display_name ?? "" })}</PageHeading>
      {roomsKnown.value && <p>{t("emptyPane.lead")}</p>}
    </section>
  );
}
