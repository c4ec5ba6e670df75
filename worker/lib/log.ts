// One JSON object per line, which Workers Logs indexes field by field. Callers pass the
// fields they mean to record; nothing is picked up implicitly (no headers, bodies, query
// strings or message text), so a secret could only get in by being passed by name.

export type LogValue = string | number | boolean | null;
export type LogFields = Record<string, LogValue>;

type Level = "info" | "warn" | "error";

const ERROR_MESSAGE_MAX = 300;

export function log(level: Level, event: string, fields: LogFields = {}): void {
  const line = JSON.stringify({ level, event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.info(line);
}

/**
 * What an error may say in a log: its name and the first line of its message. drizzle puts
 * the statement's bound parameters (hashes, names, times) on the lines after "params:", so
 * those never reach the log; the underlying cause is described the same way.
 */
export function describeError(error: unknown): LogFields {
  const fields: LogFields = { error: "unknown", message: "" };
  if (!(error instanceof Error)) return fields;
  fields.error = error.name;
  fields.message = firstLine(error.message);
  if (error.cause instanceof Error) {
    fields.cause = error.cause.name;
    fields.cause_message = firstLine(error.cause.message);
  }
  return fields;
}

const firstLine = (message: string) => (message.split("\n", 1)[0] ?? "").slice(0, ERROR_MESSAGE_MAX);
