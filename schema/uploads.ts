import { z } from "zod";

// Files as the API describes them, shared by the worker, the PWA and the tests.

export const UPLOAD_MAX_BYTES_DEFAULT = 25 * 1024 * 1024;
export const UPLOAD_NAME_MAX = 255;
// Unposted uploads are deleted by the scheduled maintenance after this long.
export const UNPOSTED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;

export const Upload = z
  .object({
    id: z.string(),
    name: z.string(),
    mime: z.string(),
    size: z.number().int(),
    width: z.number().int().optional(),
    height: z.number().int().optional(),
    duration_ms: z.number().int().optional(),
    url: z.string(),
  })
  .meta({ id: "Upload" });
export type Upload = z.infer<typeof Upload>;

// Raster images, audio and video are shown in the page; everything else downloads.
export const INLINE_MIME = /^(image\/(jpeg|png|gif|webp|avif)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/;

export const uploadUrl = (id: string) => `/api/uploads/${id}`;
