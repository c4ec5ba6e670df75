import { t } from "../i18n";
import { typing } from "../state/room";
import { nameOf } from "../state/users";

/** Who is writing right now; the room clears each name a few seconds after their last keystroke. */
export function TypingIndicator() {
  const names = [...typing.value.keys()].map((id) => nameOf(id) ?? t("people.someone"));
  const text =
    names.length === 0
      ? ""
      : names.length === 1
        ? t("typing.one", { name: names[0]! })
        : names.length === 2
          ? t("typing.two", { first: names[0]!, second: names[1]! })
          : t("typing.many");
  return (
    <p class="typing-indicator" data-empty={text ? undefined : ""}>
      {text && <span class="typing-dots" aria-hidden="true" />}
      {text}
    </p>
  );
}
