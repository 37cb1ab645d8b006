// credreg verifier, VC-JWT: a JWS compact credential checked with WebCrypto, by the rules of `credreg verify`
// (registry/verify/jwt.py, jwt_keys.py): RS256, ES256, ES384 or EdDSA with the key bound to the algorithm;
// `none` and HS* refused; the key from `kid` (a DID URL, an https URL serving a JWK on the issuer's origin,
// or a bare kid under the issuer's DID or JWKS), else `jwk` (only for a did:key or did:jwk issuer, whose
// identifier is that key), else the issuer (did:key, did:jwk, did:web assertionMethod, <iss>/.well-known/
// jwks.json). The JWT claims (iss, nbf, exp, jti, sub) must agree with the credential; a VC 1.1 `vc` claim
// takes them where the credential leaves them out.
//
// Part of the verifier's core: no DOM.

import { FAIL, PASS, UNKNOWN, V, VerifyError, WARN, asList, isObject, issuerIdOf, parseTime, quoted, step } from "./verify-common.js";
import { base64urlDecode, decodeMultikey } from "./verify-encoding.js";
import { keyHistoryObjection, resolveKey, didWebUrl } from "./verify-did.js";
import { fetchJson } from "./verify-fetch.js";
import { isSmallOrderKey } from "./verify-ed25519.js";
import { modulusBits } from "./verify-keys.js";

const ALGORITHMS = ["RS256", "ES256", "ES384", "EdDSA"];
const TYPES = [undefined, "JWT", "vc+ld+jwt", "vc+jwt", "application/vc+ld+jwt", "application/vc+jwt"];
const REGISTERED = ["iss", "sub", "nbf", "exp", "iat", "jti", "aud", "cnf"];
const MAX_JWT_CHARS = 2 * 1024 * 1024, MAX_KEYS = 50, MAX_NUMERIC_DATE = 253402300799;
const short = (v) => { const s = String(v); return s.length > 120 ? s.slice(0, 120) + "…" : s; };

function part(token, index, what) {
  let bytes;
  try { bytes = base64urlDecode(token.split(".")[index]); } catch (e) { throw new VerifyError("the JWT " + what + " is not base64url"); }
  try { return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)); } catch (e) { throw new VerifyError("the JWT " + what + " is not JSON: " + e.message); }
}

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");

function numericDate(payload, claim) {
  const v = payload[claim];
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !(v >= 0 && v <= MAX_NUMERIC_DATE)) throw new VerifyError("the JWT claim " + claim + " is not a NumericDate (seconds since 1970)");
  return Math.floor(v);
}

/** {credential, problems}: the credential a JWT payload secures, and where its claims disagree with it. */
export function credentialOf(payload) {
  let credential, fill;
  if ("vc" in payload) {
    if (!isObject(payload.vc)) throw new VerifyError("the JWT's vc claim is not a JSON object");
    credential = { ...payload.vc }; fill = true;
  } else if ("@context" in payload) {
    credential = Object.fromEntries(Object.entries(payload).filter(([k]) => !REGISTERED.includes(k))); fill = false;
  } else {
    throw new VerifyError("the JWT payload carries no credential (neither a vc claim nor an @context)");
  }
  const v2 = asList(credential["@context"])[0] === "https://www.w3.org/ns/credentials/v2";
  const problems = [];
  const agree = (claim, name, claimed, present, set) => {
    if (present === undefined || present === null || present === "") { if (fill) set(); }
    else if (present !== claimed) problems.push("the JWT claim " + claim + " (" + short(claimed) + ") disagrees with the credential's " + name + " (" + short(present) + ")");
  };
  if (typeof payload.iss === "string") agree("iss", "issuer", payload.iss, issuerIdOf(credential), () => { credential.issuer = payload.iss; });
  if (typeof payload.jti === "string") agree("jti", "id", payload.jti, credential.id, () => { credential.id = payload.jti; });
  if (typeof payload.sub === "string" && isObject(credential.credentialSubject)) {
    const subject = credential.credentialSubject = { ...credential.credentialSubject };
    agree("sub", "credentialSubject.id", payload.sub, subject.id, () => { subject.id = payload.sub; });
  }
  for (const [claim, name] of [["nbf", v2 ? "validFrom" : "issuanceDate"], ["exp", v2 ? "validUntil" : "expirationDate"]]) {
    const seconds = numericDate(payload, claim);
    if (seconds === null) continue;
    const present = credential[name], moment = parseTime(present);
    if (present !== undefined && moment && Math.floor(moment.getTime() / 1000) === seconds) continue;
    agree(claim, name, iso(seconds), present, () => { credential[name] = iso(seconds); });
  }
  return { credential, problems };
}

