// Loading modules: each module body runs once, as its own deferred scheduler thread (so modules may
// yield at top level), and every require of it waits for that thread's result. Results are cached
// per module path; a module that errors is not cached, so a later require runs it again.
import { instantiate } from "../../../runtime/chunk";
import { LuauError } from "../../../runtime/errors";
import { pushDefer, wake } from "../../../runtime/scheduler";
import type { LuauTable } from "../../../runtime/table";
import { LuauThread, SUSPEND, beginWait, runningThread } from "../../../runtime/thread";
import { NONE } from "../../../runtime/values";
import { compileFile } from "./chunks";

interface Waiter {
  thread: LuauThread;
  token: number;
}

interface ModuleRecord {
  loaded: boolean;
  value: unknown;
  /** The thread running the module body while it loads. */
  thread: LuauThread | undefined;
  waiters: Waiter[];
}

export class ModuleLoader {
  private modules = new Map<string, ModuleRecord>();
  /** The loading module each thread is blocked on (to detect require cycles). */
  private blockedOn = new WeakMap<LuauThread, ModuleRecord>();

  constructor(private readonly env: LuauTable) {}

  /** require's result for the module at `modulePath` (file `file`); yields while it loads. */
  *load(modulePath: string, file: string, cycleError: () => LuauError): Generator<unknown, unknown, unknown> {
    let rec = this.modules.get(modulePath);
    if (rec !== undefined && rec.loaded) return rec.value;
    if (rec === undefined) {
      rec = this.start(modulePath, file);
    } else if (this.dependsOnCurrent(rec)) {
      throw cycleError();
    }
    const { thread, token } = beginWait();
    rec.waiters.push({ thread, token });
    this.blockedOn.set(thread, rec);
    try {
      return yield SUSPEND;
    } finally {
      this.blockedOn.delete(thread);
    }
  }

  /** Whether the loading module `rec` is (transitively) waiting on the running thread. */
  private dependsOnCurrent(rec: ModuleRecord): boolean {
    const current = runningThread();
    const seen = new Set<ModuleRecord>();
    for (let r: ModuleRecord | undefined = rec; r !== undefined && !seen.has(r); ) {
      if (r.thread === current) return true;
      seen.add(r);
      r = r.thread === undefined ? undefined : this.blockedOn.get(r.thread);
    }
    return false;
  }

  private start(modulePath: string, file: string): ModuleRecord {
    // syntax errors surface in the requirer at once
    const main = instantiate(compileFile(file), this.env);
    const rec: ModuleRecord = { loaded: false, value: undefined, thread: undefined, waiters: [] };
    this.modules.set(modulePath, rec);
    const finish = (value: unknown, error?: LuauError) => {
      rec.thread = undefined;
      if (error === undefined) {
        rec.loaded = true;
        rec.value = value;
      } else {
        this.modules.delete(modulePath);
      }
      for (const w of rec.waiters) wake(w.thread, w.token, error === undefined ? [value] : NONE, error);
      rec.waiters = [];
    };
    rec.thread = new LuauThread(main);
    // the scheduler reports a module's error as any thread's; requirers get it raised too
    rec.thread.onExit = (r) => {
      if (r.kind === "error") return finish(undefined, r.error);
      const v = r.values[0];
      finish(v === undefined ? true : v);
    };
    pushDefer(rec.thread, []);
    return rec;
  }
}
