import type { FrameErrorCode } from "../../schema/frames";

// What a room operation answers, whether it came over REST or a socket: the Worker turns a
// failure into the HTTP envelope, the socket into an error frame.
export interface Failure {
  ok: false;
  status: 400 | 403 | 404 | 409;
  code: FrameErrorCode;
  message: string;
  field?: string;
}
export type Outcome<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

export const fail = {
  invalid: (field: string, message: string): Failure => ({ ok: false, status: 400, code: "invalid_request", message: `${field}: ${message}`, field }),
  forbidden: (message: string): Failure => ({ ok: false, status: 403, code: "forbidden", message }),
  notFound: (what: string): Failure => ({ ok: false, status: 404, code: "not_found", message: `No such ${what}.` }),
  conflict: (message: string): Failure => ({ ok: false, status: 409, code: "conflict", message }),
};
