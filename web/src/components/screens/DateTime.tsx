import { locale } from "../../i18n";

/** A moment in the reader's language and time zone, machine-readable underneath. */
export function DateTime({ iso }: { iso: string }) {
  const format = new Intl.DateTimeFormat(locale.value, { dateStyle: "medium", timeStyle: "short" });
  return <time dateTime={iso}>{format.format(new Date(iso))}</time>;
}
