#!/usr/bin/env bun
// bune's command line, mirroring Lune's: `bune run <script> [args...]`.
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { runScriptFile } from "./stdlib/lune/script";

function fail(message: string): never {
  process.stderr.write(`[ERROR]\n${message}\n`);
  process.exit(1);
}

function findScript(name: string): string {
  const base = resolve(name.replace(/\.(luau|lua)$/, ""));
  for (const candidate of [base + ".luau", base + ".lua", base + "/init.luau", base + "/init.lua"]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  fail(`Failed to resolve script at path ${base} (NotFound)`);
}

const [command, ...rest] = process.argv.slice(2);
switch (command) {
  case "run": {
    const [script, ...args] = rest;
    if (script === undefined) fail("no script given: bune run <script> [args...]");
    runScriptFile(findScript(script), args);
    break;
  }
  default:
    fail(`unknown command '${command ?? ""}'`);
}
