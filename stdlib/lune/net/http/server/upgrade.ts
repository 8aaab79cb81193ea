// Which requests are WebSocket handshakes (Connection has the token "upgrade" and Upgrade the token
// "websocket", any case), and why a malformed one is refused.

function hasToken(header: string | null, token: string): boolean {
  if (header === null) return false;
  for (const part of header.split(",")) if (part.trim().toLowerCase() === token) return true;
  return false;
}

export function isUpgradeRequest(req: Request): boolean {
  return hasToken(req.headers.get("connection"), "upgrade") && hasToken(req.headers.get("upgrade"), "websocket");
}

/** The 400 response for a handshake Bun could not accept, with the reason in its body. */
export function badHandshake(req: Request): Response {
  const reason =
    req.headers.get("sec-websocket-key") === null ? 'No "Sec-WebSocket-Key" header' : 'No "Sec-WebSocket-Version: 13" header';
  return new Response(reason, { status: 400 });
}

/** What ordinary requests get from a server that only handles WebSockets. */
export function upgradeRequired(): Response {
  return new Response("Upgrade Required", { status: 426, headers: { "content-type": "text/plain", upgrade: "websocket" } });
}
