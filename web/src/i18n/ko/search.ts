import type { search as en } from "../en/search";

export const search: Record<keyof typeof en, string> = {
  "search.landmark": "검색",
  "search.label": "채팅, 사람, 메시지 검색",
  "search.placeholder": "검색",
  "search.chats": "채팅",
  "search.people": "사람",
  "search.messages": "메시지",
  "search.messagePerson": "{person}님에게 메시지 보내기",
  "search.you": "나",
  "search.unknownRoom": "채팅",
  "search.searching": "메시지를 검색하는 중…",
  "search.found": "메시지 {count}개를 찾았습니다.",
  "search.foundOne": "메시지 1개를 찾았습니다.",
  "search.nothing": "“{query}”와(과) 일치하는 결과가 없습니다.",
  "search.more": "메시지 더 보기",
  "search.loadingMore": "더 불러오는 중…",
  "search.shortQuery": "메시지를 검색하려면 2자 이상 입력하세요.",
  "search.offline": "오프라인 상태입니다. 이 기기에 저장된 메시지에서 찾았습니다.",
  "search.partial": "오래된 메시지 일부가 결과에 빠져 있을 수 있습니다.",
};
