// Bodies with a Content-Encoding that Lune decodes: gzip, deflate (zlib, or raw deflate as some
// servers send), brotli and zstd. Decoding is synchronous: bodies are already fully in memory.
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";

type Decoder = (data: Uint8Array) => Uint8Array;

function inflateEither(data: Uint8Array): Uint8Array {
  try {
    return inflateSync(data);
  } catch {
    return inflateRawSync(data);
  }
}

const DECODERS: Record<string, Decoder> = {
  gzip: gunzipSync,
  "x-gzip": gunzipSync,
  gz: gunzipSync,
  deflate: inflateEither,
  br: brotliDecompressSync,
  brotli: brotliDecompressSync,
  zstd: (d) => Bun.zstdDecompressSync(d),
  zst: (d) => Bun.zstdDecompressSync(d),
};

/** The decoder for a Content-Encoding header value, or undefined when Lune leaves it alone. */
export function decoderFor(contentEncoding: string | null): Decoder | undefined {
  if (contentEncoding === null) return undefined;
  return DECODERS[contentEncoding.trim().toLowerCase()];
}
