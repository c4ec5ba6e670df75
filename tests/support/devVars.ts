import { readFileSync } from "node:fs";

// worker/dev.env is what `npm start` runs with; the tests run with exactly the same values.
export function devVars(): Record<string, string> {
  const text = readFileSync(new URL("../../worker/dev.env", import.meta.url), "utf8");
  return Object.fromEntries(
    text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("#"))
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
