// credreg verifier, proofs: one step `proof N (<suite>)` per proof of a document, as in `credreg verify`.
// Verified here: eddsa-jcs-2022 and ecdsa-jcs-2019 (RFC 8785 JCS), eddsa-rdfc-2022, ecdsa-rdfc-2019 and
// Ed25519Signature2020 (RDFC-1.0 through the bundled jsonld.js, verify-rdfc.js), ecdsa-sd-2023 derived proofs
// (verify-sd.js), with Ed25519 (SHA-256) or ECDSA P-256 (SHA-256) and P-384 (SHA-384) keys through WebCrypto;
// the key resolved, of the kind the suite needs, and controlled by the issuer. The proof rule of both
// verifiers: a proof of a type or cryptosuite not known here is a WARN and not counted; a known proof that
// fails is FAIL (INVALID); one that cannot be checked (key unreachable, no WebCrypto) is UNKNOWN (CANNOT
// VERIFY); when no proof passed and none failed, a `proofs` step says so (UNKNOWN, CANNOT VERIFY). Status
// lists' own proofs go through the same code.
//
// Part of the verifier's core: no DOM.

import { FAIL, PASS, UNKNOWN, V, VerifyError, WARN, asList, isObject, issuerIdOf, quoted, step } from "./verify-common.js";
import { base58Decode, jcs, utf8 } from "./verify-encoding.js";
import { ed25519Support, ed25519Verify, isSmallOrderKey } from "./verify-ed25519.js";
import { CURVES, ecdsaVerify } from "./verify-ecdsa.js";
import { ED25519, P256, P384 } from "./verify-keys.js";
import { keyHistoryObjection, resolveKey } from "./verify-did.js";
import { rdfcHashData } from "./verify-rdfc.js";
import { verifyDerivedProof } from "./verify-sd.js";

// What each known suite canonicalizes with and which key types may sign it (any other is key confusion).
const SUITES = Object.freeze({
  "eddsa-jcs-2022": { canon: "jcs", keys: [ED25519] },
  "eddsa-rdfc-2022": { canon: "rdfc", keys: [ED25519] },
  "ecdsa-jcs-2019": { canon: "jcs", keys: [P256, P384] },
  "ecdsa-rdfc-2019": { canon: "rdfc", keys: [P256, P384] },
  "ecdsa-sd-2023": { canon: "sd", keys: [P256] }, // derived proofs only (what a holder hands over)
  "Ed25519Signature2020": { canon: "rdfc", keys: [ED25519] }, // a proof type of its own (VC 1.1), no cryptosuite
});
const MAX_PROOFS = 16; // each may fetch a DID document and canonicalize the whole document
const CREATED = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

function startsWith(documentContext, proofContext) {
  const doc = asList(documentContext), head = asList(proofContext);
  if (head.length === 0 || head.length > doc.length) return false;
  return head.every((entry, i) => jcs(entry) === jcs(doc[i]));
}

async function digest(hash, bytes) {
  return new Uint8Array(await crypto.subtle.digest(hash, bytes));
}

/** The bytes a JCS proof signs: hash(JCS(proof config)) ‖ hash(JCS(unsecured document)). */
export async function jcsHashData(document, proof, hash) {
  const unsecured = Object.fromEntries(Object.entries(document).filter(([k]) => k !== "proof"));
  const config = Object.fromEntries(Object.entries(proof).filter(([k]) => k !== "proofValue"));
  if ("@context" in config) {
    if (!startsWith(unsecured["@context"], config["@context"])) {
      throw new VerifyError("the proof's @context is not the start of the document's @context");
    }
    unsecured["@context"] = config["@context"];
  }
  const configHash = await digest(hash, utf8(jcs(config)));
  const documentHash = await digest(hash, utf8(jcs(unsecured)));
  const out = new Uint8Array(configHash.length + documentHash.length);
  out.set(configHash, 0);
  out.set(documentHash, configHash.length);
  return out;
}

/** {ok, reason}: whether WebCrypto can verify signatures of this key type here. */
async function support(type, ctx) {
  if (type === ED25519) return ed25519Support(ctx.secureContext);
  if (ctx.secureContext === false) {
    return { ok: false, reason: "this page is not a secure context, so the browser withholds WebCrypto" };
  }
  if (typeof crypto === "undefined" || !crypto.subtle) return { ok: false, reason: "this browser has no WebCrypto (crypto.subtle)" };
  return { ok: true, reason: "" };
}

/**
 * "" when `proof` of `document` verifies with `key` (a key object of verify-keys.js, of a type `suite`
 * allows) under `suite`; otherwise why not, as a FAIL detail. No key resolution and no issuer check here.
 */
