// Runs the browser verifier's core (registry/publish/assets/verify-core.js) under node on a list of cases,
// offline, and prints each result as JSON: the same checks the /verify/ page runs, without a browser.
//
//   node tests/js/verify-cases.mjs CASES.json     (or - to read the cases from stdin)
//
// CASES.json is a list of cases:
//   {"name": "revoked",
//    "credential": SOURCE,                  the credential: {"file": path}, {"json": document}, {"text": "..."},
//                                           {"base64": "..."} (bytes: a baked PNG, say) or {"url": url}
//    "documents": {"<url>": SOURCE, ...},   what each URL answers (DID documents, status lists, credentials);
//                                           SOURCE here is {"file"}, {"json"}, {"text"}, {"base64"} or {"status": 404}
//    "now": "2026-11-28T00:00:00Z",         the verifier's clock
//    "siteUrl": "https://host/",            optional: the registry the page would belong to (its issuer step)
//    "recipient": "name@example.org"}       optional: the email to check against the hashed identity
// Relative file paths are read from the folder of CASES.json (the current folder for stdin). A URL not in
// `documents` answers HTTP 404; nothing is fetched from the network. {"file": …} is served byte for byte.
//
// Output, one entry per case, in order:
//   [{"name", "verdict", "steps": [{"name", "outcome", "detail"}], "fetched": [url, ...]}, ...]
//
//   node tests/js/verify-cases.mjs tests/cases     (a folder: the shared case table, tests/cases/README.md)
//
// runs every case file of every topic folder (a JSON object with "expect"; relative paths from its folder), with
// the case's browser expectation (`expect`, with `browser.expect` laid over it), and adds to each entry its
// "name" "<topic>/<name>", "expected" and "mismatches" (empty when the result is what the case says).
// SOURCE may also be {"text": "..."} or {"base64": "..."}; a case's "trust" is a list of trust-list SOURCEs.
// Exit status 0 when every case ran (whatever its verdict), 2 when the input is unusable.

import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { verifyBytes, verifyUrl } from "../../registry/publish/assets/verify-core.js";

const OUTCOMES = { pass: "PASS", fail: "FAIL", warning: "WARN", unknown: "UNKNOWN" };

function fail(message) {
  process.stderr.write("verify-cases: " + message + "\n");
  process.exit(2);
}

/** The bytes a SOURCE stands for (a Uint8Array), or null for {"status": n}. */
function sourceBytes(source, base, where) {
  if (source === null || typeof source !== "object" || Array.isArray(source)) fail(where + " is not an object");
  if (typeof source.file === "string") {
    try {
      return new Uint8Array(readFileSync(resolve(base, source.file)));
    } catch (e) {
      fail(where + ": cannot read " + source.file + " (" + e.message + ")");
    }
  }
  if ("json" in source) return new TextEncoder().encode(JSON.stringify(source.json));
  if (typeof source.text === "string") return new TextEncoder().encode(source.text);
  if (typeof source.base64 === "string") return new Uint8Array(Buffer.from(source.base64, "base64"));
  if (Number.isInteger(source.status)) return null;
  fail(where + " needs one of file, json, text, base64, status (or url, for a credential)");
}

/** A fetch function answering from the case's documents only, recording what was asked for. */
function mapFetch(documents, base, fetched) {
  return async (url) => {
    fetched.push(url);
    const source = Object.prototype.hasOwnProperty.call(documents, url) ? documents[url] : { status: 404 };
    const body = sourceBytes(source, base, "documents[" + JSON.stringify(url) + "]");
    if (body === null) return new Response("", { status: source.status });
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  };
}

async function runCase(item, base, index) {
  const where = "case " + (index + 1);
  if (item === null || typeof item !== "object" || Array.isArray(item)) fail(where + " is not an object");
  const name = typeof item.name === "string" ? item.name : where;
  if (typeof item.now !== "string" || isNaN(Date.parse(item.now))) fail(name + ": `now` must be a date-time");
  const documents = item.documents === undefined ? {} : item.documents;
  if (documents === null || typeof documents !== "object" || Array.isArray(documents)) fail(name + ": `documents` must be an object");
  const fetched = [];
  const trust = (Array.isArray(item.trust) ? item.trust : []).map((source, i) => {
    const bytes = sourceBytes(source, base, name + ": trust[" + i + "]");
    try { return JSON.parse(new TextDecoder().decode(bytes)); } catch (e) { fail(name + ": trust[" + i + "] is not JSON"); }
  });
  const options = {
    now: item.now, siteUrl: item.siteUrl, recipient: item.recipient, secureContext: true, trust,
    fetch: mapFetch(documents, base, fetched),
  };
  const credential = item.credential;
  let result;
  if (credential !== null && typeof credential === "object" && typeof credential.url === "string") {
    result = await verifyUrl(credential.url, options);
  } else {
    const bytes = sourceBytes(credential, base, name + ": `credential`");
    if (bytes === null) fail(name + ": `credential` cannot be a status");
    result = await verifyBytes(bytes, options);  // the content decides what it is (JSON, JWT, PNG, SVG)
  }
  return { name, verdict: result.verdict, steps: result.steps, fetched };
}

