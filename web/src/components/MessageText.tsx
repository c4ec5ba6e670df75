// A message's text as text nodes, with http(s) addresses made into links. Never parsed as
// HTML: what someone typed can only ever be shown, not run.

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"]+/giu;
// Punctuation that usually ends the sentence around an address rather than the address.
const TRAILING = /[.,;:!?'")\]}]+$/u;

export function MessageText({ text }: { text: string }) {
  const parts: (string | { href: string; label: string })[] = [];
  let index = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, "");
    const start = match.index;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > index) parts.push(text.slice(index, start));
    parts.push({ href, label: raw });
    index = start + raw.length;
  }
  if (index < text.length) parts.push(text.slice(index));
  return (
    <p class="message-text" dir="auto">
      {parts.map((part) =>
        typeof part === "string" ? (
          part
        ) : (
          <a href={part.href} target="_blank" rel="noopener noreferrer">
            {part.label}
          </a>
        ),
      )}
    </p>
  );
}

function safeHref(raw: string): string | null {
  try {
    const url = new URL(raw);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
