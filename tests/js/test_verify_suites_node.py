"""The browser verifier's core under node on every Data Integrity suite it checks, signed by Digital Bazaar.

tests/interop/sign-suites.mjs signs one credential per suite and key kind with Digital Bazaar's libraries
(eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019 and ecdsa-jcs-2019 with P-256 and P-384, a JsonWebKey2020
key, did:key issuers, Ed25519Signature2020 on VC 1.1, an ecdsa-sd-2023 derived proof), with keys made on
each run; tests/js/verify-suites.mjs runs the core (registry/publish/assets/verify-core.js) on them,
offline. Each named case gives the exact verdict and the outcome of the steps that decide it: every
genuine credential passes every proof, every tampered one fails it, and the hostile ones (key confusion,
unbundled contexts, safe-mode drops, a poison graph, off-curve points, private JWKs, unknown suites) get
the refusal they deserve, within the bound.
"""
from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import INTEROP, NODE_TIMEOUT, REPO

pytestmark = pytest.mark.node

RUNNER = REPO / "tests" / "js" / "verify-suites.mjs"
SITE = "https://registry.test/"
NOW = "2026-06-01T00:00:00Z"
P256_DID = "did:web:registry.test:issuers:ec256"
Doc = dict[str, Any]
Edit = Callable[[Doc, Doc], None]  # (credential, documents) → changed in place


