// Server-initiated closes: the socket is detached at once (no frames in or out, and its
// attachment is cleared so hibernation does not bring it back), the client is told why, and
// it closes its side. Only a client that ignores the notice is closed by us, after a grace
// period. A client-initiated close completes in milliseconds; a server-initiated one can
// wait on the peer's transport for seconds.
export const CLIENT_CLOSE_GRACE_MS = 5000;

export function closeAfterNotice(ws: WebSocket, code: number, reason: string): void {
  try {
    ws.send(JSON.stringify({ type: "closed", code, reason }));
  } catch {
    return;
  }
  ws.serializeAttachment(null);
  setTimeout(() => {
    try {
      ws.close(code, reason);
    } catch {
      // The client closed first, as asked.
    }
  }, CLIENT_CLOSE_GRACE_MS);
}

// The hibernation API needs a reciprocal close frame, or the client sees 1006; the codes a
// peer reports but nobody may send (no code, abnormal, TLS) are answered with 1000.
export function answerClose(ws: WebSocket, code: number): void {
  try {
    ws.close(code === 1005 || code === 1006 || code === 1015 ? 1000 : code, "closing");
  } catch {
    // Already closed.
  }
}
