// @lune/serde from Luau: text formats with Lune's table rules, compression (round trips and files
// written by the standard tools), hashes and HMACs against known vectors, and the errors bad input
// raises.
import { describe, expect, test } from "bun:test";
import { runChecked } from "./lune_harness";

const PRELUDE = `local serde = require("@lune/serde")
`;

const check = (source: string) => runChecked(PRELUDE, source);

/** A byte string as a Luau string literal. */
function luauBytes(bytes: Uint8Array | string): string {
  const b = typeof bytes === "string" ? Buffer.from(bytes, "base64") : bytes;
  return '"' + [...b].map((x) => "\\x" + x.toString(16).padStart(2, "0")).join("") + '"';
}

describe("json", () => {
  test("encodes compactly with sorted keys, or pretty with 2-space indents", async () => {
    await check(`
local value = { Hello = "World", Inner = { Array = { 1, 3, 2 } }, Foo = "Bar" }
eq(serde.encode("json", value), '{"Foo":"Bar","Hello":"World","Inner":{"Array":[1,3,2]}}')
eq(serde.encode("json", value, true), '{\\n  "Foo": "Bar",\\n  "Hello": "World",\\n  "Inner": {\\n    "Array": [\\n      1,\\n      3,\\n      2\\n    ]\\n  }\\n}')
eq(serde.encode("json", { a = {}, b = { {} } }, true), '{\\n  "a": {},\\n  "b": [\\n    {}\\n  ]\\n}')
eq(serde.encode(" JSON ", { 1 }), "[1]", "format names are trimmed and case-insensitive")
`);
  });

  test("follows Lune's rules for tables, numbers and nil", async () => {
    await check(`
eq(serde.encode("json", {}), "{}", "an empty table is an object")
eq(serde.encode("json", { 1, 2, x = 3 }), "[1,2]", "a table with #t > 0 is an array; other keys are dropped")
eq(serde.encode("json", { [2] = "b", [10] = "j" }), '{"10":"j","2":"b"}', "number keys of a map are strings, sorted as text")
eq(serde.encode("json", { 1, nil, 3 }), "[1,null,3]", "holes are null")
eq(serde.encode("json", nil), "null")
eq(serde.encode("json", { 1.5, 0 / 0, math.huge, -math.huge, -0, 2 ^ 53, 1e300, 1 / 3 }),
	"[1.5,null,null,null,0,9007199254740992,1e300,0.3333333333333333]", "integral numbers are integers")
eq(serde.encode("json", { true, false, "x" }), '[true,false,"x"]')
local t = { x = 1 }
t.self = t
eq(serde.encode("json", t), '{"x":1}', "a table nested in itself is skipped")
local shared = { 1 }
eq(serde.encode("json", { a = shared, b = shared }), '{"a":[1],"b":[1]}', "a table used twice is not a cycle")
`);
  });

  test("strings are UTF-8 both ways; invalid UTF-8 is encoded as its bytes", async () => {
    await check(`
eq(serde.encode("json", { "é✓😀", "q\\"\\\\\\n\\t\\1" }), [=[["é✓😀","q\\"\\\\\\n\\t\\u0001"]]=])
eq(serde.encode("json", "\\255\\254"), "[255,254]")
eq(serde.decode("json", '"\\\\u00e9\\\\ud83d\\\\ude00\\\\/"'), "é😀/", "escapes decode to UTF-8 bytes")
eq(serde.decode("json", '"é✓"'), "é✓", "raw UTF-8 passes through")
local s = "ünïcödé ✓ 😀"
eq(serde.decode("json", serde.encode("json", { s = s })).s, s)
`);
  });

  test("decodes objects, arrays, numbers and null (nil: keys vanish, arrays get holes)", async () => {
    const out = await check(`
local d = serde.decode("json", ' { "a": [1, 2.5, -3e2, true, false, "x"], "n": null, "o": {"k": {}} } ')
eq(d.a[1], 1) eq(d.a[2], 2.5) eq(d.a[3], -300) eq(d.a[4], true) eq(d.a[5], false) eq(d.a[6], "x")
eq(d.n, nil) eq(next(d.o.k), nil) eq(getmetatable(d), nil)
local holes = serde.decode("json", "[1, null, 3, null]")
eq(holes[1], 1) eq(holes[2], nil) eq(holes[3], 3) eq(holes[4], nil)
eq(serde.decode("json", '{"1": "one"}')["1"], "one", "object keys stay strings")
eq(serde.decode("json", "123"), 123)
eq(serde.decode("json", buffer.fromstring('{"b": 1}')).b, 1, "buffers are accepted")
print(serde.encode("json", serde.decode("json", '{"z":[1,{"y":null}],"a":"b"}')))
`);
    expect(out).toBe('{"a":"b","z":[1,{}]}\n');
  });

  test("malformed JSON is an error with the problem and its position", async () => {
    await check(`
fails("failed to decode JSON: expected \`:\` at line 1 column 6", serde.decode, "json", '{"a" 1}')
fails("EOF while parsing a list at line 1 column 4", serde.decode, "json", "[1,2")
fails("expected value at line 2 column 3", serde.decode, "json", "[1,\\n  x]")
fails("trailing characters", serde.decode, "json", "{} {}")
fails("trailing comma", serde.decode, "json", "[1,]")
fails("expected value", serde.decode, "json", "// comment\\n1")
fails("EOF while parsing a value", serde.decode, "json", "")
fails("invalid escape", serde.decode, "json", '"\\\\q"')
fails("control character", serde.decode, "json", '"a\\nb"')
fails("key must be a string", serde.decode, "json", "{1: 2}")
fails("recursion limit exceeded", serde.decode, "json", string.rep("[", 200) .. string.rep("]", 200))
fails("JSON must be valid utf-8", serde.decode, "json", '"\\255"')
`);
  });
});

