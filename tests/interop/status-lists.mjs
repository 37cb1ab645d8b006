// Makes status list credentials with Digital Bazaar's own libraries (run by tests/verify/test_status_interop.py):
// @digitalbazaar/vc-status-list (StatusList2021) and @digitalbazaar/vc-bitstring-status-list (Bitstring Status
// List v1.0). With "seed" (64 hex digits) the list is also issued and signed by @digitalbazaar/vc with an
// eddsa-rdfc-2022 DataIntegrityProof, by the did:key of that Ed25519 seed; without it, it is left unsigned.
//
//   stdin:  {"contexts": {"<url>": context, ...},
//            "jobs": [{"kind": "2021" | "bitstring", "id": URL, "purpose": "revocation", "length": n,
//                      "set": [i, ...], "seed"?: hex, "validFrom"?: date-time}]}
//   stdout: [credential, ...] in the same order

import * as vc from "@digitalbazaar/vc";
import * as sl2021 from "@digitalbazaar/vc-status-list";
import * as bitstring from "@digitalbazaar/vc-bitstring-status-list";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const { contexts, jobs } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const documentLoader = async (url) => {
  if (!Object.prototype.hasOwnProperty.call(contexts, url)) throw new Error("not offline: " + url);
  return { contextUrl: null, documentUrl: url, document: contexts[url] };
};

const out = [];
for (const job of jobs) {
  const lib = job.kind === "2021" ? sl2021 : bitstring;
  const list = await lib.createList({ length: job.length });
  for (const index of job.set) list.setStatus(index, true);
  let credential = await lib.createCredential({ id: job.id, list, statusPurpose: job.purpose });
  if (job.seed) {
    const key = await Ed25519Multikey.generate({ seed: Buffer.from(job.seed, "hex") });
    const did = "did:key:" + key.publicKeyMultibase;
    key.controller = did;
    key.id = did + "#" + key.publicKeyMultibase;
    credential = { ...credential, issuer: did, validFrom: job.validFrom };
    const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022, date: job.validFrom });
    credential = await vc.issue({ credential, suite, documentLoader });
  }
  out.push(credential);
}
process.stdout.write(JSON.stringify(out));
