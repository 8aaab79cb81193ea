// Load client for bench/sockets.ts (runs as its own Bun process, so client and server each get a
// core). Echo ping-pong: every TCP connection keeps one message in flight; every UDP socket keeps
// `inflight` datagrams in flight. Prints "START" when the warm-up ends and "END <json>" after the
// measured window; only round trips completed inside the window count.
//
//   bun bench/sockets_client.ts <tcp|udp> <port> <conns> <size> <inflight> <warmupMs> <durationMs>
const [proto, portArg, connsArg, sizeArg, inflightArg, warmArg, durArg] = process.argv.slice(2);
const port = Number(portArg);
const conns = Number(connsArg);
const size = Number(sizeArg);
const inflight = Number(inflightArg);
const warmupMs = Number(warmArg);
const durationMs = Number(durArg);

const message = new Uint8Array(size).fill(0x61);
let counting = false;
let roundTrips = 0;

async function tcp(): Promise<void> {
  for (let i = 0; i < conns; i++) {
    let pending = 0;
    await Bun.connect({
      hostname: "127.0.0.1",
      port,
      socket: {
        open(s) {
          s.setNoDelay(true);
          pending = size;
          s.write(message);
        },
        data(s, d) {
          pending -= d.length;
          if (pending > 0) return;
          if (counting) roundTrips++;
          pending = size;
          s.write(message);
        },
        close() {},
      },
    });
  }
}

async function udp(): Promise<void> {
  for (let i = 0; i < conns; i++) {
    let lastReply = performance.now();
    const s = await Bun.udpSocket({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        data(sock) {
          lastReply = performance.now();
          if (counting) roundTrips++;
          sock.send(message, port, "127.0.0.1");
        },
      },
    });
    const prime = () => {
      for (let k = 0; k < inflight; k++) s.send(message, port, "127.0.0.1");
    };
    prime();
    // datagrams can be lost: refill the window when replies stop
    setInterval(() => {
      if (performance.now() - lastReply > 50) prime();
    }, 50);
  }
}

await (proto === "tcp" ? tcp() : udp());
await Bun.sleep(warmupMs);
counting = true;
const t0 = performance.now();
console.log("START");
await Bun.sleep(durationMs);
counting = false;
const seconds = (performance.now() - t0) / 1000;
console.log("END " + JSON.stringify({ roundTrips, seconds }));
process.exit(0);

export {};
