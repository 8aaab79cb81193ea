// LuaSocket's two timeouts. `block` limits each single wait inside a call, `total` limits the whole
// call (measured from its start); negative means no limit. Every new object blocks without limit.
import { checkNumber, checkString } from "../args";
import { badArgument } from "./objects";

export class Timeout {
  block = -1;
  total = -1;
  private start = 0;

  /** Called at the start of each I/O call: the total timeout counts from here. */
  markStart(): void {
    this.start = performance.now();
  }

  /** How long the next wait may last, in ms: -1 = forever, 0 = do not wait at all. */
  retry(): number {
    if (this.block < 0 && this.total < 0) return -1;
    const left = Math.max(this.total * 1000 - (performance.now() - this.start), 0);
    if (this.block < 0) return left;
    if (this.total < 0) return this.block * 1000;
    return Math.min(this.block * 1000, left);
  }

  /** settimeout(value, mode): `nil`/negative = no limit; mode "b" (each wait, default) or "t"/"r" (whole call). */
  set(value: unknown, mode: unknown): number {
    const v = value === undefined ? -1 : checkNumber(value, 2, "settimeout");
    const m = mode === undefined ? "b" : checkString(mode, 3, "settimeout");
    switch (m[0]) {
      case "b":
        this.block = v;
        break;
      case "t":
      case "r":
        this.total = v;
        break;
      default:
        throw badArgument(3, "settimeout", "invalid timeout mode");
    }
    return 1;
  }

  /** gettimeout(): block, total. */
  get(): number[] {
    return [this.block, this.total];
  }
}
