// Makes keys and signs VC-JWTs with panva's `jose`, an implementation independent of credreg and PyJWT.
//
//   node tests/interop/jose-sign.mjs < REQUEST.json
//
// {"generate": {"<name>": "<alg>", ...}}  → {"<name>": {"private": JWK, "public": JWK}, ...}
//     fresh keys for one test session (the private JWKs live only in the test process, never in a file);
// {"sign": [{"name", "jwk": private JWK, "header": {...}, "payload": "<text>"}, ...]}  → {"<name>": JWS, ...}
//     each payload (text, so tests can sign malformed payloads too) under its protected header, alg included.

import { readFileSync } from "node:fs";
import { CompactSign, exportJWK, generateKeyPair, importJWK } from "jose";

const request = JSON.parse(readFileSync(0, "utf8"));
const out = {};
for (const [name, alg] of Object.entries(request.generate || {})) {
  const options = { extractable: true, ...(alg === "EdDSA" ? { crv: "Ed25519" } : alg === "RS256" ? { modulusLength: 2048 } : {}) };
  const pair = await generateKeyPair(alg, options);
  out[name] = { private: await exportJWK(pair.privateKey), public: await exportJWK(pair.publicKey) };
}
for (const job of request.sign || []) {
  const key = await importJWK(job.jwk, job.header.alg);
  out[job.name] = await new CompactSign(new TextEncoder().encode(job.payload)).setProtectedHeader(job.header).sign(key);
}
process.stdout.write(JSON.stringify(out));
