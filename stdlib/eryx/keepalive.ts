// Process lifetime. Bun handles (listeners, connections, UDP sockets) are all unref'd: an open
// socket alone does not keep a script running, as a descriptor does not keep a C program from
// exiting. What keeps the process alive is a Luau thread waiting on socket I/O (or poll), or bytes
// still queued for sending: while any exists, one referenced timer holds the event loop open.
let holds = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function hold(n = 1): void {
  holds += n;
  if (timer === undefined && holds > 0) timer = setInterval(() => {}, 0x7fffffff);
}

export function release(n = 1): void {
  holds -= n;
  if (holds <= 0 && timer !== undefined) {
    clearInterval(timer);
    timer = undefined;
  }
}
