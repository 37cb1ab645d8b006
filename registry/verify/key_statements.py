"""The check of key-change statements: each says, signed by an older key of the issuer, that a listed key is its.

A statement at `issuers/<issuer>/keys/<key-id>.json` (format: registry/keys/statement.py) must be
exactly what `credreg key rotate` writes for the key issuer.yaml lists under that id, issued by the
folder's issuer, and carry eddsa-rdfc-2022 proofs made by another key of the same issuer, listed
before the new key and valid (window, revocation, compromise) at the proof's `created`, which is at
most CREATED_TOLERANCE after the new key's validFrom. Here the document and its signers are checked;
the signatures themselves run with the awards' (parallel, cached by content), in registry_proofs.
A key without a statement is no problem here: first keys and keys a registry maintainer admitted
after a compromise have none, and the pull-request review asks for one where it is due.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..crypto.dataintegrity import EDDSA_RDFC, proofs_of, without_proof
from ..crypto.multikey import decode_public_key
from ..dates import iso
from ..errors import DocPath, Problem
from ..layout import issuer_file
from ..load.signed import SignedFile
from ..model import Issuer, IssuerKey
from ..ob3.fields import aware_time, shown
from ..ob3.key_statement import statement_document
from ..urls import SiteUrls
from .award_content import Difference, differences, show, where

# `credreg key rotate` signs at the very second it writes as the new key's validFrom, so its statements need
# no slack. Five minutes allows a statement signed by a separate step, on a machine whose clock is a little
# off, and is far too short to let a key claim a start date meaningfully before anyone vouched for it.
CREATED_TOLERANCE = timedelta(minutes=5)
REWRITE_HINT = "`credreg key rotate` writes the statement; restore it, or rotate again from the old key"
SIGNATURE_HINT = "the statement or the key it names was changed after signing; restore both, or rotate again"
_SUBJECT = "credentialSubject"


@dataclass(frozen=True)
class StatementProof:
    """A proof whose signer passed every rule: its signature is still to be verified with `public_key`."""

    index: int
    public_key: bytes


@dataclass(frozen=True)
class StatementFindings:
    """What checking one statement found: problems, and the proofs whose signatures remain to verify."""

    problems: tuple[Problem, ...]
    proofs: tuple[StatementProof, ...]


def proof_path(document: dict[str, Any], index: int) -> DocPath:
    """Where proof `index` sits in the document (`proof` may be one object or an array)."""
    return ("proof", index) if isinstance(document.get("proof"), list) else ("proof",)


def check_statement(statement: SignedFile, issuer: Issuer, urls: SiteUrls) -> StatementFindings:
    """Every rule of one key statement but its signatures, which the caller verifies for the proofs returned."""
    problems: list[Problem] = []
    doc, data, key_id = statement.doc, statement.data, statement.place.stem
    did = urls.issuer_did(issuer.id)
    key = issuer.key(key_id)
    if key is None:
        problems.append(doc.problem("key-statement-unknown-key", f"this statement is for key {key_id!r}, which "
                                    f"{issuer_file(issuer.id)} does not list",
                                    "a statement sits beside the key it introduces: add the key to issuer.yaml, or "
                                    "remove the statement", (_SUBJECT, "id")))
        return StatementFindings(tuple(problems), ())
    problems += _content_problems(statement, key, did)
    proofs = proofs_of(data)
    if not proofs:
        problems.append(Problem(statement.source, 0, 0, "key-statement-proof", "the statement carries no proof",
                                REWRITE_HINT))
        return StatementFindings(tuple(problems), ())
    if not any(p.get("cryptosuite") == EDDSA_RDFC for p in proofs):
        problems.append(doc.problem("key-statement-proof", f"the statement has no {EDDSA_RDFC} proof",
                                    REWRITE_HINT, ("proof",)))
    keyed = []
    for index, proof in enumerate(proofs):
        public_key = _signer(statement, issuer, key, index, proof, urls, problems)
        if public_key is not None:
            keyed.append(StatementProof(index, public_key))
    return StatementFindings(tuple(problems), tuple(keyed))


def _content_problems(statement: SignedFile, key: IssuerKey, did: str) -> list[Problem]:
    """The statement, proof aside, against the one credreg writes for the listed key: the first difference of
    each kind (issuer, subject key and its validFrom, anything else)."""
    doc, data = statement.doc, statement.data
    problems: list[Problem] = []
    expected = statement_document(did, key.id, key.public_key_multibase, iso(key.valid_from))
    for diff in differences(without_proof(data), expected, skip=frozenset({("validFrom",)})):
        found = _difference_problem(statement, key, did, diff)
        if all(p.code != found.code for p in problems):
            problems.append(found)
    valid_from = aware_time(data.get("validFrom"))
    if valid_from != key.valid_from:
        problems.append(doc.problem("key-statement-subject", f"validFrom is {shown(data.get('validFrom'))}, but "
                                    f"{issuer_file(statement.place.issuer_id)} gives {shown(iso(key.valid_from))} for key "
                                    f"{key.id!r}", "the statement fixes when the key starts: issuer.yaml's validFrom "
                                    "must not move", ("validFrom",)))
    return problems


def _difference_problem(statement: SignedFile, key: IssuerKey, did: str, diff: Difference) -> Problem:
    """The problem one difference from the expected statement makes, by the part it is in."""
    doc, folder = statement.doc, statement.place.issuer_id
    if diff.path[:1] == ("issuer",):
        return doc.problem("key-statement-issuer", f"issuer is {shown(statement.data.get('issuer'))}, but the "
                           f"statement is filed under {folder!r} ({did})",
                           f"a statement under issuers/{folder}/keys/ is issued by {did}", diff.path)
    if diff.path[:1] == (_SUBJECT,):
        return doc.problem("key-statement-subject", f"{where(diff.path)} is {_value(diff.actual)}, but "
                           f"{issuer_file(folder)} gives {_value(diff.expected)} for key {key.id!r}",
                           "the statement must name the key exactly as issuer.yaml lists it; a changed key needs "
                           "a new rotation", diff.path)
    if _missing(diff.expected):
        message = f"{where(diff.path)} ({show(diff.actual)}) is not part of a key statement"
    elif _missing(diff.actual):
        message = f"{where(diff.path)} is missing; `credreg key rotate` writes {show(diff.expected)}"
    else:
        message = f"{where(diff.path)} is {show(diff.actual)}, but `credreg key rotate` writes {show(diff.expected)}"
    return doc.problem("key-statement-malformed", message, REWRITE_HINT, diff.path)


def _missing(value: Any) -> bool:
    """Whether a side of a difference is the comparison's marker of a missing part (never a JSON value)."""
    return type(value) is object


