import { core } from "./en/core";
import { files } from "./en/files";
import { moderation } from "./en/moderation";
import { push } from "./en/push";
import { search } from "./en/search";
import { settings } from "./en/settings";

// The English strings are the source: every key must exist here, and ko.ts must match them.
export const en = { ...core, ...settings, ...files, ...search, ...push, ...moderation };
