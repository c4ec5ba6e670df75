import type { push as en } from "../en/push";

export const push: Record<keyof typeof en, string> = {
  "settings.notifications.title": "알림",
  "settings.notifications.lead": "Parley를 닫아 두어도 이 기기에서 새 메시지 알림을 받을 수 있습니다.",
  "settings.notifications.legend": "새 메시지",
  "settings.notifications.on": "켜기",
  "settings.notifications.onHint": "보낸 사람, 대화방, 메시지 내용",
  "settings.notifications.noPreview": "켜기, 내용 숨김",
  "settings.notifications.noPreviewHint": "보낸 사람과 대화방만, 내용은 표시하지 않음",
  "settings.notifications.off": "끄기",
  "settings.notifications.offHint": "어느 기기에도 알림을 보내지 않음",
  "settings.notifications.saving": "저장 중…",
  "settings.notifications.unsupported": "이 브라우저에서는 Parley 알림을 표시할 수 없습니다. Parley를 앱으로 설치하면 될 수도 있습니다.",
  "settings.notifications.blocked": "이 브라우저에서 Parley 알림이 차단되어 있습니다. 브라우저의 사이트 설정에서 허용한 뒤 다시 선택하세요.",
  "settings.notifications.unavailable": "이 서버에는 알림이 설정되어 있지 않습니다.",
  "settings.notifications.elsewhere": "계정 알림이 켜져 있습니다. 이 기기에서도 받으려면 다시 선택하세요.",

  "push.newMessage": "새 메시지",
  "push.kind.image": "사진",
  "push.kind.file": "파일",
  "push.kind.voice": "음성 메시지",
  "push.kind.sticker": "스티커",
  "push.kind.poll": "투표",
};
