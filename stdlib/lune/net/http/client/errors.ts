// Transport failures of fetch() worded as Lune reports them: the OS error text where there is one
// (`Connection refused (os error 111)`), hyper's wording for a connection that closed early.
import { LuauError } from "../../../../../runtime/errors";
import { errorText, netError } from "../../shared/errors";

export function fetchError(e: unknown): LuauError {
  if (e instanceof LuauError) return e;
  const err = e as { code?: unknown; message?: unknown } | undefined;
  if (err?.code === "ECONNRESET" && typeof err.message === "string" && err.message.includes("closed unexpectedly")) {
    return netError("Connection closed before message completed");
  }
  return netError(errorText(e));
}
