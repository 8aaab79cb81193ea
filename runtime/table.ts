// The Luau table. Keys 1..n live in `arr` (arr[i-1] = t[i]); string keys are properties of the
// null-prototype object `h`, so emitted code can read a constant key as `t.h.name` and JSC's inline
// caches apply; every other key (booleans, tables, non-sequence numbers, ...) lives in the Map `m`.
// nil is never deleted from `h` (deleting makes JS objects slow): it is stored as a hole (undefined)
// and holes are dropped when a traversal starts and they outnumber the live keys.
import { rtError } from "./errors";
import { Vector } from "./values";

// vectors are values: as table keys, equal vectors are one key (and -0 is 0)
const vectorKeys = new Map<string, Vector>();
function vectorKey(v: Vector): Vector {
  const x = v.x + 0, y = v.y + 0, z = v.z + 0;
  if (x !== x || y !== y || z !== z) throw rtError("table index contains NaN");
  const id = `${x},${y},${z}`;
  let k = vectorKeys.get(id);
  if (k === undefined) {
    k = new Vector(x, y, z);
    vectorKeys.set(id, k);
  }
  return k;
}

export type Hash = Record<string, unknown>;

export class LuauTable {
  arr: unknown[] = [];
  h: Hash = Object.create(null);
  m: Map<unknown, unknown> | undefined = undefined;
  mt: LuauTable | undefined = undefined;
  frozen = false;
  // key snapshot for next(): taken when a traversal starts, with the position of the last key returned
  private keys: string[] | undefined = undefined;
  private keyPos = 0;
  private mkeys: unknown[] | undefined = undefined;
  private mkeyPos = 0;

  static fromArray(values: unknown[]): LuauTable {
    const t = new LuauTable();
    let n = values.length;
    while (n > 0 && values[n - 1] === undefined) n--;
    if (n !== values.length) values.length = n;
    t.arr = values;
    return t;
  }

  get(k: unknown): unknown {
    if (typeof k === "string") return this.h[k];
    if (typeof k === "number") {
      const arr = this.arr;
      if (k >= 1 && k <= arr.length && Number.isInteger(k)) return arr[k - 1];
    } else if (k instanceof Vector) {
      if (this.m === undefined) return undefined;
      const x = k.x + 0, y = k.y + 0, z = k.z + 0;
      return x !== x || y !== y || z !== z ? undefined : this.m.get(vectorKey(k));
    }
    return this.m === undefined ? undefined : this.m.get(k);
  }

  getInt(i: number): unknown {
    return i >= 1 && i <= this.arr.length ? this.arr[i - 1] : this.get(i);
  }

  /** Raw assignment; the caller has checked that the table is writable. */
  set(k: unknown, v: unknown): void {
    if (typeof k === "string") {
      this.h[k] = v;
      return;
    }
    if (typeof k === "number") {
      if (Number.isInteger(k)) {
        this.setInt(k, v);
        return;
      }
      if (k !== k) throw rtError("table index is NaN");
    } else if (k === undefined) {
      throw rtError("table index is nil");
    } else if (k instanceof Vector) {
      k = vectorKey(k);
    }
    this.setOther(k, v);
  }

  setInt(k: number, v: unknown): void {
    const arr = this.arr;
    const n = arr.length;
    if (k >= 1 && k <= n) {
      arr[k - 1] = v;
      if (v === undefined && k === n) {
        let len = n - 1;
        while (len > 0 && arr[len - 1] === undefined) len--;
        arr.length = len;
      }
      return;
    }
    if (k === n + 1) {
      if (v === undefined) {
        this.m?.delete(k);
        return;
      }
      arr.push(v);
      const m = this.m;
      if (m !== undefined && m.size > 0) {
        this.m?.delete(k);
        // keys that now continue the sequence move from the map into the array part
        let next = k + 1;
        let moved: unknown;
        while ((moved = m.get(next)) !== undefined) {
          arr.push(moved);
          m.delete(next);
          next++;
        }
      }
      return;
    }
    this.setOther(k === 0 ? 0 : k, v);
  }

  private setOther(k: unknown, v: unknown): void {
    if (v === undefined) {
      this.m?.delete(k);
      return;
    }
    if (this.m === undefined) this.m = new Map();
    this.m.set(k, v);
  }

