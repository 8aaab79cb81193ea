// compress/decompress for brotli, gzip, zlib (node:zlib), zstd (Bun) and lz4 (lz4-napi, the lz4_flex
// frame codec; Lune uses liblz4, so the compressed bytes differ but each reads the other's). Lune's
// lz4 data is a 4-byte little-endian length of the uncompressed data followed by a standard LZ4
// frame (independent blocks, content checksum).
import { compressFrameSync, decompressFrameSync } from "lz4-napi";
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";

export const COMPRESSION_FORMATS = ["brotli", "gzip", "lz4", "zlib", "zstd"] as const;
export type CompressionFormat = (typeof COMPRESSION_FORMATS)[number];

/** Level range and default (the best compression) of each format; lz4 has no levels. */
const LEVELS: Record<CompressionFormat, [min: number, max: number]> = {
  brotli: [0, 11],
  gzip: [0, 9],
  lz4: [0, 0],
  zlib: [0, 9],
  zstd: [1, 22],
};

const LZ4_MAGIC = 0x184d2204;

export function compress(format: CompressionFormat, data: Uint8Array, level: number | undefined): Uint8Array {
  const [min, max] = LEVELS[format];
  const l = level === undefined ? max : Math.min(Math.max(Math.trunc(level), min), max);
  switch (format) {
    case "brotli":
      return brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: l, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength },
      });
    case "gzip":
      return gzipSync(data, { level: l });
    case "zlib":
      return deflateSync(data, { level: l });
    case "zstd":
      return Bun.zstdCompressSync(data, { level: l });
    case "lz4": {
      const frame = compressFrameSync(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { contentChecksum: true });
      const out = new Uint8Array(4 + frame.byteLength);
      new DataView(out.buffer).setUint32(0, data.byteLength, true);
      out.set(frame, 4);
      return out;
    }
  }
}

/** Decompresses; throws (with the codec's message) on malformed data. */
export function decompress(format: CompressionFormat, data: Uint8Array): Uint8Array {
  switch (format) {
    case "brotli":
      return brotliDecompressSync(data);
    case "gzip":
      return gunzipSync(data);
    case "zlib":
      return inflateSync(data);
    case "zstd":
      return Bun.zstdDecompressSync(data);
    case "lz4": {
      const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      // the size prefix is only a hint (Lune does not check it); a bare LZ4 frame, as the lz4 tool
      // writes it, is accepted too
      const bare = buf.byteLength >= 4 && buf.readUInt32LE(0) === LZ4_MAGIC;
      if (!bare && buf.byteLength < 4) throw new Error("data is too short to be LZ4 data");
      const frame = bare ? buf : buf.subarray(4);
      checkLz4Frame(frame);
      return decompressFrameSync(frame);
    }
  }
}

/** Walks an LZ4 frame's structure: the decoder quietly returns partial output for a frame that is
 * cut short, which must be an error instead. */
function checkLz4Frame(frame: Buffer): void {
  const truncated = () => new Error("the LZ4 frame is truncated");
  if (frame.byteLength < 7) throw truncated();
  if (frame.readUInt32LE(0) !== LZ4_MAGIC) return; // the decoder reports a wrong magic number
  const flags = frame[4];
  let pos = 7 + (flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0);
  const blockChecksum = flags & 0x10 ? 4 : 0;
  for (;;) {
    if (pos + 4 > frame.byteLength) throw truncated();
    const size = frame.readUInt32LE(pos) & 0x7fffffff;
    pos += 4;
    if (size === 0) break;
    pos += size + blockChecksum;
  }
  if (pos + (flags & 0x04 ? 4 : 0) > frame.byteLength) throw truncated();
}
