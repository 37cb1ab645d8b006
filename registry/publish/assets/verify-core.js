// credreg verifier, core entry: verify a credential with WebCrypto and the bundled jsonld.js only, step by
// step, and add the steps up to a verdict. This module and the ones it imports are the whole verifier;
// they never touch `document` or `window`, so the /verify/ page (verify-page.js) and node (tests/js/)
// run the same checks.
//
// What is checked: the format, which issuer it claims, every proof (verify-proof.js: eddsa-jcs-2022,
// eddsa-rdfc-2022, Ed25519Signature2020, ecdsa-rdfc-2019 and ecdsa-jcs-2019 with P-256 or P-384, ecdsa-sd-2023
// derived proofs), the signing key (did:web DID document or did:key) and that the issuer controls it, the
// signed Bitstring Status List, the validity dates against the given clock, and optionally the recipient's
// email hash. What is not: the OB 3.0 JSON schema; `credreg verify` checks it.
//
// Options of verifyCredential, verifyText and verifyUrl (see makeContext in verify-fetch.js):
// {recipient (email), now (Date or string), siteUrl, siteRoot, fetch, secureContext, trust (a list of parsed
// trust lists in the DCC issuer-registry format: their issuers are verified too, see verify-identity.js),
// contexts (tests only)}.

import { FAIL, MAX_DOCUMENT_CHARS, MEANING, PASS, SEVERITY, UNKNOWN, V, VerifyError, WARN, asList, isObject,
  issuerIdOf, parseTime, step } from "./verify-common.js";
import { hex, sha256, utf8 } from "./verify-encoding.js";
import { fetchBytes, makeContext } from "./verify-fetch.js";
import { issuerStep } from "./verify-identity.js";
import { MAX_CONTAINER_BYTES, extractBytes, extractText, unverifiedPayload } from "./verify-container.js";
import { credentialOf, verifyJwt } from "./verify-jwt.js";
import { proofSteps } from "./verify-proof.js";
import { statusSteps } from "./verify-status.js";
import { embeddedSteps, endorsedStep, endorsementNote, isEndorsement, noRecipientStep } from "./verify-endorsement.js";

export { FAIL, MAX_DOCUMENT_CHARS, MEANING, PASS, UNKNOWN, V, WARN, step } from "./verify-common.js";
export { nameKey } from "./verify-identity.js";
export { base58Decode, decodeMultikey, jcs } from "./verify-encoding.js";
export { ed25519Support, isSmallOrderKey } from "./verify-ed25519.js";
export { fetchUrlFor, makeContext } from "./verify-fetch.js";
export { didWebUrl } from "./verify-did.js";
export { decodeStatusList, isSet } from "./verify-status.js";
export { bakedPng, bakedSvg, extractBytes, extractText } from "./verify-container.js";

