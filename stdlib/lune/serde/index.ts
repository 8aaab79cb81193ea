// @lune/serde: encode/decode (JSON, JSONC, YAML, TOML), compress/decompress (brotli, gzip, lz4, zlib,
// zstd), hash and hmac. Format and algorithm names are trimmed and case-insensitive. Everything here
// is synchronous, so the functions are plain (non-yielding) host functions.
import { rtError } from "../../../runtime/errors";
import { LuauBuffer, numberToString } from "../../../runtime/values";
import { argError, checkBoolean, checkString, library, optNumber, typeError } from "../../args";
import { byteString, dataBytes, decodeUtf8, encodeUtf8 } from "./bytes";
import { COMPRESSION_FORMATS, compress, decompress, type CompressionFormat } from "./compress";
import { HASH_ALGORITHMS, hash, hashAlgorithm, hmac } from "./hash";
import { JsonSyntaxError, parseJson, stringifyJson } from "./json";
import { stringifyToml } from "./toml";
import { SerdeError, fromPlain, toData } from "./values";
import { stringifyYaml } from "./yaml";

const TEXT_FORMATS = ["json", "jsonc", "yaml", "toml"] as const;
type TextFormat = (typeof TEXT_FORMATS)[number];

function listNames(names: readonly string[]): string {
  return names.slice(0, -1).join(", ") + " or " + names[names.length - 1];
}

/** A format/algorithm name argument, matched trimmed and case-insensitively. */
function nameArg<T extends string>(v: unknown, i: number, fname: string, nargs: number, names: readonly T[], what: string): T {
  const s = checkString(v, i, fname, nargs);
  const n = s.trim().toLowerCase();
  if ((names as readonly string[]).includes(n)) return n as T;
  throw argError(i, fname, `unknown ${what} '${s}', expected ${listNames(names)}`);
}

/** A string (or number, as its text) or buffer argument, as a byte string. */
function checkData(v: unknown, i: number, fname: string, nargs: number): string | LuauBuffer {
  if (typeof v === "string" || v instanceof LuauBuffer) return v;
  if (typeof v === "number") return numberToString(v);
  throw typeError(i, fname, "string or buffer", v, nargs);
}

function encode(format: unknown, value: unknown, pretty: unknown) {
  const f = nameArg<TextFormat>(format, 1, "encode", arguments.length, TEXT_FORMATS, "format");
  const p = pretty === undefined ? false : checkBoolean(pretty, 3, "encode");
  try {
    const data = toData(value) ?? null;
    switch (f) {
      case "json":
      case "jsonc":
        return encodeUtf8(stringifyJson(data, p));
      case "yaml":
        return encodeUtf8(stringifyYaml(data));
      case "toml":
        return encodeUtf8(stringifyToml(data, p));
    }
  } catch (e) {
    if (e instanceof SerdeError) throw rtError(`failed to encode ${f.toUpperCase()}: ${e.message}`);
    throw e;
  }
}

/** Bun's parse errors start with "<FORMAT> Parse error: "; the rest is the problem. */
function parseMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^(YAML|TOML) Parse error: /, "");
}

function decode(format: unknown, encoded: unknown) {
  const f = nameArg<TextFormat>(format, 1, "decode", arguments.length, TEXT_FORMATS, "format");
  const d = checkData(encoded, 2, "decode", arguments.length);
  const bytes = typeof d === "string" ? d : byteString(d.bytes);
  const name = f.toUpperCase();
  const text = decodeUtf8(bytes);
  if (text === undefined) throw rtError(`failed to decode ${name}: ${name} must be valid utf-8`);
  try {
    switch (f) {
      case "json":
      case "jsonc":
        return parseJson(bytes, f === "jsonc");
      case "yaml":
        return fromPlain(Bun.YAML.parse(text));
      case "toml":
        return fromPlain(Bun.TOML.parse(text));
    }
  } catch (e) {
    if (e instanceof JsonSyntaxError || e instanceof SyntaxError || e instanceof SerdeError) {
      throw rtError(`failed to decode ${name}: ${parseMessage(e)}`);
    }
    // Bun's YAML and TOML parsers recurse on nesting, and run out of stack on deeply nested input
    if (e instanceof RangeError) throw rtError(`failed to decode ${name}: recursion limit exceeded`);
    throw e;
  }
}

function compressFn(format: unknown, data: unknown, level: unknown) {
  const f = nameArg<CompressionFormat>(format, 1, "compress", arguments.length, COMPRESSION_FORMATS, "compression format");
  const input = dataBytes(checkData(data, 2, "compress", arguments.length));
  const l = level === undefined ? undefined : optNumber(level, 3, "compress", 0);
  try {
    return byteString(compress(f, input, l));
  } catch (e) {
    throw rtError(`failed to compress ${f}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function decompressFn(format: unknown, data: unknown) {
  const f = nameArg<CompressionFormat>(format, 1, "decompress", arguments.length, COMPRESSION_FORMATS, "compression format");
  const input = dataBytes(checkData(data, 2, "decompress", arguments.length));
  try {
    return byteString(decompress(f, input));
  } catch (e) {
    throw rtError(`failed to decompress ${f} data: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function algorithmArg(v: unknown, fname: string, nargs: number) {
  const s = checkString(v, 1, fname, nargs);
  const a = hashAlgorithm(s);
  if (a === undefined) throw argError(1, fname, `unknown hash algorithm '${s}', expected ${listNames(HASH_ALGORITHMS)}`);
  return a;
}

function hashFn(algorithm: unknown, message: unknown) {
  const a = algorithmArg(algorithm, "hash", arguments.length);
  return hash(a, dataBytes(checkData(message, 2, "hash", arguments.length)));
}

function hmacFn(algorithm: unknown, message: unknown, secret: unknown) {
  const a = algorithmArg(algorithm, "hmac", arguments.length);
  const m = dataBytes(checkData(message, 2, "hmac", arguments.length));
  const s = dataBytes(checkData(secret, 3, "hmac", arguments.length));
  return hmac(a, m, s);
}

export function createSerdeLibrary() {
  return library({
    encode,
    decode,
    compress: compressFn,
    decompress: decompressFn,
    hash: hashFn,
    hmac: hmacFn,
  });
}