describe("jsonc", () => {
  test("accepts comments and trailing commas, and encodes as JSON", async () => {
    await check(`
local d = serde.decode("jsonc", '{\\n  "Foo": "Bar", // Baz ?!?\\n  /* block\\n comment */ "Inner": { "Array": [1, 3, 2,], },\\n}')
eq(d.Foo, "Bar") eq(d.Inner.Array[3], 2) eq(#d.Inner.Array, 3)
eq(serde.encode("jsonc", d), '{"Foo":"Bar","Inner":{"Array":[1,3,2]}}')
fails("EOF while parsing a comment", serde.decode, "jsonc", "1 /* unterminated")
`);
  });
});

describe("yaml", () => {
  test("encodes in block style and quotes strings that would read as other types", async () => {
    const out = await check(`
print(serde.encode("yaml", {
	integerString = "1", booleanString = "true", nullString = "null", plain = "hello world",
	list = { 1, { a = 1, b = { 2, 3 } }, {} }, multi = "a\\nb", empty = {}, quote = "it's: here",
}))
print(serde.encode("yaml", "scalar"))
`);
    expect(out).toBe(
      [
        "booleanString: 'true'",
        "empty: {}",
        "integerString: '1'",
        "list:",
        "- 1",
        "- a: 1",
        "  b:",
        "  - 2",
        "  - 3",
        "- {}",
        'multi: "a\\nb"',
        "nullString: 'null'",
        "plain: hello world",
        "quote: 'it''s: here'",
        "",
        "scalar",
        "",
        "",
      ].join("\n"),
    );
  });

  test("round trips, keeping strings that look like numbers, booleans or null as strings", async () => {
    await check(`
local value = { integerString = "1", booleanString = "true", nullString = "null", n = 1.5, b = false,
	nested = { list = { "x", "-y", "", " padded " }, deep = { deeper = { "é✓" } } } }
local back = serde.decode("yaml", serde.encode("yaml", value))
eq(typeof(back.integerString), "string") eq(back.integerString, "1")
eq(back.booleanString, "true") eq(back.nullString, "null") eq(back.n, 1.5) eq(back.b, false)
eq(back.nested.list[2], "-y") eq(back.nested.list[3], "") eq(back.nested.list[4], " padded ")
eq(back.nested.deep.deeper[1], "é✓")
local d = serde.decode("yaml", "a: 1\\nb: [x, y]\\nc: ~\\nd:\\n  e: yes\\n")
eq(d.a, 1) eq(d.b[2], "y") eq(d.c, nil) eq(type(d.d), "table")
fails("failed to decode YAML", serde.decode, "yaml", "a: [1,")
fails("YAML must be valid utf-8", serde.decode, "yaml", "a: \\255")
`);
  });
});

