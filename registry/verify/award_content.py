"""What a signed award says must be what its issuer's reviewed files say.

A valid signature over different content is a lie told with a real key. So the check rebuilds
every award with the builder `credreg award` uses (`credential_document`), from the registry's
files at the award's rubric version and the award's own fields only (id, dates, recipient,
results, evidence, status index), and compares the two documents, proof aside:

- `award-content`: the first value that differs from what the files give (issuer profile,
  achievement, alignments, image, criteria, status entry, credentialSchema, @context, …);
- `award-results`: results naming criteria or levels the rubric version lacks, a criterion missing
  or twice, a total that is not the levels' sum, or one below the pass threshold;
- `hidden-character`, `too-long`: the award's own free text (recipient name, evidence) breaks the
  rules every text of the registry obeys.

Parts an existing, more specific check already reported on (a wrong id, issuer, badge class, rubric
version, date or status entry) are left out, so one departure is reported once.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..errors import CredregError, DocPath
from ..load.signed import SignedFile
from ..model import BadgeClass, Issuer, Rubric
from ..ob3.document import AwardFields, credential_document, results, rubric_ids
from ..ob3.fields import MAX_RUBRIC_VERSION, as_object, ascii_int, aware_time, cut, printable, shown
from ..ob3.statuslist import status_entry_index
from ..urls import SiteUrls
from ..validate.values import HIDDEN_WHY, award_text_findings, field_name

CONTENT_HINT = "awards must be made with `credreg award` from the reviewed files; revoke this one and award again"
RESULTS_HINT = ("award the badge only with `credreg award`, which scores the results with the award's rubric "
                "version; revoke this one and award again")
TEXT_HINTS = {
    "hidden-character": f"{HIDDEN_WHY}; a signed award cannot be edited: revoke it and award again without them",
    "too-long": "a signed award cannot be edited: revoke it and award again with shorter text",
}

_SUBJECT, _ACHIEVEMENT = "credentialSubject", ("credentialSubject", "achievement")
_RESULT = ("credentialSubject", "result")
# What each existing check covers: when it fired, the comparison leaves these parts alone.
COVERED: Mapping[str, tuple[DocPath, ...]] = {
    "award-id": (("id",),),
    "award-issuer": (("issuer",),),
    "award-badge": (("name",), _ACHIEVEMENT, _RESULT),
    "award-rubric": (_ACHIEVEMENT + ("version",), _ACHIEVEMENT + ("resultDescription",), _RESULT),
    "award-dates": (("validFrom",), ("awardedDate",), ("validUntil",)),
    "award-status": (("credentialStatus",),),
}
_SOMETIME = datetime(2000, 1, 1, tzinfo=timezone.utc)  # stands in for a date an existing check reported


@dataclass(frozen=True)
class Finding:
    """One departure of an award from the registry's files, at a path inside the award."""

    code: str
    path: DocPath
    message: str
    hint: str


@dataclass(frozen=True)
class _Form:
    """An expected value known only by its form (a hash, a salt): any text of that form matches."""

    pattern: re.Pattern[str]
    description: str

    def matches(self, value: Any) -> bool:
        return isinstance(value, str) and self.pattern.fullmatch(value) is not None

    def __repr__(self) -> str:
        return f"<{self.description}>"


_HASH = _Form(re.compile(r"sha256\$[0-9a-f]{64}"), "a sha256$ hash of the email")
_SALT = _Form(re.compile(r"[0-9a-f]{32}"), "a salt of 32 hex digits")
_MISSING = object()


@dataclass(frozen=True)
class Difference:
    """A place where an award and the credential rebuilt from the files disagree (`_MISSING` on one side)."""

    path: DocPath
    actual: Any
    expected: Any


