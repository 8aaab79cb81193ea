// Bodies with a Content-Encoding that Lune decodes: gzip, deflate (zlib, or raw deflate as some
// servers send), brotli and zstd. Decoding is synchronous: bodies are already fully in memory.

type Decoder = (data: Uint8Array) => Uint8Array;

// node:zlib takes 10-20 ms to load: only scripts that meet a compressed body pay for it
function zlib(): typeof import("node:zlib") {
  return require("node:zlib") as typeof import("node:zlib");
}

function gunzip(data: Uint8Array): Uint8Array {
  return zlib().gunzipSync(data);
}

function inflate(data: Uint8Array): Uint8Array {
  try {
    return zlib().inflateSync(data);
  } catch {
    return zlib().inflateRawSync(data);
  }
}

function brotli(data: Uint8Array): Uint8Array {
  return zlib().brotliDecompressSync(data);
}

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  "x-gzip": gunzip,
  gz: gunzip,
  deflate: inflate,
  br: brotli,
  brotli: brotli,
  zstd: (d) => Bun.zstdDecompressSync(d),
  zst: (d) => Bun.zstdDecompressSync(d),
};

/** The decoder for a Content-Encoding header value, or undefined when Lune leaves it alone. */
export function decoderFor(contentEncoding: string | null): Decoder | undefined {
  if (contentEncoding === null) return undefined;
  return DECODERS[contentEncoding.trim().toLowerCase()];
}
