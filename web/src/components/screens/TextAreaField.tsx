import type { Signal } from "@preact/signals";
import { t } from "../../i18n";
import type { Submission } from "../../state/form";

interface TextAreaFieldProps {
  form: Submission;
  /** The API's name for the field: its errors arrive under this name. */
  name: string;
  label: string;
  value: Signal<string>;
  maxLength: number;
  optional?: boolean;
}

/** A labelled multi-line input with a character count and the server's complaint beside it. */
export function TextAreaField({ form, name, label, value, maxLength, optional }: TextAreaFieldProps) {
  const id = `field-${name}`;
  const errorId = `${id}-error`;
  const error = form.fieldErrors.value[name];
  return (
    <div class="field">
      <label for={id}>
        {label}
        {optional && <span class="field-optional"> {t("field.optional")}</span>}
      </label>
      <textarea
        id={id}
        name={name}
        value={value}
        rows={3}
        maxLength={maxLength}
        onInput={(event) => {
          value.value = event.currentTarget.value;
          form.clearFieldError(name);
        }}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={error ? errorId : undefined}
      />
      <p class="field-count" aria-hidden="true">
        {value.value.length}/{maxLength}
      </p>
      {error && (
        <p id={errorId} class="field-error">
          <span aria-hidden="true">⚠ </span>
          {`${label}: ${error}`}
        </p>
      )}
    </div>
  );
}
