// The built-in sticker pack: emoji compositions drawn by the client at sticker size.
// A sticker message names one of these ids; anything else is refused.
export interface Sticker {
  id: string;
  label: string;
  glyphs: string;
}

export const STICKERS: readonly Sticker[] = [
  { id: "wave", label: "Hello!", glyphs: "👋😄" },
  { id: "thanks", label: "Thank you", glyphs: "🙏💐" },
  { id: "love", label: "Love it", glyphs: "😍💖" },
  { id: "laugh", label: "So funny", glyphs: "🤣👌" },
  { id: "party", label: "Let's celebrate", glyphs: "🥳🎉" },
  { id: "coffee", label: "Coffee time", glyphs: "☕️🥐" },
  { id: "sleepy", label: "Good night", glyphs: "😴🌙" },
  { id: "morning", label: "Good morning", glyphs: "🌅😊" },
  { id: "ok", label: "OK!", glyphs: "👍😎" },
  { id: "no", label: "Nope", glyphs: "🙅‍♀️❌" },
  { id: "thinking", label: "Hmm…", glyphs: "🤔💭" },
  { id: "shock", label: "What?!", glyphs: "😱⚡️" },
  { id: "cry", label: "So sad", glyphs: "😭💧" },
  { id: "angry", label: "Grr", glyphs: "😤🔥" },
  { id: "hug", label: "Hugs", glyphs: "🤗💞" },
  { id: "clap", label: "Well done", glyphs: "👏✨" },
  { id: "rocket", label: "Ship it", glyphs: "🚀🌕" },
  { id: "cake", label: "Happy birthday", glyphs: "🎂🎈" },
  { id: "pizza", label: "Pizza?", glyphs: "🍕😋" },
  { id: "cat", label: "Meow", glyphs: "🐱💤" },
  { id: "dog", label: "Woof", glyphs: "🐶🦴" },
  { id: "sun", label: "Nice weather", glyphs: "☀️😎" },
  { id: "rain", label: "Rainy day", glyphs: "🌧️☂️" },
  { id: "brb", label: "Be right back", glyphs: "🏃‍♂️💨" },
  { id: "fingers", label: "Fingers crossed", glyphs: "🤞🍀" },
  { id: "mind", label: "Mind blown", glyphs: "🤯💥" },
];

export const STICKER_IDS = new Set(STICKERS.map((s) => s.id));
