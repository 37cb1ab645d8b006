"""Verify every committed award and status list against the model: signatures, keys, issuer, badge, rubric, status.

This is the verify stage of `credreg check`. Signature checks (the slow part: RDF
canonicalization) run in parallel worker processes and are cached by content hash.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..crypto.dataintegrity import proofs_of, verify_proof
from ..crypto.multikey import decode_public_key
from ..errors import CredregError, Problem
from ..load.json_source import load_json
from ..model import Award, Issuer, Registry, StatusList
from ..ob3.document import rubric_descriptions
from ..ob3.fields import MAX_RUBRIC_VERSION, ascii_int, aware_time, issuer_id_of
from ..ob3.schema import schema_errors
from ..ob3.statuslist import decode, set_indexes, status_entry_index, status_index
from ..progress import Progress
from ..urls import SiteUrls
from .award_content import Finding, award_content_findings, differences
from .cache import PassCache, content_key


@dataclass(frozen=True)
class _Job:
    """One signature to check: which file, which proof, against which key."""

    source: str
    index: int
    document: dict[str, Any]
    public_key: bytes
    cache_key: str


def _check_job(job: _Job) -> tuple[str, int, bool, str, str]:
    proof = proofs_of(job.document)[job.index]
    result = verify_proof(job.document, proof, job.public_key)
    return job.source, job.index, result.ok, result.reason, result.hint


def _object(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (hostile files may put anything anywhere)."""
    return value if isinstance(value, dict) else {}


def _canonical(document: dict[str, Any]) -> bytes:
    """A stable byte form of parsed JSON, for content-hash cache keys."""
    return json.dumps(document, sort_keys=True, ensure_ascii=False).encode("utf-8")


