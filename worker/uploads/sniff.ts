// What a file is, decided from its own bytes: the first HEAD_BYTES (and, for a few audio
// formats, the last TAIL_BYTES). A name or a Content-Type header is never believed; the
// name only picks between formats whose bytes are one family (an old Word, Excel or
// PowerPoint file share one container).

export const HEAD_BYTES = 64 * 1024;
export const TAIL_BYTES = 64 * 1024;

export type FileCategory = "image" | "audio" | "video" | "document" | "archive" | "text";

export interface Sniffed {
  mime: string;
  category: FileCategory;
}

export type SniffResult = { ok: true; type: Sniffed } | { ok: false; reason: "executable" | "html" | "script" | "unknown" };

const ascii = (bytes: Uint8Array, offset: number, length: number) =>
  String.fromCharCode(...bytes.subarray(offset, Math.min(bytes.length, offset + length)));

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((byte, i) => bytes[offset + i] === byte);

function indexOfAscii(bytes: Uint8Array, needle: string, from = 0, to = bytes.length): number {
  const first = needle.charCodeAt(0);
  const end = Math.min(to, bytes.length) - needle.length;
  outer: for (let i = from; i <= end; i++) {
    if (bytes[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

// A CodecID element (0x86, a one-byte size) naming a "V_…" codec, looked for only before the
// first Cluster: compressed audio after it holds "V_" by chance often enough to matter.
function hasMatroskaVideoTrack(head: Uint8Array): boolean {
  let end = head.length;
  for (let i = 0; i + 4 <= head.length; i++) {
    if (head[i] === 0x1f && head[i + 1] === 0x43 && head[i + 2] === 0xb6 && head[i + 3] === 0x75) {
      end = i;
      break;
    }
  }
  for (let at = indexOfAscii(head, "V_", 0, end); at !== -1; at = indexOfAscii(head, "V_", at + 1, end)) {
    if (at >= 2 && head[at - 2] === 0x86 && (head[at - 1]! & 0x80) !== 0) return true;
  }
  return false;
}

const OFFICE_OPEN_XML: readonly [string, string][] = [
  ["word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  ["xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  ["ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"],
];

const OLE2_BY_EXTENSION: Record<string, string> = {
  doc: "application/msword",
  xls: "application/vnd.ms-excel",
  ppt: "application/vnd.ms-powerpoint",
};

export function sniff(head: Uint8Array, fileName: string): SniffResult {
  const type = (mime: string, category: FileCategory): SniffResult => ({ ok: true, type: { mime, category } });

  // Executables first: whatever else they might also parse as, they are refused.
  if (startsWith(head, [0x4d, 0x5a])) return { ok: false, reason: "executable" }; // MZ: Windows PE
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return { ok: false, reason: "executable" }; // ELF
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ]) {
    if (startsWith(head, magic)) return { ok: false, reason: "executable" }; // Mach-O (and Java class files)
  }

  if (startsWith(head, [0xff, 0xd8, 0xff])) return type("image/jpeg", "image");
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return type("image/png", "image");
  if (ascii(head, 0, 6) === "GIF87a" || ascii(head, 0, 6) === "GIF89a") return type("image/gif", "image");
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 4) === "WEBP") return type("image/webp", "image");

  if (ascii(head, 4, 4) === "ftyp") {
    const brands = ascii(head, 8, Math.max(0, Math.min(readU32(head, 0), 64) - 8));
    if (/avi[fs]/.test(brands)) return type("image/avif", "image");
    if (/M4[AB] /.test(ascii(head, 8, 4))) return type("audio/mp4", "audio");
    // A movie's header names its tracks' handlers; with none of video, it is sound only.
    const hasVideo = indexOfAscii(head, "vide") !== -1;
    const hasSound = indexOfAscii(head, "soun") !== -1;
    return hasSound && !hasVideo ? type("audio/mp4", "audio") : type("video/mp4", "video");
  }

  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) {
    // Matroska/WebM: a video track has a "V_…" codec id; audio-only files (voice notes
    // from MediaRecorder) have only "A_…".
    if (indexOfAscii(head, "webm") === -1) return { ok: false, reason: "unknown" };
    return hasMatroskaVideoTrack(head) ? type("video/webm", "video") : type("audio/webm", "audio");
  }
  if (ascii(head, 0, 4) === "OggS") return type("audio/ogg", "audio");
  if (ascii(head, 0, 3) === "ID3" || isMpegAudioFrame(head, 0)) return type("audio/mpeg", "audio");

  if (ascii(head, 0, 5) === "%PDF-") return type("application/pdf", "document");

  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) {
    // OpenDocument stores its type uncompressed as the first entry, named "mimetype".
    if (ascii(head, 30, 8) === "mimetype") {
      const mime = ascii(head, 38, 80).match(/^application\/vnd\.oasis\.opendocument\.[a-z.-]+/)?.[0];
      if (mime) return type(mime, "document");
    }
    for (const [prefix, mime] of OFFICE_OPEN_XML) if (indexOfAscii(head, prefix) !== -1 && indexOfAscii(head, "[Content_Types].xml") !== -1) return type(mime, "document");
    return type("application/zip", "archive");
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    const extension = fileName.toLowerCase().split(".").pop() ?? "";
    return type(OLE2_BY_EXTENSION[extension] ?? "application/x-ole-storage", "document");
  }

  return sniffText(head);
}

