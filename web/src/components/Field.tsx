import { useSignal, type Signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { t } from "../i18n";
import type { Submission } from "../state/form";

interface FieldProps {
  form: Submission;
  /** The API's name for the field: its errors arrive under this name. */
  name: string;
  label: string;
  value: Signal<string>;
  autocomplete: string;
  type?: "text" | "password";
  optional?: boolean;
  /** Guidance under the input, such as the rules checklist; announced with the input. */
  hint?: ComponentChildren;
  maxLength?: number;
}

/** A labelled input that shows the server's complaint about it right beside it. */
export function Field({ form, name, label, value, autocomplete, type = "text", optional, hint, maxLength }: FieldProps) {
  const revealed = useSignal(false);
  const id = `field-${name}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const error = form.fieldErrors.value[name];
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ");
  const isPassword = type === "password";

  return (
    <div class="field">
      <label for={id}>
        {label}
        {optional && <span class="field-optional"> {t("field.optional")}</span>}
      </label>
      <div class="field-control">
        <input
          id={id}
          name={name}
          // Preact types <input> by its literal `type`; a computed union needs this spread.
          {...(isPassword && !revealed.value ? { type: "password" } : { type: "text" })}
          value={value}
          onInput={(event) => {
            value.value = event.currentTarget.value;
            form.clearFieldError(name);
          }}
          autocomplete={autocomplete}
          autocapitalize="none"
          spellcheck={false}
          required={!optional}
          maxLength={maxLength}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy || undefined}
        />
        {isPassword && (
          <button
            type="button"
            class="field-reveal"
            aria-controls={id}
            aria-label={revealed.value ? t("field.hidePassword") : t("field.showPassword")}
            onClick={() => {
              revealed.value = !revealed.value;
            }}
          >
            {revealed.value ? t("field.hide") : t("field.show")}
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} class="field-error">
          <span aria-hidden="true">⚠ </span>
          {sentence(label, error)}
        </p>
      )}
      {hint && (
        <div id={hintId} class="field-hint">
          {hint}
        </div>
      )}
    </div>
  );
}

// The API names the field separately ("must be at least 3 characters"); beside the field
// that reads best as one sentence starting with the field's label.
function sentence(label: string, message: string): string {
  const text = /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