describe("toml", () => {
  test("writes plain values before [sections], separated by blank lines", async () => {
    await check(`
local encoded = serde.encode("toml", { package = { name = "my-cool-toml-package", version = "0.1.0" }, values = { epic = true } })
eq(encoded, '[package]\\nname = "my-cool-toml-package"\\nversion = "0.1.0"\\n\\n[values]\\nepic = true\\n')
eq(serde.encode("toml", { a = 1, t = { x = "y" }, list = { 1, 2 } }), 'a = 1\\nlist = [1, 2]\\n\\n[t]\\nx = "y"\\n')
eq(serde.encode("toml", { deep = { a = { b = { c = 1 } } } }), "[deep.a.b]\\nc = 1\\n", "tables holding only tables get no header")
eq(serde.encode("toml", { items = { { x = 1 }, { x = 2 } } }), "[[items]]\\nx = 1\\n\\n[[items]]\\nx = 2\\n")
eq(serde.encode("toml", { list = { 1, 2 } }, true), "list = [\\n    1,\\n    2,\\n]\\n", "pretty arrays")
eq(serde.encode("toml", { ["a b"] = 1, s = 'q"\\\\\\n', f = 0.5, e = {} }), '"a b" = 1\\nf = 0.5\\ns = "q\\\\"\\\\\\\\\\\\n"\\n\\n[e]\\n')
eq(serde.encode("toml", { mixed = { 1, { k = "v" } } }), 'mixed = [1, { k = "v" }]\\n')
fails("failed to encode TOML: the top level of a TOML document must be a table", serde.encode, "toml", { 1, 2 })
fails("TOML has no null", serde.encode, "toml", { a = { 1, nil, 3 } })
`);
  });

  test("decodes tables, arrays of tables and dates (as strings)", async () => {
    await check(`
local d = serde.decode("toml", '[package]\\nname = "x"\\nversion = "0.1.0"\\n\\n[values]\\nepic = true\\n[[t]]\\nn = 1\\n[[t]]\\nn = 2\\n')
eq(d.package.name, "x") eq(d.values.epic, true) eq(d.t[2].n, 2)
eq(serde.decode("toml", "d = 1979-05-27").d, "1979-05-27")
eq(serde.decode("toml", "s = \\"é✓\\"").s, "é✓")
local value = { name = "bune", version = 1, nested = { list = { "a", "b" }, flag = false } }
local back = serde.decode("toml", serde.encode("toml", value, true))
eq(back.name, "bune") eq(back.nested.list[2], "b") eq(back.nested.flag, false)
fails("failed to decode TOML: Missing value after '='", serde.decode, "toml", "a = ")
fails("TOML must be valid utf-8", serde.decode, "toml", "a = '\\255'")
`);
  });
});

describe("encode and decode errors", () => {
  test("unsupported values, unknown formats and wrong argument types", async () => {
    await check(`
fails("failed to encode JSON: unsupported value type \`function\`", serde.encode, "json", { f = print })
fails("unsupported value type \`buffer\`", serde.encode, "yaml", buffer.create(1))
fails("unsupported value type \`thread\`", serde.encode, "toml", { t = coroutine.create(print) })
fails("table keys must be strings or numbers", serde.encode, "json", { [true] = 1 })
fails("invalid argument #1 to 'encode' (unknown format 'xml', expected json, jsonc, yaml or toml)", serde.encode, "xml", {})
fails("invalid argument #3 to 'encode' (boolean expected, got string)", serde.encode, "json", {}, "yes")
fails("invalid argument #2 to 'decode' (string or buffer expected, got table)", serde.decode, "json", {})
fails("missing argument #2 to 'decode'", serde.decode, "json")
`);
  });
});

