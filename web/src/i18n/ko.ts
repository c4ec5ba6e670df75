import type { Dictionary } from "./index";
import { core } from "./ko/core";
import { files } from "./ko/files";
import { settings } from "./ko/settings";

export const ko: Dictionary = { ...core, ...settings, ...files };
