import type { Room } from "../../../schema/rooms";

// A person's or room's picture when they have one; otherwise initials on a colour derived
// from the id, so the same room always looks the same on every device. Decorative: the
// name is always written beside it.

interface AvatarProps {
  id: string;
  name: string;
  /** The uploaded picture (user.avatar_url, room.avatar_url), if any. */
  url?: string | null | undefined;
  size?: "small" | "medium" | "large";
}

export function Avatar({ id, name, url, size = "medium" }: AvatarProps) {
  return (
    <span class={`avatar avatar-${size}`} style={{ "--avatar-hue": String(hueOf(id)) }} aria-hidden="true">
      {initialsOf(name)}
      {url && (
        <img
          key={url}
          class="avatar-image"
          src={url}
          alt=""
          decoding="async"
          // Unreachable (offline, removed): the initials beneath show instead.
          onError={(event) => ((event.currentTarget as HTMLImageElement).hidden = true)}
        />
      )}
    </span>
  );
}

/** A room's picture: the other person's in a direct chat, the room's own otherwise. */
export const roomAvatarUrl = (room: Room): string | null => (room.kind === "direct" ? (room.peer?.avatar_url ?? room.avatar_url) : room.avatar_url);

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
