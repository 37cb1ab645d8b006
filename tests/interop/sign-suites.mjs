#!/usr/bin/env node
// Sign test credentials with Digital Bazaar's reference libraries, one per Data Integrity suite the browser
// verifier checks, with keys generated on every run (nothing secret is ever committed). Fully offline.
//
//   node tests/interop/sign-suites.mjs CONTEXTS_DIR SITE_URL
//
// CONTEXTS_DIR is registry/contexts (its manifest.json lists the bundled contexts the signer may use);
// SITE_URL the registry the did:web issuers belong to (https://host/). Prints
//   {"credentials": {"<name>": credential}, "documents": {"<url>": DID document}, "contexts": {"<url>": context}}
// `contexts` holds what the signers needed beyond the bundle (the Ed25519Signature2020 suite context), so a
// verifier can be given exactly that; `documents` the DID documents of the did:web issuers, by URL.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {cryptosuite as ecdsaRdfc2019} from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import {createSignCryptosuite as ecdsaJcs2019} from '@digitalbazaar/ecdsa-jcs-2019-cryptosuite';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {createSignCryptosuite as eddsaJcs2022} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {createDiscloseCryptosuite, createSignCryptosuite as ecdsaSd2023} from
  '@digitalbazaar/ecdsa-sd-2023-cryptosuite';
import {Ed25519Signature2020, suiteContext as ed2020Context} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';

const {purposes: {AssertionProofPurpose}} = jsigs;
const [contextsDir, siteUrl] = process.argv.slice(2);
if(!contextsDir || !siteUrl) {
  process.stderr.write('usage: node sign-suites.mjs CONTEXTS_DIR SITE_URL\n');
  process.exit(2);
}
const VC2 = 'https://www.w3.org/ns/credentials/v2';
const VC1 = 'https://www.w3.org/2018/credentials/v1';
const OB = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
const DID_V1 = 'https://www.w3.org/ns/did/v1';
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const JWS_2020 = 'https://w3id.org/security/suites/jws-2020/v1';

const contexts = new Map();
for(const entry of JSON.parse(readFileSync(join(contextsDir, 'manifest.json'), 'utf8'))) {
  contexts.set(entry.url, JSON.parse(readFileSync(join(contextsDir, entry.file), 'utf8')));
}
const extra = {};
if(!contexts.has(ed2020Context.CONTEXT_URL)) {
  extra[ed2020Context.CONTEXT_URL] = ed2020Context.CONTEXT;
  contexts.set(ed2020Context.CONTEXT_URL, ed2020Context.CONTEXT);
}

async function documentLoader(url) {
  if(contexts.has(url)) {
    return {contextUrl: null, documentUrl: url, document: structuredClone(contexts.get(url))};
  }
  throw new Error(`sign-suites: ${url} is not available offline`);
}

const host = new URL(siteUrl).host;
const didOf = name => `did:web:${encodeURIComponent(host)}:issuers:${name}`;
const didUrl = name => new URL(`issuers/${name}/did.json`, siteUrl).href;
const documents = {};

function didDocument(did, methods) {
  return {
    '@context': [DID_V1, MULTIKEY_V1, ed2020Context.CONTEXT_URL, JWS_2020],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map(m => m.id)
  };
}

function credential(issuer, {vc1 = false, name = 'Test badge'} = {}) {
  const doc = {
    '@context': vc1 ? [VC1, OB, ed2020Context.CONTEXT_URL] : [VC2, OB],
    id: `${siteUrl}credentials/${encodeURIComponent(name.toLowerCase().replace(/\W+/g, '-'))}.json`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {id: issuer, type: ['Profile'], name: 'Suite Tester'},
    name,
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: `${siteUrl}badges/suites/test`, type: ['Achievement'], name,
        description: 'Signed by Digital Bazaar libraries for the browser verifier tests.',
        criteria: {narrative: 'Be signed.'}
      }
    }
  };
  if(vc1) {
    doc.issuanceDate = '2026-03-02T10:00:00Z';
  } else {
    doc.validFrom = '2026-03-02T10:00:00Z';
  }
  return doc;
}

const sign = (doc, suite) => jsigs.sign(structuredClone(doc), {
  suite, purpose: new AssertionProofPurpose(), documentLoader
});
const date = new Date('2026-03-02T10:00:00Z');

