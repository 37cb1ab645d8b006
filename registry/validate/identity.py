"""Identity rules: ids that match their folders, unique ids, and names that neither collide nor imitate."""
from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import Problem, Severity
from ..layout import FileKind, SourceFile
from ..load.source import SourceDocument
from ..model import BadgeClass, Issuer
from .lookalikes import NO_PAIRS, AcceptedPairs, NameIndex, name_key, resembling
from .names import casefold_key, find_lookalikes, is_mixed_script, scripts_of, skeleton

ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z")
_RUBRIC_STEM = re.compile(r"v[1-9][0-9]*\Z")
_STATUS_STEM = re.compile(r"[1-9][0-9]*\Z")
_ID_HINT = "rename it with lower-case letters, digits and inner hyphens only (a-z, 0-9, -), at most 64"
_ACCEPT_HINT = ("; a genuine case (a related organisation, or an unrelated one really named so) can be accepted "
                "by a registry maintainer under nameExceptions in registry.yaml")
_IGNORING = "once case, spacing, punctuation, symbols, accents and lookalike letters are ignored"


def path_id_problems(sources: list[SourceFile]) -> list[Problem]:
    """Every id a file's place implies must be a valid id; rubric and status list names have fixed forms."""
    problems = []
    reported: set[str] = set()
    for src in sources:
        parts = [("issuer folder", src.issuer_id)]
        if src.badge_id:
            parts.append(("badge folder", src.badge_id))
        for what, value in parts:
            if not ID_RE.match(value) and value not in reported:
                reported.add(value)
                problems.append(Problem(src.path, 0, 0, "bad-id", f"{what} name {value!r} is not a valid id",
                                        _ID_HINT))
        if src.kind is FileKind.AWARD and not ID_RE.match(src.stem):
            problems.append(Problem(src.path, 0, 0, "bad-id", f"credential id {src.stem!r} is not a valid id",
                                    _ID_HINT))
        if src.kind is FileKind.RUBRIC and not _RUBRIC_STEM.match(src.stem):
            problems.append(Problem(src.path, 0, 0, "bad-rubric-name",
                                    f"rubric file {src.stem!r}.yaml is not named v<N>.yaml",
                                    "name rubric versions v1.yaml, v2.yaml, …"))
        if src.kind is FileKind.STATUS_LIST and not _STATUS_STEM.match(src.stem):
            problems.append(Problem(src.path, 0, 0, "bad-id", f"status list {src.stem!r}.json is not numbered",
                                    "status lists are named 1.json, 2.json, …"))
    return problems


def duplicate_award_problems(awards: list[SourceFile]) -> list[Problem]:
    """A credential id is its public URL, so it must be unique across the whole registry: awards and
    endorsements alike, whose ids share revocations.yaml and the status lists."""
    first: dict[str, str] = {}
    problems = []
    for src in awards:
        if src.stem in first:
            problems.append(Problem(src.path, 0, 0, "duplicate-id",
                                    f"credential id {src.stem!r} is also used by {first[src.stem]}",
                                    "credential ids are URLs and must be unique; re-award with a new id"))
        else:
            first[src.stem] = src.path
    return problems


def issuer_name_problems(issuers: Mapping[str, tuple[SourceDocument, Issuer]],
                         accepted: AcceptedPairs = NO_PAIRS) -> list[Problem]:
    """Issuer names must not collide ignoring case, imitate or contain each other, or mix scripts.

    Pairs registry maintainers `accepted` may look alike or contain one another; they may never collide.
    """
    names = {iid: issuer.name for iid, (_, issuer) in issuers.items()}
    docs = {iid: doc for iid, (doc, _) in issuers.items()}
    problems = _collisions(names, docs, "issuer")
    for first, second in resembling(names, skeleton, casefold_key, accepted):
        a, b = sorted((first, second), key=lambda k: docs[k].path)
        problems.append(docs[b].problem(
            "confusable-name", f"issuer name {names[b]!r} looks like {names[a]!r} of {docs[a].path}",
            "choose a name that cannot be mistaken for another issuer's" + _ACCEPT_HINT, ("name",)))
    for first, second in resembling(_lettered(names), name_key, skeleton, accepted):
        a, b = sorted((first, second), key=lambda k: docs[k].path)
        problems.append(docs[b].problem(
            "name-variant", f"issuer name {names[b]!r} reads as {names[a]!r} of {docs[a].path} {_IGNORING}",
            "choose a clearly different name" + _ACCEPT_HINT, ("name",)))
    keys = {iid: name_key(name) for iid, name in names.items()}
    index = NameIndex(keys)
    for iid, key in keys.items():
        for other in index.contained_in(key, accepted.partners(iid) | {iid}, proper=True):
            problems.append(docs[iid].problem(
                "contains-issuer-name", f"issuer name {names[iid]!r} contains the name of issuer '{other}' "
                f"({names[other]!r})", "choose a name that does not borrow another issuer's" + _ACCEPT_HINT,
                ("name",), Severity.WARNING))
    problems += _mixed_script(names, docs)
    return problems


