// credreg verifier, shared basics: step outcomes, verdicts and their order, the error type the checks
// throw, and the small helpers every other module uses (steps, lists, quoting, dates, the issuer id).
//
// Part of the verifier's core (every verify-*.js module but verify-page.js): no DOM, no `window`, so it
// runs unchanged in a browser and under node. A credential is hostile input: the core only builds plain
// strings from it; the page shows them with textContent.

export const PASS = "PASS", FAIL = "FAIL", WARN = "WARN", UNKNOWN = "UNKNOWN";
// The same verdicts as `credreg verify` (registry/model/verification.py), upper-cased.
export const V = Object.freeze({
  VALID: "VALID", INVALID: "INVALID", CANNOT_VERIFY: "CANNOT VERIFY", WRONG_RECIPIENT: "NOT ISSUED TO THIS EMAIL",
  REVOKED: "REVOKED", SUSPENDED: "SUSPENDED", EXPIRED: "EXPIRED", NOT_YET_VALID: "NOT YET VALID",
  STATUS_UNKNOWN: "STATUS UNKNOWN", ISSUER_NOT_VERIFIED: "ISSUER NOT VERIFIED",
});
// The first of these that any step implies is the verdict, as in `credreg verify`: a FAIL or UNKNOWN step
// implies its own verdict (INVALID when it names none), a WARN step only the verdict it names.
export const SEVERITY = [V.INVALID, V.CANNOT_VERIFY, V.WRONG_RECIPIENT, V.REVOKED, V.SUSPENDED, V.EXPIRED,
  V.NOT_YET_VALID, V.STATUS_UNKNOWN, V.ISSUER_NOT_VERIFIED];

// What each verdict means, in one line: the same words as MEANING in registry/model/verification.py, which
// `credreg verify` prints after its verdict (a node test keeps the two equal).
export const MEANING = Object.freeze({
  [V.VALID]: "genuine and current: the signature, the issuer, the status and the dates all check out",
  [V.INVALID]: "not genuine or malformed: do not rely on it",
  [V.CANNOT_VERIFY]: "no signature could be checked (a key or document could not be fetched, or no proof is of a kind this verifier knows): this says nothing either way",
  [V.WRONG_RECIPIENT]: "genuine, but not issued to this email",
  [V.REVOKED]: "genuine, but revoked by its issuer",
  [V.SUSPENDED]: "genuine, but suspended by its issuer",
  [V.EXPIRED]: "genuine, but expired",
  [V.NOT_YET_VALID]: "genuine, but not valid yet",
  [V.STATUS_UNKNOWN]: "the signature is valid, but whether it was revoked could not be found out (its status list could not be fetched or trusted)",
  [V.ISSUER_NOT_VERIFIED]: "the signature is valid, but nothing binds the issuer to this registry or a trust list, so it proves the file is intact, not who issued it",
});

export const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
const DATETIME = /^(-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

export class VerifyError extends Error {
  // outcome FAIL: the document says something wrong; UNKNOWN: it could not be checked (e.g. network)
  constructor(message, outcome) { super(message); this.outcome = outcome || FAIL; }
}

export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
export const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
export const step = (name, outcome, detail, verdict) => ({ name, outcome, detail, verdict });
export const quoted = (v) => { try { return JSON.stringify(v); } catch (e) { return String(v); } };

/** A date-time with a zone (fractions beyond milliseconds dropped) as a Date, or null. */
export function parseTime(value) {
  if (typeof value !== "string") return null;
  const m = DATETIME.exec(value);
  if (!m) return null;
  const fraction = m[2] ? m[2].slice(0, 4) : "";
  const t = Date.parse(m[1] + fraction + m[3]);
  return isNaN(t) ? null : new Date(t);
}

/** The issuer's id of a credential (issuer as an object or a plain string), or "". */
export function issuerIdOf(document) {
  const issuer = document.issuer;
  if (isObject(issuer)) return typeof issuer.id === "string" ? issuer.id : "";
  return typeof issuer === "string" ? issuer : "";
}
