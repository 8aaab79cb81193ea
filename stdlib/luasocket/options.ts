// setoption/getoption. Every object remembers the values it was given (so getoption answers and
// options set before a socket exists apply once it does); the object applies to Bun the ones Bun
// can carry out and accepts the rest, as the spec allows.
import { LuauTable } from "../../runtime/table";
import { typeName } from "../../runtime/values";
import { checkString } from "../args";
import { badArgument } from "./objects";

type Kind = "boolean" | "number" | "string" | "linger" | "membership";

interface OptionSpec {
  kind: Kind;
  /** What getoption returns before any setoption; absent for set-only options. */
  initial?: unknown;
}

export type OptionTable = Record<string, OptionSpec>;

export const TCP_OPTIONS: OptionTable = {
  keepalive: { kind: "boolean", initial: false },
  reuseaddr: { kind: "boolean", initial: false },
  reuseport: { kind: "boolean", initial: false },
  "tcp-nodelay": { kind: "boolean", initial: false },
  linger: { kind: "linger", initial: { on: false, timeout: 0 } },
  "ipv6-v6only": { kind: "boolean", initial: false },
  "tcp-keepidle": { kind: "number", initial: 7200 },
  "tcp-keepcnt": { kind: "number", initial: 9 },
  "tcp-keepintvl": { kind: "number", initial: 75 },
};

export const UDP_OPTIONS: OptionTable = {
  broadcast: { kind: "boolean", initial: false },
  dontroute: { kind: "boolean", initial: false },
  reuseaddr: { kind: "boolean", initial: false },
  reuseport: { kind: "boolean", initial: false },
  "ip-multicast-if": { kind: "string", initial: "0.0.0.0" },
  "ip-multicast-ttl": { kind: "number", initial: 1 },
  "ip-multicast-loop": { kind: "boolean", initial: true },
  "ip-add-membership": { kind: "membership" },
  "ip-drop-membership": { kind: "membership" },
  "ipv6-unicast-hops": { kind: "number", initial: 64 },
  "ipv6-multicast-hops": { kind: "number", initial: 1 },
  "ipv6-multicast-loop": { kind: "boolean", initial: true },
  "ipv6-add-membership": { kind: "membership" },
  "ipv6-drop-membership": { kind: "membership" },
  "ipv6-v6only": { kind: "boolean", initial: false },
};

export interface Linger {
  on: boolean;
  timeout: number;
}

export interface Membership {
  multiaddr: string;
  iface: string | undefined;
}

function field(t: LuauTable, name: string, fname: string): unknown {
  const v = t.get(name);
  if (v === undefined) throw badArgument(3, fname, `${name} field expected`);
  return v;
}

/** Checks a setoption value against its option's kind; returns it in host form. */
function checkValue(spec: OptionSpec, v: unknown): unknown {
  const fname = "setoption";
  switch (spec.kind) {
    case "boolean":
      if (typeof v !== "boolean") throw badArgument(3, fname, `boolean expected, got ${typeName(v)}`);
      return v;
    case "number":
      if (typeof v !== "number") throw badArgument(3, fname, `number expected, got ${typeName(v)}`);
      return v;
    case "string":
      return checkString(v, 3, fname);
    case "linger": {
      if (!(v instanceof LuauTable)) throw badArgument(3, fname, `table expected, got ${typeName(v)}`);
      const on = field(v, "on", fname);
      const timeout = field(v, "timeout", fname);
      if (typeof timeout !== "number") throw badArgument(3, fname, "timeout field must be a number");
      return { on: on !== false, timeout } satisfies Linger;
    }
    case "membership": {
      if (!(v instanceof LuauTable)) throw badArgument(3, fname, `table expected, got ${typeName(v)}`);
      const multiaddr = checkString(field(v, "multiaddr", fname), 3, fname);
      const iface = v.get("interface");
      return { multiaddr, iface: iface === undefined || iface === "*" ? undefined : checkString(iface, 3, fname) } satisfies Membership;
    }
  }
}

function toLuau(v: unknown): unknown {
  if (typeof v === "object" && v !== null) {
    const l = v as Linger;
    const t = new LuauTable();
    t.set("on", l.on);
    t.set("timeout", l.timeout);
    return t;
  }
  return v;
}

/** Applies one option to the live socket; returns an error string if the OS refused it. */
export type ApplyOption = (name: string, value: unknown) => string | undefined;

export class Options {
  private readonly values = new Map<string, unknown>();

  constructor(
    private readonly table: OptionTable,
    initial: Record<string, unknown> = {},
  ) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }

  get(name: string): unknown {
    return this.values.has(name) ? this.values.get(name) : this.table[name]?.initial;
  }

  /** The options set so far, in the order they were set (to replay on a new socket). */
  entries(): [string, unknown][] {
    return [...this.values];
  }

  /** setoption(name, value): `1` or `nil, err`. */
  set(name: unknown, value: unknown, apply: ApplyOption): unknown {
    const n = checkString(name, 2, "setoption");
    const spec = this.table[n];
    if (spec === undefined) throw badArgument(2, "setoption", `unsupported option \`${n}'`);
    const v = checkValue(spec, value);
    const err = apply(n, v);
    if (err !== undefined) return [undefined, err];
    if (spec.initial !== undefined) this.values.set(n, v);
    return 1;
  }

  /** getoption(name): the value or `nil, err`. */
  read(name: unknown): unknown {
    const n = checkString(name, 2, "getoption");
    const spec = this.table[n];
    if (spec === undefined || spec.initial === undefined) throw badArgument(2, "getoption", `unsupported option \`${n}'`);
    return toLuau(this.get(n));
  }
}
