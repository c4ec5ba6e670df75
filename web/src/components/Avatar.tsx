// A person's or room's initials on a colour derived from its id, so the same room always
// looks the same on every device. Decorative: the name is always written beside it.

interface AvatarProps {
  id: string;
  name: string;
  size?: "small" | "medium" | "large";
}

export function Avatar({ id, name, size = "medium" }: AvatarProps) {
  return (
    <span class={`avatar avatar-${size}`} style={{ "--avatar-hue": String(hueOf(id)) }} aria-hidden="true">
      {initialsOf(name)}
    </span>
  );
}

function hueOf(id: string): number {
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return hash % 360;
}

function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words[words.length - 1]!].map(firstGrapheme) : [firstGrapheme(words[0] ?? "?")];
  return letters.join("").toLocaleUpperCase();
}

const firstGrapheme = (word: string) => [...word][0] ?? "";
