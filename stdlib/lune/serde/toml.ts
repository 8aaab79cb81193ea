// TOML output in the layout of Rust's toml crate: a table's plain `key = value` lines first, then its
// sub-tables as `[a.b]` sections and arrays of tables as `[[a.b]]`, each section after a blank line.
// A table holding only sub-tables gets no header of its own. `pretty` puts array items on their own
// lines (4-space indent, trailing comma).
import { DataMap, SerdeError, formatNumber, type Data } from "./values";

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quote(s: string): string {
  return (
    '"' +
    s.replace(/["\\\x00-\x1f\x7f]/g, (c) => {
      switch (c) {
        case '"':
          return '\\"';
        case "\\":
          return "\\\\";
        case "\b":
          return "\\b";
        case "\t":
          return "\\t";
        case "\n":
          return "\\n";
        case "\f":
          return "\\f";
        case "\r":
          return "\\r";
      }
      return "\\u" + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
    }) +
    '"'
  );
}

function key(k: string): string {
  return BARE_KEY.test(k) ? k : quote(k);
}

function isTable(d: Data): d is DataMap {
  return d instanceof DataMap;
}

/** An array written as a sequence of `[[name]]` sections. */
function isTableArray(d: Data): d is DataMap[] {
  return Array.isArray(d) && d.length > 0 && d.every(isTable);
}

function inline(d: Data, pretty: boolean): string {
  if (d === null) throw new SerdeError("TOML has no null: arrays cannot contain nil");
  if (typeof d === "boolean") return d ? "true" : "false";
  if (typeof d === "number") {
    if (d !== d) return "nan";
    if (!Number.isFinite(d)) return d > 0 ? "inf" : "-inf";
    return formatNumber(d);
  }
  if (typeof d === "string") return quote(d);
  if (Array.isArray(d)) {
    if (d.length === 0) return "[]";
    const items = d.map((item) => inline(item, false));
    return pretty ? "[\n" + items.map((s) => `    ${s},\n`).join("") + "]" : "[" + items.join(", ") + "]";
  }
  if (d.entries.length === 0) return "{}";
  return "{ " + d.entries.map(([k, v]) => `${key(k)} = ${inline(v, false)}`).join(", ") + " }";
}

class TomlWriter {
  out = "";
  constructor(private readonly pretty: boolean) {}

  private header(text: string): void {
    if (this.out !== "") this.out += "\n";
    this.out += text + "\n";
  }

  /** The body of a table: plain values, then sub-tables and arrays of tables. */
  table(t: DataMap, path: string[]): void {
    for (const [k, v] of t.entries) {
      if (!isTable(v) && !isTableArray(v)) this.out += `${key(k)} = ${inline(v, this.pretty)}\n`;
    }
    for (const [k, v] of t.entries) {
      const sub = [...path, key(k)];
      if (isTable(v)) {
        const hasPlain = v.entries.some(([, x]) => !isTable(x) && !isTableArray(x));
        if (hasPlain || v.entries.length === 0) this.header(`[${sub.join(".")}]`);
        this.table(v, sub);
      } else if (isTableArray(v)) {
        for (const item of v) {
          this.header(`[[${sub.join(".")}]]`);
          this.table(item, sub);
        }
      }
    }
  }
}

/** A TOML document for a value, which must be a table (map). */
export function stringifyToml(d: Data, pretty: boolean): string {
  if (!isTable(d)) throw new SerdeError("the top level of a TOML document must be a table with string keys");
  const w = new TomlWriter(pretty);
  w.table(d, []);
  return w.out;
}
