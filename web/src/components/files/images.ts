// Images drawn in the browser: the small preview shown while a photo uploads, and square
// avatars. Both decode with createImageBitmap (EXIF orientation applied) and draw on a canvas.

const THUMB_MAX = 320;
const THUMB_QUALITY = 0.7;
const AVATAR_SIZE = 256;

export interface ImageFacts {
  width: number;
  height: number;
  /** A JPEG data: URL at most THUMB_MAX pixels on its longer side. */
  thumb: string;
}

/** The image's size and a downscaled preview; null when the browser cannot decode it. */
export async function imageFacts(blob: Blob): Promise<ImageFacts | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return null;
  }
  try {
    const { width, height } = bitmap;
    const scale = Math.min(1, THUMB_MAX / Math.max(width, height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return { width, height, thumb: canvas.toDataURL("image/jpeg", THUMB_QUALITY) };
  } finally {
    bitmap.close();
  }
}

/** The centre square of an image, scaled to 256×256, as a PNG (JPEG for photos would do, but PNG keeps transparency). */
export async function squareAvatar(blob: Blob): Promise<Blob | null> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    return null;
  }
  try {
    const side = Math.min(bitmap.width, bitmap.height);
    const canvas = document.createElement("canvas");
    canvas.width = AVATAR_SIZE;
    canvas.height = AVATAR_SIZE;
    const context = canvas.getContext("2d");
    if (!context) return null;
    context.imageSmoothingQuality = "high";
    context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, AVATAR_SIZE, AVATAR_SIZE);
    return await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    bitmap.close();
  }
}
