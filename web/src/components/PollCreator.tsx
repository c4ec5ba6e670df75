import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { POLL_OPTION_MAX, POLL_OPTIONS_MAX, POLL_QUESTION_MAX } from "../../../schema/rules";
import { t } from "../i18n";

export interface NewPoll {
  question: string;
  options: string[];
  multiple: boolean;
}

interface PollCreatorProps {
  onCreate(poll: NewPoll): void;
  onClose(): void;
}

/** A modal form for a new poll: a question, two to ten answers, one choice or several. */
export function PollCreator({ onCreate, onClose }: PollCreatorProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const question = useSignal("");
  const options = useSignal<string[]>(["", ""]);
  const multiple = useSignal(false);
  const problem = useSignal<string | null>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const setOption = (index: number, value: string) => {
    options.value = options.value.map((option, i) => (i === index ? value : option));
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const answers = options.value.map((option) => option.trim()).filter(Boolean);
    if (!question.value.trim()) problem.value = t("poll.needQuestion");
    else if (answers.length < 2) problem.value = t("poll.needOptions");
    else onCreate({ question: question.value.trim(), options: answers, multiple: multiple.value });
  };

  return (
    <dialog
      ref={dialog}
      class="poll-creator"
      aria-labelledby="poll-creator-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <form class="form" method="dialog" onSubmit={submit} noValidate>
        <h2 id="poll-creator-title">{t("poll.create")}</h2>
        <div class="field">
          <label for="poll-question">{t("poll.question")}</label>
          <input id="poll-question" value={question.value} maxLength={POLL_QUESTION_MAX} onInput={(e) => (question.value = e.currentTarget.value)} />
        </div>
        <fieldset class="poll-creator-options">
          <legend>{t("poll.options")}</legend>
          {options.value.map((option, index) => (
            <div class="field" key={index}>
              <label for={`poll-option-${index}`}>{t("poll.option", { number: index + 1 })}</label>
              <div class="poll-creator-option">
                <input id={`poll-option-${index}`} value={option} maxLength={POLL_OPTION_MAX} onInput={(e) => setOption(index, e.currentTarget.value)} />
                {options.value.length > 2 && (
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={t("poll.removeOption", { number: index + 1 })}
                    onClick={() => (options.value = options.value.filter((_, i) => i !== index))}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                )}
              </div>
            </div>
          ))}
          {options.value.length < POLL_OPTIONS_MAX && (
            <button type="button" class="button button-quiet button-small" onClick={() => (options.value = [...options.value, ""])}>
              {t("poll.addOption")}
            </button>
          )}
        </fieldset>
        <label class="checkbox">
          <input type="checkbox" checked={multiple.value} onChange={(e) => (multiple.value = e.currentTarget.checked)} />
          {t("poll.allowMultiple")}
        </label>
        {problem.value && (
          <p class="form-alert" role="alert">
            {problem.value}
          </p>
        )}
        <div class="dialog-actions">
          <button type="button" class="button button-quiet" onClick={onClose}>
            {t("message.cancel")}
          </button>
          <button type="submit" class="button button-primary">
            {t("poll.send")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
