// The client's opening handshake (RFC 6455 §4.1): an HTTP/1.1 GET asking to upgrade, answered by
// 101 Switching Protocols with Sec-WebSocket-Accept = base64(sha1(key + GUID)).

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

export interface Target {
  secure: boolean;
  host: string;
  port: number;
  /** Path and query, as sent in the request line. */
  resource: string;
}

/** A ws:// or wss:// URL, or undefined if it is not one. */
export function parseTarget(text: string): Target | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") return undefined;
  const secure = url.protocol === "wss:";
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  return { secure, host, port: url.port === "" ? (secure ? 443 : 80) : Number(url.port), resource: url.pathname + url.search };
}

export function acceptKey(key: string): string {
  return new Bun.CryptoHasher("sha1").update(key + GUID).digest("base64");
}

export function handshakeRequest(t: Target): { text: string; key: string } {
  const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const name = t.host.includes(":") ? `[${t.host}]` : t.host;
  const host = t.port === (t.secure ? 443 : 80) ? name : `${name}:${t.port}`;
  const text =
    `GET ${t.resource} HTTP/1.1\r\nHost: ${host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`;
  return { text, key };
}

/** Undefined if the server's response head (up to the blank line) accepts the upgrade, else why not. */
export function handshakeError(head: string, key: string): string | undefined {
  const lines = head.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0]);
  if (status === null) return "Handshake failed: malformed HTTP response";
  if (status[1] !== "101") return `HTTP error: ${status[1]} ${status[2]}`.trimEnd();
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  if (headers.get("upgrade")?.toLowerCase() !== "websocket") return 'Handshake failed: no "Upgrade: websocket" header';
  if (headers.get("sec-websocket-accept") !== acceptKey(key)) return "Key mismatch in Sec-WebSocket-Accept header";
  return undefined;
}
