// ServeRequest: what a net.serve handler receives, a userdata with read-only fields
//   method, path, query, headers, body, ip, port
// Fields are computed on first read and kept, so a handler that looks only at the path pays for
// nothing else (the hot path of a busy server).
import type { Server } from "bun";
import type { LuauTable } from "../../../../../runtime/table";
import type { Userdata } from "../../../../../runtime/values";
import { defineUserdata } from "../../../userdata";
import { parseForm } from "../../url/form";
import { CONTENT_CODING_HEADERS, headerPairs, multiMapTable } from "../shared/headers";

export class ServeRequest {
  private pathEnd = -1;
  private queryTable: LuauTable | undefined = undefined;
  private headerTable: LuauTable | undefined = undefined;
  private peer: { address: string; port: number } | null | undefined = undefined;

  constructor(
    readonly req: Request,
    readonly server: Server<unknown>,
    /** The body as a Luau string, already decoded from its Content-Encoding if it had one. */
    readonly body: string,
    private readonly decoded: boolean,
  ) {}

  /** Index of the `/` that starts the path in req.url ("http://host/path?query"). */
  private pathStart(): number {
    const url = this.req.url;
    return url.indexOf("/", url.indexOf("//") + 2);
  }

  get path(): string {
    const url = this.req.url;
    const start = this.pathStart();
    if (start < 0) return "/";
    if (this.pathEnd < 0) {
      const q = url.indexOf("?", start);
      this.pathEnd = q < 0 ? url.length : q;
    }
    return url.slice(start, this.pathEnd);
  }

  get query(): LuauTable {
    if (this.queryTable === undefined) {
      const url = this.req.url;
      const q = url.indexOf("?", Math.max(this.pathStart(), 0));
      this.queryTable = multiMapTable(q < 0 ? [] : parseForm(url.slice(q + 1)));
    }
    return this.queryTable;
  }

  get headers(): LuauTable {
    this.headerTable ??= multiMapTable(headerPairs(this.req.headers, this.decoded ? CONTENT_CODING_HEADERS : undefined));
    return this.headerTable;
  }

  private remote(): { address: string; port: number } | null {
    if (this.peer === undefined) this.peer = this.server.requestIP(this.req);
    return this.peer;
  }

  get ip(): string | undefined {
    return this.remote()?.address;
  }

  get port(): number | undefined {
    return this.remote()?.port;
  }
}

export const ServeRequestType = defineUserdata("ServeRequest", ServeRequest, {}, (r, key) => {
  switch (key) {
    case "method":
      return r.req.method;
    case "path":
      return r.path;
    case "query":
      return r.query;
    case "headers":
      return r.headers;
    case "body":
      return r.body;
    case "ip":
      return r.ip;
    case "port":
      return r.port;
    default:
      return undefined;
  }
});

export function wrapServeRequest(r: ServeRequest): Userdata {
  return ServeRequestType.wrap(r);
}
