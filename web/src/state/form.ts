import { batch, signal, type Signal } from "@preact/signals";
import { ApiError, OFFLINE } from "../api";

/** One form's submission: whether it is in flight and what the server said was wrong. */
export interface Submission {
  pending: Signal<boolean>;
  fieldErrors: Signal<Record<string, string>>;
  alert: Signal<string | null>;
  submit(action: () => Promise<void>): Promise<void>;
  clearFieldError(field: string): void;
}

/** @param fields the fields this form shows, so their errors go beside them. */
export function createSubmission(fields: readonly string[]): Submission {
  const pending = signal(false);
  const fieldErrors = signal<Record<string, string>>({});
  const alert = signal<string | null>(null);

  async function submit(action: () => Promise<void>) {
    if (pending.peek()) return;
    batch(() => {
      pending.value = true;
      fieldErrors.value = {};
      alert.value = null;
    });
    try {
      await action();
    } catch (error) {
      const mine = error instanceof ApiError ? pick(error.fieldErrors, fields) : {};
      const placed = Object.keys(mine).length > 0;
      batch(() => {
        fieldErrors.value = mine;
        alert.value = placed ? null : describe(error);
      });
    } finally {
      pending.value = false;
    }
  }

  function clearFieldError(field: string) {
    if (!(field in fieldErrors.peek())) return;
    const rest = { ...fieldErrors.peek() };
    delete rest[field];
    fieldErrors.value = rest;
  }

  return { pending, fieldErrors, alert, submit, clearFieldError };
}

function pick(errors: Record<string, string>, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([field]) => fields.includes(field)));
}

/** What to tell a person about a failure that belongs to no single field. */
export function describe(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Try again.";
  if (error.code === OFFLINE) return error.message;
  if (error.status === 429 && error.retryAfter !== undefined) return tooManyAttempts(error.retryAfter);
  return error.message;
}

function tooManyAttempts(seconds: number): string {
  const wait = `${seconds} ${seconds === 1 ? "second" : "seconds"}`;
  // Sign-in lockouts last up to 15 minutes; a bare "897 seconds" is hard to picture.
  const roughly = seconds >= 120 ? ` (about ${Math.round(seconds / 60)} minutes)` : "";
  return `Too many attempts. Try again in ${wait}${roughly}.`;
}
