// Reporting a message, and the way into the admin area for administrators.
export const moderation = {
  "report.open": "Report",
  "report.title": "Report this message",
  "report.lead": "The administrators will see it with the messages around it. Its sender is not told.",
  "report.reason": "What is wrong with it?",
  "report.reason.spam": "Spam or scam",
  "report.reason.harassment": "Harassment or bullying",
  "report.reason.hate": "Hate speech",
  "report.reason.violence": "Violence or threats",
  "report.reason.sexual": "Sexual content",
  "report.reason.other": "Something else",
  "report.note": "Anything the administrators should know",
  "report.send": "Send report",
  "report.sending": "Sending…",
  "report.sent": "Thank you. The administrators will look at it.",
  "report.done": "Done",

  "settings.admin.title": "Administration",
  "settings.admin.lead": "You are an administrator of this Parley.",
  "settings.admin.open": "Open the admin area",
};