function jwkOf(value, where) {
  if (!isObject(value)) throw new VerifyError(where + " is not a JWK object");
  if ("d" in value || value.kty === "oct") throw new VerifyError(where + " is a private or symmetric key");
  if (!["RSA", "EC", "OKP"].includes(value.kty)) throw new VerifyError(where + " has key type " + quoted(value.kty));
  return value;
}

function didJwkKey(did) {
  let jwk;
  try { jwk = JSON.parse(new TextDecoder().decode(base64urlDecode(did.split("#")[0].slice("did:jwk:".length)))); } catch (e) {
    throw new VerifyError("the did:jwk identifier does not encode a JSON JWK");
  }
  return { jwk: jwkOf(jwk, "the did:jwk key") };
}

function mismatch(alg, key) {
  if (key.raw) return alg === "EdDSA" ? null : alg + " needs " + (alg === "RS256" ? "an RSA key" : "a " + (alg === "ES256" ? "P-256" : "P-384") + " key");
  const jwk = key.jwk;
  if (alg === "RS256") {
    if (jwk.kty !== "RSA") return "RS256 needs an RSA key";
    let bits = 0;
    try { bits = modulusBits(base64urlDecode(String(jwk.n))); } catch (e) { /* counted as 0 */ }
    return bits >= 2048 ? null : "the RSA key has " + bits + " bits; at least 2048";
  }
  if (alg === "ES256" || alg === "ES384") {
    const curve = alg === "ES256" ? "P-256" : "P-384";
    return jwk.kty === "EC" && jwk.crv === curve ? null : alg + " needs a " + curve + " key";
  }
  return jwk.kty === "OKP" && jwk.crv === "Ed25519" ? null : "EdDSA needs an Ed25519 key";
}

