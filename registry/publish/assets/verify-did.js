// credreg verifier, keys: resolving a proof's verificationMethod to a public key (verify-keys.js: Ed25519,
// P-256, P-384, RSA; Multikey, Ed25519VerificationKey2020, JsonWebKey2020), from a did:web
// DID document (fetched, and checked to be for that DID, to list the key, and to authorise it for
// assertionMethod) or from a did:key (the key is the identifier; nothing is fetched).
//
// Also the issuer's key history (keyHistoryObjection): did:web keeps none, and retired keys stay in DID
// documents, so an issuer links one (a CredregKeyHistory service) saying when each key could sign; each
// proof's `created` must fall inside its key's window. The same rules as registry/verify/key_history.py.
//
// Part of the verifier's core: no DOM; fetching goes through the context (verify-fetch.js).

import { FAIL, UNKNOWN, V, VerifyError, asList, isObject, parseTime, quoted } from "./verify-common.js";
import { fetchJson } from "./verify-fetch.js";
import { ED25519, decodeAnyMultikey, methodKey } from "./verify-keys.js";

/** The URL of a did:web DID document: did:web:host[:path…] → https://host/path…/did.json. */
export function didWebUrl(did) {
  const parts = String(did).split(":");
  if (parts.length < 3 || parts[0] !== "did" || parts[1] !== "web" || !parts[2]) {
    throw new VerifyError(quoted(did) + " is not a did:web DID");
  }
  let host, segments;
  try {
    host = decodeURIComponent(parts[2]);
    segments = parts.slice(3).map(decodeURIComponent);
  } catch (e) {
    throw new VerifyError(quoted(did) + " has a malformed percent-encoding");
  }
  if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(host) && !/^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) {
    throw new VerifyError(quoted(did) + " does not name a plain host");
  }
  if (segments.some((s) => !s || s === "." || s === ".." || /[/\\?#]/.test(s))) {
    throw new VerifyError(quoted(did) + " has an unusable path segment");
  }
  const path = segments.map((s) => encodeURIComponent(s)).join("/");
  return path ? "https://" + host + "/" + path + "/did.json" : "https://" + host + "/.well-known/did.json";
}

function findMethod(doc, vm) {
  if (!isObject(doc)) return null;
  const base = typeof doc.id === "string" ? doc.id : "";
  for (const m of asList(doc.verificationMethod)) {
    if (isObject(m) && typeof m.id === "string" && (m.id === vm || (m.id.startsWith("#") && base + m.id === vm))) {
      return m;
    }
  }
  return null;
}

function authorised(doc, vm, purpose) {
  const base = typeof doc.id === "string" ? doc.id : "";
  return asList(doc[purpose]).some((entry) => {
    const ref = isObject(entry) ? entry.id : entry;
    return typeof ref === "string" && (ref === vm || (ref.startsWith("#") && base + ref === vm));
  });
}

/** The resolved key: {key (see verify-keys.js), publicKey (the raw Ed25519 key, or null), controller, source}. */
const resolved = (key, controller, source) => ({ key, publicKey: key.type === ED25519 ? key.raw : null, controller, source });

/** The resolved key of a proof's verificationMethod, authorised for assertionMethod. */
export async function resolveKey(vm, ctx) {
  if (vm.startsWith("did:key:")) {
    const did = vm.split("#")[0];
    const fragment = vm.slice(did.length + 1);
    let key;
    try {
      key = decodeAnyMultikey(did.slice("did:key:".length));
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      throw new VerifyError(vm + " is not a did:key this page can use: " + e.message);
    }
    if (fragment && fragment !== did.slice("did:key:".length)) {
      throw new VerifyError(vm + " names a key other than the one in its did:key");
    }
    return resolved(key, did, "did:key (the key is in the identifier)");
  }
  if (vm.startsWith("did:web:")) {
    const did = vm.split("#")[0];
    if (did === vm || vm.length === did.length + 1) throw new VerifyError(vm + " names no key (no #fragment)");
    const url = didWebUrl(did);
    const doc = await fetchJson(url, ctx);
    if (!isObject(doc) || doc.id !== did) throw new VerifyError("the DID document at " + url + " is not for " + did);
    const method = findMethod(doc, vm);
    if (!method) {
      throw new VerifyError(vm + " is not in its DID document (the issuer no longer vouches for it, or it was "
        + "removed as compromised)");
    }
    if (method.controller !== undefined && method.controller !== did) {
      throw new VerifyError(vm + " is controlled by " + quoted(method.controller) + ", not " + did);
    }
    if (!authorised(doc, vm, "assertionMethod")) {
      throw new VerifyError(vm + " is not listed under assertionMethod of " + did + ", so it may not sign credentials");
    }
    return resolved(methodKey(method, vm), did, "did:web " + url);
  }
  throw new VerifyError("cannot resolve verification method " + quoted(vm) + " in the browser (supported: did:web, did:key)");
}

// ---------- key history ----------

const KEY_HISTORY_SERVICE = "CredregKeyHistory", MAX_HISTORY_KEYS = 1000, MAX_SERVICES = 100;

/** The key history URL a DID document links (https, on the DID document's host), or null if none. */
function historyLink(doc, docUrl) {
  const services = isObject(doc) ? asList(doc.service).slice(0, MAX_SERVICES) : [];
  const links = services.filter((s) => isObject(s) && s.type === KEY_HISTORY_SERVICE).map((s) => s.serviceEndpoint);
  if (!links.length) return null;
  if (links.length > 1 || typeof links[0] !== "string") {
    throw new VerifyError("the DID document links more than one key history, or not by one URL");
  }
  let link;
  try { link = new URL(links[0]); } catch (e) { throw new VerifyError("its link " + quoted(links[0]) + " is not a URL"); }
  const home = new URL(docUrl);
  if (link.protocol !== home.protocol || link.host !== home.host) {
    throw new VerifyError("it is linked at " + quoted(links[0]) + ", which is not on the DID document's host " + home.host);
  }
  return links[0];
}

/** {key, from, until, revoked, reason, compromisedSince} for `vm` in a history of `did`, or null if it has none. */
function windowOf(history, did, vm) {
  if (!isObject(history) || history.version !== 1) throw new VerifyError("it is not a version 1 key history");
  if (history.issuer !== did) throw new VerifyError("it is the history of " + quoted(history.issuer) + ", not of " + did);
  if (!Array.isArray(history.keys) || history.keys.length > MAX_HISTORY_KEYS) {
    throw new VerifyError("its keys are not a list of at most " + MAX_HISTORY_KEYS + " entries");
  }
  const entries = history.keys.filter((k) => isObject(k) && (k.id === vm || did + String(k.id) === vm));
  if (!entries.length) return null;
  if (entries.length > 1) throw new VerifyError("it has " + entries.length + " entries for " + vm);
  const entry = entries[0], key = vm.slice(vm.indexOf("#") + 1), w = { key };
  for (const [field, name] of [["validFrom", "from"], ["validUntil", "until"], ["revokedAt", "revoked"],
    ["compromisedSince", "compromisedSince"]]) {
    w[name] = parseTime(entry[field]);
    if ((entry[field] !== undefined || field === "validFrom") && !w[name]) {
      throw new VerifyError("the " + field + " of " + key + ", " + quoted(entry[field]) + ", is not a date-time with a zone");
    }
  }
  for (const [field, name] of [["validUntil", "until"], ["revokedAt", "revoked"]]) {
    if (w[name] && w[name] < w.from) {
      throw new VerifyError("the " + field + " of " + key + " (" + entry[field] + ") is before its validFrom (" + entry.validFrom + ")");
    }
  }
  if (entry.reason !== undefined && typeof entry.reason !== "string") throw new VerifyError("the reason of " + key + " is not text");
  w.reason = entry.reason;
  return w;
}

const day = (d) => d.toISOString().slice(0, 10);

function judge(w, created) {
  const moment = parseTime(created);
  if (!moment) return [FAIL, "the proof has no valid 'created' time, so it cannot be placed in the history of key " + w.key, V.INVALID];
  const signed = "signed " + created.slice(0, 10) + " by " + w.key;  // the date as the proof writes it
  if (moment < w.from) return [FAIL, signed + ", which was not valid until " + day(w.from), V.INVALID];
  if (w.until && moment > w.until) return [FAIL, signed + ", which was retired on " + day(w.until), V.INVALID];
  if (w.reason === "compromised" && (!w.compromisedSince || moment >= w.compromisedSince)) {
    return [FAIL, signed + ", which was compromised" + (w.compromisedSince ? " from " + day(w.compromisedSince)
      : "; everything it signed is void"), V.INVALID];
  }
  if (w.revoked && moment >= w.revoked) {
    return [FAIL, signed + ", which was revoked (" + (w.reason || "no reason given") + ") on " + day(w.revoked), V.INVALID];
  }
  return null;
}

/**
 * Why the key history linked from `vm`'s DID document forbids a proof created at `created`: an
 * [outcome, detail, verdict] triple (FAIL: outside the key's window; UNKNOWN: a linked history that cannot
 * be fetched or read), or null when there is no objection. Call it after the proof's signature verified.
 */
export async function keyHistoryObjection(vm, created, ctx) {
  if (typeof vm !== "string" || !vm.startsWith("did:web:")) return null;
  const did = vm.split("#")[0];
  let w;
  try {
    const docUrl = didWebUrl(did);
    const link = historyLink(await fetchJson(docUrl, ctx), docUrl);
    if (!link) return null;
    w = windowOf(await fetchJson(link, ctx), did, vm);
  } catch (e) {
    if (!(e instanceof VerifyError)) throw e;
    return [UNKNOWN, "the key history of " + did + " cannot be used, so the proof cannot be placed in it: " + e.message,
      V.CANNOT_VERIFY];
  }
  return w ? judge(w, created) : null;
}
