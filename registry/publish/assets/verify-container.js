// credreg verifier, containers: tell what the user handed in from its bytes, never its name (JSON, a
// JWT/JWS compact text, a baked PNG or a baked SVG) and unwrap the credential inside, as `credreg verify`
// does (registry/verify/containers.py). PNG: every chunk's length and CRC checked, at most MAX_CHUNKS
// chunks, compressed text inflated to at most MAX_TEXT_BYTES. SVG: a strict, bounded scan without a DOM
// (the core has none): any DTD or entity declaration is refused, and only the five XML entities decoded.
//
// Part of the verifier's core: no DOM.

import { VerifyError, PASS, step } from "./verify-common.js";
import { inflateBounded } from "./verify-encoding.js";

export const MAX_CONTAINER_BYTES = 4 * 1024 * 1024;
const MAX_CHUNKS = 2048, MAX_TEXT_BYTES = 1024 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const KEYWORDS = ["openbadgecredential", "openbadges"];
const NAMESPACES = ["https://purl.imsglobal.org/ob/v3p0", "http://openbadges.org", "https://purl.imsglobal.org/spec/ob/v3p0"];
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
const OB2_CONTEXT = "https://w3id.org/openbadges/v2";
const VC_CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1"];
const PNG_HINT = " (the file is not a well-formed baked PNG)";

let crcTable = null;
function crc32(bytes, start, end) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = start; i < end; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** zlib data inflated to at most MAX_TEXT_BYTES, through the platform's DecompressionStream. */
function inflate(data, what) {
  return inflateBounded(data, "deflate", MAX_TEXT_BYTES, {
    tooBig: "the " + what + " chunk's compressed text inflates beyond 1,048,576 bytes (refusing a compressed bomb)",
    corrupt: "the " + what + " chunk's compressed text is corrupt",
    unavailable: new VerifyError("the " + what + " chunk is compressed, and this browser cannot inflate it"),
  });
}

const latin1 = (bytes) => Array.from(bytes, (b) => String.fromCharCode(b)).join("");

async function textChunk(kind, data) {
  const zero = data.indexOf(0);
  if (zero < 0) return null;
  const keyword = latin1(data.subarray(0, zero));
  if (!KEYWORDS.includes(keyword)) return null;
  const rest = data.subarray(zero + 1);
  if (kind === "tEXt") return [keyword, latin1(rest)];
  if (kind === "zTXt") {
    if (rest[0] !== 0) throw new VerifyError("a zTXt chunk uses an unknown compression method" + PNG_HINT);
    return [keyword, latin1(await inflate(rest.subarray(1), "zTXt"))];
  }
  if (rest.length < 2) throw new VerifyError("the iTXt chunk '" + keyword + "' is truncated" + PNG_HINT);
  const compressed = rest[0], method = rest[1];
  const lang = rest.indexOf(0, 2), translated = lang < 0 ? -1 : rest.indexOf(0, lang + 1);
  if (translated < 0 || compressed > 1 || (compressed && method !== 0)) {
    throw new VerifyError("the iTXt chunk '" + keyword + "' is malformed" + PNG_HINT);
  }
  const body = rest.subarray(translated + 1);
  const raw = compressed ? await inflate(body, "iTXt") : body;
  try {
    return [keyword, new TextDecoder("utf-8", { fatal: true }).decode(raw)];
  } catch (e) {
    throw new VerifyError("the iTXt chunk '" + keyword + "' is not UTF-8 text" + PNG_HINT);
  }
}

