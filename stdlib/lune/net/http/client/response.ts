// FetchResponse: what net.request returns, a read-only table
//   { ok, statusCode, statusMessage, headers, body }
// (Lune returns a userdata with the same read-only fields).
import { LuauTable } from "../../../../../runtime/table";
import { multiMapTable, headerPairs, CONTENT_CODING_HEADERS } from "../shared/headers";
import { reasonPhrase } from "../shared/status";

export interface Received {
  status: number;
  headers: Headers;
  body: string;
  /** The body was decoded from its Content-Encoding. */
  decoded: boolean;
}

export function fetchResponse(r: Received): LuauTable {
  const t = new LuauTable();
  t.h.ok = r.status >= 200 && r.status <= 299;
  t.h.statusCode = r.status;
  t.h.statusMessage = reasonPhrase(r.status);
  t.h.headers = multiMapTable(headerPairs(r.headers, r.decoded ? CONTENT_CODING_HEADERS : undefined));
  t.h.body = r.body;
  t.frozen = true;
  return t;
}
