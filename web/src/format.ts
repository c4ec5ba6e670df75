import { locale, t } from "./i18n";

// Times and days as the messenger shows them, in the person's language.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale.value}:${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) formatters.set(key, (cached = new Intl.DateTimeFormat(locale.value, options)));
  return cached;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** "14:05" */
export const clockTime = (iso: string) => formatter({ hour: "numeric", minute: "2-digit" }).format(new Date(iso));

/** "Wednesday 3 January 2024, 14:05", for a tooltip. */
export const fullTime = (iso: string) => formatter({ dateStyle: "full", timeStyle: "short" }).format(new Date(iso));

/** A room list's time: the clock today, the weekday this week, else the date. */
export function listTime(iso: string): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(new Date()) - startOfDay(date)) / DAY_MS);
  if (days <= 0) return clockTime(iso);
  if (days < 7) return formatter({ weekday: "short" }).format(date);
  return formatter({ dateStyle: "short" }).format(date);
}

/** A separator's label: Today, Yesterday, or the date. */
export function dayLabel(iso: string): string {
  const date = new Date(iso);
  const days = Math.round((startOfDay(new Date()) - startOfDay(date)) / DAY_MS);
  if (days === 0) return t("day.today");
  if (days === 1) return t("day.yesterday");
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return formatter(sameYear ? { weekday: "long", month: "long", day: "numeric" } : { dateStyle: "long" }).format(date);
}

export const dayKey = (iso: string) => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`;
};
