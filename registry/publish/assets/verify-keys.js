// credreg verifier, public keys: what a verification method or a did:key holds, as a key object
// {type: "Ed25519"|"P-256"|"P-384"|"RSA", raw?, jwk?} that says which algorithm it is for, so a key of one
// kind can never be used by a suite of another (key confusion). Formats: Multikey (publicKeyMultibase,
// Ed25519 0xed01, P-256 0x8024, P-384 0x8124), Ed25519VerificationKey2020 (the same multibase),
// Ed25519VerificationKey2018 (publicKeyBase58), JsonWebKey2020 / JsonWebKey (publicKeyJwk: OKP, EC, RSA).
//
// Part of the verifier's core: no DOM.

import { VerifyError, isObject, quoted } from "./verify-common.js";
import { base58Decode, base64urlDecode } from "./verify-encoding.js";
import { checkEcJwk, decompressPoint } from "./verify-ecdsa.js";

export const ED25519 = "Ed25519", P256 = "P-256", P384 = "P-384", RSA = "RSA";
const MULTICODEC = [[0xed, 0x01, ED25519, 32], [0x80, 0x24, P256, 33], [0x81, 0x24, P384, 49]];
const MAX_RSA_MODULUS_BYTES = 1024; // 8192 bits

/** The key object of a Multikey value (`z6Mk…` Ed25519, `zDn…` P-256, `z82…` P-384). */
export function decodeAnyMultikey(value) {
  if (typeof value !== "string" || !value.startsWith("z")) {
    throw new VerifyError("publicKeyMultibase is not base58btc multibase (it must start with 'z')");
  }
  const bytes = base58Decode(value.slice(1));
  for (const [b0, b1, type, length] of MULTICODEC) {
    if (bytes[0] === b0 && bytes[1] === b1) {
      if (bytes.length !== length + 2) throw new VerifyError("the " + type + " Multikey has " + (bytes.length - 2) + " key bytes, not " + length);
      const key = bytes.slice(2);
      return type === ED25519 ? { type, raw: key } : { type, raw: decompressPoint(type, key) };
    }
  }
  throw new VerifyError("the Multikey is not an Ed25519, P-256 or P-384 public key");
}

function jwkKey(jwk) {
  if (!isObject(jwk)) throw new VerifyError("publicKeyJwk is not an object");
  if ("d" in jwk || "p" in jwk || "k" in jwk) throw new VerifyError("publicKeyJwk holds private or symmetric key material");
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519" && typeof jwk.x === "string") {
    let raw = null;
    try { raw = base64urlDecode(jwk.x); } catch (e) { /* reported below */ }
    if (raw && raw.length === 32) return { type: ED25519, raw };
    throw new VerifyError("the Ed25519 JWK's x is not 32 bytes of base64url");
  }
  if (jwk.kty === "EC" && (jwk.crv === P256 || jwk.crv === P384) && typeof jwk.x === "string" && typeof jwk.y === "string") {
    if (!checkEcJwk(jwk, jwk.crv)) throw new VerifyError("the " + jwk.crv + " JWK's x and y are not coordinates of that curve");
    return { type: jwk.crv, jwk: { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y } };
  }
  if (jwk.kty === "RSA" && typeof jwk.n === "string" && typeof jwk.e === "string") {
    let n;
    try { n = base64urlDecode(jwk.n); } catch (e) { throw new VerifyError("the RSA JWK's n is not base64url"); }
    const bits = modulusBits(n);
    if (bits < 2048 || n.length > MAX_RSA_MODULUS_BYTES) throw new VerifyError("the RSA key has " + bits + " bits; 2048 to 8192 are accepted");
    return { type: RSA, jwk: { kty: "RSA", n: jwk.n, e: jwk.e } };
  }
  throw new VerifyError("publicKeyJwk is not an Ed25519 (OKP), P-256 or P-384 (EC) or RSA public key (kty " + quoted(jwk.kty) + ", crv " + quoted(jwk.crv) + ")");
}

/** The key object a DID document's verification method holds; VerifyError naming `vm` if none is usable. */
export function methodKey(method, vm) {
  try {
    if (typeof method.publicKeyMultibase === "string") {
      const key = decodeAnyMultikey(method.publicKeyMultibase);
      if (method.type === "Ed25519VerificationKey2020" && key.type !== ED25519) {
        throw new VerifyError("an Ed25519VerificationKey2020 holds a " + key.type + " key");
      }
      return key;
    }
    if (method.publicKeyJwk !== undefined) return jwkKey(method.publicKeyJwk);
    if (typeof method.publicKeyBase58 === "string" && method.type === "Ed25519VerificationKey2018") {
      const raw = base58Decode(method.publicKeyBase58);
      if (raw.length !== 32) throw new VerifyError("publicKeyBase58 is not 32 bytes");
      return { type: ED25519, raw };
    }
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    throw new VerifyError("verification method " + vm + " has a malformed key: " + e.message);
  }
  throw new VerifyError("verification method " + vm + " holds no public key this page can use (publicKeyMultibase or publicKeyJwk)");
}

/** The size in bits of an RSA modulus (big-endian bytes): leading zero bytes and bits do not count, so a
 *  1024-bit key padded with zeros is not taken for a 2048-bit one. */
export function modulusBits(n) {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i]));
}
