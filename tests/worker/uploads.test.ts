import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { uploads } from "../../schema/tables";
import worker from "../../worker/index";
import { database } from "../../worker/lib/db";
import { purgeUnpostedUploads } from "../../worker/uploads/files";
import { ALLOWED, REFUSED } from "./fileFixtures";
import { addTo, call, makeRoom, ORIGIN, people, sendMessage, type Person } from "./helpers";

function form(name: string, bytes: Uint8Array, partType = "application/octet-stream") {
  const body = new FormData();
  body.append("file", new File([bytes], name, { type: partType }));
  return body;
}

const upload = (by: Person, name: string, bytes: Uint8Array, partType?: string) =>
  call("/api/uploads", { method: "POST", token: by.token, raw: form(name, bytes, partType) });

async function uploaded(by: Person, name = "diagram.png") {
  const fixture = ALLOWED.find((f) => f.name === name)!;
  const res = await upload(by, fixture.name, fixture.bytes);
  expect(res.status).toBe(201);
  return res.json.data as { id: string; url: string; size: number; mime: string };
}

async function download(path: string, { token, headers = {} }: { token?: string; headers?: Record<string, string> } = {}) {
  const h = new Headers(headers);
  if (token) h.set("Authorization", `Bearer ${token}`);
  const res = await exports.default.fetch(new Request(`${ORIGIN}${path}`, { headers: h }));
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function runCron() {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
  await waitOnExecutionContext(ctx);
}

// A body that would be `total` bytes, produced only as fast as it is read.
function endless(total: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  let pulled = 0;
  const head = new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n');
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === 0) {
        controller.enqueue(head);
        pulled += head.length;
      } else if (pulled >= total) controller.close();
      else {
        controller.enqueue(chunk);
        pulled += chunk.length;
      }
    },
  });
  return { stream, pulled: () => pulled };
}

