import { hashPassword } from "../../worker/lib/password.ts";

// GET /hash answers after one password hash, any other path at once: the difference in
// latency is the hash inside workerd, where a Worker cannot time its own CPU work
// (its clock only advances on I/O).
export default {
  async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === "/hash") await hashPassword("Bench-Passw0rd");
    return new Response(null, { status: 204 });
  },
};
