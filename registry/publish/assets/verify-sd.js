// credreg verifier, ecdsa-sd-2023 derived proofs (selective disclosure, W3C vc-di-ecdsa §3.4): the proof value
// (multibase base64url CBOR, tag 0xd95d01, decoded with the bundled cborg) gives the issuer's base signature,
// a per-credential P-256 key, one signature per disclosed non-mandatory statement, the blank-node label map and
// the indexes of the mandatory statements. Verified: every disclosed statement's signature with the
// per-credential key, then the base signature, with the issuer's key, over
// SHA-256(RDFC(proof config)) ‖ that key ‖ SHA-256(mandatory statements). Base proofs are refused: they are
// the holder's, never meant to be handed over.
//
// Part of the verifier's core: no DOM.

import { VerifyError } from "./verify-common.js";
import { base64urlDecode, utf8 } from "./verify-encoding.js";
import { ecdsaVerify, decompressPoint } from "./verify-ecdsa.js";
import { loadBundle, rdfc } from "./verify-rdfc.js";

const MAX_PROOF_VALUE_CHARS = 256 * 1024;
const MAX_STATEMENTS = 2000;
const BASE = [0xd9, 0x5d, 0x00], DERIVED = [0xd9, 0x5d, 0x01];
const isBytes = (v, length) => v instanceof Uint8Array && (length === undefined || v.length === length);
const startsWith = (bytes, prefix) => prefix.every((b, i) => bytes[i] === b);

/** {baseSignature, publicKey, signatures, labelMap (Map "c14nN" → label), mandatoryIndexes} of a derived proof. */
export async function parseDerivedProof(proofValue) {
  if (typeof proofValue !== "string" || !proofValue.startsWith("u")) {
    throw new VerifyError("an ecdsa-sd-2023 proofValue is multibase base64url (it must start with 'u')");
  }
  if (proofValue.length > MAX_PROOF_VALUE_CHARS) throw new VerifyError("the proofValue is larger than 256 KiB");
  const bytes = base64urlDecode(proofValue.slice(1));
  if (startsWith(bytes, BASE)) {
    throw new VerifyError("this is an ecdsa-sd-2023 base proof, which its holder keeps; a verifier is handed a derived proof");
  }
  if (!startsWith(bytes, DERIVED)) throw new VerifyError("the proofValue is not an ecdsa-sd-2023 derived proof (CBOR tag 0xd95d01)");
  const { cborDecode } = await loadBundle();
  const tags = [];
  tags[64] = (v) => { if (!isBytes(v)) throw new Error("tag 64 holds no bytes"); return v; };
  let value;
  try {
    value = cborDecode(bytes.subarray(3), { useMaps: true, tags });
  } catch (e) {
    throw new VerifyError("the proofValue is not valid CBOR: " + (e && e.message || e));
  }
  if (!Array.isArray(value) || value.length !== 5) throw new VerifyError("the derived proof is not a list of five values");
  const [baseSignature, publicKey, signatures, compressed, mandatoryIndexes] = value;
  if (!isBytes(baseSignature, 64)) throw new VerifyError("the base signature is not 64 bytes");
  if (!isBytes(publicKey, 35) || publicKey[0] !== 0x80 || publicKey[1] !== 0x24) {
    throw new VerifyError("the per-credential key is not a compressed P-256 Multikey");
  }
  if (!Array.isArray(signatures) || signatures.length > MAX_STATEMENTS || !signatures.every((s) => isBytes(s, 64))) {
    throw new VerifyError("the statement signatures are not a list of 64-byte signatures");
  }
  if (!(compressed instanceof Map) || compressed.size > MAX_STATEMENTS) throw new VerifyError("the label map is not a map");
  const labelMap = new Map();
  for (const [k, v] of compressed) {
    if (!Number.isInteger(k) || k < 0 || !isBytes(v) || v.length > 64) throw new VerifyError("the label map holds an entry that is not number → bytes");
    labelMap.set("c14n" + k, "u" + btoa(String.fromCharCode(...v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""));
  }
  if (!Array.isArray(mandatoryIndexes) || !mandatoryIndexes.every((i) => Number.isInteger(i) && i >= 0)) {
    throw new VerifyError("the mandatory indexes are not a list of numbers");
  }
  return { baseSignature, publicKey, signatures, labelMap, mandatoryIndexes };
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
}

/** Whether a derived ecdsa-sd-2023 proof of `document` verifies with the issuer's P-256 `key`; VerifyError says why not. */
export async function verifyDerivedProof(document, proof, key, extraContexts) {
  const parsed = await parseDerivedProof(proof.proofValue);
  const unsecured = Object.fromEntries(Object.entries(document).filter(([k]) => k !== "proof"));
  const config = Object.fromEntries(Object.entries(proof).filter(([k]) => k !== "proofValue" && k !== "@context"));
  if ("@context" in unsecured) config["@context"] = unsecured["@context"];
  const proofHash = await sha256(utf8(await rdfc(config, extraContexts, "SHA-256")));
  const canonical = (await rdfc(unsecured, extraContexts, "SHA-256")).split("\n").slice(0, -1);
  if (canonical.length > MAX_STATEMENTS) throw new VerifyError("the credential has more than " + MAX_STATEMENTS + " statements");
  const statements = canonical.map((line) => line.replace(/_:([^\s]+)/g, (m, label) => {
    if (!parsed.labelMap.has(label)) throw new VerifyError("the proof's label map has no label for blank node " + label);
    return "_:" + parsed.labelMap.get(label);
  }) + "\n").sort();
  const mandatory = [], disclosed = [];
  statements.forEach((s, i) => (parsed.mandatoryIndexes.includes(i) ? mandatory : disclosed).push(s));
  if (mandatory.length !== parsed.mandatoryIndexes.length) throw new VerifyError("a mandatory index points past the statements");
  if (parsed.signatures.length !== disclosed.length) {
    throw new VerifyError("the proof signs " + parsed.signatures.length + " disclosed statements, but the credential has " + disclosed.length);
  }
  const perCredential = { type: "P-256", raw: decompressPoint("P-256", parsed.publicKey.slice(2)) };
  for (let i = 0; i < disclosed.length; i++) {
    if (!await ecdsaVerify(perCredential, parsed.signatures[i], utf8(disclosed[i]))) {
      throw new VerifyError("the signature of disclosed statement " + (i + 1) + " does not verify: it was changed after signing");
    }
  }
  const mandatoryHash = await sha256(utf8(mandatory.join("")));
  const data = new Uint8Array(proofHash.length + parsed.publicKey.length + mandatoryHash.length);
  data.set(proofHash, 0);
  data.set(parsed.publicKey, proofHash.length);
  data.set(mandatoryHash, proofHash.length + parsed.publicKey.length);
  return ecdsaVerify(key, parsed.baseSignature, data);
}
