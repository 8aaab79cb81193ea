// The error strings LuaSocket returns. A handful have fixed LuaSocket wording that scripts compare
// literally; everything else is the OS's strerror text.
import { strerror } from "../strerror";

const LUASOCKET_WORDING: Record<string, string> = {
  EADDRINUSE: "address already in use",
  EISCONN: "already connected",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ECONNREFUSED: "connection refused",
  ECONNABORTED: "closed",
  ECONNRESET: "closed",
  EPIPE: "closed",
  ETIMEDOUT: "timeout",
  ENOTFOUND: "host not found",
  EAI_NONAME: "host not found",
  EAI_AGAIN: "temporary failure in name resolution",
  EAI_FAIL: "non-recoverable failure in name resolution",
  // the resolver codes of Node's dns module, in LuaSocket's getaddrinfo words
  ENODATA: "host not found",
  EBADFAMILY: "ai_family not supported",
  ESERVFAIL: "non-recoverable failure in name resolution",
  ETIMEOUT: "temporary failure in name resolution",
};

/** The LuaSocket error string for an OS error code (`ECONNREFUSED` → "connection refused"). */
export function errorText(code: string): string {
  return LUASOCKET_WORDING[code] ?? strerror(code) ?? code;
}

/** The LuaSocket error string for an error thrown or reported by Bun or node:dns. */
export function describeError(e: unknown): string {
  if (typeof e === "object" && e !== null) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (code in LUASOCKET_WORDING || strerror(code) !== undefined)) return errorText(code);
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message !== "") return message;
    if (typeof code === "string") return code;
  }
  return String(e);
}