// did:web issuers: one per key kind, each key in its DID document.
const ec256 = await EcdsaMultikey.generate({curve: 'P-256', controller: didOf('ec256'), id: `${didOf('ec256')}#key-1`});
const ec384 = await EcdsaMultikey.generate({curve: 'P-384', controller: didOf('ec384'), id: `${didOf('ec384')}#key-1`});
const ecjwk = await EcdsaMultikey.generate({curve: 'P-256', controller: didOf('ecjwk'), id: `${didOf('ecjwk')}#key-1`});
const ed = await Ed25519Multikey.generate({controller: didOf('ed'), id: `${didOf('ed')}#key-1`});
const ed2020 = await Ed25519VerificationKey2020.generate({controller: didOf('ed2020'), id: `${didOf('ed2020')}#key-1`});
for(const [name, key] of [['ec256', ec256], ['ec384', ec384], ['ed', ed]]) {
  const exported = await key.export({publicKey: true, includeContext: false});
  documents[didUrl(name)] = didDocument(didOf(name), [{...exported, type: 'Multikey'}]);
}
const jwk = await EcdsaMultikey.toJwk({keyPair: ecjwk});
documents[didUrl('ecjwk')] = didDocument(didOf('ecjwk'), [{
  id: ecjwk.id, type: 'JsonWebKey2020', controller: didOf('ecjwk'), publicKeyJwk: jwk
}]);
documents[didUrl('ed2020')] = didDocument(didOf('ed2020'), [ed2020.export({publicKey: true})]);

// did:key issuers: the key is the identifier.
const keyP256 = await EcdsaMultikey.generate({curve: 'P-256'});
keyP256.controller = `did:key:${keyP256.publicKeyMultibase}`;
keyP256.id = `${keyP256.controller}#${keyP256.publicKeyMultibase}`;
const keyEd = await Ed25519Multikey.generate();
keyEd.controller = `did:key:${keyEd.publicKeyMultibase}`;
keyEd.id = `${keyEd.controller}#${keyEd.publicKeyMultibase}`;

const di = (key, cryptosuite) => new DataIntegrityProof({signer: key.signer(), cryptosuite, date});
const credentials = {};
credentials['eddsa-rdfc-2022'] = await sign(credential(didOf('ed')), di(ed, eddsaRdfc2022));
credentials['eddsa-jcs-2022'] = await sign(credential(didOf('ed')), di(ed, eddsaJcs2022()));
credentials['ecdsa-rdfc-2019 P-256'] = await sign(credential(didOf('ec256')), di(ec256, ecdsaRdfc2019));
credentials['ecdsa-rdfc-2019 P-384'] = await sign(credential(didOf('ec384')), di(ec384, ecdsaRdfc2019));
credentials['ecdsa-jcs-2019 P-256'] = await sign(credential(didOf('ec256')), di(ec256, ecdsaJcs2019()));
credentials['ecdsa-jcs-2019 P-384'] = await sign(credential(didOf('ec384')), di(ec384, ecdsaJcs2019()));
credentials['ecdsa-rdfc-2019 JsonWebKey2020'] = await sign(credential(didOf('ecjwk')), di(ecjwk, ecdsaRdfc2019));
credentials['ecdsa-rdfc-2019 did:key'] = await sign(credential(keyP256.controller), di(keyP256, ecdsaRdfc2019));
credentials['eddsa-rdfc-2022 did:key'] = await sign(credential(keyEd.controller), di(keyEd, eddsaRdfc2022));
credentials['Ed25519Signature2020 VC 1.1'] = await sign(credential(didOf('ed2020'), {vc1: true}),
  new Ed25519Signature2020({key: ed2020, date}));
// A proof set: an ECDSA proof and an eddsa one by the same issuer? Different keys of different issuers
// cannot both speak for one issuer, so the P-256 issuer signs twice, with two suites.
const both = await sign(credential(didOf('ec256')), di(ec256, ecdsaRdfc2019));
const second = await sign(credential(didOf('ec256')), di(ec256, ecdsaJcs2019()));
credentials['ecdsa proof set'] = {...both, proof: [both.proof, second.proof]};
// ecdsa-sd-2023: a base proof, and the derived proof a holder would present.
const base = await sign(credential(didOf('ec256')), di(ec256, ecdsaSd2023({mandatoryPointers: ['/issuer', '/validFrom', '/name']})));
credentials['ecdsa-sd-2023 base'] = base;
credentials['ecdsa-sd-2023 derived'] = await jsigs.derive(base, {
  suite: new DataIntegrityProof({cryptosuite: createDiscloseCryptosuite({selectivePointers: ['/credentialSubject']})}),
  purpose: new AssertionProofPurpose(), documentLoader
});

process.stdout.write(JSON.stringify({credentials, documents, contexts: extra}, null, 1) + '\n');
