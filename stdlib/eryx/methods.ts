// The Socket userdata's method table and _socket.socket(). Methods that can wait are generator
// functions: in blocking mode (the default) they suspend only the calling Luau thread; in
// non-blocking mode they return nil (sendall: false) where they would wait. Luau counts `self` as
// argument #1. This file has the methods that never wait: options, modes and names.
import { NONE, numberToString } from "../../runtime/values";
import { argError, checkBoolean, checkInteger, checkNumber, library, optInteger } from "../args";
import { wildcard } from "./address";
import { open, result } from "./checks";
import { AF_INET, AF_INET6, IPPROTO_TCP, IPPROTO_UDP, SOCK_DGRAM, SOCK_STREAM } from "./constants";
import { socketError } from "./errno";
import { accept, bind, close, connect, listen, shutdown } from "./lifecycle";
import { getOption, setOption } from "./options";
import { EryxSocket } from "./socket";
import { TcpStream } from "./tcp_stream";
import { recv, recvfrom, send, sendall, sendto } from "./transfer";
import { UdpEndpoint } from "./udp";

function setsockopt(self: unknown, level: unknown, option: unknown, value: unknown) {
  const nargs = arguments.length;
  const s = open(self, "setsockopt");
  const lv = checkInteger(level, 2, "setsockopt", nargs);
  const opt = checkInteger(option, 3, "setsockopt", nargs);
  setOption(s, lv, opt, value, nargs);
  return NONE;
}

function getsockopt(self: unknown, level: unknown, option: unknown) {
  const nargs = arguments.length;
  const s = open(self, "getsockopt");
  return getOption(s, checkInteger(level, 2, "getsockopt", nargs), checkInteger(option, 3, "getsockopt", nargs));
}

function setblocking(self: unknown, flag: unknown) {
  const s = open(self, "setblocking");
  s.blocking = checkBoolean(flag, 2, "setblocking", arguments.length);
  return NONE;
}

function settimeout(self: unknown, seconds: unknown) {
  const s = open(self, "settimeout");
  if (seconds === undefined) {
    s.timeout = undefined;
    return NONE;
  }
  const t = checkNumber(seconds, 2, "settimeout");
  if (!(t >= 0)) throw argError(2, "settimeout", "timeout must not be negative");
  // the seed: nil or 0 means no timeout
  s.timeout = t === 0 || t === Infinity ? undefined : t;
  return NONE;
}

function getpeername(self: unknown) {
  const s = open(self, "getpeername");
  const role = s.role;
  const peer = role instanceof TcpStream ? (role.connected ? role.peerName() : undefined) : role instanceof UdpEndpoint ? role.peer : undefined;
  if (peer === undefined) throw socketError("getpeername", "ENOTCONN");
  return result(peer, s.family);
}

function getsockname(self: unknown) {
  const s = open(self, "getsockname");
  const role = s.role;
  const local = role instanceof TcpStream ? role.localName() : role !== undefined ? role.localName() : s.bound;
  return result(local ?? { host: wildcard(s.family), port: 0 }, s.family);
}

function fileno(self: unknown) {
  return open(self, "fileno").fd;
}

const methods = library({
  bind, listen, accept, connect, close, shutdown,
  send, sendall, sendAll: sendall, sendto, recv, recvfrom,
  setsockopt, getsockopt, setblocking, settimeout,
  getpeername, getsockname, fileno,
});

EryxSocket.metatable = library({ __index: methods, __metatable: "The metatable is locked" });

/** _socket.socket(family, type, protocol?) */
export function socket(family: unknown, type: unknown, proto: unknown): EryxSocket {
  const nargs = arguments.length;
  const fam = checkInteger(family, 1, "socket", nargs);
  const ty = checkInteger(type, 2, "socket", nargs);
  const pr = optInteger(proto, 3, "socket", 0);
  if (fam !== AF_INET && fam !== AF_INET6) throw argError(1, "socket", `unsupported address family ${numberToString(fam)}`);
  if (ty !== SOCK_STREAM && ty !== SOCK_DGRAM) throw argError(2, "socket", `unsupported socket type ${numberToString(ty)}`);
  const want = ty === SOCK_STREAM ? IPPROTO_TCP : IPPROTO_UDP;
  if (pr !== 0 && pr !== want) throw argError(3, "socket", `protocol ${numberToString(pr)} does not match the socket type`);
  return new EryxSocket(fam, ty, want);
}
