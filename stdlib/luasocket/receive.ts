// client:receive(pattern, prefix): lines ("*l"), everything until the peer closes ("*a") or a byte
// count, read from a connection's buffer. Like LuaSocket, bytes are consumed as they arrive, so a
// call cut short by a timeout or a close returns them as its partial result (prefix included), and
// `receive(pattern, partial)` resumes.
import { stringToNumber } from "../../runtime/values";
import { argError } from "../args";
import type { TcpConnection } from "./tcpconnection";
import type { Timeout } from "./timeout";
import { untilReady } from "./wait";

export type ReceivePattern = { kind: "line" } | { kind: "all" } | { kind: "count"; n: number };

export function parsePattern(v: unknown): ReceivePattern {
  if (v === undefined) return { kind: "line" };
  const n = typeof v === "number" ? v : typeof v === "string" ? stringToNumber(v) : undefined;
  if (n !== undefined) {
    if (!(n >= 0)) throw argError(2, "receive", "invalid receive pattern");
    return { kind: "count", n: Math.floor(n) };
  }
  if (typeof v === "string") {
    // LuaSocket reads one letter after an optional '*': "*l", "l", "*line" are all lines
    const letter = v.startsWith("*") ? v[1] : v[0];
    if (letter === "l") return { kind: "line" };
    if (letter === "a") return { kind: "all" };
  }
  throw argError(2, "receive", "invalid receive pattern");
}

type Outcome = { data: string } | { error: string };

/** Why nothing more can be read: a failed connect keeps its error, anything else is "closed". */
function endReason(conn: TcpConnection): Outcome {
  return { error: conn.state === "failed" && conn.error !== undefined ? conn.error : "closed" };
}

/** LuaSocket's results: `data, nil, nil` or `nil, err, partial`. */
export function* receive(conn: TcpConnection | undefined, timeout: Timeout, pattern: ReceivePattern, prefix: string): Generator<unknown, unknown[], unknown> {
  if (pattern.kind === "count" && pattern.n <= prefix.length) return [prefix, undefined, undefined];
  if (conn === undefined) return [undefined, "closed", prefix];
  let got = prefix;
  let fresh = false;
  const attempt = (): Outcome | undefined => {
    switch (pattern.kind) {
      case "line": {
        const line = conn.takeLine();
        if (line !== undefined) return { data: got + line };
        got += conn.take().replaceAll("\r", "");
        break;
      }
      case "all": {
        const chunk = conn.take();
        if (chunk !== "") {
          got += chunk;
          fresh = true;
        }
        // "*a" ends with the connection; it is an error only if nothing new arrived
        if (conn.ended) return fresh ? { data: got } : endReason(conn);
        return undefined;
      }
      case "count":
        got += conn.take(pattern.n - got.length);
        if (got.length >= pattern.n) return { data: got };
        break;
    }
    return conn.ended ? endReason(conn) : undefined;
  };
  timeout.markStart();
  const r = yield* untilReady(timeout, [conn.signal], attempt);
  if (r === undefined) return [undefined, "timeout", got];
  if ("data" in r) return [r.data, undefined, undefined];
  return [undefined, r.error, got];
}
