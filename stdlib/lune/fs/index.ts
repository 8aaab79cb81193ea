// @lune/fs. Every operation is asynchronous (the calling thread yields, others keep running). Paths
// and file contents are byte strings: paths are handed to the OS as their bytes, files are read into
// latin1 strings and strings are written back as the same bytes.
import { promises as fsp, type Stats } from "node:fs";
import { LuauError } from "../../../runtime/errors";
import { LuauTable } from "../../../runtime/table";
import { LuauBuffer, NONE, typeName } from "../../../runtime/values";
import { checkString, library, typeError } from "../../args";
import { awaitPromise } from "../async";
import { dateTimeFromMillis } from "../datetime/datetime";
import { osError } from "../oserror";
import { copyPath } from "./copy";

/** A script path as the bytes the OS sees. */
export function osPath(p: string): Buffer {
  return Buffer.from(p, "latin1");
}

/** A path argument: a string the OS can take (Rust's std::fs refuses NUL bytes, in these words). */
function checkPath(v: unknown, i: number, fname: string, nargs: number): string {
  const p = checkString(v, i, fname, nargs);
  if (p.includes("\0")) throw new LuauError("file name contained an unexpected NUL byte");
  return p;
}

function* run<T>(op: Promise<T>): Generator<unknown, T, unknown> {
  return yield* awaitPromise(op, osError);
}

/** Stats following symlinks, or undefined when nothing (or a broken link) is there. */
export async function statOrNone(p: Buffer): Promise<Stats | undefined> {
  try {
    return await fsp.stat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
    throw e;
  }
}

/** The overwrite flag of move/copy: nil, a boolean, or `{ overwrite = boolean? }`. */
function overwriteOption(v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (v instanceof LuauTable) return v.get("overwrite") === true;
  throw new LuauError(`Invalid write options - expected boolean or table, got ${typeName(v)}`);
}

function contentsBytes(v: unknown, nargs: number): Uint8Array {
  if (typeof v === "string") return osPath(v);
  if (v instanceof LuauBuffer) return v.bytes;
  if (typeof v === "number") return osPath(checkString(v, 2, "writeFile"));
  throw typeError(2, "writeFile", "string or buffer", v, nargs);
}

function utf8Name(name: Buffer): string {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(name);
  } catch {
    throw new LuauError(`File name could not be converted into a string: '${name.toString("latin1")}'`);
  }
  return name.toString("latin1");
}

function metadataTable(st: Stats | undefined): LuauTable {
  if (st === undefined) return library({ exists: false });
  const time = (ms: number) => (ms > 0 ? dateTimeFromMillis(ms) : undefined);
  return library({
    kind: st.isDirectory() ? "dir" : st.isFile() ? "file" : "symlink",
    exists: true,
    createdAt: time(st.birthtimeMs),
    modifiedAt: time(st.mtimeMs),
    accessedAt: time(st.atimeMs),
    permissions: library({ readOnly: (st.mode & 0o222) === 0 }),
  });
}

export function createFsLibrary() {
  return library({
    *readFile(path: unknown) {
      const p = osPath(checkPath(path, 1, "readFile", arguments.length));
      const data = yield* run(fsp.readFile(p));
      return data.toString("latin1");
    },
    *readDir(path: unknown) {
      const p = osPath(checkPath(path, 1, "readDir", arguments.length));
      const names = yield* run(fsp.readdir(p, { encoding: "buffer" }));
      return LuauTable.fromArray(names.map(utf8Name));
    },
    *writeFile(path: unknown, contents: unknown) {
      const p = osPath(checkPath(path, 1, "writeFile", arguments.length));
      yield* run(fsp.writeFile(p, contentsBytes(contents, arguments.length)));
      return NONE;
    },
    *writeDir(path: unknown) {
      const p = osPath(checkPath(path, 1, "writeDir", arguments.length));
      yield* run(fsp.mkdir(p, { recursive: true }));
      return NONE;
    },
    *removeFile(path: unknown) {
      const p = osPath(checkPath(path, 1, "removeFile", arguments.length));
      yield* run(fsp.unlink(p));
      return NONE;
    },
    *removeDir(path: unknown) {
      const p = osPath(checkPath(path, 1, "removeDir", arguments.length));
      yield* run(
        (async () => {
          const st = await fsp.lstat(p);
          if (!st.isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
          await fsp.rm(p, { recursive: true });
        })(),
      );
      return NONE;
    },
    *metadata(path: unknown) {
      const p = osPath(checkPath(path, 1, "metadata", arguments.length));
      return metadataTable(yield* run(statOrNone(p)));
    },
    *isFile(path: unknown) {
      const p = osPath(checkPath(path, 1, "isFile", arguments.length));
      return (yield* run(statOrNone(p)))?.isFile() === true;
    },
    *isDir(path: unknown) {
      const p = osPath(checkPath(path, 1, "isDir", arguments.length));
      return (yield* run(statOrNone(p)))?.isDirectory() === true;
    },
    *move(from: unknown, to: unknown, options: unknown) {
      const src = checkPath(from, 1, "move", arguments.length);
      const dst = checkPath(to, 2, "move", arguments.length);
      const overwrite = overwriteOption(options);
      yield* run(
        (async () => {
          if ((await lstatOrNone(osPath(src))) === undefined) {
            throw new LuauError(`No file or directory exists at the path '${src}'`);
          }
          if (!overwrite && (await lstatOrNone(osPath(dst))) !== undefined) {
            throw new LuauError(`A file or directory already exists at the path '${dst}'`);
          }
          await fsp.rename(osPath(src), osPath(dst));
        })(),
      );
      return NONE;
    },
    *copy(from: unknown, to: unknown, options: unknown) {
      const src = checkPath(from, 1, "copy", arguments.length);
      const dst = checkPath(to, 2, "copy", arguments.length);
      const overwrite = overwriteOption(options);
      yield* run(copyPath(src, dst, overwrite));
      return NONE;
    },
  });
}

async function lstatOrNone(p: Buffer): Promise<Stats | undefined> {
  try {
    return await fsp.lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}
