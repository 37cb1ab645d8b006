// credreg verifier, proofs: one step per Data Integrity proof of a document. eddsa-jcs-2022 proofs are
// verified (JCS + SHA-256 + Ed25519, the key resolved and checked to speak for the issuer); an
// eddsa-rdfc-2022 proof is reported as not checked here (it needs RDF canonicalization; `credreg verify`
// checks it); anything else fails. Status lists' own proofs go through the same code.
//
// Part of the verifier's core: no DOM.

import { FAIL, PASS, UNKNOWN, V, VerifyError, WARN, asList, isObject, issuerIdOf, quoted, step } from "./verify-common.js";
import { base58Decode, jcs, sha256, utf8 } from "./verify-encoding.js";
import { ed25519Support, ed25519Verify, isSmallOrderKey } from "./verify-ed25519.js";
import { keyHistoryObjection, resolveKey } from "./verify-did.js";

const JCS = "eddsa-jcs-2022", RDFC = "eddsa-rdfc-2022";
const CREATED = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

function startsWith(documentContext, proofContext) {
  const doc = asList(documentContext), head = asList(proofContext);
  if (head.length === 0 || head.length > doc.length) return false;
  return head.every((entry, i) => jcs(entry) === jcs(doc[i]));
}

/** The 64 bytes an eddsa-jcs-2022 proof signs: SHA-256(JCS(proof config)) ‖ SHA-256(JCS(unsecured document)). */
async function jcsHashData(document, proof) {
  const unsecured = Object.fromEntries(Object.entries(document).filter(([k]) => k !== "proof"));
  const config = Object.fromEntries(Object.entries(proof).filter(([k]) => k !== "proofValue"));
  if ("@context" in config) {
    if (!startsWith(unsecured["@context"], config["@context"])) {
      throw new VerifyError("the proof's @context is not the start of the document's @context");
    }
    unsecured["@context"] = config["@context"];
  }
  const configHash = await sha256(utf8(jcs(config)));
  const documentHash = await sha256(utf8(jcs(unsecured)));
  const out = new Uint8Array(64);
  out.set(configHash, 0);
  out.set(documentHash, 32);
  return out;
}

/** PASS, FAIL or UNKNOWN for one eddsa-jcs-2022 proof of `document`, issued by `issuerId`. */
async function checkJcsProof(document, proof, issuerId, ctx) {
  const support = await ed25519Support(ctx.secureContext);
  if (!support.ok) return [UNKNOWN, "not checked: " + support.reason, V.CANNOT_VERIFY];
  const vm = proof.verificationMethod;
  if (typeof vm !== "string" || !vm) return [FAIL, "the proof has no verificationMethod"];
  if (proof.proofPurpose !== "assertionMethod") {
    return [FAIL, "proofPurpose is " + quoted(proof.proofPurpose) + ", not assertionMethod"];
  }
  if (proof.created !== undefined && !(typeof proof.created === "string" && CREATED.test(proof.created))) {
    return [FAIL, "created " + quoted(proof.created) + " is not an XML Schema dateTime"];
  }
  const value = proof.proofValue;
  if (typeof value !== "string" || !value.startsWith("z")) {
    return [FAIL, "proofValue is not multibase base58btc (it must start with 'z')"];
  }
  let signature, key, data;
  try {
    signature = base58Decode(value.slice(1));
  } catch (e) {
    return [FAIL, "proofValue is not valid base58btc: " + e.message];
  }
  if (signature.length !== 64) return [FAIL, "proofValue decodes to " + signature.length + " bytes; an Ed25519 signature has 64"];
  try {
    key = await resolveKey(vm, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return [e.outcome, "key not resolved: " + e.message, e.outcome === UNKNOWN ? V.CANNOT_VERIFY : V.INVALID];
  }
  if (isSmallOrderKey(key.publicKey)) {
    return [FAIL, "the key of " + vm + " is a small-order Ed25519 point, which would accept forged signatures"];
  }
  if (!issuerId) return [FAIL, "the document names no issuer, so no key can speak for it"];
  if (key.controller !== issuerId) return [FAIL, "signed by " + key.controller + ", but the issuer is " + issuerId];
  try {
    data = await jcsHashData(document, proof);
  } catch (e) {
    if (!(e instanceof VerifyError || e instanceof RangeError)) throw e;
    return [FAIL, "cannot canonicalize the document: " + e.message];
  }
  let ok;
  try {
    ok = await ed25519Verify(key.publicKey, signature, data);
  } catch (e) {
    return [FAIL, "the key was refused by WebCrypto (" + (e && e.name || e) + ")"];
  }
  if (!ok) {
    return [FAIL, "signature does not verify: the document or proof was changed after signing, or another key signed it"];
  }
  const objection = await keyHistoryObjection(vm, proof.created, ctx);  // the issuer's key history (verify-did.js)
  if (objection) return objection;
  return [PASS, "signature verified with " + vm + " (" + key.source + ")"];
}

/** One step per proof; plus an UNKNOWN step when no proof could be checked here. */
export async function proofSteps(document, ctx) {
  const proofs = asList(document.proof);
  if (!proofs.length) return [step("proof", FAIL, "the document carries no proof", V.INVALID)];
  const issuerId = issuerIdOf(document);
  const steps = [];
  let jcsSeen = false;
  for (let i = 0; i < proofs.length; i++) {
    const proof = proofs[i];
    const suite = isObject(proof) && typeof proof.cryptosuite === "string" ? proof.cryptosuite : "";
    const label = "proof " + (i + 1) + " (" + (suite || (isObject(proof) && typeof proof.type === "string" ? proof.type : "unknown")) + ")";
    if (!isObject(proof)) {
      steps.push(step(label, FAIL, "the proof is not a JSON object", V.INVALID));
    } else if (proof.type !== "DataIntegrityProof") {
      steps.push(step(label, FAIL, "proof type " + quoted(proof.type) + " is not supported, so it was not verified", V.INVALID));
    } else if (suite === RDFC) {
      steps.push(step(label, WARN, "not checked in the browser (needs RDF canonicalization); `credreg verify` checks it"));
    } else if (suite === JCS) {
      jcsSeen = true;
      const [outcome, detail, verdict] = await checkJcsProof(document, proof, issuerId, ctx);
      steps.push(step(label, outcome, detail, outcome === PASS ? undefined : verdict || V.INVALID));
    } else {
      steps.push(step(label, FAIL, "cryptosuite " + quoted(proof.cryptosuite) + " is not supported, so it was not verified", V.INVALID));
    }
  }
  if (!jcsSeen) {
    steps.push(step("proof (eddsa-jcs-2022)", UNKNOWN, "there is no eddsa-jcs-2022 proof, the only kind this page "
      + "can check; use `credreg verify`", V.CANNOT_VERIFY));
  }
  return steps;
}
