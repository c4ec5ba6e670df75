import { admin as en } from "./en/admin";
import { fill, locale } from "./index";
import { admin as ko } from "./ko/admin";

// The admin area's strings travel with its code rather than in the dictionary every
// visitor downloads: only administrators ever see them.

export type AdminKey = keyof typeof en;

const DICTIONARIES = { en, ko };

/** As `t`, for the admin area's own strings. */
export const tAdmin = (key: AdminKey, vars?: Record<string, string | number>): string => fill(DICTIONARIES[locale.value][key] ?? en[key], vars);
