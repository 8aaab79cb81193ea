// hash and hmac: Bun's native hashers for MD5, SHA-1, SHA-2 and SHA-3, @noble/hashes for BLAKE3
// (which Bun lacks). Digests are lowercase hex.
import { blake3 } from "@noble/hashes/blake3.js";
import { hmac as nobleHmac } from "@noble/hashes/hmac.js";
import { createHmac } from "node:crypto";

export const HASH_ALGORITHMS = [
  "md5",
  "sha1",
  "sha224",
  "sha256",
  "sha384",
  "sha512",
  "sha3-224",
  "sha3-256",
  "sha3-384",
  "sha3-512",
  "blake3",
] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

/** The algorithm a (trimmed, case-insensitive) name means: `sha2-256`, `sha2_256` and `sha3_256`
 * are aliases of `sha256` and `sha3-256`. */
export function hashAlgorithm(name: string): HashAlgorithm | undefined {
  const n = name.trim().toLowerCase().replaceAll("_", "-").replace(/^sha2-/, "sha");
  return (HASH_ALGORITHMS as readonly string[]).includes(n) ? (n as HashAlgorithm) : undefined;
}

export function hash(algorithm: HashAlgorithm, message: Uint8Array): string {
  if (algorithm === "blake3") return Buffer.from(blake3(message)).toString("hex");
  return new Bun.CryptoHasher(algorithm).update(message).digest("hex");
}

export function hmac(algorithm: HashAlgorithm, message: Uint8Array, secret: Uint8Array): string {
  if (algorithm === "blake3") return Buffer.from(nobleHmac(blake3, secret, message)).toString("hex");
  return createHmac(algorithm, secret).update(message).digest("hex");
}
