import { DirectSearch } from "../components/new-chat/DirectSearch";
import { NewRoomForm } from "../components/new-chat/NewRoomForm";
import { ScreenHeader } from "../components/ScreenHeader";
import { t } from "../i18n";
import "../styles/screens.css";

export function NewChat() {
  return (
    <div class="screen">
      <ScreenHeader title={t("newChat.title")} backTo="/" />
      <div class="screen-body">
        <DirectSearch />
        <NewRoomForm />
      </div>
    </div>
  );
}
