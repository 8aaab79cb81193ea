// String-heavy work in bune next to the same algorithms in plain TypeScript, in the same run.
// Each pair computes the same checksum, printed as a cross-check.
import { runTable } from "./luau";

const WORDS = 200_000;

runTable("strings (bune vs plain TypeScript)", [
  {
    name: "gsub words over 1.3 MB of text",
    luau: `
      local parts = {}
      for i = 1, ${WORDS} do parts[i] = "word" .. (i % 97) end
      local text = table.concat(parts, " ")
      local out, n = string.gsub(text, "%a+(%d+)", function(d) return d end)
      return #out + n`,
    ts: () => {
      const parts: string[] = [];
      for (let i = 1; i <= WORDS; i++) parts.push("word" + (i % 97));
      const text = parts.join(" ");
      let n = 0;
      const out = text.replace(/[A-Za-z]+(\d+)/g, (_, d) => (n++, d));
      return out.length + n;
    },
  },
  {
    name: "string.format x 300k",
    luau: `
      local total = 0
      for i = 1, 300000 do
        total += #string.format("%d:%s:%.2f", i, "item", i / 7)
      end
      return total`,
    ts: () => {
      let total = 0;
      for (let i = 1; i <= 300000; i++) total += `${i}:item:${(i / 7).toFixed(2)}`.length;
      return total;
    },
  },
  {
    name: "10 MB string via table.concat",
    luau: `
      local t = {}
      for i = 1, 1000000 do t[i] = "0123456789" end
      return #table.concat(t)`,
    ts: () => {
      const t: string[] = [];
      for (let i = 0; i < 1000000; i++) t.push("0123456789");
      return t.join("").length;
    },
  },
  {
    name: "string.pack/unpack x 200k",
    luau: `
      local sum = 0
      for i = 1, 200000 do
        local s = string.pack("<i4d", i, i / 2)
        local a, b = string.unpack("<i4d", s)
        sum += a + b
      end
      return sum`,
    ts: () => {
      let sum = 0;
      const view = new DataView(new ArrayBuffer(12));
      for (let i = 1; i <= 200000; i++) {
        view.setInt32(0, i, true);
        view.setFloat64(4, i / 2, true);
        sum += view.getInt32(0, true) + view.getFloat64(4, true);
      }
      return sum;
    },
  },
  {
    name: "buffer u32 write+read x 10M",
    luau: `
      local b = buffer.create(4096)
      local sum = 0
      for i = 0, 9999999 do
        local off = (i % 1024) * 4
        buffer.writeu32(b, off, i)
        sum += buffer.readu32(b, off)
      end
      return sum`,
    ts: () => {
      const view = new DataView(new ArrayBuffer(4096));
      let sum = 0;
      for (let i = 0; i < 10000000; i++) {
        const off = (i % 1024) * 4;
        view.setUint32(off, i, true);
        sum += view.getUint32(off, true);
      }
      return sum;
    },
  },
]);
