import type { Message, Poll } from "../../../schema/messages";
import type { Room } from "../../../schema/rooms";
import { t } from "../i18n";
import { castVote, closePoll } from "../state/room";
import { currentUser } from "../state/session";
import { Icon } from "./Icon";

/** A poll in the conversation: vote, see the results as they change, and close it. */
export function PollView({ message, poll, room }: { message: Message; poll: Poll; room: Room }) {
  const me = currentUser.value?.id ?? "";
  const voters = new Set(poll.options.flatMap((option) => option.voters));
  const mineChosen = poll.options.flatMap((option, index) => (option.voters.includes(me) ? [index] : []));
  const canClose = message.sender_id === me || room.my_role !== "member";
  const questionId = `poll-${message.room_id}-${message.seq}`;

  const choose = (index: number) => {
    const chosen = mineChosen.includes(index);
    if (poll.multiple) void castVote(message, chosen ? mineChosen.filter((i) => i !== index) : [...mineChosen, index].sort((a, b) => a - b));
    else void castVote(message, chosen ? [] : [index]);
  };

  return (
    <div class="poll" role="group" aria-labelledby={questionId}>
      <p class="poll-question" id={questionId} dir="auto">
        {poll.question}
      </p>
      <p class="poll-hint">
        {poll.closed ? t("poll.closed") : poll.multiple ? t("poll.chooseMany") : t("poll.chooseOne")}
      </p>
      <ul class="poll-options">
        {poll.options.map((option, index) => {
          const count = option.voters.length;
          const share = voters.size === 0 ? 0 : Math.round((count / voters.size) * 100);
          const chosen = mineChosen.includes(index);
          return (
            <li key={index}>
              <button type="button" class="poll-option" aria-pressed={chosen} disabled={poll.closed} onClick={() => choose(index)}>
                <span class="poll-bar" style={{ width: `${share}%` }} />
                <span class="poll-option-text" dir="auto">
                  {chosen && <Icon name="check" size={14} />}
                  {option.text}
                </span>
                {/* The leading space keeps the name readable: "Pizza 2 votes · 50%". */}
                <span class="poll-option-count"> {t(count === 1 ? "poll.countOne" : "poll.count", { count, share })}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div class="poll-footer">
        <span>{t(voters.size === 1 ? "poll.votersOne" : "poll.voters", { count: voters.size })}</span>
        {canClose && !poll.closed && (
          <button type="button" class="link-button" onClick={() => void closePoll(message)}>
            {t("poll.close")}
          </button>
        )}
      </div>
    </div>
  );
}
