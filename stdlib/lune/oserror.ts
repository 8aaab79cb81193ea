// OS errors worded as Lune shows them (Rust's io::Error Display: `No such file or directory (os
// error 2)`), from Node-style errors that carry an errno code.
import { constants } from "node:os";
import { LuauError } from "../../runtime/errors";

const MESSAGES: Record<string, string> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  EIO: "Input/output error",
  EBADF: "Bad file descriptor",
  EAGAIN: "Resource temporarily unavailable",
  ENOMEM: "Cannot allocate memory",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  EEXIST: "File exists",
  EXDEV: "Invalid cross-device link",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  EINVAL: "Invalid argument",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ETXTBSY: "Text file busy",
  EFBIG: "File too large",
  ENOSPC: "No space left on device",
  EROFS: "Read-only file system",
  EPIPE: "Broken pipe",
  ENAMETOOLONG: "File name too long",
  ENOTEMPTY: "Directory not empty",
  ELOOP: "Too many levels of symbolic links",
};

/** The Lune text of an OS error, or the error's own message when it carries no known code. */
export function osErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === "string" && MESSAGES[code] !== undefined) {
    const errno = (constants.errno as Record<string, number>)[code];
    return errno === undefined ? MESSAGES[code] : `${MESSAGES[code]} (os error ${errno})`;
  }
  return e instanceof Error ? e.message : String(e);
}

export function osError(e: unknown): LuauError {
  return e instanceof LuauError ? e : new LuauError(osErrorText(e));
}
