import { DurableObject } from "cloudflare:workers";
import { FRAME_MAX_BYTES, PING_FRAME, PONG_FRAME, RoomClientFrame, type RoomServerFrame } from "../../schema/frames";
import type { Attachment, History, Message, SendInput, SystemEvent } from "../../schema/messages";
import { database } from "../lib/db";
import { fieldProblems } from "../lib/fieldProblems";
import { answerClose, closeAfterNotice } from "../lib/socketClose";
import { FloodGate, type FloodPolicy } from "./floodGate";
import type { RoomActivity } from "../inbox/Inbox";
import { attachmentFrom, type Actor, type RoomRef, type SocketAttachment } from "./identity";
import { fail, ok, type Failure, type Outcome } from "./outcome";
import { RoomStore, type StagedMessage } from "./store";
import { continueBackfill, searchRoom, type RoomSearch, type RoomSearchAnswer } from "./search";
import { claimUpload, forgetUpload } from "../uploads/files";
import { RoomPush } from "../push/notify";

const HISTORY_LIMIT_MAX = 200;
const SYNC_PAGE = 200;
// A data export reads a room in windows of this many seqs, answering at most EXPORT_PAGE.
const EXPORT_SCAN = 5_000;
const EXPORT_PAGE = 500;
// Under load, messages that arrive within this window are written in one transaction and
// leave in one frame per socket.
const BATCH_WINDOW_MS = 4;
// The room list in D1 and the members' inboxes hear about new messages at most this often.
const SUMMARY_DELAY_MS = 250;
const TYPING_INTERVAL_MS = 1000;
const MAX_DISTINCT_REACTIONS = 20;
const FANOUT_CONCURRENCY = 50;
const EDITABLE = new Set(["text", "image", "file", "voice"]);

export const CLOSE_CODES = { normal: 1000, policy: 1008, revoked: 4401, removed: 4403 } as const;

const isManager = (actor: Actor) => actor.role === "owner" || actor.role === "admin";

// A staged message, and who has read it by sending it.
interface Pending extends StagedMessage {
  reader: string | null;
}

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export interface HistoryQuery {
  after_seq?: number | undefined;
  before_seq?: number | undefined;
  limit: number;
}

