import type { Dictionary } from "./index";
import { core } from "./ko/core";
import { files } from "./ko/files";
import { moderation } from "./ko/moderation";
import { push } from "./ko/push";
import { search } from "./ko/search";
import { settings } from "./ko/settings";

export const ko: Dictionary = { ...core, ...settings, ...files, ...search, ...push, ...moderation };
