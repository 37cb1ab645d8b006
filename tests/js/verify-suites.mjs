// Runs the browser verifier's core under node on suite cases, offline, for tests/js/test_verify_suites_node.py.
//
//   node tests/js/verify-suites.mjs < JOB.json
//
// JOB is {"cases": [{"name", "credential": {...}, "documents": {"<url>": document | {"status": n}},
//                    "contexts": {"<url>": context}, "now", "siteUrl"?}],
//         "vectors": [{"name", "document": {...}, "publicKeyMultibase", "contexts"?}]}
// For each case: {"name", "verdict", "steps", "ms"} (the core's verifyCredential, contexts given as the
// `contexts` option, every other URL answering 404). For each vector: {"name", "hashData" (hex of what the
// proof signs; null for ecdsa-sd-2023), "problem" ("" when the signature verifies with the given key)}, so the
// W3C vectors' published intermediate values can be compared.
import { verifyCredential } from "../../registry/publish/assets/verify-core.js";
import { rdfcHashData } from "../../registry/publish/assets/verify-rdfc.js";
import { jcsHashData, signatureProblem } from "../../registry/publish/assets/verify-proof.js";
import { decodeAnyMultikey } from "../../registry/publish/assets/verify-keys.js";
import { hex } from "../../registry/publish/assets/verify-encoding.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const job = JSON.parse(Buffer.concat(chunks).toString("utf8"));

function mapFetch(documents) {
  return async (url) => {
    const doc = Object.prototype.hasOwnProperty.call(documents, url) ? documents[url] : { status: 404 };
    if (doc && typeof doc === "object" && Number.isInteger(doc.status) && Object.keys(doc).length === 1) {
      return new Response("", { status: doc.status });
    }
    return new Response(JSON.stringify(doc), { status: 200, headers: { "content-type": "application/json" } });
  };
}

const cases = [];
for (const item of job.cases || []) {
  const started = performance.now();
  const result = await verifyCredential(item.credential, {
    now: item.now, siteUrl: item.siteUrl, secureContext: true, contexts: item.contexts || {},
    fetch: mapFetch(item.documents || {}),
  });
  cases.push({ name: item.name, verdict: result.verdict, steps: result.steps, ms: Math.round(performance.now() - started) });
}
const vectors = [];
for (const item of job.vectors || []) {
  const proof = item.document.proof;
  const key = decodeAnyMultikey(item.publicKeyMultibase);
  const suite = proof.type === "DataIntegrityProof" ? proof.cryptosuite : proof.type;
  const hash = key.type === "P-384" ? "SHA-384" : "SHA-256";
  const hashData = suite === "ecdsa-sd-2023" ? null : hex(suite.includes("jcs") ? await jcsHashData(item.document, proof, hash)
    : await rdfcHashData(item.document, proof, hash, item.contexts || {}));
  const problem = await signatureProblem(item.document, proof, suite, key, item.contexts || {});
  vectors.push({ name: item.name, hashData, problem });
}
process.stdout.write(JSON.stringify({ cases, vectors }, null, 1) + "\n");
