import { core } from "./en/core";
import { files } from "./en/files";
import { settings } from "./en/settings";

// The English strings are the source: every key must exist here, and ko.ts must match them.
export const en = { ...core, ...settings, ...files };
