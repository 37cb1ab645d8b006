// credreg verifier, fetching: the context of one verification (the registry's site URL, where its own
// URLs are fetched from, the clock, the fetch function, a per-verification cache) and the fetching of
// JSON documents (DID documents, status lists, a credential by URL) with size and time limits.
//
// Part of the verifier's core: no DOM. The page passes what the browser knows (its origin, its fetch);
// a node runner passes a fetch function of its own and a fixed `now`.

import { MAX_DOCUMENT_CHARS, UNKNOWN, VerifyError, quoted } from "./verify-common.js";

const FETCH_TIMEOUT_MS = 15000;

/**
 * The context of one verification, from options:
 * - siteUrl: the registry's site_url (https://host/path/); its URLs are fetched from siteRoot instead
 * - siteRoot: the absolute URL serving the registry's files (a page on localhost passes its own
 *   site's root, so a preview verifies too); default: siteUrl, i.e. fetched where they say
 * - now: a Date or date-time string (default: this computer's clock)
 * - fetch: a fetch-like function (default: the global fetch)
 * - secureContext: false when the browser withholds WebCrypto here (the page's isSecureContext)
 * - contexts: extra JSON-LD contexts (URL → document) for tests; never a bundled URL's replacement
 */
export function makeContext(options) {
  let siteUrl = options.siteUrl;
  siteUrl = typeof siteUrl === "string" && /^https?:\/\//.test(siteUrl) ? siteUrl : null;
  if (siteUrl && !siteUrl.endsWith("/")) siteUrl += "/";
  let siteRoot;
  try {
    siteRoot = new URL(options.siteRoot || siteUrl || "http://localhost/", siteUrl || "http://localhost/").href;
  } catch (e) {
    siteRoot = siteUrl || "http://localhost/";
  }
  let now = options.now !== undefined ? new Date(options.now) : new Date();
  if (isNaN(now.getTime())) now = new Date();
  return {
    siteUrl, siteRoot, now, fetch: options.fetch || ((...a) => fetch(...a)), cache: new Map(),
    secureContext: options.secureContext, blocked: [],
    // JSON-LD contexts beyond the bundled ones (URL → document), for tests only; the page passes none.
    extraContexts: options.contexts !== null && typeof options.contexts === "object" ? options.contexts : null,
  };
}

/** Where to fetch `url` from: the registry's own URLs come from ctx.siteRoot (the site serving the page). */
export function fetchUrlFor(url, ctx) {
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
export function fetchJson(url, ctx) {
  const target = fetchUrlFor(url, ctx);
  if (!ctx.cache.has(target)) ctx.cache.set(target, doFetchJson(url, target, ctx));
  return ctx.cache.get(target);
}

async function doFetchJson(url, target, ctx) {
  const { response, shown } = await request(url, target, ctx, MAX_DOCUMENT_CHARS);
  const text = await response.text();
  if (text.length > MAX_DOCUMENT_CHARS) throw new VerifyError(shown + " is too large", UNKNOWN);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new VerifyError(shown + " is not JSON", UNKNOWN);
  }
}


/** The response at `target` (for `url`), refused when not OK or larger than `max` bytes; VerifyError(UNKNOWN). */
async function request(url, target, ctx, max) {
  const shown = target === url.split("#")[0] ? url : url + " (from " + target + ")";
  let response;
  try {
    const init = { credentials: "omit", cache: "no-cache", redirect: "follow" };
    if (typeof AbortSignal !== "undefined" && AbortSignal.timeout) init.signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    response = await ctx.fetch(target, init);
  } catch (e) {
    if (e && e.name === "TimeoutError") throw new VerifyError("could not fetch " + shown + ": timed out", UNKNOWN);
    // A TypeError from fetch: the browser does not say why (CORS, or no connection), so the page says what it can.
    if (Array.isArray(ctx.blocked) && !ctx.blocked.includes(url)) ctx.blocked.push(url);
    throw new VerifyError("the browser was not allowed to fetch " + shown + " (the server does not allow "
      + "cross-origin requests); `credreg verify " + url.split("#")[0] + "` fetches it directly", UNKNOWN);
  }
  if (!response.ok) throw new VerifyError("could not fetch " + shown + ": HTTP " + response.status, UNKNOWN);
  const length = Number(response.headers.get("content-length") || 0);
  if (length > max) throw new VerifyError(shown + " is too large (" + length + " bytes)", UNKNOWN);
  return { response, shown };
}

/** The bytes at `url` (a credential: JSON, a VC-JWT served as text, or a baked image), at most `max`; not cached. */
export async function fetchBytes(url, ctx, max) {
  const { response, shown } = await request(url, fetchUrlFor(url, ctx), ctx, max);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > max) throw new VerifyError(shown + " is too large", UNKNOWN);
  return bytes;
}
