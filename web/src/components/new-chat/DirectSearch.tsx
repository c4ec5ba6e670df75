import { useSignal } from "@preact/signals";
import type { User } from "../../../../schema/api";
import { openDirectRoom } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { upsertRoom } from "../../state/rooms";
import { navigate, roomPath } from "../../state/router";
import { FormAlert } from "../FormAlert";
import { Panel } from "../screens/Panel";
import { PeopleSearch } from "../screens/PeopleSearch";

/** Finds a person and opens the one conversation with them, new or existing. */
export function DirectSearch() {
  const pending = useSignal(false);
  const problem = useSignal<string | null>(null);

  const open = async (user: User) => {
    pending.value = true;
    problem.value = null;
    try {
      const room = await openDirectRoom(user.id);
      upsertRoom(room);
      navigate(roomPath(room.id));
    } catch (error) {
      problem.value = describe(error);
      pending.value = false;
    }
  };

  return (
    <Panel title={t("newChat.direct.title")} lead={t("newChat.direct.lead")}>
      <PeopleSearch
        label={t("newChat.direct.search")}
        action={t("newChat.direct.message")}
        onChoose={(user) => void open(user)}
        disabled={pending.value}
      />
      <FormAlert message={problem} />
    </Panel>
  );
}