// Frame sync (11 bits set), a valid layer and bitrate/sampling indexes that are not reserved.
function isMpegAudioFrame(bytes: Uint8Array, offset: number): boolean {
  if (bytes.length < offset + 4) return false;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  return bytes[offset] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0 && (b2 & 0xf0) !== 0xf0 && (b2 & 0x0c) !== 0x0c;
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

function sniffText(head: Uint8Array): SniffResult {
  if (head.length === 0) return { ok: false, reason: "unknown" };
  // The head may end inside a multi-byte character: judge only whole characters.
  let end = head.length;
  while (end > 0 && end > head.length - 4 && (head[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  let text: string;
  try {
    text = decoder.decode(head.subarray(0, end));
  } catch {
    return { ok: false, reason: "unknown" };
  }
  // Control characters other than tab, newlines and form feed mean binary.
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return { ok: false, reason: "unknown" };
  const start = text.replace(/^\uFEFF/, "").trimStart().slice(0, 512).toLowerCase();
  if (start.startsWith("#!")) return { ok: false, reason: "script" };
  // Markup a browser would render (HTML, SVG, XML with stylesheets) is refused outright.
  if (/^<(!doctype|html|head|body|script|svg|\?xml|iframe|object|embed|meta|style|!--)/.test(start)) return { ok: false, reason: "html" };
  return { ok: true, type: { mime: "text/plain", category: "text" } };
}

const readU32 = (bytes: Uint8Array, offset: number) =>
  bytes.length < offset + 4 ? 0 : ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>> 0;
const readU16 = (bytes: Uint8Array, offset: number) => (bytes.length < offset + 2 ? 0 : (bytes[offset]! << 8) | bytes[offset + 1]!);
const readU16LE = (bytes: Uint8Array, offset: number) => (bytes.length < offset + 2 ? 0 : bytes[offset]! | (bytes[offset + 1]! << 8));
const readU24LE = (bytes: Uint8Array, offset: number) => (bytes.length < offset + 3 ? 0 : bytes[offset]! | (bytes[offset + 1]! << 8) | (bytes[offset + 2]! << 16));

export interface Dimensions {
  width: number;
  height: number;
}

/** An image's pixel size, read from its header; null when the header does not say. */
export function imageDimensions(mime: string, head: Uint8Array): Dimensions | null {
  const sized = (width: number, height: number) => (width > 0 && height > 0 ? { width, height } : null);
  switch (mime) {
    case "image/png":
      return ascii(head, 12, 4) === "IHDR" ? sized(readU32(head, 16), readU32(head, 20)) : null;
    case "image/gif":
      return sized(readU16LE(head, 6), readU16LE(head, 8));
    case "image/webp": {
      const chunk = ascii(head, 12, 4);
      if (chunk === "VP8 ") return sized(readU16LE(head, 26) & 0x3fff, readU16LE(head, 28) & 0x3fff);
      if (chunk === "VP8L" && head[20] === 0x2f) {
        const bits = head[21]! | (head[22]! << 8) | (head[23]! << 16) | (head[24]! << 24);
        return sized((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      }
      if (chunk === "VP8X") return sized(readU24LE(head, 24) + 1, readU24LE(head, 27) + 1);
      return null;
    }
    case "image/avif": {
      const at = indexOfAscii(head, "ispe");
      return at === -1 ? null : sized(readU32(head, at + 8), readU32(head, at + 12));
    }
    case "image/jpeg":
      return jpegDimensions(head);
    default:
      return null;
  }
}

function jpegDimensions(head: Uint8Array): Dimensions | null {
  let offset = 2;
  while (offset + 9 < head.length) {
    if (head[offset] !== 0xff) return null;
    const marker = head[offset + 1]!;
    // Fill bytes, and markers that carry no length.
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2;
      continue;
    }
    const length = readU16(head, offset + 2);
    // Start of frame: baseline, progressive, lossless… (not DHT 0xC4, JPG 0xC8 or DAC 0xCC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = readU16(head, offset + 5);
      const width = readU16(head, offset + 7);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (length < 2) return null;
    offset += 2 + length;
  }
  return null;
}

/** A recording's length in ms from its header (or, for Ogg, its last page); null when unknown. */
export function audioDuration(mime: string, head: Uint8Array, tail: Uint8Array, size: number): number | null {
  const ms = (value: number) => (Number.isFinite(value) && value > 0 ? Math.round(value) : null);
  switch (mime) {
    case "audio/ogg": {
      // The granule position of the last page counts 48 kHz samples for Opus, less the
      // pre-skip its header declares; Vorbis counts samples at its own rate.
      const last = tail.length ? lastIndexOfAscii(tail, "OggS") : -1;
      if (last === -1 || last + 14 > tail.length) return null;
      const granule = Number(new DataView(tail.buffer, tail.byteOffset + last + 6, 8).getBigUint64(0, true));
      const opus = indexOfAscii(head, "OpusHead");
      if (opus !== -1) return ms(((granule - readU16LE(head, opus + 10)) / 48_000) * 1000);
      const vorbis = indexOfAscii(head, "vorbis");
      if (vorbis === -1) return null;
      const rate = new DataView(head.buffer, head.byteOffset + vorbis + 11, 4).getUint32(0, true);
      return rate ? ms((granule / rate) * 1000) : null;
    }
    case "audio/webm":
    case "video/webm":
      return webmDuration(head);
    case "audio/mp4":
    case "video/mp4":
      return mp4Duration(head) ?? mp4Duration(tail);
    case "audio/mpeg":
      return mp3Duration(head, size);
    default:
      return null;
  }
}

function lastIndexOfAscii(bytes: Uint8Array, needle: string): number {
  for (let i = bytes.length - needle.length; i >= 0; i--) if (indexOfAscii(bytes, needle, i, i + needle.length) === i) return i;
  return -1;
}

// Segment Info: TimecodeScale (0x2AD7B1, ns per tick, default 1 ms) and Duration (0x4489,
// a float in ticks). Recordings made live (MediaRecorder) often leave Duration out.
function webmDuration(head: Uint8Array): number | null {
  const at = findEbmlId(head, [0x44, 0x89]);
  if (at === -1) return null;
  const size = head[at + 2]! & 0x7f;
  if (head[at + 2]! < 0x80 || (size !== 4 && size !== 8)) return null;
  const view = new DataView(head.buffer, head.byteOffset + at + 3, size);
  const ticks = size === 4 ? view.getFloat32(0) : view.getFloat64(0);
  const scaleAt = findEbmlId(head, [0x2a, 0xd7, 0xb1]);
  let scale = 1_000_000;
  if (scaleAt !== -1 && head[scaleAt + 3]! >= 0x81 && head[scaleAt + 3]! <= 0x88) {
    const length = head[scaleAt + 3]! & 0x7f;
    scale = 0;
    for (let i = 0; i < length; i++) scale = scale * 256 + head[scaleAt + 4 + i]!;
  }
  const value = (ticks * scale) / 1_000_000;
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

function findEbmlId(bytes: Uint8Array, id: readonly number[]): number {
  for (let i = 0; i + id.length < bytes.length; i++) if (startsWith(bytes, id, i)) return i;
  return -1;
}

// Movie header: version 0 holds a 32-bit timescale and duration, version 1 64-bit ones.
function mp4Duration(bytes: Uint8Array): number | null {
  const at = indexOfAscii(bytes, "mvhd");
  if (at === -1 || at + 32 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at + 4);
  const version = view.getUint8(0);
  const timescale = version === 1 ? view.getUint32(20) : view.getUint32(12);
  const duration = version === 1 ? Number(view.getBigUint64(24)) : view.getUint32(16);
  return timescale ? Math.round((duration / timescale) * 1000) || null : null;
}

const MP3_BITRATES_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];

// An estimate from the first frame's bit rate (exact for constant-bit-rate files).
function mp3Duration(head: Uint8Array, size: number): number | null {
  let offset = 0;
  if (ascii(head, 0, 3) === "ID3") {
    const tagSize = ((head[6]! & 0x7f) << 21) | ((head[7]! & 0x7f) << 14) | ((head[8]! & 0x7f) << 7) | (head[9]! & 0x7f);
    offset = 10 + tagSize;
  }
  while (offset < head.length - 4 && !isMpegAudioFrame(head, offset)) offset++;
  if (!isMpegAudioFrame(head, offset)) return null;
  // MPEG-1 Layer III only; other layers and versions are rare enough to go without a length.
  if ((head[offset + 1]! & 0x1e) !== 0x1a) return null;
  const kbps = MP3_BITRATES_KBPS[head[offset + 2]! >> 4] ?? 0;
  return kbps ? Math.round(((size - offset) * 8) / kbps) : null;
}
