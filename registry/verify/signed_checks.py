"""The checks of one signed file against the registry model, each logged as a step with its outcome.

An award's id, schema, dates, issuer, badge class, rubric version and status entry are checked
here; its content and its proofs' signatures are checked by the caller once every file has
been seen (signatures run in parallel). Every check both reports problems (for `credreg check`)
and leaves a step in the file's log (for its evidence page), so the page shows what really ran.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import CredregError, DocPath, Problem
from ..layout import STATUS_LIST_NUMBER, FileKind, rubric_file, status_list_file
from ..load.signed import SignedFile
from ..model import BadgeClass, Outcome, Registry, Step, shared_step
from ..ob3.document import rubric_descriptions
from ..ob3.fields import MAX_RUBRIC_VERSION, as_object, ascii_int, aware_time, issuer_id_of
from ..ob3.schema import schema_errors
from ..ob3.statuslist import LIST_SIZE, decode, set_indexes, status_entry_index
from ..urls import SiteUrls
from .award_content import differences
from .cache import PassCache, content_key


def schema_key(signed: SignedFile) -> str:
    """The cache key of a signed file's OB 3.0 schema check: it depends on the file's bytes (and the checker) alone."""
    endorsement = signed.place.kind is FileKind.ENDORSEMENT
    return content_key(b"ob-v3p0-endorsementcredential" if endorsement else b"ob-v3p0-achievementcredential",
                       signed.digest)


class SignedChecks:
    """Problems and per-file step logs of the signed files of one registry."""

    def __init__(self, registry: Registry, urls: SiteUrls, cache: PassCache) -> None:
        self.registry, self.urls, self.cache = registry, urls, cache
        self.problems: list[Problem] = []
        self.logs: dict[str, list[Step]] = {}  # source → the steps run on the file itself
        self.passed: list[str] = []  # cache keys of checks that passed
        self._current: SignedFile | None = None

    def problem(self, source: SignedFile, code: str, message: str, hint: str, path: DocPath = ()) -> None:
        """A problem at `path` inside a signed file (its position comes from the loaded document)."""
        pos = source.doc.locate(path) if path else None
        self.problems.append(Problem(source.source, pos.line if pos else 0, pos.column if pos else 0,
                                     code, message, hint))

    @contextmanager
    def step(self, source: SignedFile, name: str, detail: str) -> Iterator[None]:
        """Log step `name` of `source`: passed with `detail`, or failed with the first problem it reported."""
        start = len(self.problems)
        yield
        found = [p for p in self.problems[start:] if p.file == source.source]
        outcome = Outcome.FAIL if found else Outcome.PASS
        self.logs.setdefault(source.source, []).append(shared_step(name, outcome, found[0].message if found else detail))

    def check_award(self, award: SignedFile, badge: BadgeClass | None, used: dict[str, dict[int, str]]) -> None:
        """Every check of one award that needs only the award and the model."""
        doc, issuer = award.data, self.registry.issuers[award.place.issuer_id]
        expected_id = self.urls.credential(award.place.stem)
        with self.step(award, "credential id", f"its id is its URL in this registry, {expected_id}"):
            if doc.get("id") != expected_id:
                self.problem(award, "award-id", f"id is {doc.get('id')!r}, expected {expected_id!r}",
                             "a credential's id is its URL in this registry, named after its file", ("id",))
        with self.step(award, "schema", "matches the official OB 3.0 JSON Schema (AchievementCredential)"):
            self._schema(award)
        with self.step(award, "dates", "validFrom and validUntil are date-times with a zone"):
            for name in ("validFrom", "validUntil"):
                if name in doc and aware_time(doc[name]) is None:
                    self.problem(award, "award-dates", f"{name} {doc[name]!r} is not a date-time with a zone",
                                 "dates in credentials are like 2026-01-15T09:00:00Z; re-award the credential", (name,))
        did = self.urls.issuer_did(issuer.id)
        with self.step(award, "issuer", f"issued by {did}, the issuer it is filed under"):
            if issuer_id_of(doc) != did:
                self.problem(award, "award-issuer", f"issuer is {issuer_id_of(doc)!r}, but the file is filed under "
                             f"{issuer.id!r}", f"an award under credentials/{issuer.id}/ must be issued by {did}",
                             ("issuer",))
        if badge is not None:
            self._achievement(award, badge)
        with self.step(award, "status entry", "an entry of its issuer's status list that no other award uses"):
            self.check_status_entry(award, used)

    def _schema(self, award: SignedFile) -> None:
        key = schema_key(award)
        if self.cache.known([key]):
            return
        errors = schema_errors(award.data, "achievementcredential.json")
        if errors:
            self.problem(award, "award-schema", f"does not match the OB 3.0 schema: {errors[0]}",
                         "regenerate the credential with `credreg award`")
        else:
            self.passed.append(key)

    def _achievement(self, award: SignedFile, badge: BadgeClass) -> None:
        got = as_object(as_object(award.data.get("credentialSubject")).get("achievement"))
        where: DocPath = ("credentialSubject", "achievement")
        expected_id = self.urls.badge_page(badge.issuer_id, badge.id)
        with self.step(award, "badge class", f"awards {badge.key}, the badge class it is filed under"):
            if got.get("id") != expected_id:
                self.problem(award, "award-badge", f"achievement id is {got.get('id')!r}, not this badge class "
                             f"({expected_id})", "file the award under the badge class it was awarded for",
                             where + ("id",))
                return
        version = str(got.get("version", ""))
        number = ascii_int(version, MAX_RUBRIC_VERSION)
        rubric = badge.rubric(number) if number is not None else None
        with self.step(award, "rubric", f"assessed on rubric v{version}, as {rubric_file(badge.issuer_id, badge.id, version)} "
                       "defines it"):
            if rubric is None:
                self.problem(award, "award-rubric", f"the award names rubric version {version!r}, which does not "
                             f"exist", f"restore rubrics/v{version}.yaml: old rubric versions are never deleted",
                             where + ("version",))
                return
            expected = rubric_descriptions(badge, rubric, self.urls)
            if got.get("resultDescription") != expected:
                first = next(differences(got.get("resultDescription"), expected, where + ("resultDescription",)),
                             None)
                self.problem(award, "award-rubric", f"the rubric in the award differs from rubrics/v{version}.yaml",
                             f"rubric v{version} was edited after awards used it: restore it and put changes in a new "
                             "version (if the file is unchanged, the award was not made from it: revoke it and award "
                             "again)", first.path if first else where + ("resultDescription",))

    def check_status_entry(self, award: SignedFile, used: dict[str, dict[int, str]]) -> None:
        """The file's credentialStatus: an index of its issuer's list that no other award or endorsement uses."""
        status = award.data.get("credentialStatus")
        expected = self.urls.status_list(award.place.issuer_id, STATUS_LIST_NUMBER)
        if not isinstance(status, dict) or status.get("statusListCredential") != expected:
            self.problem(award, "award-status", f"credentialStatus does not point at {expected}",
                         "every award carries an entry in its issuer's status list", ("credentialStatus",))
            return
        index = status_entry_index(status)
        if index is None:
            self.problem(award, "award-status", "statusListIndex is not a number in ASCII digits within "
                         "a status list's range", "award again with `credreg award`; it writes a valid index",
                         ("credentialStatus", "statusListIndex"))
            return
        if index >= LIST_SIZE:
            self.problem(award, "award-status", f"statusListIndex {index} is outside its status list "
                         f"(0..{LIST_SIZE - 1}): `credreg revoke` could never revoke it",
                         "sign it again with credreg (`award`, `endorse`), which draws an index inside the list",
                         ("credentialStatus", "statusListIndex"))
            return
        taken = used.setdefault(award.place.issuer_id, {})
        if index in taken:
            self.problem(award, "duplicate-status-index", f"status index {index} is also used by {taken[index]}",
                         "each award needs its own status index; re-award one of them",
                         ("credentialStatus", "statusListIndex"))
        else:
            taken[index] = award.source

    def check_status_list(self, status_list: SignedFile, revoked: set[int]) -> frozenset[int]:
        """A status list's id, issuer and bitstring, which must revoke exactly what revocations.yaml records;
        returns the indexes it sets."""
        doc, issuer = status_list.data, self.registry.issuers[status_list.place.issuer_id]
        expected = self.urls.status_list(issuer.id, status_list.place.stem)
        with self.step(status_list, "list id", f"its id is its URL in this registry, {expected}"):
            if doc.get("id") != expected:
                self.problem(status_list, "status-list-id", f"id is {doc.get('id')!r}, expected {expected!r}",
                             "re-sign the list with `credreg revoke`", ("id",))
        with self.step(status_list, "issuer", f"issued by {self.urls.issuer_did(issuer.id)}"):
            if doc.get("issuer") != self.urls.issuer_did(issuer.id):
                self.problem(status_list, "status-list-issuer", f"issuer is {doc.get('issuer')!r}, not "
                             f"{issuer.id!r}", "a status list is signed by the issuer it belongs to", ("issuer",))
        where: DocPath = ("credentialSubject", "encodedList")
        with self.step(status_list, "entries", f"revokes exactly the {len(revoked)} credential(s) that "
                       "revocations.yaml records"):
            try:
                bits = decode(str(as_object(doc.get("credentialSubject")).get("encodedList", "")))
            except CredregError as exc:
                self.problem(status_list, "status-list-malformed", exc.message, exc.hint, where)
                return frozenset()
            if len(bits) * 8 < LIST_SIZE:
                self.problem(status_list, "status-list-malformed", f"the list has {len(bits) * 8} entries; at least "
                             f"{LIST_SIZE:,} are required", "re-sign it with `credreg revoke`", where)
            flagged = frozenset(set_indexes(bits))
            if flagged != revoked:
                missing, extra = sorted(revoked - flagged), sorted(flagged - revoked)
                detail = (f"revocations.yaml revokes index(es) {missing[:5]} that the signed list does not" if missing
                          else f"the signed list sets index(es) {extra[:5]} that revocations.yaml does not record")
                self.problem(status_list, "status-list-mismatch", detail,
                             "re-sign the list with the issuer's key (`credreg revoke` does this)", where)
        return flagged

    def missing_status_lists(self, awards: list[SignedFile], lists: list[SignedFile]) -> None:
        """An issuer with awards (or endorsements) must have its signed status list."""
        have = {s.place.issuer_id for s in lists}
        for issuer_id in sorted({a.place.issuer_id for a in awards} - have):
            self.problems.append(Problem(status_list_file(issuer_id), 0, 0, "missing-status-list",
                                         f"issuer {issuer_id!r} has awards but no signed status list",
                                         "`credreg award` writes it; restore the file"))