describe("compression", () => {
  test("every format round trips strings and buffers, at any level", async () => {
    await check(`
local source = string.rep("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 50) .. "\\0\\255"
for _, format in { "brotli", "gzip", "lz4", "zlib", "zstd" } do
	local compressed = serde.compress(format, source)
	assert(#compressed > 0 and #compressed < #source, format .. " did not compress")
	eq(serde.decompress(format, compressed), source, format)
	eq(serde.decompress(format, buffer.fromstring(compressed)), source, format .. " (buffer)")
	eq(serde.decompress(format, serde.compress(format, buffer.fromstring(source))), source, format .. " (buffer input)")
	for _, level in { -5, 0, 1, 5, 100 } do
		eq(serde.decompress(format, serde.compress(format, source, level)), source, format .. " level " .. level)
	end
	eq(serde.decompress(format, serde.compress(format, "")), "", format .. " (empty)")
end
eq(serde.decompress(" LZ4 ", serde.compress("lz4", "abc")), "abc")
`);
  });

  test("lz4 output is a little-endian length followed by an LZ4 frame with a content checksum", async () => {
    const out = await check(`
local c = serde.compress("lz4", string.rep("x", 1000))
print(string.unpack("<I4", c), string.format("%08x", string.unpack("<I4", c, 5)), string.byte(c, 9) == 0x64)
`);
    expect(out).toBe("1000\t184d2204\ttrue\n");
  });

  test("decompresses data written by the standard tools", async () => {
    // /tmp/lorem.txt compressed by `lz4`, `lz4 -BD` (linked blocks), `zstd`, `gzip` and Python's zlib
    const text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Lorem ipsum dolor sit amet.\n";
    const lz4 = "BCJNGGxAVQAAAAAAAAABRAAAAP8qTG9yZW0gaXBzdW0gZG9sb3Igc2l0IGFtZXQsIGNvbnNlY3RldHVyIGFkaXBpc2NpbmcgZWxpdC4gOQAEUG1ldC4KAAAAABC7jXs=";
    const lz4Linked = "BCJNGGRAp0QAAAD/KkxvcmVtIGlwc3VtIGRvbG9yIHNpdCBhbWV0LCBjb25zZWN0ZXR1ciBhZGlwaXNjaW5nIGVsaXQuIDkABFBtZXQuCgAAAAAQu417";
    const zstd = "KLUv/SRVHQIAtANMb3JlbSBpcHN1bSBkb2xvciBzaXQgYW1ldCwgY29uc2VjdGV0dXIgYWRpcGlzY2luZyBlbGl0LiAuCgEAyW0FBZpOtbE=";
    const gzip =
      "H4sICCNDAWsAA2xvcmVtLnR4dAB1y8EJACEMBMD/VbEFHFZiE6LhWDBGkti/Fdz8p5qLgjuOYtg0RzDRVPJFtxXSU/I42uBmdK4PMpkF9TeW5wIerMX4VQAAAA==";
    const zlib = "eNp1y8EJACEMBMD/VbEFHFZiE6LhWDBGkti/Fdz8p5qLgjuOYtg0RzDRVPJFtxXSU/I42uBmdK4PMpkF9TeW5wJQdB8T";
    await check(`
local text = ${luauBytes(Buffer.from(text))}
eq(serde.decompress("lz4", string.pack("<I4", #text) .. ${luauBytes(lz4)}), text, "lz4 with Lune's size prefix")
eq(serde.decompress("lz4", ${luauBytes(lz4)}), text, "a bare lz4 frame")
eq(serde.decompress("lz4", ${luauBytes(lz4Linked)}), text, "lz4 with linked blocks")
eq(serde.decompress("zstd", ${luauBytes(zstd)}), text, "zstd")
eq(serde.decompress("gzip", ${luauBytes(gzip)}), text, "gzip")
eq(serde.decompress("zlib", ${luauBytes(zlib)}), text, "zlib")
`);
  });

  test("corrupt data and bad arguments are errors", async () => {
    await check(`
for _, format in { "brotli", "gzip", "lz4", "zlib", "zstd" } do
	fails("failed to decompress " .. format .. " data", serde.decompress, format, "definitely not compressed data")
	local compressed = serde.compress(format, string.rep("hello world, ", 1000))
	for _, cut in { #compressed - 1, #compressed // 2, 10 } do
		fails("failed to decompress " .. format .. " data", serde.decompress, format, string.sub(compressed, 1, cut))
	end
end
local lz = serde.compress("lz4", string.rep("abc", 100))
fails("failed to decompress lz4 data", serde.decompress, "lz4", string.sub(lz, 1, #lz - 1) .. "\\0")
fails("failed to decompress lz4 data", serde.decompress, "lz4", string.sub(lz, 1, 12))
fails("failed to decompress lz4 data: data is too short", serde.decompress, "lz4", "abc")
eq(serde.decompress("lz4", string.pack("<I4", 5) .. string.sub(lz, 5)), string.rep("abc", 100), "the size prefix is only a hint")
fails("invalid argument #1 to 'compress' (unknown compression format 'rar'", serde.compress, "rar", "x")
fails("invalid argument #2 to 'compress' (string or buffer expected, got nil)", serde.compress, "gzip", nil)
fails("invalid argument #3 to 'compress' (number expected, got boolean)", serde.compress, "gzip", "x", true)
`);
  });
});

