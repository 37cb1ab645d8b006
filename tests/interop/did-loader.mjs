// A JSON-LD document loader that answers only from a job's documents (no network), DIDs included: a did:web
// is looked up by itself or by its did.json URL, and a DID URL with a fragment gets the key object, as did-io
// gives it. Shared by verify.mjs and verify-many.mjs; it records what was asked for and what it refused.

const DID_V1 = 'https://www.w3.org/ns/did/v1';

// did:web:<host>[:<path>...] -> https://<host>/<path...>/did.json (or /.well-known/did.json)
export function didWebUrl(did) {
  const parts = did.split(':');
  if(parts.length < 3 || parts[0] !== 'did' || parts[1] !== 'web') {
    return null;
  }
  const host = decodeURIComponent(parts[2]);
  const path = parts.slice(3).map(decodeURIComponent);
  return path.length ?
    `https://${host}/${path.join('/')}/did.json` :
    `https://${host}/.well-known/did.json`;
}

export function makeDidDocumentLoader(documents) {
  const requested = [];
  const refused = [];
  const clone = value => JSON.parse(JSON.stringify(value));
  const remote = (url, document) => ({contextUrl: null, documentUrl: url, document});

  function didDocument(did) {
    if(Object.hasOwn(documents, did)) {
      return clone(documents[did]);
    }
    const url = didWebUrl(did);
    if(url && Object.hasOwn(documents, url)) {
      return clone(documents[url]);
    }
    return null;
  }

  async function documentLoader(url) {
    requested.push(url);
    if(typeof url === 'string' && url.startsWith('did:')) {
      // DB's DataIntegrityProof asks for the verificationMethod id (a DID URL with a
      // fragment) and expects the key object back; the proof purpose then asks for the
      // controller (the bare DID) and expects the DID document.
      const [did, fragment] = url.split('#');
      const doc = didDocument(did);
      if(!doc) {
        refused.push(url);
        throw new Error(`documentLoader: no DID document given for ${did} ` +
          `(looked for "${did}" and "${didWebUrl(did)}")`);
      }
      if(doc.id !== did) {
        throw new Error(`documentLoader: DID document id "${doc.id}" is not "${did}"`);
      }
      if(fragment === undefined) {
        return remote(url, doc);
      }
      const methods = [].concat(doc.verificationMethod || []);
      const method = methods.find(m => m && typeof m === 'object' &&
        (m.id === url || m.id === `#${fragment}`));
      if(!method) {
        refused.push(url);
        throw new Error(`documentLoader: ${did} has no verificationMethod #${fragment}`);
      }
      // as did-io does: the key object, absolute id, carrying the DID document's context
      return remote(url, {'@context': doc['@context'] || DID_V1, ...method, id: url});
    }
    if(Object.hasOwn(documents, url)) {
      return remote(url, clone(documents[url]));
    }
    refused.push(url);
    throw new Error(`documentLoader: ${url} is not in the job's documents (no network)`);
  }
  return {documentLoader, requested, refused};
}
