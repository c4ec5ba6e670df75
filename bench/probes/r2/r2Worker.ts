// PUT /<key> streams the body straight into the R2 binding, as plainly as a Worker can:
// no parsing, no type check, no database. The bytes' cost of reaching local R2.
// Only what this Worker uses of the binding (bench/ is typed for Node, not Workers).
interface Env {
  FILES: { put(key: string, body: ReadableStream<Uint8Array>): Promise<unknown> };
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    if (request.method !== "PUT" || !request.body) return new Response(null, { status: 405 });
    await env.FILES.put(new URL(request.url).pathname.slice(1), request.body);
    return new Response(null, { status: 201 });
  },
};
