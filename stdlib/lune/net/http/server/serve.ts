// net.serve(port, handler | config) on Bun.serve. Returns once the port is bound; the server keeps
// the process alive until handle.stop(). Each request's body is read (and decoded from its
// Content-Encoding) before the handler runs, as Lune does.
import type { Server } from "bun";
import { rtError } from "../../../../../runtime/errors";
import { LuauTable } from "../../../../../runtime/table";
import { NONE } from "../../../../../runtime/values";
import { errorText } from "../../shared/errors";
import { webSocketHandlers, type UpgradeData } from "../../websocket/server";
import { decoderFor } from "../shared/compression";
import { readServeConfig, type ServeConfig } from "./config";
import { deferHandler, startHandler } from "./handler";
import { ServeRequest, wrapServeRequest } from "./request";
import { internalError } from "./response";
import { badHandshake, isUpgradeRequest, upgradeRequired } from "./upgrade";

export function serve(port: unknown, handlerOrConfig: unknown): LuauTable {
  const config = readServeConfig(port, handlerOrConfig, arguments.length);
  let server: Server<UpgradeData>;
  try {
    server = Bun.serve<UpgradeData>({
      hostname: config.address,
      port: config.port,
      // handlers may yield for as long as they like: Bun's 10 s idle timeout would cut them off
      idleTimeout: 0,
      development: false,
      // Bun turns SO_REUSEPORT on with `development: false` unless told otherwise: a port in use must
      // be an error, as in Lune
      reusePort: false,
      fetch: requestListener(config),
      websocket: webSocketHandlers,
      error: () => internalError(),
    });
  } catch (e) {
    throw rtError(`Failed to bind to ${config.address}:${config.port}: ${errorText(e)}`);
  }
  return serveHandle(server);
}

function requestListener(config: ServeConfig) {
  const { handleRequest, handleWebSocket } = config;
  return (req: Request, server: Server<UpgradeData>): Response | Promise<Response> | undefined => {
    if (handleWebSocket !== undefined && isUpgradeRequest(req)) {
      return server.upgrade(req, { data: { handler: handleWebSocket, socket: undefined } }) ? undefined : badHandshake(req);
    }
    if (handleRequest === undefined) return upgradeRequired();
    if (req.body === null) return startHandler(handleRequest, wrapServeRequest(new ServeRequest(req, server, "", false)));
    // the body arrives in a later microtask, where other Luau work may be queued: defer properly
    return req.arrayBuffer().then((data) => {
      const { body, decoded } = decodeBody(new Uint8Array(data), req.headers.get("content-encoding"));
      return deferHandler(handleRequest, wrapServeRequest(new ServeRequest(req, server, body, decoded)));
    });
  };
}

function decodeBody(bytes: Uint8Array, encoding: string | null): { body: string; decoded: boolean } {
  const decode = decoderFor(encoding);
  let decoded = false;
  if (decode !== undefined) {
    try {
      bytes = decode(bytes);
      decoded = true;
    } catch {
      // a body that does not decode is handed over as it came
    }
  }
  return { body: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1"), decoded };
}

/** ServeHandle: `{ ip, port, stop }`; stop() (or handle:stop()) works once. */
function serveHandle(server: Server<UpgradeData>): LuauTable {
  let stopped = false;
  const handle = new LuauTable();
  handle.h.ip = server.hostname;
  handle.h.port = server.port;
  handle.h.stop = function stop() {
    if (stopped) throw rtError("Server already stopped");
    stopped = true;
    // graceful: requests in flight finish, idle keep-alive connections close
    void server.stop();
    return NONE;
  };
  handle.frozen = true;
  return handle;
}
