// The job protocol the interop scripts share: a JSON job on stdin, a JSON result on stdout, the exit code set,
// and a JSON-LD document loader that answers only from the job's documents (no network).

export function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on('data', c => chunks.push(c));
    process.stdin.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    process.stdin.on('error', reject);
  });
}

// The job from stdin, or null after emitting `failure` with the parse error (exit 2): each script's own shape.
export async function readJob(failure = {}) {
  try {
    return JSON.parse(await readStdin());
  } catch(e) {
    emit({...failure, error: `bad job JSON: ${e.message}`}, 2);
    return null;
  }
}

export function emit(result, code) {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.exitCode = code;
}

export function makeDocumentLoader(documents) {
  return async url => {
    if(Object.hasOwn(documents, url)) {
      return {contextUrl: null, documentUrl: url,
        document: JSON.parse(JSON.stringify(documents[url]))};
    }
    throw new Error(`documentLoader: ${url} is not in the job's documents (no network)`);
  };
}
