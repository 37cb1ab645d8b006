// credreg verifier, core entry: verify a credential with WebCrypto only (no third-party code), step by
// step, and add the steps up to a verdict. This module and the ones it imports are the whole verifier;
// they never touch `document` or `window`, so the /verify/ page (verify-page.js) and node (tests/js/)
// run the same checks.
//
// What is checked: the format, which issuer it claims, the eddsa-jcs-2022 proof (RFC 8785 JCS + SHA-256 +
// Ed25519), the signing key (did:web DID document or did:key) and that the issuer controls it, the signed
// Bitstring Status List, the validity dates against the given clock, and optionally the recipient's email
// hash. What is not: the eddsa-rdfc-2022 proof (it needs RDF canonicalization) and the OB 3.0 JSON schema;
// `credreg verify` checks both.
//
// Options of verifyCredential, verifyText and verifyUrl (see makeContext in verify-fetch.js):
// {recipient (email), now (Date or string), siteUrl, siteRoot, fetch, secureContext, trust (a list of parsed
// trust lists in the DCC issuer-registry format: their issuers are verified too, see verify-identity.js)}.

import { FAIL, MAX_DOCUMENT_CHARS, MEANING, PASS, SEVERITY, UNKNOWN, V, VerifyError, WARN, asList, isObject,
  issuerIdOf, parseTime, step } from "./verify-common.js";
import { hex, sha256, utf8 } from "./verify-encoding.js";
import { fetchJson, makeContext } from "./verify-fetch.js";
import { issuerStep } from "./verify-identity.js";
import { proofSteps } from "./verify-proof.js";
import { statusSteps } from "./verify-status.js";

export { FAIL, MAX_DOCUMENT_CHARS, MEANING, PASS, UNKNOWN, V, WARN, step } from "./verify-common.js";
export { nameKey } from "./verify-identity.js";
export { base58Decode, decodeMultikey, jcs } from "./verify-encoding.js";
export { ed25519Support, isSmallOrderKey } from "./verify-ed25519.js";
export { fetchUrlFor, makeContext } from "./verify-fetch.js";
export { didWebUrl } from "./verify-did.js";
export { decodeStatusList, isSet } from "./verify-status.js";

const VC_CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"];
const OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context";

// ---------- dates, issuer, recipient, format ----------

function dateSteps(credential, now) {
  const steps = [];
  const fromRaw = credential.validFrom !== undefined ? credential.validFrom : credential.issuanceDate;
  const untilRaw = credential.validUntil !== undefined ? credential.validUntil : credential.expirationDate;
  const from = parseTime(fromRaw), until = parseTime(untilRaw);
  const clock = " (this computer's clock says " + now.toISOString().replace(/\.\d+Z$/, "Z") + ")";
  if (!from) steps.push(step("valid from", FAIL, "validFrom is missing or not a date-time with zone", V.INVALID));
  else if (now < from) steps.push(step("valid from", FAIL, "not valid until " + fromRaw + clock, V.NOT_YET_VALID));
  else steps.push(step("valid from", PASS, "valid since " + fromRaw));
  if (untilRaw === undefined) steps.push(step("valid until", PASS, "does not expire"));
  else if (!until) steps.push(step("valid until", FAIL, "validUntil is not a date-time with zone", V.INVALID));
  else if (now > until) steps.push(step("valid until", FAIL, "expired at " + untilRaw + clock, V.EXPIRED));
  else steps.push(step("valid until", PASS, "valid until " + untilRaw));
  return steps;
}

function normaliseEmail(email) {
  return String(email).trim().toLowerCase();
}

/** `sha256$` + hex(SHA-256(normalised email + salt)), the Open Badges hashed identity. */
export async function identityHash(email, salt) {
  return "sha256$" + hex(await sha256(utf8(normaliseEmail(email) + String(salt))));
}

async function recipientStep(credential, email) {
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const identities = asList(subject.identifier).filter(isObject);
  if (!identities.length) return step("recipient", FAIL, "the credential names no recipient identity to compare with", V.WRONG_RECIPIENT);
  const canHash = typeof crypto !== "undefined" && crypto.subtle;
  for (const identity of identities) {
    const value = typeof identity.identityHash === "string" ? identity.identityHash : "";
    if (identity.hashed === true) {
      if (!value.toLowerCase().startsWith("sha256$")) continue; // md5 and other hashes are refused
      if (!canHash) return step("recipient", UNKNOWN, "not checked: this browser withholds SHA-256 here (not a secure context)", V.CANNOT_VERIFY);
      if (value.toLowerCase() === await identityHash(email, typeof identity.salt === "string" ? identity.salt : "")) {
        return step("recipient", PASS, "the email matches the credential's recipient");
      }
    } else if (value && normaliseEmail(value) === normaliseEmail(email)) {
      return step("recipient", PASS, "the email matches the credential's recipient");
    }
  }
  return step("recipient", FAIL, "the email does not match the credential's recipient: it is genuine, but not issued to this email", V.WRONG_RECIPIENT);
}

function formatStep(credential) {
  const contexts = asList(credential["@context"]);
  const types = asList(credential.type).filter((t) => typeof t === "string");
  if (!contexts.length || !VC_CONTEXTS.includes(contexts[0])) {
    return step("format", FAIL, "the first @context is not the W3C Verifiable Credentials context", V.INVALID);
  }
  if (!types.includes("VerifiableCredential")) return step("format", FAIL, "type does not include VerifiableCredential", V.INVALID);
  const ob = contexts.find((c) => typeof c === "string" && c.startsWith(OB_CONTEXT_PREFIX));
  const version = contexts[0] === VC_CONTEXTS[0] ? "VC 2.0" : "VC 1.1";
  return step("format", PASS, version + " " + types.join(", ") + (ob ? " (" + ob.split("/").pop() + ")" : ""));
}