def differences(actual: Any, expected: Any, path: DocPath = (), skip: frozenset[DocPath] = frozenset()
                ) -> Iterator[Difference]:
    """Every difference, in the award's order; parts under a path in `skip` are not compared.

    JSON values are equal only with the same type (`true` is not `1`); object keys are unordered.
    """
    if path in skip or _same(actual, expected):
        return
    if isinstance(expected, _Form):
        if not expected.matches(actual):
            yield Difference(path, actual, expected)
    elif isinstance(expected, dict):
        if not isinstance(actual, dict):
            yield Difference(path, actual, expected)
            return
        for key, value in actual.items():
            if key not in expected:
                if path + (key,) not in skip:
                    yield Difference(path + (key,), value, _MISSING)
            else:
                yield from differences(value, expected[key], path + (key,), skip)
        for key, value in expected.items():
            if key not in actual and path + (key,) not in skip:
                yield Difference(path + (key,), _MISSING, value)
    elif isinstance(expected, list):
        if not isinstance(actual, list):
            yield Difference(path, actual, expected)
            return
        for index in range(max(len(actual), len(expected))):
            got = actual[index] if index < len(actual) else _MISSING
            want = expected[index] if index < len(expected) else _MISSING
            if got is _MISSING or want is _MISSING:
                if path + (index,) not in skip:
                    yield Difference(path + (index,), got, want)
            else:
                yield from differences(got, want, path + (index,), skip)
    elif type(actual) is not type(expected) or actual != expected:
        yield Difference(path, actual, expected)


def _same(actual: Any, expected: Any) -> bool:
    """Equal as JSON, types included (`==` alone takes `true` for `1`): a fast test for the parts that are
    equal. `repr` tells the types apart; it also sees key order, so a reordered part is compared in full."""
    return isinstance(expected, (dict, list)) and actual == expected and repr(actual) == repr(expected)


def show(value: Any) -> str:
    """A short, printable rendering of a value for a message; an expected form shows as its description."""
    return value.description if isinstance(value, _Form) else shown(value)


def where(path: DocPath) -> str:
    """A path inside an award as messages write it, each part short and printable (keys are hostile too)."""
    return printable(field_name(tuple(cut(p) if isinstance(p, str) else p for p in path))) or "the award"


def _text_finding(code: str, path: DocPath, message: str) -> Finding:
    """A text rule's finding, its message naming the path as `where` does."""
    full = field_name(path)
    if message.startswith(full):
        message = where(path) + message[len(full):]
    return Finding(code, path, printable(message), TEXT_HINTS[code])


def _covered(reported: Iterable[str]) -> set[DocPath]:
    return {path for code in reported for path in COVERED.get(code, ())}


def _source(path: DocPath, issuer: Issuer, badge: BadgeClass, rubric: Rubric) -> tuple[str, str]:
    """How a message names where an expected value comes from: ('<file> says', '<file> has no such value')."""
    if path[:1] == ("issuer",) or path[:3] == _ACHIEVEMENT + ("creator",):
        file = issuer.source
    elif path[:3] in (_ACHIEVEMENT + ("version",), _ACHIEVEMENT + ("resultDescription",)):
        file = rubric.source
    elif path[:2] == _ACHIEVEMENT or path == ("name",):
        file = badge.source
    elif path[:2] == _RESULT:
        return (f"the levels it records, scored with {rubric.source}, give", f"{rubric.source} has no such result")
    else:
        return "`credreg award` writes", "`credreg award` never writes it"
    return f"{file} says", f"{file} has no such value"


def difference_message(diff: Difference, says: str, absent: str, signed: str = "the award") -> str:
    """A difference in the words of a check's message: what `signed` (the file's kind) has at the path, and what
    the source says there (`says` the value), or that it has no such value (`absent`)."""
    at = where(diff.path)
    if diff.expected is _MISSING:
        return f"{at} is in {signed} ({show(diff.actual)}), but {absent}"
    if diff.actual is _MISSING:
        return f"{at} is missing from {signed}, but {says} {show(diff.expected)}"
    return f"{at} is {show(diff.actual)} in {signed}, but {says} {show(diff.expected)}"


