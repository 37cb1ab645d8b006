#!/usr/bin/env node
// Sign one document with Digital Bazaar's reference libraries, fully offline: an independent signer
// for tests (credreg's verifiers must accept what it signs, and reject it once tampered with).
//
// stdin:  {"suite": "ecdsa-rdfc-2019" | "ecdsa-jcs-2019" | "eddsa-rdfc-2022" | "eddsa-jcs-2022"
//                   | "Ed25519Signature2020",
//          "document": {...},                         // the unsigned document (any proof is kept: a proof set)
//          "key": {"type": "P-256" | "P-384" | "Ed25519",
//                  "jwk": {...},                      // optional, EC only: a private JWK (kty EC, crv, x, y, d)
//                  "seed": "<64 hex digits>"},        // optional, Ed25519 only; default for both: a new key
//          "controller": "did:key:… | did:web:… | https://…",   // optional; default: the key's did:key
//          "verificationMethod": "<id>",              // optional; default: <controller>#<publicKeyMultibase>
//          "created": "2026-03-02T10:00:00Z",         // optional; default: the real clock
//          "proofPurpose": "assertionMethod",         // optional
//          "documents": {"<url>": <json>, ...}}       // contexts the signer may load (nothing else is fetched)
// stdout: {"signed": {...}, "publicKeyMultibase": "z…",
//          "verificationMethod": {"id", "type", "controller", "publicKeyMultibase"},  // Multikey, or
//                                                     // Ed25519VerificationKey2020 for that suite
//          "error": null}
//         or {"signed": null, "error": "..."}
// exit:   0 if signed, 1 if signing failed, 2 if the job itself is unusable.
import jsigs from 'jsonld-signatures';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from
  '@digitalbazaar/ed25519-verification-key-2020';
import {cryptosuite as ecdsaRdfc2019} from
  '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createSignCryptosuite as createEcdsaJcs2019Sign} from
  '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {cryptosuite as eddsaRdfc2022} from
  '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as createEddsaJcs2022Sign} from
  '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {emit, makeDocumentLoader, readJob} from './stdio.mjs';

const {AssertionProofPurpose, ControllerProofPurpose} = jsigs.purposes;
const SUITES = {
  'ecdsa-rdfc-2019': ['EC', () => ecdsaRdfc2019],
  'ecdsa-jcs-2019': ['EC', () => createEcdsaJcs2019Sign()],
  'eddsa-rdfc-2022': ['Ed25519', () => eddsaRdfc2022],
  'eddsa-jcs-2022': ['Ed25519', () => createEddsaJcs2022Sign()],
  'Ed25519Signature2020': ['Ed25519', null]
};

function hexBytes(hex) {
  if(typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error('"key.seed" must be 64 hex digits');
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

// The signing key pair with its id and controller set; a did:key controller by default.
async function keyPair({suite, key = {}, controller, verificationMethod}) {
  const [family] = SUITES[suite];
  const type = key.type || (family === 'EC' ? 'P-256' : 'Ed25519');
  if((family === 'EC') !== (type !== 'Ed25519')) {
    throw new Error(`${suite} does not sign with a ${type} key`);
  }
  let pair;
  if(type === 'Ed25519') {
    const seed = key.seed ? hexBytes(key.seed) : undefined;
    pair = suite === 'Ed25519Signature2020' ?
      await Ed25519VerificationKey2020.generate({seed}) :
      await Ed25519Multikey.generate({seed});
  } else if(key.jwk) {
    if(key.jwk.crv !== type) {
      throw new Error(`"key.jwk" is a ${key.jwk.crv} key, not ${type}`);
    }
    pair = await EcdsaMultikey.fromJwk({jwk: key.jwk, secretKey: true});
  } else {
    pair = await EcdsaMultikey.generate({curve: type});
  }
  const multibase = pair.publicKeyMultibase ||
    (await pair.export({publicKey: true})).publicKeyMultibase;
  pair.controller = controller || `did:key:${multibase}`;
  pair.id = verificationMethod || `${pair.controller}#${multibase}`;
  return {pair, multibase};
}

async function main() {
  const job = await readJob({signed: null});
  if(job === null) {
    return;
  }
  const {suite: name, document, documents = {}, created, proofPurpose = 'assertionMethod'} = job;
  if(!Object.hasOwn(SUITES, name || '')) {
    emit({signed: null, error: `unknown suite ${JSON.stringify(name)}; ` +
      `one of ${Object.keys(SUITES).join(', ')}`}, 2);
    return;
  }
  if(!document || typeof document !== 'object') {
    emit({signed: null, error: 'job has no "document" object'}, 2);
    return;
  }
  try {
    const {pair, multibase} = await keyPair(job);
    const date = created ? new Date(created) : new Date();
    const suite = name === 'Ed25519Signature2020' ?
      new Ed25519Signature2020({key: pair, date}) :
      new DataIntegrityProof({signer: pair.signer(), cryptosuite: SUITES[name][1](), date});
    const purpose = proofPurpose === 'assertionMethod' ? new AssertionProofPurpose() :
      new ControllerProofPurpose({term: proofPurpose});
    const signed = await jsigs.sign(structuredClone(document), {
      suite, purpose, documentLoader: makeDocumentLoader(documents)
    });
    emit({
      signed,
      publicKeyMultibase: multibase,
      verificationMethod: {
        id: pair.id,
        type: name === 'Ed25519Signature2020' ? 'Ed25519VerificationKey2020' : 'Multikey',
        controller: pair.controller,
        publicKeyMultibase: multibase
      },
      error: null
    }, 0);
  } catch(e) {
    emit({signed: null, error: e.message || String(e)}, 1);
  }
}

await main();