def badge_name_problems(badges: Mapping[str, tuple[SourceDocument, BadgeClass]],
                        issuers: Mapping[str, tuple[SourceDocument, Issuer]],
                        accepted: AcceptedPairs = NO_PAIRS) -> list[Problem]:
    """Badge names: distinct per issuer, no lookalike of another issuer's badge, no other issuer's name.

    A badge may carry the name of an issuer its own issuer's name was `accepted` to resemble.
    """
    problems: list[Problem] = []
    docs = {key: doc for key, (doc, _) in badges.items()}
    names = {key: badge.name for key, (_, badge) in badges.items()}
    by_issuer: dict[str, dict[str, str]] = {}
    for key, (_, badge) in badges.items():
        by_issuer.setdefault(badge.issuer_id, {})[key] = badge.name
    for own in by_issuer.values():
        problems += _collisions(own, docs, "badge")
        for first, second in resembling(_lettered(own), name_key, casefold_key):
            a, b = sorted((first, second), key=lambda k: docs[k].path)
            problems.append(docs[b].problem(
                "name-variant", f"badge name {names[b]!r} reads as {names[a]!r} of {docs[a].path} {_IGNORING}",
                "give each badge class a clearly different name", ("name",)))
    for first, second in find_lookalikes(names):
        if first.split("/")[0] == second.split("/")[0]:
            continue  # same issuer: a name-collision or name-variant, reported above
        a, b = sorted((first, second), key=lambda k: docs[k].path)
        problems.append(docs[b].problem(
            "confusable-name", f"badge name {names[b]!r} looks like {names[a]!r} of another issuer ({docs[a].path})",
            "choose a name that cannot be mistaken for another issuer's badge", ("name",)))
    index = NameIndex({iid: name_key(issuer.name) for iid, (_, issuer) in issuers.items()})
    for key, (doc, badge) in badges.items():
        for iid in index.contained_in(name_key(badge.name), accepted.partners(badge.issuer_id) | {badge.issuer_id}):
            problems.append(doc.problem(
                "imitates-issuer", f"badge name {badge.name!r} contains the name of issuer '{iid}'",
                "a badge may only carry its own issuer's name (or one registry.yaml accepts it resembling)",
                ("name",)))
    problems += _mixed_script(names, docs)
    return problems


def _lettered(names: Mapping[str, str]) -> dict[str, str]:
    """The names with a letter or digit: one made only of symbols (emoji) reads as nothing to compare."""
    return {key: name for key, name in names.items() if name_key(name)}


def _collisions(names: Mapping[str, str], docs: Mapping[str, SourceDocument], what: str) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for key in sorted(names, key=lambda k: docs[k].path):
        folded = casefold_key(names[key])
        if folded in seen:
            other = seen[folded]
            problems.append(docs[key].problem(
                "name-collision", f"{what} name {names[key]!r} is the same as {names[other]!r} of {docs[other].path}"
                " (ignoring case)", f"give each {what} a distinct name", ("name",)))
        else:
            seen[folded] = key
    return problems


def _mixed_script(names: Mapping[str, str], docs: Mapping[str, SourceDocument]) -> list[Problem]:
    return [docs[key].problem(
        "mixed-script", f"name {name!r} mixes letters of {', '.join(sorted(scripts_of(name)))} scripts",
        "write the name in one script; mixed scripts are how lookalike names are made", ("name",))
        for key, name in names.items() if is_mixed_script(name)]
