// Signs Open Badges 2.0 assertions as compact JWS (RS256) with node's own crypto, an implementation
// independent of credreg's. Reads {"bits": 2048, "header": {...}?, "payloads": {name: assertion}} on stdin,
// makes a fresh RSA key (never written anywhere) and prints {"publicKeyPem", "jws": {name: compact JWS}}.
import { generateKeyPairSync, sign } from "node:crypto";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: input.bits || 2048 });
const b64url = (text) => Buffer.from(text, "utf8").toString("base64url");
const header = b64url(JSON.stringify(input.header || { alg: "RS256", typ: "JWT" }));
const jws = {};
for (const [name, payload] of Object.entries(input.payloads)) {
  const signingInput = `${header}.${b64url(JSON.stringify(payload))}`;
  const signature = sign("sha256", Buffer.from(signingInput, "ascii"), privateKey).toString("base64url");
  jws[name] = `${signingInput}.${signature}`;
}
process.stdout.write(JSON.stringify({ publicKeyPem: publicKey.export({ type: "spki", format: "pem" }), jws }));