// One object per room: it alone numbers, stores and fans out the room's messages.
export class Room extends DurableObject<Env> {
  private readonly store: RoomStore;
  private readonly sockets = new Map<WebSocket, SocketAttachment>();
  private readonly gates = new WeakMap<WebSocket, FloodGate>();
  private readonly lastTyping = new WeakMap<WebSocket, number>();
  private readonly flood: FloodPolicy;
  private boundRoomId: string | null = null;
  // Accepted messages wait here for their batch to commit; their acks, their broadcast and
  // the REST answers waiting on them leave only after it.
  private pending: Pending[] = [];
  private pendingByKey = new Map<string, Message>();
  private pendingAcks: { ws: WebSocket; clientMsgId: string; message: Message }[] = [];
  private waiters: Waiter[] = [];
  private flushScheduled = false;
  private lastFlushAt = 0;
  // Who sent everything in the last batch, when that was one person.
  private lastFlushSender: string | null = null;
  private summaryScheduled = false;
  private summaryRunning = false;
  private lastSummaryAt = 0;
  private readonly push = new RoomPush(this.env, this.ctx, (userId) => this.isOnline(userId));

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RoomStore(ctx.storage.sql);
    continueBackfill(ctx.storage, this.store.index);
    // Answered by the runtime itself, so keep-alives never wake a hibernating room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
    for (const ws of ctx.getWebSockets()) {
      const attachment = ws.deserializeAttachment() as SocketAttachment | null;
      if (attachment) this.sockets.set(ws, attachment);
    }
    const rate = Number(env.ROOM_SOCKET_FRAMES_PER_SECOND) || 50;
    this.flood = { ratePerSecond: rate, burst: rate * 2, strikesBeforeClose: rate };
  }

  private bind(ref: RoomRef): void {
    if (this.boundRoomId !== null) return;
    if (this.store.getMeta("room_id") === null) this.store.setMeta("room_id", ref.roomId);
    this.boundRoomId = ref.roomId;
  }

  // ---- operations shared by REST (RPC from the Worker) and sockets ----

  async send(ref: RoomRef, actor: Actor, input: SendInput): Promise<Outcome<{ message: Message; created: boolean }>> {
    const attachment = await this.attachmentFor(ref, actor, input);
    if (!attachment.ok) return attachment;
    const accepted = this.accept(ref, actor, input, attachment.value);
    if (!accepted.ok) return accepted;
    if (accepted.value.pending) await this.committed();
    return ok({ message: accepted.value.message, created: accepted.value.created });
  }

  // A file message posts the sender's own upload, binding it to this room (in D1, where the
  // Worker checks downloads). A repeat of a message already accepted claims nothing.
  private async attachmentFor(ref: RoomRef, actor: Actor, input: SendInput): Promise<Outcome<Attachment | null>> {
    if (input.upload_id === undefined) return ok(null);
    if (this.pendingByKey.has(idempotencyKey(actor.userId, input.client_msg_id))) return ok(null);
    if (this.store.findByClientMsgId(actor.userId, input.client_msg_id) !== null) return ok(null);
    if (ref.kind === "channel" && !isManager(actor)) return ok(null);
    const claim = await claimUpload(database(this.env.DB), input.upload_id, actor.userId, ref.roomId, input.kind);
    return claim.ok ? ok(claim.attachment) : fail.invalid("upload_id", claim.message);
  }

  // The one send path, REST and socket: the idempotency rule, the checks, and a seq.
  private accept(
    ref: RoomRef,
    actor: Actor,
    input: SendInput,
    attachment: Attachment | null,
  ): Outcome<{ message: Message; created: boolean; pending: boolean }> {
    this.bind(ref);
    const waiting = this.pendingByKey.get(idempotencyKey(actor.userId, input.client_msg_id));
    if (waiting) return ok({ message: waiting, created: false, pending: true });
    const existing = this.store.findByClientMsgId(actor.userId, input.client_msg_id);
    if (existing !== null) return ok({ message: this.store.message(ref.roomId, existing)!, created: false, pending: false });
    if (ref.kind === "channel" && !isManager(actor)) return fail.forbidden("Only the channel's owner and admins post here.");
    if (input.reply_to != null && !this.store.exists(input.reply_to)) {
      return fail.invalid("reply_to", "no message with that seq in this room");
    }
    if (input.upload_id !== undefined && attachment === null) return fail.invalid("upload_id", "no upload with that id belongs to you");
    const staged = this.store.stage(ref.roomId, {
      senderId: actor.userId,
      clientMsgId: input.client_msg_id,
      kind: input.kind,
      text: input.text ?? null,
      replyTo: input.reply_to ?? null,
      attachment,
      poll: input.poll ? { question: input.poll.question, options: input.poll.options, multiple: !!input.poll.multiple, closed: false } : null,
      sticker: input.sticker ?? null,
      system: null,
    });
    this.pendingByKey.set(idempotencyKey(actor.userId, input.client_msg_id), staged.message);
    // What you sent, you have read.
    this.publish({ ...staged, reader: actor.userId });
    return ok({ message: staged.message, created: true, pending: true });
  }

  async postSystem(ref: RoomRef, event: SystemEvent, text: string): Promise<Message> {
    this.bind(ref);
    const staged = this.store.stage(ref.roomId, {
      senderId: null,
      clientMsgId: null,
      kind: "system",
      text,
      replyTo: null,
      attachment: null,
      poll: null,
      sticker: null,
      system: event,
    });
    // Whoever did it has seen it, unless the notice says they are gone.
    this.publish({ ...staged, reader: event.actor_id && event.action !== "member_left" ? event.actor_id : null });
    await this.committed();
    // The Worker reads the room list from D1 right after a membership change.
    await this.writeSummary();
    return staged.message;
  }

  async history(ref: RoomRef, query: HistoryQuery): Promise<History> {
    this.bind(ref);
    const limit = Math.min(query.limit, HISTORY_LIMIT_MAX);
    if (query.after_seq !== undefined) {
      const rows = this.store.after(query.after_seq, limit + 1);
      return { messages: this.store.toMessages(ref.roomId, rows.slice(0, limit)), has_more: rows.length > limit };
    }
    const rows = this.store.before(query.before_seq ?? this.store.lastSeq + 1, limit + 1);
    return { messages: this.store.toMessages(ref.roomId, rows.slice(-limit)), has_more: rows.length > limit };
  }

  edit(ref: RoomRef, actor: Actor, seq: number, text: string): Outcome<Message> {
    const row = this.store.row(seq);
    if (!row) return fail.notFound("message");
    if (!EDITABLE.has(row.kind)) return fail.invalid("seq", `a ${row.kind} message cannot be edited`);
    if (row.sender_id !== actor.userId) return fail.forbidden("Only the sender can edit a message.");
    if (row.deleted) return fail.conflict("The message was deleted.");
    this.store.edit(seq, text);
    return ok(this.updated(ref, seq));
  }

  remove(ref: RoomRef, actor: Actor, seq: number): Outcome<Message> {
    const row = this.store.row(seq);
    if (!row) return fail.notFound("message");
    if (row.sender_id !== actor.userId && !isManager(actor)) {
      return fail.forbidden("Only the sender or the room's owner and admins can delete a message.");
    }
    if (row.deleted) return ok(this.store.message(ref.roomId, seq)!);
    this.store.tombstone(seq);
    // A deleted message's file goes with it.
    const uploadId = row.attachment ? (JSON.parse(row.attachment) as Attachment).upload_id : null;
    if (uploadId) this.ctx.waitUntil(forgetUpload(database(this.env.DB), this.env.FILES, uploadId));
    return ok(this.updated(ref, seq));
  }

  react(ref: RoomRef, actor: Actor, seq: number, emoji: string, on: boolean): Outcome<Message> {
    const row = this.store.row(seq);
    if (!row) return fail.notFound("message");
    if (row.deleted) return fail.conflict("The message was deleted.");
    const current = this.store.message(ref.roomId, seq)!;
    if (on && !current.reactions[emoji] && this.store.distinctReactions(seq) >= MAX_DISTINCT_REACTIONS) {
      return fail.conflict(`A message takes at most ${MAX_DISTINCT_REACTIONS} different reactions.`);
    }
    if (!this.store.react(seq, emoji, actor.userId, on)) return ok(current);
    return ok(this.updated(ref, seq));
  }

  vote(ref: RoomRef, actor: Actor, seq: number, options: number[]): Outcome<Message> {
    const row = this.store.row(seq);
    if (!row) return fail.notFound("message");
    const poll = this.store.poll(row);
    if (!poll || row.deleted) return fail.invalid("seq", "that message is not a poll");
    if (poll.closed) return fail.conflict("The poll is closed.");
    const chosen = [...new Set(options)].sort((a, b) => a - b);
    if (chosen.length !== options.length) return fail.invalid("options", "an option is chosen twice");
    if (chosen.some((option) => option >= poll.options.length)) return fail.invalid("options", "no such option");
    if (!poll.multiple && chosen.length > 1) return fail.invalid("options", "this poll takes one choice");
    this.store.vote(seq, actor.userId, chosen);
    return ok(this.updated(ref, seq));
  }

  closePoll(ref: RoomRef, actor: Actor, seq: number): Outcome<Message> {
    const row = this.store.row(seq);
    if (!row) return fail.notFound("message");
    const poll = this.store.poll(row);
    if (!poll || row.deleted) return fail.invalid("seq", "that message is not a poll");
    if (row.sender_id !== actor.userId && !isManager(actor)) {
      return fail.forbidden("Only the poll's author or the room's owner and admins can close it.");
    }
    if (poll.closed) return ok(this.store.message(ref.roomId, seq)!);
    this.store.closePoll(seq, poll);
    return ok(this.updated(ref, seq));
  }

  async read(ref: RoomRef, actor: Actor, seq: number): Promise<Outcome<{ seq: number }>> {
    this.bind(ref);
    if (seq > this.store.lastSeq) return fail.invalid("seq", `is beyond the room's last message (${this.store.lastSeq})`);
    if (this.store.markRead(actor.userId, seq, true)) {
      this.broadcast({ type: "read", user_id: actor.userId, seq });
      await this.env.DB.prepare(
        "UPDATE memberships SET last_read_seq = ?1 WHERE room_id = ?2 AND user_id = ?3 AND last_read_seq < ?1",
      )
        .bind(seq, ref.roomId, actor.userId)
        .run();
      await this.inbox(actor.userId).readMoved(ref.roomId, seq);
    }
    return ok({ seq: this.store.readCursors()[actor.userId] ?? 0 });
  }

  // ---- membership and sessions, told by the Worker ----

  async memberChanged(ref: RoomRef, userId: string, role: Actor["role"] | null): Promise<void> {
    this.bind(ref);
    if (role === null) {
      this.store.unsubscribe(userId);
      this.store.forgetReader(userId);
    }
    for (const [ws, attachment] of this.sockets) {
      if (attachment.userId !== userId) continue;
      if (role === null) this.drop(ws, CLOSE_CODES.removed, "You are no longer a member of this room.");
      else {
        const next = { ...attachment, role };
        ws.serializeAttachment(next);
        this.sockets.set(ws, next);
      }
    }
  }

  async closeSession(sessionId: string): Promise<number> {
    let closed = 0;
    for (const [ws, attachment] of this.sockets) {
      if (attachment.sessionId !== sessionId) continue;
      this.drop(ws, CLOSE_CODES.revoked, "This session was signed out.");
      closed++;
    }
    return closed;
  }

  /** Every socket of an account that was blocked. */
  async closeUser(userId: string): Promise<number> {
    let closed = 0;
    for (const [ws, attachment] of this.sockets) {
      if (attachment.userId !== userId) continue;
      this.drop(ws, CLOSE_CODES.revoked, "This account has been disabled.");
      closed++;
    }
    return closed;
  }

  /** An inbox with open sockets wants this room's activity until it answers that nobody listens. */
  async subscribeInbox(roomId: string, userId: string): Promise<void> {
    if (this.store.getMeta("room_id") === null) this.store.setMeta("room_id", roomId);
    this.store.subscribe(userId);
  }

  async lastSeq(): Promise<number> {
    return this.store.lastSeq;
  }

  /**
   * One page of what a member sent, for their data export. A page scans at most
   * EXPORT_SCAN seqs, so it costs the same however little of the room is theirs; `next` is
   * the seq the following page starts after, null once the end is reached.
   */
  async sentBy(ref: RoomRef, userId: string, afterSeq: number): Promise<{ messages: Message[]; next: number | null }> {
    this.bind(ref);
    const through = Math.min(afterSeq + EXPORT_SCAN, this.store.lastSeq);
    const rows = this.store.sentBy(userId, afterSeq, through, EXPORT_PAGE);
    const reached = rows.length === EXPORT_PAGE ? rows[rows.length - 1]!.seq : through;
    return { messages: this.store.toMessages(ref.roomId, rows), next: reached < this.store.lastSeq ? reached : null };
  }

  /** The Worker has checked that the caller is a member. */
  async search(ref: RoomRef, query: RoomSearch): Promise<RoomSearchAnswer> {
    this.bind(ref);
    return searchRoom(this.ctx.storage, this.store, ref.roomId, query);
  }

  // ---- sockets ----

  override async fetch(request: Request): Promise<Response> {
    const attachment = attachmentFrom(request);
    if (!attachment || request.headers.get("Upgrade") !== "websocket") {
      return new Response("The room only takes WebSocket upgrades from the Worker.", { status: 400 });
    }
    this.bind(attachment);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment(attachment);
    const wasOnline = this.isOnline(attachment.userId);
    this.sockets.set(server, attachment);
    this.sendTo(server, {
      type: "hello",
      room_id: attachment.roomId,
      last_seq: this.store.lastSeq,
      online: [...new Set([...this.sockets.values()].map((s) => s.userId))],
      read: this.store.readCursors(),
      batch: attachment.batch,
    });
    if (!wasOnline) this.broadcast({ type: "presence", user_id: attachment.userId, online: true }, server);
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const attachment = this.sockets.get(ws);
    if (!attachment) return;
    let gate = this.gates.get(ws);
    if (!gate) this.gates.set(ws, (gate = new FloodGate(this.flood)));
    const verdict = gate.admit();
    if (verdict.kind === "close") return this.drop(ws, CLOSE_CODES.policy, "Too many frames.");
    if (verdict.kind === "slow") {
      return this.sendTo(ws, { type: "error", code: "rate_limited", message: "Slow down.", retry_after_ms: verdict.retryAfterMs });
    }
    if (typeof data !== "string") return this.refuse(ws, { code: "invalid_frame", message: "Frames are JSON text." });
    if (data.length > FRAME_MAX_BYTES || new TextEncoder().encode(data).byteLength > FRAME_MAX_BYTES) {
      return this.refuse(ws, { code: "payload_too_large", message: `Frames are at most ${FRAME_MAX_BYTES} bytes.` });
    }
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return this.refuse(ws, { code: "invalid_frame", message: "The frame is not valid JSON." });
    }
    const parsed = RoomClientFrame.safeParse(json);
    if (!parsed.success) {
      const clientMsgId = (json as { client_msg_id?: unknown } | null)?.client_msg_id;
      const problems = fieldProblems(parsed.error);
      return this.refuse(ws, {
        code: "invalid_frame",
        message: problems.map((p) => `${p.field}: ${p.message}`).join("; "),
        ...(typeof clientMsgId === "string" && { client_msg_id: clientMsgId }),
      });
    }
    await this.handleFrame(ws, attachment, parsed.data);
  }

  private async handleFrame(ws: WebSocket, attachment: SocketAttachment, frame: RoomClientFrame): Promise<void> {
    const actor: Actor = { userId: attachment.userId, role: attachment.role };
    switch (frame.type) {
      case "send": {
        const { type: _type, ...input } = frame;
        const file = await this.attachmentFor(attachment, actor, input);
        if (!file.ok) return this.refuse(ws, { ...failureFrame(file), client_msg_id: frame.client_msg_id });
        const outcome = this.accept(attachment, actor, input, file.value);
        if (!outcome.ok) return this.refuse(ws, { ...failureFrame(outcome), client_msg_id: frame.client_msg_id });
        const { message, pending } = outcome.value;
        if (pending) this.pendingAcks.push({ ws, clientMsgId: frame.client_msg_id, message });
        else this.sendTo(ws, { type: "ack", client_msg_id: frame.client_msg_id, message });
        return;
      }
      case "sync":
        return this.sync(ws, attachment, frame.after_seq);
      case "read": {
        const outcome = await this.read(attachment, actor, frame.seq);
        if (!outcome.ok) this.refuse(ws, failureFrame(outcome));
        return;
      }
      case "typing": {
        const now = Date.now();
        if (now - (this.lastTyping.get(ws) ?? 0) < TYPING_INTERVAL_MS) return;
        this.lastTyping.set(ws, now);
        return this.broadcast({ type: "typing", user_id: attachment.userId }, ws);
      }
      case "edit":
        return this.answer(ws, this.edit(attachment, actor, frame.seq, frame.text));
      case "delete":
        return this.answer(ws, this.remove(attachment, actor, frame.seq));
      case "react":
        return this.answer(ws, this.react(attachment, actor, frame.seq, frame.emoji, frame.on));
      case "vote":
        return this.answer(ws, this.vote(attachment, actor, frame.seq, frame.options));
      case "close_poll":
        return this.answer(ws, this.closePoll(attachment, actor, frame.seq));
      case "ping":
        return this.sendTo(ws, { type: "pong" });
    }
  }

  override async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    this.forget(ws);
    answerClose(ws, code);
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    this.forget(ws);
  }

  override async alarm(): Promise<void> {
    this.summaryScheduled = false;
    await this.writeSummary();
  }

  // The room list in D1 and the listening inboxes learn of the newest message. Leading edge:
  // a quiet room writes at once; trailing edge: a busy one at most every SUMMARY_DELAY_MS,
  // by alarm, so a burst of messages costs one write and one call per listening inbox.
  private scheduleSummary(): void {
    if (this.summaryScheduled) return;
    const wait = this.lastSummaryAt + SUMMARY_DELAY_MS - Date.now();
    if (wait <= 0 && !this.summaryRunning) {
      this.writeSummary().catch(() => this.scheduleSummaryAlarm(SUMMARY_DELAY_MS));
      return;
    }
    this.scheduleSummaryAlarm(Math.max(wait, 1));
  }

  private scheduleSummaryAlarm(delayMs: number): void {
    this.summaryScheduled = true;
    void this.ctx.storage.setAlarm(Date.now() + delayMs);
  }

  private async writeSummary(): Promise<void> {
    const roomId = this.store.getMeta("room_id");
    const last = roomId ? this.store.message(roomId, this.store.lastSeq) : null;
    if (!roomId || !last) return;
    this.summaryRunning = true;
    this.lastSummaryAt = Date.now();
    try {
      const cursors = this.store.unsyncedCursors();
      await this.env.DB.batch([
        this.env.DB.prepare(
          "UPDATE rooms SET last_seq = ?1, last_message = ?2, last_activity_at = ?3 WHERE id = ?4 AND last_seq <= ?1",
        ).bind(last.seq, JSON.stringify(last), Date.parse(last.created_at), roomId),
        ...cursors.map((cursor) =>
          this.env.DB.prepare(
            "UPDATE memberships SET last_read_seq = ?1 WHERE room_id = ?2 AND user_id = ?3 AND last_read_seq < ?1",
          ).bind(cursor.seq, roomId, cursor.user_id),
        ),
      ]);
      for (const cursor of cursors) this.store.cursorSynced(cursor.user_id, cursor.seq);
      const subscribers = this.store.subscribers();
      const listening = new Set(subscribers);
      await Promise.all(cursors.filter((c) => listening.has(c.user_id)).map((c) => this.inbox(c.user_id).readMoved(roomId, c.seq)));
      await this.fanOut({ roomId, lastSeq: last.seq, lastMessage: last }, subscribers);
    } finally {
      this.summaryRunning = false;
    }
  }

  // Each listening inbox is called once per summary; one that answers it has nobody
  // listening is dropped until it subscribes again.
  private async fanOut(activity: RoomActivity, subscribers: string[]): Promise<void> {
    for (let i = 0; i < subscribers.length; i += FANOUT_CONCURRENCY) {
      const chunk = subscribers.slice(i, i + FANOUT_CONCURRENCY);
      const listening = await Promise.all(chunk.map((userId) => this.inbox(userId).roomActivity(activity).catch(() => true)));
      chunk.forEach((userId, index) => {
        if (!listening[index]) this.store.unsubscribe(userId);
      });
    }
  }

  private inbox(userId: string) {
    return this.env.INBOX.get(this.env.INBOX.idFromName(userId));
  }

  // ---- fan-out ----

  private sync(ws: WebSocket, attachment: SocketAttachment, afterSeq: number): void {
    const target = this.store.lastSeq;
    let cursor = afterSeq;
    while (cursor < target) {
      const messages = this.store.toMessages(attachment.roomId, this.store.after(cursor, SYNC_PAGE));
      if (messages.length === 0) break;
      if (attachment.batch) this.sendTo(ws, { type: "messages", messages });
      else for (const message of messages) this.sendTo(ws, { type: "message", message });
      cursor = messages[messages.length - 1]!.seq;
    }
    this.sendTo(ws, { type: "synced", last_seq: target });
  }

  // New messages are committed and serialized once per batch, whatever the number of senders
  // and sockets. Batching is for concurrent senders: while others' messages keep arriving,
  // what arrives within BATCH_WINDOW_MS shares one transaction and one frame per socket. A
  // lone sender (a conversation, or one client's own burst) is flushed at once, so its ack
  // never waits for a window it cannot share with anyone.
  private publish(pending: Pending): void {
    this.pending.push(pending);
    if (this.flushScheduled) {
      // A stream of incoming frames can starve the timer: once the window has passed, the
      // batch leaves right after this handler, so acks never wait on a late timer. Never
      // inline: the caller registers its ack or waiter after this returns, and a batch
      // flushed before that would leave it waiting for a flush that may never come.
      if (Date.now() - this.lastFlushAt >= BATCH_WINDOW_MS * 2) queueMicrotask(() => this.flush());
      return;
    }
    const wait = this.lastFlushAt + BATCH_WINDOW_MS - Date.now();
    const concurrent = this.lastFlushSender !== pending.reader;
    // Even an immediate flush waits for the current handler to finish, so messages that
    // arrive together commit together.
    this.flushScheduled = true;
    if (wait <= 0 || !concurrent) queueMicrotask(() => this.flush());
    else setTimeout(() => this.flush(), wait);
  }

  private committed(): Promise<void> {
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private flush(): void {
    this.flushScheduled = false;
    this.lastFlushAt = Date.now();
    const batch = this.pending;
    const acks = this.pendingAcks;
    const waiters = this.waiters;
    this.pending = [];
    this.pendingAcks = [];
    this.waiters = [];
    this.pendingByKey.clear();
    if (batch.length === 0) return;
    const sender = batch[0]!.reader;
    this.lastFlushSender = batch.every((entry) => entry.reader === sender) ? sender : null;
    try {
      this.ctx.storage.transactionSync(() => {
        this.store.commit(batch);
        const readers = new Map<string, number>();
        for (const { message, reader } of batch) if (reader) readers.set(reader, message.seq);
        for (const [userId, seq] of readers) this.store.markRead(userId, seq, false);
      });
    } catch (error) {
      this.store.unstage();
      for (const ack of acks) {
        this.refuse(ack.ws, { code: "internal", message: "The message could not be stored; send it again.", client_msg_id: ack.clientMsgId });
      }
      for (const waiter of waiters) waiter.reject(error);
      return;
    }
    // The output gate holds all of these until the transaction is durable; acks go first
    // so a sender hears of its message before its own broadcast copy arrives.
    for (const ack of acks) this.sendTo(ack.ws, { type: "ack", client_msg_id: ack.clientMsgId, message: ack.message });
    const messages = batch.map((entry) => entry.message);
    const singles = messages.map((message) => JSON.stringify({ type: "message", message } satisfies RoomServerFrame));
    const combined = messages.length === 1 ? singles[0]! : JSON.stringify({ type: "messages", messages } satisfies RoomServerFrame);
    for (const [ws, attachment] of this.sockets) {
      if (attachment.batch) this.sendRaw(ws, combined);
      else for (const frame of singles) this.sendRaw(ws, frame);
    }
    for (const waiter of waiters) waiter.resolve();
    this.scheduleSummary();
    this.push.add(messages);
  }

  private updated(ref: RoomRef, seq: number): Message {
    const message = this.store.message(ref.roomId, seq)!;
    this.broadcast({ type: "message_updated", message });
    if (seq === this.store.lastSeq) this.scheduleSummary();
    return message;
  }


  private broadcast(frame: RoomServerFrame, except?: WebSocket): void {
    const text = JSON.stringify(frame);
    for (const ws of this.sockets.keys()) if (ws !== except) this.sendRaw(ws, text);
  }

  private answer(ws: WebSocket, outcome: Outcome<Message>): void {
    if (!outcome.ok) this.refuse(ws, failureFrame(outcome));
  }

  private refuse(ws: WebSocket, error: Omit<Extract<RoomServerFrame, { type: "error" }>, "type">): void {
    this.sendTo(ws, { type: "error", ...error });
  }

  private sendTo(ws: WebSocket, frame: RoomServerFrame): void {
    this.sendRaw(ws, JSON.stringify(frame));
  }

  private sendRaw(ws: WebSocket, text: string): void {
    try {
      ws.send(text);
    } catch {
      this.forget(ws);
    }
  }

  private isOnline(userId: string): boolean {
    for (const attachment of this.sockets.values()) if (attachment.userId === userId) return true;
    return false;
  }

  private drop(ws: WebSocket, code: number, reason: string): void {
    this.forget(ws);
    closeAfterNotice(ws, code, reason);
  }

  private forget(ws: WebSocket): void {
    const attachment = this.sockets.get(ws);
    if (!attachment) return;
    this.sockets.delete(ws);
    if (!this.isOnline(attachment.userId)) this.broadcast({ type: "presence", user_id: attachment.userId, online: false });
  }
}

const failureFrame = (failure: Failure) => ({ code: failure.code, message: failure.message });
const idempotencyKey = (userId: string, clientMsgId: string) => `${userId}\n${clientMsgId}`;
