"""Status entries against real signed lists, one named case per row: Bitstring Status List, StatusList2021,
RevocationList2020 and 1EdTech, every entry its own step, and the hostile lists a verifier must not believe.

Lists and credentials are signed here (eddsa-jcs-2022, a did:key issuer) and served from memory; the status
steps are checked exactly, and the verdict they add up to."""
from __future__ import annotations

import base64
import copy
import gzip
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from support import TEST_KEY, TEST_PUBLIC, foreign_credential

from registry.crypto.dataintegrity import create_proof
from registry.crypto.multikey import encode_public_key
from registry.ob3.statuslist import encode
from registry.verify.fetch import Fetcher
from registry.verify.status import check_status, list_problems
from registry.verify.steps import Step, VerificationResult

NOW = datetime(2026, 6, 1, tzinfo=UTC)
DID = f"did:key:{TEST_PUBLIC}"
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))
OTHER_PUBLIC = encode_public_key(OTHER_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
OTHER_DID = f"did:key:{OTHER_PUBLIC}"
BASE = "https://issuer.example/status/"
V1 = "https://www.w3.org/2018/credentials/v1"
V2 = "https://www.w3.org/ns/credentials/v2"


def sign(doc: dict[str, Any], key: Ed25519PrivateKey = TEST_KEY, did: str = DID) -> dict[str, Any]:
    vm = f"{did}#{did.removeprefix('did:key:')}"
    return {**doc, "proof": create_proof(doc, key, vm, "eddsa-jcs-2022", "2026-01-01T00:00:00Z")}


def plain64(indexes: list[int], size: int = 131_072) -> str:
    """The 2020/2021 drafts' encodedList: base64url of GZIP, no multibase prefix."""
    return encode(indexes, size)[1:]  # encode() writes 'u' + unpadded base64url


def status_list(name: str, kind: str = "bitstring", purpose: str | None = "revocation", set_: tuple[int, ...] = (),
                **extra: Any) -> dict[str, Any]:
    """A list credential of `kind` at BASE + name, unsigned."""
    types = {"bitstring": ("BitstringStatusListCredential", "BitstringStatusList"),
             "2021": ("StatusList2021Credential", "StatusList2021"),
             "2020": ("RevocationList2020Credential", "RevocationList2020")}[kind]
    subject: dict[str, Any] = {"id": f"{BASE}{name}#list", "type": types[1],
                               "encodedList": encode(set_) if kind == "bitstring" else plain64(list(set_))}
    if purpose is not None:
        subject["statusPurpose"] = purpose
    doc = {"@context": [V2] if kind == "bitstring" else [V1], "id": BASE + name,
           "type": ["VerifiableCredential", types[0]], "issuer": DID, "credentialSubject": subject}
    doc["validFrom" if kind == "bitstring" else "issuanceDate"] = "2026-01-01T00:00:00Z"
    return {**doc, **extra}


def entry(name: str, index: int | str, purpose: str = "revocation", kind: str = "bitstring", **extra: Any) -> dict[str, Any]:
    if kind == "2020":
        return {"id": f"{BASE}{name}#{index}", "type": "RevocationList2020Status",
                "revocationListIndex": str(index), "revocationListCredential": BASE + name, **extra}
    return {"id": f"{BASE}{name}#{index}", "type": "BitstringStatusListEntry" if kind == "bitstring" else "StatusList2021Entry",
            "statusPurpose": purpose, "statusListIndex": str(index), "statusListCredential": BASE + name, **extra}


def tampered(doc: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(doc)
    changed["credentialSubject"]["encodedList"] = encode([])  # clears the revocation after signing
    return changed


def bomb() -> dict[str, Any]:
    packed = gzip.compress(bytes(17 * 1024 * 1024), mtime=0)
    doc = status_list("bomb")
    doc["credentialSubject"]["encodedList"] = "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")
    return sign(doc)


REVOKED_7 = sign(status_list("1", set_=(7,)))
LISTS: dict[str, Any] = {
    "1": REVOKED_7,
    "suspended": sign(status_list("suspended", purpose="suspension", set_=(3,))),
    "2021": sign(status_list("2021", kind="2021", set_=(42,))),
    "2020": sign(status_list("2020", kind="2020", purpose=None, set_=(9,))),
    "message": sign(status_list("message", purpose="message", set_=(10,))),  # entry 5 of size 2 = 0b10
    "refresh": sign(status_list("refresh", purpose="refresh", set_=(1,))),
    "other-issuer": sign({**status_list("other-issuer"), "issuer": OTHER_DID}, OTHER_KEY, OTHER_DID),
    "wrong-id": sign(status_list("wrong-id", id=BASE + "1")),
    "expired": sign(status_list("expired", validUntil="2026-03-01T00:00:00Z")),
    "ends-now": sign(status_list("ends-now", validUntil="2026-06-01T00:00:00Z")),  # NOW: valid through its end
    "expired-2021": sign(status_list("expired-2021", kind="2021", expirationDate="2026-03-01T00:00:00Z")),
    "future": sign(status_list("future", validFrom="2027-01-01T00:00:00Z")),
    "garbled-date": sign(status_list("garbled-date", validFrom="soon")),
    "wrong-type": sign(status_list("wrong-type", kind="2021")),
    "wrong-subject": sign({**status_list("wrong-subject"), "credentialSubject": {
        **status_list("wrong-subject")["credentialSubject"], "type": "StatusList2021"}}),
    "unsigned": status_list("unsigned"),
    "tampered": tampered(REVOKED_7),
    "bomb": bomb(),
    "no-prefix": sign({**status_list("no-prefix"), "credentialSubject": {
        **status_list("no-prefix")["credentialSubject"], "encodedList": plain64([])}}),
    "garbage": sign({**status_list("garbage"), "credentialSubject": {
        **status_list("garbage")["credentialSubject"], "encodedList": "u" + "!" * 5000}}),
    "small": sign({**status_list("small"), "credentialSubject": {
        **status_list("small")["credentialSubject"], "encodedList": encode([], 64)}}),
}

MESSAGES = [{"status": "0x0", "message": "in good standing"}, {"status": "0x2", "message": "under review"}]

# (name, credentialStatus, expected verdict, expected status steps in order, part of the first non-pass detail)
Row = tuple[str, Any, str, list[tuple[str, str]], str]
CASES: list[Row] = [
    ("bitstring-not-set", entry("1", 6), "valid", [("status (revocation)", "pass")], ""),
    ("bitstring-revoked", entry("1", 7), "revoked", [("status (revocation)", "fail")],
     f"entry 7 of {BASE}1 is set: the credential is revoked"),
    ("suspended", entry("suspended", 3, "suspension"), "suspended", [("status (suspension)", "fail")], "suspended"),
    ("two-entries-one-suspended", [entry("1", 6), entry("suspended", 3, "suspension")], "suspended",
     [("status (revocation)", "pass"), ("status (suspension)", "fail")], "is set"),
    ("two-entries-second-revoked", [entry("1", 6), entry("1", 7)], "revoked",
     [("status (revocation)", "pass"), ("status (revocation)", "fail")], f"entry 7 of {BASE}1"),
    ("statuslist2021-not-set", entry("2021", 41, kind="2021"), "valid", [("status (revocation)", "pass")], ""),
    ("statuslist2021-revoked", entry("2021", 42, kind="2021"), "revoked", [("status (revocation)", "fail")], "is set"),
    ("revocationlist2020-not-set", entry("2020", 8, kind="2020"), "valid", [("status (revocation)", "pass")], ""),
    ("revocationlist2020-revoked", entry("2020", 9, kind="2020"), "revoked", [("status (revocation)", "fail")],
     f"entry 9 of {BASE}2020 is set"),
    ("message-purpose", entry("message", 5, "message", statusSize=2, statusMessage=MESSAGES), "valid",
     [("status (message)", "warning")], "holds status 0x2 ('under review')"),
    ("message-purpose-zero", entry("message", 0, "message", statusSize=2, statusMessage=MESSAGES), "valid",
     [("status (message)", "pass")], ""),
    ("refresh-purpose", entry("refresh", 1, "refresh"), "valid", [("status (refresh)", "warning")], "newer version"),
    ("unknown-purpose", entry("1", 7, "audit"), "valid", [("status (audit)", "warning")], "not one this verifier knows"),
    ("list-of-another-issuer", entry("other-issuer", 1), "status unknown", [("status (revocation)", "unknown")],
     f"issued by '{OTHER_DID}', not the credential's issuer"),
    ("list-id-is-not-its-url", entry("wrong-id", 1), "status unknown", [("status (revocation)", "unknown")],
     f"its id '{BASE}1' is not its URL"),
    ("list-ending-this-instant", entry("ends-now", 1), "valid", [("status (revocation)", "pass")], ""),
    ("expired-list", entry("expired", 1), "status unknown", [("status (revocation)", "unknown")],
     "the list expired at 2026-03-01T00:00:00Z"),
    ("expired-2021-list", entry("expired-2021", 1, kind="2021"), "status unknown",
     [("status (revocation)", "unknown")], "the list expired at 2026-03-01T00:00:00Z"),
    # a list newer than the verifier's clock is today's list read with a clock in the past (--now): believed
    ("list-newer-than-the-clock", entry("future", 1), "valid", [("status (revocation)", "pass")], ""),
    ("list-with-a-garbled-date", entry("garbled-date", 1), "status unknown", [("status (revocation)", "unknown")],
     "its validFrom 'soon' is not a date-time with a zone"),
    ("purpose-mismatch", entry("1", 7, "suspension"), "status unknown", [("status (suspension)", "unknown")],
     "the list's purpose 'revocation' is not 'suspension'"),
    ("index-beyond-the-list", entry("1", 131_072), "status unknown", [("status (revocation)", "unknown")],
     "status index 131072 is outside the list of 131072 entries"),
    ("index-in-unicode-digits", entry("1", "\u00b9\u00b2"), "invalid", [("status (revocation)", "fail")],
     "is not a number in ASCII digits"),
    ("index-thousands-of-digits", entry("1", "9" * 5000), "invalid", [("status (revocation)", "fail")],
     "is not a number in ASCII digits"),
    ("gzip-bomb", entry("bomb", 1), "status unknown", [("status (revocation)", "unknown")],
     "encodedList expands to more than 16 MiB"),
    ("2021-list-for-a-bitstring-entry", entry("wrong-type", 1), "status unknown", [("status (revocation)", "unknown")],
     "it is not a BitstringStatusListCredential"),
    ("wrong-subject-type", entry("wrong-subject", 1), "status unknown", [("status (revocation)", "unknown")],
     "its credentialSubject is not a BitstringStatusList"),
    ("list-unreachable", entry("missing", 1), "status unknown", [("status (revocation)", "unknown")],
     "status list unavailable"),
    ("unsigned-list", entry("unsigned", 1), "status unknown", [("status (revocation)", "unknown")],
     "carries no proof"),
    ("list-changed-after-signing", entry("tampered", 7), "status unknown", [("status (revocation)", "unknown")],
     "signature does not verify"),
    ("bitstring-without-multibase-prefix", entry("no-prefix", 1), "status unknown", [("status (revocation)", "unknown")],
     "does not start with 'u'"),
    ("garbage-encoded-list", entry("garbage", 1), "status unknown", [("status (revocation)", "unknown")],
     "is not base64url"),
    ("list-smaller-than-the-index", entry("small", 64), "status unknown", [("status (revocation)", "unknown")],
     "outside the list of 64 entries"),
    ("status-size-2-for-revocation", entry("1", 1, statusSize=2), "invalid", [("status (revocation)", "fail")],
     "statusSize 2 is not"),
    ("no-list-url", {**entry("1", 1), "statusListCredential": None}, "invalid", [("status (revocation)", "fail")],
     "names no statusListCredential"),
    ("too-many-entries", [entry("1", i) for i in range(17)], "invalid", [("status", "fail")], "17 status entries"),
    ("unknown-status-type", {"id": f"{BASE}x", "type": "CRLStatus"}, "status unknown", [("status", "unknown")],
     "status type 'CRLStatus' is not supported"),
    ("no-status", None, "valid", [("status", "warning")], "it cannot be revoked"),
    ("1edtech-revoked", {"id": f"{BASE}1edtech", "type": "1EdTechRevocationList"}, "revoked",
     [("status (1EdTech revocation list)", "fail")], "revoked: 'copied work'"),
    ("1edtech-unreachable", {"id": f"{BASE}gone", "type": "1EdTechRevocationList"}, "status unknown",
     [("status (1EdTech revocation list)", "unknown")], "revocation list unavailable"),
]
LISTS["1edtech"] = {"type": "RevocationList", "revokedCredential": [
    {"id": "https://issuer.example/credentials/42", "revocationReason": "copied work"}]}


def status_steps(status: Any, lists: dict[str, Any] = LISTS) -> list[Step]:
    credential = foreign_credential(DID, status)
    documents: dict[str, Any] = {BASE + name: doc for name, doc in lists.items()}
    local: Callable[[str], Any] = lambda url: copy.deepcopy(documents.get(url))
    fetcher = Fetcher(allow_network=False, local=local)
    return check_status(credential, fetcher, lambda doc, url: list_problems(doc, url, credential, fetcher, NOW))


@pytest.mark.parametrize("status, verdict, expected, why", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_status_case(status: Any, verdict: str, expected: list[tuple[str, str]], why: str) -> None:
    steps = status_steps(status)
    assert [(s.name, s.outcome.value) for s in steps] == expected, [s.detail for s in steps]
    assert VerificationResult("", None, tuple(steps)).verdict.value == verdict
    not_passed = [s.detail for s in steps if s.outcome.value != "pass"]
    assert why in (not_passed[0] if not_passed else ""), not_passed