@pytest.fixture(scope="module")
def signed(node: str) -> Doc:
    """{credentials, documents, contexts} from Digital Bazaar's signers (fresh keys each run)."""
    proc = subprocess.run([node, str(INTEROP / "sign-suites.mjs"), str(REPO / "registry" / "contexts"), SITE],
                          cwd=INTEROP, capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    result: Doc = json.loads(proc.stdout)
    return result


def run_core(node: str, job: Doc) -> Doc:
    proc = subprocess.run([node, str(RUNNER)], input=json.dumps(job), capture_output=True, text=True,
                          check=False, timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    result: Doc = json.loads(proc.stdout)
    return result


# --- edits -----------------------------------------------------------------------------------------

def rename(credential: Doc, documents: Doc) -> None:
    credential["name"] = "Changed after signing"


def add_context(url: str) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        credential["@context"] = [*credential["@context"], url]
    return edit


def add_field(key: str, value: Any) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        credential[key] = value
    return edit


def key_of(issuer: str, other: str) -> Edit:
    """Issuer `issuer`'s DID document now lists `other`'s key material under its own key id."""
    def edit(credential: Doc, documents: Doc) -> None:
        mine = documents[f"{SITE}issuers/{issuer}/did.json"]["verificationMethod"][0]
        theirs = documents[f"{SITE}issuers/{other}/did.json"]["verificationMethod"][0]
        for field in ("publicKeyMultibase", "publicKeyJwk"):
            mine.pop(field, None)
            if field in theirs:
                mine[field] = theirs[field]
        mine["type"] = theirs["type"]
    return edit


def method_field(issuer: str, **fields: Any) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        documents[f"{SITE}issuers/{issuer}/did.json"]["verificationMethod"][0].update(fields)
    return edit


def unreachable(issuer: str) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        documents[f"{SITE}issuers/{issuer}/did.json"] = {"status": 404}
    return edit


def proofs(*extra: Doc, keep: bool = True) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        credential["proof"] = ([credential["proof"]] if keep else []) + [copy.deepcopy(p) for p in extra]
    return edit


def proof_field(**fields: Any) -> Edit:
    def edit(credential: Doc, documents: Doc) -> None:
        credential["proof"].update(fields)
    return edit


def clique(size: int) -> Edit:
    """A poison graph: `size` look-alike blank-node achievements, each related to all the others."""
    def edit(credential: Doc, documents: Doc) -> None:
        labels = [f"_:p{i}" for i in range(size)]
        credential["credentialSubject"]["achievement"]["related"] = [
            {"id": label, "type": ["Achievement"], "related": [{"id": o} for o in labels if o != label]}
            for label in labels]
    return edit


def off_curve_multikey() -> str:
    """A compressed P-256 Multikey whose x has no y on the curve."""
    from registry.crypto.base58 import b58encode
    p = 2**256 - 2**224 + 2**192 + 2**96 - 1
    b = 0x5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B
    x = next(x for x in range(1, 100) if pow((x**3 - 3 * x + b) % p, (p - 1) // 2, p) == p - 1)
    return "z" + b58encode(bytes([0x80, 0x24, 0x02]) + x.to_bytes(32, "big"))


# --- the case table --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    credential: str                   # which signed credential (sign-suites.mjs's name)
    verdict: str
    steps: dict[str, str]             # step name → outcome, for the steps that decide the case
    why: str = ""                     # part of the detail of the first step in `steps`
    edit: Edit | None = None


GENUINE = [  # (signed credential, its proof steps)
    ("eddsa-rdfc-2022", {"proof 1 (eddsa-rdfc-2022)": "PASS"}),
    ("eddsa-jcs-2022", {"proof 1 (eddsa-jcs-2022)": "PASS"}),
    ("ecdsa-rdfc-2019 P-256", {"proof 1 (ecdsa-rdfc-2019)": "PASS"}),
    ("ecdsa-rdfc-2019 P-384", {"proof 1 (ecdsa-rdfc-2019)": "PASS"}),
    ("ecdsa-jcs-2019 P-256", {"proof 1 (ecdsa-jcs-2019)": "PASS"}),
    ("ecdsa-jcs-2019 P-384", {"proof 1 (ecdsa-jcs-2019)": "PASS"}),
    ("ecdsa-rdfc-2019 JsonWebKey2020", {"proof 1 (ecdsa-rdfc-2019)": "PASS"}),
    ("ecdsa-rdfc-2019 did:key", {"proof 1 (ecdsa-rdfc-2019)": "PASS"}),
    ("eddsa-rdfc-2022 did:key", {"proof 1 (eddsa-rdfc-2022)": "PASS"}),
    ("Ed25519Signature2020 VC 1.1", {"proof 1 (Ed25519Signature2020)": "PASS"}),
    ("ecdsa proof set", {"proof 1 (ecdsa-rdfc-2019)": "PASS", "proof 2 (ecdsa-jcs-2019)": "PASS"}),
    ("ecdsa-sd-2023 derived", {"proof 1 (ecdsa-sd-2023)": "PASS"}),
]
SD = "proof 1 (ecdsa-sd-2023)"
BAD = "signature does not verify"
POISON = "JSON-LD canonicalization failed: "
NOT_BUNDLED = "JSON-LD context https://evil.example/ctx.json is not bundled with credreg"
UNKNOWN_SUITE = {"type": "DataIntegrityProof", "cryptosuite": "bbs-2023", "proofPurpose": "assertionMethod",
                 "verificationMethod": f"{P256_DID}#key-1", "proofValue": "u2V0BhVhA"}
RSA_2018 = {"type": "RsaSignature2018", "proofPurpose": "assertionMethod", "jws": "e30..e30"}

CASES = [
    # a did:key issuer is bound by no registry: genuine, but ISSUER NOT VERIFIED (its issuer step warns)
    *[Case(f"genuine {name}", name, "ISSUER NOT VERIFIED" if "did:key" in name else "VALID", steps)
      for name, steps in GENUINE],
    *[Case(f"tampered {name}", name, "INVALID", {step: "FAIL" for step in steps}, BAD, rename)
      for name, steps in GENUINE],
    # ecdsa-sd-2023: what the holder disclosed, what the issuer made mandatory, and the proof value itself
    Case("sd: mandatory statement changed", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"}, BAD.split(" does")[0],
         lambda c, d: c["issuer"].update(name="Someone Else")),
    Case("sd: disclosed statement changed", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"},
         "does not verify: it was changed after signing",
         lambda c, d: c["credentialSubject"]["achievement"].update(name="Forged")),
    Case("sd: disclosed statement dropped", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"},
         "disclosed statements, but the credential has",
         lambda c, d: c["credentialSubject"]["achievement"].pop("description")),
    Case("sd: base proof handed over", "ecdsa-sd-2023 base", "INVALID", {SD: "FAIL"}, "base proof, which its holder keeps"),
    Case("sd: not CBOR", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"}, "is not valid CBOR",
         lambda c, d: c["proof"].update(proofValue="u2V0B_w")),
    Case("sd: base58 proof value", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"}, "must start with 'u'",
         lambda c, d: c["proof"].update(proofValue="z3FXQ")),
    Case("sd: P-256 suite, Ed25519 key", "ecdsa-sd-2023 derived", "INVALID", {SD: "FAIL"},
         "needs a key of type P-256", key_of("ec256", "ed")),
    # the proof rule: unknown kinds warn and are not counted
    Case("unknown cryptosuite beside a good proof", "ecdsa-rdfc-2019 P-256", "VALID",
         {"proof 1 (ecdsa-rdfc-2019)": "PASS", "proof 2 (bbs-2023)": "WARN"}, edit=proofs(UNKNOWN_SUITE)),
    Case("only an unknown proof type", "ecdsa-rdfc-2019 P-256", "CANNOT VERIFY",
         {"proof 1 (RsaSignature2018)": "WARN", "proofs": "UNKNOWN"}, "not one this verifier knows",
         proofs(RSA_2018, keep=False)),
    Case("a 2020 suite dressed as a cryptosuite", "Ed25519Signature2020 VC 1.1", "CANNOT VERIFY",
         {"proof 1 (Ed25519Signature2020)": "WARN", "proofs": "UNKNOWN"}, "not one this verifier knows",
         proof_field(type="DataIntegrityProof", cryptosuite="Ed25519Signature2020")),
    Case("unknown beside a failing proof", "ecdsa-rdfc-2019 P-256", "INVALID",
         {"proof 1 (ecdsa-rdfc-2019)": "FAIL", "proof 2 (bbs-2023)": "WARN"}, BAD,
         lambda c, d: (rename(c, d), proofs(UNKNOWN_SUITE)(c, d))),
    Case("key unreachable", "ecdsa-rdfc-2019 P-256", "CANNOT VERIFY",
         {"proof 1 (ecdsa-rdfc-2019)": "UNKNOWN", "proofs": "UNKNOWN"}, "HTTP 404", unreachable("ec256")),
    # key and algorithm confusion
    Case("ecdsa proof, Ed25519 key", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "ecdsa-rdfc-2019 needs a key of type P-256 or P-384", key_of("ec256", "ed")),
    Case("eddsa proof, P-256 key", "eddsa-rdfc-2022", "INVALID", {"proof 1 (eddsa-rdfc-2022)": "FAIL"},
         "eddsa-rdfc-2022 needs a key of type Ed25519", key_of("ed", "ec256")),
    Case("P-384 signature, P-256 key", "ecdsa-jcs-2019 P-384", "INVALID", {"proof 1 (ecdsa-jcs-2019)": "FAIL"},
         "the signature has 96 bytes", key_of("ec384", "ec256")),
    Case("another P-256 key", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"}, BAD,
         key_of("ec256", "ecjwk")),
    Case("off-curve point", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "is not a point on the curve", method_field("ec256", publicKeyMultibase=off_curve_multikey())),
    Case("private JWK", "ecdsa-rdfc-2019 JsonWebKey2020", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "private or symmetric key material",
         lambda c, d: d[f"{SITE}issuers/ecjwk/did.json"]["verificationMethod"][0]["publicKeyJwk"].update(d="AA")),
    Case("symmetric JWK", "ecdsa-rdfc-2019 JsonWebKey2020", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "private or symmetric key material", method_field("ecjwk", publicKeyJwk={"kty": "oct", "k": "c2VjcmV0"})),
    Case("did:key naming another key", "ecdsa-rdfc-2019 did:key", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "names a key other than the one in its did:key",
         lambda c, d: c["proof"].update(verificationMethod=c["proof"]["verificationMethod"].split("#")[0] + "#x")),
    Case("P-256 key of another issuer", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "but the issuer is", lambda c, d: c["issuer"].update(id="did:web:registry.test:issuers:ecjwk")),
    Case("signature truncated", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "the signature has", lambda c, d: c["proof"].update(proofValue=c["proof"]["proofValue"][:40])),
    Case("jcs proof @context not the document's", "ecdsa-jcs-2019 P-256", "INVALID",
         {"proof 1 (ecdsa-jcs-2019)": "FAIL"}, "is not the start of the document's @context",
         lambda c, d: c["proof"].update({"@context": ["https://www.w3.org/2018/credentials/v1"]})),
    Case("too many proofs", "ecdsa-jcs-2019 P-256", "INVALID", {"proofs": "FAIL"}, "carries 17 proofs",
         lambda c, d: c.update(proof=[c["proof"]] * 17)),
    # hostile JSON-LD
    Case("unbundled context", "eddsa-rdfc-2022", "INVALID", {"proof 1 (eddsa-rdfc-2022)": "FAIL"}, NOT_BUNDLED,
         add_context("https://evil.example/ctx.json")),
    Case("unbundled context, ECDSA", "ecdsa-rdfc-2019 P-384", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         NOT_BUNDLED, add_context("https://evil.example/ctx.json")),
    Case("undefined term (safe mode)", "eddsa-rdfc-2022", "INVALID", {"proof 1 (eddsa-rdfc-2022)": "FAIL"},
         "JSON-LD safe mode refused the document", add_field("notInAnyContext", "dropped unless refused")),
    Case("relative IRI (safe mode)", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "JSON-LD safe mode refused the document", add_field("id", "relative/credential")),
    # poison graphs: refused by the work limit (n ** 3 runs) or the 3 s deadline, whichever comes first
    Case("poison graph", "eddsa-rdfc-2022", "INVALID", {"proof 1 (eddsa-rdfc-2022)": "FAIL"}, POISON, clique(10)),
    Case("bigger poison graph", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"}, POISON,
         clique(20)),
    Case("too many objects", "ecdsa-rdfc-2019 P-256", "INVALID", {"proof 1 (ecdsa-rdfc-2019)": "FAIL"},
         "holds more than 1000 objects and arrays",
         lambda c, d: c["credentialSubject"].update(extra=[{"a": [i]} for i in range(600)])),
]


@pytest.fixture(scope="module")
def results(node: str, signed: Doc) -> dict[str, Doc]:
    cases = []
    for case in CASES:
        credential = copy.deepcopy(signed["credentials"][case.credential])
        documents = copy.deepcopy(signed["documents"])
        if case.edit:
            case.edit(credential, documents)
        cases.append({"name": case.name, "credential": credential, "documents": documents,
                      "contexts": signed["contexts"], "now": NOW, "siteUrl": SITE})
    return {r["name"]: r for r in run_core(node, {"cases": cases})["cases"]}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_suite_case(results: dict[str, Doc], case: Case) -> None:
    result = results[case.name]
    outcomes = {s["name"]: s["outcome"] for s in result["steps"]}
    assert (result["verdict"], {name: outcomes.get(name) for name in case.steps}) == (case.verdict, case.steps), \
        result["steps"]
    proof_steps = {n: o for n, o in outcomes.items() if n.startswith("proof")}
    assert proof_steps == case.steps, "a proof step the case does not expect"
    if case.why:
        first = next(s for s in result["steps"] if s["name"] == next(iter(case.steps)))
        assert case.why in first["detail"], first
    assert result["ms"] < 8000, "the check must end within its bound (3 s per canonicalization)"
    if case.why == POISON:
        assert any(part in first["detail"] for part in ("(a poison graph)", "ran past its deadline of 3 s")), first


def test_genuine_credentials_check_out_end_to_end(results: dict[str, Doc]) -> None:
    """A genuine credential of this registry's own issuers passes every other step the browser makes too."""
    result = results["genuine ecdsa-rdfc-2019 P-384"]
    assert [(s["name"], s["outcome"]) for s in result["steps"]] == [
        ("format", "PASS"), ("schema", "WARN"), ("issuer", "PASS"), ("proof 1 (ecdsa-rdfc-2019)", "PASS"),
        ("status", "WARN"), ("valid from", "PASS"), ("valid until", "PASS")]
    vc11 = results["genuine Ed25519Signature2020 VC 1.1"]
    assert vc11["steps"][0] == {"name": "format", "outcome": "PASS",
                                "detail": "VC 1.1 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)"}


def test_signer_made_what_the_cases_expect(signed: Doc) -> None:
    """The signed credentials are of the suites and key kinds their names say (nothing was faked)."""
    creds = signed["credentials"]
    assert creds["ecdsa-rdfc-2019 P-384"]["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    assert signed["documents"][f"{SITE}issuers/ec384/did.json"]["verificationMethod"][0]["publicKeyMultibase"] \
        .startswith("z82")
    assert creds["ecdsa-rdfc-2019 did:key"]["issuer"]["id"].startswith("did:key:zDn")
    assert creds["Ed25519Signature2020 VC 1.1"]["proof"]["type"] == "Ed25519Signature2020"
    assert "issuanceDate" in creds["Ed25519Signature2020 VC 1.1"]
    assert signed["documents"][f"{SITE}issuers/ecjwk/did.json"]["verificationMethod"][0]["publicKeyJwk"]["crv"] \
        == "P-256"
    assert not any("d" in m.get("publicKeyJwk", {}) for doc in signed["documents"].values()
                   for m in doc["verificationMethod"])


def test_runner_path_is_in_the_repository() -> None:
    assert isinstance(RUNNER, Path) and RUNNER.is_file()
