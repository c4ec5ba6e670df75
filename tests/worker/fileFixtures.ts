// Small files of every kind the upload takes and refuses, built byte by byte: each has the
// real header of its format (what the server reads), followed by filler.

const ascii = (text: string) => Array.from(text, (char) => char.charCodeAt(0));
const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u16 = (n: number) => [(n >>> 8) & 0xff, n & 0xff];
const u16le = (n: number) => [n & 0xff, (n >>> 8) & 0xff];
const u24le = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
const filler = (length: number) => Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
const bytes = (...parts: number[][]) => new Uint8Array(parts.flat());

export interface Fixture {
  name: string;
  bytes: Uint8Array;
  mime: string;
  width?: number;
  height?: number;
  durationMs?: number;
}

function box(type: string, body: number[]): number[] {
  return [...u32(8 + body.length), ...ascii(type), ...body];
}

const mvhd = (timescale: number, duration: number) => box("mvhd", [0, 0, 0, 0, ...u32(0), ...u32(0), ...u32(timescale), ...u32(duration), ...filler(80)]);

// A last Ogg page: "OggS", version, flags, then the 64-bit granule position.
const oggPage = (granule: number) => [...ascii("OggS"), 0, 4, ...u32(granule).reverse(), 0, 0, 0, 0, ...filler(16)];

function zipEntry(name: string, content: string): number[] {
  return [0x50, 0x4b, 0x03, 0x04, ...filler(14), ...u32(content.length).reverse(), ...u32(content.length).reverse(), ...u16le(name.length), 0, 0, ...ascii(name), ...ascii(content)];
}

export const ALLOWED: Fixture[] = [
  { name: "photo.jpg", mime: "image/jpeg", width: 1024, height: 768, bytes: bytes([0xff, 0xd8, 0xff, 0xe0], u16(16), ascii("JFIF\0"), filler(9), [0xff, 0xdb], u16(4), [0, 0], [0xff, 0xc0], u16(17), [8], u16(768), u16(1024), [3], filler(9), filler(200)) },
  { name: "diagram.png", mime: "image/png", width: 640, height: 480, bytes: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], u32(13), ascii("IHDR"), u32(640), u32(480), [8, 6, 0, 0, 0], filler(200)) },
  { name: "wave.gif", mime: "image/gif", width: 320, height: 200, bytes: bytes(ascii("GIF89a"), u16le(320), u16le(200), filler(200)) },
  { name: "snap.webp", mime: "image/webp", width: 1920, height: 1080, bytes: bytes(ascii("RIFF"), u32(300).reverse(), ascii("WEBPVP8X"), u32(10).reverse(), [0, 0, 0, 0], u24le(1919), u24le(1079), filler(200)) },
  { name: "pic.avif", mime: "image/avif", width: 800, height: 600, bytes: bytes(box("ftyp", [...ascii("avif"), 0, 0, 0, 0, ...ascii("mif1")]), box("meta", box("ispe", [0, 0, 0, 0, ...u32(800), ...u32(600)])), filler(200)) },
  { name: "voice.ogg", mime: "audio/ogg", durationMs: 3000, bytes: bytes(ascii("OggS"), [0, 2], filler(20), ascii("OpusHead"), [1, 1], u16le(312), u32(48000).reverse(), filler(100), oggPage(48000 * 3 + 312)) },
  { name: "voice.webm", mime: "audio/webm", durationMs: 4500, bytes: bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], ascii("webm"), [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40], [0x44, 0x89, 0x84], [0x45, 0x8c, 0xa0, 0x00], filler(20), [0x86, 0x86], ascii("A_OPUS"), filler(100)) },
  // MediaRecorder's voice notes: the compressed sound in the clusters can hold "V_" (even
  // after a byte that looks like a CodecID); only the track entries before them count.
  { name: "recorded.webm", mime: "audio/webm", bytes: bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], ascii("webm"), filler(20), [0x86, 0x86], ascii("A_OPUS"), [0x1f, 0x43, 0xb6, 0x75], filler(40), ascii("V_"), filler(40), [0x86, 0x85], ascii("V_VP8"), filler(100)) },
  { name: "clip.webm", mime: "video/webm", bytes: bytes([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x82, 0x84], ascii("webm"), filler(20), [0x86, 0x85], ascii("V_VP9"), [0x86, 0x86], ascii("A_OPUS"), filler(100)) },
  { name: "song.m4a", mime: "audio/mp4", durationMs: 12_000, bytes: bytes(box("ftyp", [...ascii("M4A "), 0, 0, 0, 0, ...ascii("isom")]), box("moov", mvhd(1000, 12_000)), filler(200)) },
  { name: "movie.mp4", mime: "video/mp4", durationMs: 2500, bytes: bytes(box("ftyp", [...ascii("isom"), 0, 0, 2, 0, ...ascii("mp41")]), box("moov", [...mvhd(600, 1500), ...box("hdlr", [0, 0, 0, 0, 0, 0, 0, 0, ...ascii("vide"), ...filler(12)])]), filler(200)) },
  { name: "tune.mp3", mime: "audio/mpeg", durationMs: 1000, bytes: bytes(ascii("ID3"), [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64], filler(16_000 - 4)) },
  { name: "paper.pdf", mime: "application/pdf", bytes: bytes(ascii("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"), filler(100)) },
  { name: "notes.txt", mime: "text/plain", bytes: new TextEncoder().encode("Shopping list\n- bread\n- 김치\n") },
  { name: "report.docx", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", bytes: bytes(zipEntry("[Content_Types].xml", "<Types/>"), zipEntry("word/document.xml", "<w:document/>")) },
  { name: "sheet.xlsx", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", bytes: bytes(zipEntry("[Content_Types].xml", "<Types/>"), zipEntry("xl/workbook.xml", "<workbook/>")) },
  { name: "slides.pptx", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", bytes: bytes(zipEntry("[Content_Types].xml", "<Types/>"), zipEntry("ppt/presentation.xml", "<p/>")) },
  { name: "letter.odt", mime: "application/vnd.oasis.opendocument.text", bytes: bytes(zipEntry("mimetype", "application/vnd.oasis.opendocument.text"), filler(50)) },
  { name: "old.doc", mime: "application/msword", bytes: bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], filler(200)) },
  { name: "archive.zip", mime: "application/zip", bytes: bytes(zipEntry("readme.txt", "hello"), filler(50)) },
];

export const REFUSED: { name: string; bytes: Uint8Array; why: string }[] = [
  { name: "cat.png", why: "HTML named .png", bytes: new TextEncoder().encode("<!DOCTYPE html><html><script>alert(1)</script></html>") },
  { name: "cute.jpg", why: "a Windows executable named .jpg", bytes: bytes(ascii("MZ"), filler(300)) },
  { name: "tool", why: "an ELF executable", bytes: bytes([0x7f, 0x45, 0x4c, 0x46], filler(300)) },
  { name: "run.txt", why: "a shell script", bytes: new TextEncoder().encode("#!/bin/sh\nrm -rf /\n") },
  { name: "logo.svg", why: "SVG", bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>') },
  { name: "blob.bin", why: "unknown binary", bytes: bytes([0, 1, 2, 3, 0, 0, 0xff], filler(300)) },
];