// The format step's facts, as registry/ob3/formats.py reads them (one rule set in both runtimes).
const VC_CONTEXTS = { "https://www.w3.org/ns/credentials/v2": "VC 2.0", "https://www.w3.org/2018/credentials/v1": "VC 1.1" };
const OB_CONTEXT_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/";
const OB_CONTEXTS = {
  [OB_CONTEXT_BASE + "context.json"]: "3.0.0", [OB_CONTEXT_BASE + "context-3.0.1.json"]: "3.0.1",
  [OB_CONTEXT_BASE + "context-3.0.2.json"]: "3.0.2", [OB_CONTEXT_BASE + "context-3.0.3.json"]: "3.0.3",
};
const OB_EXTENSIONS = OB_CONTEXT_BASE + "extensions.json";
const KNOWN_TYPES = ["VerifiableCredential", "OpenBadgeCredential", "AchievementCredential", "EndorsementCredential"];
const DATE_PAIRS = [["validFrom", "issuanceDate"], ["validUntil", "expirationDate"]];
const SHOWN_TYPES = 8, SHOWN_PROBLEMS = 5;
// Letters that render like the Latin ones in the type names; NFKD folds full-width forms and splits accents off.
const CONFUSABLE = { "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "l", "ј": "j",
  "ѕ": "s", "ԁ": "d", "һ": "h", "ո": "n", "ν": "v", "ο": "o", "α": "a", "ρ": "p", "τ": "t", "κ": "k", "ε": "e",
  "ι": "l", "0": "o", "1": "l", "i": "l", "ı": "l", "|": "l", "ⅰ": "l", "ɡ": "g", "т": "t", "в": "b", "м": "m",
  "н": "h", "к": "k", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ɩ": "l" };
const skeleton = (text) => Array.from(text.normalize("NFKD").toLowerCase().replace(/[\p{Cf}\p{Zs}\p{Cc}\p{Mn}]/gu, ""))
  .map((ch) => CONFUSABLE[ch] || ch).join("");
const KNOWN_SKELETONS = new Map(KNOWN_TYPES.map((t) => [skeleton(t), t]));

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

const shownText = (t) => { const c = t.replace(/[^\P{C}]/gu, (ch) => "\\u" + ch.codePointAt(0).toString(16).padStart(4, "0")); return c.length > 120 ? c.slice(0, 120) + "…" : c; };

/** The `format` step: VC 2.0 or VC 1.1, the types and the OB context version; FAIL with every problem, WARN
 * with every oddity (registry/ob3/formats.py says the same). */
function formatStep(credential) {
  const contexts = asList(credential["@context"]);
  const types = asList(credential.type).filter((t) => typeof t === "string");
  const vc = typeof contexts[0] === "string" && Object.hasOwn(VC_CONTEXTS, contexts[0]) ? VC_CONTEXTS[contexts[0]] : null;
  if (!vc) return step("format", FAIL, "the first @context is not the W3C Verifiable Credentials context (VC 2.0 or VC 1.1)", V.INVALID);
  const named = contexts.filter((c) => typeof c === "string");
  const problems = [], warnings = [];
  if (Object.keys(VC_CONTEXTS).every((c) => named.includes(c))) {
    problems.push("@context names both the VC 1.1 and the VC 2.0 context; a credential is one or the other");
  }
  const obNamed = named.filter((c) => c.startsWith(OB_CONTEXT_BASE) && c !== OB_EXTENSIONS);
  for (const url of obNamed.filter((c) => !Object.hasOwn(OB_CONTEXTS, c))) {
    problems.push("JSON-LD context \"" + shownText(url) + "\" is not bundled with credreg: it is not a published Open Badges 3.0 context version (credreg never fetches contexts)");
  }
  const versions = [...new Set(obNamed.filter((c) => Object.hasOwn(OB_CONTEXTS, c)).map((c) => OB_CONTEXTS[c]))].sort();
  if (versions.length > 1) problems.push("@context names " + versions.length + " Open Badges context versions (" + versions.join(", ") + "); a credential uses one");
  if (!types.includes("VerifiableCredential")) problems.push("type does not include VerifiableCredential");
  for (const t of types) {
    const imitated = KNOWN_TYPES.includes(t) ? null : KNOWN_SKELETONS.get(skeleton(t));
    if (imitated) problems.push("type \"" + shownText(t) + "\" looks like " + imitated + " but is not it");
  }
  const more = problems.length - SHOWN_PROBLEMS;
  if (problems.length) return step("format", FAIL, problems.slice(0, SHOWN_PROBLEMS).join("; ") + (more > 0 ? "; and " + more + " more" : ""), V.INVALID);
  for (const [now, old] of DATE_PAIRS) {
    if (!(old in credential)) continue;
    if (vc === "VC 2.0") warnings.push(old + " is a VC 1.1 field that VC 2.0 does not define; " + (now in credential ? now + " applies" : "it applies as " + now + " is missing"));
    else if (now in credential && JSON.stringify(credential[now]) !== JSON.stringify(credential[old])) warnings.push(now + " and " + old + " differ; " + now + " applies");
  }
  const listed = types.slice(0, SHOWN_TYPES).map(shownText).join(", ") + (types.length > SHOWN_TYPES ? " and " + (types.length - SHOWN_TYPES) + " more" : "");
  const what = vc + " " + listed + (versions.length === 1 ? " (OB context " + versions[0] + ")" : "");
  if (warnings.length) return step("format", WARN, what + ": " + warnings.join("; "));
  return step("format", PASS, what);
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
    verdict, meaning: MEANING[verdict], endorsementNote: endorsementNote(steps),
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
  return checkCredential(credential, options || {}, null, []);
}

/** Every step of a credential; `proofs` (the JWT's proof steps) replaces its embedded proofs when given. */
async function checkCredential(credential, options, proofs, head) {
  const ctx = makeContext(options);
  ctx.trust = Array.isArray(options.trust) ? options.trust : [];
  return finish(credential, await credentialSteps(credential, options, proofs, head, ctx, false), ctx);
}

/** The steps of checkCredential (with their verdicts); `embedded` for an endorsement an award carries
 *  (verify-endorsement.js): its own endorsements are not followed, and it is checked in the award's context. */
async function credentialSteps(credential, options, proofs, head, ctx, embedded) {
  if (!isObject(credential)) return [...head, step("format", FAIL, "not a JSON object", V.INVALID)];
  const steps = [...head, formatStep(credential)];
  steps.push(step("schema", WARN, "the Open Badges 3.0 JSON schema is not checked in the browser; `credreg verify` checks it"));
  try {
    steps.push(await issuerStep(credential, ctx));
    steps.push(...(proofs ? await proofs(credential, ctx) : await proofSteps(credential, ctx)));
    steps.push(...await statusSteps(credential, ctx));
  } catch (e) {
    steps.push(step("verifier", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY));
  }
  steps.push(...dateSteps(credential, ctx.now));
  const endorsement = isEndorsement(credential);
  if (endorsement) steps.push(endorsedStep(credential));
  if (!embedded && options.recipient !== undefined && options.recipient !== null && String(options.recipient).trim() !== "") {
    steps.push(endorsement ? noRecipientStep(credential) : await recipientStep(credential, options.recipient));
  }
  if (!embedded && !endorsement) {
    try {
      steps.push(...await embeddedSteps(credential,
        (item) => credentialSteps(item, options, null, [], ctx, true), ctx.now));
    } catch (e) {
      steps.push(step("endorsements", WARN, "the endorsements were not checked: the check stopped on an unexpected error: " + (e && e.message || e)));
    }
  }
  return steps;
}

/** A VC-JWT: its signature is proof 1; embedded proofs in the payload (VC-JOSE-COSE allows them) follow. */
async function checkJwt(token, options, head) {
  const ctx = makeContext(options);
  let checked;
  try {
    checked = await verifyJwt(token, ctx);
  } catch (e) {
    checked = { credential: null, step: step("proof 1 (JWT)", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY) };
  }
  if (!checked.credential) return finish(null, [...head, checked.step], ctx);
  const proofs = async (credential, c) => {
    const embedded = credential.proof !== undefined && credential.proof !== null
      ? (await proofSteps(credential, c)).filter((s) => s.name.startsWith("proof ") && /^proof \d/.test(s.name))
        .map((s) => ({ ...s, name: s.name.replace(/^proof (\d+)/, (_, n) => "proof " + (Number(n) + 1)) }))
      : [];
    const steps = [checked.step, ...embedded];
    // The proof rule, as for embedded proofs: no proof passed and none failed (unknown alg, or key unreachable).
    if (!steps.some((s) => s.outcome === PASS || s.outcome === FAIL)) {
      steps.push(step("proofs", UNKNOWN, "no proof could be checked", V.CANNOT_VERIFY));
    }
    return steps;
  };
  return checkCredential(checked.credential, options, proofs, head);
}

/** What extractText/extractBytes found: a JSON credential, a VC-JWT, or OB 2.0 material. */
async function verifyExtracted(found, options) {
  const head = found.container ? [found.container] : [];
  if (found.ob2) {
    // Open Badges 2.0 needs its hosted documents fetched from the issuer's server, which browsers mostly refuse
    // across origins; the CLI fetches them directly.
    return finish(null, [...head, step("format", UNKNOWN, "an Open Badges 2.0 assertion: this page verifies Open Badges 3.0 only; "
      + "`credreg verify` verifies 2.0 assertions, hosted and signed", V.CANNOT_VERIFY)]);
  }
  if (typeof found.content === "string") return checkJwt(found.content, options, head);
  return checkCredential(found.content, options, null, head);
}

/** The credential a VC-JWT carries, for showing it (its verification is verifyJwt's). */
function jwtCredential(token) {
  const payload = unverifiedPayload(token);
  try { return isObject(payload) ? credentialOf(payload).credential : null; } catch (e) { return null; }
}

/** The result for input that holds no credential: JSON that does not parse is a `load` failure, as in the CLI;
 *  JSON that parses but holds no credential (a bad EnvelopedVerifiableCredential, say) is a `container` one. */
function unreadable(error, head, ctx) {
  const notJson = /^not JSON, a JWT or a baked SVG: /;
  if (/^\s*[[{]/.test(head) && notJson.test(error.message)) {
    return finish(null, [step("load", FAIL, error.message.replace(notJson, "not JSON: "), V.INVALID)], ctx);
  }
  return finish(null, [step("container", FAIL, error.message, V.INVALID)], ctx);
}

/** Verify what a user pasted: credential JSON, a VC-JWT or a baked SVG's text (a bad input is a result, not an exception). */
export async function verifyText(text, options) {
  options = options || {};
  if (typeof text !== "string" || text.length > MAX_DOCUMENT_CHARS) {
    return finish(null, [step("load", FAIL, "the credential is empty or larger than 4 MiB", V.INVALID)]);
  }
  let found;
  try {
    found = extractText(text);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return unreadable(e, text.slice(0, 64));
  }
  return verifyExtracted(found, options);
}

/** Verify an uploaded file's bytes (Uint8Array): JSON, a VC-JWT, or a baked PNG or SVG, told apart by content. */
export async function verifyBytes(bytes, options) {
  let found;
  try {
    found = await extractBytes(bytes);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return unreadable(e, bytes instanceof Uint8Array ? String.fromCharCode(...bytes.subarray(0, 64)) : "");
  }
  return verifyExtracted(found, options || {});
}

/** Fetch a credential by URL (the registry's own URLs from siteRoot) and verify it; adds `credential`
 *  (the credential object: the JSON, or the payload of a VC-JWT; null when none could be read). */
export async function verifyUrl(url, options) {
  const ctx = makeContext(options || {});
  let bytes, found;
  try {
    bytes = await fetchBytes(url, ctx, MAX_CONTAINER_BYTES);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    // As `credreg verify URL`: a credential that cannot be fetched is CANNOT VERIFY; one that holds none, INVALID.
    const name = e.outcome === UNKNOWN ? "load" : "container";
    return { ...finish(null, [step(name, e.outcome, e.message, e.outcome === UNKNOWN ? V.CANNOT_VERIFY : V.INVALID)], ctx),
      credential: null };
  }
  try {
    found = await extractBytes(bytes);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    // What the URL answered is read as an uploaded file's bytes are: JSON that does not parse is a `load` FAIL.
    return { ...unreadable(e, String.fromCharCode(...bytes.subarray(0, 64)), ctx), credential: null };
  }
  const result = await verifyExtracted(found, options || {});
  const credential = isObject(found.content) ? found.content
    : typeof found.content === "string" && !found.ob2 ? jwtCredential(found.content) : null;
  return { ...result, credential };
}
