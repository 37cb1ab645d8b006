"""The verify stage of `credreg check`: every committed award, status list and key statement against the model.

Each file's own checks run in signed_checks (key statements: key_statements); here its proofs are
matched to the issuer's keys and their windows, the signatures (the slow part: RDF canonicalization)
are verified in parallel worker processes and cached by content hash, and the files that hold become
the model's typed awards and status lists, each with the log of the steps it passed.

A review of a pull request can pass `verify_only`: the files it changed. A signed file outside it, whose
issuer's profile (its keys) is unchanged too, was verified when the base was merged and has not changed
since, so its signature and schema are trusted, and its log says so; every other check still runs on it.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ..crypto.dataintegrity import proofs_of, verify_proof
from ..crypto.multikey import decode_public_key
from ..errors import Problem
from ..layout import FileKind, issuer_file
from ..load.signed import SignedFile
from ..model import Award, BadgeClass, Endorsement, Issuer, Outcome, ProofRecord, Registry, StatusList, shared_step
from ..ob3.fields import aware_time
from ..ob3.statuslist import status_index
from ..progress import Progress
from ..urls import SiteUrls
from .award_content import Finding, award_content_findings
from .cache import PassCache, content_key
from .endorsement_checks import EndorsementChecks
from .facts import award_facts, status_list_facts
from .key_statements import SIGNATURE_HINT, check_statement
from .signed_checks import schema_key
from .key_statements import proof_path as statement_proof_path

TRUSTED = "verified when it was merged (unchanged since the base)"


@dataclass(frozen=True)
class _Job:
    """One signature to check: which file, which proof, against which key."""

    source: str
    index: int
    document: dict[str, Any]
    public_key: bytes
    cache_key: str


@dataclass(frozen=True)
class _KeyedProof:
    """A proof whose key the issuer had and could sign with when the proof was made."""

    suite: str
    verification_method: str
    key_id: str
    created: datetime
    job: _Job


@dataclass(frozen=True)
class Verified:
    """What the verify stage found: problems, and the files that verified as typed model facts."""

    problems: tuple[Problem, ...]
    awards: dict[str, Award]
    status_lists: tuple[StatusList, ...]
    endorsements: dict[str, Endorsement]


def _check_job(job: _Job) -> tuple[str, int, bool, str, str]:
    proof = proofs_of(job.document)[job.index]
    result = verify_proof(job.document, proof, job.public_key)
    return job.source, job.index, result.ok, result.reason, result.hint


def _proof_path(document: dict[str, Any], index: int) -> tuple[str | int, ...]:
    return ("proof", index) if isinstance(document.get("proof"), list) else ("proof",)


class _Verifier(EndorsementChecks):
    def __init__(self, registry: Registry, urls: SiteUrls, cache: PassCache, files: list[SignedFile],
                 trusted: frozenset[str] = frozenset()) -> None:
        super().__init__(registry, urls, cache)
        self.files = {f.source: f for f in files}
        self.trusted = trusted  # sources whose signatures and schema were verified when the base was merged
        self.public_keys: dict[str, bytes] = {}  # multibase → raw key: decoding checks the point, which is slow
        self.keyed: dict[str, list[_KeyedProof]] = {}
        self.content: list[tuple[SignedFile, Finding]] = []  # departures from the files, reported once
        self.signatures: dict[tuple[str, int], tuple[bool, str]] = {}  # (source, proof index) → (ok, detail)
        self.statement_jobs: list[_Job] = []  # key statements' proofs whose signers passed their rules
        self._model_reprs: dict[str, bytes] = {}  # badge class key → the model parts an award's content depends on

    def key_for(self, issuer: Issuer, signed: SignedFile, index: int, proof: dict[str, Any]) -> _KeyedProof | None:
        """The issuer's key a proof names, if the issuer had it and it was valid when the proof was made."""
        where = _proof_path(signed.data, index)
        vm = str(proof.get("verificationMethod", ""))
        owner = self.urls.key_of(vm)
        key = issuer.key(owner[1]) if owner and owner[0] == issuer.id else None
        if key is None:
            self.problem(signed, "award-key", f"proof {index + 1} is signed with {vm!r}, not a key of {issuer.id!r}",
                         f"sign with a key listed in {issuer_file(issuer.id)}", where + ("verificationMethod",))
            return None
        created = aware_time(proof.get("created"))
        if created is None:
            self.problem(signed, "award-proof", f"proof {index + 1} has no valid 'created' time (with a zone)",
                         "re-sign the credential", where)
            return None
        if not key.valid_at(created):
            state = "compromised" if key.compromised else "not valid"
            self.problem(signed, "award-key", f"proof {index + 1} was made at {proof.get('created')} with key "
                         f"{key.id!r}, which was {state} then",
                         "re-award with a current key; credentials signed by a compromised key are void",
                         where + ("created",))
            return None
        public_key = self.public_keys.get(key.public_key_multibase)
        if public_key is None:
            public_key = self.public_keys[key.public_key_multibase] = decode_public_key(key.public_key_multibase)
        job = _Job(signed.source, index, signed.data, public_key,
                   content_key(b"proof", signed.digest, str(index).encode(), public_key))
        return _KeyedProof(str(proof.get("cryptosuite", "?")), vm, key.id, created, job)

    def queue_proofs(self, signed: SignedFile) -> None:
        issuer = self.registry.issuers[signed.place.issuer_id]
        proofs = proofs_of(signed.data)
        if not proofs:
            self.problem(signed, "award-proof", "the file carries no proof", "sign it with `credreg award`")
            return
        if not any(p.get("cryptosuite") == "eddsa-rdfc-2022" for p in proofs):
            self.problem(signed, "award-proof", "no eddsa-rdfc-2022 proof (the one OB 3.0 verifiers check)",
                         "re-sign the credential with credreg", ("proof",))
        for index, proof in enumerate(proofs):
            keyed = self.key_for(issuer, signed, index, proof)
            if keyed is not None:
                self.keyed.setdefault(signed.source, []).append(keyed)

    def _schema(self, award: SignedFile) -> None:
        """The OB 3.0 schema, unless the award is trusted (the schema depends on its bytes alone)."""
        if award.source not in self.trusted:
            super()._schema(award)

    def check(self, award: SignedFile, used: dict[str, dict[int, str]]) -> None:
        badge = self.registry.badges.get(f"{award.place.issuer_id}/{award.place.badge_id}")
        start = len(self.problems)
        self.check_award(award, badge, used)
        if award.source in self.trusted:  # its log says what ran now and what was verified at the merge
            self.logs[award.source] = [
                replace(s, detail=f"the official OB 3.0 JSON Schema (AchievementCredential): {TRUSTED}")
                if s.name == "schema" and s.outcome is Outcome.PASS else s for s in self.logs.get(award.source, [])]
        if badge is not None:
            reported = {p.code for p in self.problems[start:]}
            key = self.content_key(award, badge)
            if reported or not self.cache.known([key]):
                issuer = self.registry.issuers[award.place.issuer_id]
                found = award_content_findings(award, badge, issuer, self.urls, reported)
                self.content += [(award, f) for f in found]
                if not reported and not found:
                    self.passed.append(key)
        self.queue_proofs(award)

    def content_key(self, award: SignedFile, badge: BadgeClass) -> str:
        """The cache key of an award's content check: its path and bytes, and the full value of every model part
        the check reads (the issuer, the badge class with its rubrics, the site's URLs), as their reprs: frozen
        dataclasses of strings, numbers, dates and tuples, so equal reprs are equal inputs. The bytes and the reprs
        enter as their SHA-256 digests, each hashed once however many keys it is part of."""
        parts = self._model_reprs.get(badge.key)
        if parts is None:
            issuer = self.registry.issuers[award.place.issuer_id]
            parts = self._model_reprs[badge.key] = hashlib.sha256(repr((issuer, badge, self.urls)).encode()).digest()
        return content_key(b"award-content", award.source.encode(), award.digest, parts)

    def check_statement(self, statement: SignedFile) -> None:
        """A key statement's rules now, its signatures with everything else's in run_jobs."""
        issuer = self.registry.issuers.get(statement.place.issuer_id)
        if issuer is None:  # reported as unknown-issuer by the load stage
            return
        found = check_statement(statement, issuer, self.urls)
        self.problems += found.problems
        self.statement_jobs += [_Job(statement.source, p.index, statement.data, p.public_key,
                                     content_key(b"proof", statement.digest, str(p.index).encode(), p.public_key))
                                for p in found.proofs]

    def run_jobs(self, workers: int, progress: Progress | None) -> None:
        jobs = [k.job for source, proofs in self.keyed.items() if source not in self.trusted for k in proofs]
        jobs += [j for j in self.statement_jobs if j.source not in self.trusted]
        for source in self.trusted:
            for keyed in self.keyed.get(source, []):
                self.signatures[(source, keyed.job.index)] = (True, TRUSTED)
        known = self.cache.known([j.cache_key for j in jobs])
        todo = [j for j in jobs if j.cache_key not in known]
        for job in jobs:
            if job.cache_key in known:
                self.signatures[(job.source, job.index)] = (True, "")
        results: Iterable[tuple[str, int, bool, str, str]]
        if workers > 1 and len(todo) >= 16:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(_with_progress(pool.map(_check_job, todo, chunksize=16), len(todo), progress))
        else:
            results = list(_with_progress(map(_check_job, todo), len(todo), progress))
        by_key = {(j.source, j.index): j for j in todo}
        for source, index, ok, reason, hint in results:
            job = by_key[(source, index)]
            self.signatures[(source, index)] = (ok, reason)
            if ok:
                self.passed.append(job.cache_key)
                continue
            suite = proofs_of(job.document)[index].get("cryptosuite", "?")
            if self.files[source].place.kind is FileKind.KEY_STATEMENT:
                self.problem(self.files[source], "key-statement-signature", f"proof {index + 1} ({suite}) does not "
                             f"verify: {reason}", hint or SIGNATURE_HINT, statement_proof_path(job.document, index))
                continue
            self.problem(self.files[source], "award-signature", f"proof {index + 1} ({suite}) does not verify: {reason}",
                         hint or "the file was changed after it was signed; restore it from the issuer's copy or "
                         "re-award", _proof_path(job.document, index))
        self.cache.add(self.passed)

    def report_content(self, awards: list[SignedFile]) -> None:
        """Departures from the registry's files, for awards whose signatures verify (a failing one already says
        the file changed after signing), logged as each award's content step."""
        broken = {p.file for p in self.problems if p.code == "award-signature"}
        found: dict[str, list[Finding]] = {}
        for signed, finding in self.content:
            found.setdefault(signed.source, []).append(finding)
        for award in awards:
            if award.source in broken:
                continue
            with self.step(award, "content", "everything else is what the registry's files say: issuer profile, "
                           "achievement, results, evidence"):
                for finding in found.get(award.source, []):
                    self.problem(award, finding.code, finding.message, finding.hint, finding.path)

    def proof_records(self, signed: SignedFile) -> tuple[ProofRecord, ...]:
        """Each keyed proof of a file with its key-window and signature steps."""
        records = []
        for keyed in self.keyed.get(signed.source, []):
            ok, reason = self.signatures.get((signed.source, keyed.job.index), (False, "not checked"))
            verified = f"{keyed.suite} signature {TRUSTED}" if reason == TRUSTED else f"{keyed.suite} signature verified"
            steps = (shared_step("key", Outcome.PASS, f"{keyed.key_id} is a key of {signed.place.issuer_id}, valid when the "
                          f"proof was made ({keyed.created.isoformat().replace('+00:00', 'Z')})"),
                     shared_step("signature", Outcome.PASS if ok else Outcome.FAIL,
                          verified if ok else f"does not verify: {reason}"))
            records.append(ProofRecord(keyed.suite, keyed.verification_method, keyed.key_id, keyed.created, steps))
        return tuple(records)


