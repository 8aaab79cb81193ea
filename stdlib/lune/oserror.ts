// OS errors worded as Lune shows them (Rust's io::Error Display: `No such file or directory (os
// error 2)`), from Node-style errors that carry an errno code.
import { LuauError } from "../../runtime/errors";
import { errnoOf, strerror } from "../strerror";

/** The Lune text of an OS error, or the error's own message when it carries no known code. */
export function osErrorText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  const text = typeof code === "string" ? strerror(code) : undefined;
  if (text !== undefined) {
    const errno = errnoOf(code as string);
    return errno === undefined ? text : `${text} (os error ${errno})`;
  }
  return e instanceof Error ? e.message : String(e);
}

export function osError(e: unknown): LuauError {
  return e instanceof LuauError ? e : new LuauError(osErrorText(e));
}
