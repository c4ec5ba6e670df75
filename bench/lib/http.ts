// Longer than any request the benchmarks make, short enough that a stuck server ends a
// step instead of the run.
const REQUEST_TIMEOUT_MS = 30_000;

export class HttpError extends Error {
  status: number;

  constructor(status: number, code: string | undefined) {
    // The message is what load reports group failures by, so it stays short and stable.
    super(code ? `HTTP ${status} ${code}` : `HTTP ${status}`);
    this.name = "HttpError";
    this.status = status;
  }
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  // Sent as JSON when present.
  json?: unknown;
  // The status that counts as success; by default any 2xx.
  expectStatus?: number;
}

// One request; resolves to the parsed JSON body (or null) and throws HttpError for any
// other status. The body is always read, so the connection can be reused.
export async function request(url: string, options: RequestOptions = {}): Promise<unknown> {
  const headers = { ...options.headers };
  if (options.json !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(url, {
    method: options.method ?? (options.json === undefined ? "GET" : "POST"),
    headers,
    body: options.json === undefined ? null : JSON.stringify(options.json),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  const body = parseJson(text);
  const ok = options.expectStatus === undefined ? response.ok : response.status === options.expectStatus;
  if (!ok) throw new HttpError(response.status, errorCode(body));
  return body;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

// Parley answers failures as {"error": {"code": …}}.
function errorCode(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}
