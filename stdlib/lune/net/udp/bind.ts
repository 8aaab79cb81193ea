// net.udp.bind(address, config?) → UdpSocket (yields while binding).
//   config: { batch = boolean? } — batch (default true) queues the datagrams sent while a thread
//   runs and flushes them with one sendMany() per event-loop turn.
import { LuauTable } from "../../../../runtime/table";
import { typeName } from "../../../../runtime/values";
import { argError, checkString } from "../../../args";
import { awaitHeld } from "../../async";
import { formatAddress, parseAddress, resolveHost } from "../shared/address";
import { errorText, netError } from "../shared/errors";
import { UdpEndpoint } from "./endpoint";
import { UdpSocketType } from "./userdata";

// a socket the script dropped without closing is closed when its userdata is collected
const abandoned = new FinalizationRegistry<UdpEndpoint>((ep) => ep.close());

function batchOption(config: unknown): boolean {
  if (config === undefined) return true;
  if (!(config instanceof LuauTable)) throw argError(2, "bind", `table expected, got ${typeName(config)}`);
  const v = config.get("batch");
  if (v === undefined) return true;
  if (typeof v !== "boolean") throw argError(2, "bind", `'batch' must be a boolean, got ${typeName(v)}`);
  return v;
}

export function* bind(address: unknown, config: unknown): Generator<unknown, unknown, unknown> {
  const text = checkString(address, 1, "bind", arguments.length);
  const batch = batchOption(config);
  const { host, port } = parseAddress(text);
  const ip = yield* resolveHost(host);
  const ep = new UdpEndpoint(batch);
  let pending;
  try {
    pending = Bun.udpSocket({
      hostname: ip,
      port,
      binaryType: "buffer",
      socket: {
        data: (_s, data, fromPort, fromIp) => ep.onData(data, fromPort, fromIp),
        drain: () => ep.onDrain(),
        // ICMP reports (port unreachable after a send, ...): UDP promises no delivery, and an
        // unconnected socket does not report them either
        error: () => {},
      },
    });
  } catch (e) {
    throw netError(`Failed to bind ${formatAddress(ip, port)}: ${errorText(e)}`);
  }
  const socket = yield* awaitHeld(pending, (e) => netError(`Failed to bind ${formatAddress(ip, port)}: ${errorText(e)}`));
  ep.attach(socket);
  const ud = UdpSocketType.wrap(ep);
  abandoned.register(ud, ep);
  return ud;
}
