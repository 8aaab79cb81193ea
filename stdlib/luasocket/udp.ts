// UDP objects: udp{unconnected} (fresh; sendto/receivefrom) and udp{connected} (after setpeername;
// send/receive with one peer). A socket is bound on setsockname or, implicitly, on its first
// sendto/setpeername. "Connected" is kept here rather than in the kernel (Bun cannot reconnect a
// UDP socket): sends go to the peer and datagrams from anyone else are discarded.
import { isIP } from "node:net";
import { NONE, type Userdata } from "../../runtime/values";
import { checkNumber, typeError } from "../args";
import { NAME_OR_SERVICE_UNKNOWN, familyOfIp, hostText, isLoopback, parsePort, resolveHost, wildcardFor, type Family, type FamilyChoice } from "./address";
import { checkSelf, defineClass, newFd, newObject, setClass, type SocketHost, type UdpClass } from "./objects";
import { Options, UDP_OPTIONS } from "./options";
import { Timeout } from "./timeout";
import { UdpEndpoint, type Datagram } from "./udpendpoint";
import { Signal, untilReady } from "./wait";

/** LuaSocket's receive buffer size: the default maximum datagram size returned. */
const DEFAULT_DATAGRAM_SIZE = 8192;
const MAX_DATAGRAM = { inet: 65507, inet6: 65527 };

interface Peer {
  ip: string;
  port: number;
  family: Family;
}

export class UdpSocket implements SocketHost {
  cls: UdpClass = "udp{unconnected}";
  fd = newFd();
  readonly timeout = new Timeout();
  readonly options: Options;
  /** Fires on close, so threads waiting on an unbound socket notice. */
  readonly signal = new Signal();
  endpoint: UdpEndpoint | undefined = undefined;
  peer: Peer | undefined = undefined;
  closed = false;
  /** Options set before the socket existed that leave no value to read back (memberships). */
  private pendingOptions: [string, unknown][] = [];

  constructor(public family: FamilyChoice) {
    this.options = new Options(UDP_OPTIONS, family === "inet6" ? { "ipv6-v6only": true } : {});
  }

  release(): void {
    this.closed = true;
    this.fd = -1;
    this.endpoint?.close();
    this.signal.notify();
  }

  /** Binds to ip:port; replays the options set so far. Returns an error string or undefined. */
  *bind(ip: string, port: number): Generator<unknown, string | undefined, unknown> {
    const ep = yield* UdpEndpoint.open(ip, port);
    if (typeof ep === "string") return ep;
    if (this.closed) {
      ep.close();
      return "closed";
    }
    this.endpoint = ep;
    if (this.family === "unspec") this.family = ep.family;
    for (const [name, value] of [...this.options.entries(), ...this.pendingOptions]) ep.apply(name, value);
    this.pendingOptions = [];
    return undefined;
  }

  /** Binds to an ephemeral port if not bound yet (what the kernel does on a first send). */
  *autoBind(ip: string): Generator<unknown, string | undefined, unknown> {
    if (this.endpoint !== undefined) return undefined;
    return yield* this.bind(ip, 0);
  }

  setOption(name: string, value: unknown): string | undefined {
    if (this.endpoint !== undefined) return this.endpoint.apply(name, value);
    if (name.endsWith("-membership")) this.pendingOptions.push([name, value]);
    return undefined;
  }
}

function checkData(v: unknown, fname: string, nargs: number): Buffer {
  const text = hostText(v);
  if (text === undefined) throw typeError(2, fname, "string", v, nargs);
  return Buffer.from(text, "latin1");
}

function checkSize(v: unknown, fname: string): number {
  return v === undefined ? DEFAULT_DATAGRAM_SIZE : Math.max(Math.trunc(checkNumber(v, 2, fname)), 0);
}

/** Sends one datagram within the object's timeout: the byte count or `nil, err`. */
function* sendDatagram(s: UdpSocket, data: Buffer, ip: string, port: number): Generator<unknown, unknown, unknown> {
  const family = familyOfIp(ip);
  if (data.length > MAX_DATAGRAM[family]) return [undefined, "Message too long"];
  const bindErr = yield* s.autoBind(wildcardFor(s.family === "unspec" ? family : s.family));
  if (bindErr !== undefined) return [undefined, bindErr];
  const ep = s.endpoint!;
  s.timeout.markStart();
  const r = yield* untilReady(s.timeout, [ep.signal, s.signal], () => {
    if (s.closed) return "closed";
    if (ep.blocked) return undefined;
    const sent = ep.send(data, ip, port);
    return sent === false ? undefined : sent;
  });
  if (r === true) return data.length;
  return [undefined, r ?? "timeout"];
}

/** Waits for the next datagram within the object's timeout. */
function* nextDatagram(s: UdpSocket): Generator<unknown, Datagram | string, unknown> {
  s.timeout.markStart();
  const r = yield* untilReady<Datagram | string>(s.timeout, s.endpoint ? [s.endpoint.signal, s.signal] : [s.signal], () => {
    if (s.closed) return "closed";
    const ep = s.endpoint;
    if (ep === undefined) return undefined;
    if (s.peer !== undefined && ep.refused) {
      ep.refused = false;
      return "refused";
    }
    return ep.next(s.peer);
  });
  return r ?? "timeout";
}

