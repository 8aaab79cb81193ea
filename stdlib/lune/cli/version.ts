// bune's own version, from package.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const BUNE_VERSION: string = JSON.parse(readFileSync(join(import.meta.dir, "../../../package.json"), "utf8")).version;
