// RFC 6455 framing for the client side: frames we send are masked (§5.3), frames the server sends
// are read incrementally from whatever chunks TCP delivers. Payloads stay bytes throughout: Luau
// strings are bytes, so text needs no decoding on the way in.
export const enum Opcode {
  Continuation = 0x0,
  Text = 0x1,
  Binary = 0x2,
  Close = 0x8,
  Ping = 0x9,
  Pong = 0xa,
}

/** One complete frame (FIN set), masked as a client must send it. */
export function encodeFrame(opcode: Opcode, payload: Uint8Array): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + 4 + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) {
    frame[1] = 0x80 | n;
  } else if (n < 0x10000) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  const mask = frame.subarray(headerLength, headerLength + 4);
  crypto.getRandomValues(mask);
  const out = frame.subarray(headerLength + 4);
  for (let i = 0; i < n; i++) out[i] = payload[i] ^ mask[i & 3];
  return frame;
}

/** A close frame's payload: the code, or nothing for 1005 (no status). */
export function closePayload(code: number): Buffer {
  if (code === 1005) return Buffer.alloc(0);
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(code, 0);
  return b;
}

export interface Frame {
  fin: boolean;
  opcode: Opcode;
  payload: Buffer;
}

/** Why a peer's frames cannot be read; the connection fails with `code`. */
export class FrameError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** Splits the incoming byte stream into frames. */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxFrame: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** The next complete frame, or undefined until more bytes arrive. */
  next(): Frame | undefined {
    if (this.buffered < 2) return undefined;
    const head = this.peek(Math.min(this.buffered, 14));
    const b1 = head[1];
    const len7 = b1 & 0x7f;
    const lengthBytes = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    const masked = (b1 & 0x80) !== 0;
    const headerLength = 2 + lengthBytes + (masked ? 4 : 0);
    if (head.length < headerLength) return undefined;
    if ((head[0] & 0x70) !== 0) throw new FrameError(1002, "reserved bits set without an extension");
    const length = len7 === 126 ? head.readUInt16BE(2) : len7 === 127 ? Number(head.readBigUInt64BE(2)) : len7;
    if (length > this.maxFrame) throw new FrameError(1009, "frame too large");
    if (this.buffered < headerLength + length) return undefined;
    const frame = this.take(headerLength + length);
    const payload = frame.subarray(headerLength);
    // servers must not mask, but unmasking costs nothing to tolerate
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= frame[headerLength - 4 + (i & 3)];
    return { fin: (head[0] & 0x80) !== 0, opcode: head[0] & 0x0f, payload };
  }

  private peek(n: number): Buffer {
    if (this.chunks[0].length >= n) return this.chunks[0];
    const joined = Buffer.concat(this.chunks);
    this.chunks = [joined];
    return joined;
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      // a copy, so unmasking in place never touches Bun's chunk
      out = Buffer.from(first.subarray(0, n));
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      const joined = Buffer.concat(this.chunks);
      out = joined.subarray(0, n);
      this.chunks = joined.length > n ? [joined.subarray(n)] : [];
    }
    this.buffered -= n;
    return out;
  }
}
