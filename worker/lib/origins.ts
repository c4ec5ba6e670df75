// The app's own origin is always allowed; operators add others (a custom domain
// fronting another hostname, a native shell) through ALLOWED_ORIGINS.
export function allowedOrigins(requestUrl: string, configured: string | undefined): Set<string> {
  const origins = new Set([new URL(requestUrl).origin]);
  for (const entry of (configured ?? "").split(",")) {
    const origin = entry.trim();
    if (origin) origins.add(origin);
  }
  return origins;
}

export const isAllowedOrigin = (origin: string | undefined, requestUrl: string, configured: string | undefined) =>
  origin !== undefined && allowedOrigins(requestUrl, configured).has(origin);
