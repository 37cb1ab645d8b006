#!/usr/bin/env node
// Sign a document with an ecdsa-sd-2023 base proof and derive a selective-disclosure proof from it,
// with Digital Bazaar's reference libraries, fully offline: an independent signer for credreg's verifier.
//
// stdin:  {"document": {...},                      // unsigned credential
//          "mandatoryPointers": ["/issuer", ...],  // JSON pointers always disclosed
//          "selectivePointers": ["/credentialSubject/name", ...],  // disclosed by the holder
//          "verificationMethod": "did:web:...#key-1",  // optional; default: the key's did:key
//          "curve": "P-256",                         // optional; Digital Bazaar's suite supports P-256
//          "setIssuer": true,                        // optional: set `issuer` (or `issuer.id`) to the key's DID
//          "documents": {"<url>": <json>, ...}}     // contexts (nothing is fetched)
// stdout: {"base": {...}, "derived": {...}, "publicKeyMultibase": "zDna...", "verificationMethod": "..."}
// exit:   0 on success, 2 if the job cannot be done (the message is in "error").
// A fresh key pair is generated for every job and its secret never leaves this process.
//
// Verify mode, so a test can ask Digital Bazaar's verdict on the documents credreg judged, in one run:
// stdin:  {"verify": [{"document": {...derived...}, "publicKeyMultibase": "zDna...",
//                      "verificationMethod": "did:...#..."}, ...], "documents": {...}}
// stdout: {"results": [{"verified": bool, "error": "..." | null}, ...]} in the same order; exit 0.
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import {
  createDiscloseCryptosuite,
  createSignCryptosuite,
  createVerifyCryptosuite
} from '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import jsigs from 'jsonld-signatures';
import {emit, makeDocumentLoader, readJob} from './stdio.mjs';

const {purposes: {AssertionProofPurpose}} = jsigs;

function message(error) {
  const parts = [error?.message || String(error)];
  for(let cause = error?.cause; cause; cause = cause.cause) {
    parts.push(`cause: ${cause.message || String(cause)}`);
  }
  return parts.join(' / ');
}

// The verification method as a Multikey, and its controller document listing it under assertionMethod.
function keyDocumentLoader(documents, verificationMethod, publicKeyMultibase) {
  const controller = verificationMethod.split('#')[0];
  const method = {
    '@context': 'https://w3id.org/security/multikey/v1',
    id: verificationMethod, type: 'Multikey', controller, publicKeyMultibase
  };
  const controllerDocument = {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: controller, verificationMethod: [method], assertionMethod: [verificationMethod]
  };
  const contexts = makeDocumentLoader(documents);
  return async url => {
    if(url === verificationMethod) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(method)};
    }
    if(url === controller) {
      return {contextUrl: null, documentUrl: url, document: structuredClone(controllerDocument)};
    }
    return contexts(url);
  };
}

// Digital Bazaar's verdict on one derived document; never throws.
async function verifyOne({document, publicKeyMultibase, verificationMethod}, documents) {
  try {
    const result = await jsigs.verify(structuredClone(document), {
      suite: new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()}),
      purpose: new AssertionProofPurpose(),
      documentLoader: keyDocumentLoader(documents, verificationMethod, publicKeyMultibase)
    });
    const errors = [].concat(result.error?.errors || result.error || []);
    return {verified: result.verified === true,
      error: errors.length ? errors.map(message).join('; ') : null};
  } catch(e) {
    return {verified: false, error: message(e)};
  }
}

async function main() {
  const job = await readJob();
  if(job === null) {
    return;
  }
  if(Array.isArray(job.verify)) {
    const results = [];
    for(const item of job.verify) {
      results.push(await verifyOne(item, job.documents || {}));
    }
    emit({results}, 0);
    return;
  }
  const {
    document, mandatoryPointers = [], selectivePointers = [], documents = {},
    curve = 'P-256'
  } = job;
  if(!document || typeof document !== 'object') {
    emit({error: 'job has no "document" object'}, 2);
    return;
  }
  const generated = await EcdsaMultikey.generate({curve});
  const {publicKeyMultibase} = generated;
  const verificationMethod = job.verificationMethod ||
    `did:key:${publicKeyMultibase}#${publicKeyMultibase}`;
  const keyPair = await EcdsaMultikey.from({
    ...(await generated.export({publicKey: true, secretKey: true, includeContext: true})),
    id: verificationMethod,
    controller: verificationMethod.split('#')[0]
  });
  if(job.setIssuer) {
    const did = verificationMethod.split('#')[0];
    if(document.issuer && typeof document.issuer === 'object') {
      document.issuer.id = did;
    } else {
      document.issuer = did;
    }
  }
  const documentLoader = makeDocumentLoader(documents);
  try {
    const base = await jsigs.sign(structuredClone(document), {
      suite: new DataIntegrityProof({
        signer: keyPair.signer(),
        cryptosuite: createSignCryptosuite({mandatoryPointers})
      }),
      purpose: new AssertionProofPurpose(),
      documentLoader
    });
    const derived = await jsigs.derive(structuredClone(base), {
      suite: new DataIntegrityProof({
        cryptosuite: createDiscloseCryptosuite({selectivePointers})
      }),
      purpose: new AssertionProofPurpose(),
      documentLoader
    });
    emit({base, derived, publicKeyMultibase, verificationMethod}, 0);
  } catch(e) {
    emit({error: message(e)}, 2);
  }
}

await main();
