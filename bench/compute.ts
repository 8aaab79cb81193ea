// Compute-bound Luau in bune next to the same algorithms in plain TypeScript, in the same run.
// Only execution is timed (compilation is excluded); each pair returns the same value as a check.
//   node_modules/.bin/bun bench/compute.ts
import { runTable } from "./luau";

const LOOP = 100_000_000;

runTable("compute (bune vs plain TypeScript, best of 3)", [
  {
    name: "fib(32), recursive",
    luau: `
      local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
      return fib(32)`,
    ts: () => {
      const fib = (n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2));
      return fib(32);
    },
  },
  {
    name: "s += i % 7, 10^8 iterations",
    luau: `
      local s = 0
      for i = 1, ${LOOP} do s += i % 7 end
      return s`,
    ts: () => {
      let s = 0;
      for (let i = 1; i <= LOOP; i++) s += i % 7;
      return s;
    },
  },
  {
    name: "array writes + reads, 10^7",
    luau: `
      local t = {}
      for i = 1, 1000000 do t[i] = i end
      local s = 0
      for rep = 1, 9 do
        for i = 1, #t do s += t[i] end
      end
      return s`,
    ts: () => {
      const t: number[] = [];
      for (let i = 1; i <= 1_000_000; i++) t[i - 1] = i;
      let s = 0;
      for (let rep = 1; rep <= 9; rep++) for (let i = 0; i < t.length; i++) s += t[i];
      return s;
    },
  },
  {
    name: "record field updates, 10^7",
    luau: `
      local p = {x = 0, y = 0, z = 0}
      for i = 1, 3333333 do
        p.x = p.x + 1
        p.y = p.y + p.x
        p.z = p.y - p.z
      end
      return p.x + p.y % 1000 + p.z % 1000`,
    ts: () => {
      const p = { x: 0, y: 0, z: 0 };
      for (let i = 1; i <= 3_333_333; i++) {
        p.x = p.x + 1;
        p.y = p.y + p.x;
        p.z = p.y - p.z;
      }
      return p.x + (p.y % 1000) + (p.z % 1000);
    },
  },
  {
    name: "string-keyed hash, 10^6 sets + gets",
    luau: `
      local h = {}
      for i = 1, 1000000 do h["k" .. (i % 5000)] = i end
      local s = 0
      for i = 1, 1000000 do s += h["k" .. (i % 5000)] end
      return s`,
    ts: () => {
      const h = new Map<string, number>();
      for (let i = 1; i <= 1_000_000; i++) h.set("k" + (i % 5000), i);
      let s = 0;
      for (let i = 1; i <= 1_000_000; i++) s += h.get("k" + (i % 5000))!;
      return s;
    },
  },
  {
    name: "method calls on objects, 10^7",
    luau: `
      local Counter = {}
      Counter.__index = Counter
      function Counter.new() return setmetatable({n = 0}, Counter) end
      function Counter:add(k) self.n += k return self end
      function Counter:get() return self.n end
      local a, b = Counter.new(), Counter.new()
      for i = 1, 5000000 do a:add(1) b:add(a:get() % 3) end
      return a:get() + b:get()`,
    ts: () => {
      class Counter {
        n = 0;
        add(k: number) {
          this.n += k;
          return this;
        }
        get() {
          return this.n;
        }
      }
      const a = new Counter();
      const b = new Counter();
      for (let i = 1; i <= 5_000_000; i++) {
        a.add(1);
        b.add(a.get() % 3);
      }
      return a.get() + b.get();
    },
  },
  {
    name: "string building, 10^6 pieces",
    luau: `
      local parts = {}
      for i = 1, 1000000 do parts[#parts + 1] = tostring(i) .. "," end
      local s = table.concat(parts)
      local acc = ""
      for i = 1, 20000 do acc ..= "x" end
      return #s + #acc`,
    ts: () => {
      const parts: string[] = [];
      for (let i = 1; i <= 1_000_000; i++) parts.push(String(i) + ",");
      const s = parts.join("");
      let acc = "";
      for (let i = 1; i <= 20000; i++) acc += "x";
      return s.length + acc.length;
    },
  },
  {
    name: "closures: 10^6 made, 10^7 calls",
    luau: `
      local function counter()
        local n = 0
        return function(k) n += k return n end
      end
      local s = 0
      for i = 1, 1000000 do
        local c = counter()
        for j = 1, 10 do s += c(j) end
      end
      return s`,
    ts: () => {
      const counter = () => {
        let n = 0;
        return (k: number) => (n += k);
      };
      let s = 0;
      for (let i = 1; i <= 1_000_000; i++) {
        const c = counter();
        for (let j = 1; j <= 10; j++) s += c(j);
      }
      return s;
    },
  },
]);
