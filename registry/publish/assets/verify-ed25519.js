// credreg verifier, Ed25519 through WebCrypto: whether this runtime can really verify Ed25519 (checked
// against an RFC 8032 test vector, not just feature-detected), the refusal of small-order public keys
// (which WebCrypto, like OpenSSL, accepts, and with them forged signatures), and the verification itself.
//
// Part of the verifier's core: no DOM. Whether the page is a secure context is passed in by the caller.

import { fromHex } from "./verify-encoding.js";

// RFC 8032 §7.1 test 1: a known key and signature, so "supported" means it really verifies.
const RFC8032_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const RFC8032_SIG = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
  + "1cf9b46bd25bf5f0595bbe24655141438e7a100b";
const INSECURE = {
  ok: false, reason: "this page is not a secure context (it is not served over https or from "
    + "localhost), so the browser withholds the cryptography needed (WebCrypto)",
};
let supportPromise = null;

/**
 * {ok, reason}: whether Ed25519 signatures can be verified here. `secureContext` is the page's
 * isSecureContext (false: refused without looking further); anything else means no such restriction.
 */
export function ed25519Support(secureContext) {
  if (secureContext === false) return Promise.resolve(INSECURE);
  if (!supportPromise) supportPromise = detectEd25519();
  return supportPromise;
}

async function detectEd25519() {
  if (typeof crypto === "undefined" || !crypto.subtle) {
    return { ok: false, reason: "this browser has no WebCrypto (crypto.subtle)" };
  }
  try {
    const key = await crypto.subtle.importKey("raw", fromHex(RFC8032_KEY), { name: "Ed25519" }, false, ["verify"]);
    const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, fromHex(RFC8032_SIG), new Uint8Array(0));
    if (!ok) return { ok: false, reason: "this browser's Ed25519 rejected the RFC 8032 test signature" };
    return { ok: true, reason: "" };
  } catch (e) {
    return { ok: false, reason: "this browser's WebCrypto does not support Ed25519 (" + (e && e.name || e) + ")" };
  }
}

// The y coordinates of the eight points of small order (identity, order 2, 4 and 8). WebCrypto in Chromium,
// like OpenSSL, accepts such a public key, and with it a signature (R = identity, S = 0) over any message.
const P25519 = (1n << 255n) - 19n;
const Y_ORDER8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
const SMALL_ORDER_Y = [0n, 1n, P25519 - 1n, Y_ORDER8, P25519 - Y_ORDER8];

/** Whether a 32-byte Ed25519 public key encodes a point of small order (canonically or not). */
export function isSmallOrderKey(key) {
  let y = 0n;
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? key[i] & 0x7f : key[i]);
  if (y >= P25519) y -= P25519;
  return SMALL_ORDER_Y.includes(y);
}

export async function ed25519Verify(publicKey, signature, data) {
  const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
  return crypto.subtle.verify({ name: "Ed25519" }, key, signature, data);
}
