// net.request(url | params): one HTTP exchange through Bun's fetch, redirects followed here rather
// than by fetch so that Lune's rules hold (see redirect()), and the body decoded here so that
// `options.decompress = false` gives the bytes exactly as sent.
import { awaitPromise } from "../../../async";
import { decoderFor } from "../shared/compression";
import { fetchError } from "./errors";
import { readFetchParams, type FetchParams } from "./params";
import { fetchResponse, type Received } from "./response";

const MAX_REDIRECTS = 10;

export function* request(config: unknown): Generator<unknown, unknown, unknown> {
  const params = readFetchParams(config, arguments.length);
  const received = yield* awaitPromise(send(params), fetchError);
  return fetchResponse(received);
}

async function send(p: FetchParams): Promise<Received> {
  let { url, method, body } = p;
  for (let redirects = 0; ; redirects++) {
    const res = await fetch(url, { method, headers: p.headers, body, redirect: "manual", decompress: false });
    const next = redirectTarget(res, url);
    if (next === undefined) return receive(res, p.decompress);
    await res.body?.cancel();
    if (redirects >= MAX_REDIRECTS) throw new Error("Too many redirects");
    // as browsers do: 301, 302 and 303 repeat the request as a GET without a body
    if (res.status === 301 || res.status === 302 || res.status === 303) {
      method = "GET";
      body = undefined;
    }
    url = next;
  }
}

/** Where a 3xx response with a usable Location leads, relative locations against the current URL. */
function redirectTarget(res: Response, current: URL): URL | undefined {
  if (res.status < 300 || res.status > 399) return undefined;
  const location = res.headers.get("location");
  if (location === null) return undefined;
  try {
    const next = new URL(location, current);
    return next.protocol === "http:" || next.protocol === "https:" ? next : undefined;
  } catch {
    return undefined;
  }
}

async function receive(res: Response, decompress: boolean): Promise<Received> {
  let bytes: Uint8Array = new Uint8Array(await res.arrayBuffer());
  const decode = decompress ? decoderFor(res.headers.get("content-encoding")) : undefined;
  if (decode !== undefined) {
    try {
      bytes = decode(bytes);
    } catch (e) {
      throw new Error(`Failed to decompress response body: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  return { status: res.status, headers: res.headers, body, decoded: decode !== undefined };
}
