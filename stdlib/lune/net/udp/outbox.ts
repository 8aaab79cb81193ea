// Datagrams on their way out of a UDP socket. With batching on (the default), sends made while a
// thread runs are queued and flushed with one sendMany() per event-loop turn, from setImmediate:
// Bun runs microtasks after every callback, so a microtask flush would never batch anything.
// Without batching each datagram is one send(). Either way a datagram the kernel cannot take now
// (EAGAIN) stays queued until `drain`, and a sender that has filled the queue waits for it, so a
// sending loop cannot grow memory without bound.
import type { udp } from "bun";
import { WaitQueue } from "../shared/waiters";

const MAX_PACKETS = 1024;
const MAX_BYTES = 1 << 20;

type Packet = Uint8Array | number | string;

export class Outbox {
  /** Flat sendMany() list: data, port, ip, data, port, ip, ... */
  private packets: Packet[] = [];
  private bytes = 0;
  private scheduled = false;
  /** The kernel refused a datagram: nothing is sent until `drain`. */
  private blocked = false;
  private readonly waiters: WaitQueue;
  private readonly flushSoon = () => {
    this.scheduled = false;
    this.flush();
  };

  constructor(
    private readonly socket: udp.Socket<"buffer">,
    private readonly batch: boolean,
    private readonly onChange: () => void,
  ) {
    this.waiters = new WaitQueue(onChange);
  }

  get pending(): number {
    return this.packets.length / 3;
  }

  get waiting(): number {
    return this.waiters.size;
  }

  /** Queues (or sends) one datagram. Returns true when the queue is full and the kernel is not
   * taking more: the sender must then wait (waitQueue) until `full` is false again. */
  push(data: Uint8Array, port: number, ip: string): boolean {
    if (!this.batch && !this.blocked && this.packets.length === 0) {
      if (this.socket.send(data, port, ip)) return false;
      this.blocked = true;
      this.onChange();
    }
    this.packets.push(data, port, ip);
    this.bytes += data.length;
    if (this.packets.length >= MAX_PACKETS * 3 || this.bytes >= MAX_BYTES) {
      this.flush();
      return this.full;
    }
    if (!this.scheduled && !this.blocked) {
      this.scheduled = true;
      setImmediate(this.flushSoon);
    }
    return false;
  }

  /** Blocked with a full queue (see push). */
  get full(): boolean {
    return this.blocked && !this.socket.closed && this.packets.length > 0;
  }

  /** Senders waiting for the queue to drain. */
  get waitQueue(): WaitQueue {
    return this.waiters;
  }

  /** Sends everything queued that the kernel takes now. */
  flush(): void {
    if (this.packets.length === 0 || this.socket.closed) return;
    let sent: number;
    try {
      sent = this.socket.sendMany(this.packets);
    } catch {
      // one undeliverable datagram (unreachable host, ...) must not hold up the others; UDP may
      // drop it, as the network could have
      sent = this.sendEach();
    }
    if (sent * 3 >= this.packets.length) {
      this.packets = [];
      this.bytes = 0;
      this.blocked = false;
      this.waiters.wakeAll();
    } else {
      for (let i = 0; i < sent * 3; i += 3) this.bytes -= (this.packets[i] as Uint8Array).length;
      this.packets.splice(0, sent * 3);
      this.blocked = true;
    }
    this.onChange();
  }

  onDrain(): void {
    if (!this.blocked) return;
    this.blocked = false;
    this.flush();
  }

  /** The socket closed: whoever waits to send gives up (their data is dropped). */
  onClose(): void {
    this.packets = [];
    this.bytes = 0;
    this.waiters.wakeAll();
  }

  /** Sends one by one after sendMany failed; returns how many were dealt with (sent or dropped). */
  private sendEach(): number {
    const p = this.packets;
    for (let i = 0; i < p.length; i += 3) {
      try {
        if (!this.socket.send(p[i] as Uint8Array, p[i + 1] as number, p[i + 2] as string)) return i / 3;
      } catch {
        // dropped
      }
    }
    return p.length / 3;
  }
}
