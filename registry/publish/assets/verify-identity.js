// credreg verifier, issuer identity: the `issuer` step. A valid signature proves the file is intact and that
// the key's controller signed it, not who that controller is. An issuer is verified only when a registry the
// verifier trusts binds its DID: the registry serving this page (its /api/issuers.json) or a trust list in the
// DCC issuer-registry format ({"meta": {...}, "registry": {"<did>": {"name", "location", "url"}}}) passed as
// options.trust. Any other issuer (did:key, did:jwk, urn:uuid, https, a did:web elsewhere) is WARN with the
// verdict ISSUER NOT VERIFIED, and its name is compared with every known issuer's, as `credreg verify` does
// (registry/verify/identity.py): the same name key (a port of registry/validate/lookalikes.py's name_key for
// names that read as ASCII), equal or containing a known name of at least 4 characters.
//
// Part of the verifier's core: no DOM.

import { FAIL, PASS, V, VerifyError, WARN, isObject, issuerIdOf, quoted, step } from "./verify-common.js";
import { fetchJson } from "./verify-fetch.js";
import { FOLD } from "./verify-namekeys.js";

const MIN_CONTAINED = 4, MAX_NAME_CHARS = 500, MAX_TRUST_ENTRIES = 100000;
const DIACRITIC_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}]/u;
const NO_SCRIPT = /[\p{Script=Common}\p{Script=Inherited}\p{Cn}]/u;
const IGNORED = /[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const MARK = /\p{M}/u, PUNCT_SYMBOL = /[\p{P}\p{S}]/u;

const foldChar = (ch) => (Object.prototype.hasOwnProperty.call(FOLD, ch) ? FOLD[ch] : ch);
const casefold = (text) => text.toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ");

/** Drop ignored characters, and the diacritics of letters that read the same without them. */
function strip(text) {
  const kept = [];
  let base = null;
  for (const ch of text) {
    if (MARK.test(ch)) {
      if (base !== null && !DIACRITIC_BASE.test(base)) kept.push(ch);
      continue;
    }
    if (IGNORED.test(ch)) { base = null; continue; }
    kept.push(ch);
    base = NO_SCRIPT.test(ch) ? null : ch;
  }
  return kept.join("");
}

const fold = (text) => [...strip(casefold(text.normalize("NFKC")).normalize("NFKD"))].map(foldChar).join("");

/** What a name reads as: equal keys mean names a reader takes for the same one (lookalikes.name_key). */
export function nameKey(name) {
  let text = String(name).slice(0, MAX_NAME_CHARS);
  if (/^[\x00-\x7f]*$/.test(text)) {
    const mapped = [...text.toLowerCase()].filter((c) => /[a-z0-9]/.test(c)).map(foldChar).join("");
    if (/^[a-zA-Z0-9]+$/.test(mapped)) return mapped;
    text = mapped;
  }
  let current = [...text].filter((c) => !PUNCT_SYMBOL.test(c)).join("");
  for (let round = 0; round < 4; round++) {
    const folded = fold(current);
    if (folded === current || /^[a-zA-Z0-9]+$/.test(folded)) return folded;
    current = folded;
  }
  return current;
}

const text = (v) => (typeof v === "string" ? v : "");

/** [{did, name, key, source}] of a DCC issuer-registry document or a credreg /api/issuers.json; null if neither. */
export function trustEntries(document, source) {
  if (isObject(document) && Array.isArray(document.issuers) && "version" in document) {
    // each issuer by its DID and, where the index gives one, its Open Badges 2.0 Profile (as identity.py)
    const issuers = document.issuers.filter(isObject).slice(0, MAX_TRUST_ENTRIES);
    const entry = (i, did) => ({
      did, name: text(i.name), key: typeof i.nameKey === "string" ? i.nameKey : nameKey(text(i.name)),
      source: "the registry index " + source,
    });
    return [...issuers.map((i) => entry(i, text(i.did))), ...issuers.filter((i) => text(i.ob2Profile)).map((i) => entry(i, text(i.ob2Profile)))];
  }
  const table = isObject(document) && isObject(document.meta) && (isObject(document.registry) ? document.registry
    : isObject(document.entries) ? document.entries : null);
  if (!table) return null;
  return Object.entries(table).slice(0, MAX_TRUST_ENTRIES).map(([did, entry]) => {
    const name = isObject(entry) ? text(entry.name) : "";
    return { did, name, key: nameKey(name), source: "the trust list " + source };
  });
}

/** Every issuer this verification trusts: the page's registry first (siteUrl's index), then options.trust. */
async function knownIssuers(ctx) {
  const known = [], notes = [];
  let siteUnread = false;  // the page's own index could not be read (only then are its DIDs bound without it)
  if (ctx.siteUrl) {
    const url = ctx.siteUrl + "api/issuers.json";
    try {
      const entries = trustEntries(await fetchJson(url, ctx), url);
      if (entries) known.push(...entries);
      else { siteUnread = true; notes.push(url + " is not a registry index"); }
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      siteUnread = true;
      notes.push("this registry's issuer index could not be read (" + e.message + ")");
    }
  }
  (Array.isArray(ctx.trust) ? ctx.trust : []).forEach((document, i) => {
    const entries = trustEntries(document, "trust[" + i + "]");
    if (entries) known.push(...entries);
    else notes.push("trust[" + i + "] is not a trust list in the DCC issuer-registry format");
  });
  const byDid = new Map();
  for (const entry of known) if (entry.did && !byDid.has(entry.did)) byDid.set(entry.did, entry);
  return { byDid, notes, siteUnread };
}

function imitated(claimed, byDid) {
  const key = nameKey(claimed);
  if (!key) return null;
  let contained = null;
  for (const entry of byDid.values()) {
    if (entry.key === key) return entry;
    if (!contained && entry.key.length >= MIN_CONTAINED && key.includes(entry.key)) contained = entry;
  }
  return contained;
}

/** did:web:<host>[:<path>…]:issuers: for this registry's site URL. */
function registryDidPrefix(siteUrl) {
  if (!siteUrl) return null;
  const u = new URL(siteUrl);
  const segments = u.pathname.split("/").filter(Boolean).map(encodeURIComponent);
  return ["did:web", encodeURIComponent(u.host), ...segments, "issuers", ""].join(":");
}

/** The issuer step: PASS for an issuer a trusted registry binds, else WARN ISSUER NOT VERIFIED. */
export async function issuerStep(credential, ctx) {
  const did = issuerIdOf(credential);
  if (!did) return step("issuer", FAIL, "the credential names no issuer id", V.INVALID);
  const claimed = isObject(credential.issuer) ? text(credential.issuer.name).slice(0, MAX_NAME_CHARS) : "";
  const { byDid, notes, siteUnread } = await knownIssuers(ctx);
  const entry = byDid.get(did);
  if (entry) {
    const detail = did + " is " + quoted(entry.name) + " in " + entry.source;
    if (claimed && nameKey(claimed) !== entry.key) {
      return step("issuer", WARN, detail + ", but the credential calls it " + quoted(claimed));
    }
    return step("issuer", PASS, detail);
  }
  const prefix = registryDidPrefix(ctx.siteUrl);
  if (prefix && did.startsWith(prefix) && /^[a-z0-9][a-z0-9-]*$/.test(did.slice(prefix.length)) && siteUnread) {
    // The index is unreadable, but this registry's own site serves that DID's document: it vouches for it.
    return step("issuer", PASS, did + " is an issuer of this registry (" + ctx.siteUrl + "); " + notes.join("; "));
  }
  let detail = did + (byDid.size ? " is not bound to this registry or any trust list given"
    : " is not bound to any registry (none was given)")
    + ": the signature shows only that whoever controls this DID issued it, not who that is";
  const copied = claimed ? imitated(claimed, byDid) : null;
  if (copied) detail += "; it calls itself " + quoted(claimed) + ", imitating " + quoted(copied.name) + " (" + copied.did + ") of " + copied.source;
  if (notes.length) detail += " (" + notes.join("; ") + ")";
  return step("issuer", WARN, detail, V.ISSUER_NOT_VERIFIED);
}
