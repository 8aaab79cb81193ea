// Socket errors as the script sees them: `connect: Connection refused (ECONNREFUSED)`, the failing
// call, the OS text (glibc's strerror / gai_strerror wording) and the errno name, so a script can
// match either. Errors are raised from the Luau thread that made the call, so they carry its position.
import { rtError, type LuauError } from "../../runtime/errors";
import { errnoOf, strerror } from "../strerror";

/** Node/Bun DNS codes → the getaddrinfo codes a C program would see. */
const DNS_CODES: Record<string, string> = {
  ENOTFOUND: "EAI_NONAME",
  ENODATA: "EAI_NONAME",
  ESERVFAIL: "EAI_FAIL",
  ETIMEOUT: "EAI_AGAIN",
  ECONNREFUSED: "EAI_AGAIN",
  EBADFAMILY: "EAI_FAMILY",
};

/** A socket error raised in the calling Luau thread; `detail` replaces the OS text when given. */
export function socketError(op: string, code: string, detail?: string): LuauError {
  return rtError(`${op}: ${detail ?? strerror(code) ?? code} (${code})`);
}

/** The errno name of a host error (Bun/Node errors carry `code`), EIO when it has none. */
export function errorCode(e: unknown): string {
  const code = (e as { code?: unknown } | undefined)?.code;
  return typeof code === "string" && /^E(?!RR_)[A-Z0-9_]+$/.test(code) ? code : "EIO";
}

/** A host failure as a socket error; unknown codes keep the host's message. */
export function hostError(op: string, e: unknown): LuauError {
  const code = errorCode(e);
  return socketError(op, code, strerror(code) === undefined && e instanceof Error ? e.message : undefined);
}

/** A resolver failure as a getaddrinfo-style error. */
export function dnsError(op: string, e: unknown): LuauError {
  const code = errorCode(e);
  return socketError(op, DNS_CODES[code] ?? (code.startsWith("EAI_") ? code : "EAI_FAIL"));
}

/** The Linux errno number of a code (SO_ERROR), 0 when unknown. */
export function errnoNumber(code: string): number {
  return errnoOf(code) ?? 0;
}
