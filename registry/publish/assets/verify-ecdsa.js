// credreg verifier, ECDSA through WebCrypto: P-256 and P-384 public keys (compressed points, as Multikey and
// did:key carry them, decompressed here and checked to lie on the curve; or JWK x/y) and the verification of
// the raw r‖s signatures that ecdsa-rdfc-2019 and ecdsa-jcs-2019 proofs carry (what WebCrypto takes).
//
// Part of the verifier's core: no DOM.

import { VerifyError } from "./verify-common.js";
import { base64urlDecode } from "./verify-encoding.js";

// Short Weierstrass curves y² = x³ − 3x + b over GF(p); both p are ≡ 3 (mod 4), so √a = a^((p+1)/4).
export const CURVES = Object.freeze({
  "P-256": {
    size: 32, hash: "SHA-256",
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  },
  "P-384": {
    size: 48, hash: "SHA-384",
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
  },
});

function modPow(base, exponent, modulus) {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}

const toBigInt = (bytes) => bytes.reduce((n, b) => (n << 8n) | BigInt(b), 0n);

function toBytes(n, size) {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--) { out[i] = Number(n & 0xffn); n >>= 8n; }
  return out;
}

/** The uncompressed SEC 1 point (0x04 ‖ x ‖ y) of a compressed one (0x02/0x03 ‖ x) on `curve`. */
export function decompressPoint(curve, compressed) {
  const c = CURVES[curve];
  if (!c || compressed.length !== c.size + 1 || (compressed[0] !== 2 && compressed[0] !== 3)) {
    throw new VerifyError("not a compressed " + curve + " point (0x02 or 0x03 followed by " + (c ? c.size : "?") + " bytes)");
  }
  const x = toBigInt(compressed.slice(1));
  if (x >= c.p) throw new VerifyError("the " + curve + " point's x coordinate is not below the field prime");
  const rhs = (((x * x % c.p) * x - 3n * x + c.b) % c.p + c.p) % c.p;
  let y = modPow(rhs, (c.p + 1n) / 4n, c.p);
  if ((y * y) % c.p !== rhs) throw new VerifyError("the " + curve + " key is not a point on the curve");
  if ((y & 1n) !== BigInt(compressed[0] & 1)) y = c.p - y;
  const out = new Uint8Array(1 + 2 * c.size);
  out[0] = 4;
  out.set(toBytes(x, c.size), 1);
  out.set(toBytes(y, c.size), 1 + c.size);
  return out;
}

/** The WebCrypto key of an EC key object ({type: "P-256"|"P-384", raw: uncompressed point} or {type, jwk}). */
async function importEcKey(key) {
  const algorithm = { name: "ECDSA", namedCurve: key.type };
  if (key.raw) return crypto.subtle.importKey("raw", key.raw, algorithm, false, ["verify"]);
  const { kty, crv, x, y } = key.jwk;
  return crypto.subtle.importKey("jwk", { kty, crv, x, y, ext: true }, algorithm, false, ["verify"]);
}

/** Whether a JWK's x and y are each as long as the curve's coordinates (WebCrypto checks the point itself). */
export function checkEcJwk(jwk, curve) {
  const size = CURVES[curve].size;
  let x, y;
  try { x = base64urlDecode(jwk.x); y = base64urlDecode(jwk.y); } catch (e) { return false; }
  return x.length === size && y.length === size;
}

/** Whether `signature` (raw r ‖ s) verifies over `data` with ECDSA, hashing with the curve's own hash. */
export async function ecdsaVerify(key, signature, data) {
  const c = CURVES[key.type];
  if (signature.length !== 2 * c.size) {
    throw new VerifyError("the signature has " + signature.length + " bytes; a raw " + key.type + " signature (r ‖ s) has " + 2 * c.size);
  }
  const imported = await importEcKey(key);
  return crypto.subtle.verify({ name: "ECDSA", hash: c.hash }, imported, signature, data);
}