describe("hash and hmac", () => {
  test("every algorithm matches its known digest, for strings and buffers", async () => {
    await check(`
local input = "Luau is a fast, small, safe, gradually typed embeddable scripting language derived from Lua."
local expected = {
	blake3 = "eccfe3a6696b2a1861c64cc78663cff51301058e5dc22bb6249e7e1e0173d7fe",
	md5 = "2aed9e020b49d219dc383884c5bd7acd",
	sha1 = "9dce74190857f36e6d3f5e8eb7fe704a74060726",
	sha224 = "f7ccd8a5f2697df8470b66f03824e073075292a1fab40d3a2ddc2e83",
	sha256 = "f1d149bfd1ea38833ae6abf2a6fece1531532283820d719272e9cf3d9344efea",
	sha384 = "f6da4b47846c6016a9b32f01b861e45195cf1fa6fc5c9dd2257f7dc1c14092f11001839ec1223c30ab7adb7370812863",
	sha512 = "49fd834fdf3d4eaf4d4aff289acfc24d649f81cee7a5a7940e5c86854e04816f0a97c53f2ca4908969a512ec5ad1dc466422e3928f5ce3da9913959315df807c",
	["sha3-224"] = "56a4dd1ff1bd9baff7f8bbe380dbf2c75b073161693f94ebf91aeee5",
	["sha3-256"] = "ee01be10e0dc133cd702999e854b396f40b039d5ba6ddec9d04bf8623ba04dd7",
	["sha3-384"] = "e992f31e638b47802f33a4327c0a951823e32491ddcef5af9ce18cff84475c98ced23928d47ef51a8a4299dfe2ece361",
	["sha3-512"] = "08bd02aca3052b7740de80b8e8b9969dc9059a4bfae197095430e0aa204fbd3afb11731b127559b90c2f7e295835ea844ddbb29baf2fdb1d823046052c120fc9",
}
for algorithm, digest in expected do
	eq(serde.hash(algorithm, input), digest, algorithm)
	eq(serde.hash(algorithm, buffer.fromstring(input)), digest, algorithm .. " (buffer)")
end
eq(serde.hash("sha2-256", input), expected.sha256) eq(serde.hash("SHA2_512", input), expected.sha512)
eq(serde.hash("sha3_256", input), expected["sha3-256"])
eq(serde.hash("sha256", "\\0oh no invalid utf-8\\127\\0\\255"), "c18ed3188f9e93f9ecd3582d7398c45120b0b30a0e26243809206228ab711b78")
eq(serde.hash("md5", ""), "d41d8cd98f00b204e9800998ecf8427e")
fails("invalid argument #1 to 'hash' (unknown hash algorithm 'a random string'", serde.hash, "a random string", "x")
fails("invalid argument #2 to 'hash' (string or buffer expected, got nil)", serde.hash, "md5", nil)
`);
  });

  test("hmac matches its known digests with string and buffer inputs", async () => {
    await check(`
local input = "important data to verify the integrity of"
local secret = "don't read this we operate on the honor system"
local expected = {
	blake3 = "1d9c1b9405567fc565c2c3c6d6c0e170be72a2623d29911f43cb2ce42a373c01",
	md5 = "525379669c93ab5f59d2201024145b79",
	sha1 = "75227c11ed65133788feab0ce7eb8efc8c1f0517",
	sha224 = "47a4857d7d7e1070f47f76558323e03471a918facaf3667037519c29",
	sha256 = "4a4816ab8d4b780a8cf131e34a3df25e4c7bc4eba453cd86e50271aab4e95f45",
	sha384 = "6b24aeae78d0f84ec8a4669b24bda1131205535233c344f4262c1f90f29af04c5537612c269bbab8aaca9d8293f4a280",
	sha512 = "9fffa071241e2f361f8a47a97d251c1d4aae37498efbc49745bf9916d8431f1f361080d350067ed65744d3da42956da33ec57b04901a5fd63a891381a1485ef7",
	["sha3-224"] = "ea102dfaa74aa285555bdba29a04429dfd4e997fa40322459094929f",
	["sha3-256"] = "17bde287e4692e5b7f281e444efefe92e00696a089570bd6814fd0e03d7763d2",
	["sha3-384"] = "24f68401653d25f36e7ee8635831215f8b46710d4e133c9d1e091e5972c69b0f1d0cb80f5507522fa174d5c4746963c1",
	["sha3-512"] = "d2566d156c254ced0101159f97187dbf48d900b8361fa5ebdd7e81409856b1b6a21d93a1fb6e8f700e75620d244ab9e894454030da12d158e9362ffe090d2669",
}
for algorithm, digest in expected do
	eq(serde.hmac(algorithm, input, secret), digest, algorithm)
	eq(serde.hmac(algorithm, buffer.fromstring(input), secret), digest, algorithm .. " (buffer input)")
	eq(serde.hmac(algorithm, input, buffer.fromstring(secret)), digest, algorithm .. " (buffer secret)")
end
eq(serde.hmac("sha256", "\\0oh no invalid utf-8\\127\\0\\255", secret), "1f0d7f65016e9e4c340e3ba23da2483a7dc101ce8a9405f834c23f2e19232c3d")
fails("unknown hash algorithm", serde.hmac, "a random string", input, secret)
fails("missing argument #3 to 'hmac' (string or buffer expected)", serde.hmac, "sha256", input)
`);
  });
});
