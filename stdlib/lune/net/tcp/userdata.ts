// What scripts hold: TcpStream (net.tcp.connect), TcpConnection (accepted by a server) and
// TcpServer, as userdata with read-only fields and `:` methods. Streams and connections share one
// host class and one set of methods.
import { rtError } from "../../../../runtime/errors";
import { SUSPEND } from "../../../../runtime/thread";
import type { Userdata } from "../../../../runtime/values";
import { LuauBuffer, NONE } from "../../../../runtime/values";
import { argError, checkBoolean, checkFunction, optInteger, optNumber } from "../../../args";
import { defineUserdata, type UserdataClass } from "../../userdata";
import { checkData } from "../shared/bytes";
import { TcpConnection, WAIT } from "./connection";
import { TcpServer } from "./server";
import { copyBytes } from "../../../../runtime/bytes";

const DEFAULT_READ_SIZE = 1024;

function connectionMethods(type: () => UserdataClass<TcpConnection>) {
  // read (a string, as Lune's) and readBuffer (a buffer over the received bytes: no copy)
  const reader = (fname: string, asBuffer: boolean) =>
    function* (self: unknown, size: unknown): Generator<unknown, unknown, unknown> {
      const conn = type().unwrap(self, fname);
      const max = optInteger(size, 2, fname, DEFAULT_READ_SIZE);
      if (max < 1) throw argError(2, fname, "size must be positive");
      for (;;) {
        const r = conn.readNow(max, asBuffer);
        if (r !== WAIT) return r instanceof Uint8Array ? new LuauBuffer(r) : r;
        // waiting inline rather than in readers.wait(): one generator fewer on the suspension an
        // echo-style server makes for every message
        const readers = conn.dataWaiters;
        const w = readers.enter();
        try {
          yield SUSPEND;
        } finally {
          readers.leave(w);
        }
      }
    };
  return {
    read: reader("read", false),
    readBuffer: reader("readBuffer", true),
    *write(self: unknown, data: unknown): Generator<unknown, unknown, unknown> {
      const conn = type().unwrap(self, "write");
      const d = checkData(data, 2, "write");
      const rest = conn.writeNow(d);
      // a buffer is copied before waiting its turn: what is written is what it held at the call
      if (rest === WAIT) yield* conn.write(typeof d === "string" ? d : copyBytes(d));
      else if (rest !== undefined) yield* conn.finishWrite(rest);
      return NONE;
    },
    close(self: unknown) {
      type().unwrap(self, "close").close();
      return NONE;
    },
    setNoDelay(self: unknown, enabled: unknown) {
      const conn = type().unwrap(self, "setNoDelay");
      conn.setNoDelay(enabled === undefined ? true : checkBoolean(enabled, 2, "setNoDelay"));
      return NONE;
    },
    setKeepAlive(self: unknown, enabled: unknown, delay: unknown) {
      const conn = type().unwrap(self, "setKeepAlive");
      const on = checkBoolean(enabled, 2, "setKeepAlive", arguments.length);
      conn.setKeepAlive(on, Math.max(0, Math.round(optNumber(delay, 3, "setKeepAlive", 0) * 1000)));
      return NONE;
    },
  };
}

function connectionField(conn: TcpConnection, key: string): unknown {
  switch (key) {
    case "address":
      return conn.address;
    case "localIp":
      return conn.localIp;
    case "localPort":
      return conn.localPort;
    case "remoteIp":
      return conn.remoteIp;
    case "remotePort":
      return conn.remotePort;
    case "closed":
      return conn.isClosed;
    default:
      return undefined;
  }
}

export const TcpStreamType: UserdataClass<TcpConnection> = defineUserdata(
  "TcpStream",
  TcpConnection,
  connectionMethods(() => TcpStreamType),
  connectionField,
);

export const TcpConnectionType: UserdataClass<TcpConnection> = defineUserdata(
  "TcpConnection",
  TcpConnection,
  connectionMethods(() => TcpConnectionType),
  connectionField,
);

// a connection the script dropped without closing is closed when its userdata is collected
const abandoned = new FinalizationRegistry<TcpConnection>((conn) => conn.close());

export function wrapConnection(conn: TcpConnection): Userdata {
  const ud = (conn.kind === "TcpStream" ? TcpStreamType : TcpConnectionType).wrap(conn);
  abandoned.register(ud, conn);
  return ud;
}

export const TcpServerType: UserdataClass<TcpServer> = defineUserdata(
  "TcpServer",
  TcpServer,
  {
    *accept(self: unknown): Generator<unknown, unknown, unknown> {
      const server = TcpServerType.unwrap(self, "accept");
      const conn = yield* server.accept();
      return conn === undefined ? undefined : wrapConnection(conn);
    },
    serve(self: unknown, handler: unknown) {
      const server = TcpServerType.unwrap(self, "serve");
      checkFunction(handler, 2, "serve", arguments.length);
      if (server.serving) throw rtError("TcpServer is already serving");
      if (server.isClosed) throw rtError("TcpServer is closed");
      server.serve(handler);
      return NONE;
    },
    close(self: unknown, closeConnections: unknown) {
      const server = TcpServerType.unwrap(self, "close");
      server.close(closeConnections === undefined ? false : checkBoolean(closeConnections, 2, "close"));
      return NONE;
    },
  },
  (server, key) => {
    switch (key) {
      case "address":
        return server.address;
      case "ip":
        return server.ip;
      case "port":
        return server.port;
      default:
        return undefined;
    }
  },
);
