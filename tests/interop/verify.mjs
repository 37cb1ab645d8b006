#!/usr/bin/env node
// Verify one credential with Digital Bazaar's reference libraries, fully offline.
//
// stdin:  {"credential": {...},
//          "documents": {"<url or DID>": <json>, ...},  // contexts, DID documents, status lists
//          "now": "2026-06-01T00:00:00Z"}               // optional; default: the real clock
// stdout: {"verified": bool, "results": [...], "error": "..." | null, ...details}
// exit:   0 if verified, 1 if not, 2 if the job itself is unusable.
//
// Suites: eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019 (P-256, P-384) and
// Ed25519Signature2020 (its key must be an Ed25519VerificationKey2020 whose DID document names
// https://w3id.org/security/suites/ed25519-2020/v1 in its @context).
//
// "verified" is stricter than @digitalbazaar/vc, which accepts a proof set as soon as ONE
// proof verifies: here EVERY proof in the credential must be matched by a suite and verify,
// and `dbVerified` reports DB's own verdict alongside.
//
// Status: if the job's documents hold the credential's statusListCredential, DB's own
// @digitalbazaar/vc-bitstring-status-list `checkStatus` runs (it verifies the status list
// credential's signature too, and reads the bit: `status.revoked`); every proof of the status
// list credential must verify as well (`status.listProofs`). Otherwise a checkStatus
// that accepts ({verified: true}) is passed, and `status.mode` says so.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createVerifyCryptosuite as createEddsaJcs2022VerifyCryptosuite} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {cryptosuite as ecdsaRdfc2019CryptoSuite} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createVerifyCryptosuite as createEcdsaJcs2019VerifyCryptosuite} from
  '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {checkStatus as bitstringCheckStatus} from
  '@digitalbazaar/vc-bitstring-status-list';
import {makeDidDocumentLoader} from './did-loader.mjs';
import {emit, readJob} from './stdio.mjs';


function message(error) {
  if(!error) {
    return null;
  }
  if(Array.isArray(error)) {
    return error.map(message).join('; ');
  }
  const parts = [error.message || String(error)];
  let cause = error.cause;
  while(cause) {
    parts.push(`cause: ${cause.message || String(cause)}`);
    cause = cause.cause;
  }
  return parts.join(' / ');
}

function summarizeProof(r) {
  return {
    cryptosuite: r.proof?.cryptosuite ?? null,
    type: r.proof?.type ?? null,
    verificationMethod: r.verificationMethod?.id ?? r.proof?.verificationMethod ?? null,
    verified: r.verified === true,
    purposeValid: r.purposeResult ?
      [].concat(r.purposeResult).every(p => p.valid) : null,
    error: message(r.error)
  };
}

async function main() {
  const job = await readJob({verified: false, results: []});
  if(job === null) {
    return;
  }
  const {credential, documents = {}, now} = job;
  if(!credential || typeof credential !== 'object') {
    emit({verified: false, results: [], error: 'job has no "credential" object'}, 2);
    return;
  }

  const rdfcSuite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite});
  const jcsSuite = new DataIntegrityProof({
    cryptosuite: createEddsaJcs2022VerifyCryptosuite()
  });
  const suite = [
    rdfcSuite, jcsSuite,
    new DataIntegrityProof({cryptosuite: ecdsaRdfc2019CryptoSuite}),
    new DataIntegrityProof({cryptosuite: createEcdsaJcs2019VerifyCryptosuite()}),
    new Ed25519Signature2020()
  ];
  const {documentLoader, requested, refused} = makeDidDocumentLoader(documents);

  const statusUrls = [].concat(credential.credentialStatus || [])
    .map(s => s && s.statusListCredential).filter(Boolean);
  const haveLists = statusUrls.length > 0 &&
    statusUrls.every(u => Object.hasOwn(documents, u));
  const status = {
    mode: !credential.credentialStatus ? 'none' :
      haveLists ? 'digitalbazaar-bitstring-status-list' : 'accept-stub',
    called: false
  };
  const checkStatus = async options => {
    status.called = true;
    if(status.mode === 'accept-stub') {
      process.stderr.write('verify.mjs: checkStatus called; no status list given, ' +
        'returning {verified: true} (signature verification still ran)\n');
      return {verified: true};
    }
    const r = await bitstringCheckStatus({...options, suite, documentLoader});
    // DB verified each status list credential by its "any proof" rule; also require every proof
    status.listProofs = [];
    for(const url of statusUrls) {
      const list = (await documentLoader(url)).document;
      const v = await vc.verifyCredential({credential: list, suite, documentLoader});
      status.listProofs.push(...(v.results || []).map(summarizeProof));
      if([].concat(list.proof || []).length !== (v.results || []).length) {
        status.listProofs.push({verified: false, error: `${url}: not every proof matched a suite`});
      }
    }
    status.verified = r.verified === true && status.listProofs.every(p => p.verified);
    status.error = message(r.error) ||
      (status.verified ? null : 'a status list proof did not verify');
    status.revoked = (r.results || []).map(x => x.status === true);
    process.stderr.write('verify.mjs: checkStatus ran DB vc-bitstring-status-list: ' +
      `verified=${status.verified} revoked=${JSON.stringify(status.revoked)}\n`);
    return r;
  };

  let result;
  try {
    result = await vc.verifyCredential({
      credential, suite, documentLoader, checkStatus,
      ...(now ? {now} : {})
    });
  } catch(e) {
    result = {verified: false, error: e};
  }

  const proofsIn = [].concat(credential.proof || []);
  const results = (result.results || []).map(summarizeProof);
  const allProofsVerified = proofsIn.length > 0 &&
    results.length === proofsIn.length && results.every(r => r.verified);
  const statusOk = status.mode === 'none' ||
    (status.called && (status.mode === 'accept-stub' || status.verified === true));
  const verified = result.verified === true && allProofsVerified && statusOk;

  let error = message(result.error);
  if(!error && !verified) {
    const failed = results.filter(r => !r.verified);
    error = results.length < proofsIn.length ?
      `only ${results.length} of ${proofsIn.length} proofs matched a suite` :
      failed.length ? failed.map(r => `${r.cryptosuite}: ${r.error}`).join('; ') :
        !statusOk ? `status check failed: ${status.error}` : 'not verified';
  }
  emit({
    verified,
    dbVerified: result.verified === true,
    proofCount: proofsIn.length,
    results,
    status,
    error,
    loaded: [...new Set(requested)],
    refused: [...new Set(refused)]
  }, verified ? 0 : 1);
}

await main();
