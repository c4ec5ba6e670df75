import { describe, expect, it } from "vitest";
import type { Person } from "./helpers";
import { addTo, call, fieldsOf, history, makeRoom, people, say, sendMessage } from "./helpers";

const vote = (roomId: string, by: Person, seq: number, options: unknown) =>
  call(`/api/rooms/${roomId}/messages/${seq}/vote`, { method: "PUT", token: by.token, body: { options } });
const close = (roomId: string, by: Person, seq: number) =>
  call(`/api/rooms/${roomId}/messages/${seq}/close`, { method: "POST", token: by.token });
const voters = (message: { poll: { options: { voters: string[] }[] } | null }) =>
  message.poll!.options.map((o) => [...o.voters].sort());
const sorted = (...ids: string[]) => [...ids].sort();

/** A group of three where Ada (the owner) has asked a question with three options; the poll is seq 2. */
async function pollRoom(multiple = false) {
  const [ada, bob, cy] = await people(3);
  const room = await makeRoom(ada, { member_ids: [bob.id, cy.id] });
  const res = await sendMessage(room.id, ada, { kind: "poll", poll: { question: "Where?", options: ["Park", "Beach", "Museum"], multiple } });
  if (res.status !== 201) throw new Error(`poll failed: ${res.status} ${res.text}`);
  const seq: number = res.json.data.seq;
  const current = async () => (await history(room.id, ada)).find((m) => m.seq === seq)!;
  return { ada, bob, cy, room, seq, current };
}

describe("PUT /api/rooms/:id/messages/:seq/vote", () => {
  it("records a vote and answers the poll with its results", async () => {
    const { bob, room, seq, current } = await pollRoom();
    const res = await vote(room.id, bob, seq, [1]);
    expect(res.status).toBe(200);
    expect(res.json.data.seq).toBe(seq);
    expect(voters(res.json.data)).toEqual([[], [bob.id], []]);
    expect(voters(await current())).toEqual([[], [bob.id], []]);
  });

  it("keeps every voter's choice apart and counts them all", async () => {
    const { ada, bob, cy, room, seq, current } = await pollRoom();
    await vote(room.id, ada, seq, [0]);
    await vote(room.id, bob, seq, [2]);
    await vote(room.id, cy, seq, [0]);
    expect(voters(await current())).toEqual([sorted(ada.id, cy.id), [], [bob.id]]);
  });

  it("replaces a vote when the voter changes their mind", async () => {
    const { ada, bob, room, seq, current } = await pollRoom();
    await vote(room.id, ada, seq, [0]);
    await vote(room.id, bob, seq, [0]);
    const changed = await vote(room.id, bob, seq, [2]);
    expect(changed.status).toBe(200);
    expect(voters(changed.json.data)).toEqual([[ada.id], [], [bob.id]]);
    expect(voters(await current())).toEqual([[ada.id], [], [bob.id]]);
  });

  it("withdraws a vote with an empty list", async () => {
    const { ada, bob, room, seq, current } = await pollRoom();
    await vote(room.id, ada, seq, [1]);
    await vote(room.id, bob, seq, [1]);
    const withdrawn = await vote(room.id, bob, seq, []);
    expect(withdrawn.status).toBe(200);
    expect(voters(withdrawn.json.data)).toEqual([[], [ada.id], []]);
    expect(voters(await current())).toEqual([[], [ada.id], []]);
  });

  it("takes several choices in a multiple-choice poll, and replaces them as a whole", async () => {
    const { ada, bob, room, seq, current } = await pollRoom(true);
    expect((await vote(room.id, bob, seq, [2, 0])).status).toBe(200);
    await vote(room.id, ada, seq, [0]);
    expect(voters(await current())).toEqual([sorted(ada.id, bob.id), [], [bob.id]]);
    await vote(room.id, bob, seq, [1]);
    expect(voters(await current())).toEqual([[ada.id], [bob.id], []]);
  });

  it("refuses a second choice in a single-choice poll and keeps the earlier vote", async () => {
    const { bob, room, seq, current } = await pollRoom();
    await vote(room.id, bob, seq, [0]);
    const res = await vote(room.id, bob, seq, [0, 1]);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["options"]);
    expect(voters(await current())).toEqual([[bob.id], [], []]);
  });

  it.each([[[3]], [[9]], [[1, 1]]])("refuses options %j in a three-option poll, naming options", async (options) => {
    const { bob, room, seq, current } = await pollRoom(true);
    const res = await vote(room.id, bob, seq, options);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("invalid_request");
    expect(fieldsOf(res)).toEqual(["options"]);
    expect(voters(await current())).toEqual([[], [], []]);
  });

  it.each([[[-1]], [[10]], [[0.5]], [["0"]], [0], [null]])("refuses options %j, which are not option indexes", async (options) => {
    const { bob, room, seq } = await pollRoom(true);
    const res = await vote(room.id, bob, seq, options);
    expect(res.status).toBe(400);
    expect(fieldsOf(res).every((f) => f.startsWith("options"))).toBe(true);
  });

  it("refuses a vote on a message that is not a poll, or a deleted poll", async () => {
    const { ada, bob, room, seq } = await pollRoom();
    const text = await say(room.id, ada, "not a poll");
    const res = await vote(room.id, bob, text.seq, [0]);
    expect(res.status).toBe(400);
    expect(fieldsOf(res)).toEqual(["seq"]);
    expect((await vote(room.id, bob, 1, [0])).status).toBe(400);
    await call(`/api/rooms/${room.id}/messages/${seq}`, { method: "DELETE", token: ada.token });
    expect((await vote(room.id, bob, seq, [0])).status).toBe(400);
  });

  it("answers 404 for a seq with no message", async () => {
    const { bob, room } = await pollRoom();
    expect((await vote(room.id, bob, 99, [0])).status).toBe(404);
  });

  it("lets a member of a channel vote though they cannot post", async () => {
    const [ada, reader] = await people(2);
    const channel = await makeRoom(ada, { kind: "channel", member_ids: [reader.id] });
    const poll = (await sendMessage(channel.id, ada, { kind: "poll", poll: { question: "Q?", options: ["yes", "no"] } })).json.data;
    const res = await vote(channel.id, reader, poll.seq, [1]);
    expect(res.status).toBe(200);
    expect(voters(res.json.data)).toEqual([[], [reader.id]]);
  });
});

