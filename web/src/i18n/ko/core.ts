import type { core as en } from "../en/core";

export const core: Record<keyof typeof en, string> = {
  "app.name": "Parley",
};
