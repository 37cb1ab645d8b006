// credreg verifier, RDF canonicalization: RDFC-1.0 canonical N-Quads of a JSON-LD document through the
// bundled jsonld.js + rdf-canonize (vendor/jsonld.bundle.js and verify-contexts.js, both loaded on first use,
// so only a page verifying an RDFC proof fetches them), and the hash data of the RDFC-based proofs (eddsa-rdfc-2022, ecdsa-rdfc-2019,
// Ed25519Signature2020).
//
// As in the Python verifier (crypto/canonical.py, crypto/rdfc_bounds.py): contexts come only from the
// bundle (verify-contexts.js, each checked against its pinned SHA-256), never the network; jsonld.js runs
// in safe mode (a term or IRI it would drop is an error, since what is dropped is not signed); and the work
// is bounded: at most RDFC_MAX_NODES objects and arrays, rdf-canonize's maxWorkFactor, and a deadline.
//
// Part of the verifier's core: no DOM.

import { VerifyError, isObject } from "./verify-common.js";
import { hex, utf8 } from "./verify-encoding.js";

// The same bounds as registry/crypto/canonical.py: objects and arrays counted before expansion; n ** 3 runs
// of Hash N-Degree Quads (n = look-alike blank nodes); a wall-clock deadline for what that does not count.
export const RDFC_MAX_NODES = 1000;
export const RDFC_MAX_WORK_FACTOR = 3;
export const RDFC_DEADLINE_MS = 3000;
const POISON_HINT = "give the objects that refer to one another an id rather than linking blank nodes that look alike; "
  + "no real credential needs such a graph";

let bundlePromise = null, contextsPromise = null;
const checked = new Map(); // URL → Promise of the parsed context, once its SHA-256 matched

/** The bundle's module ({default: jsonld, cborDecode}), imported on first use. */
export function loadBundle() {
  if (!bundlePromise) {
    bundlePromise = import("./vendor/jsonld.bundle.js").catch((e) => {
      bundlePromise = null;
      throw new VerifyError("the bundled JSON-LD library (vendor/jsonld.bundle.js) could not be loaded: " + (e && e.message || e));
    });
  }
  return bundlePromise;
}

/** The bundled contexts (verify-contexts.js, URL → {file, sha256, text}), imported on first use like the bundle. */
function loadContexts() {
  if (!contextsPromise) {
    contextsPromise = import("./verify-contexts.js").then((m) => m.CONTEXTS).catch((e) => {
      contextsPromise = null;
      throw new VerifyError("the bundled JSON-LD contexts (verify-contexts.js) could not be loaded: " + (e && e.message || e));
    });
  }
  return contextsPromise;
}

async function bundledContext(url, contexts) {
  if (!checked.has(url)) {
    checked.set(url, (async () => {
      const entry = contexts[url];
      const digest = hex(new Uint8Array(await crypto.subtle.digest("SHA-256", utf8(entry.text))));
      if (digest !== entry.sha256) throw new VerifyError("the bundled context " + url + " does not match its pinned SHA-256");
      return JSON.parse(entry.text);
    })());
  }
  return structuredClone(await checked.get(url));
}

/** A jsonld.js documentLoader over the bundled contexts, plus `extra` (URL → document, for tests; never a bundled URL). */
export function documentLoader(extra) {
  return async (url) => {
    const contexts = await loadContexts();
    if (Object.prototype.hasOwnProperty.call(contexts, url)) {
      // tag "static": jsonld.js keeps the processed form in its shared cache; extras are never tagged, so
      // a test's context can neither stand in for a bundled one nor outlive its loader.
      return { contextUrl: null, documentUrl: url, document: await bundledContext(url, contexts), tag: "static" };
    }
    if (extra && Object.prototype.hasOwnProperty.call(extra, url)) {
      return { contextUrl: null, documentUrl: url, document: structuredClone(extra[url]) };
    }
    throw new VerifyError("JSON-LD context " + url + " is not bundled with credreg; the page never fetches contexts, "
      + "so a document naming it cannot be verified");
  };
}

