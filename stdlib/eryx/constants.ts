// The module's constants. The seed names them but gives values only for SHUT_*; bune uses the
// Linux values everywhere (scripts are expected to use the names).
export const AF_UNSPEC = 0;
export const AF_INET = 2;
export const AF_INET6 = 10;

export const SOCK_STREAM = 1;
export const SOCK_DGRAM = 2;

export const SOL_SOCKET = 1;
export const IPPROTO_IP = 0;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;

export const SO_TYPE = 3;
export const SO_REUSEADDR = 2;
export const SO_ERROR = 4;
export const SO_BROADCAST = 6;
export const SO_SNDBUF = 7;
export const SO_RCVBUF = 8;
export const SO_KEEPALIVE = 9;
export const SO_LINGER = 13;
export const SO_REUSEPORT = 15;
export const TCP_NODELAY = 1;
export const IPV6_V6ONLY = 26;

export const SHUT_RD = 0;
export const SHUT_WR = 1;
export const SHUT_RDWR = 2;

export const AI_PASSIVE = 1;
export const AI_CANONNAME = 2;
export const AI_NUMERICHOST = 4;
export const AI_V4MAPPED = 8;
export const AI_ALL = 16;
export const AI_ADDRCONFIG = 32;
export const AI_NUMERICSERV = 1024;

export const NI_NUMERICHOST = 1;
export const NI_NUMERICSERV = 2;
export const NI_NOFQDN = 4;
export const NI_NAMEREQD = 8;
export const NI_DGRAM = 16;

/** Every constant, as the module table exposes them. */
export const CONSTANTS: Record<string, number> = {
  AF_UNSPEC, AF_INET, AF_INET6,
  SOCK_STREAM, SOCK_DGRAM,
  SOL_SOCKET, IPPROTO_IP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_IPV6,
  SO_TYPE, SO_REUSEADDR, SO_ERROR, SO_BROADCAST, SO_SNDBUF, SO_RCVBUF, SO_KEEPALIVE, SO_LINGER, SO_REUSEPORT,
  TCP_NODELAY, IPV6_V6ONLY,
  SHUT_RD, SHUT_WR, SHUT_RDWR,
  AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_V4MAPPED, AI_ALL, AI_ADDRCONFIG, AI_NUMERICSERV,
  NI_NUMERICHOST, NI_NUMERICSERV, NI_NOFQDN, NI_NAMEREQD, NI_DGRAM,
};