def _locate(root: Path, source: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of a value in a JSON file, computed only when a problem needs it."""
    try:
        pos = load_json((root / source).read_bytes(), source).locate(path)
    except Exception:  # noqa: BLE001 - positions are a courtesy; the problem itself stands
        return 0, 0
    return pos.line, pos.column


class _Verifier:
    def __init__(self, registry: Registry, urls: SiteUrls, root: Path, cache: PassCache) -> None:
        self.registry, self.urls, self.root, self.cache = registry, urls, root, cache
        self.problems: list[Problem] = []
        self.jobs: list[_Job] = []
        self.passed: list[str] = []  # cache keys of checks that passed
        self.content: list[tuple[str, Finding]] = []  # departures from the files, reported once signatures are known

    def problem(self, source: str, code: str, message: str, hint: str, path: tuple[str | int, ...] = ()) -> None:
        line, column = _locate(self.root, source, path) if path else (0, 0)
        self.problems.append(Problem(source, line, column, code, message, hint))

    def key_for(self, issuer: Issuer, source: str, document: dict[str, Any], index: int,
                proof: dict[str, Any]) -> bytes | None:
        """The issuer's public key a proof names, if the issuer had it and it was valid when the proof was made."""
        where = ("proof", index) if isinstance(document.get("proof"), list) else ("proof",)
        vm = str(proof.get("verificationMethod", ""))
        owner = self.urls.key_of(vm)
        key = issuer.key(owner[1]) if owner and owner[0] == issuer.id else None
        if key is None:
            self.problem(source, "award-key", f"proof {index + 1} is signed with {vm!r}, not a key of {issuer.id!r}",
                         f"sign with a key listed in issuers/{issuer.id}/issuer.yaml", where + ("verificationMethod",))
            return None
        created = aware_time(proof.get("created"))
        if created is None:
            self.problem(source, "award-proof", f"proof {index + 1} has no valid 'created' time (with a zone)",
                         "re-sign the credential", where)
            return None
        if not key.valid_at(created):
            state = "compromised" if key.compromised else "not valid"
            self.problem(source, "award-key", f"proof {index + 1} was made at {proof.get('created')} with key "
                         f"{key.id!r}, which was {state} then",
                         "re-award with a current key; credentials signed by a compromised key are void",
                         where + ("created",))
            return None
        return decode_public_key(key.public_key_multibase)

    def queue_proofs(self, issuer: Issuer, source: str, document: dict[str, Any], canonical: bytes) -> None:
        proofs = proofs_of(document)
        if not proofs:
            self.problem(source, "award-proof", "the file carries no proof", "sign it with `credreg award`")
            return
        if not any(p.get("cryptosuite") == "eddsa-rdfc-2022" for p in proofs):
            self.problem(source, "award-proof", "no eddsa-rdfc-2022 proof (the one OB 3.0 verifiers check)",
                         "re-sign the credential with credreg", ("proof",))
        for index, proof in enumerate(proofs):
            public_key = self.key_for(issuer, source, document, index, proof)
            if public_key is not None:
                self.jobs.append(_Job(source, index, document, public_key,
                                      content_key(b"proof", canonical, str(index).encode(), public_key)))

    def check_award(self, award: Award, used: dict[str, dict[int, str]]) -> None:
        doc, src = dict(award.document), award.source
        issuer = self.registry.issuers[award.issuer_id]
        badge = self.registry.badges.get(award.badge_key)
        start = len(self.problems)
        if doc.get("id") != self.urls.credential(award.id):
            self.problem(src, "award-id", f"id is {doc.get('id')!r}, expected {self.urls.credential(award.id)!r}",
                         "a credential's id is its URL in this registry, named after its file", ("id",))
        canonical = _canonical(doc)
        schema_key = content_key(b"ob-v3p0-achievementcredential", canonical)
        if not self.cache.known([schema_key]):
            errors = schema_errors(doc, "achievementcredential.json")
            if errors:
                self.problem(src, "award-schema", f"does not match the OB 3.0 schema: {errors[0]}",
                             "regenerate the credential with `credreg award`")
            else:
                self.passed.append(schema_key)
        for field in ("validFrom", "validUntil"):
            if field in doc and aware_time(doc[field]) is None:
                self.problem(src, "award-dates", f"{field} {doc[field]!r} is not a date-time with a zone",
                             "dates in credentials are like 2026-01-15T09:00:00Z; re-award the credential", (field,))
        issuer_id = issuer_id_of(doc)
        if issuer_id != self.urls.issuer_did(issuer.id):
            self.problem(src, "award-issuer", f"issuer is {issuer_id!r}, but the file is filed under {issuer.id!r}",
                         f"an award under credentials/{issuer.id}/ must be issued by {self.urls.issuer_did(issuer.id)}",
                         ("issuer",))
        if badge is not None:
            self._check_achievement(award, doc, badge)
        self._check_status_entry(award, doc, used)
        if badge is not None:
            reported = {p.code for p in self.problems[start:]}
            self.content += [(src, f) for f in award_content_findings(award, badge, issuer, self.urls, reported)]
        self.queue_proofs(issuer, src, doc, canonical)

    def _check_achievement(self, award: Award, doc: dict[str, Any], badge: Any) -> None:
        src = award.source
        subject = _object(doc.get("credentialSubject"))
        got = _object(subject.get("achievement"))
        where = ("credentialSubject", "achievement")
        expected_id = self.urls.badge_page(badge.issuer_id, badge.id)
        if got.get("id") != expected_id:
            self.problem(src, "award-badge", f"achievement id is {got.get('id')!r}, not this badge class ({expected_id})",
                         "file the award under the badge class it was awarded for", where + ("id",))
            return
        version = str(got.get("version", ""))
        number = ascii_int(version, MAX_RUBRIC_VERSION)
        rubric = badge.rubric(number) if number is not None else None
        if rubric is None:
            self.problem(src, "award-rubric", f"the award names rubric version {version!r}, which does not exist",
                         f"restore rubrics/v{version}.yaml: old rubric versions are never deleted", where + ("version",))
            return
        expected = rubric_descriptions(badge, rubric, self.urls)
        if got.get("resultDescription") != expected:
            first = next(differences(got.get("resultDescription"), expected, where + ("resultDescription",)), None)
            self.problem(src, "award-rubric", f"the rubric in the award differs from rubrics/v{version}.yaml",
                         f"rubric v{version} was edited after awards used it: restore it and put changes in a new "
                         "version (if the file is unchanged, the award was not made from it: revoke it and award "
                         "again)", first.path if first else where + ("resultDescription",))

    def _check_status_entry(self, award: Award, doc: dict[str, Any], used: dict[str, dict[int, str]]) -> None:
        status = doc.get("credentialStatus")
        expected = self.urls.status_list(award.issuer_id, 1)
        if not isinstance(status, dict) or status.get("statusListCredential") != expected:
            self.problem(award.source, "award-status", f"credentialStatus does not point at {expected}",
                         "every award carries an entry in its issuer's status list", ("credentialStatus",))
            return
        index = status_entry_index(status)
        if index is None:
            self.problem(award.source, "award-status", "statusListIndex is not a number in ASCII digits within "
                         "a status list's range", "award again with `credreg award`; it writes a valid index",
                         ("credentialStatus", "statusListIndex"))
            return
        taken = used.setdefault(award.issuer_id, {})
        if index in taken:
            self.problem(award.source, "duplicate-status-index", f"status index {index} is also used by {taken[index]}",
                         "each award needs its own status index; re-award one of them",
                         ("credentialStatus", "statusListIndex"))
        else:
            taken[index] = award.source

    def check_status_list(self, status_list: StatusList, revoked: set[int]) -> None:
        src, doc = status_list.source, dict(status_list.document)
        issuer = self.registry.issuers[status_list.issuer_id]
        expected = self.urls.status_list(issuer.id, status_list.number)
        if doc.get("id") != expected:
            self.problem(src, "status-list-id", f"id is {doc.get('id')!r}, expected {expected!r}",
                         "re-sign the list with `credreg revoke`", ("id",))
        if doc.get("issuer") != self.urls.issuer_did(issuer.id):
            self.problem(src, "status-list-issuer", f"issuer is {doc.get('issuer')!r}, not {issuer.id!r}",
                         "a status list is signed by the issuer it belongs to", ("issuer",))
        subject = _object(doc.get("credentialSubject"))
        try:
            bits = decode(str(subject.get("encodedList", "")))
        except CredregError as exc:
            self.problem(src, "status-list-malformed", exc.message, exc.hint, ("credentialSubject", "encodedList"))
            return
        if len(bits) * 8 < 131_072:
            self.problem(src, "status-list-malformed", f"the list has {len(bits) * 8} entries; at least 131,072 are required",
                         "re-sign it with `credreg revoke`", ("credentialSubject", "encodedList"))
        flagged = set(set_indexes(bits))
        if flagged != revoked:
            missing, extra = sorted(revoked - flagged), sorted(flagged - revoked)
            detail = (f"revocations.yaml revokes index(es) {missing[:5]} that the signed list does not" if missing
                      else f"the signed list sets index(es) {extra[:5]} that revocations.yaml does not record")
            self.problem(src, "status-list-mismatch", detail,
                         "re-sign the list with the issuer's key (`credreg revoke` does this)",
                         ("credentialSubject", "encodedList"))
        self.queue_proofs(issuer, src, doc, _canonical(doc))

    def report_content(self) -> None:
        """Departures from the registry's files, for awards whose signatures verify (a failing one already says
        the file changed after signing)."""
        broken = {p.file for p in self.problems if p.code == "award-signature"}
        for source, finding in self.content:
            if source not in broken:
                self.problem(source, finding.code, finding.message, finding.hint, finding.path)

    def run_jobs(self, workers: int, progress: Progress | None) -> None:
        known = self.cache.known([j.cache_key for j in self.jobs])
        todo = [j for j in self.jobs if j.cache_key not in known]
        passed = self.passed
        results: Iterable[tuple[str, int, bool, str, str]]
        if workers > 1 and len(todo) >= 16:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(_with_progress(pool.map(_check_job, todo, chunksize=16), len(todo), progress))
        else:
            results = list(_with_progress(map(_check_job, todo), len(todo), progress))
        by_key = {(j.source, j.index): j for j in todo}
        for source, index, ok, reason, hint in results:
            job = by_key[(source, index)]
            if ok:
                passed.append(job.cache_key)
            else:
                where = ("proof", index) if isinstance(job.document.get("proof"), list) else ("proof",)
                suite = proofs_of(job.document)[index].get("cryptosuite", "?")
                self.problem(source, "award-signature", f"proof {index + 1} ({suite}) does not verify: {reason}",
                             hint or "the file was changed after it was signed; restore it from the issuer's copy or "
                             "re-award", where)
        self.cache.add(passed)


def _with_progress(results: Iterable[Any], total: int, progress: Progress | None) -> Iterable[Any]:
    for done, item in enumerate(results, 1):
        if progress and (done % 200 == 0 or done == total):
            progress("verifying signatures", done, total)
        yield item


def verify_registry(registry: Registry, urls: SiteUrls, root: Path, cache_dir: Path | None = None,
                    workers: int | None = None, progress: Progress | None = None) -> list[Problem]:
    """Problems with any award or status list; empty when every signature, key and rule holds."""
    verifier = _Verifier(registry, urls, root, PassCache(cache_dir, root.resolve()))
    used: dict[str, dict[int, str]] = {}
    revoked: dict[str, set[int]] = {}
    for award in registry.awards.values():
        verifier.check_award(award, used)
    for credential_id, revocation in registry.revocations.items():
        revoked_award = registry.awards.get(credential_id)
        index = status_index(revoked_award.document) if revoked_award else None
        if index is not None:
            revoked.setdefault(revocation.issuer_id, set()).add(index)
    lists = {s.issuer_id for s in registry.status_lists}
    for status_list in registry.status_lists:
        verifier.check_status_list(status_list, revoked.get(status_list.issuer_id, set()))
    for issuer_id in sorted({a.issuer_id for a in registry.awards.values()} - lists):
        verifier.problems.append(Problem(f"credentials/{issuer_id}/status/1.json", 0, 0, "missing-status-list",
                                         f"issuer {issuer_id!r} has awards but no signed status list",
                                         "`credreg award` writes it; restore the file"))
    verifier.run_jobs(workers or os.cpu_count() or 1, progress)
    verifier.report_content()
    return verifier.problems
