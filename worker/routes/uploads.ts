import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { dataOf } from "../../schema/api";
import { uploads } from "../../schema/tables";
import { INLINE_MIME, Upload, UPLOAD_MAX_BYTES_DEFAULT, UPLOAD_NAME_MAX } from "../../schema/uploads";
import { database } from "../lib/db";
import { ApiError, invalidRequest, notFound, payloadTooLarge, unsupportedMediaType } from "../lib/errors";
import { bearer, createRouter, errorResponses } from "../lib/router";
import { requireAuth, requireFileAccess } from "../middleware/auth";
import { boundaryOf, filePart, MultipartError } from "../uploads/multipart";
import { readableUpload, toApiUpload } from "../uploads/files";
import { audioDuration, imageDimensions } from "../uploads/sniff";
import { storeUpload } from "../uploads/store";

const UploadIdParam = z.strictObject({ id: z.uuid() });

// A multipart body is the file plus its boundaries and part headers.
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;

const REFUSED: Record<"executable" | "html" | "script" | "unknown", string> = {
  executable: "Programs cannot be shared.",
  html: "Web pages and SVG files cannot be shared.",
  script: "Scripts cannot be shared.",
  unknown: "This kind of file cannot be shared. Images, audio, video, PDF, text, office documents and ZIP files can.",
};

const uploadRoute = createRoute({
  method: "post", path: "/", tags: ["Files"], security: bearer, middleware: [requireAuth],
  summary: "Upload a file",
  description:
    'A multipart/form-data body with one part, "file". The body is streamed to storage; a file over the limit (25 MiB by default) is refused with 413 as soon as that is known. The type is decided from the file\'s own bytes: images (JPEG, PNG, GIF, WebP, AVIF), audio (Ogg, WebM, MP4/AAC, MP3), video (MP4, WebM), PDF, plain text, office documents and ZIP. Programs, scripts, HTML and SVG are refused with 415. The upload is yours alone until a message posts it (image, file or voice, naming its upload_id); unposted uploads are deleted after 24 hours.',
  responses: {
    201: { description: "The stored file", content: { "application/json": { schema: dataOf(Upload) } } },
    ...errorResponses(400, 401, 403, 413, 415),
  },
});

const downloadRoute = createRoute({
  method: "get", path: "/{id}", tags: ["Files"], security: bearer, middleware: [requireFileAccess],
  summary: "Download a file",
  description:
    "To its uploader and to current members of the room it was posted in; 404 to anyone else. Supports Range (206) and If-None-Match (304). Raster images, audio and video are served inline, everything else as an attachment. A browser signed in with the session cookie may omit the Authorization header.",
  request: { params: UploadIdParam },
  responses: {
    200: { description: "The file's bytes" },
    206: { description: "The requested range" },
    304: { description: "Not modified" },
    ...errorResponses(401, 403, 404),
    416: { description: "The range is outside the file" },
  },
});

// What the person called the file, without any path, control characters or excess length.
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? "";
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim().slice(0, UPLOAD_NAME_MAX);
  return clean || "file";
}

// RFC 6266: an ASCII fallback for old clients, and the real name percent-encoded.
export function contentDisposition(kind: "inline" | "attachment", name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * One byte range (RFC 9110 §14.1.2), or null to send the whole file: a header that is
 * absent, malformed or asks for several ranges is answered with everything.
 */
export function requestedRange(header: string | undefined, size: number): { offset: number; length: number } | null | "unsatisfiable" {
  const match = header?.trim().match(/^bytes=(\d*)-(\d*)$/);
  if (!match || (match[1] === "" && match[2] === "")) return null;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    const length = Math.min(suffix, size);
    return { offset: size - length, length };
  }
  const first = Number(match[1]);
  const last = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (first >= size) return "unsatisfiable";
  if (last < first) return null;
  return { offset: first, length: last - first + 1 };
}

const uploadLimit = (env: Env) => {
  const configured = Number(env.UPLOAD_MAX_BYTES);
  return Number.isSafeInteger(configured) && configured > 0 ? configured : UPLOAD_MAX_BYTES_DEFAULT;
};

export const uploadRoutes = createRouter()
  .openapi(uploadRoute, async (c) => {
    const limit = uploadLimit(c.env);
    // A declared length over the limit is refused before a byte is read.
    const declared = Number(c.req.header("Content-Length"));
    if (Number.isFinite(declared) && declared > limit + MULTIPART_OVERHEAD_BYTES) throw payloadTooLarge(limit);
    const boundary = boundaryOf(c.req.header("Content-Type") ?? null);
    if (!boundary) throw unsupportedMediaType('multipart/form-data with one part named "file"');
    const body = c.req.raw.body;
    if (!body) throw invalidRequest("The body is empty.", [{ field: "file", message: "is required" }]);

    const id = crypto.randomUUID();
    let stored: Awaited<ReturnType<typeof storeUpload>>;
    let name: string;
    try {
      const part = await filePart(body, boundary);
      name = cleanFileName(part.fileName);
      stored = await storeUpload(c.env.FILES, id, part.content, {
        limit,
        fileName: name,
        contentType: (type) => (type.category === "text" ? "text/plain; charset=utf-8" : type.mime),
      });
    } catch (error) {
      if (error instanceof MultipartError) throw invalidRequest(error.message, [{ field: "file", message: error.message }]);
      throw error;
    }
    if (!stored.ok) {
      if (stored.reason === "too_large") throw payloadTooLarge(limit);
      if (stored.reason === "empty") throw invalidRequest("The file is empty.", [{ field: "file", message: "is empty" }]);
      throw new ApiError(415, "unsupported_type", REFUSED[stored.refused]);
    }

    const { type, size, head, tail } = stored;
    const dimensions = type.category === "image" ? imageDimensions(type.mime, head) : null;
    const durationMs = type.category === "audio" || type.category === "video" ? audioDuration(type.mime, head, tail, size) : null;
    const row = await database(c.env.DB)
      .insert(uploads)
      .values({
        id,
        ownerId: c.var.user.id,
        name,
        mime: type.mime,
        size,
        width: dimensions?.width ?? null,
        height: dimensions?.height ?? null,
        durationMs,
        createdAt: Date.now(),
      })
      .returning()
      .get();
    return c.json({ data: toApiUpload(row) }, 201);
  })
  .openapi(downloadRoute, async (c) => {
    const row = await readableUpload(database(c.env.DB), c.req.valid("param").id, c.var.user.id);
    if (!row) throw notFound("file");
    const range = requestedRange(c.req.header("Range"), row.size);
    if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${row.size}` } });
    const object = await c.env.FILES.get(row.id, { onlyIf: c.req.raw.headers, ...(range && { range }) });
    if (!object) throw notFound("file");

    const inline = INLINE_MIME.test(row.mime);
    const response = new Headers({
      "Content-Type": row.mime === "text/plain" ? "text/plain; charset=utf-8" : row.mime,
      "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", row.name),
      ETag: object.httpEtag,
      // Bytes under an id never change; only this person's browser may keep them.
      "Cache-Control": "private, max-age=31536000, immutable",
      "Accept-Ranges": "bytes",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox; frame-ancestors 'none'",
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (!("body" in object)) return new Response(null, { status: 304, headers: response });
    if (range) {
      response.set("Content-Range", `bytes ${range.offset}-${range.offset + range.length - 1}/${row.size}`);
      response.set("Content-Length", String(range.length));
      return new Response(object.body, { status: 206, headers: response });
    }
    response.set("Content-Length", String(row.size));
    return new Response(object.body, { status: 200, headers: response });
  });
