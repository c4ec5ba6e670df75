import { signal } from "@preact/signals";
import type { User } from "../../../schema/api";
import * as api from "../api";
import { loadUsers, saveUsers } from "../store/rooms";

// People the messenger names: senders, typists, readers. Filled from room members and
// peers, cached offline, and looked up once for anyone not met yet.

export const usersById = signal<ReadonlyMap<string, User>>(new Map(), { name: "usersById" });

const asked = new Set<string>();

export async function loadCachedUsers() {
  const cached = await loadUsers();
  if (cached.length > 0) merge(cached);
}

export function rememberUsers(users: readonly User[], persist = true) {
  if (users.length === 0) return;
  merge(users);
  if (persist) void saveUsers(users);
}

function merge(users: readonly User[]) {
  const next = new Map(usersById.peek());
  for (const user of users) next.set(user.id, user);
  usersById.value = next;
}

/** The person's display name, or null until it is known (then it is fetched once). */
export function nameOf(userId: string): string | null {
  const known = usersById.value.get(userId);
  if (known) return known.display_name;
  if (!asked.has(userId) && navigator.onLine) {
    asked.add(userId);
    api.user(userId).then(
      (user) => rememberUsers([user]),
      () => undefined,
    );
  }
  return null;
}

export function resetUsers() {
  asked.clear();
  usersById.value = new Map();
}
