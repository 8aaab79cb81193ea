// LuaSocket's `socket` module (require("socket") and require("socket.core")) on Bun's sockets.
// Calls that block in LuaSocket suspend only the calling Luau thread here (see wait.ts).
import { checkInteger, checkNumber, checkString, library, typeError } from "../args";
import type { LuauTable } from "../../runtime/table";
import { NONE } from "../../runtime/values";
import { hostText, type FamilyChoice } from "./address";
import { createDnsLibrary } from "./dns";
import { badArgument } from "./objects";
import { newtry, protect } from "./except";
import { SETSIZE, select } from "./select";
import { bindServer, connectClient, newTcp } from "./tcp";
import { newUdp } from "./udp";
import { waitForSignal } from "./wait";
import { MAX_TIMER_MS } from "../../runtime/keepalive";

// longer sleeps than one timer takes wait several times
function* sleep(seconds: unknown): Generator<unknown, unknown, unknown> {
  let ms = checkNumber(seconds, 1, "sleep", arguments.length) * 1000;
  const end = performance.now() + ms;
  while (ms > 0) {
    yield* waitForSignal([], Math.min(ms, MAX_TIMER_MS));
    ms = end - performance.now();
  }
  return NONE;
}

function gettime(): number {
  return (performance.timeOrigin + performance.now()) / 1000;
}

/** skip(n, ...): the arguments after the first n. */
function skip(n: unknown, ...rest: unknown[]): unknown {
  const d = checkInteger(n, 1, "skip", arguments.length);
  const keep = Math.min(rest.length - d, rest.length + 1);
  if (keep <= 0) return NONE;
  return keep > rest.length ? [n, ...rest] : rest.slice(rest.length - keep);
}

function connectWith(fname: string, fixed?: FamilyChoice) {
  return function* connect(host: unknown, port: unknown, localHost: unknown, localPort: unknown, family: unknown): Generator<unknown, unknown, unknown> {
    const h = hostText(host);
    if (h === undefined) throw typeError(1, fname, "string", host, arguments.length);
    let f: FamilyChoice = fixed ?? "unspec";
    if (fixed === undefined && family !== undefined) {
      const name = checkString(family, 5, fname);
      if (name !== "unspec" && name !== "inet" && name !== "inet6") throw badArgument(5, fname, `invalid option '${name}'`);
      f = name;
    }
    const lh = localHost === undefined ? undefined : hostText(localHost);
    if (localHost !== undefined && lh === undefined) throw typeError(3, fname, "string", localHost);
    return yield* connectClient(h, port, lh, localPort, f);
  };
}

function buildModule(): LuauTable {
  return library(
    {
      _VERSION: "LuaSocket 3.0.0",
      _SETSIZE: SETSIZE,
      _SOCKETINVALID: -1,
      tcp: () => newTcp("unspec"),
      tcp4: () => newTcp("inet"),
      tcp6: () => newTcp("inet6"),
      udp: () => newUdp("unspec"),
      udp4: () => newUdp("inet"),
      udp6: () => newUdp("inet6"),
      *bind(host: unknown, port: unknown, backlog: unknown): Generator<unknown, unknown, unknown> {
        const h = hostText(host);
        if (h === undefined) throw typeError(1, "bind", "string", host, arguments.length);
        if (backlog !== undefined) checkNumber(backlog, 3, "bind");
        return yield* bindServer(h, port);
      },
      connect: connectWith("connect"),
      connect4: connectWith("connect4", "inet"),
      connect6: connectWith("connect6", "inet6"),
      select,
      sleep,
      gettime,
      skip,
      newtry,
      protect,
      try: newtry(),
      dns: createDnsLibrary(),
    },
    false,
  );
}

let shared: LuauTable | undefined;

/** The module table; `socket` and `socket.core` are one table, as in LuaSocket where one re-exports the other. */
export function createLuaSocketModule(): LuauTable {
  shared ??= buildModule();
  return shared;
}