def _result_levels(subject: Mapping[str, Any], badge: BadgeClass, rubric: Rubric,
                   urls: SiteUrls) -> tuple[list[dict[str, Any]] | None, Finding | None]:
    """The results `credreg award` writes for the levels the award records, or why they cannot be right."""
    found = subject.get("result", [])
    version = f"rubric v{rubric.version} ({rubric.source})"

    def bad(path: DocPath, message: str) -> tuple[None, Finding]:
        return None, Finding("award-results", path, message, RESULTS_HINT)

    if not isinstance(found, list):
        return bad(_RESULT, f"credentialSubject.result is {show(found)}, not a list of results")
    ids = rubric_ids(badge, rubric, urls)
    criteria = {c.id: c for c in rubric.criteria}
    chosen: dict[str, str] = {}
    first: dict[str, DocPath] = {}
    total_at: DocPath = _RESULT
    for index, entry in enumerate(found):
        at = _RESULT + (index,)
        if not isinstance(entry, dict):
            return bad(at, f"{where(at)} is {show(entry)}, not a result")
        described = entry.get("resultDescription")
        if described == ids.total:
            total_at = at + ("value",)
            continue
        criterion = ids.criteria[described].id if isinstance(described, str) and described in ids.criteria else ""
        if criterion not in criteria:
            return bad(at + ("resultDescription",), f"{where(at)}.resultDescription is {show(described)}, "
                       f"which is no criterion of {version}")
        if criterion in first:
            return bad(at + ("resultDescription",), f"criterion {criterion!r} has two results: "
                       f"{where(first[criterion])} and {where(at)}")
        first[criterion] = at
        level = entry.get("achievedLevel")
        named = ids.levels.get(level) if isinstance(level, str) else None
        level_id = named[1].id if named and named[0].id == criterion else ""
        if not level_id:
            return bad(at + ("achievedLevel",), f"{where(at)}.achievedLevel is {show(level)}, which is "
                       f"no level of criterion {criterion!r} in {version}")
        chosen[criterion] = level_id
    try:
        return results(badge, rubric, chosen, urls), None
    except CredregError as exc:  # a criterion without a result, else a total below the pass threshold
        return bad(total_at if len(chosen) == len(criteria) else _RESULT, f"{exc.message} ({rubric.source})")


