import type { User } from "../../../../schema/api";
import { useRef } from "preact/hooks";
import { t } from "../../i18n";
import { Avatar } from "../Avatar";

interface MemberChipsProps {
  people: readonly User[];
  onRemove: (user: User) => void;
}

/** The people picked so far, each removable. */
export function MemberChips({ people, onRemove }: MemberChipsProps) {
  const list = useRef<HTMLUListElement>(null);
  if (people.length === 0) return <p class="muted">{t("newChat.room.noneChosen")}</p>;

  // The pressed button disappears with its chip; focus goes to a neighbour, not the page's start.
  const remove = (user: User, index: number) => {
    onRemove(user);
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll("button");
      buttons?.[Math.min(index, buttons.length - 1)]?.focus();
    });
  };

  return (
    <ul ref={list} class="chips" aria-label={t("newChat.room.chosen")}>
      {people.map((user, index) => (
        <li key={user.id} class="chip">
          <Avatar id={user.id} name={user.display_name} url={user.avatar_url} size="small" />
          <span>{user.display_name}</span>
          <button
            type="button"
            class="chip-remove"
            onClick={() => remove(user, index)}
            aria-label={t("newChat.room.remove", { name: user.display_name })}
          >
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
