// credreg verifier, status: the credential's BitstringStatusListEntry checked against the issuer's signed
// BitstringStatusListCredential (fetched; its issuer, id, type, own proof and validity checked before its
// bit is believed), and the decoding of its GZIP-compressed, base64url `encodedList`.
//
// Part of the verifier's core: no DOM (DecompressionStream and Blob exist in browsers and in node).

import { FAIL, PASS, UNKNOWN, V, VerifyError, WARN, asList, isObject, issuerIdOf, parseTime, quoted, step }
  from "./verify-common.js";
import { base64urlDecode } from "./verify-encoding.js";
import { fetchJson } from "./verify-fetch.js";
import { proofSteps } from "./verify-proof.js";

const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/** The raw bitstring of an encodedList: 'u' + base64url of GZIP data. */
export async function decodeStatusList(encoded) {
  if (typeof encoded !== "string" || !encoded.startsWith("u")) {
    throw new VerifyError("encodedList does not start with 'u' (multibase base64url)");
  }
  let packed;
  try { packed = base64urlDecode(encoded.slice(1)); } catch (e) { throw new VerifyError("encodedList is not base64url"); }
  if (typeof DecompressionStream === "undefined") throw new VerifyError("this browser cannot decompress GZIP (no DecompressionStream)", UNKNOWN);
  const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_STATUS_LIST_BYTES) {
        reader.cancel().catch(() => {});
        throw new VerifyError("encodedList expands to more than 16 MiB");
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof VerifyError) throw e;
    throw new VerifyError("encodedList is not valid GZIP data (" + (e && e.message || e) + ")");
  }
  const bits = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) { bits.set(c, at); at += c.length; }
  return bits;
}

/** Whether entry `index` is set: bit `index`, left-most bit of each byte first. */
export function isSet(bits, index) {
  if (!(index >= 0 && index < bits.length * 8)) {
    throw new VerifyError("status index " + index + " is outside the list of " + bits.length * 8 + " entries");
  }
  return (bits[index >> 3] & (0x80 >> (index & 7))) !== 0;
}

async function listProblems(list, url, issuerId, ctx) {
  const problems = [];
  if (issuerIdOf(list) !== issuerId) problems.push("issued by " + quoted(issuerIdOf(list)) + ", not the credential's issuer");
  if (list.id !== undefined && list.id !== url) problems.push("its id " + quoted(list.id) + " is not its URL");
  if (!asList(list.type).includes("BitstringStatusListCredential")) problems.push("it is not a BitstringStatusListCredential");
  const steps = await proofSteps(list, ctx);
  for (const s of steps) {
    if (s.outcome === FAIL || s.outcome === UNKNOWN) problems.push(s.name + ": " + s.detail);
  }
  if (!steps.some((s) => s.outcome === PASS)) problems.push("none of its proofs could be verified here");
  const until = parseTime(list.validUntil);
  if (list.validUntil !== undefined && (!until || ctx.now > until)) problems.push("the list expired at " + quoted(list.validUntil));
  return problems;
}

async function bitstringStep(credential, entry, ctx) {
  const purpose = typeof entry.statusPurpose === "string" ? entry.statusPurpose : "";
  const name = "status (" + (purpose || "unknown purpose") + ")";
  const rawIndex = String(entry.statusListIndex);
  if (!/^\d{1,10}$/.test(rawIndex)) return step(name, FAIL, "statusListIndex " + quoted(entry.statusListIndex) + " is not a number", V.INVALID);
  const index = Number(rawIndex);
  const url = entry.statusListCredential;
  if (typeof url !== "string" || !url) return step(name, FAIL, "the entry names no statusListCredential", V.INVALID);
  let list;
  try {
    list = await fetchJson(url, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return step(name, UNKNOWN, "status list unavailable: " + e.message, V.STATUS_UNKNOWN);
  }
  if (!isObject(list)) return step(name, UNKNOWN, url + " is not a status list credential", V.STATUS_UNKNOWN);
  const problems = await listProblems(list, url, issuerIdOf(credential), ctx);
  if (problems.length) {
    return step(name, UNKNOWN, "status list " + url + " cannot be trusted: " + problems.join("; "), V.STATUS_UNKNOWN);
  }
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  if (subject.statusPurpose !== purpose) {
    return step(name, UNKNOWN, "the list's purpose " + quoted(subject.statusPurpose) + " is not " + quoted(purpose), V.STATUS_UNKNOWN);
  }
  let flagged;
  try {
    flagged = isSet(await decodeStatusList(subject.encodedList), index);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return step(name, UNKNOWN, e.message, V.STATUS_UNKNOWN);
  }
  if (!flagged) return step(name, PASS, "entry " + index + " of " + url + " is not set (signed list verified)");
  const verdict = purpose === "revocation" ? V.REVOKED : V.SUSPENDED;
  return step(name, FAIL, "entry " + index + " of " + url + " is set: the credential is " + verdict.toLowerCase(), verdict);
}

/** One step per credentialStatus entry (a WARN step when there is none: the credential cannot be revoked). */
export async function statusSteps(credential, ctx) {
  const entries = asList(credential.credentialStatus);
  if (!entries.length) return [step("status", WARN, "the credential has no credentialStatus: it cannot be revoked")];
  const steps = [];
  for (const entry of entries) {
    if (isObject(entry) && entry.type === "BitstringStatusListEntry") {
      steps.push(await bitstringStep(credential, entry, ctx));
    } else {
      steps.push(step("status", UNKNOWN, "status type " + quoted(isObject(entry) ? entry.type : entry)
        + " is not supported in the browser, so the status is unknown", V.STATUS_UNKNOWN));
    }
  }
  return steps;
}