def _identifier(subject: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    """The hashed identity `credreg award` writes: only its hash and salt are the award's own (taken from
    the award when they have their form, so an equal award compares equal at once)."""
    found = subject.get("identifier")
    first = found[0] if isinstance(found, list) and found and isinstance(found[0], dict) else {}
    hashed, salt = first.get("identityHash"), first.get("salt")
    return ({"type": "IdentityObject", "identityHash": hashed if _HASH.matches(hashed) else _HASH,
             "identityType": "emailAddress", "hashed": True, "salt": salt if _SALT.matches(salt) else _SALT},)


def _listed(value: Any) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def award_content_findings(award: SignedFile, badge: BadgeClass, issuer: Issuer, urls: SiteUrls,
                           reported: Iterable[str] = ()) -> list[Finding]:
    """Where `award` departs from what `credreg award` writes from the registry's files.

    `reported` holds the codes existing checks already gave this award; the parts they cover are left alone.
    At most one `award-content` and one `award-results` finding (the first difference of each), then
    one finding per text of the award's own that breaks the rules for text.
    """
    doc = dict(award.data)
    skip = _covered(reported)
    findings: list[Finding] = []
    subject = as_object(doc.get(_SUBJECT))
    number = ascii_int(as_object(subject.get("achievement")).get("version"), MAX_RUBRIC_VERSION)
    rubric = badge.rubric(number) if number is not None else None
    if rubric is None:  # award-rubric said so; build the rest with any version, and leave the rubric parts alone
        rubric = badge.current_rubric
        skip |= set(COVERED["award-rubric"])
    if rubric is not None:
        findings += _compare(award, doc, subject, badge, issuer, rubric, urls, skip)
    findings += [_text_finding(code, path, message) for code, path, message in award_text_findings(doc)]
    return findings + _evidence_links(doc)


def _evidence_links(doc: Mapping[str, Any]) -> list[Finding]:
    """Evidence links must be https, as `credreg award --evidence` requires (a page would drop any other)."""
    findings = []
    for index, entry in enumerate(_listed(doc.get("evidence"))):
        link = entry.get("id") if isinstance(entry, dict) else None
        if link is None or (isinstance(link, str) and link.startswith("https://")
                            and not any(ch.isspace() for ch in link)):
            continue
        path: DocPath = ("evidence", index, "id")
        findings.append(Finding("non-https-url", path, printable(f"{where(path)} is {show(link)}, not an https:// URL"),
                                "evidence links must be public https pages; a signed award cannot be edited: "
                                "revoke it and award again"))
    return findings


def _compare(award: SignedFile, doc: dict[str, Any], subject: Mapping[str, Any], badge: BadgeClass, issuer: Issuer,
             rubric: Rubric, urls: SiteUrls, skip: set[DocPath]) -> list[Finding]:
    """The first award-content and award-results difference between the award and its rebuilt credential."""
    findings: list[Finding] = []
    rebuilt: list[dict[str, Any]] | None = None
    if _RESULT not in skip:
        rebuilt, problem = _result_levels(subject, badge, rubric, urls)
        if problem:
            findings.append(problem)
            skip.add(_RESULT)
    issued = aware_time(doc.get("validFrom"))
    until = aware_time(doc.get("validUntil"))
    if issued is None or ("validUntil" in doc and until is None):
        skip |= set(COVERED["award-dates"])
    status = doc.get("credentialStatus")
    index = status_entry_index(status) if isinstance(status, dict) else None
    if index is None:
        skip.add(("credentialStatus",))
    embedded = as_object(subject.get("achievement")).get("endorsement")
    fields = AwardFields(
        endorsements=_listed(embedded) if embedded is not None else (),  # checked on their own: embedded.py
        credential_id=award.place.stem, issued_at=issued or _SOMETIME, status_index=index or 0, identifier=_identifier(subject),
        results=tuple(rebuilt) if rebuilt is not None else _listed(subject.get("result", [])),
        name=subject.get("name"), evidence=_listed(doc["evidence"]) if doc.get("evidence") else (),
        valid_until=(until or _SOMETIME) if "validUntil" in doc else None)
    expected = credential_document(fields, badge, issuer, rubric, urls)
    actual = {key: value for key, value in doc.items() if key != "proof"}
    wanted = {"award-content", "award-results"} - {f.code for f in findings}
    for diff in differences(actual, expected, (), frozenset(skip)):
        code = "award-results" if diff.path[:2] == _RESULT else "award-content"
        if code in wanted:
            wanted.discard(code)
            says, absent = _source(diff.path, issuer, badge, rubric)
            findings.append(Finding(code, diff.path, difference_message(diff, says, absent),
                                    RESULTS_HINT if code == "award-results" else CONTENT_HINT))
        if not wanted:
            break
    return findings + _shapes(doc, subject, badge, issued, until)


def _shapes(doc: Mapping[str, Any], subject: Mapping[str, Any], badge: BadgeClass, issued: datetime | None,
            until: datetime | None) -> list[Finding]:
    """What the comparison cannot see, because the award's own fields are copied into the rebuilt one:
    a recipient name that is not text, a missing expiry where the badge class has a validity period, and
    an expiry before the award (credreg award writes none of these)."""
    findings = []
    if badge.validity_months and "validUntil" not in doc:
        findings.append(Finding("award-content", ("validFrom",), f"the award has no validUntil, but {badge.source} "
                                f"says awards expire after {badge.validity_months} months", CONTENT_HINT))
    if "name" in subject and not isinstance(subject["name"], str):
        path: DocPath = (_SUBJECT, "name")
        findings.append(Finding("award-content", path, f"{where(path)} is {show(subject['name'])}, not text",
                                CONTENT_HINT))
    if issued is not None and until is not None and until <= issued:
        findings.append(Finding("award-dates", ("validUntil",), f"validUntil {until.isoformat()} is not after "
                                f"validFrom {issued.isoformat()}", "an award expires after it is made; revoke "
                                "it and award again"))
    return findings