describe("POST /api/rooms/:id/messages/:seq/close", () => {
  it("lets the poll's author close it, keeping its results", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const poll = (await sendMessage(room.id, bob, { kind: "poll", poll: { question: "Q?", options: ["a", "b"] } })).json.data;
    await vote(room.id, ada, poll.seq, [1]);
    const res = await close(room.id, bob, poll.seq);
    expect(res.status).toBe(200);
    expect(res.json.data.poll).toMatchObject({ closed: true, question: "Q?" });
    expect(voters(res.json.data)).toEqual([[], [ada.id]]);
  });

  it("lets an admin close someone else's poll", async () => {
    const { ada, room, seq, current } = await pollRoom();
    const [admin] = await people(1);
    await addTo(room.id, ada, admin, "admin");
    expect((await close(room.id, admin, seq)).status).toBe(200);
    expect((await current()).poll!.closed).toBe(true);
  });

  it("forbids another member from closing it", async () => {
    const { bob, room, seq, current } = await pollRoom();
    const res = await close(room.id, bob, seq);
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("forbidden");
    expect((await current()).poll!.closed).toBe(false);
  });

  it("answers a second close with the closed poll", async () => {
    const { ada, room, seq } = await pollRoom();
    const first = await close(room.id, ada, seq);
    const second = await close(room.id, ada, seq);
    expect(second.status).toBe(200);
    expect(second.json.data).toEqual(first.json.data);
  });

  it("refuses to close a message that is not a poll, and answers 404 for a seq with no message", async () => {
    const { ada, room } = await pollRoom();
    const text = await say(room.id, ada, "plain");
    expect((await close(room.id, ada, text.seq)).status).toBe(400);
    expect((await close(room.id, ada, 99)).status).toBe(404);
  });

  it("answers 409 to a vote, a change or a withdrawal once the poll is closed, and freezes the results", async () => {
    const { ada, bob, cy, room, seq, current } = await pollRoom();
    await vote(room.id, bob, seq, [0]);
    await close(room.id, ada, seq);
    for (const [who, options] of [[cy, [1]], [bob, [2]], [bob, []]] as const) {
      const res = await vote(room.id, who, seq, options);
      expect(res.status).toBe(409);
      expect(res.json.error.code).toBe("conflict");
    }
    expect(voters(await current())).toEqual([[bob.id], [], []]);
  });
});

describe("poll results", () => {
  it("stay correct through votes, changes, withdrawals and closing", async () => {
    const { ada, bob, cy, room, seq, current } = await pollRoom(true);
    await vote(room.id, ada, seq, [0, 1]);
    await vote(room.id, bob, seq, [1]);
    await vote(room.id, cy, seq, [2]);
    expect(voters(await current())).toEqual([[ada.id], sorted(ada.id, bob.id), [cy.id]]);
    await vote(room.id, ada, seq, [2]);
    expect(voters(await current())).toEqual([[], [bob.id], sorted(ada.id, cy.id)]);
    await vote(room.id, cy, seq, []);
    expect(voters(await current())).toEqual([[], [bob.id], [ada.id]]);
    const closed = await close(room.id, ada, seq);
    expect(voters(closed.json.data)).toEqual([[], [bob.id], [ada.id]]);
    expect((await current()).poll).toMatchObject({ question: "Where?", multiple: true, closed: true });
    expect((await current()).poll!.options.map((o) => o.text)).toEqual(["Park", "Beach", "Museum"]);
  });
});
