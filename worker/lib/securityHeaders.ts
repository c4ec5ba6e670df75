// The headers every response of the app carries. The PWA's files never reach the Worker
// (static assets are served first), so web/public/_headers states the same values for them;
// tests/e2e/securityHeaders.test.ts holds the two together.

export const COMMON_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  // "same-origin" and not "no-referrer": under no-referrer a browser sends `Origin: null` on
  // its own POSTs, and the cookie routes and sockets check that origin.
  "Referrer-Policy": "same-origin",
  // Voice messages record from the microphone; nothing asks for the rest.
  "Permissions-Policy":
    "microphone=(self), camera=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), accelerometer=(), gyroscope=(), magnetometer=(), display-capture=()",
  "Cross-Origin-Opener-Policy": "same-origin",
} as const;

// The PWA: its own scripts, styles and workers only; pictures also from data: and blob:
// URLs (previews of what is about to be sent); requests and sockets to this origin only.
export const APP_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self'; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

// API answers are data, never a page: nothing in them may load or run.
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// Browsers ignore it over plain HTTP (RFC 6797 §8.1). Without includeSubDomains: an
// operator's other hosts under the same domain are theirs to decide.
export const STRICT_TRANSPORT_SECURITY = "max-age=31536000";
