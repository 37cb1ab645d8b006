#!/usr/bin/env node
// Verify many credentials in one process with Digital Bazaar's reference libraries, offline, and time it:
// the JS side of scripts/bench_reference.py (it lives here to use this folder's pinned npm packages).
//
// stdin:  {"credentials": [{...}, ...],
//          "documents": {"<url or DID>": <json>, ...},  // contexts and DID documents
//          "suites": ["eddsa-rdfc-2022"]}             // the proofs kept and verified (others are removed)
// stdout: {"count": N, "verified": N verified, "seconds": time of the verification loop alone}
// exit:   0 if every credential verified, 1 if not, 2 if the job is unusable.
//
// Status is not checked (checkStatus accepts): the benchmark times the proofs, as the DCC and
// Digital Bazaar verifiers spend it, not fetching. One credential is verified first, untimed, so that
// the loop measures steady work rather than module loading and first-use compilation.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as createEddsaJcs2022VerifyCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {makeDidDocumentLoader} from './did-loader.mjs';
import {emit, readJob} from './stdio.mjs';

const SUITES = {
  'eddsa-rdfc-2022': () => new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
  'eddsa-jcs-2022': () => new DataIntegrityProof({cryptosuite: createEddsaJcs2022VerifyCryptosuite()})
};

async function main() {
  const job = await readJob();
  if(job === null) {
    return;
  }
  const names = job.suites || ['eddsa-rdfc-2022'];
  if(!Array.isArray(job.credentials) || !job.credentials.length || names.some(n => !SUITES[n])) {
    emit({error: 'the job needs credentials and suites among ' + Object.keys(SUITES).join(', ')}, 2);
    return;
  }
  const suite = names.map(n => SUITES[n]());
  const {documentLoader} = makeDidDocumentLoader(job.documents || {});
  const checkStatus = async () => ({verified: true});
  const kept = job.credentials.map(c => ({...c, proof: [].concat(c.proof || []).filter(
    p => names.includes(p.cryptosuite))}));
  const verify = credential => vc.verifyCredential({credential, suite, documentLoader, checkStatus});
  await verify(kept[0]);
  let verified = 0;
  const start = performance.now();
  for(const credential of kept) {
    const result = await verify(credential);
    verified += result.verified === true ? 1 : 0;
  }
  const seconds = (performance.now() - start) / 1000;
  emit({count: kept.length, verified, seconds}, verified === kept.length ? 0 : 1);
}

await main();
