// Reads a multipart/form-data body as a stream: the `file` part's name and its bytes, as
// they arrive, without buffering the body. `request.formData()` would hold the whole
// upload in memory before a single byte could be checked.

export class MultipartError extends Error {}

export interface FilePart {
  fileName: string;
  content: ReadableStream<Uint8Array>;
}

const encoder = new TextEncoder();
const HEADERS_MAX = 8 * 1024;

export function boundaryOf(contentType: string | null): string | null {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = contentType.match(/;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i);
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  outer: for (let i = haystack.indexOf(first!, from); i !== -1 && i <= haystack.length - needle.length; i = haystack.indexOf(first!, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * Finds the part named `file` (the only part the upload takes; any other part is refused)
 * and answers a stream of its content that ends at the closing boundary.
 */
export async function filePart(body: ReadableStream<Uint8Array>, boundary: string): Promise<FilePart> {
  const reader = body.getReader();
  const opening = encoder.encode(`--${boundary}\r\n`);
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  let buffer: Uint8Array = new Uint8Array(0);

  const fill = async (): Promise<boolean> => {
    const { done, value } = await reader.read();
    if (done) return false;
    buffer = concat(buffer, value);
    return true;
  };

  // The preamble, if any, then the first boundary.
  let start = indexOf(buffer, opening);
  while (start === -1) {
    if (buffer.length > HEADERS_MAX || !(await fill())) throw new MultipartError("The body is not multipart/form-data with that boundary.");
    start = indexOf(buffer, opening);
  }
  buffer = buffer.subarray(start + opening.length);

  const headerEnd = encoder.encode("\r\n\r\n");
  let end = indexOf(buffer, headerEnd);
  while (end === -1) {
    if (buffer.length > HEADERS_MAX || !(await fill())) throw new MultipartError("A part's headers are malformed.");
    end = indexOf(buffer, headerEnd);
  }
  const headers = new TextDecoder().decode(buffer.subarray(0, end));
  buffer = buffer.subarray(end + headerEnd.length);
  const disposition = headers.split("\r\n").find((line) => /^content-disposition:/i.test(line)) ?? "";
  const name = disposition.match(/;\s*name="([^"]*)"/i)?.[1];
  const fileName = disposition.match(/;\s*filename="([^"]*)"/i)?.[1];
  if (name !== "file" || fileName === undefined) throw new MultipartError('The upload takes one part, named "file", with a file name.');

  let finished = false;
  const content = new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        const at = indexOf(buffer, delimiter);
        if (at !== -1) {
          if (at > 0) controller.enqueue(buffer.slice(0, at));
          finished = true;
          controller.close();
          await reader.cancel().catch(() => undefined);
          return;
        }
        // Keep what could be the start of the delimiter; hand on the rest.
        const safe = buffer.length - (delimiter.length - 1);
        if (safe > 0) {
          controller.enqueue(buffer.slice(0, safe));
          buffer = buffer.subarray(safe);
          return;
        }
        if (!(await fill())) {
          controller.error(new MultipartError("The body ended before the file part's closing boundary."));
          return;
        }
      }
    },
    async cancel() {
      if (!finished) await reader.cancel().catch(() => undefined);
    },
  });
  // Browsers escape these three in a part's file name (HTML's form encoding).
  const unescaped = fileName.replace(/%22/g, '"').replace(/%0D/gi, "\r").replace(/%0A/gi, "\n");
  return { fileName: unescaped, content };
}
