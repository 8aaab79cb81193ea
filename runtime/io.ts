// Byte-exact, ordered writes to stdout/stderr. Luau strings hold bytes as char codes, so they are
// written as latin1. Writes are synchronous, like Lune's flushed print.
import { writeSync } from "node:fs";

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, "latin1");
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off);
    } catch (e) {
      // a non-blocking pipe that is full: wait for the reader
      if ((e as NodeJS.ErrnoException).code === "EAGAIN") Bun.sleepSync(1);
      else throw e;
    }
  }
}

export function writeStdout(text: string): void {
  writeAll(1, text);
}

export function writeStderr(text: string): void {
  writeAll(2, text);
}
