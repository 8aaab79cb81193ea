// Process lifetime for waits Bun does not count. Sockets and child processes are unref'd so that an
// open handle alone does not keep a script running (as in Lune); a Luau thread *waiting* on one
// does. While any such wait is held, one referenced timer keeps Bun's event loop open.
/** The longest delay setTimeout/setInterval take; a longer one fires at once. */
export const MAX_TIMER_MS = 0x7fffffff;

let holds = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function hold(n = 1): void {
  holds += n;
  if (timer === undefined && holds > 0) timer = setInterval(() => {}, MAX_TIMER_MS);
}

export function release(n = 1): void {
  holds -= n;
  if (holds <= 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}