export async function signatureProblem(document, proof, suite, key, extraContexts) {
  const spec = SUITES[suite];
  const hash = key.type === ED25519 ? "SHA-256" : CURVES[key.type].hash;
  let signature = null, data, ok;
  if (spec.canon !== "sd") { // an ecdsa-sd-2023 proofValue is CBOR, read by verify-sd.js
    const value = proof.proofValue;
    if (typeof value !== "string" || !value.startsWith("z")) return "proofValue is not multibase base58btc (it must start with 'z')";
    try {
      signature = base58Decode(value.slice(1));
    } catch (e) {
      return "proofValue is not valid base58btc: " + e.message;
    }
    if (key.type === ED25519 && signature.length !== 64) {
      return "proofValue decodes to " + signature.length + " bytes; an Ed25519 signature has 64";
    }
    try {
      data = spec.canon === "jcs" ? await jcsHashData(document, proof, hash) : await rdfcHashData(document, proof, hash, extraContexts);
    } catch (e) {
      if (!(e instanceof VerifyError || e instanceof RangeError)) throw e;
      return "cannot canonicalize the document: " + e.message;
    }
  }
  try {
    if (spec.canon === "sd") ok = await verifyDerivedProof(document, proof, key, extraContexts);
    else ok = key.type === ED25519 ? await ed25519Verify(key.raw, signature, data) : await ecdsaVerify(key, signature, data);
  } catch (e) {
    if (e instanceof VerifyError) return e.message;
    return "the key was refused by WebCrypto (" + (e && e.name || e) + ")";
  }
  return ok ? "" : "signature does not verify: the document or proof was changed after signing, or another key signed it";
}

/** [outcome, detail, verdict] for one proof of a known suite. */
async function checkProof(document, proof, suite, issuerId, ctx) {
  const spec = SUITES[suite];
  const vm = proof.verificationMethod;
  if (typeof vm !== "string" || !vm) return [FAIL, "the proof has no verificationMethod"];
  if (proof.proofPurpose !== "assertionMethod") {
    return [FAIL, "proofPurpose is " + quoted(proof.proofPurpose) + ", not assertionMethod"];
  }
  if (proof.created !== undefined && !(typeof proof.created === "string" && CREATED.test(proof.created))) {
    return [FAIL, "created " + quoted(proof.created) + " is not an XML Schema dateTime"];
  }
  let resolved;
  try {
    resolved = await resolveKey(vm, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return [e.outcome, "key not resolved: " + e.message, e.outcome === UNKNOWN ? V.CANNOT_VERIFY : V.INVALID];
  }
  const key = resolved.key;
  if (!spec.keys.includes(key.type)) {
    return [FAIL, suite + " needs a key of type " + spec.keys.join(" or ") + ", but " + vm + " is of type " + key.type];
  }
  const can = await support(key.type, ctx);
  if (!can.ok) return [UNKNOWN, "not checked: " + can.reason, V.CANNOT_VERIFY];
  if (key.type === ED25519 && isSmallOrderKey(key.raw)) {
    return [FAIL, "the key of " + vm + " is a small-order Ed25519 point, which would accept forged signatures"];
  }
  if (!issuerId) return [FAIL, "the document names no issuer, so no key can speak for it"];
  if (resolved.controller !== issuerId) return [FAIL, "signed by " + resolved.controller + ", but the issuer is " + issuerId];
  const problem = await signatureProblem(document, proof, suite, key, ctx.extraContexts);
  if (problem) return [FAIL, problem];
  const objection = await keyHistoryObjection(vm, proof.created, ctx);  // the issuer's key history (verify-did.js)
  if (objection) return objection;
  return [PASS, "signature verified with " + vm + " (" + resolved.source + ")"];
}

/** The suite a proof names: its cryptosuite for a DataIntegrityProof, else its type. */
function suiteOf(proof) {
  if (!isObject(proof)) return "";
  if (proof.type === "DataIntegrityProof") return typeof proof.cryptosuite === "string" ? proof.cryptosuite : "";
  return typeof proof.type === "string" ? proof.type : "";
}

/** One step per proof; plus a `proofs` step (UNKNOWN, CANNOT VERIFY) when no proof passed and none failed. */
export async function proofSteps(document, ctx) {
  const proofs = asList(document.proof);
  if (!proofs.length) return [step("proofs", FAIL, "the document carries no proof", V.INVALID)];
  if (proofs.length > MAX_PROOFS) {
    return [step("proofs", FAIL, "the document carries " + proofs.length + " proofs; no credential needs more than " + MAX_PROOFS, V.INVALID)];
  }
  const issuerId = issuerIdOf(document);
  const steps = [];
  for (let i = 0; i < proofs.length; i++) {
    const proof = proofs[i];
    const suite = suiteOf(proof);
    const named = suite || (isObject(proof) && typeof proof.type === "string" ? proof.type : "unknown");
    const label = "proof " + (i + 1) + " (" + (named.length > 60 ? named.slice(0, 60) + "…" : named) + ")";
    if (!isObject(proof)) {
      steps.push(step(label, FAIL, "the proof is not a JSON object", V.INVALID));
    } else if (Object.prototype.hasOwnProperty.call(SUITES, suite) && (proof.type === "DataIntegrityProof") === (suite !== "Ed25519Signature2020")) {
      const [outcome, detail, verdict] = await checkProof(document, proof, suite, issuerId, ctx);
      steps.push(step(label, outcome, detail, outcome === PASS ? undefined : verdict || V.INVALID));
    } else {
      const what = proof.type === "DataIntegrityProof" ? "cryptosuite " + quoted(proof.cryptosuite) : "proof type " + quoted(proof.type);
      steps.push(step(label, WARN, what + " is not one this verifier knows, so it was not verified and is not counted"));
    }
  }
  if (!steps.some((s) => s.outcome === PASS) && !steps.some((s) => s.outcome === FAIL)) {
    steps.push(step("proofs", UNKNOWN, "no proof could be verified here; `credreg verify` checks more kinds", V.CANNOT_VERIFY));
  }
  return steps;
}
