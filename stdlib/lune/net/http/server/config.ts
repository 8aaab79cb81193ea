// The arguments of net.serve(port, handler | config):
//   config = { address?, handleRequest?, handleWebSocket? }
// `address` is an IP literal, optionally written as a URL prefix ("http://0.0.0.0"); the default is
// the IPv4 loopback, so a server is never exposed unless asked.
import { isIP } from "node:net";
import { rtError } from "../../../../../runtime/errors";
import { LuauTable } from "../../../../../runtime/table";
import { typeName } from "../../../../../runtime/values";
import { argError, checkInteger } from "../../../../args";

export interface ServeConfig {
  port: number;
  address: string;
  handleRequest: unknown;
  handleWebSocket: unknown;
}

const DEFAULT_ADDRESS = "127.0.0.1";

export function readServeConfig(port: unknown, config: unknown, nargs: number): ServeConfig {
  const p = checkInteger(port, 1, "serve", nargs);
  if (!(p >= 0 && p <= 65535)) throw argError(1, "serve", "port must be between 0 and 65535");
  if (typeof config === "function") return { port: p, address: DEFAULT_ADDRESS, handleRequest: config, handleWebSocket: undefined };
  if (!(config instanceof LuauTable)) throw argError(2, "serve", `function or table expected, got ${typeName(config)}`);
  const handleRequest = handler(config, "handleRequest");
  const handleWebSocket = handler(config, "handleWebSocket");
  if (handleRequest === undefined && handleWebSocket === undefined) {
    throw rtError("Invalid serve config - expected table with 'handleRequest' or 'handleWebSocket' function");
  }
  const address = config.get("address");
  return { port: p, address: address === undefined ? DEFAULT_ADDRESS : ipAddress(address), handleRequest, handleWebSocket };
}

function handler(config: LuauTable, field: string): unknown {
  const f = config.get(field);
  if (f !== undefined && typeof f !== "function") throw rtError(`Invalid serve config - '${field}' must be a function, got ${typeName(f)}`);
  return f;
}

function ipAddress(v: unknown): string {
  if (typeof v !== "string") throw rtError(`Invalid serve config - 'address' must be a string, got ${typeName(v)}`);
  const ip = v.replace(/^(https?:\/\/)+/, "");
  if (isIP(ip) === 0) {
    throw rtError(`IP address format is incorrect - expected an IP in the form 'http://0.0.0.0' or '0.0.0.0', got '${v}'`);
  }
  return ip;
}
