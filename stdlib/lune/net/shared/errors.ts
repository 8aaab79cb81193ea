// Network failures worded as Lune shows OS errors (Rust's io::Error: `Connection refused (os error
// 111)`), with what was being attempted in front. They carry no script position (like Lune's errors
// raised from Rust) but keep the Luau stack of the thread that raised them for the error report.
import { constants } from "node:os";
import { LuauError } from "../../../../runtime/errors";
import { osErrorText } from "../../oserror";

const MESSAGES: Record<string, string> = {
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  ECONNREFUSED: "Connection refused",
  ECONNRESET: "Connection reset by peer",
  ECONNABORTED: "Software caused connection abort",
  EPIPE: "Broken pipe",
  ETIMEDOUT: "Connection timed out",
  EHOSTUNREACH: "No route to host",
  ENETUNREACH: "Network is unreachable",
  EMSGSIZE: "Message too long",
  EACCES: "Permission denied",
  EAFNOSUPPORT: "Address family not supported by protocol",
  ENOTCONN: "Transport endpoint is not connected",
};

const LOOKUP_FAILURES = new Set(["ENOTFOUND", "DNS_ENOTFOUND", "EAI_NONAME", "EAI_AGAIN", "DNS_ESERVFAIL"]);

/** The text of an OS error code (`ECONNREFUSED` → `Connection refused (os error 111)`). */
export function codeText(code: string): string {
  const message = MESSAGES[code];
  if (message === undefined) return osErrorText(Object.assign(new Error(code), { code }));
  const errno = (constants.errno as Record<string, number>)[code];
  return errno === undefined ? message : `${message} (os error ${errno})`;
}

/** The text of an error Bun threw or passed to a callback. */
export function errorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string") {
    if (LOOKUP_FAILURES.has(code)) return "failed to lookup address information: Name or service not known";
    if (MESSAGES[code] !== undefined) return codeText(code);
  }
  return osErrorText(e);
}

/** A network error for the running Luau thread (call it where the thread is live, not in a callback). */
export function netError(message: string): LuauError {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  const err = new LuauError(message);
  Error.stackTraceLimit = limit;
  return err;
}
