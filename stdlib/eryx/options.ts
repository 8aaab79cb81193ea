// setsockopt / getsockopt, mapped onto what Bun can do:
//   TCP_NODELAY   Socket.setNoDelay (Bun enables it on every connection, so it reads true by default)
//   SO_KEEPALIVE  Socket.setKeepAlive (TCP)
//   SO_REUSEADDR  TCP: recorded; Bun sets SO_REUSEADDR on every listening socket anyway.
//                 UDP: Bun cannot set it, so only `false` is accepted.
//   SO_REUSEPORT  TCP: Bun.listen's reusePort (set before listen)
//   SO_BROADCAST  UDP: setBroadcast
//   IPV6_V6ONLY   AF_INET6 TCP: Bun.listen's ipv6Only (set before listen); Bun's UDP is dual-stack
//   SO_ERROR, SO_TYPE  read-only
// Anything else raises `setsockopt: ... (ENOPROTOOPT)`.
import { numberToString } from "../../runtime/values";
import { typeError } from "../args";
import {
  AF_INET6, IPPROTO_IPV6, IPPROTO_TCP, IPV6_V6ONLY, SOL_SOCKET, SO_BROADCAST, SO_ERROR, SO_KEEPALIVE, SO_LINGER,
  SO_RCVBUF, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, SO_TYPE, TCP_NODELAY,
} from "./constants";
import { errnoNumber, socketError } from "./errno";
import type { EryxSocket } from "./socket";
import { TcpListener } from "./tcp_listener";
import { TcpStream } from "./tcp_stream";
import { UdpEndpoint } from "./udp";

type Flag = "reuseAddr" | "reusePort" | "keepAlive" | "noDelay" | "broadcast" | "v6Only";

const SOL_SOCKET_NAMES: Record<number, string> = {
  [SO_TYPE]: "SO_TYPE", [SO_REUSEADDR]: "SO_REUSEADDR", [SO_ERROR]: "SO_ERROR", [SO_BROADCAST]: "SO_BROADCAST",
  [SO_SNDBUF]: "SO_SNDBUF", [SO_RCVBUF]: "SO_RCVBUF", [SO_KEEPALIVE]: "SO_KEEPALIVE", [SO_LINGER]: "SO_LINGER",
  [SO_REUSEPORT]: "SO_REUSEPORT",
};

function optionName(level: number, option: number): string {
  if (level === SOL_SOCKET && SOL_SOCKET_NAMES[option] !== undefined) return SOL_SOCKET_NAMES[option];
  if (level === IPPROTO_TCP && option === TCP_NODELAY) return "TCP_NODELAY";
  if (level === IPPROTO_IPV6 && option === IPV6_V6ONLY) return "IPV6_V6ONLY";
  return `option ${numberToString(option)} of level ${numberToString(level)}`;
}

/** The flag an option maps to, or an error naming why bune cannot offer it on this socket. */
function flagFor(s: EryxSocket, level: number, option: number, op: string): Flag {
  const unsupported = (why: string) => socketError(op, "ENOPROTOOPT", `${optionName(level, option)} is not supported ${why}`);
  if (level === SOL_SOCKET) {
    switch (option) {
      case SO_REUSEADDR: return "reuseAddr";
      case SO_KEEPALIVE: return "keepAlive";
      case SO_BROADCAST: return "broadcast";
      case SO_REUSEPORT:
        if (!s.isStream) throw unsupported("on UDP sockets (Bun cannot set it there)");
        return "reusePort";
    }
    throw unsupported("by bune");
  }
  if (level === IPPROTO_TCP && option === TCP_NODELAY) {
    if (!s.isStream) throw unsupported("on UDP sockets");
    return "noDelay";
  }
  if (level === IPPROTO_IPV6 && option === IPV6_V6ONLY) {
    if (s.family !== AF_INET6) throw unsupported("on AF_INET sockets");
    return "v6Only";
  }
  throw unsupported("by bune");
}

export function setOption(s: EryxSocket, level: number, option: number, value: unknown, nargs: number): void {
  const op = "setsockopt";
  if (typeof value !== "boolean" && typeof value !== "number") throw typeError(3, op, "number or boolean", value, nargs);
  if (level === SOL_SOCKET && (option === SO_ERROR || option === SO_TYPE)) throw socketError(op, "ENOPROTOOPT", `${optionName(level, option)} is read-only`);
  const flag = flagFor(s, level, option, op);
  const on = value === true || (typeof value === "number" && value !== 0);
  const role = s.role;
  switch (flag) {
    case "noDelay":
      if (role instanceof TcpStream) role.setNoDelay(on);
      break;
    case "keepAlive":
      if (role instanceof TcpStream) role.setKeepAlive(on);
      break;
    case "broadcast":
      if (role instanceof UdpEndpoint) role.setBroadcast(on);
      break;
    case "reuseAddr":
      if (on && !s.isStream) throw socketError(op, "ENOPROTOOPT", "SO_REUSEADDR is not supported on UDP sockets (Bun cannot set it there)");
      break;
    case "reusePort":
    case "v6Only":
      if (role instanceof TcpListener && on !== s.opts[flag]) throw socketError(op, "EINVAL", "this option must be set before listen()");
      if (flag === "v6Only" && on && !s.isStream) throw socketError(op, "ENOPROTOOPT", "IPV6_V6ONLY is not supported on UDP sockets (Bun's are dual-stack)");
      break;
  }
  s.opts[flag] = on;
}

export function getOption(s: EryxSocket, level: number, option: number): number | boolean {
  if (level === SOL_SOCKET && option === SO_TYPE) return s.type;
  if (level === SOL_SOCKET && option === SO_ERROR) {
    const code = s.role instanceof TcpStream ? s.role.takeError() : undefined;
    return code === undefined ? 0 : errnoNumber(code);
  }
  return s.opts[flagFor(s, level, option, "getsockopt")];
}