const methods = {
  *setsockname(self: Userdata, address: unknown, port: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{unconnected}", "setsockname");
    const host = hostText(address);
    if (host === undefined) throw typeError(2, "setsockname", "string", address, arguments.length);
    const p = parsePort(port ?? 0);
    if (p === undefined) return [undefined, NAME_OR_SERVICE_UNKNOWN];
    if (s.closed) return [undefined, "closed"];
    if (s.endpoint !== undefined) return [undefined, "Invalid argument"];
    const addrs = host === "*" ? [{ ip: wildcardFor(s.family) }] : yield* resolveHost(host, s.family);
    if (typeof addrs === "string") return [undefined, addrs];
    let err = "host not found";
    for (const a of addrs) {
      const e = yield* s.bind(a.ip, p);
      if (e === undefined) return 1;
      err = e;
    }
    return [undefined, err];
  },

  *setpeername(self: Userdata, address: unknown, port: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{any}", "setpeername");
    const host = hostText(address);
    if (host === undefined) throw typeError(2, "setpeername", "string", address, arguments.length);
    if (s.closed) return [undefined, "closed"];
    if (host === "*") {
      s.peer = undefined;
      setClass(self, "udp{unconnected}");
      return 1;
    }
    const p = parsePort(port);
    if (p === undefined) {
      if (port === undefined) throw typeError(3, "setpeername", "string", port, arguments.length);
      return [undefined, NAME_OR_SERVICE_UNKNOWN];
    }
    const addrs = yield* resolveHost(host, s.family);
    if (typeof addrs === "string") return [undefined, addrs];
    const peer = addrs[0];
    // the kernel would pick the local address that routes to the peer: loopback for a loopback peer
    const local = isLoopback(peer.ip) ? peer.ip : wildcardFor(peer.family);
    const err = yield* s.autoBind(local);
    if (err !== undefined) return [undefined, err];
    s.peer = { ip: peer.ip, port: p, family: peer.family };
    s.endpoint!.refused = false;
    setClass(self, "udp{connected}");
    return 1;
  },

  *sendto(self: Userdata, datagram: unknown, ip: unknown, port: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{unconnected}", "sendto");
    const data = checkData(datagram, "sendto", arguments.length);
    const host = hostText(ip);
    if (host === undefined) throw typeError(3, "sendto", "string", ip, arguments.length);
    const p = parsePort(port);
    if (p === undefined) {
      if (port === undefined) throw typeError(4, "sendto", "string", port, arguments.length);
      return [undefined, NAME_OR_SERVICE_UNKNOWN];
    }
    if (s.closed) return [undefined, "closed"];
    // sendto takes numeric addresses only: no name resolution
    if (isIP(host) === 0) return [undefined, NAME_OR_SERVICE_UNKNOWN];
    return yield* sendDatagram(s, data, host, p);
  },

  *send(self: Userdata, datagram: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{connected}", "send");
    const data = checkData(datagram, "send", arguments.length);
    if (s.closed) return [undefined, "closed"];
    const peer = s.peer!;
    const ep = s.endpoint!;
    if (ep.refused) {
      ep.refused = false;
      return [undefined, "refused"];
    }
    return yield* sendDatagram(s, data, peer.ip, peer.port);
  },

  *receive(self: Userdata, size: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{any}", "receive");
    const n = checkSize(size, "receive");
    const d = yield* nextDatagram(s);
    if (typeof d === "string") return [undefined, d];
    return d.data.slice(0, n);
  },

  *receivefrom(self: Userdata, size: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{unconnected}", "receivefrom");
    const n = checkSize(size, "receivefrom");
    const d = yield* nextDatagram(s);
    if (typeof d === "string") return [undefined, d];
    return [d.data.slice(0, n), d.ip, d.port];
  },

  getsockname(self: Userdata) {
    const s = checkSelf<UdpSocket>(self, "udp{any}", "getsockname");
    if (s.closed) return [undefined, "closed"];
    const ep = s.endpoint;
    if (ep !== undefined) return [ep.ip, ep.port, ep.family];
    const family = s.family === "inet6" ? "inet6" : "inet";
    return [wildcardFor(family), 0, family];
  },

  getpeername(self: Userdata) {
    const s = checkSelf<UdpSocket>(self, "udp{connected}", "getpeername");
    if (s.closed) return [undefined, "closed"];
    const peer = s.peer!;
    return [peer.ip, peer.port, peer.family];
  },

  close(self: Userdata) {
    checkSelf<UdpSocket>(self, "udp{any}", "close").release();
    return 1;
  },

  dirty(self: Userdata) {
    checkSelf<UdpSocket>(self, "udp{any}", "dirty");
    return false;
  },

  getfd(self: Userdata) {
    return checkSelf<UdpSocket>(self, "udp{any}", "getfd").fd;
  },

  setfd(self: Userdata, fd: unknown) {
    checkSelf<UdpSocket>(self, "udp{any}", "setfd").fd = checkNumber(fd, 2, "setfd");
    return NONE;
  },

  settimeout(self: Userdata, value: unknown, mode: unknown) {
    return checkSelf<UdpSocket>(self, "udp{any}", "settimeout").timeout.set(value, mode);
  },

  gettimeout(self: Userdata) {
    return checkSelf<UdpSocket>(self, "udp{any}", "gettimeout").timeout.get();
  },

  setoption(self: Userdata, name: unknown, value: unknown) {
    const s = checkSelf<UdpSocket>(self, "udp{any}", "setoption");
    return s.options.set(name, value, (n, v) => s.setOption(n, v));
  },

  getoption(self: Userdata, name: unknown) {
    return checkSelf<UdpSocket>(self, "udp{any}", "getoption").options.read(name);
  },
};

for (const cls of ["udp{unconnected}", "udp{connected}"] as const) defineClass(cls, methods);

/** socket.udp(), udp4(), udp6(). */
export function newUdp(family: FamilyChoice): Userdata {
  return newObject(new UdpSocket(family));
}