  /** The border `#t` (raw). */
  length(): number {
    const n = this.arr.length;
    if (n > 0 || this.m === undefined) return n;
    // t[1] can only be in the map when the array part is empty; it never is (setInt pushes it)
    return 0;
  }

  /** Lua's next(): the entry after key `k` (undefined starts), or undefined at the end. */
  next(k: unknown): [unknown, unknown] | undefined {
    const arr = this.arr;
    let i = 0;
    let phase: 0 | 1 | 2 = 0;
    if (k === undefined) {
      i = 0;
    } else if (typeof k === "number" && Number.isInteger(k) && k >= 1 && k <= arr.length) {
      i = k;
    } else if (typeof k === "string") {
      phase = 1;
    } else {
      phase = 2;
    }
    if (phase === 0) {
      for (; i < arr.length; i++) {
        if (arr[i] !== undefined) return [i + 1, arr[i]];
      }
      this.snapshotKeys();
      this.keyPos = -1;
      phase = 1;
      k = undefined;
    }
    if (phase === 1) {
      let keys = this.keys;
      let pos: number;
      if (k === undefined) pos = 0;
      else {
        if (keys === undefined || keys[this.keyPos] !== k) {
          if (keys === undefined || (this.keyPos = keys.indexOf(k as string)) < 0) {
            keys = this.snapshotKeys();
            this.keyPos = keys.indexOf(k as string);
            if (this.keyPos < 0) throw rtError("invalid key to 'next'");
          }
        }
        pos = this.keyPos + 1;
      }
      const h = this.h;
      keys = keys!;
      for (; pos < keys.length; pos++) {
        const v = h[keys[pos]];
        if (v !== undefined) {
          this.keyPos = pos;
          return [keys[pos], v];
        }
      }
      phase = 2;
      k = undefined;
      this.mkeys = this.m === undefined ? [] : [...this.m.keys()];
      this.mkeyPos = -1;
    }
    const m = this.m;
    if (m === undefined) {
      if (k !== undefined) throw rtError("invalid key to 'next'");
      return undefined;
    }
    let mkeys = this.mkeys;
    let pos: number;
    if (k === undefined) pos = 0;
    else {
      if (mkeys === undefined || mkeys[this.mkeyPos] !== k) {
        mkeys = this.mkeys = [...m.keys()];
        this.mkeyPos = mkeys.indexOf(k);
        if (this.mkeyPos < 0) throw rtError("invalid key to 'next'");
      }
      pos = this.mkeyPos + 1;
    }
    mkeys = mkeys!;
    for (; pos < mkeys.length; pos++) {
      const v = m.get(mkeys[pos]);
      if (v !== undefined) {
        this.mkeyPos = pos;
        return [mkeys[pos], v];
      }
    }
    return undefined;
  }

  /** Takes the string-key snapshot a traversal walks, compacting holes left by nil stores. */
  snapshotKeys(): string[] {
    const h = this.h;
    const keys = Object.keys(h);
    let live = 0;
    for (const key of keys) if (h[key] !== undefined) live++;
    if (keys.length - live > 16 && keys.length - live > live) {
      const fresh: Hash = Object.create(null);
      const liveKeys: string[] = [];
      for (const key of keys) {
        const v = h[key];
        if (v !== undefined) {
          fresh[key] = v;
          liveKeys.push(key);
        }
      }
      this.h = fresh;
      this.keys = liveKeys;
      return liveKeys;
    }
    this.keys = keys;
    return keys;
  }

  /** Live string keys, hash keys and array entries in traversal order, for library code. */
  *entries(): Generator<[unknown, unknown]> {
    const arr = this.arr;
    for (let i = 0; i < arr.length; i++) if (arr[i] !== undefined) yield [i + 1, arr[i]];
    const h = this.h;
    for (const key of Object.keys(h)) {
      const v = h[key];
      if (v !== undefined) yield [key, v];
    }
    if (this.m !== undefined) for (const [key, v] of [...this.m]) if (v !== undefined) yield [key, v];
  }

  clear(): void {
    this.arr = [];
    this.h = Object.create(null);
    this.m = undefined;
    this.keys = undefined;
    this.mkeys = undefined;
  }
}

/** A metamethod or metafield of `v`'s metatable, read raw. */
export function metafield(t: LuauTable, name: string): unknown {
  const mt = t.mt;
  return mt === undefined ? undefined : mt.h[name];
}
