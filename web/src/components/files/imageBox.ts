// How images are laid out in the conversation, before any of their bytes arrive.

/** What the server will show inline as an image; everything else is sent as a file. */
export const RASTER_IMAGE = /^image\/(jpeg|png|gif|webp|avif)$/;

/**
 * The box an image is shown in, from its own size: at most `maxWidth` × `maxHeight`, never
 * upscaled, so the space is reserved before a byte of it arrives.
 */
export function fitBox(width: number | undefined, height: number | undefined, maxWidth = 280, maxHeight = 320): { width: number; height: number } {
  if (!width || !height) return { width: maxWidth, height: Math.round(maxWidth * 0.75) };
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(48, Math.round(width * scale)), height: Math.max(48, Math.round(height * scale)) };
}
