import { useId } from "preact/hooks";

export interface Choice<T extends string> {
  value: T;
  label: string;
  description?: string;
  /** The label's language, when it differs from the page's (a language's own name). */
  lang?: string;
}

interface ChoiceGroupProps<T extends string> {
  legend: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
}

/** Radio buttons drawn as cards: one choice of a few, arrow keys move between them. */
export function ChoiceGroup<T extends string>({ legend, choices, value, onChange }: ChoiceGroupProps<T>) {
  const name = useId();
  return (
    <fieldset class="choices">
      <legend>{legend}</legend>
      <div class="choices-options">
        {choices.map((choice) => (
          <label key={choice.value} class="choice">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={choice.value === value}
              onChange={() => onChange(choice.value)}
            />
            <span class="choice-text">
              <span class="choice-label" lang={choice.lang}>
                {choice.label}
              </span>
              {choice.description && <span class="choice-description">{choice.description}</span>}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
