// Account rules as plain data, so the PWA can show them while a person types
// without shipping a validation library, and the zod schemas enforce the same ones.

export const USERNAME_MIN = 3;
export const USERNAME_MAX = 32;
export const USERNAME_PATTERN = /^[a-z0-9_.]+$/;

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const DISPLAY_NAME_MAX = 64;
export const BIO_MAX = 500;
export const DEVICE_NAME_MAX = 64;

export const ROOM_TITLE_MAX = 100;
export const ROOM_DESCRIPTION_MAX = 500;

export const MESSAGE_TEXT_MAX = 5000;
export const POLL_QUESTION_MAX = 300;
export const POLL_OPTION_MAX = 100;
export const POLL_OPTIONS_MAX = 10;

export const REPORT_NOTE_MAX = 500;

export interface Rule {
  id: string;
  label: string;
  test: (value: string) => boolean;
}

export const usernameRules: readonly Rule[] = [
  {
    id: "length",
    label: `${USERNAME_MIN}–${USERNAME_MAX} characters`,
    test: (v) => v.length >= USERNAME_MIN && v.length <= USERNAME_MAX,
  },
  {
    id: "charset",
    label: "only letters, digits, _ and .",
    test: (v) => v.length > 0 && USERNAME_PATTERN.test(v.toLowerCase()),
  },
];

export const passwordRules: readonly Rule[] = [
  { id: "length", label: `at least ${PASSWORD_MIN} characters`, test: (v) => v.length >= PASSWORD_MIN && v.length <= PASSWORD_MAX },
  { id: "lower", label: "a lower-case letter", test: (v) => /\p{Ll}/u.test(v) },
  { id: "upper", label: "an upper-case letter", test: (v) => /\p{Lu}/u.test(v) },
  { id: "digit", label: "a digit", test: (v) => /\p{Nd}/u.test(v) },
];

export const failedRules = (rules: readonly Rule[], value: string): Rule[] =>
  rules.filter((rule) => !rule.test(value));
