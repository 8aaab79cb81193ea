// OS error texts as glibc words them (strerror, and gai_strerror for name resolution), shared by
// every library that reports OS errors; each formats them its own way (Lune: `Text (os error N)`,
// LuaSocket: its own fixed words first, @eryx/_socket: `op: Text (CODE)`).
import { constants } from "node:os";

const TEXT: Record<string, string> = {
  EACCES: "Permission denied",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EAFNOSUPPORT: "Address family not supported by protocol",
  EAGAIN: "Resource temporarily unavailable",
  EALREADY: "Operation already in progress",
  EBADF: "Bad file descriptor",
  EBUSY: "Device or resource busy",
  ECONNABORTED: "Software caused connection abort",
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  EDESTADDRREQ: "Destination address required",
  EEXIST: "File exists",
  EFBIG: "File too large",
  EHOSTUNREACH: "No route to host",
  EINVAL: "Invalid argument",
  EIO: "Input/output error",
  EISCONN: "Transport endpoint is already connected",
  EISDIR: "Is a directory",
  ELOOP: "Too many levels of symbolic links",
  EMFILE: "Too many open files",
  EMSGSIZE: "Message too long",
  ENAMETOOLONG: "File name too long",
  ENETUNREACH: "Network is unreachable",
  ENFILE: "Too many open files in system",
  ENOBUFS: "No buffer space available",
  ENOENT: "No such file or directory",
  ENOMEM: "Cannot allocate memory",
  ENOPROTOOPT: "Protocol not available",
  ENOSPC: "No space left on device",
  ENOTCONN: "Transport endpoint is not connected",
  ENOTDIR: "Not a directory",
  ENOTEMPTY: "Directory not empty",
  EOPNOTSUPP: "Operation not supported",
  EPERM: "Operation not permitted",
  EPIPE: "Broken pipe",
  EPROTONOSUPPORT: "Protocol not supported",
  EROFS: "Read-only file system",
  ESOCKTNOSUPPORT: "Socket type not supported",
  ETIMEDOUT: "Connection timed out",
  ETXTBSY: "Text file busy",
  EXDEV: "Invalid cross-device link",
  // getaddrinfo / getnameinfo
  EAI_ADDRFAMILY: "Address family for hostname not supported",
  EAI_AGAIN: "Temporary failure in name resolution",
  EAI_FAIL: "Non-recoverable failure in name resolution",
  EAI_FAMILY: "ai_family not supported",
  EAI_NONAME: "Name or service not known",
  EAI_SERVICE: "Servname not supported for ai_socktype",
  EAI_SOCKTYPE: "ai_socktype not supported",
};

/** The OS text of an errno (or EAI_*) code, undefined when unknown. */
export function strerror(code: string): string | undefined {
  return Object.hasOwn(TEXT, code) ? TEXT[code] : undefined;
}

/** The Linux errno number of a code, undefined when unknown. */
export function errnoOf(code: string): number | undefined {
  return (constants.errno as Record<string, number>)[code];
}
