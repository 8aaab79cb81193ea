// Service names ↔ ports (getaddrinfo's service argument, getnameinfo's result), from /etc/services
// like the C library, with the common ones built in for systems without the file.
import { readFileSync } from "node:fs";

type Proto = "tcp" | "udp";

const BUILTIN = "ftp 21 ssh 22 telnet 23 smtp 25 domain 53 http 80 pop3 110 ntp 123 imap 143 snmp 161 ldap 389 https 443 imaps 993 pop3s 995";

interface Table {
  byName: Map<string, number>;
  byPort: Map<string, string>;
}

let table: Table | undefined;

function load(): Table {
  const byName = new Map<string, number>();
  const byPort = new Map<string, string>();
  const add = (name: string, port: number, proto: string) => {
    if (!byName.has(`${name}/${proto}`)) byName.set(`${name}/${proto}`, port);
    if (!byPort.has(`${port}/${proto}`)) byPort.set(`${port}/${proto}`, name);
  };
  let text = "";
  try {
    text = readFileSync("/etc/services", "latin1");
  } catch {
    // no services database: the built-in list below
  }
  for (const line of text.split("\n")) {
    const fields = line.replace(/#.*/, "").trim().split(/\s+/);
    const m = /^(\d+)\/(tcp|udp)$/.exec(fields[1] ?? "");
    if (m === null) continue;
    for (const name of [fields[0], ...fields.slice(2)]) add(name, Number(m[1]), m[2]);
  }
  const builtin = BUILTIN.split(" ");
  for (let i = 0; i < builtin.length; i += 2) {
    add(builtin[i], Number(builtin[i + 1]), "tcp");
    add(builtin[i], Number(builtin[i + 1]), "udp");
  }
  return { byName, byPort };
}

export function servicePort(name: string, proto: Proto): number | undefined {
  table ??= load();
  return table.byName.get(`${name}/${proto}`);
}

export function serviceName(port: number, proto: Proto): string | undefined {
  table ??= load();
  return table.byPort.get(`${port}/${proto}`);
}
