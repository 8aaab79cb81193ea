// UdpSocket as scripts hold it: read-only fields (address, ip, port) and `:` methods.
import { LuauTable } from "../../../../runtime/table";
import { SUSPEND } from "../../../../runtime/thread";
import { LuauBuffer, NONE, typeName } from "../../../../runtime/values";
import { argError, checkBoolean, checkInteger, checkString, checkTable, optInteger } from "../../../args";
import { defineUserdata, type UserdataClass } from "../../userdata";
import { formatAddress, literalEndpoint, resolveAddress, type Endpoint } from "../shared/address";
import { ownedBytes } from "../shared/bytes";
import { UdpEndpoint, WAIT, type Datagram } from "./endpoint";

const DEFAULT_RECV_SIZE = 65535;

function maxSize(v: unknown, fname: string): number {
  const n = optInteger(v, 2, fname, DEFAULT_RECV_SIZE);
  if (n < 1) throw argError(2, fname, "size must be positive");
  return n;
}

// Senders' address texts by port, reused for their next datagrams: servers mostly hear from the same
// few peers, and sendTo then looks up a string whose hash is already computed (a new string per
// datagram cost more than the rest of recvFrom). Cleared whole when full.
const senders = new Map<number, { ip: string; text: string }>();
const MAX_SENDERS = 4096;

function formatFrom(d: Datagram): string {
  const known = senders.get(d.port);
  if (known !== undefined && known.ip === d.ip) return known.text;
  if (senders.size >= MAX_SENDERS) senders.clear();
  const text = formatAddress(d.ip, d.port);
  senders.set(d.port, { ip: d.ip, text });
  return text;
}

const unwrap = (self: unknown, method: string) => UdpSocketType.unwrap(self, method);

/** recvFrom ({data, address}) and recv (the data): nil once the socket is closed. */
function receiver(fname: string, withAddress: boolean) {
  return function* (self: unknown, size: unknown): Generator<unknown, unknown, unknown> {
    const ep = unwrap(self, fname);
    const max = maxSize(size, fname);
    for (;;) {
      const d = ep.receiveNow();
      if (d === undefined) return undefined;
      if (d !== WAIT) {
        if (!withAddress) return ep.payload(d, max);
        const t = new LuauTable();
        t.h.data = ep.payload(d, max);
        t.h.address = formatFrom(d);
        return t;
      }
      // waiting inline rather than in a WaitQueue.wait() generator: one generator fewer to resume
      // through for every datagram a server waits for
      const receivers = ep.receiveWaiters;
      const w = receivers.enter();
      try {
        yield SUSPEND;
      } finally {
        receivers.leave(w);
      }
    }
  };
}

export const UdpSocketType: UserdataClass<UdpEndpoint> = defineUserdata(
  "UdpSocket",
  UdpEndpoint,
  {
    *sendTo(self: unknown, data: unknown, address: unknown): Generator<unknown, unknown, unknown> {
      const ep = unwrap(self, "sendTo");
      const bytes = ep.outgoing(data, 2, "sendTo");
      const text = checkString(address, 3, "sendTo", arguments.length);
      const to = literalEndpoint(text) ?? (yield* resolveAddress(text));
      if (ep.sendNow(bytes, to)) yield* ep.outboxRoom();
      return NONE;
    },
    *send(self: unknown, data: unknown): Generator<unknown, unknown, unknown> {
      const ep = unwrap(self, "send");
      if (ep.sendNow(ep.outgoing(data, 2, "send"), ep.connectedPeer)) yield* ep.outboxRoom();
      return NONE;
    },
    /** sendMany({ data | {data = ..., address = ...}, ... }, address?): plain entries go to `address`, else to the connected peer. */
    *sendMany(self: unknown, list: unknown, address: unknown): Generator<unknown, unknown, unknown> {
      const ep = unwrap(self, "sendMany");
      const t = checkTable(list, 2, "sendMany", arguments.length);
      const fallback = address === undefined ? undefined : yield* resolveAddress(checkString(address, 3, "sendMany"));
      const n = t.length();
      for (let i = 1; i <= n; i++) {
        const item = t.get(i);
        let bytes: Uint8Array;
        let to: Endpoint;
        if (item instanceof LuauTable) {
          to = yield* resolveAddress(checkString(item.get("address"), 2, "sendMany"));
          bytes = ownedBytes(item.get("data"), 2, "sendMany");
        } else if (typeof item === "string" || item instanceof LuauBuffer) {
          bytes = ownedBytes(item, 2, "sendMany");
          to = fallback ?? ep.connectedPeer;
        } else {
          throw argError(2, "sendMany", `entry ${i} must be a string, buffer or table, got ${typeName(item)}`);
        }
        if (ep.sendNow(bytes, to)) yield* ep.outboxRoom();
      }
      // explicit batches go out now, in one sendMany() where the kernel allows
      ep.outbox?.flush();
      return NONE;
    },
    recvFrom: receiver("recvFrom", true),
    recv: receiver("recv", false),
    *connect(self: unknown, address: unknown): Generator<unknown, unknown, unknown> {
      const ep = unwrap(self, "connect");
      ep.connect(yield* resolveAddress(checkString(address, 2, "connect", arguments.length)));
      return NONE;
    },
    close(self: unknown) {
      unwrap(self, "close").close();
      return NONE;
    },
    setBroadcast(self: unknown, enabled: unknown) {
      const on = checkBoolean(enabled, 2, "setBroadcast", arguments.length);
      unwrap(self, "setBroadcast").option((s) => s.setBroadcast(on));
      return NONE;
    },
    setTTL(self: unknown, ttl: unknown) {
      const n = checkInteger(ttl, 2, "setTTL", arguments.length);
      unwrap(self, "setTTL").option((s) => s.setTTL(n));
      return NONE;
    },
    setMulticastTTL(self: unknown, ttl: unknown) {
      const n = checkInteger(ttl, 2, "setMulticastTTL", arguments.length);
      unwrap(self, "setMulticastTTL").option((s) => s.setMulticastTTL(n));
      return NONE;
    },
    setMulticastLoopback(self: unknown, enabled: unknown) {
      const on = checkBoolean(enabled, 2, "setMulticastLoopback", arguments.length);
      unwrap(self, "setMulticastLoopback").option((s) => s.setMulticastLoopback(on));
      return NONE;
    },
    setMulticastInterface(self: unknown, iface: unknown) {
      const ip = checkString(iface, 2, "setMulticastInterface", arguments.length);
      unwrap(self, "setMulticastInterface").option((s) => s.setMulticastInterface(ip));
      return NONE;
    },
    addMembership(self: unknown, group: unknown, iface: unknown) {
      const g = checkString(group, 2, "addMembership", arguments.length);
      const i = iface === undefined ? undefined : checkString(iface, 3, "addMembership");
      unwrap(self, "addMembership").option((s) => s.addMembership(g, i));
      return NONE;
    },
    dropMembership(self: unknown, group: unknown, iface: unknown) {
      const g = checkString(group, 2, "dropMembership", arguments.length);
      const i = iface === undefined ? undefined : checkString(iface, 3, "dropMembership");
      unwrap(self, "dropMembership").option((s) => s.dropMembership(g, i));
      return NONE;
    },
  },
  (ep, key) => {
    switch (key) {
      case "address":
        return ep.address;
      case "ip":
        return ep.ip;
      case "port":
        return ep.port;
      case "closed":
        return ep.isClosed;
      default:
        return undefined;
    }
  },
);
