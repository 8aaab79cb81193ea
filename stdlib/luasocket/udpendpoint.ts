// One bound UDP socket (behind a bound udp{unconnected} or udp{connected}): Bun's datagram events
// land here and become a queue plus one Signal that waiting Luau threads re-check.
import type { udp } from "bun";
import { familyOfBun, type Family } from "./address";
import { describeError } from "./oserror";
import type { Membership } from "./options";
import { Signal, settle } from "./wait";
import { bytesToString } from "../../runtime/bytes";

export interface Datagram {
  data: string;
  ip: string;
  port: number;
}

/** Datagrams kept unread at most; later ones are dropped, as a full kernel buffer would. */
const QUEUE_LIMIT = 4096;

export class UdpEndpoint {
  readonly signal = new Signal();
  /** An ICMP "port unreachable" arrived (reported once, by a connected object). */
  refused = false;
  /** The last send could not go out; the next waits for Bun's drain event. */
  blocked = false;
  ip = "";
  port = 0;
  family: Family = "inet";
  private socket: udp.Socket<"buffer"> | undefined = undefined;
  private readonly queue: Datagram[] = [];

  /** Binds ip:port; returns the endpoint or the error string ("address already in use", ...). */
  static *open(ip: string, port: number): Generator<unknown, UdpEndpoint | string, unknown> {
    const ep = new UdpEndpoint();
    let opening;
    try {
      opening = Bun.udpSocket({
        hostname: ip,
        port,
        socket: {
          data: (_s, d, fromPort, fromIp) => ep.onData(d, fromIp, fromPort),
          drain: () => ep.onDrain(),
          error: (_s, e) => ep.onError(e),
        },
      });
    } catch (e) {
      // binding errors are thrown at once
      return describeError(e);
    }
    const r = yield* settle(opening);
    if (!r.ok) return describeError(r.error);
    const s = r.value;
    ep.socket = s;
    ep.ip = s.address.address;
    ep.port = s.address.port;
    ep.family = familyOfBun(s.address.family, s.address.address);
    s.unref(); // waiting threads keep the process alive (wait.ts)
    return ep;
  }

  private onData(d: Buffer, ip: string, port: number): void {
    if (this.queue.length >= QUEUE_LIMIT) return;
    this.queue.push({ data: bytesToString(d), ip, port });
    this.signal.notify();
  }

  private onDrain(): void {
    this.blocked = false;
    this.signal.notify();
  }

  private onError(e: Error | undefined): void {
    // Bun reports an ICMP "port unreachable" as an error event without an error
    if (e !== undefined && (e as { code?: string }).code !== "ECONNREFUSED") return;
    this.refused = true;
    this.signal.notify();
  }

  /** The next datagram (from `only`, if given: others are discarded, as a connected socket does). */
  next(only?: { ip: string; port: number }): Datagram | undefined {
    for (;;) {
      const d = this.queue.shift();
      if (d === undefined || only === undefined) return d;
      if (d.port === only.port && sameIp(d.ip, only.ip)) return d;
    }
  }

  get hasData(): boolean {
    return this.queue.length > 0;
  }

  /** Sends one datagram: true if it went out, false if the socket is busy (wait for the signal), or an error. */
  send(data: Uint8Array, ip: string, port: number): boolean | string {
    const s = this.socket;
    if (s === undefined || s.closed) return "closed";
    try {
      if (s.send(data, port, ip)) return true;
    } catch (e) {
      return describeError(e);
    }
    this.blocked = true;
    return false;
  }

  /** Applies a setoption value Bun can carry out; returns an error string if it refuses. */
  apply(name: string, value: unknown): string | undefined {
    const s = this.socket;
    if (s === undefined) return undefined;
    try {
      switch (name) {
        case "broadcast":
          s.setBroadcast(value as boolean);
          break;
        case "ip-multicast-ttl":
        case "ipv6-multicast-hops":
          s.setMulticastTTL(value as number);
          break;
        case "ipv6-unicast-hops":
          s.setTTL(value as number);
          break;
        case "ip-multicast-loop":
        case "ipv6-multicast-loop":
          s.setMulticastLoopback(value as boolean);
          break;
        case "ip-multicast-if":
          s.setMulticastInterface(value as string);
          break;
        case "ip-add-membership":
        case "ipv6-add-membership": {
          const m = value as Membership;
          s.addMembership(m.multiaddr, m.iface);
          break;
        }
        case "ip-drop-membership":
        case "ipv6-drop-membership": {
          const m = value as Membership;
          s.dropMembership(m.multiaddr, m.iface);
          break;
        }
      }
    } catch (e) {
      return describeError(e);
    }
    return undefined;
  }

  close(): void {
    this.socket?.close();
    this.socket = undefined;
    this.queue.length = 0;
    this.signal.notify();
  }
}

/** IPv4 peers show up as IPv4-mapped IPv6 addresses on dual-stack sockets. */
function sameIp(a: string, b: string): boolean {
  const strip = (ip: string) => (ip.startsWith("::ffff:") ? ip.slice(7) : ip);
  return strip(a) === strip(b);
}
