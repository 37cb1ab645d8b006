// credreg verifier, encodings: RFC 8785 JSON Canonicalization (JCS), base58btc and base64url decoding,
// SHA-256, and the Ed25519 Multikey format (`z6Mk…`) used by DID documents and did:key.
//
// Part of the verifier's core: pure functions over strings and bytes (WebCrypto only for SHA-256), no DOM.

import { VerifyError, quoted } from "./verify-common.js";

// ---------- RFC 8785 JSON Canonicalization Scheme ----------

function wellFormed(s) {
  if (typeof s.isWellFormed === "function") return s.isWellFormed();
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

function jcsString(s) {
  if (!wellFormed(s)) throw new VerifyError("a string holds a lone UTF-16 surrogate, which JCS cannot encode");
  return JSON.stringify(s); // RFC 8785 §3.2.2.2 is exactly ECMAScript's JSON string serialization
}

/** The RFC 8785 canonical JSON text of a parsed JSON value. */
export function jcs(value) {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean": return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new VerifyError("JCS cannot encode " + value);
      return JSON.stringify(value); // ECMAScript Number::toString; -0 becomes 0
    case "string": return jcsString(value);
    case "object": {
      if (Array.isArray(value)) return "[" + value.map(jcs).join(",") + "]";
      // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
      const keys = Object.keys(value).sort();
      return "{" + keys.map((k) => jcsString(k) + ":" + jcs(value[k])).join(",") + "}";
    }
    default: throw new VerifyError("JCS cannot encode a " + typeof value);
  }
}

// ---------- encodings ----------

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

export function base58Decode(text) {
  if (typeof text !== "string" || text.length > 400) throw new VerifyError("not a short base58btc string");
  const bytes = [];
  for (const ch of text) {
    let carry = B58.indexOf(ch);
    if (carry < 0) throw new VerifyError("character " + quoted(ch) + " is not base58btc");
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) { bytes.push(carry & 0xff); carry >>= 8; }
  }
  for (let i = 0; i < text.length && text[i] === "1"; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

export function base64urlDecode(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new VerifyError("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
export const fromHex = (h) => Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16));
export const utf8 = (s) => new TextEncoder().encode(s);

export async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** The raw 32-byte Ed25519 key of a Multikey `z6Mk…` value (multicodec 0xed 0x01). */
export function decodeMultikey(value) {
  if (typeof value !== "string" || !value.startsWith("z")) {
    throw new VerifyError("publicKeyMultibase is not base58btc multibase (it must start with 'z')");
  }
  const bytes = base58Decode(value.slice(1));
  if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
    throw new VerifyError("the key is not an Ed25519 Multikey (0xed01 followed by 32 bytes)");
  }
  return bytes.slice(2);
}

/**
 * `data` decompressed ("deflate" or "gzip") through the platform's DecompressionStream, refusing more than `max`
 * bytes as it goes (a compressed bomb never fills memory). `say` holds the messages: `tooBig` past `max`,
 * `corrupt` for bad data (`%s` is the reason), and `unavailable` (a VerifyError) where no DecompressionStream exists.
 */
export async function inflateBounded(data, format, max, say) {
  if (typeof DecompressionStream === "undefined") throw say.unavailable;
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream(format)).getReader();
  const parts = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > max) {
        reader.cancel().catch(() => {});
        throw new VerifyError(say.tooBig);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof VerifyError) throw e;
    throw new VerifyError(say.corrupt.replace("%s", String(e && e.message || e)));
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
