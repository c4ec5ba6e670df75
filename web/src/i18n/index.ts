import { computed, effect, signal } from "@preact/signals";
import { en } from "./en";
import { ko } from "./ko";

// English and Korean. The first choice follows the browser; a choice made in settings is
// remembered on this device. Every string the PWA shows comes through `t`.

export type Locale = "en" | "ko";
export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;

const DICTIONARIES: Record<Locale, Dictionary> = { en, ko };
const STORAGE_KEY = "parley.locale";

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === "en" || saved === "ko") return saved;
  const preferred = globalThis.navigator?.languages ?? [];
  return preferred.some((tag) => tag.toLowerCase().startsWith("ko")) ? "ko" : "en";
}

export const locale = signal<Locale>(initialLocale(), { name: "locale" });

export function setLocale(next: Locale) {
  locale.value = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
}

const dictionary = computed(() => DICTIONARIES[locale.value]);

// Screen readers and the browser's hyphenation and fonts follow the document's language.
effect(() => {
  if (globalThis.document) document.documentElement.lang = locale.value;
});

/** The string for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(dictionary.value[key] ?? en[key], vars);
}

/** `{name}` placeholders in a template, filled in from `vars`. */
export function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}
