// fs.copy: a file, or a directory tree (directories are created first, then the files copied).
import { promises as fsp } from "node:fs";
import { join } from "node:path";
import { LuauError } from "../../../runtime/errors";

const bytes = (p: string) => Buffer.from(p, "latin1");

async function kindOf(p: string): Promise<"file" | "dir" | "other" | undefined> {
  try {
    const st = await fsp.stat(bytes(p));
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/** Every directory (parents first) and file below `root`, as paths relative to it. */
async function walk(root: string): Promise<{ dirs: string[]; files: string[] }> {
  const dirs: string[] = [];
  const files: string[] = [];
  const visit = async (rel: string) => {
    // (names as bytes; Bun's readdir ignores withFileTypes together with the buffer encoding)
    const names = await fsp.readdir(bytes(join(root, rel)), { encoding: "buffer" });
    for (const name of names) {
      const child = join(rel, name.toString("latin1"));
      if ((await fsp.lstat(bytes(join(root, child)))).isDirectory()) {
        dirs.push(child);
        await visit(child);
      } else {
        files.push(child);
      }
    }
  };
  await visit("");
  return { dirs, files };
}

export async function copyPath(from: string, to: string, overwrite: boolean): Promise<void> {
  const kind = await kindOf(from);
  if (kind === undefined) throw new LuauError(`No file or directory exists at the path '${from}'`);
  if (kind === "other") throw new LuauError(`The given path '${from}' is not a file or a directory`);
  const target = await kindOf(to);
  if (kind === "file") {
    if (target === "file" && !overwrite) throw new LuauError(`A file already exists at the path '${to}'`);
    await fsp.copyFile(bytes(from), bytes(to));
    return;
  }
  if (target === "dir" && !overwrite) throw new LuauError(`A directory already exists at the path '${to}'`);
  if (target !== undefined && overwrite) await fsp.rm(bytes(to), { recursive: true, force: true });
  const { dirs, files } = await walk(from);
  await fsp.mkdir(bytes(to), { recursive: true });
  for (const d of dirs) await fsp.mkdir(bytes(join(to, d)), { recursive: true });
  for (const f of files) await fsp.copyFile(bytes(join(from, f)), bytes(join(to, f)));
}
