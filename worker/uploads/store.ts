import { HEAD_BYTES, sniff, TAIL_BYTES, type Sniffed, type SniffResult } from "./sniff";

// Streams an upload into R2 while counting it: the type is decided from the first bytes
// before anything is written, the size limit ends the upload the moment it is passed, and
// memory holds at most one part. Small files are one put; larger ones a multipart upload
// in equal parts, as R2 requires.

// R2's smallest part (every part but the last must be this same size).
export const PART_BYTES = 5 * 1024 * 1024;

export type StoreOutcome =
  | { ok: true; type: Sniffed; size: number; head: Uint8Array; tail: Uint8Array }
  | { ok: false; reason: "too_large" }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "refused"; refused: Extract<SniffResult, { ok: false }>["reason"] };

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export async function storeUpload(
  bucket: R2Bucket,
  key: string,
  content: ReadableStream<Uint8Array>,
  options: { limit: number; fileName: string; contentType: (type: Sniffed) => string },
): Promise<StoreOutcome> {
  const reader = content.getReader();
  let chunks: Uint8Array[] = [];
  let buffered = 0;
  let size = 0;
  let tail: Uint8Array = new Uint8Array(0);
  let done = false;

  const read = async (): Promise<boolean> => {
    const next = await reader.read();
    if (next.done) {
      done = true;
      return false;
    }
    chunks.push(next.value);
    buffered += next.value.length;
    size += next.value.length;
    const joined = new Uint8Array(Math.min(TAIL_BYTES, tail.length + next.value.length));
    const fromChunk = next.value.subarray(Math.max(0, next.value.length - joined.length));
    joined.set(tail.subarray(tail.length - (joined.length - fromChunk.length)), 0);
    joined.set(fromChunk, joined.length - fromChunk.length);
    tail = joined;
    return true;
  };
  const stop = () => reader.cancel().catch(() => undefined);

  while (buffered < HEAD_BYTES && (await read())) if (size > options.limit) break;
  if (size > options.limit) {
    await stop();
    return { ok: false, reason: "too_large" };
  }
  if (size === 0) return { ok: false, reason: "empty" };
  const head = concat(chunks, buffered).subarray(0, HEAD_BYTES);
  const sniffed = sniff(head, options.fileName);
  if (!sniffed.ok) {
    await stop();
    return { ok: false, reason: "refused", refused: sniffed.reason };
  }
  const httpMetadata = { contentType: options.contentType(sniffed.type) };

  while (!done && buffered <= PART_BYTES) {
    await read();
    if (size > options.limit) {
      await stop();
      return { ok: false, reason: "too_large" };
    }
  }
  if (done) {
    await bucket.put(key, concat(chunks, buffered), { httpMetadata });
    return { ok: true, type: sniffed.type, size, head, tail };
  }

  const upload = await bucket.createMultipartUpload(key, { httpMetadata });
  const parts: R2UploadedPart[] = [];
  try {
    for (;;) {
      while (buffered >= PART_BYTES || (done && buffered > 0)) {
        const all = concat(chunks, buffered);
        const part = all.subarray(0, Math.min(PART_BYTES, all.length));
        parts.push(await upload.uploadPart(parts.length + 1, part));
        const rest = all.subarray(part.length);
        chunks = rest.length ? [rest] : [];
        buffered = rest.length;
      }
      if (done) break;
      await read();
      if (size > options.limit) {
        await stop();
        await upload.abort();
        return { ok: false, reason: "too_large" };
      }
    }
    await upload.complete(parts);
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  }
  return { ok: true, type: sniffed.type, size, head, tail };
}
