import type { Signal } from "@preact/signals";

/** Failures that belong to no single field. Always in the page, so the alert is announced when it fills. */
export function FormAlert({ message }: { message: Signal<string | null> }) {
  return (
    <div role="alert" class="form-alert" data-empty={message.value === null ? "" : undefined}>
      {message.value}
    </div>
  );
}