// ---------- the result ----------

const text = (v) => (typeof v === "string" ? v : "");
const IMAGE_DATA = /^data:image\/(png|jpeg|gif|webp|svg\+xml)(;base64)?,/i;

/** An image URL safe to show with <img src>: https, or a data: URL of a raster or SVG image; else "". */
export function safeImageUrl(value) {
  const url = isObject(value) ? value.id : value;
  if (typeof url !== "string" || url.length > MAX_DOCUMENT_CHARS) return "";
  if (IMAGE_DATA.test(url)) return url;
  try {
    return new URL(url).protocol === "https:" && /^https:\/\//i.test(url) ? url : "";
  } catch (e) {
    return "";
  }
}

/** What a displayer shows of a credential (every value plain text; the image URL already vetted). */
function summaryOf(credential, steps) {
  if (!isObject(credential)) return {};
  const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
  const achievement = isObject(subject.achievement) ? subject.achievement : {};
  const issuer = steps.find((s) => s.name === "issuer");
  const status = steps.filter((s) => s.name.startsWith("status"));
  return {
    id: text(credential.id), name: text(credential.name), description: text(credential.description),
    issuerName: isObject(credential.issuer) ? text(credential.issuer.name) : "", issuerId: issuerIdOf(credential),
    issuerVerified: !!issuer && issuer.outcome === PASS,
    achievementName: text(achievement.name), achievementDescription: text(achievement.description),
    image: safeImageUrl(achievement.image) || safeImageUrl(credential.image),
    validFrom: text(credential.validFrom !== undefined ? credential.validFrom : credential.issuanceDate),
    validUntil: text(credential.validUntil !== undefined ? credential.validUntil : credential.expirationDate),
    awardedDate: text(credential.awardedDate),
    status: status.length ? status.map((s) => s.outcome + " " + s.detail).join("; ") : "",
  };
}

function verdictOf(steps) {
  const implied = steps.filter((s) => s.outcome === FAIL || s.outcome === UNKNOWN).map((s) => s.verdict || V.INVALID)
    .concat(steps.filter((s) => s.outcome === WARN && s.verdict).map((s) => s.verdict));
  return SEVERITY.find((v) => implied.includes(v)) || V.VALID;
}

/**
 * The result of a list of steps: {verdict, meaning, steps: [{name, outcome, detail}], summary, blocked}; blocked
 * lists the URLs the browser was not allowed to fetch (cross-origin), from the verification's context.
 */
export function finish(credential, steps, ctx) {
  const verdict = verdictOf(steps);
  return {
    verdict, meaning: MEANING[verdict],
    steps: steps.map((s) => ({ name: s.name, outcome: s.outcome, detail: s.detail })),
    summary: summaryOf(credential, steps),
    blocked: ctx && Array.isArray(ctx.blocked) ? [...ctx.blocked] : [],
  };
}

// ---------- verifying ----------

/**
 * Verify a parsed credential. Resolves to {verdict, steps: [{name, outcome, detail}], summary};
 * never rejects for a bad credential.
 */
export async function verifyCredential(credential, options) {
  options = options || {};
  const ctx = makeContext(options);
  ctx.trust = Array.isArray(options.trust) ? options.trust : [];
  if (!isObject(credential)) return finish(credential, [step("format", FAIL, "not a JSON object", V.INVALID)], ctx);
  const steps = [formatStep(credential)];
  steps.push(step("schema", WARN, "the Open Badges 3.0 JSON schema is not checked in the browser; `credreg verify` checks it"));
  try {
    steps.push(await issuerStep(credential, ctx));
    steps.push(...await proofSteps(credential, ctx));
    steps.push(...await statusSteps(credential, ctx));
  } catch (e) {
    steps.push(step("verifier", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY));
  }
  steps.push(...dateSteps(credential, ctx.now));
  if (options.recipient !== undefined && options.recipient !== null && String(options.recipient).trim() !== "") {
    steps.push(await recipientStep(credential, options.recipient));
  }
  return finish(credential, steps, ctx);
}

/** Verify credential JSON text (a parse failure is an INVALID result, not an exception). */
export async function verifyText(json, options) {
  if (typeof json !== "string" || json.length > MAX_DOCUMENT_CHARS) {
    return finish(null, [step("load", FAIL, "the credential is empty or larger than 4 MiB", V.INVALID)]);
  }
  let credential;
  try {
    credential = JSON.parse(json);
  } catch (e) {
    return finish(null, [step("load", FAIL, "not JSON: " + e.message, V.INVALID)]);
  }
  return verifyCredential(credential, options);
}

/** Fetch a credential by URL (the registry's own URLs from siteRoot) and verify it; adds `credential`. */
export async function verifyUrl(url, options) {
  const ctx = makeContext(options || {});
  let credential;
  try {
    credential = await fetchJson(url, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    // As `credreg verify URL`: a credential that cannot be fetched is CANNOT VERIFY; one that is not JSON, INVALID.
    const unreadable = /is not JSON|is too large/.test(e.message);
    return { ...finish(null, [step("load", unreadable ? FAIL : UNKNOWN, e.message, unreadable ? V.INVALID : V.CANNOT_VERIFY)], ctx),
      credential: null };
  }
  return { ...(await verifyCredential(credential, options)), credential };
}
