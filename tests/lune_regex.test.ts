// @lune/regex from Luau: Rust regex syntax and semantics (Unicode classes, inline flags, empty
// matches), byte positions in UTF-8 text, captures, replacement templates and invalid patterns.
import { describe, expect, test } from "bun:test";
import { runChecked } from "./lune_harness";

const PRELUDE = `local regex = require("@lune/regex")
local function replace(pattern, text, replacement) return regex.new(pattern):replace(text, replacement) end
local function replaceAll(pattern, text, replacement) return regex.new(pattern):replaceAll(text, replacement) end
`;

const check = (source: string) => runChecked(PRELUDE, source);

describe("matching", () => {
  test("isMatch and find report 1-based byte positions", async () => {
    await check(`
local re = regex.new("[0-9]+")
eq(re:isMatch("look, a number: 1241425"), true) eq(re:isMatch("none"), false)
local m = re:find("1337 wow")
eq(m.start, 1) eq(m.finish, 4) eq(m.len, 4) eq(m.text, "1337") eq(#m, 4)
eq(re:find("wow"), nil)
local e = regex.new("x*"):find("abc")
eq(e.start, 1) eq(e.finish, 0) eq(e.len, 0) eq(e.text, "")
local u = regex.new("é+"):find("aéé!")
eq(u.start, 2) eq(u.finish, 5) eq(u.len, 4) eq(u.text, "éé", "positions count UTF-8 bytes")
eq(regex.new("b"):find("\\255\\254b").start, 3, "invalid UTF-8 bytes are one position each")
`);
  });

  test("captures: get, group, format, length and tostring", async () => {
    await check(`
local re = regex.new([[([0-9]+) (\\d+) \\D+ \\d+ (\\d)]])
local caps = re:captures("1337 125600 wow! 1984 0")
eq(#caps, 3) eq(tostring(caps), "3") eq(typeof(caps), "RegexCaptures")
eq(caps:get(0).text, "1337 125600 wow! 1984 0") eq(caps:get(1).text, "1337") eq(caps:get(2).text, "125600")
eq(caps:get(3).text, "0") eq(caps:get(4), nil) eq(caps:get(-1), nil)
eq(caps:get(2).start, 6) eq(caps:get(2).finish, 11)
eq(caps:format("$0"), "1337 125600 wow! 1984 0") eq(caps:format("$3 $2 $1"), "0 125600 1337")
local named = regex.new("(?P<first>[^ ]+)[ ]+(?P<last>[^ ]+)(?P<space>[ ]*)"):captures("w1 w2 w3 w4")
eq(named:format("$last $first$space"), "w2 w1 ") eq(named:group("last").text, "w2") eq(named:group("nope"), nil)
eq(regex.new("(?<year>\\\\d{4})"):captures("in 2024"):group("year").text, "2024", "(?<name>) groups")
local alt = regex.new("(a)|(b)"):captures("b")
eq(alt:get(1), nil, "a group that did not take part") eq(alt:get(2).text, "b")
eq(regex.new("x"):captures("abc"), nil)
eq(regex.new("(é)(x)"):captures("aéx"):get(2).start, 4)
`);
  });

  test("split keeps empty pieces", async () => {
    const out = await check(`
local function show(t) return #t .. ":" .. table.concat(t, "|") end
print(show(regex.new(","):split("1,2,3,4")))
print(show(regex.new(","):split(",a,,b,")))
print(show(regex.new("\\\\s+"):split("one  two\\tthree")))
print(show(regex.new(""):split("rust")))
print(show(regex.new("x"):split("")))
`);
    expect(out).toBe("4:1|2|3|4\n5:|a||b|\n3:one|two|three\n6:|r|u|s|t|\n1:\n");
  });

  test("replace and replaceAll expand $n, $name, ${name} and $$ (the regex crate's cases)", async () => {
    await check(`
eq(replace("[0-9]", "age: 26", "Z"), "age: Z6")
eq(replace("[0-9]+", "age: 26", "Z"), "age: Z")
eq(replaceAll("[0-9]", "age: 26", "Z"), "age: ZZ")
eq(replace("([^ ]+)[ ]+([^ ]+)", "w1 w2", "$2 $1"), "w2 w1")
eq(replace("([^ ]+)[ ]+([^ ]+)", "w1 w2", "$2 $$1"), "w2 $1")
eq(replaceAll("(?P<first>[^ ]+)[ ]+(?P<last>[^ ]+)(?P<space>[ ]*)", "w1 w2 w3 w4", "$last $first$space"), "w2 w1 w4 w3")
eq(replaceAll("^[ \\t]+|[ \\t]+$", " \\t  trim me\\t   \\t", ""), "trim me")
eq(replace("(.)(.)", "ab", "$1-$2"), "a-b")
eq(replaceAll("([a-z]) ([a-z])", "a b", "$2 $1"), "b a")
eq(replaceAll("([a-z]+) ([a-z]+)", "a b", "$$1"), "$1")
eq(replaceAll("([a-z]+) ([a-z]+)", "a b", "$2 $$c $1"), "b $c a")
eq(replaceAll("foo", "foobar", ""), "bar")
eq(replace("^", "bar", "foo"), "foobar")
eq(replace("(.)(.)", "ab", "$1a"), "", "$1a names group '1a', which does not exist")
eq(replace("(.)(.)", "ab", "<\${}|\${2}\${1}|\${x"), "<|ba|\${x", "\${} names no group; an unclosed brace is text")
eq(replace("(.)(.)", "ab", "\${1}a"), "aa")
eq(replace("(.)", "ab", "$ $"), "$ $b", "a lone $ is literal")
eq(replaceAll("é", "éaé", "[$0]"), "[é]a[é]")
eq(replaceAll("(.)", "\\255a", "<$1>"), "<\\255><a>", "bytes that are not UTF-8 are kept")
`);
  });

  test("empty matches follow Rust: none right where the previous match ended", async () => {
    await check(`
eq(replaceAll("a*", "baaa", "-"), "-b-")
eq(replaceAll("x*", "abc", "-"), "-a-b-c-")
eq(replaceAll("", "😀é", "."), ".😀.é.", "empty matches step over whole characters")
eq(table.concat(regex.new("a*"):split("baaac"), "|"), "|b|c|")
`);
  });
});