// ---------- the shared case table (a folder) ----------

/** Every case file of every topic folder: [{id, folder, data}], in the order of their paths. */
function caseFiles(root) {
  const found = [];
  for (const topic of readdirSync(root).sort()) {
    const folder = join(root, topic);
    if (!statSync(folder).isDirectory()) continue;
    for (const file of readdirSync(folder).sort()) {
      if (!file.endsWith(".json")) continue;
      let data;
      try { data = JSON.parse(readFileSync(join(folder, file), "utf8")); } catch (e) { continue; }
      if (data !== null && typeof data === "object" && !Array.isArray(data) && "expect" in data) {
        found.push({ id: topic + "/" + file.slice(0, -5), folder, data });
      }
    }
  }
  return found;
}

/** The browser's expectation of a case: `expect` with `browser.expect` laid over it (null drops a step). */
function browserExpectation(data) {
  const expect = { verdict: data.expect.verdict, steps: { ...(data.expect.steps || {}) } };
  const override = data.browser && data.browser.expect ? data.browser.expect : {};
  if (override.verdict) expect.verdict = override.verdict;
  for (const [name, outcome] of Object.entries(override.steps || {})) {
    if (outcome === null) delete expect.steps[name];
    else expect.steps[name] = outcome;
  }
  return expect;
}

/** What differs from the expectation, in the same terms as tests/cases/case_table.py's `mismatches`. */
function mismatches(expect, result) {
  const problems = [];
  if (result.verdict !== String(expect.verdict).toUpperCase()) {
    problems.push("verdict " + JSON.stringify(result.verdict) + ", expected " + JSON.stringify(String(expect.verdict).toUpperCase()));
  }
  for (const [name, want] of Object.entries(expect.steps)) {
    const got = result.steps.filter((s) => s.name === name).map((s) => s.outcome);
    const wanted = Array.isArray(want) ? want.map((w) => OUTCOMES[w]) : Array(Math.max(1, got.length)).fill(OUTCOMES[want]);
    if (JSON.stringify(got) !== JSON.stringify(wanted)) {
      problems.push("step " + JSON.stringify(name) + ": " + (got.length ? JSON.stringify(got) : "absent") + ", expected " + JSON.stringify(wanted));
    }
  }
  for (const s of result.steps) {
    if ((s.outcome === "FAIL" || s.outcome === "UNKNOWN") && !(s.name in expect.steps)) {
      problems.push("step " + JSON.stringify(s.name) + " is " + s.outcome + " but the case does not name it");
    }
  }
  return problems;
}

async function runTable(root) {
  const results = [];
  for (const { id, folder, data } of caseFiles(root)) {
    const result = await runCase({ ...data, name: id }, folder, results.length);
    const expected = browserExpectation(data);
    results.push({ ...result, expected, mismatches: mismatches(expected, result) });
  }
  return results;
}

const arg = process.argv[2];
if (!arg) fail("usage: node verify-cases.mjs CASES.json|CASES_FOLDER (or - for stdin)");
let results;
if (arg !== "-" && statSync(arg, { throwIfNoEntry: false })?.isDirectory()) {
  results = await runTable(resolve(arg));
} else {
  let cases;
  try {
    cases = JSON.parse(readFileSync(arg === "-" ? 0 : arg, "utf8"));
  } catch (e) {
    fail("cannot read the cases: " + e.message);
  }
  if (!Array.isArray(cases)) fail("the cases must be a JSON list");
  const base = arg === "-" ? process.cwd() : dirname(resolve(arg));
  results = [];
  for (let i = 0; i < cases.length; i++) results.push(await runCase(cases[i], base, i));
}
process.stdout.write(JSON.stringify(results, null, 1) + "\n");