def _value(value: Any) -> str:
    """A value for a message; the comparison's marker of a missing part reads as such."""
    return "nothing" if _missing(value) else show(value)


def _signer(statement: SignedFile, issuer: Issuer, new: IssuerKey, index: int, proof: dict[str, Any],
            urls: SiteUrls, problems: list[Problem]) -> bytes | None:
    """The public key of the older issuer key that made proof `index`, if it may vouch for `new` then."""
    doc, at = statement.doc, proof_path(statement.data, index)
    vm = proof.get("verificationMethod")
    owner = urls.key_of(vm) if isinstance(vm, str) else None
    signer = issuer.key(owner[1]) if owner and owner[0] == issuer.id else None
    number = f"proof {index + 1}"
    if signer is None:
        problems.append(doc.problem("key-statement-signer", f"{number} is signed with {shown(vm)}, not a key of "
                                    f"{issuer.id!r}", f"a new key is vouched for by a key listed in "
                                    f"{issuer_file(issuer.id)}; a first key or a recovery after a compromise is "
                                    "admitted by a registry maintainer instead", at + ("verificationMethod",)))
        return None
    if signer.id == new.id or signer.public_key_multibase == new.public_key_multibase:
        problems.append(doc.problem("key-statement-signer", f"{number} is signed by the new key {new.id!r} itself",
                                    "a key cannot vouch for itself: sign with the key it replaces "
                                    "(`credreg key rotate --key OLD`)", at + ("verificationMethod",)))
        return None
    ids = [k.id for k in issuer.keys]
    if ids.index(signer.id) > ids.index(new.id):
        problems.append(doc.problem("key-statement-signer", f"{number} is signed by {signer.id!r}, which "
                                    f"{issuer_file(issuer.id)} lists after {new.id!r}",
                                    "a key is vouched for by a key the issuer had before it; keys are listed "
                                    "oldest first", at + ("verificationMethod",)))
        return None
    if proof.get("proofPurpose") != "assertionMethod":
        problems.append(doc.problem("key-statement-proof", f"{number} has proofPurpose "
                                    f"{shown(proof.get('proofPurpose'))}, not 'assertionMethod'", REWRITE_HINT,
                                    at + ("proofPurpose",)))
        return None
    created = aware_time(proof.get("created"))
    if created is None:
        problems.append(doc.problem("key-statement-proof", f"{number} has no valid 'created' time (with a zone)",
                                    REWRITE_HINT, at + ("created",) if "created" in proof else at))
        return None
    if not signer.valid_at(created):
        state = "compromised" if signer.compromised else "not valid"
        problems.append(doc.problem("key-statement-signer", f"{number} was made at {shown(proof.get('created'))} "
                                    f"with key {signer.id!r}, which was {state} then",
                                    "only a key that may sign at the time can vouch for a new one; after a "
                                    "compromise a registry maintainer admits the new key", at + ("created",)))
        return None
    if created > new.valid_from + CREATED_TOLERANCE:
        problems.append(doc.problem("key-statement-signer", f"{number} was made at {shown(proof.get('created'))}, "
                                    f"{_late(created - new.valid_from)} after key {new.id!r} became valid "
                                    f"({iso(new.valid_from)})", "a key is vouched for before it starts signing, "
                                    "not afterwards: rotate again", at + ("created",)))
        return None
    return decode_public_key(signer.public_key_multibase)


def _late(delay: timedelta) -> str:
    """A delay in words, to the minute."""
    minutes = int(delay.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    return " ".join(f"{n} {unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "min")) if n) or "moments"