describe("POST /api/uploads", () => {
  it.each(ALLOWED)("accepts $name and types it from its bytes as $mime", async (fixture) => {
    const [ada] = await people(1);
    // The part claims to be a web page: the server must not believe it.
    const res = await upload(ada, fixture.name, fixture.bytes, "text/html");
    expect(res.status).toBe(201);
    const data = res.json.data;
    expect(data).toMatchObject({ name: fixture.name, mime: fixture.mime, size: fixture.bytes.length, url: `/api/uploads/${data.id}` });
    if (fixture.width) expect(data).toMatchObject({ width: fixture.width, height: fixture.height });
    if (fixture.durationMs) expect(data.duration_ms).toBe(fixture.durationMs);
  });

  it.each(REFUSED)("refuses $why ($name) with 415 and stores nothing", async (fixture) => {
    const [ada] = await people(1);
    const res = await upload(ada, fixture.name, fixture.bytes, "image/png");
    expect(res.status).toBe(415);
    expect(res.json.error.code).toBe("unsupported_type");
    expect((await env.DB.prepare("SELECT count(*) AS n FROM uploads").first<{ n: number }>())!.n).toBe(0);
    expect((await env.FILES.list()).objects).toHaveLength(0);
  });

  it("stores the file under a random key, never the user's file name, and keeps only the base name", async () => {
    const [ada] = await people(1);
    const fixture = ALLOWED.find((f) => f.name === "paper.pdf")!;
    const res = await upload(ada, "C:\\Users\\ada\\..\\secret\\report\u0007.pdf", fixture.bytes);
    expect(res.status).toBe(201);
    expect(res.json.data.name).toBe("report.pdf");
    const keys = (await env.FILES.list()).objects.map((o) => o.key);
    expect(keys).toEqual([res.json.data.id]);
  });

  it("refuses a streamed body over the limit while reading it, long before its end", async () => {
    const [ada] = await people(1);
    const body = endless(2 * 1024 ** 3);
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}/api/uploads`, {
        method: "POST",
        headers: { Authorization: `Bearer ${ada.token}`, "Content-Type": "multipart/form-data; boundary=b" },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe("payload_too_large");
    expect(body.pulled()).toBeLessThan(27 * 1024 ** 2);
    expect((await env.FILES.list()).objects).toHaveLength(0);
  });

  it("refuses a declared Content-Length over the limit without reading the body", async () => {
    const [ada] = await people(1);
    const res = await call("/api/uploads", {
      method: "POST",
      token: ada.token,
      raw: "x",
      headers: { "Content-Type": "multipart/form-data; boundary=b", "Content-Length": String(2 * 1024 ** 3) },
    });
    expect(res.status).toBe(413);
  });

  it("stores a file larger than one part in several and gives back the same bytes", async () => {
    const [ada] = await people(1);
    const bytes = new Uint8Array(12 * 1024 * 1024 + 123);
    bytes.set(ALLOWED.find((f) => f.name === "archive.zip")!.bytes);
    for (let i = 200; i < bytes.length; i += 4093) bytes[i] = i & 0xff;
    const res = await upload(ada, "big.zip", bytes);
    expect(res.status).toBe(201);
    expect(res.json.data.size).toBe(bytes.length);
    const got = await download(res.json.data.url, { token: ada.token });
    expect(got.status).toBe(200);
    expect(got.bytes.length).toBe(bytes.length);
    expect(got.bytes.every((byte, i) => byte === bytes[i])).toBe(true);
  });

  it("answers 415 to a body that is not multipart, 400 to a form without a file part or with an empty file, 401 without a token", async () => {
    const [ada] = await people(1);
    const json = await call("/api/uploads", { method: "POST", token: ada.token, body: { file: "x" } });
    expect(json.status).toBe(415);
    const noFile = new FormData();
    noFile.append("note", "hello");
    const missing = await call("/api/uploads", { method: "POST", token: ada.token, raw: noFile });
    expect(missing.status).toBe(400);
    expect(missing.json.error.details[0].field).toBe("file");
    const empty = await upload(ada, "empty.txt", new Uint8Array(0));
    expect(empty.status).toBe(400);
    const anonymous = await call("/api/uploads", { method: "POST", raw: form("a.txt", new TextEncoder().encode("hi")) });
    expect(anonymous.status).toBe(401);
  });
});

describe("posting an upload", () => {
  it("an image message binds the upload to the room and carries its attachment", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const file = await uploaded(ada);
    const res = await sendMessage(room.id, ada, { kind: "image", upload_id: file.id });
    expect(res.status).toBe(201);
    expect(res.json.data.attachment).toMatchObject({ upload_id: file.id, mime: "image/png", width: 640, height: 480, url: file.url });
    expect((await download(file.url, { token: bob.token })).status).toBe(200);
  });

  it("one user cannot post another user's upload", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const file = await uploaded(ada);
    const res = await sendMessage(room.id, bob, { kind: "image", upload_id: file.id });
    expect(res.status).toBe(400);
    expect(res.json.error.details[0].field).toBe("upload_id");
    expect((await download(file.url, { token: bob.token })).status).toBe(404);
  });

  it("an upload posted in one room cannot be posted in another, and a kind must match the file", async () => {
    const [ada] = await people(1);
    const first = await makeRoom(ada);
    const second = await makeRoom(ada);
    const pdf = await uploaded(ada, "paper.pdf");
    expect((await sendMessage(first.id, ada, { kind: "image", upload_id: pdf.id })).status).toBe(400);
    expect((await sendMessage(first.id, ada, { kind: "file", upload_id: pdf.id })).status).toBe(201);
    expect((await sendMessage(second.id, ada, { kind: "file", upload_id: pdf.id })).status).toBe(400);
  });

  it("a retried send of the same upload is the same message", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const voice = await uploaded(ada, "voice.ogg");
    const body = { client_msg_id: "voice-1", kind: "voice", upload_id: voice.id };
    const first = await sendMessage(room.id, ada, body);
    const again = await sendMessage(room.id, ada, body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json.data).toEqual(first.json.data);
  });

  it("deleting the message deletes its file", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const file = await uploaded(ada);
    const sent = (await sendMessage(room.id, ada, { kind: "image", upload_id: file.id })).json.data;
    expect((await call(`/api/rooms/${room.id}/messages/${sent.seq}`, { method: "DELETE", token: ada.token })).status).toBe(200);
    await expect.poll(async () => (await download(file.url, { token: ada.token })).status).toBe(404);
    expect(await env.FILES.head(file.id)).toBeNull();
  });
});

describe("GET /api/uploads/:id", () => {
  it("is for the uploader and current members of the room it was posted in; everyone else gets 404", async () => {
    const [ada, bob, eve] = await people(3);
    const room = await makeRoom(ada);
    const file = await uploaded(ada);
    expect((await download(file.url, { token: ada.token })).status).toBe(200);
    // Before it is posted, not even a future member sees it.
    await addTo(room.id, ada, bob);
    expect((await download(file.url, { token: bob.token })).status).toBe(404);
    await sendMessage(room.id, ada, { kind: "image", upload_id: file.id });
    expect((await download(file.url, { token: bob.token })).status).toBe(200);
    expect((await download(file.url, { token: eve.token })).status).toBe(404);
    expect((await call(`/api/rooms/${room.id}/members/${bob.id}`, { method: "DELETE", token: ada.token })).status).toBe(200);
    expect((await download(file.url, { token: bob.token })).status).toBe(404);
    expect((await download(`/api/uploads/${crypto.randomUUID()}`, { token: ada.token })).status).toBe(404);
    expect((await download(file.url)).status).toBe(401);
    expect((await download("/api/uploads/not-a-uuid", { token: ada.token })).status).toBe(400);
  });

  it("serves a document as an attachment with a safe name, nosniff, a sandboxing CSP and long private caching", async () => {
    const [ada] = await people(1);
    const pdf = ALLOWED.find((f) => f.name === "paper.pdf")!;
    const file = (await upload(ada, 'quarterly "final".pdf', pdf.bytes)).json.data;
    const res = await download(file.url, { token: ada.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    expect(res.headers.get("Content-Disposition")).toBe(`attachment; filename="quarterly _final_.pdf"; filename*=UTF-8''quarterly%20%22final%22.pdf`);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Security-Policy")).toContain("sandbox");
    expect(res.headers.get("Cache-Control")).toBe("private, max-age=31536000, immutable");
    expect(res.headers.get("ETag")).toMatch(/^".+"$/);
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(res.bytes).toEqual(pdf.bytes);
  });

  it("serves raster images, audio and video inline, and text as UTF-8 plain text to download", async () => {
    const [ada] = await people(1);
    for (const name of ["diagram.png", "voice.ogg", "movie.mp4", "notes.txt"]) {
      const file = await uploaded(ada, name);
      const res = await download(file.url, { token: ada.token });
      const disposition = res.headers.get("Content-Disposition")!;
      expect(disposition.startsWith(name === "notes.txt" ? "attachment;" : "inline;")).toBe(true);
      if (name === "notes.txt") expect(res.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    }
  });

  it("answers Range with 206 and exactly those bytes, a suffix range from the end, and 416 beyond the end", async () => {
    const [ada] = await people(1);
    const fixture = ALLOWED.find((f) => f.name === "tune.mp3")!;
    const file = await uploaded(ada, "tune.mp3");
    const middle = await download(file.url, { token: ada.token, headers: { Range: "bytes=100-199" } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("Content-Range")).toBe(`bytes 100-199/${fixture.bytes.length}`);
    expect(middle.bytes).toEqual(fixture.bytes.slice(100, 200));
    const suffix = await download(file.url, { token: ada.token, headers: { Range: "bytes=-10" } });
    expect(suffix.status).toBe(206);
    expect(suffix.bytes).toEqual(fixture.bytes.slice(-10));
    const beyond = await download(file.url, { token: ada.token, headers: { Range: `bytes=${fixture.bytes.length + 10}-` } });
    expect(beyond.status).toBe(416);
  });

  it("answers 304 to a matching If-None-Match", async () => {
    const [ada] = await people(1);
    const file = await uploaded(ada);
    const first = await download(file.url, { token: ada.token });
    const again = await download(file.url, { token: ada.token, headers: { "If-None-Match": first.headers.get("ETag")! } });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
  });

  it("lets a browser show a file with its session's file cookie, but never upload with it", async () => {
    const [ada] = await people(1);
    const file = await uploaded(ada);
    const cookie = `parley_files=${ada.token}`;
    expect((await download(file.url, { headers: { Cookie: cookie } })).status).toBe(200);
    const res = await call("/api/uploads", { method: "POST", raw: form("a.txt", new TextEncoder().encode("hi")), headers: { Cookie: cookie } });
    expect(res.status).toBe(401);
  });

  it("a sign-in through the browser sets the file cookie beside the refresh cookie, scoped to downloads", async () => {
    const res = await call("/api/auth/register", {
      method: "POST",
      body: { username: `cookie${Date.now() % 100000}`, password: "Correct-Horse-9", session_cookie: true },
      headers: { Origin: ORIGIN },
    });
    expect(res.status).toBe(201);
    const cookies = res.headers.getSetCookie();
    const files = cookies.find((c) => c.startsWith("parley_files="))!;
    expect(files).toContain("Path=/api/uploads");
    expect(files).toContain("HttpOnly");
    expect(files).toContain("SameSite=Strict");
  });
});

describe("avatars", () => {
  it("a person's avatar is their own unposted image, shown to anyone signed in, and replacing it deletes the old one", async () => {
    const [ada, bob] = await people(2);
    const first = await uploaded(ada);
    const set = await call("/api/me", { method: "PATCH", token: ada.token, body: { avatar_upload_id: first.id } });
    expect(set.status).toBe(200);
    expect(set.json.data.avatar_url).toBe(first.url);
    expect((await download(first.url, { token: bob.token })).status).toBe(200);
    expect((await call(`/api/users/${ada.id}`, { token: bob.token })).json.data.avatar_url).toBe(first.url);

    const second = await uploaded(ada, "photo.jpg");
    expect((await call("/api/me", { method: "PATCH", token: ada.token, body: { avatar_upload_id: second.id } })).status).toBe(200);
    await expect.poll(async () => (await download(first.url, { token: ada.token })).status).toBe(404);
    expect((await call("/api/me", { method: "PATCH", token: ada.token, body: { avatar_upload_id: null } })).json.data.avatar_url).toBeNull();
    // An avatar is never purged as an unposted upload.
    await env.DB.prepare("UPDATE uploads SET created_at = 0").run();
    await runCron();
    expect(await env.DB.prepare("SELECT count(*) AS n FROM uploads").first<{ n: number }>()).toEqual({ n: 0 });
  });

  it("refuses someone else's upload, a posted one, or one that is not an image as an avatar", async () => {
    const [ada, bob] = await people(2);
    const room = await makeRoom(ada);
    const bobs = await uploaded(bob);
    const pdf = await uploaded(ada, "paper.pdf");
    const posted = await uploaded(ada);
    await sendMessage(room.id, ada, { kind: "image", upload_id: posted.id });
    for (const id of [bobs.id, pdf.id, posted.id, "missing"]) {
      const res = await call("/api/me", { method: "PATCH", token: ada.token, body: { avatar_upload_id: id } });
      expect(res.status).toBe(400);
      expect(res.json.error.details[0].field).toBe("avatar_upload_id");
    }
  });

  it("a group's picture is set by its owner or admins and seen by its members only", async () => {
    const [ada, bob, eve] = await people(3);
    const room = await makeRoom(ada, { member_ids: [bob.id] });
    const picture = await uploaded(ada);
    const byMember = await uploaded(bob);
    expect((await call(`/api/rooms/${room.id}`, { method: "PATCH", token: bob.token, body: { avatar_upload_id: byMember.id } })).status).toBe(403);
    const res = await call(`/api/rooms/${room.id}`, { method: "PATCH", token: ada.token, body: { avatar_upload_id: picture.id } });
    expect(res.status).toBe(200);
    expect(res.json.data.avatar_url).toBe(picture.url);
    expect((await call("/api/rooms", { token: bob.token })).json.data[0].avatar_url).toBe(picture.url);
    expect((await download(picture.url, { token: bob.token })).status).toBe(200);
    expect((await download(picture.url, { token: eve.token })).status).toBe(404);
  });
});

describe("scheduled maintenance and uploads", () => {
  it("deletes uploads never posted within 24 hours, keeps posted and recent ones, and is idempotent", async () => {
    const [ada] = await people(1);
    const room = await makeRoom(ada);
    const stale = await uploaded(ada);
    const posted = await uploaded(ada, "paper.pdf");
    const recent = await uploaded(ada, "notes.txt");
    await sendMessage(room.id, ada, { kind: "file", upload_id: posted.id });
    const old = Date.now() - 25 * 3600 * 1000;
    await env.DB.prepare("UPDATE uploads SET created_at = ? WHERE id IN (?, ?)").bind(old, stale.id, posted.id).run();
    await runCron();
    await runCron();
    expect((await download(stale.url, { token: ada.token })).status).toBe(404);
    expect(await env.FILES.head(stale.id)).toBeNull();
    expect((await download(posted.url, { token: ada.token })).status).toBe(200);
    expect((await download(recent.url, { token: ada.token })).status).toBe(200);
  });

  async function staleUploads(owner: Person, count: number) {
    const ids = Array.from({ length: count }, () => crypto.randomUUID());
    const db = database(env.DB);
    for (const id of ids) {
      await db.insert(uploads).values({ id, ownerId: owner.id, name: "old.txt", mime: "text/plain", size: 3, createdAt: 0 });
      await env.FILES.put(id, "old");
    }
    return ids;
  }
  const remaining = async (ids: string[]) =>
    (await env.DB.prepare(`SELECT count(*) AS n FROM uploads WHERE id IN (${ids.map(() => "?").join(",")})`).bind(...ids).first<{ n: number }>())!.n;

  it("purges more stale uploads than one statement may bind, a bounded batch per run", async () => {
    const [ada] = await people(1);
    const ids = await staleUploads(ada, 150);
    const db = database(env.DB);
    const first = await purgeUnpostedUploads(db, env.FILES, Date.now());
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(150);
    while ((await purgeUnpostedUploads(db, env.FILES, Date.now())) > 0);
    expect(await remaining(ids.slice(0, 90))).toBe(0);
    expect(await remaining(ids.slice(90))).toBe(0);
    expect(await env.FILES.head(ids[149]!)).toBeNull();
  });

  it("puts the rows back when the bucket refuses the delete, so the next run deletes the files", async () => {
    const [ada] = await people(1);
    const ids = await staleUploads(ada, 3);
    const db = database(env.DB);
    const refusing = { delete: () => Promise.reject(new Error("R2 is unavailable")) } as unknown as R2Bucket;
    await expect(purgeUnpostedUploads(db, refusing, Date.now())).rejects.toThrow("R2 is unavailable");
    expect(await remaining(ids)).toBe(3);
    expect(await env.FILES.head(ids[0]!)).not.toBeNull();
    while ((await purgeUnpostedUploads(db, env.FILES, Date.now())) > 0);
    expect(await remaining(ids)).toBe(0);
    expect(await env.FILES.head(ids[0]!)).toBeNull();
  });
});
