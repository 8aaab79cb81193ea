// The plain-Bun echo servers bune is measured against (bench/sockets.ts). Prints its port, then
// echoes until killed.
//   bun bench/sockets_server_bun.ts <tcp|udp|udp-batch>
const proto = process.argv[2];

if (proto === "tcp") {
  const server = Bun.listen<{ pending: Uint8Array[] }>({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      open(s) {
        s.data = { pending: [] };
      },
      data(s, d) {
        // echo, keeping what the kernel did not take until drain (as bune's write does)
        if (s.data.pending.length > 0) {
          s.data.pending.push(d);
          return;
        }
        const n = s.write(d);
        if (n < d.length) s.data.pending.push(d.subarray(Math.max(n, 0)));
      },
      drain(s) {
        const q = s.data.pending;
        while (q.length > 0) {
          const d = q[0];
          const n = s.write(d);
          if (n < d.length) {
            q[0] = d.subarray(Math.max(n, 0));
            return;
          }
          q.shift();
        }
      },
    },
  });
  console.log(server.port);
} else if (proto === "udp") {
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(s, d, port, addr) {
        s.send(d, port, addr);
      },
    },
  });
  console.log(socket.port);
} else if (proto === "udp-batch") {
  // replies queued and sent with one sendMany() per event-loop turn, as bune's batching does
  let queue: (Uint8Array | number | string)[] = [];
  let blocked = false;
  const flush = () => {
    scheduled = false;
    if (queue.length === 0) return;
    const sent = socket.sendMany(queue);
    if (sent * 3 < queue.length) {
      queue = queue.slice(sent * 3);
      blocked = true;
    } else queue = [];
  };
  let scheduled = false;
  const socket = await Bun.udpSocket({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(_s, d, port, addr) {
        queue.push(d, port, addr);
        if (!scheduled && !blocked) {
          scheduled = true;
          setImmediate(flush);
        }
      },
      drain() {
        blocked = false;
        flush();
      },
    },
  });
  console.log(socket.port);
} else {
  throw new Error(`unknown mode ${proto}: tcp, udp or udp-batch`);
}

export {};
