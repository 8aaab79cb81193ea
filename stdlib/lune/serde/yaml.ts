// YAML in block style, as serde_yaml (libyaml) writes it: `key: value`, nested maps indented two
// spaces, sequences under a key not indented, `{}`/`[]` for empty containers. A string is quoted
// whenever a YAML reader could take it for something else ('1', 'true', 'null', ...).
import { DataMap, formatNumber, type Data } from "./values";

// words YAML 1.1 or 1.2 readers resolve to null, booleans or special floats
const RESERVED =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PLAIN = /^[A-Za-z_./\u00a0-\ufefe][A-Za-z0-9_./ \-\u00a0-\ufefe]*$/;
const NUMBER_LIKE = /^[-+.]?[0-9]/;
const NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/;

function scalar(s: string): string {
  if (NEEDS_ESCAPE.test(s)) {
    return JSON.stringify(s).replace(/[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"));
  }
  if (PLAIN.test(s) && !s.endsWith(" ") && !RESERVED.test(s) && !NUMBER_LIKE.test(s)) return s;
  return "'" + s.replaceAll("'", "''") + "'";
}

function isBlock(d: Data): d is Data[] | DataMap {
  return Array.isArray(d) ? d.length > 0 : d instanceof DataMap && d.entries.length > 0;
}

function inline(d: Data): string {
  if (d === null) return "null";
  if (typeof d === "boolean") return d ? "true" : "false";
  if (typeof d === "number") {
    if (d !== d) return ".nan";
    if (!Number.isFinite(d)) return d > 0 ? ".inf" : "-.inf";
    return formatNumber(d);
  }
  if (typeof d === "string") return scalar(d);
  return Array.isArray(d) ? "[]" : "{}";
}

function block(d: Data[] | DataMap, indent: string, out: string[]): void {
  if (Array.isArray(d)) {
    for (const item of d) {
      if (!isBlock(item)) {
        out.push(indent + "- " + inline(item));
        continue;
      }
      const lines: string[] = [];
      block(item, "", lines);
      out.push(indent + "- " + lines[0]);
      for (let i = 1; i < lines.length; i++) out.push(indent + "  " + lines[i]);
    }
    return;
  }
  for (const [k, v] of d.entries) {
    const key = scalar(k);
    if (!isBlock(v)) {
      out.push(indent + key + ": " + inline(v));
    } else {
      out.push(indent + key + ":");
      block(v, Array.isArray(v) ? indent : indent + "  ", out);
    }
  }
}

/** A YAML document for a value, ending with a newline. */
export function stringifyYaml(d: Data): string {
  if (!isBlock(d)) return inline(d) + "\n";
  const out: string[] = [];
  block(d, "", out);
  return out.join("\n") + "\n";
}
