"""ecdsa-sd-2023 derived proofs: the W3C vc-di-ecdsa reveal document verifies, and a table of hostile edits
of it (statements, signatures, label map, indexes, headers, CBOR bombs, keys) each fails with its exact reason;
Digital Bazaar's verifier (under node, the one test here that needs it) refuses them too, bar four named ones."""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from support import INTEROP, NODE_TIMEOUT, VECTORS, context_documents

from registry.crypto.base58 import b58decode
from registry.crypto.canonical import rdfc
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH, without_proof
from registry.crypto.ecdsa_sd import ECDSA_SD, relabelled_nquads, verify_derived_proof
from registry.crypto.ecdsa_sd_cbor import BASE_PROOF, MAX_PROOF_VALUE_CHARS, parse_derived_proof_value

SD = VECTORS / "w3c-vc-di-ecdsa-sd"
REVEAL = json.loads((SD / "derivedRevealDocument.json").read_text(encoding="utf-8"))
KEYS = json.loads((SD / "publicKeys.json").read_text(encoding="utf-8"))


def p256(multibase: str) -> ec.EllipticCurvePublicKey:
    """A P-256 key from its publicKeyMultibase ("zDna…": 0x8024 ‖ compressed point)."""
    raw = b58decode(multibase[1:])
    assert raw[:2] == b"\x80\x24"
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:])


ISSUER_KEY = p256(KEYS["baseKeyPair"]["publicKeyMultibase"])
OTHER_KEY = p256(KEYS["proofKeyPair"]["publicKeyMultibase"])  # a real P-256 key, not the issuer's


def parts_of(doc: dict[str, Any]) -> list[Any]:
    """The five decoded CBOR parts of a document's derived proofValue."""
    raw = base64.urlsafe_b64decode(doc["proof"]["proofValue"][1:] + "==")
    return list(cbor2.loads(raw[3:]))


def with_payload(doc: dict[str, Any], payload: bytes, header: bytes = b"\xd9\x5d\x01") -> dict[str, Any]:
    """`doc` with its proofValue replaced by header ‖ payload."""
    out = copy.deepcopy(doc)
    out["proof"]["proofValue"] = "u" + base64.urlsafe_b64encode(header + payload).rstrip(b"=").decode()
    return out


def with_parts(doc: dict[str, Any], edit: Callable[[list[Any]], object]) -> dict[str, Any]:
    """`doc` with its proofValue's parts edited in place by `edit`, re-encoded."""
    parts = parts_of(doc)
    edit(parts)
    return with_payload(doc, cbor2.dumps(parts))


def edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A copy of the W3C reveal document, edited."""
    out = copy.deepcopy(REVEAL)
    edit(out)
    return out


def swap_first_signatures(parts: list[Any]) -> None:
    parts[2][0], parts[2][1] = parts[2][1], parts[2][0]


def merge_labels(parts: list[Any]) -> None:
    keys = sorted(parts[3])
    parts[3][keys[1]] = parts[3][keys[0]]


def resign_statements(doc: dict[str, Any]) -> dict[str, Any]:
    """An attacker's forgery: a changed statement, signed again with the attacker's own proof-scoped key."""
    forged = copy.deepcopy(doc)
    forged["credentialSubject"]["sailNumber"] = "Mars202"
    parts = parts_of(doc)
    attacker = ec.generate_private_key(ec.SECP256R1())
    labels = parse_derived_proof_value(doc["proof"]["proofValue"]).label_map
    quads = relabelled_nquads(rdfc(without_proof(forged)), labels)
    disclosed = [q for i, q in enumerate(quads) if i not in set(parts[4])]
    parts[2] = [_p1363(attacker.sign(q.encode(), ec.ECDSA(hashes.SHA256())), 32) for q in disclosed]
    parts[1] = b"\x80\x24" + attacker.public_key().public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
    return with_payload(forged, cbor2.dumps(parts))


def _p1363(der: bytes, size: int) -> bytes:
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def test_w3c_reveal_document_verifies() -> None:
    check = verify_derived_proof(REVEAL, REVEAL["proof"], ISSUER_KEY)
    assert check.ok, check.reason
    assert (check.cryptosuite, check.created) == (ECDSA_SD, "2023-08-15T23:36:38Z")
    assert check.verification_method == REVEAL["proof"]["verificationMethod"]


def test_typed_array_tag_64_is_accepted() -> None:
    """Digital Bazaar accepts byte strings written as CBOR tag 64 (uint8 typed array); so does credreg."""
    def tag_base_signature(parts: list[Any]) -> None:
        parts[0] = cbor2.CBORTag(64, parts[0])
    doc = with_parts(REVEAL, tag_base_signature)
    assert verify_derived_proof(doc, doc["proof"], ISSUER_KEY).ok


@dataclass(frozen=True)
class Case:
    name: str
    document: Callable[[], dict[str, Any]]
    reason: str
    key: Any = None  # the issuer key given to the verifier; default: the vector's issuer key


def _deep(depth: int) -> bytes:
    return bytes([0x81]) * depth + b"\x00"


def _sail_year(doc: dict[str, Any], year: int) -> None:
    doc["credentialSubject"]["sails"][0]["year"] = year


COUNT_MISMATCH = "the document has {} statements but the proof covers {} ({} mandatory, {} disclosed)"
SIGNATURES = len(parts_of(REVEAL)[2])
MANDATORY = len(parts_of(REVEAL)[4])
STATEMENTS = SIGNATURES + MANDATORY


def count_mismatch(statements: int, mandatory: int = MANDATORY, signatures: int = SIGNATURES) -> str:
    return COUNT_MISMATCH.format(statements, mandatory + signatures, mandatory, signatures)

CASES = [
    Case("tampered revealed value", lambda: edited(lambda d: d["credentialSubject"]["sails"][0].update(
        sailName="Kihei")), SIGNATURE_MISMATCH),
    Case("tampered mandatory value (issuer)", lambda: edited(lambda d: d.update(issuer="https://evil.example/")),
         SIGNATURE_MISMATCH),
    Case("tampered proof option (created)", lambda: edited(lambda d: d["proof"].update(
        created="2024-01-01T00:00:00Z")), SIGNATURE_MISMATCH),
    Case("statement added", lambda: edited(lambda d: d["credentialSubject"]["sails"][0].update(color="red")),
         count_mismatch(STATEMENTS + 1)),
    Case("statement dropped", lambda: edited(lambda d: d["credentialSubject"]["sails"][0].pop("year")),
         count_mismatch(STATEMENTS - 1)),
    Case("number changed to another that canonicalizes alike", lambda: edited(lambda d: _sail_year(d, 2022)),
         SIGNATURE_MISMATCH),
    Case("signatures swapped", lambda: with_parts(REVEAL, swap_first_signatures), SIGNATURE_MISMATCH),
    Case("one signature dropped", lambda: with_parts(REVEAL, lambda p: p[2].pop()),
         count_mismatch(STATEMENTS, signatures=SIGNATURES - 1)),
    Case("statements re-signed with the attacker's proof-scoped key", lambda: resign_statements(REVEAL),
         SIGNATURE_MISMATCH),
    Case("label map gives two blank nodes one id", lambda: with_parts(REVEAL, merge_labels),
         "labelMap gives two blank nodes the same id, which would merge them"),
    Case("label map lacks a blank node", lambda: with_parts(REVEAL, lambda p: p[3].pop(max(p[3]))),
         f"the proof's label map has no entry for blank node c14n{len(parts_of(REVEAL)[3]) - 1}"),
    Case("label map value of the wrong size", lambda: with_parts(REVEAL, lambda p: p[3].update({0: b"\x01" * 31})),
         "labelMap's entry for c14n0 is not a 32- or 48-byte HMAC value"),
    Case("label map key negative", lambda: with_parts(REVEAL, lambda p: p[3].update({-1: b"\x01" * 32})),
         "labelMap has a key that is not a non-negative integer"),
    Case("mandatoryIndexes out of range", lambda: with_parts(REVEAL, lambda p: (p[4].append(999), p[2].pop())),
         f"mandatoryIndexes names statement 999; the document has {STATEMENTS}"),
    Case("mandatoryIndexes duplicated", lambda: with_parts(REVEAL, lambda p: p[4].insert(0, p[4][0])),
         "mandatoryIndexes is not in strictly increasing order (an index is repeated or out of order)"),
    Case("mandatoryIndexes unsorted", lambda: with_parts(REVEAL, lambda p: p[4].reverse()),
         "mandatoryIndexes is not in strictly increasing order (an index is repeated or out of order)"),
    Case("mandatoryIndexes negative", lambda: with_parts(REVEAL, lambda p: p[4].insert(0, -1)),
         "mandatoryIndexes is not an array of non-negative integers"),
    Case("a mandatory statement presented as disclosed", lambda: with_parts(REVEAL, lambda p: p[4].pop()),
         count_mismatch(STATEMENTS, mandatory=MANDATORY - 1)),
    Case("a disclosed statement presented as mandatory", lambda: with_parts(
        REVEAL, lambda p: (p[4].__setitem__(slice(None), sorted(p[4] + [min(set(range(STATEMENTS)) - set(p[4]))])),
                           p[2].pop(0))), SIGNATURE_MISMATCH),
    Case("wrong header byte", lambda: with_payload(REVEAL, cbor2.dumps(parts_of(REVEAL)), b"\xd9\x5d\x02"),
         "proofValue does not start with the ecdsa-sd-2023 derived proof header d95d01 (it starts with d95d02)"),
    Case("base proof presented as derived", lambda: with_payload(REVEAL, cbor2.dumps(parts_of(REVEAL)),
                                                                 b"\xd9\x5d\x00"), BASE_PROOF),
    Case("not multibase base64url", lambda: edited(lambda d: d["proof"].update(proofValue="z" + "1" * 80)),
         "proofValue is not multibase base64url (it must start with 'u')"),
    Case("not base64url", lambda: edited(lambda d: d["proof"].update(proofValue="u2V0B+/=")),
         "proofValue is not valid base64url without padding"),
    Case("huge proofValue", lambda: edited(lambda d: d["proof"].update(proofValue="u" + "A" * MAX_PROOF_VALUE_CHARS)),
         f"proofValue has {MAX_PROOF_VALUE_CHARS + 1:,} characters; the limit is {MAX_PROOF_VALUE_CHARS:,}"),
    Case("CBOR bomb: array of 2**32 entries", lambda: with_payload(REVEAL, b"\x9b" + (2**32).to_bytes(8, "big")),
         "proofValue's CBOR declares an array of 4,294,967,296 entries, more than 0"),
    Case("CBOR bomb: 4 GiB byte string", lambda: with_payload(REVEAL, b"\x85\x5a\xff\xff\xff\xff\x00"),
         "proofValue's CBOR declares a 4,294,967,295-byte string where 1 bytes are left"),
    Case("CBOR bomb: map of 2**20 entries", lambda: with_payload(REVEAL, b"\xba\x00\x10\x00\x00" + b"\x00" * 64),
         "proofValue's CBOR declares a map of 1,048,576 entries, more than 64"),
    Case("CBOR bomb: deep nesting", lambda: with_payload(REVEAL, _deep(100_000)),
         "proofValue's CBOR is nested deeper than ecdsa-sd-2023's proof value"),
    Case("CBOR indefinite-length array", lambda: with_payload(REVEAL, b"\x9f\x00\xff"),
         "proofValue's CBOR uses an indefinite-length item, which ecdsa-sd-2023 does not"),
    Case("CBOR tag other than 64 (shared reference)", lambda: with_payload(REVEAL, b"\xd8\x1c\x80"),
         "proofValue uses CBOR tag 28, which ecdsa-sd-2023 does not"),
    Case("CBOR tag 64 around an integer", lambda: with_payload(REVEAL, b"\xd8\x40\x01"),
         "proofValue's CBOR tag 64 does not hold a byte string"),
    Case("CBOR text string", lambda: with_payload(REVEAL, b"\x61a"),
         "proofValue's CBOR holds a text string, which ecdsa-sd-2023's proof value does not"),
    Case("CBOR float", lambda: with_payload(REVEAL, b"\xf9\x3c\x00"),
         "proofValue's CBOR holds a float or simple value, which ecdsa-sd-2023's proof value does not"),
    Case("CBOR truncated in a byte string", lambda: with_payload(REVEAL, cbor2.dumps(parts_of(REVEAL))[:40]),
         "proofValue's CBOR declares a 64-byte string where 37 bytes are left"),
    Case("CBOR truncated in a header", lambda: with_payload(REVEAL, b"\x58"),
         "proofValue's CBOR ends in the middle of an item"),
    Case("CBOR empty", lambda: with_payload(REVEAL, b""), "proofValue's CBOR ends in the middle of an item"),
    Case("CBOR duplicate map key", lambda: with_payload(REVEAL, b"\x85\x40\x40\x80\xa2\x00\x40\x00\x40\x80"),
         "proofValue is not valid CBOR: error decoding map: Duplicate map key: 0"),
    Case("bytes after the CBOR value", lambda: with_payload(REVEAL, cbor2.dumps(parts_of(REVEAL)) + b"\x00"),
         "proofValue has 1 bytes after its CBOR value"),
    Case("four parts instead of five", lambda: with_parts(REVEAL, lambda p: p.pop()),
         "proofValue's CBOR is not an array of the five parts of a derived proof (baseSignature, publicKey, "
         "signatures, labelMap, mandatoryIndexes)"),
    Case("ephemeral key is P-384", lambda: with_parts(REVEAL, lambda p: p.__setitem__(1, b"\x81\x24" + b"\x02" * 49)),
         "publicKey is not 35 bytes of a P-256 Multikey (0x8024 and a compressed point)"),
    Case("ephemeral key has another multicodec", lambda: with_parts(REVEAL, lambda p: p.__setitem__(
        1, b"\xed\x01" + p[1][2:])),
         "the proof-scoped publicKey is not a P-256 Multikey (prefix 0xed01, expected 0x8024)"),
    Case("ephemeral key not on the curve", lambda: with_parts(REVEAL, lambda p: p.__setitem__(
        1, b"\x80\x24\x02" + b"\xff" * 32)), "the proof-scoped publicKey is not a point on P-256"),
    Case("statement signature of the wrong size", lambda: with_parts(REVEAL, lambda p: p[2].__setitem__(0, b"\x01")),
         "signatures is not an array of 64-byte P-256 signatures"),
    Case("base signature by another key", lambda: REVEAL, SIGNATURE_MISMATCH, OTHER_KEY),
    Case("issuer key of another curve (P-384)", lambda: REVEAL, "baseSignature has 64 bytes; a secp384r1 signature "
         "has 96", ec.generate_private_key(ec.SECP384R1()).public_key()),
    Case("issuer key is Ed25519", lambda: REVEAL, "the issuer's key is not a P-256 or P-384 key, which ecdsa-sd-2023 "
         "requires", Ed25519PrivateKey.generate().public_key()),
    Case("another cryptosuite", lambda: edited(lambda d: d["proof"].update(cryptosuite="ecdsa-rdfc-2019")),
         "not an ecdsa-sd-2023 DataIntegrityProof (type 'DataIntegrityProof', cryptosuite 'ecdsa-rdfc-2019')"),
    Case("created not a dateTime", lambda: edited(lambda d: d["proof"].update(created="yesterday")),
         "created 'yesterday' is not an XML Schema dateTime"),
    Case("undefined term in the document", lambda: edited(lambda d: d["@context"].pop()),
         "JSON-LD canonicalization failed: term 'boards' is not defined by the document's @context, "
         "so it would be left unsigned"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_hostile_derived_proofs(case: Case) -> None:
    document = case.document()
    check = verify_derived_proof(document, document["proof"], case.key or ISSUER_KEY)
    assert not check.ok
    assert check.reason == case.reason
    assert check.cryptosuite == ECDSA_SD


def test_p384_issuer_key_hashes_with_sha384() -> None:
    """The spec ties the hash to the issuer's curve: with P-384, proofHash and mandatoryHash are SHA-384 and the
    base signature is 96 bytes. No independent implementation makes these (Digital Bazaar's suite is P-256 only),
    so this re-signs the W3C vector's base signature with a P-384 key, over the bytes the spec defines."""
    issuer = ec.generate_private_key(ec.SECP384R1())
    parts = parts_of(REVEAL)
    labels = parse_derived_proof_value(REVEAL["proof"]["proofValue"]).label_map
    unsecured = without_proof(REVEAL)
    config = {k: v for k, v in REVEAL["proof"].items() if k != "proofValue"} | {"@context": unsecured["@context"]}
    quads = relabelled_nquads(rdfc(unsecured), labels)
    mandatory = "".join(q for i, q in enumerate(quads) if i in set(parts[4]))
    to_sign = hashlib.sha384(rdfc(config).encode()).digest() + parts[1] + hashlib.sha384(mandatory.encode()).digest()
    parts[0] = _p1363(issuer.sign(to_sign, ec.ECDSA(hashes.SHA384())), 48)
    doc = with_payload(REVEAL, cbor2.dumps(parts))
    assert verify_derived_proof(doc, doc["proof"], issuer.public_key()).ok
    parts[0] = _p1363(issuer.sign(to_sign, ec.ECDSA(hashes.SHA256())), 48)  # the right bytes, the wrong hash
    doc = with_payload(REVEAL, cbor2.dumps(parts))
    assert verify_derived_proof(doc, doc["proof"], issuer.public_key()).reason == SIGNATURE_MISMATCH


def test_never_raises_for_non_objects() -> None:
    not_a_document: Any = "x"
    check = verify_derived_proof(not_a_document, REVEAL["proof"], ISSUER_KEY)
    assert check.reason == "the document is not a JSON object"
    assert verify_derived_proof(REVEAL, not_a_document, ISSUER_KEY).reason == "proof is not a JSON object"
    no_vm = edited(lambda d: d["proof"].pop("verificationMethod"))
    assert verify_derived_proof(no_vm, no_vm["proof"], ISSUER_KEY).reason == "proof has no verificationMethod"


# Hostile edits that Digital Bazaar's verifier accepts and credreg refuses: each keeps the signed statements, but
# no conforming derivation writes it (an extra label-map entry with a negative key; mandatory indexes repeated,
# out of order or negative, which Digital Bazaar only tests with `includes`).
STRICTER_THAN_DIGITAL_BAZAAR = {"label map key negative", "mandatoryIndexes duplicated", "mandatoryIndexes unsorted",
                                "mandatoryIndexes negative"}


def test_digital_bazaar_on_the_hostile_table(node: str) -> None:
    """Every edit credreg refuses, Digital Bazaar's verifier (tests/interop/sign-sd.mjs, verify mode) refuses too,
    except the stricter ones listed; it accepts the unedited vector."""
    cases = [case for case in CASES if case.key is None and "verificationMethod" in case.document()["proof"]]
    documents = [REVEAL] + [case.document() for case in cases]
    key = KEYS["baseKeyPair"]["publicKeyMultibase"]
    request = {"verify": [{"document": doc, "publicKeyMultibase": key,
                           "verificationMethod": doc["proof"]["verificationMethod"]} for doc in documents],
               "documents": context_documents()}
    proc = subprocess.run([node, str(INTEROP / "sign-sd.mjs")], input=json.dumps(request), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    results = json.loads(proc.stdout or "{}").get("results", [])
    assert proc.returncode == 0 and len(results) == len(documents), proc.stdout + proc.stderr
    assert results[0]["verified"], results[0]["error"]
    accepted = {case.name for case, result in zip(cases, results[1:], strict=True) if result["verified"]}
    assert accepted == STRICTER_THAN_DIGITAL_BAZAAR