/** {keyword, chunk, text} of the one Open Badges chunk of a PNG; VerifyError otherwise. */
export async function bakedPng(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = [];
  let offset = 8, count = 0, seenEnd = false;
  while (offset < bytes.length && !seenEnd) {
    count += 1;
    if (count > MAX_CHUNKS) throw new VerifyError("the PNG has more than 2,048 chunks (refusing a PNG built to exhaust a reader)");
    if (offset + 12 > bytes.length) throw new VerifyError("the PNG is truncated at byte " + offset + PNG_HINT);
    const length = view.getUint32(offset), end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new VerifyError("the PNG is truncated: chunk " + count + " declares " + length + " bytes, more than the file has");
    const kind = latin1(bytes.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(kind)) throw new VerifyError("chunk " + count + " of the PNG has an invalid type" + PNG_HINT);
    if (count === 1 && kind !== "IHDR") throw new VerifyError("the PNG does not start with an IHDR chunk" + PNG_HINT);
    if (crc32(bytes, offset + 4, end) !== view.getUint32(end)) {
      throw new VerifyError("the CRC of PNG chunk " + count + " (" + kind + ") is wrong: the file is damaged or was altered");
    }
    if (kind === "tEXt" || kind === "zTXt" || kind === "iTXt") {
      const hit = await textChunk(kind, bytes.subarray(offset + 8, end));
      if (hit) found.push({ keyword: hit[0], chunk: kind, text: hit[1] });
    }
    seenEnd = kind === "IEND";
    offset = end + 4;
  }
  if (!seenEnd) throw new VerifyError("the PNG is truncated: it has no IEND chunk");
  if (!found.length) throw new VerifyError("the PNG image carries no Open Badges credential (no iTXt chunk `openbadgecredential` or `openbadges`)");
  if (found.length > 1) {
    throw new VerifyError("the PNG carries " + found.length + " credential chunks (" + found.map((f) => f.chunk + " " + f.keyword).join(", ")
      + "); a baked badge holds exactly one");
  }
  return found[0];
}

const XML_ENTITIES = { lt: "<", gt: ">", amp: "&", quot: "\"", apos: "'" };
function xmlText(text) {
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#[0-9]{1,7}|[a-z]+);/g, (whole, name) => {
    if (name[0] === "#") {
      const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (!Object.hasOwn(XML_ENTITIES, name)) throw new VerifyError("the SVG uses an undeclared entity &" + name + ";");
    return XML_ENTITIES[name];
  });
}