def _with_progress(results: Iterable[Any], total: int, progress: Progress | None) -> Iterable[Any]:
    for done, item in enumerate(results, 1):
        if progress and (done % 200 == 0 or done == total):
            progress("verifying signatures", done, total)
        yield item


def trusted_files(files: Iterable[SignedFile], verify_only: frozenset[str] | None) -> frozenset[str]:
    """The signed files whose signatures need no new check: neither they nor their issuer's profile (which
    holds the keys they verify with) are among the changed paths `verify_only` (None: every file is checked)."""
    if verify_only is None:
        return frozenset()
    return frozenset(f.source for f in files
                     if f.source not in verify_only and issuer_file(f.place.issuer_id) not in verify_only)


def verify_registry(registry: Registry, awards: list[SignedFile], status_lists: list[SignedFile], urls: SiteUrls,
                    cache: PassCache, workers: int | None = None, progress: Progress | None = None,
                    statements: Sequence[SignedFile] = (), verify_only: frozenset[str] | None = None,
                    endorsements: Sequence[SignedFile] = ()) -> Verified:
    """Problems with any award, status list, key statement or endorsement, and those that verify as model facts.

    Signatures are checked in `workers` processes (default: one per CPU); `cache` skips what passed before.
    With `verify_only`, signatures and schema are checked only where `trusted_files` says they must be.
    """
    files = [*awards, *status_lists, *statements, *endorsements]
    verifier = _Verifier(registry, urls, cache, files, trusted_files(files, verify_only))
    badges = {a.source: registry.badges.get(f"{a.place.issuer_id}/{a.place.badge_id}") for a in awards}
    cache.known([schema_key(f) for f in [*awards, *endorsements]]  # one batched read; each file then asks in memory
                + [verifier.content_key(a, b) for a in awards if (b := badges[a.source]) is not None])
    for statement in statements:
        verifier.check_statement(statement)
    used: dict[str, dict[int, str]] = {}
    for award in awards:
        verifier.check(award, used)
    for endorsement in endorsements:
        verifier.check_endorsement(endorsement, used)
        verifier.queue_proofs(endorsement)
    by_id = {a.place.stem: a for a in [*awards, *endorsements]}
    revoked: dict[str, set[int]] = {}
    for credential_id, revocation in registry.revocations.items():
        index = status_index(by_id[credential_id].data) if credential_id in by_id else None
        if index is not None:
            revoked.setdefault(revocation.issuer_id, set()).add(index)
    flagged = {s.source: verifier.check_status_list(s, revoked.get(s.place.issuer_id, set())) for s in status_lists}
    for status_list in status_lists:
        verifier.queue_proofs(status_list)
    verifier.missing_status_lists([*awards, *endorsements], status_lists)
    verifier.run_jobs(workers or os.cpu_count() or 1, progress)
    verifier.report_content(awards)
    failed = {p.file for p in verifier.problems}
    typed: dict[str, Award] = {}
    for award in awards:
        badge = registry.badges.get(f"{award.place.issuer_id}/{award.place.badge_id}")
        if award.source not in failed and badge is not None:
            fact = award_facts(award, badge, urls, tuple(verifier.logs.get(award.source, ())),
                               verifier.proof_records(award))
            typed[fact.id] = fact
    lists = tuple(status_list_facts(s, flagged[s.source], verifier.proof_records(s), urls)
                  for s in status_lists if s.source not in failed)
    endorsed = {e.place.stem: verifier.endorsement_facts(e, tuple(verifier.logs.get(e.source, ())),
                                                verifier.proof_records(e))
                for e in endorsements if e.source not in failed}
    return Verified(tuple(verifier.problems), typed, lists, endorsed)
