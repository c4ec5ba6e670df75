import { request } from "../lib/http.ts";

// Parley's side of the set-up: a few accounts (registering costs an argon2id hash, about
// 250 ms, so there are only USERS of them), group rooms holding all of them, and a
// single-use ticket per socket, all through the public API.

export const USERS = 10;
// Meets the password policy (≥ 8 characters with lower case, upper case and a digit).
const PASSWORD = "Bench-Passw0rd";
// Tickets and upgrades are cheap but not free: this many at a time.
const PARALLEL = 25;

interface Account {
  id: string;
  token: string;
}

export interface ParleyTarget {
  origin: string;
  users: Account[];
}

export async function signUpUsers(origin: string, prefix: string): Promise<ParleyTarget> {
  const users: Account[] = [];
  // One at a time: the hash is CPU-bound in one isolate, so parallel sign-ups only queue.
  for (let i = 0; i < USERS; i++) {
    const body = (await request(`${origin}/api/auth/register`, {
      // One address per account, as separate people would have.
      headers: { "CF-Connecting-IP": `198.51.100.${i + 1}` },
      json: { username: `${prefix}${i}`, password: PASSWORD },
    })) as { data: { access_token: string; user: { id: string } } };
    users.push({ id: body.data.user.id, token: body.data.access_token });
  }
  return { origin, users };
}

const bearer = (account: Account) => ({ Authorization: `Bearer ${account.token}` });

// A group owned by the first user with every other bench user as a member.
export async function createGroup(target: ParleyTarget, title: string, members = target.users.length): Promise<string> {
  const [owner, ...rest] = target.users.slice(0, members);
  const body = (await request(`${target.origin}/api/rooms`, {
    headers: bearer(owner!),
    json: { kind: "group", title, member_ids: rest.map((user) => user.id) },
  })) as { data: { id: string } };
  return body.data.id;
}

export async function ticket(target: ParleyTarget, user: number): Promise<string> {
  const body = (await request(`${target.origin}/api/realtime/ticket`, {
    method: "POST",
    headers: bearer(target.users[user % target.users.length]!),
  })) as { data: { ticket: string } };
  return body.data.ticket;
}

// The socket URL for client `client` (user client % USERS), with a fresh ticket.
export async function roomSocketUrl(target: ParleyTarget, roomId: string, client: number, batch: boolean): Promise<string> {
  const origin = target.origin.replace(/^http/, "ws");
  const query = `ticket=${encodeURIComponent(await ticket(target, client))}${batch ? "&batch=1" : ""}`;
  return `${origin}/api/rooms/${encodeURIComponent(roomId)}/ws?${query}`;
}

// Runs `task` for 0…count-1, at most `parallel` at a time, in order of index.
export async function inBatches<T>(count: number, task: (index: number) => Promise<T>, parallel = PARALLEL): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}
