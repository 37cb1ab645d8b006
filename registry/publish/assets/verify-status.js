// credreg verifier, status: each credentialStatus entry checked against its issuer's signed list, as in
// registry/verify/status.py: BitstringStatusListEntry, StatusList2021Entry and RevocationList2020Status (the
// list fetched; its issuer, id, type, own proof and dates checked before its bits are believed; revocation
// and suspension change the verdict, message and refresh only report, unknown purposes are a warning), and
// the 1EdTech Revocation List. Also the decoding of GZIP-compressed, base64url `encodedList`s.
//
// Part of the verifier's core: no DOM (DecompressionStream and Blob exist in browsers and in node).

import { FAIL, PASS, UNKNOWN, V, VerifyError, WARN, asList, isObject, issuerIdOf, parseTime, quoted, step }
  from "./verify-common.js";
import { base64urlDecode, inflateBounded } from "./verify-encoding.js";
import { fetchJson } from "./verify-fetch.js";
import { proofSteps } from "./verify-proof.js";

const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
const MAX_ENCODED_CHARS = 4 * 1024 * 1024;
const MAX_INDEX = MAX_STATUS_LIST_BYTES * 8 - 1;
const MAX_STATUS_SIZE = 8, MAX_ENTRIES = 16;
const FLAGGING = { revocation: V.REVOKED, suspension: V.SUSPENDED };
// the verdict a purpose flags, or null: own keys only ("constructor" is no purpose, whatever Object.prototype has)
const flagged = (purpose) => (Object.hasOwn(FLAGGING, purpose) ? FLAGGING[purpose] : null);
const ONE_EDTECH = "status (1EdTech revocation list)";
// entry type → [list credential type, subject type, index field, list field, multibase 'u' prefix, fixed purpose]
const KINDS = {
  BitstringStatusListEntry: ["BitstringStatusListCredential", "BitstringStatusList", "statusListIndex", "statusListCredential", true, null],
  StatusList2021Entry: ["StatusList2021Credential", "StatusList2021", "statusListIndex", "statusListCredential", false, null],
  RevocationList2020Status: ["RevocationList2020Credential", "RevocationList2020", "revocationListIndex", "revocationListCredential", false, "revocation"],
};

