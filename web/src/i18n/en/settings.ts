// Profile and settings, room details, new chat, invites and the join page.
export const settings = {
  "settings.title": "Settings",
} as const;
