// Makes status list credentials with Digital Bazaar's own libraries (run by tests/verify/test_status_interop.py):
// @digitalbazaar/vc-status-list (StatusList2021) and @digitalbazaar/vc-bitstring-status-list (Bitstring Status
// List v1.0). Unsigned: the Python test signs them, so what is checked here is the list encoding itself.
//
//   stdin:  [{"kind": "2021" | "bitstring", "id": URL, "purpose": "revocation", "length": n, "set": [i, ...]}]
//   stdout: [credential, ...] in the same order

import * as sl2021 from "@digitalbazaar/vc-status-list";
import * as bitstring from "@digitalbazaar/vc-bitstring-status-list";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const jobs = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const out = [];
for (const job of jobs) {
  const lib = job.kind === "2021" ? sl2021 : bitstring;
  const list = await lib.createList({ length: job.length });
  for (const index of job.set) list.setStatus(index, true);
  out.push(await lib.createCredential({ id: job.id, list, statusPurpose: job.purpose }));
}
process.stdout.write(JSON.stringify(out));
