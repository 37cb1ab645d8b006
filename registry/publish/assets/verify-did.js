// credreg verifier, keys: resolving a proof's verificationMethod to a public key (verify-keys.js: Ed25519,
// P-256, P-384, RSA; Multikey, Ed25519VerificationKey2020, JsonWebKey2020), from a did:web
// DID document (fetched, and checked to be for that DID, to list the key, and to authorise it for
// assertionMethod) or from a did:key (the key is the identifier; nothing is fetched).
//
// Part of the verifier's core: no DOM; fetching goes through the context (verify-fetch.js).

import { VerifyError, asList, isObject, quoted } from "./verify-common.js";
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
