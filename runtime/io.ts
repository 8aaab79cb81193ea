// Byte-exact, ordered writes to stdout/stderr. Luau strings hold bytes as char codes, so they are
// written as latin1. Writes are synchronous, like Lune's flushed print.
import { writeSync } from "node:fs";

/** Descriptors whose reader went away (`bune run x | head -1`): later writes are dropped. */
const closed = new Set<number>();

function writeAll(fd: number, text: string): void {
  if (closed.has(fd)) return;
  const bytes = Buffer.from(text, "latin1");
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      // a non-blocking pipe that is full: wait for the reader
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") Bun.sleepSync(1);
      else if (code === "EPIPE") {
        closed.add(fd);
        return;
      } else throw e;
    }
  }
}

export function writeStdout(text: string): void {
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  writeAll(2, text);
}
