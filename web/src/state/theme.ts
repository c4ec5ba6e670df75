import { effect, signal } from "@preact/signals";
// With the state that sets data-theme, so the rules that read it load wherever it is set.
import "../styles/theme.css";

// Light, dark, or whatever the system says; remembered on this device and applied to the
// document before the first render, so a dark-mode user never sees a white flash.

export type ThemeChoice = "system" | "light" | "dark";

const STORAGE_KEY = "parley.theme";

function savedTheme(): ThemeChoice {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "light" || saved === "dark" ? saved : "system";
}

export const theme = signal<ThemeChoice>(savedTheme(), { name: "theme" });

export function setTheme(next: ThemeChoice) {
  theme.value = next;
  if (next === "system") localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, next);
}

export function applyTheme() {
  effect(() => {
    const choice = theme.value;
    if (choice === "system") delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = choice;
  });
}