/** {element, verify, text} of the one Open Badges element of an SVG, by a strict scan (no DOM). */
export function bakedSvg(text) {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new VerifyError("the SVG is refused: it declares a DTD, entities or external references (DTDForbidden)");
  }
  const body = text.replace(/^\uFEFF?\s*(<\?xml[^>]{0,200}\?>\s*)?(<!--[\s\S]*?-->\s*)*/, "");
  if (!/^<(?:[A-Za-z_][\w.-]*:)?svg[\s>/]/.test(body)) throw new VerifyError("the XML document is not an SVG image (its root is not <svg>)");
  const prefixes = new Set();
  for (const m of text.matchAll(/\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*(["'])(.*?)\2/g)) if (NAMESPACES.includes(m[3])) prefixes.add(m[1]);
  const found = [];
  const open = /<([A-Za-z_][\w.-]*):(credential|assertion)(\s[^>]*?)?(\/?)>/g;
  for (const m of text.matchAll(open)) {
    if (!prefixes.has(m[1])) continue;
    const attrs = m[3] || "";
    const verify = /\bverify\s*=\s*(["'])(.*?)\1/.exec(attrs);
    let inner = "";
    if (!m[4]) {
      const close = "</" + m[1] + ":" + m[2] + ">";
      const endAt = text.indexOf(close, m.index + m[0].length);
      if (endAt < 0) throw new VerifyError("the SVG is not well-formed XML: <" + m[1] + ":" + m[2] + "> is never closed");
      inner = text.slice(m.index + m[0].length, endAt);
    }
    const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(inner);
    found.push({ element: m[2], verify: verify ? xmlText(verify[2]).trim() : "", text: (cdata ? cdata[1] : xmlText(inner)).trim() });
  }
  if (!found.length) throw new VerifyError("the SVG image carries no Open Badges credential (no <openbadges:credential> or <openbadges:assertion> element)");
  if (found.length > 1) throw new VerifyError("the SVG carries " + found.length + " Open Badges elements; a baked badge holds exactly one");
  return found[0];
}

/** The JSON payload of a compact JWS, NOT verified (only to tell OB 2.0 from a VC); null if unreadable. */
export function unverifiedPayload(token) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(atob(part + "=".repeat((4 - part.length % 4) % 4)), (c) => c.charCodeAt(0))));
  } catch (e) {
    return null;
  }
}

/** Whether content (object, JWS or URL) is Open Badges 2.0 material. */
export function isOb2(content) {
  if (typeof content === "string") {
    if (!COMPACT_JWS.test(content)) return true;
    const payload = unverifiedPayload(content);
    return payload !== null && typeof payload === "object" && !Array.isArray(payload) && !("vc" in payload) && isOb2(payload);
  }
  if (content === null || typeof content !== "object" || Array.isArray(content)) return false;
  const contexts = Array.isArray(content["@context"]) ? content["@context"] : [content["@context"]];
  if (contexts.includes(OB2_CONTEXT)) return true;
  return !contexts.some((c) => VC_CONTEXTS.includes(c)) && content.type === "Assertion";
}

function textContent(text, where, allowUrl) {
  text = text.trim();
  if (text.startsWith("{")) {
    let doc;
    try { doc = JSON.parse(text); } catch (e) { throw new VerifyError(where + " is not JSON: " + e.message); }
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) throw new VerifyError(where + " is not a JSON object");
    return doc;
  }
  if (COMPACT_JWS.test(text)) return text;
  if (allowUrl && /^https?:\/\/[^\s<>"]{1,2000}$/.test(text)) return text;
  throw new VerifyError(where + " is neither a JSON credential nor a JWT" + (allowUrl ? " nor an assertion URL" : ""));
}

function found(content, detail) {
  const ob2 = isOb2(content);
  const kind = typeof content === "object" ? "JSON" : COMPACT_JWS.test(content) ? "a compact JWS" : "a URL";
  return { content, ob2, container: step("container", PASS, detail + ": " + kind + (ob2 ? " (Open Badges 2.0)" : "")) };
}

/** Text the user pasted or a file holds: {content, ob2, container (a step, or null for plain JSON)}. */
export function extractText(text) {
  if (typeof text !== "string" || text.length > MAX_CONTAINER_BYTES) throw new VerifyError("the input is empty or larger than 4 MiB");
  const stripped = text.replace(/^\uFEFF/, "").trim();
  if (stripped.startsWith("<")) {
    const el = bakedSvg(stripped);
    if (el.verify && el.element === "credential" && !COMPACT_JWS.test(el.verify)) {
      throw new VerifyError("the SVG's <openbadges:credential verify> attribute is not a compact JWS");
    }
    return found(textContent(el.verify || el.text, "the SVG's <openbadges:" + el.element + ">", el.element === "assertion"),
      "baked SVG, <openbadges:" + el.element + ">" + (el.verify ? " verify" : ""));
  }
  if (COMPACT_JWS.test(stripped)) return found(stripped, "text");
  let doc;
  try { doc = JSON.parse(stripped); } catch (e) { throw new VerifyError("not JSON, a JWT or a baked SVG: " + e.message); }
  const enveloped = envelopedJwt(doc);
  if (enveloped !== null) return found(enveloped, "EnvelopedVerifiableCredential, a data: URL");
  return { content: doc, ob2: isOb2(doc), container: null };
}

/** The VC-JWT inside a VC 2.0 EnvelopedVerifiableCredential (its id a data: URL), else null; as the CLI. */
export function envelopedJwt(doc) {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) return null;
  const types = Array.isArray(doc.type) ? doc.type : [doc.type];
  if (!types.includes("EnvelopedVerifiableCredential")) return null;
  const id = typeof doc.id === "string" ? doc.id : "";
  const prefix = ["data:application/vc+jwt,", "data:application/vc+ld+jwt,"].find((p) => id.startsWith(p));
  const token = prefix ? id.slice(prefix.length).trim() : "";
  if (!COMPACT_JWS.test(token)) {
    throw new VerifyError("the EnvelopedVerifiableCredential's id is not a data:application/vc+jwt URL holding a compact JWS");
  }
  return token;
}

/** Bytes of an uploaded file: a baked PNG by its signature, else UTF-8 text (extractText). */
export async function extractBytes(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new VerifyError("no file bytes given");
  if (bytes.length > MAX_CONTAINER_BYTES) throw new VerifyError("the file is larger than 4 MiB");
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    const baked = await bakedPng(bytes);
    return found(textContent(baked.text, "the PNG's " + baked.keyword + " chunk", baked.keyword === "openbadges"),
      "baked PNG, " + baked.chunk + " " + baked.keyword);
  }
  let text;
  try { text = new TextDecoder("utf-8", { fatal: true }).decode(bytes); } catch (e) { throw new VerifyError("the file is neither text (UTF-8) nor a PNG image"); }
  return extractText(text);
}
