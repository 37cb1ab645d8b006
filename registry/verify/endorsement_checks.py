"""The checks of one signed endorsement against the registry model, each logged as a step.

An endorsement names its subject (a badge class's Achievement id, or an issuer's DID), which must be
another issuer's that has accepted the endorser in its own files (`acceptsEndorsementFrom`) for as long
as the endorsement stands: a withdrawn one is history (awards carry it) and needs the acceptance no more,
so an issuer that stops accepting an endorser asks it to withdraw first; the rubric
versions it covers must exist; it starts no earlier than it was signed, so it never reaches back to
awards made before it. Everything else is rebuilt with the builder `credreg endorse` uses and compared,
so the endorser's profile, the name and the status entry are what the registry's files say. Its proofs
(key window, signature) are checked by the caller with every other signed file's.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..crypto.dataintegrity import proofs_of
from ..errors import DocPath
from ..layout import STATUS_LIST_NUMBER, badge_file, issuer_file
from ..load.signed import SignedFile
from ..model import BadgeClass, Endorsement, Issuer, ProofRecord, StatusEntry, Step
from ..ob3.endorsement import MAX_COMMENT, RUBRIC_VERSIONS, EndorsementFields, endorsement_document
from ..ob3.fields import MAX_RUBRIC_VERSION, as_object, ascii_int, aware_time
from ..ob3.schema import schema_errors
from ..ob3.statuslist import status_entry_index
from ..validate.values import HIDDEN_WHY, text_findings
from .award_content import difference_message, differences, show, where
from .signed_checks import SignedChecks, schema_key

RESIGN = "endorsements are signed with `credreg endorse`; withdraw this one (`credreg revoke`) and endorse again"
_SUBJECT: DocPath = ("credentialSubject",)
_SOMETIME = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Subject:
    """What an endorsement is about, as the model knows it: a badge class (or None for an issuer) and its issuer."""

    badge: BadgeClass | None
    issuer: Issuer

    @property
    def key(self) -> str:
        return self.badge.key if self.badge is not None else self.issuer.id


def _versions(value: Any) -> tuple[int, ...] | None:
    """The rubric versions a badge class endorsement covers: a non-empty list of version numbers as text."""
    if not isinstance(value, list) or not value:
        return None
    numbers = [ascii_int(v, MAX_RUBRIC_VERSION) if isinstance(v, str) else None for v in value]
    return None if any(n is None for n in numbers) else tuple(n for n in numbers if n is not None)


@dataclass(frozen=True)
class _Dates:
    signed_at: datetime | None
    valid_from: datetime | None
    valid_until: datetime | None


class EndorsementChecks(SignedChecks):
    """The signed-file checks plus those of endorsement files (the verify stage's verifier has both)."""

    def subject_of(self, value: Any) -> Subject | None:
        """The registry's badge class whose Achievement id, or issuer whose DID, `value` is."""
        if not isinstance(value, str):
            return None
        for badge in self.registry.badges.values():
            if self.urls.badge_page(badge.issuer_id, badge.id) == value:
                return Subject(badge, self.registry.issuers[badge.issuer_id])
        owner = next((i for i in self.registry.issuers.values() if self.urls.issuer_did(i.id) == value), None)
        return Subject(None, owner) if owner is not None else None

    def check_endorsement(self, signed: SignedFile, used: dict[str, dict[int, str]]) -> None:
        """Every check of one endorsement that needs only the file and the model, each logged as a step."""
        doc, endorser = signed.data, self.registry.issuers[signed.place.issuer_id]
        expected_id = self.urls.endorsement(signed.place.stem)
        with self.step(signed, "endorsement id", f"its id is its URL in this registry, {expected_id}"):
            if doc.get("id") != expected_id:
                self.problem(signed, "endorsement-id", f"id is {show(doc.get('id'))}, expected {expected_id!r}",
                               "an endorsement's id is its URL in this registry, named after its file", ("id",))
        with self.step(signed, "schema", "matches the official OB 3.0 JSON Schema (EndorsementCredential)"):
            key = schema_key(signed)
            if not self.cache.known([key]):
                errors = schema_errors(doc, "endorsementcredential.json")
                if errors:
                    self.problem(signed, "endorsement-schema", f"does not match the OB 3.0 schema: {errors[0]}", RESIGN)
                else:
                    self.passed.append(key)
        subject_doc = as_object(doc.get("credentialSubject"))
        subject = self.subject_of(subject_doc.get("id"))
        with self.step(signed, "subject", "endorses a badge class or issuer of this registry that has accepted "
                         f"{endorser.id} in its own files"):
            self._subject_rules(signed, endorser, subject)
        versions = _versions(subject_doc.get(RUBRIC_VERSIONS))
        if subject is not None and subject.badge is not None:
            with self.step(signed, "scope", f"covers rubric version(s) {', '.join(f'v{v}' for v in versions or ())} "
                             f"of {subject.key}"):
                self._scope(signed, subject.badge, versions)
        dates = self._dates(signed)
        with self.step(signed, "status entry", "an entry of its endorser's status list that nothing else uses"):
            self.check_status_entry(signed, used)
        comment = subject_doc.get("endorsementComment")
        with self.step(signed, "comment", "a Markdown comment the rules for text allow"):
            if not isinstance(comment, str) or not comment.strip():
                self.problem(signed, "endorsement-content", "credentialSubject.endorsementComment is missing or empty",
                               RESIGN, _SUBJECT)
            else:
                for code, message in text_findings(comment, _SUBJECT + ("endorsementComment",), MAX_COMMENT):
                    self.problem(signed, code, message, f"{HIDDEN_WHY}; {RESIGN}" if code == "hidden-character"
                                   else RESIGN, _SUBJECT + ("endorsementComment",))
        if subject is not None:
            self._content(signed, endorser, subject, versions, dates, comment)

    def _subject_rules(self, signed: SignedFile, endorser: Issuer, subject: Subject | None) -> None:
        where_: DocPath = _SUBJECT + ("id",)
        if subject is None:
            value = as_object(signed.data.get("credentialSubject")).get("id")
            self.problem(signed, "endorsement-subject", f"it endorses {show(value)}, which is no badge class or "
                           "issuer of this registry", "endorse with `credreg endorse <issuer>/<badge>`; a badge class "
                           "that was removed takes its endorsements with it", where_)
            return
        if subject.issuer.id == endorser.id:
            self.problem(signed, "self-endorsement", f"{endorser.id!r} endorses its own {subject.key}",
                           "an endorsement is another organisation's word: remove this file", where_)
            return
        accepts = subject.badge.accepts_endorsement_from if subject.badge else subject.issuer.accepts_endorsement_from
        if endorser.id not in accepts and signed.place.stem not in self.registry.revocations:
            file = badge_file(*subject.key.split("/")) if subject.badge else issuer_file(subject.issuer.id)
            self.problem(signed, "endorsement-not-accepted", f"{subject.issuer.id!r} has not accepted endorsements "
                           f"from {endorser.id!r}: {file} does not list it in acceptsEndorsementFrom",
                           f"ask {subject.issuer.id} to add `acceptsEndorsementFrom: [{endorser.id}]` to {file}; if it "
                         f"no longer accepts it, {endorser.id} first withdraws the endorsement (`credreg revoke "
                         f"{signed.place.stem}`), which stays as history for the awards that carry it", where_)

    def _scope(self, signed: SignedFile, badge: BadgeClass, versions: tuple[int, ...] | None) -> None:
        at: DocPath = _SUBJECT + (RUBRIC_VERSIONS,)
        if versions is None:
            self.problem(signed, "endorsement-scope", f"{where(at)} must list the rubric versions it covers, "
                           "like [\"2\"]", RESIGN, at)
            return
        known = {r.version for r in badge.rubrics}
        for index, version in enumerate(versions):
            if version not in known:
                self.problem(signed, "endorsement-scope", f"it covers rubric v{version} of {badge.key}, which does not "
                               f"exist (versions: {', '.join(f'v{v}' for v in sorted(known)) or 'none'})",
                               "restore the rubric version, or endorse again with the versions that exist", at + (index,))

    def _dates(self, signed: SignedFile) -> _Dates:
        doc = signed.data
        found = _Dates(aware_time(doc.get("awardedDate")), aware_time(doc.get("validFrom")),
                       aware_time(doc.get("validUntil")))
        with self.step(signed, "dates", "starts no earlier than it was signed, and ends after it starts"):
            for name, value in (("awardedDate", found.signed_at), ("validFrom", found.valid_from)):
                if value is None:
                    self.problem(signed, "endorsement-dates", f"{name} {show(doc.get(name))} is not a date-time with "
                                   "a zone", RESIGN, (name,))
            if "validUntil" in doc and found.valid_until is None:
                self.problem(signed, "endorsement-dates", f"validUntil {show(doc.get('validUntil'))} is not a "
                               "date-time with a zone", RESIGN, ("validUntil",))
            if found.signed_at and found.valid_from and found.valid_from < found.signed_at:
                self.problem(signed, "endorsement-dates", f"validFrom {doc['validFrom']} is before the endorsement was "
                               f"signed ({doc['awardedDate']}): an endorsement cannot reach back to earlier awards",
                               RESIGN, ("validFrom",))
            if found.valid_from and found.valid_until and found.valid_until <= found.valid_from:
                self.problem(signed, "endorsement-dates", f"validUntil {doc['validUntil']} is not after validFrom "
                               f"{doc['validFrom']}", RESIGN, ("validUntil",))
            created = {p.get("created") for p in proofs_of(doc)}
            if found.signed_at and created and created != {doc.get("awardedDate")}:
                self.problem(signed, "endorsement-dates", f"awardedDate {doc.get('awardedDate')} is not when its "
                               f"proofs were made ({', '.join(sorted(map(str, created)))})", RESIGN, ("awardedDate",))
        return found

    def _content(self, signed: SignedFile, endorser: Issuer, subject: Subject,
                 versions: tuple[int, ...] | None, dates: _Dates, comment: Any) -> None:
        """The first difference from the endorsement `credreg endorse` builds of the same own fields."""
        doc = signed.data
        status = as_object(doc.get("credentialStatus"))
        index = status_entry_index(status)
        listed = index is not None and status.get("statusListCredential") == self.urls.status_list(
            endorser.id, STATUS_LIST_NUMBER)  # else check_status_entry reported it (award-status)
        covered = tuple(sorted(set(versions or ())))  # as `credreg endorse` writes them: each once, in order
        fields = EndorsementFields(signed.place.stem, dates.signed_at or _SOMETIME, dates.valid_from or _SOMETIME,
                                   index or 0, comment if isinstance(comment, str) else "", covered,
                                   (dates.valid_until or _SOMETIME) if "validUntil" in doc else None)
        expected = endorsement_document(fields, endorser, subject.badge, subject.issuer, self.urls)
        if subject.badge is not None and versions is None:
            expected["credentialSubject"][RUBRIC_VERSIONS] = as_object(doc.get("credentialSubject")).get(RUBRIC_VERSIONS)
        skip = frozenset({("id",), ("awardedDate",), ("validFrom",), ("validUntil",)}
                         | (set() if listed else {("credentialStatus",)}))
        actual = {k: v for k, v in doc.items() if k != "proof"}
        with self.step(signed, "content", f"everything else is what the registry's files say: {endorser.source}, "
                         f"{subject.badge.source if subject.badge else subject.issuer.source}"):
            diff = next(differences(actual, expected, (), skip), None)
            if diff is not None:
                message = difference_message(diff, "the registry's files give", "`credreg endorse` never writes it",
                                             "the endorsement")
                self.problem(signed, "endorsement-content", message, RESIGN, diff.path)

    def endorsement_facts(self, signed: SignedFile, log: tuple[Step, ...],
                          proofs: tuple[ProofRecord, ...]) -> Endorsement:
        """The typed Endorsement of a verified endorsement file (every check passed, so each field is there)."""
        doc = signed.data
        subject_doc = as_object(doc.get("credentialSubject"))
        subject = self.subject_of(subject_doc.get("id"))
        status = as_object(doc.get("credentialStatus"))
        signed_at, valid_from = aware_time(doc.get("awardedDate")), aware_time(doc.get("validFrom"))
        assert subject is not None and signed_at is not None and valid_from is not None  # checked: a bug otherwise
        return Endorsement(
            id=signed.place.stem, endorser_id=signed.place.issuer_id, subject=subject.key, name=str(doc.get("name")),
            comment=str(subject_doc.get("endorsementComment")), signed_at=signed_at, valid_from=valid_from,
            valid_until=aware_time(doc.get("validUntil")),
            rubric_versions=_versions(subject_doc.get(RUBRIC_VERSIONS)) or (),
            status=StatusEntry(str(status.get("statusListCredential")), status_entry_index(status) or 0,
                               str(status.get("statusPurpose"))),
            source=signed.source, url=self.urls.endorsement(signed.place.stem), proofs=proofs, checks=log,
            signed=signed.raw)