describe("Rust syntax", () => {
  test("Unicode classes, boundaries, dot and anchors mean what they mean in Rust", async () => {
    await check(`
eq(regex.new("\\\\d+"):find("x ٣٤ 5").text, "٣٤", "\\\\d is Unicode digits")
eq(regex.new("\\\\w+"):find("-- naïve").text, "naïve", "\\\\w is Unicode word characters")
eq(regex.new("\\\\bé\\\\w+"):find("café éclair").start, 7, "\\\\b is a Unicode word boundary")
eq(regex.new("\\\\Bé"):find("café éclair").start, 4)
eq(regex.new("\\\\s"):isMatch("\\u{2003}"), true)
eq(regex.new("a.b"):isMatch("a\\nb"), false) eq(regex.new("a.b"):isMatch("a\\rb"), true)
eq(regex.new("(?s)a.b"):isMatch("a\\nb"), true)
eq(regex.new("a$"):isMatch("a\\n"), false, "$ is only the end of the text")
eq(replaceAll("(?m)^\\\\w+$", "one\\ntwo", "<$0>"), "<one>\\n<two>")
eq(regex.new("\\\\Aab\\\\z"):isMatch("ab"), true)
eq(replaceAll("\\\\<", "hi there", "|"), "|hi |there") eq(replaceAll("\\\\b{end}", "hi there", "|"), "hi| there|")
eq(regex.new("(?-u)\\\\w+"):find("naïve").text, "na", "(?-u) makes classes ASCII")
`);
  });

  test("inline flags, verbose mode, class set operations, POSIX and Unicode properties", async () => {
    await check(`
eq(replace("(?i)hello", "HeLLo world", "X"), "X world")
eq(replaceAll("a(?i)b|c", "aB C c", "_"), "_ _ _", "(?i) lasts to the end of the group, across |")
eq(replaceAll("(?i:a)b", "Ab AB", "_"), "_ AB")
eq(replaceAll("(?i)a(?-i)b", "AB Ab", "_"), "AB _")
eq(regex.new("(?x) a b  # a comment\\n c"):isMatch("abc"), true)
eq(regex.new("(?U)a+"):find("aaa").text, "a") eq(regex.new("(?U)a+?"):find("aaa").text, "aaa")
eq(regex.new("[\\\\w&&[^\\\\d]]+"):find("123abc456").text, "abc")
eq(regex.new("[a-z--[aeiou]]+"):find("aabcde").text, "bcd")
eq(regex.new("[a-g~~c-j]+"):find("ddabx").text, "ab")
eq(regex.new("[[:upper:]]+"):find("abcDEF").text, "DEF") eq(regex.new("[[:^alpha:]]+"):find("ab12").text, "12")
eq(regex.new("[]a]+"):find("x]a]").text, "]a]") eq(regex.new("[a-]+"):find("x-a-").text, "-a-")
eq(regex.new("\\\\p{Greek}+"):find("abc αβγ").text, "αβγ") eq(regex.new("\\\\pL+"):find("123 ж").text, "ж")
eq(regex.new("\\\\p{Lu}"):find("abC").text, "C") eq(regex.new("\\\\P{L}+"):find("ab12").text, "12")
eq(regex.new("\\\\x41\\\\x{1F600}\\\\u00e9"):isMatch("A😀é"), true)
eq(regex.new("a{2,3}"):find("aaaa").text, "aaa") eq(regex.new("a{2}"):find("aaaa").text, "aa") eq(regex.new("a{2,}?"):find("aaaa").text, "aa")
eq(regex.new("\\\\.\\\\-\\\\#"):isMatch(".-#"), true, "punctuation can be escaped")
eq(regex.new("a**"):find("baa").text, "", "a repetition can be repeated") eq(regex.new("ba**"):find("baa").text, "baa")
eq(regex.new("a{2}{2}"):find("aaaaa").text, "aaaa") eq(regex.new("a+?+"):find("aaa").text, "aaa")
`);
  });

  test("invalid patterns and what Rust does not support are errors", async () => {
    await check(`
for pattern, message in {
	["("] = "unclosed group", ["a)"] = "unopened group", ["[a"] = "unclosed character class",
	["(?=a)"] = "look-around, including look-ahead and look-behind, is not supported",
	["(?<!a)b"] = "look-around", ["(a)\\\\1"] = "backreferences are not supported",
	["*a"] = "repetition operator missing expression", ["a|*"] = "repetition operator missing expression",
	["(?i)*"] = "repetition operator missing expression",
	["a{3,1}"] = "invalid repetition count range", ["a{x}"] = "repetition quantifier expects a valid decimal",
	["(?P<n>a)(?P<n>b)"] = "duplicate capture group name 'n'", ["\\\\p{Nope}"] = "Unicode property not found",
	["(?z)"] = "unrecognized flag 'z'", ["\\\\q"] = "unrecognized escape sequence", ["[z-a]"] = "invalid character class range",
} do
	fails("invalid regex '" .. pattern .. "': " .. message, regex.new, pattern)
end
fails("invalid argument #1 to 'new' (string expected, got nil)", regex.new, nil)
`);
  });
});

describe("objects", () => {
  test("Regex, RegexMatch and RegexCaptures print and typeof as Lune's", async () => {
    const out = await check(`
local re = regex.new("[0-9]+")
eq(tostring(re), "[0-9]+") eq(typeof(re), "Regex") eq(type(re), "userdata")
local m = re:find("1337 wow")
eq(tostring(m), "1337") eq(typeof(m), "RegexMatch")
local caps = regex.new("([0-9]+) ([0-9]+) wow! ([0-9]+) ([0-9]+)"):captures("1337 125600 wow! 1984 0")
eq(tostring(caps), "4") eq(typeof(caps), "RegexCaptures")
print(re, m)
fails("invalid argument #1 to 'isMatch' (Regex expected, got table)", re.isMatch, {}, "x")
fails("invalid argument #2 to 'find' (string expected, got nil)", re.find, re)
fails("invalid argument #2 to 'get' (number expected, got string)", caps.get, caps, "x")
`);
    expect(out).toBe("<Regex([0-9]+)>\t<RegexMatch(1337)>\n");
  });
});