/** The raw bitstring of an encodedList: 'u' + base64url of GZIP data (multibase), or plain base64(url). */
export async function decodeStatusList(encoded, multibase = true) {
  if (typeof encoded !== "string" || (multibase && !encoded.startsWith("u"))) {
    throw new VerifyError("encodedList does not start with 'u' (multibase base64url)");
  }
  const text = multibase ? encoded.slice(1) : encoded.replace(/=+$/, "");
  if (text.length > MAX_ENCODED_CHARS || !/^[A-Za-z0-9_+/-]*$/.test(text)) throw new VerifyError("encodedList is not base64url");
  let packed;
  try { packed = base64urlDecode(text.replace(/\+/g, "-").replace(/\//g, "_")); } catch (e) { throw new VerifyError("encodedList is not base64url"); }
  const bits = await inflateBounded(packed, "gzip", MAX_STATUS_LIST_BYTES, {
    tooBig: "encodedList expands to more than 16 MiB",
    corrupt: "encodedList is not valid GZIP data (%s)",
    unavailable: new VerifyError("this browser cannot decompress GZIP (no DecompressionStream)", UNKNOWN),
  });
  if (!bits.length) throw new VerifyError("encodedList expands to an empty list");
  return bits;
}

/** Whether entry `index` is set: bit `index`, left-most bit of each byte first. */
export function isSet(bits, index) {
  return statusValue(bits, index, 1) !== 0;
}

/** The `size`-bit value of entry `index` (bits index*size … index*size+size-1, left-most bit first). */
export function statusValue(bits, index, size) {
  const entries = Math.floor(bits.length * 8 / size);
  if (!(index >= 0 && index < entries)) {
    throw new VerifyError("status index " + index + " is outside the list of " + entries + " entries");
  }
  let value = 0;
  for (let bit = index * size; bit < index * size + size; bit++) value = (value << 1) | ((bits[bit >> 3] & (0x80 >> (bit & 7))) ? 1 : 0);
  return value;
}

/** A whole number in ASCII digits (or a JSON integer) from 0 to `max`, else null. */
function asciiInt(value, max) {
  if (typeof value === "number" && Number.isInteger(value)) return value >= 0 && value <= max ? value : null;
  if (typeof value !== "string" || !/^[0-9]{1,12}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

async function listProblems(list, url, issuerId, ctx) {
  const problems = [];
  if (issuerIdOf(list) !== issuerId) problems.push("issued by " + quoted(issuerIdOf(list)) + ", not the credential's issuer");
  if (list.id !== undefined && list.id !== url) problems.push("its id " + quoted(list.id) + " is not its URL");
  const steps = await proofSteps(list, ctx);
  for (const s of steps) {
    if (s.outcome === FAIL || s.outcome === UNKNOWN) problems.push(s.name + ": " + s.detail);
  }
  if (!steps.some((s) => s.outcome === PASS)) problems.push("none of its proofs could be verified here");
  // Only the end of a list's life counts (a list starting after `now` means `now` is in the past), as in status.py.
  for (const [field, late] of [["validFrom", false], ["issuanceDate", false], ["validUntil", true], ["expirationDate", true]]) {
    if (list[field] === undefined) continue;
    const moment = parseTime(list[field]);
    if (!moment) problems.push("its " + field + " " + quoted(list[field]) + " is not a date-time with a zone");
    else if (late && ctx.now > moment) problems.push("the list expired at " + list[field]);
  }
  return problems;
}

function outcomeOf(name, purpose, value, index, url, entry) {
  const where = "entry " + index + " of " + url;
  if (flagged(purpose)) {
    if (!value) return step(name, PASS, where + " is not set (signed list verified)");
    return step(name, FAIL, where + " is set: the credential is " + flagged(purpose).toLowerCase(), flagged(purpose));
  }
  if (purpose === "refresh") {
    if (!value) return step(name, PASS, where + " is not set: no newer version is announced");
    return step(name, WARN, where + " is set: the issuer offers a newer version of this credential");
  }
  const status = "0x" + value.toString(16);
  const message = asList(entry.statusMessage).find((m) => isObject(m) && m.status === status);
  return step(name, value ? WARN : PASS, where + " holds status " + status + (message ? " (" + quoted(message.message) + ")" : ""));
}

async function listStep(credential, entry, kind, ctx) {
  const [credentialType, subjectType, indexField, listField, multibase, fixedPurpose] = kind;
  const purpose = fixedPurpose || (typeof entry.statusPurpose === "string" ? entry.statusPurpose : "");
  const name = "status (" + (purpose || "unknown purpose") + ")";
  const size = asciiInt(entry.statusSize === undefined ? 1 : entry.statusSize, MAX_STATUS_SIZE) || 0;
  if (size < 1 || (flagged(purpose) && size !== 1)) {
    return step(name, FAIL, "statusSize " + quoted(entry.statusSize) + " is not a whole number from 1 to " + MAX_STATUS_SIZE
      + " (and 1 for " + (purpose || "this purpose") + ")", V.INVALID);
  }
  const index = asciiInt(entry[indexField], Math.floor(MAX_INDEX / size));
  if (index === null) {
    return step(name, FAIL, indexField + " " + quoted(entry[indexField]) + " is not a number in ASCII digits within a status list's range", V.INVALID);
  }
  const url = entry[listField];
  if (typeof url !== "string" || !url) return step(name, FAIL, "the entry names no " + listField, V.INVALID);
  if (!flagged(purpose) && purpose !== "message" && purpose !== "refresh") {
    return step(name, WARN, "status purpose " + quoted(purpose) + " is not one this verifier knows, so that entry was not checked");
  }
  let list;
  try {
    list = await fetchJson(url, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return step(name, UNKNOWN, "status list unavailable: " + e.message, V.STATUS_UNKNOWN);
  }
  if (!isObject(list)) return step(name, UNKNOWN, quoted(url) + " is not a status list credential", V.STATUS_UNKNOWN);
  const subject = isObject(list.credentialSubject) ? list.credentialSubject : {};
  const problems = [];
  if (!asList(list.type).includes(credentialType)) problems.push("it is not a " + credentialType);
  if (!asList(subject.type).includes(subjectType)) problems.push("its credentialSubject is not a " + subjectType);
  problems.push(...await listProblems(list, url, issuerIdOf(credential), ctx));
  if (problems.length) {
    return step(name, UNKNOWN, "status list " + quoted(url) + " cannot be trusted: " + problems.join("; "), V.STATUS_UNKNOWN);
  }
  const listed = subject.statusPurpose !== undefined ? subject.statusPurpose : fixedPurpose;
  if (listed !== purpose) {
    return step(name, UNKNOWN, "the list's purpose " + quoted(listed) + " is not " + quoted(purpose), V.STATUS_UNKNOWN);
  }
  let value;
  try {
    value = statusValue(await decodeStatusList(subject.encodedList, multibase), index, size);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return step(name, UNKNOWN, e.message, V.STATUS_UNKNOWN);
  }
  return outcomeOf(name, purpose, value, index, url, entry);
}

async function revocationListStep(credential, entry, ctx) {
  const url = typeof entry.id === "string" ? entry.id : "";
  let doc;
  try {
    doc = await fetchJson(url, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return step(ONE_EDTECH, UNKNOWN, "revocation list unavailable: " + e.message, V.STATUS_UNKNOWN);
  }
  const revoked = isObject(doc) ? (doc.revokedCredential === undefined ? [] : doc.revokedCredential) : null;
  if (!Array.isArray(revoked)) return step(ONE_EDTECH, UNKNOWN, quoted(url) + " is not a revocation list", V.STATUS_UNKNOWN);
  for (const item of revoked) {
    if (isObject(item) && item.id === credential.id) {
      return step(ONE_EDTECH, FAIL, "revoked: " + quoted(item.revocationReason || "no reason given"), V.REVOKED);
    }
  }
  return step(ONE_EDTECH, PASS, "not listed in " + url);
}

/** One step per credentialStatus entry (a WARN step when there is none: the credential cannot be revoked). */
export async function statusSteps(credential, ctx) {
  const entries = asList(credential.credentialStatus).filter(isObject);
  if (!entries.length) return [step("status", WARN, "the credential has no credentialStatus: it cannot be revoked")];
  if (entries.length > MAX_ENTRIES) {
    return [step("status", FAIL, "the credential has " + entries.length + " status entries; at most " + MAX_ENTRIES + " are checked", V.INVALID)];
  }
  const steps = [];
  for (const entry of entries) {
    const types = asList(entry.type);
    const kind = types.map((t) => (typeof t === "string" && Object.prototype.hasOwnProperty.call(KINDS, t) ? KINDS[t] : null)).find(Boolean);
    if (types.includes("1EdTechRevocationList")) steps.push(await revocationListStep(credential, entry, ctx));
    else if (kind) steps.push(await listStep(credential, entry, kind, ctx));
    else steps.push(step("status", UNKNOWN, "status type " + quoted(entry.type) + " is not supported, so the status is unknown", V.STATUS_UNKNOWN));
  }
  return steps;
}
