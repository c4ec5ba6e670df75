import type { Message } from "../../../schema/messages";
import { t } from "../i18n";
import { toggleReaction } from "../state/room";
import { currentUser } from "../state/session";
import { nameOf } from "../state/users";

/** The reactions under a message; choosing one adds or withdraws your own. */
export function ReactionBar({ message }: { message: Message }) {
  const entries = Object.entries(message.reactions).filter(([, users]) => users.length > 0);
  if (entries.length === 0) return null;
  const me = currentUser.value?.id;
  return (
    <div class="reactions" role="group" aria-label={t("message.reactions")}>
      {entries.map(([emoji, users]) => {
        const mine = me !== undefined && users.includes(me);
        const names = users.map((id) => (id === me ? t("people.you") : (nameOf(id) ?? t("people.someone")))).join(", ");
        return (
          <button
            type="button"
            class="reaction"
            aria-pressed={mine}
            aria-label={t(users.length === 1 ? "message.reactionOne" : "message.reaction", { emoji, count: users.length })}
            title={names}
            onClick={() => void toggleReaction(message, emoji)}
          >
            <span aria-hidden="true">{emoji}</span>
            <span class="reaction-count" aria-hidden="true">
              {users.length}
            </span>
          </button>
        );
      })}
    </div>
  );
}