const WEBCRYPTO = {
  RS256: [{ name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, { name: "RSASSA-PKCS1-v1_5" }],
  ES256: [{ name: "ECDSA", namedCurve: "P-256" }, { name: "ECDSA", hash: "SHA-256" }],
  ES384: [{ name: "ECDSA", namedCurve: "P-384" }, { name: "ECDSA", hash: "SHA-384" }],
  EdDSA: [{ name: "Ed25519" }, { name: "Ed25519" }],
};

async function verifySignature(token, alg, key) {
  const [head, body, sig] = token.split(".");
  const [importAlg, verifyAlg] = WEBCRYPTO[alg];
  const cryptoKey = key.raw
    ? await crypto.subtle.importKey("raw", key.raw, importAlg, false, ["verify"])
    : await crypto.subtle.importKey("jwk", Object.fromEntries(Object.entries(key.jwk).filter(([k]) => ["kty", "crv", "x", "y", "n", "e"].includes(k))), importAlg, false, ["verify"]);
  return crypto.subtle.verify(verifyAlg, cryptoKey, base64urlDecode(sig), new TextEncoder().encode(head + "." + body));
}

function smallOrder(key) {
  try {
    const raw = key.raw || base64urlDecode(String(key.jwk.x));
    return raw.length !== 32 || isSmallOrderKey(raw);
  } catch (e) { return true; }
}

const origin = (url) => { try { return new URL(url).origin; } catch (e) { return ""; } };

async function jwksKeys(issuer, ctx, kid) {
  const url = issuer.replace(/\/+$/, "") + "/.well-known/jwks.json";
  const doc = await fetchJson(url, ctx);
  const entries = isObject(doc) ? doc.keys : null;
  if (!Array.isArray(entries) || entries.length > MAX_KEYS) throw new VerifyError(url + " is not a JWK set (an object with at most 50 keys)");
  const keys = [];
  entries.forEach((entry, i) => {
    if (!isObject(entry) || (kid !== null && entry.kid !== kid)) return;
    keys.push({ jwk: jwkOf(entry, "key " + (i + 1) + " of " + url), method: url + "#" + (entry.kid || i + 1), controller: issuer, source: "JWKS " + url });
  });
  if (!keys.length) throw new VerifyError(url + " holds no key" + (kid !== null ? " with kid " + quoted(short(kid)) : ""));
  return keys;
}

async function resolved(vm, ctx) {
  const key = await resolveKey(vm, ctx);
  return { raw: key.publicKey, method: vm, controller: key.controller, source: key.source };
}

async function issuerKeys(issuer, ctx) {
  if (issuer.startsWith("did:key:")) return [await resolved(issuer, ctx)];
  if (issuer.startsWith("did:jwk:")) return [{ ...didJwkKey(issuer), method: issuer + "#0", controller: issuer, source: "did:jwk (the key is in the identifier)" }];
  if (issuer.startsWith("did:web:")) {
    const doc = await fetchJson(didWebUrl(issuer), ctx);
    const keys = [];
    for (let ref of asList(isObject(doc) ? doc.assertionMethod : []).slice(0, MAX_KEYS)) {
      ref = isObject(ref) ? ref.id : ref;
      if (typeof ref !== "string") continue;
      try { keys.push(await resolved(ref.startsWith("#") ? issuer + ref : ref, ctx)); } catch (e) { if (!(e instanceof VerifyError) || e.outcome === UNKNOWN) throw e; }
    }
    return keys;
  }
  if (issuer.startsWith("https://")) return jwksKeys(issuer, ctx, null);
  throw new VerifyError("the token names no key (no kid or jwk header) and its issuer is not a did:key, did:jwk, did:web or https URL");
}

function sameKey(a, b) {
  const x = (k) => (k.raw ? "OKP|Ed25519|" + Array.from(k.raw).join(",")
    : k.jwk.kty === "OKP" ? "OKP|" + k.jwk.crv + "|" + Array.from(base64urlDecode(String(k.jwk.x))).join(",")
      : [k.jwk.kty, k.jwk.crv, k.jwk.x, k.jwk.y, k.jwk.n, k.jwk.e].join("|"));
  try { return x(a) === x(b); } catch (e) { return false; }
}

async function candidateKeys(header, issuer, ctx) {
  const { kid, jwk } = header;
  if (kid !== undefined) {
    if (typeof kid !== "string" || !kid || kid.length > 2000) throw new VerifyError("the kid header is not a usable string");
    if (kid.startsWith("did:jwk:")) return [{ ...didJwkKey(kid), method: kid, controller: kid.split("#")[0], source: "did:jwk (the key is in the identifier)" }];
    if (kid.startsWith("https://")) {
      const doc = await fetchJson(kid, ctx);
      const owner = issuer.startsWith("https://") && origin(kid) === origin(issuer) ? issuer : origin(kid);
      if (isObject(doc) && "kty" in doc) return [{ jwk: jwkOf(doc, short(kid)), method: kid, controller: owner, source: "JWK at " + short(kid) }];
      if (isObject(doc) && Array.isArray(doc.keys)) {  // a JWKS the kid points into: https://host/keys#key-1
        const [url, fragment] = [kid.split("#")[0], kid.includes("#") ? kid.slice(kid.indexOf("#") + 1) : null];
        const index = doc.keys.slice(0, MAX_KEYS).findIndex((e) => isObject(e) && (e.kid === kid || (fragment && e.kid === fragment)));
        if (index < 0) throw new VerifyError("the JWKS at " + short(url) + " holds no key with kid " + quoted(short(fragment || kid)));
        return [{ jwk: jwkOf(doc.keys[index], "key " + (index + 1) + " of " + short(url)), method: kid, controller: owner, source: "JWKS " + short(url) }];
      }
      throw new VerifyError(kid + " does not serve a JWK or a JWKS (the browser reads a kid URL only as one of those)");
    }
    if (kid.startsWith("did:")) return [await resolved(kid, ctx)];
    if (issuer.startsWith("did:jwk:")) return [{ ...didJwkKey(issuer), method: issuer + "#" + kid.replace(/^#/, ""), controller: issuer, source: "did:jwk (the key is in the identifier)" }];
    if (issuer.startsWith("did:")) return [await resolved(issuer + "#" + kid.replace(/^#/, ""), ctx)];
    if (issuer.startsWith("https://")) return jwksKeys(issuer, ctx, kid);
    throw new VerifyError("the kid " + quoted(short(kid)) + " is relative and the issuer is neither a DID nor an https URL");
  }
  if (jwk !== undefined) {
    const key = { jwk: jwkOf(jwk, "the jwk header") };
    if (issuer.startsWith("did:key:") || issuer.startsWith("did:jwk:")) {
      const own = (await issuerKeys(issuer, ctx))[0];
      if (!sameKey(own, key)) throw new VerifyError("the jwk header is not the key of the issuer " + short(issuer));
      return [{ ...key, method: own.method, controller: issuer, source: "jwk header, the key of " + own.source }];
    }
    throw new VerifyError("the token supplies its own key (jwk header), and nothing ties that key to the issuer " + short(issuer));
  }
  return issuerKeys(issuer, ctx);
}

function refusal(alg) {
  if (typeof alg === "string" && alg.toLowerCase() === "none") return "alg none: the token is unsigned, so it proves nothing";
  if (typeof alg === "string" && alg.toUpperCase().startsWith("HS")) {
    return "alg " + alg + " is a shared-secret MAC: an issuer's key is public, so anyone could have made this token (HS* is never accepted)";
  }
  return null;
}

/** {credential (or null), step}: the JWT proof step of a compact JWS and the credential it carries. */
export async function verifyJwt(token, ctx) {
  if (token.length > MAX_JWT_CHARS) return { credential: null, step: step("proof 1 (JWT)", FAIL, "the token is longer than 2,097,152 characters", V.INVALID) };
  let header;
  try { header = part(token, 0, "header"); } catch (e) { return { credential: null, step: step("proof 1 (JWT)", FAIL, "the JWT header is unreadable: " + e.message, V.INVALID) }; }
  if (!isObject(header)) return { credential: null, step: step("proof 1 (JWT)", FAIL, "the JWT header is not a JSON object", V.INVALID) };
  const alg = header.alg, label = "proof 1 (JWT " + short(alg) + ")";
  let payload, credential, problems, signed;
  try {
    payload = part(token, 1, "payload");
    if (!isObject(payload)) throw new VerifyError("the JWT payload is not a JSON object");
    ({ credential, problems } = credentialOf(payload));
    signed = numericDate(payload, "iat") || numericDate(payload, "nbf");
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return { credential: null, step: step(label, FAIL, e.message, V.INVALID) };
  }
  const fail = (detail) => ({ credential, step: step(label, FAIL, detail, V.INVALID) });
  const refused = refusal(alg);
  if (refused) return fail(refused);
  if (!ALGORITHMS.includes(alg)) return { credential, step: step(label, WARN, "alg " + short(alg) + " is not one this verifier knows (" + ALGORITHMS.join(", ") + "), so it was not verified") };
  if (!TYPES.includes(header.typ)) return fail("typ " + short(header.typ) + " is not a credential's (vc+ld+jwt, vc+jwt or JWT)");
  if ("crit" in header) return fail("the crit header asks for extensions this verifier does not implement");
  const issuer = issuerIdOf(credential);
  if (!issuer) return fail("the token names no issuer (no iss, no issuer)");
  if (typeof crypto === "undefined" || !crypto.subtle) return { credential, step: step(label, UNKNOWN, "not checked: this browser has no WebCrypto (crypto.subtle)", V.CANNOT_VERIFY) };
  let keys;
  try {
    keys = await candidateKeys(header, issuer, ctx);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    if (e.outcome === UNKNOWN) return { credential, step: step(label, UNKNOWN, "the signing key could not be fetched: " + e.message, V.CANNOT_VERIFY) };
    return fail("key not resolved: " + e.message);
  }
  const reasons = [];
  for (const key of keys) {
    if (key.controller !== issuer) { reasons.push("signed with " + short(key.method) + ", a key of " + short(key.controller) + ", but the issuer is " + short(issuer)); continue; }
    const wrong = mismatch(alg, key);
    if (wrong) { reasons.push("alg " + alg + " does not fit the key " + short(key.method) + ": " + wrong); continue; }
    if (alg === "EdDSA" && smallOrder(key)) {  // as the embedded proofs refuse them: R = identity, S = 0 verifies anything
      reasons.push("the key " + short(key.method) + " is a small-order Ed25519 point, which would accept forged signatures");
      continue;
    }
    let ok = false;
    try { ok = await verifySignature(token, alg, key); } catch (e) { reasons.push("the key " + short(key.method) + " was refused by WebCrypto (" + (e && e.name || e) + ")"); continue; }
    if (!ok) { reasons.push("the signature does not verify with " + short(key.method)); continue; }
    if (problems.length) return fail("the signature verifies, but " + problems.join("; "));
    // the issuer's key history, applied to the token's signing time (iat, else nbf) as to a proof's created
    const objection = await keyHistoryObjection(key.method, signed === null ? undefined : iso(signed), ctx);
    if (objection) return { credential, step: step(label, ...objection) };
    return { credential, step: step(label, PASS, "signature verified with " + short(key.method) + " (" + key.source + ")") };
  }
  return fail(reasons[0] || "no key to verify with");
}
