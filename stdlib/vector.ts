// The `vector` library. Components are single precision, so every computed component is rounded
// with Math.fround (a float32 operation done in double precision and rounded once gives the same
// result as the float32 operation itself).
import type { LuauTable } from "../runtime/table";
import { Vector } from "../runtime/values";
import { argError, checkNumber, library, optNumber, typeError } from "./args";

const f32 = Math.fround;

function vec(x: number, y: number, z: number): Vector {
  return new Vector(f32(x), f32(y), f32(z));
}

function checkVector(v: unknown, i: number, fname: string, nargs?: number): Vector {
  if (v instanceof Vector) return v;
  throw typeError(i, fname, "vector", v, nargs);
}

function dotOf(a: Vector, b: Vector): number {
  return f32(f32(f32(a.x * b.x) + f32(a.y * b.y)) + f32(a.z * b.z));
}

function crossOf(a: Vector, b: Vector): Vector {
  return vec(f32(a.y * b.z) - f32(a.z * b.y), f32(a.z * b.x) - f32(a.x * b.z), f32(a.x * b.y) - f32(a.y * b.x));
}

function magnitudeOf(v: Vector): number {
  return f32(Math.sqrt(dotOf(v, v)));
}

function create(x: unknown, y: unknown, z: unknown): Vector {
  const nargs = arguments.length;
  return vec(checkNumber(x, 1, "create", nargs), checkNumber(y, 2, "create", nargs), optNumber(z, 3, "create", 0));
}

function componentwise(name: string, fn: (c: number) => number): (v: unknown) => Vector {
  return function (v: unknown): Vector {
    const a = checkVector(v, 1, name, arguments.length);
    return vec(fn(a.x), fn(a.y), fn(a.z));
  };
}

function sign(c: number): number {
  return c > 0 ? 1 : c < 0 ? -1 : 0;
}

function normalize(v: unknown): Vector {
  const a = checkVector(v, 1, "normalize", arguments.length);
  const m = magnitudeOf(a);
  return vec(a.x / m, a.y / m, a.z / m);
}

function binary<R>(name: string, fn: (a: Vector, b: Vector) => R): (a: unknown, b: unknown) => R {
  return function (a: unknown, b: unknown): R {
    const nargs = arguments.length;
    return fn(checkVector(a, 1, name, nargs), checkVector(b, 2, name, nargs));
  };
}

/** The unsigned angle between a and b in radians; negative when axis sees it clockwise. */
function angle(a: unknown, b: unknown, axis: unknown): number {
  const nargs = arguments.length;
  const u = checkVector(a, 1, "angle", nargs);
  const v = checkVector(b, 2, "angle", nargs);
  const c = crossOf(u, v);
  // atan2 in double precision on the float32 sine and cosine terms, as the reference does
  const result = Math.atan2(magnitudeOf(c), dotOf(u, v));
  if (axis !== undefined && dotOf(c, checkVector(axis, 3, "angle")) < 0) return -result;
  return result;
}

function clampComponent(c: number, lo: number, hi: number): number {
  const r = c < lo ? lo : c;
  return r > hi ? hi : r;
}

function clamp(v: unknown, lo: unknown, hi: unknown): Vector {
  const nargs = arguments.length;
  const a = checkVector(v, 1, "clamp", nargs);
  const min = checkVector(lo, 2, "clamp", nargs);
  const max = checkVector(hi, 3, "clamp", nargs);
  for (const k of ["x", "y", "z"] as const) {
    if (min[k] > max[k]) throw argError(3, "clamp", `max.${k} must be greater than or equal to min.${k}`);
  }
  return vec(clampComponent(a.x, min.x, max.x), clampComponent(a.y, min.y, max.y), clampComponent(a.z, min.z, max.z));
}

function extremum(name: string, better: (c: number, best: number) => boolean): (...args: unknown[]) => Vector {
  return function (...args: unknown[]): Vector {
    const first = checkVector(args[0], 1, name, args.length);
    let x = first.x;
    let y = first.y;
    let z = first.z;
    for (let i = 1; i < args.length; i++) {
      const v = checkVector(args[i], i + 1, name);
      if (better(v.x, x)) x = v.x;
      if (better(v.y, y)) y = v.y;
      if (better(v.z, z)) z = v.z;
    }
    return new Vector(x, y, z);
  };
}

function lerpComponent(a: number, b: number, t: number): number {
  return t === 1 ? b : f32(a + f32(f32(b - a) * t));
}

function lerp(a: unknown, b: unknown, t: unknown): Vector {
  const nargs = arguments.length;
  const u = checkVector(a, 1, "lerp", nargs);
  const v = checkVector(b, 2, "lerp", nargs);
  const s = f32(checkNumber(t, 3, "lerp", nargs));
  return new Vector(lerpComponent(u.x, v.x, s), lerpComponent(u.y, v.y, s), lerpComponent(u.z, v.z, s));
}

export function createVectorLibrary(): LuauTable {
  return library({
    zero: new Vector(0, 0, 0),
    one: new Vector(1, 1, 1),
    create,
    magnitude(v: unknown): number {
      return magnitudeOf(checkVector(v, 1, "magnitude", arguments.length));
    },
    normalize,
    dot: binary("dot", dotOf),
    cross: binary("cross", crossOf),
    angle,
    floor: componentwise("floor", Math.floor),
    ceil: componentwise("ceil", Math.ceil),
    abs: componentwise("abs", Math.abs),
    sign: componentwise("sign", sign),
    clamp,
    max: extremum("max", (c, best) => c > best),
    min: extremum("min", (c, best) => c < best),
    lerp,
  });
}
