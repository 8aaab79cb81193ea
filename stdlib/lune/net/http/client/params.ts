// The argument of net.request: a URL string (a GET), or a FetchParams table
//   { url, method?, headers?, query?, body?, options? = { decompress? } }
// checked and normalised before anything is sent.
import { rtError } from "../../../../../runtime/errors";
import { LuauTable } from "../../../../../runtime/table";
import { LuauBuffer, numberToString, typeName } from "../../../../../runtime/values";
import { VERSION_STRING } from "../../../../globals";
import { formEncode } from "../../url/form";
import { readMultiMap } from "../shared/headers";
import { bytesToString, copyBytes } from "../../../../../runtime/bytes";

export interface FetchParams {
  url: URL;
  method: string;
  headers: Headers;
  /** Bytes to send, or undefined for no body. */
  body: Uint8Array | undefined;
  decompress: boolean;
}

/** Lune's User-Agent, `lune/<version>`, from the `_VERSION` it reports ("Lune 0.10.5+709"). */
const USER_AGENT = VERSION_STRING.replace(/^(\S+) /, (_, name: string) => name.toLowerCase() + "/");

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function readFetchParams(config: unknown, nargs: number): FetchParams {
  if (typeof config === "string") return finish(parseUrl(config), "GET", [], [], undefined, true);
  if (!(config instanceof LuauTable)) {
    const got = nargs < 1 ? "no value" : typeName(config);
    throw rtError(`Invalid request config - expected string or table, got ${got}`);
  }
  const url = config.get("url");
  if (typeof url !== "string") throw rtError("Missing 'url' in request config");
  const method = config.get("method");
  const methodText = method === undefined ? "GET" : asBytes(method, "method").trim().toUpperCase();
  if (!TOKEN.test(methodText)) throw rtError(`Invalid request config method '${methodText}'`);
  const body = config.get("body");
  return finish(
    parseUrl(url),
    methodText,
    optionalMap(config.get("query"), "query"),
    optionalMap(config.get("headers"), "headers"),
    body === undefined ? undefined : bodyBytes(body),
    readDecompress(config.get("options")),
  );
}

function finish(url: URL, method: string, query: [string, string][], headerPairs: [string, string][], body: Uint8Array | undefined, decompress: boolean): FetchParams {
  if (body !== undefined && body.length === 0) body = undefined;
  // Bun's fetch refuses these outright (Lune would send them)
  if (body !== undefined && (method === "GET" || method === "HEAD")) throw rtError(`A ${method} request cannot have a body in bune`);
  if (query.length > 0) {
    const added = query.map(([k, v]) => formEncode(k) + "=" + formEncode(v)).join("&");
    url.search = url.search.length > 1 ? url.search + "&" + added : added;
  }
  const headers = new Headers();
  try {
    for (const [name, value] of headerPairs) headers.append(name, value);
  } catch (e) {
    throw rtError(`Invalid header in request config: ${e instanceof Error ? e.message : String(e)}`);
  }
  // the headers Lune adds when the script did not; no Accept-Encoding (Bun would offer gzip, br, ...)
  if (!headers.has("user-agent")) headers.set("user-agent", USER_AGENT);
  if (!headers.has("accept")) headers.set("accept", "*/*");
  if (!headers.has("accept-encoding")) headers.set("accept-encoding", "identity");
  // Bun computes Content-Length from the body itself
  headers.delete("content-length");
  return { url, method, headers, body, decompress };
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw rtError(/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) ? `Invalid URL '${text}'` : `Invalid URL '${text}': relative URL without a base`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw rtError(`unsupported scheme: ${url.protocol.slice(0, -1)}`);
  return url;
}

function asBytes(v: unknown, field: string): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return numberToString(v);
  if (v instanceof LuauBuffer) return bytesToString(v.bytes);
  throw rtError(`Invalid request config ${field} - expected string, got ${typeName(v)}`);
}

function optionalMap(v: unknown, field: string): [string, string][] {
  if (v === undefined) return [];
  if (!(v instanceof LuauTable)) throw rtError(`Invalid request config ${field} - expected table, got ${typeName(v)}`);
  return readMultiMap(v, field);
}

function bodyBytes(v: unknown): Uint8Array {
  if (typeof v === "string") return Buffer.from(v, "latin1");
  if (typeof v === "number") return Buffer.from(numberToString(v), "latin1");
  // a copy: the script may change its buffer while the request is in flight
  if (v instanceof LuauBuffer) return copyBytes(v.bytes);
  throw rtError(`Invalid request config body - expected string or buffer, got ${typeName(v)}`);
}

function readDecompress(options: unknown): boolean {
  if (options === undefined) return true;
  if (!(options instanceof LuauTable)) throw rtError(`Invalid request config options - expected table or nil, got ${typeName(options)}`);
  const d = options.get("decompress");
  if (d === undefined) return true;
  if (typeof d !== "boolean") throw rtError("Invalid option value for 'decompress' in request config options");
  return d;
}
