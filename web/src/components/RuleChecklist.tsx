import type { Signal } from "@preact/signals";
import type { Rule } from "../../../schema/rules";

interface RuleChecklistProps {
  title: string;
  rules: readonly Rule[];
  value: Signal<string>;
}

/** The account rules, ticked off live as the person types; marks and words, not colour alone. */
export function RuleChecklist({ title, rules, value }: RuleChecklistProps) {
  const text = value.value;
  return (
    <div class="rules">
      <p class="rules-title">{title}</p>
      <ul aria-live="polite">
        {rules.map((rule) => {
          const state = text === "" ? "pending" : rule.test(text) ? "met" : "unmet";
          return (
            <li key={rule.id} class="rule" data-rule={rule.id} data-state={state}>
              <span class="rule-mark" aria-hidden="true">
                {state === "met" ? "✓" : state === "unmet" ? "✗" : "○"}
              </span>
              <span class="visually-hidden">{state === "met" ? "Done: " : "Still needed: "}</span>
              {rule.label}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
