// credreg: verify a credential in the browser, with WebCrypto only (no third-party code).
//
// What is checked here: the eddsa-jcs-2022 proof (RFC 8785 JCS + SHA-256 + Ed25519), the signing key
// (did:web DID document or did:key) and that the issuer controls it, the signed Bitstring Status List,
// the validity dates against this computer's clock, and optionally the recipient's email hash.
// What is not: the eddsa-rdfc-2022 proof (it needs RDF canonicalization) and the OB 3.0 JSON schema;
// `credreg verify` checks both. A credential is hostile input: nothing from it reaches innerHTML,
// attributes that load things, or eval; it is only ever shown with textContent.
(function () {
  "use strict";

  const PASS = "PASS", FAIL = "FAIL", WARN = "WARN", UNKNOWN = "UNKNOWN";
  const V = Object.freeze({
    VALID: "VALID", INVALID: "INVALID", CANNOT_VERIFY: "CANNOT VERIFY", REVOKED: "REVOKED",
    SUSPENDED: "SUSPENDED", EXPIRED: "EXPIRED", NOT_YET_VALID: "NOT YET VALID", STATUS_UNKNOWN: "STATUS UNKNOWN",
  });
  // The first of these that any failing or unknown step implies is the verdict (as in `credreg verify`).
  const SEVERITY = [V.INVALID, V.CANNOT_VERIFY, V.REVOKED, V.SUSPENDED, V.EXPIRED, V.NOT_YET_VALID, V.STATUS_UNKNOWN];

  const VC_CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"];
  const OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context";
  const JCS = "eddsa-jcs-2022", RDFC = "eddsa-rdfc-2022";
  const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;
  const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
  const FETCH_TIMEOUT_MS = 15000;
  const DATETIME = /^(-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
  const CREATED = /^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/;

  class VerifyError extends Error {
    // outcome FAIL: the document says something wrong; UNKNOWN: it could not be checked (e.g. network)
    constructor(message, outcome) { super(message); this.outcome = outcome || FAIL; }
  }

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const asList = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const step = (name, outcome, detail, verdict) => ({ name, outcome, detail, verdict });
  const quoted = (v) => { try { return JSON.stringify(v); } catch (e) { return String(v); } };

  // ---------- RFC 8785 JSON Canonicalization Scheme ----------

  function wellFormed(s) {
    if (typeof s.isWellFormed === "function") return s.isWellFormed();
    return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
  }

  function jcsString(s) {
    if (!wellFormed(s)) throw new VerifyError("a string holds a lone UTF-16 surrogate, which JCS cannot encode");
    return JSON.stringify(s); // RFC 8785 §3.2.2.2 is exactly ECMAScript's JSON string serialization
  }

  /** The RFC 8785 canonical JSON text of a parsed JSON value. */
  function jcs(value) {
    if (value === null) return "null";
    switch (typeof value) {
      case "boolean": return value ? "true" : "false";
      case "number":
        if (!Number.isFinite(value)) throw new VerifyError("JCS cannot encode " + value);
        return JSON.stringify(value); // ECMAScript Number::toString; -0 becomes 0
      case "string": return jcsString(value);
      case "object": {
        if (Array.isArray(value)) return "[" + value.map(jcs).join(",") + "]";
        // Default sort compares UTF-16 code units, which is what RFC 8785 §3.2.3 requires.
        const keys = Object.keys(value).sort();
        return "{" + keys.map((k) => jcsString(k) + ":" + jcs(value[k])).join(",") + "}";
      }
      default: throw new VerifyError("JCS cannot encode a " + typeof value);
    }
  }

  // ---------- encodings ----------

  const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  function base58Decode(text) {
    if (typeof text !== "string" || text.length > 400) throw new VerifyError("not a short base58btc string");
    const bytes = [];
    for (const ch of text) {
      let carry = B58.indexOf(ch);
      if (carry < 0) throw new VerifyError("character " + quoted(ch) + " is not base58btc");
      for (let j = 0; j < bytes.length; j++) {
        carry += bytes[j] * 58;
        bytes[j] = carry & 0xff;
        carry >>= 8;
      }
      while (carry > 0) { bytes.push(carry & 0xff); carry >>= 8; }
    }
    for (let i = 0; i < text.length && text[i] === "1"; i++) bytes.push(0);
    return Uint8Array.from(bytes.reverse());
  }

  function base64urlDecode(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new VerifyError("not base64url");
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  }

  const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const utf8 = (s) => new TextEncoder().encode(s);

  async function sha256(bytes) {
    return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  }

  /** The raw 32-byte Ed25519 key of a Multikey `z6Mk…` value (multicodec 0xed 0x01). */
  function decodeMultikey(value) {
    if (typeof value !== "string" || !value.startsWith("z")) {
      throw new VerifyError("publicKeyMultibase is not base58btc multibase (it must start with 'z')");
    }
    const bytes = base58Decode(value.slice(1));
    if (bytes.length !== 34 || bytes[0] !== 0xed || bytes[1] !== 0x01) {
      throw new VerifyError("the key is not an Ed25519 Multikey (0xed01 followed by 32 bytes)");
    }
    return bytes.slice(2);
  }

  // ---------- WebCrypto Ed25519 ----------

  // RFC 8032 §7.1 test 1: a known key and signature, so "supported" means it really verifies.
  const RFC8032_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  const RFC8032_SIG = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e3970"
    + "1cf9b46bd25bf5f0595bbe24655141438e7a100b";
  const fromHex = (h) => Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16));
  let supportPromise = null;

  /** {ok, reason}: whether this browser can verify Ed25519 signatures here. */
  function ed25519Support() {
    if (!supportPromise) supportPromise = detectEd25519();
    return supportPromise;
  }

  async function detectEd25519() {
    if (typeof window !== "undefined" && window.isSecureContext === false) {
      return { ok: false, reason: "this page is not a secure context (it is not served over https or from "
        + "localhost), so the browser withholds the cryptography needed (WebCrypto)" };
    }
    if (typeof crypto === "undefined" || !crypto.subtle) {
      return { ok: false, reason: "this browser has no WebCrypto (crypto.subtle)" };
    }
    try {
      const key = await crypto.subtle.importKey("raw", fromHex(RFC8032_KEY), { name: "Ed25519" }, false, ["verify"]);
      const ok = await crypto.subtle.verify({ name: "Ed25519" }, key, fromHex(RFC8032_SIG), new Uint8Array(0));
      if (!ok) return { ok: false, reason: "this browser's Ed25519 rejected the RFC 8032 test signature" };
      return { ok: true, reason: "" };
    } catch (e) {
      return { ok: false, reason: "this browser's WebCrypto does not support Ed25519 (" + (e && e.name || e) + ")" };
    }
  }

  // The y coordinates of the eight points of small order (identity, order 2, 4 and 8). WebCrypto in Chromium,
  // like OpenSSL, accepts such a public key, and with it a signature (R = identity, S = 0) over any message.
  const P25519 = (1n << 255n) - 19n;
  const Y_ORDER8 = 0x7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7n;
  const SMALL_ORDER_Y = [0n, 1n, P25519 - 1n, Y_ORDER8, P25519 - Y_ORDER8];

  /** Whether a 32-byte Ed25519 public key encodes a point of small order (canonically or not). */
  function isSmallOrderKey(key) {
    let y = 0n;
    for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? key[i] & 0x7f : key[i]);
    if (y >= P25519) y -= P25519;
    return SMALL_ORDER_Y.includes(y);
  }

  async function ed25519Verify(publicKey, signature, data) {
    const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    return crypto.subtle.verify({ name: "Ed25519" }, key, signature, data);
  }

  // ---------- fetching ----------

  function readConfig() {
    const el = typeof document !== "undefined" && document.getElementById("credreg-config");
    if (!el) return {};
    try {
      const value = JSON.parse(el.textContent);
      return isObject(value) ? value : {};
    } catch (e) {
      return {};
    }
  }

  function makeContext(options) {
    const config = readConfig();
    let siteUrl = options.siteUrl !== undefined ? options.siteUrl : config.siteUrl;
    siteUrl = typeof siteUrl === "string" && /^https?:\/\//.test(siteUrl) ? siteUrl : null;
    if (siteUrl && !siteUrl.endsWith("/")) siteUrl += "/";
    const here = typeof location !== "undefined" ? location.href : "http://localhost/verify/";
    const siteRoot = new URL(options.siteRoot || config.siteRoot || "../", here).href;
    let now = options.now !== undefined ? new Date(options.now) : new Date();
    if (isNaN(now.getTime())) now = new Date();
    return { siteUrl, siteRoot, now, fetch: options.fetch || ((...a) => fetch(...a)), cache: new Map() };
  }

  /** Where to fetch `url` from: the registry's own URLs come from the site this page is served from. */
  function fetchUrlFor(url, ctx) {
    if (typeof url !== "string" || !url) throw new VerifyError("no URL given");
    const bare = url.split("#")[0];
    if (ctx.siteUrl && bare.startsWith(ctx.siteUrl)) {
      const rest = bare.slice(ctx.siteUrl.length);
      if (/^[/\\]/.test(rest)) throw new VerifyError(quoted(url) + " is not a plain path under the registry");
      return new URL(rest, ctx.siteRoot).href;
    }
    let parsed;
    try { parsed = new URL(bare); } catch (e) { throw new VerifyError(quoted(url) + " is not a URL"); }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw new VerifyError(quoted(url) + " is not an http(s) URL");
    }
    return parsed.href;
  }

  /** The parsed JSON at `url` (cached for one verification); VerifyError(UNKNOWN) if it cannot be had. */
  function fetchJson(url, ctx) {
    const target = fetchUrlFor(url, ctx);
    if (!ctx.cache.has(target)) ctx.cache.set(target, doFetchJson(url, target, ctx));
    return ctx.cache.get(target);
  }

  async function doFetchJson(url, target, ctx) {
    const shown = target === url.split("#")[0] ? url : url + " (from " + target + ")";
    let response;
    try {
      const init = { credentials: "omit", cache: "no-cache", redirect: "follow" };
      if (typeof AbortSignal !== "undefined" && AbortSignal.timeout) init.signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
      response = await ctx.fetch(target, init);
    } catch (e) {
      throw new VerifyError("could not fetch " + shown + ": " + (e && e.name === "TimeoutError" ? "timed out"
        : "network error, or the server does not allow this page to read it (CORS)"), UNKNOWN);
    }
    if (!response.ok) throw new VerifyError("could not fetch " + shown + ": HTTP " + response.status, UNKNOWN);
    const length = Number(response.headers.get("content-length") || 0);
    if (length > MAX_DOCUMENT_CHARS) throw new VerifyError(shown + " is too large (" + length + " bytes)", UNKNOWN);
    const text = await response.text();
    if (text.length > MAX_DOCUMENT_CHARS) throw new VerifyError(shown + " is too large", UNKNOWN);
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new VerifyError(shown + " is not JSON", UNKNOWN);
    }
  }

  // ---------- keys: did:web and did:key ----------

  /** The URL of a did:web DID document: did:web:host[:path…] → https://host/path…/did.json. */
  function didWebUrl(did) {
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

  function keyBytes(method, vm) {
    if (typeof method.publicKeyMultibase === "string") {
      try {
        return decodeMultikey(method.publicKeyMultibase);
      } catch (e) {
        throw new VerifyError("verification method " + vm + " has a malformed key: " + e.message);
      }
    }
    const jwk = method.publicKeyJwk;
    if (isObject(jwk) && jwk.kty === "OKP" && jwk.crv === "Ed25519" && typeof jwk.x === "string") {
      let raw = null;
      try { raw = base64urlDecode(jwk.x); } catch (e) { /* reported below */ }
      if (raw && raw.length === 32) return raw;
    }
    throw new VerifyError("verification method " + vm + " holds no Ed25519 public key");
  }

  /** {publicKey, controller, source} for a proof's verificationMethod, authorised for assertionMethod. */
  async function resolveKey(vm, ctx) {
    if (vm.startsWith("did:key:")) {
      const did = vm.split("#")[0];
      const fragment = vm.slice(did.length + 1);
      let publicKey;
      try {
        publicKey = decodeMultikey(did.slice("did:key:".length));
      } catch (e) {
        throw new VerifyError(vm + " is not an Ed25519 did:key: " + e.message);
      }
      if (fragment && fragment !== did.slice("did:key:".length)) {
        throw new VerifyError(vm + " names a key other than the one in its did:key");
      }
      return { publicKey, controller: did, source: "did:key (the key is in the identifier)" };
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
      return { publicKey: keyBytes(method, vm), controller: did, source: "did:web " + url };
    }
    throw new VerifyError("cannot resolve verification method " + quoted(vm) + " in the browser (supported: did:web, did:key)");
  }

  // ---------- eddsa-jcs-2022 ----------

  function startsWith(documentContext, proofContext) {
    const doc = asList(documentContext), head = asList(proofContext);
    if (head.length === 0 || head.length > doc.length) return false;
    return head.every((entry, i) => jcs(entry) === jcs(doc[i]));
  }

  /** The 64 bytes an eddsa-jcs-2022 proof signs: SHA-256(JCS(proof config)) ‖ SHA-256(JCS(unsecured document)). */
  async function jcsHashData(document, proof) {
    const unsecured = Object.fromEntries(Object.entries(document).filter(([k]) => k !== "proof"));
    const config = Object.fromEntries(Object.entries(proof).filter(([k]) => k !== "proofValue"));
    if ("@context" in config) {
      if (!startsWith(unsecured["@context"], config["@context"])) {
        throw new VerifyError("the proof's @context is not the start of the document's @context");
      }
      unsecured["@context"] = config["@context"];
    }
    const configHash = await sha256(utf8(jcs(config)));
    const documentHash = await sha256(utf8(jcs(unsecured)));
    const out = new Uint8Array(64);
    out.set(configHash, 0);
    out.set(documentHash, 32);
    return out;
  }

  /** PASS, FAIL or UNKNOWN for one eddsa-jcs-2022 proof of `document`, issued by `issuerId`. */
  async function checkJcsProof(document, proof, issuerId, ctx) {
    const support = await ed25519Support();
    if (!support.ok) return [UNKNOWN, "not checked: " + support.reason, V.CANNOT_VERIFY];
    const vm = proof.verificationMethod;
    if (typeof vm !== "string" || !vm) return [FAIL, "the proof has no verificationMethod"];
    if (proof.proofPurpose !== "assertionMethod") {
      return [FAIL, "proofPurpose is " + quoted(proof.proofPurpose) + ", not assertionMethod"];
    }
    if (proof.created !== undefined && !(typeof proof.created === "string" && CREATED.test(proof.created))) {
      return [FAIL, "created " + quoted(proof.created) + " is not an XML Schema dateTime"];
    }
    const value = proof.proofValue;
    if (typeof value !== "string" || !value.startsWith("z")) {
      return [FAIL, "proofValue is not multibase base58btc (it must start with 'z')"];
    }
    let signature, key, data;
    try {
      signature = base58Decode(value.slice(1));
    } catch (e) {
      return [FAIL, "proofValue is not valid base58btc: " + e.message];
    }
    if (signature.length !== 64) return [FAIL, "proofValue decodes to " + signature.length + " bytes; an Ed25519 signature has 64"];
    try {
      key = await resolveKey(vm, ctx);
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      return [e.outcome, "key not resolved: " + e.message, e.outcome === UNKNOWN ? V.CANNOT_VERIFY : V.INVALID];
    }
    if (isSmallOrderKey(key.publicKey)) {
      return [FAIL, "the key of " + vm + " is a small-order Ed25519 point, which would accept forged signatures"];
    }
    if (!issuerId) return [FAIL, "the document names no issuer, so no key can speak for it"];
    if (key.controller !== issuerId) return [FAIL, "signed by " + key.controller + ", but the issuer is " + issuerId];
    try {
      data = await jcsHashData(document, proof);
    } catch (e) {
      if (!(e instanceof VerifyError || e instanceof RangeError)) throw e;
      return [FAIL, "cannot canonicalize the document: " + e.message];
    }
    let ok;
    try {
      ok = await ed25519Verify(key.publicKey, signature, data);
    } catch (e) {
      return [FAIL, "the key was refused by WebCrypto (" + (e && e.name || e) + ")"];
    }
    if (!ok) {
      return [FAIL, "signature does not verify: the document or proof was changed after signing, or another key signed it"];
    }
    return [PASS, "signature verified with " + vm + " (" + key.source + ")"];
  }

  function issuerIdOf(document) {
    const issuer = document.issuer;
    if (isObject(issuer)) return typeof issuer.id === "string" ? issuer.id : "";
    return typeof issuer === "string" ? issuer : "";
  }

  /** One step per proof; plus an UNKNOWN step when no proof could be checked here. */
  async function proofSteps(document, ctx) {
    const proofs = asList(document.proof);
    if (!proofs.length) return [step("proof", FAIL, "the document carries no proof", V.INVALID)];
    const issuerId = issuerIdOf(document);
    const steps = [];
    let jcsSeen = false;
    for (let i = 0; i < proofs.length; i++) {
      const proof = proofs[i];
      const suite = isObject(proof) && typeof proof.cryptosuite === "string" ? proof.cryptosuite : "";
      const label = "proof " + (i + 1) + " (" + (suite || (isObject(proof) && typeof proof.type === "string" ? proof.type : "unknown")) + ")";
      if (!isObject(proof)) {
        steps.push(step(label, FAIL, "the proof is not a JSON object", V.INVALID));
      } else if (proof.type !== "DataIntegrityProof") {
        steps.push(step(label, FAIL, "proof type " + quoted(proof.type) + " is not supported, so it was not verified", V.INVALID));
      } else if (suite === RDFC) {
        steps.push(step(label, WARN, "not checked in the browser (needs RDF canonicalization); `credreg verify` checks it"));
      } else if (suite === JCS) {
        jcsSeen = true;
        const [outcome, detail, verdict] = await checkJcsProof(document, proof, issuerId, ctx);
        steps.push(step(label, outcome, detail, outcome === PASS ? undefined : verdict || V.INVALID));
      } else {
        steps.push(step(label, FAIL, "cryptosuite " + quoted(proof.cryptosuite) + " is not supported, so it was not verified", V.INVALID));
      }
    }
    if (!jcsSeen) {
      steps.push(step("proof (eddsa-jcs-2022)", UNKNOWN, "there is no eddsa-jcs-2022 proof, the only kind this page "
        + "can check; use `credreg verify`", V.CANNOT_VERIFY));
    }
    return steps;
  }

  // ---------- status ----------

  /** The raw bitstring of an encodedList: 'u' + base64url of GZIP data. */
  async function decodeStatusList(encoded) {
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
  function isSet(bits, index) {
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

  async function statusSteps(credential, ctx) {
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

  // ---------- dates, issuer, recipient ----------

  function parseTime(value) {
    if (typeof value !== "string") return null;
    const m = DATETIME.exec(value);
    if (!m) return null;
    const fraction = m[2] ? m[2].slice(0, 4) : "";
    const t = Date.parse(m[1] + fraction + m[3]);
    return isNaN(t) ? null : new Date(t);
  }

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
    else if (now >= until) steps.push(step("valid until", FAIL, "expired at " + untilRaw + clock, V.EXPIRED));
    else steps.push(step("valid until", PASS, "valid until " + untilRaw));
    return steps;
  }

  /** did:web:<host>[:<path>…]:issuers: for this registry's site URL. */
  function registryDidPrefix(siteUrl) {
    if (!siteUrl) return null;
    const u = new URL(siteUrl);
    const segments = u.pathname.split("/").filter(Boolean).map(encodeURIComponent);
    return ["did:web", encodeURIComponent(u.host), ...segments, "issuers", ""].join(":");
  }

  function issuerStep(credential, ctx) {
    const id = issuerIdOf(credential);
    if (!id) return step("issuer", FAIL, "the credential names no issuer id", V.INVALID);
    const prefix = registryDidPrefix(ctx.siteUrl);
    if (prefix && id.startsWith(prefix) && /^[a-z0-9][a-z0-9-]*$/.test(id.slice(prefix.length))) {
      return step("issuer", PASS, id + " is an issuer of this registry (" + ctx.siteUrl + ")");
    }
    return step("issuer", WARN, id + " is not an issuer of this registry" + (ctx.siteUrl ? " (" + ctx.siteUrl + ")" : "")
      + ": a valid signature shows only that this DID issued it");
  }

  function normaliseEmail(email) {
    return String(email).trim().toLowerCase();
  }

  /** `sha256$` + hex(SHA-256(normalised email + salt)), the Open Badges hashed identity. */
  async function identityHash(email, salt) {
    return "sha256$" + hex(await sha256(utf8(normaliseEmail(email) + String(salt))));
  }

  async function recipientStep(credential, email) {
    const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
    const identities = asList(subject.identifier).filter(isObject);
    if (!identities.length) return step("recipient", FAIL, "the credential names no recipient identity to compare with", V.INVALID);
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
    return step("recipient", FAIL, "the email does not match the credential's recipient", V.INVALID);
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

  const text = (v) => (typeof v === "string" ? v : "");

  function summaryOf(credential) {
    if (!isObject(credential)) return {};
    const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {};
    const achievement = isObject(subject.achievement) ? subject.achievement : {};
    return {
      id: text(credential.id), name: text(credential.name),
      issuerName: isObject(credential.issuer) ? text(credential.issuer.name) : "", issuerId: issuerIdOf(credential),
      achievementName: text(achievement.name), validFrom: text(credential.validFrom), validUntil: text(credential.validUntil),
    };
  }

  function verdictOf(steps) {
    const failed = steps.filter((s) => s.outcome === FAIL || s.outcome === UNKNOWN).map((s) => s.verdict || V.INVALID);
    return SEVERITY.find((v) => failed.includes(v)) || V.VALID;
  }

  function finish(credential, steps) {
    return {
      verdict: verdictOf(steps),
      steps: steps.map((s) => ({ name: s.name, outcome: s.outcome, detail: s.detail })),
      summary: summaryOf(credential),
    };
  }

  /**
   * Verify a parsed credential. options: {recipient (email), now (Date or string; default: this clock),
   * siteUrl, siteRoot (default: from the page), fetch (a fetch-like function)}.
   * Resolves to {verdict, steps: [{name, outcome, detail}], summary}; never rejects for a bad credential.
   */
  async function verifyCredential(credential, options) {
    options = options || {};
    const ctx = makeContext(options);
    if (!isObject(credential)) return finish(credential, [step("format", FAIL, "not a JSON object", V.INVALID)]);
    const steps = [formatStep(credential)];
    steps.push(step("schema", WARN, "the Open Badges 3.0 JSON schema is not checked in the browser; `credreg verify` checks it"));
    steps.push(issuerStep(credential, ctx));
    try {
      steps.push(...await proofSteps(credential, ctx));
      steps.push(...await statusSteps(credential, ctx));
    } catch (e) {
      steps.push(step("verifier", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY));
    }
    steps.push(...dateSteps(credential, ctx.now));
    if (options.recipient !== undefined && options.recipient !== null && String(options.recipient).trim() !== "") {
      steps.push(await recipientStep(credential, options.recipient));
    }
    return finish(credential, steps);
  }

  /** Verify credential JSON text (a parse failure is an INVALID result, not an exception). */
  async function verifyText(json, options) {
    if (typeof json !== "string" || json.length > MAX_DOCUMENT_CHARS) {
      return finish(null, [step("format", FAIL, "the credential is empty or larger than 4 MiB", V.INVALID)]);
    }
    let credential;
    try {
      credential = JSON.parse(json);
    } catch (e) {
      return finish(null, [step("format", FAIL, "not JSON: " + e.message, V.INVALID)]);
    }
    return verifyCredential(credential, options);
  }

  /** Fetch a credential by URL (own-registry URLs from this site) and verify it. */
  async function verifyUrl(url, options) {
    const ctx = makeContext(options || {});
    let credential;
    try {
      credential = await fetchJson(url, ctx);
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      return { ...finish(null, [step("fetch credential", UNKNOWN, e.message, V.CANNOT_VERIFY)]), credential: null };
    }
    return { ...(await verifyCredential(credential, options)), credential };
  }

  // ---------- the page ----------

  const VERDICT_TEXT = {
    [V.VALID]: "Genuine and current: the signature, the issuer's key, the status list and the dates all check out.",
    [V.INVALID]: "Not genuine or malformed: do not rely on this credential.",
    [V.CANNOT_VERIFY]: "Could not be verified here: this says nothing either way; try `credreg verify`.",
    [V.REVOKED]: "Revoked by its issuer.",
    [V.SUSPENDED]: "Suspended by its issuer.",
    [V.EXPIRED]: "Genuine, but expired.",
    [V.NOT_YET_VALID]: "Genuine, but not valid yet.",
    [V.STATUS_UNKNOWN]: "The signature checks out, but whether it was revoked could not be found out.",
  };
  const STATUS_CLASS = {
    [V.VALID]: "valid", [V.REVOKED]: "revoked", [V.INVALID]: "revoked", [V.SUSPENDED]: "revoked",
    [V.EXPIRED]: "expired", [V.NOT_YET_VALID]: "pending", [V.STATUS_UNKNOWN]: "expired", [V.CANNOT_VERIFY]: "expired",
  };

  function el(tag, className, content) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) appendText(node, content);
    return node;
  }

  // Text with `code` spans, built with text nodes only.
  function appendText(node, value) {
    String(value).split("`").forEach((part, i) => {
      if (!part) return;
      if (i % 2) node.appendChild(el("code", "", part.replace(/`/g, "")));
      else node.appendChild(document.createTextNode(part));
    });
  }

  function render(result, output) {
    output.replaceChildren();
    const s = result.summary || {};
    if (s.name || s.issuerName || s.achievementName || s.issuerId) {
      const dl = el("dl", "credreg-verify__summary");
      for (const [label, value] of [["Credential", s.name], ["Achievement", s.achievementName], ["Issuer", s.issuerName],
        ["Issuer DID", s.issuerId], ["Credential id", s.id]]) {
        if (!value) continue;
        dl.appendChild(el("dt", "", label));
        const dd = el("dd");
        dd.textContent = value; // verbatim: a credential's text is never markup
        dl.appendChild(dd);
      }
      output.appendChild(dl);
    }
    const banner = el("div", "credreg-status credreg-status--" + (STATUS_CLASS[result.verdict] || "expired"));
    banner.setAttribute("role", "status");
    banner.appendChild(el("strong", "credreg-verify__verdict", result.verdict));
    banner.appendChild(document.createTextNode(" "));
    banner.appendChild(el("span", "", VERDICT_TEXT[result.verdict] || ""));
    output.appendChild(banner);
    const list = el("ol", "credreg-log credreg-verify__steps");
    for (const st of result.steps) {
      const li = el("li", "credreg-log--" + (st.outcome === WARN ? "warning" : st.outcome.toLowerCase()));
      li.dataset.outcome = st.outcome;
      li.appendChild(el("strong", "credreg-verify__outcome", st.outcome));
      li.appendChild(document.createTextNode(" "));
      const name = el("span", "credreg-verify__step");
      name.textContent = st.name;
      li.appendChild(name);
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("span", "credreg-verify__detail", st.detail));
      list.appendChild(li);
    }
    output.appendChild(list);
    output.dataset.verdict = result.verdict;
    output.removeAttribute("aria-busy");
  }

  function showNotice(output, message) {
    let notice = document.getElementById("verify-notice");
    if (!notice) {
      notice = el("div", "credreg-verify__notice");
      notice.id = "verify-notice";
      output.parentNode.insertBefore(notice, output);
    }
    notice.setAttribute("role", "alert");
    notice.hidden = false;
    notice.replaceChildren();
    appendText(notice, message);
  }

  function linkStylesheet() {
    const script = document.currentScript;
    if (!script || !script.src) return;
    const href = new URL("verify.css", script.src).href;
    if ([...document.querySelectorAll("link[rel~=stylesheet]")].some((link) => link.href === href)) return;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    link.dataset.credregVerify = "";
    document.head.appendChild(link);
  }

  function wire() {
    const input = document.getElementById("credential-input");
    const output = document.getElementById("verify-result");
    const button = document.getElementById("verify-button");
    if (!input || !output || !button) return;
    const file = document.getElementById("credential-file");
    const email = document.getElementById("recipient-email");
    let run = 0;

    ed25519Support().then((support) => {
      if (!support.ok) {
        showNotice(output, "This page cannot verify credentials in this browser: " + support.reason + ". Nothing "
          + "shown here can confirm that a credential is genuine. Open the page over https in a current browser, "
          + "or run `credreg verify`.");
      }
    });

    const start = async (work) => {
      const mine = ++run;
      output.setAttribute("aria-busy", "true");
      delete output.dataset.verdict;
      output.replaceChildren(el("p", "credreg-verify__busy", "Verifying…"));
      let result;
      try {
        result = await work();
      } catch (e) {
        result = finish(null, [step("verifier", UNKNOWN, "the check stopped on an unexpected error: " + (e && e.message || e), V.CANNOT_VERIFY)]);
      }
      if (mine === run) render(result, output);
    };
    const options = () => ({ recipient: email ? email.value : undefined });

    button.addEventListener("click", (event) => {
      event.preventDefault();
      start(() => verifyText(input.value.trim(), options()));
    });
    if (file) {
      file.addEventListener("change", () => {
        const chosen = file.files && file.files[0];
        if (!chosen) return;
        if (chosen.size > MAX_DOCUMENT_CHARS) {
          start(async () => finish(null, [step("format", FAIL, "the file is larger than 4 MiB", V.INVALID)]));
          return;
        }
        start(async () => {
          input.value = await chosen.text();
          return verifyText(input.value.trim(), options());
        });
      });
    }
    const url = new URLSearchParams(location.search).get("url");
    if (url) {
      start(async () => {
        const result = await verifyUrl(url, options());
        if (result.credential) input.value = JSON.stringify(result.credential, null, 2);
        return result;
      });
    }
  }

  if (typeof document !== "undefined") {
    linkStylesheet();
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
    else wire();
  }

  window.credregVerify = Object.freeze({
    verifyCredential, verifyText, verifyUrl, ed25519Support, jcs, isSmallOrderKey, base58Decode, decodeMultikey, didWebUrl,
    decodeStatusList, isSet, identityHash, fetchUrlFor: (url, options) => fetchUrlFor(url, makeContext(options || {})),
    VERDICTS: V,
  });
})();
