// Push notifications: the setting in Settings, and what the service worker shows. The
// service worker imports this file (and its Korean twin) on its own, so keep it plain data.
export const push = {
  "settings.notifications.title": "Notifications",
  "settings.notifications.lead": "When Parley is closed, new messages can still reach you on this device.",
  "settings.notifications.legend": "New messages",
  "settings.notifications.on": "On",
  "settings.notifications.onHint": "Who wrote, where, and the message",
  "settings.notifications.noPreview": "On, without the message",
  "settings.notifications.noPreviewHint": "Who wrote and where, never what",
  "settings.notifications.off": "Off",
  "settings.notifications.offHint": "No notifications on any device",
  "settings.notifications.saving": "Saving…",
  "settings.notifications.unsupported": "This browser can't show notifications from Parley. Installing Parley as an app may help.",
  "settings.notifications.blocked": "Notifications are blocked for Parley in this browser. Allow them in the browser's site settings, then choose again.",
  "settings.notifications.unavailable": "Notifications aren't set up on this server.",
  "settings.notifications.elsewhere": "Notifications are on for your account; choose again to receive them on this device too.",

  "push.newMessage": "New message",
  "push.kind.image": "Photo",
  "push.kind.file": "File",
  "push.kind.voice": "Voice message",
  "push.kind.sticker": "Sticker",
  "push.kind.poll": "Poll",
} as const;
