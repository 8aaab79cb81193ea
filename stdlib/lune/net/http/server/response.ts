// What a net.serve handler returns, as the Response Bun sends:
//   string | buffer | nil       → 200, Content-Type: text/plain, that body
//   { status, headers?, body? } → as given (status is required)
// Anything else raises an error in the handler's thread, and the client gets a 500.
import { LuauError } from "../../../../../runtime/errors";
import { LuauTable } from "../../../../../runtime/table";
import { LuauBuffer, numberToString, typeName } from "../../../../../runtime/values";
import { readMultiMap } from "../shared/headers";
import { copyBytes } from "../../../../../runtime/bytes";

// one Headers for every plain-text response: Bun copies a Headers instance faster than it reads
// an object literal, and never changes the one it was given
const TEXT_PLAIN = { headers: new Headers({ "content-type": "text/plain" }) };

export function toResponse(v: unknown): Response {
  if (typeof v === "string") return new Response(stringBody(v), TEXT_PLAIN);
  if (v === undefined) return new Response(null, TEXT_PLAIN);
  if (v instanceof LuauBuffer) return new Response(copyBytes(v.bytes), TEXT_PLAIN);
  if (!(v instanceof LuauTable)) throw new LuauError(`Invalid response config - expected string or table, got ${typeName(v)}`);
  const status = v.get("status");
  if (typeof status !== "number" || !Number.isInteger(status)) throw new LuauError("Missing 'status' in response config");
  // Bun can send only 101 and 200-599 (Lune allows any 100-999)
  if (status !== 101 && (status < 200 || status > 599)) throw new LuauError(`Invalid status code ${status} in response config`);
  const headers = new Headers();
  const h = v.get("headers");
  if (h instanceof LuauTable) {
    try {
      for (const [name, value] of readMultiMap(h, "headers")) headers.append(name, value);
    } catch (e) {
      throw e instanceof LuauError ? e : new LuauError(`Invalid header in response config: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const body = bodyOf(v.get("body"));
  return new Response(body === null || body.length === 0 || headers.has("content-type") ? body : untyped(body), { status, headers });
}

/** A body Bun sends without inventing a Content-Type (it adds one to strings and byte arrays, where
 * Lune sends none and lets the client sniff). */
function untyped(body: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: "bytes",
    start(c) {
      c.enqueue(body);
      c.close();
    },
  });
}

/** A Luau string body: ASCII goes to Bun as is, anything else as its exact bytes. */
function stringBody(s: string): string | Uint8Array {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, "latin1");
  return s;
}

function bodyOf(v: unknown): Uint8Array<ArrayBuffer> | null {
  if (v === undefined) return null;
  if (typeof v === "string") return Buffer.from(v, "latin1");
  if (typeof v === "number") return Buffer.from(numberToString(v), "latin1");
  if (v instanceof LuauBuffer) return new Uint8Array(v.bytes);
  throw new LuauError(`Invalid response config - 'body' must be a string or buffer, got ${typeName(v)}`);
}

/** What the client gets when the handler fails. */
export function internalError(): Response {
  return new Response("Lune: Internal server error", { status: 500 });
}
