import type { PushEnv } from "./vapid";

// The Worker POSTs to whatever endpoint a subscription names, so only a push service's
// address is accepted: https, a host name, no credentials. The tests' stand-in service on
// http://127.0.0.1 is allowed only on a development instance that asks for it.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

const loopbackAllowed = (env: PushEnv) => env.ENVIRONMENT === "development" && env.PUSH_ALLOW_LOOPBACK === "true";

/** Why `endpoint` cannot be a push endpoint, or null when it can. */
export function endpointProblem(endpoint: string, env: PushEnv): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "must be an absolute URL";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (url.protocol === "http:" && url.hostname === "127.0.0.1" && loopbackAllowed(env)) return null;
  if (url.protocol !== "https:") return "must be an https URL";
  const host = url.hostname;
  if (host.startsWith("[") || IPV4.test(host) || !host.includes(".") || host === "localhost" || host.endsWith(".localhost")) {
    return "must name a push service by its host name";
  }
  return null;
}
