import type { moderation as en } from "../en/moderation";

// 메시지 신고, 그리고 관리자에게 보이는 관리자 화면 링크.
export const moderation: Record<keyof typeof en, string> = {
  "report.open": "신고",
  "report.title": "이 메시지 신고",
  "report.lead": "관리자가 앞뒤 메시지와 함께 확인합니다. 보낸 사람에게는 알리지 않습니다.",
  "report.reason": "어떤 문제가 있나요?",
  "report.reason.spam": "스팸 또는 사기",
  "report.reason.harassment": "괴롭힘",
  "report.reason.hate": "혐오 표현",
  "report.reason.violence": "폭력 또는 위협",
  "report.reason.sexual": "성적인 내용",
  "report.reason.other": "기타",
  "report.note": "관리자에게 전할 내용",
  "report.send": "신고하기",
  "report.sending": "보내는 중…",
  "report.sent": "감사합니다. 관리자가 확인하겠습니다.",
  "report.done": "완료",

  "settings.admin.title": "관리",
  "settings.admin.lead": "이 Parley의 관리자입니다.",
  "settings.admin.open": "관리자 화면 열기",
};