function countNodes(value, limit) {
  let count = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (v !== null && typeof v === "object") {
      if (++count > limit) return count;
      for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push(child);
    }
  }
  return count;
}

/** The innermost message of a jsonld.js error (it wraps a loader's error as `details.cause`). */
function explain(e) {
  for (let cause = e, depth = 0; cause && depth < 5; depth++) {
    if (cause instanceof VerifyError) return cause.message;
    const event = cause.details && cause.details.event;
    if (event && event.message) return "JSON-LD safe mode refused the document: " + event.message;
    cause = cause.details && cause.details.cause || cause.cause;
  }
  const message = String(e && e.message || e);
  if (/Maximum deep iterations exceeded/.test(message)) {
    return "JSON-LD canonicalization failed: the document's blank nodes are too interconnected to canonicalize "
      + "within the work limit (a poison graph): " + POISON_HINT;
  }
  if (/Abort signal received/.test(message)) {
    return "JSON-LD canonicalization failed: it ran past its deadline of " + RDFC_DEADLINE_MS / 1000 + " s; " + POISON_HINT;
  }
  return "JSON-LD canonicalization failed: " + message;
}

/**
 * RDFC-1.0 canonical N-Quads of a JSON-LD document, bounded; VerifyError (FAIL) with a plain reason otherwise.
 * `hash` is the hash RDFC-1.0 labels blank nodes with: SHA-256, or SHA-384 for ecdsa-rdfc-2019 with P-384.
 */
export async function rdfc(document, extraContexts, hash) {
  if (!isObject(document)) throw new VerifyError("a JSON-LD document must be an object");
  const nodes = countNodes(document, RDFC_MAX_NODES);
  if (nodes > RDFC_MAX_NODES) {
    throw new VerifyError("JSON-LD canonicalization failed: the document holds more than " + RDFC_MAX_NODES
      + " objects and arrays; no credential needs that many");
  }
  const jsonld = (await loadBundle()).default;
  const signal = typeof AbortSignal !== "undefined" && AbortSignal.timeout ? AbortSignal.timeout(RDFC_DEADLINE_MS) : null;
  try {
    return await jsonld.canonize(document, {
      algorithm: "RDFC-1.0", safe: true, base: null, documentLoader: documentLoader(extraContexts),
      canonizeOptions: {
        algorithm: "RDFC-1.0", messageDigestAlgorithm: hash || "SHA-256", maxWorkFactor: RDFC_MAX_WORK_FACTOR, signal,
      },
    });
  } catch (e) {
    throw new VerifyError(explain(e));
  }
}

async function digest(hash, text) {
  return new Uint8Array(await crypto.subtle.digest(hash, utf8(text)));
}

/**
 * The bytes an RDFC-based proof signs: hash(RDFC(proof config)) ‖ hash(RDFC(unsecured document)), the proof
 * config being the proof without its signature (proofValue; and jws, signatureValue for the 2020 suites) with
 * the document's @context. `hash` ("SHA-256" or "SHA-384") hashes both, and labels blank nodes in RDFC-1.0.
 */
export async function rdfcHashData(document, proof, hash, extraContexts) {
  const unsecured = Object.fromEntries(Object.entries(document).filter(([k]) => k !== "proof"));
  const config = Object.fromEntries(Object.entries(proof).filter(([k]) => !["proofValue", "jws", "signatureValue", "@context"].includes(k)));
  if ("@context" in unsecured) config["@context"] = unsecured["@context"];
  const configHash = await digest(hash, await rdfc(config, extraContexts, hash));
  const documentHash = await digest(hash, await rdfc(unsecured, extraContexts, hash));
  const out = new Uint8Array(configHash.length + documentHash.length);
  out.set(configHash, 0);
  out.set(documentHash, configHash.length);
  return out;
}
