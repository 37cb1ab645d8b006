"""Awards embed exactly the endorsements that held on their date for their rubric version, and the check refuses
any other an issuer embeds, even in an award re-signed with the issuer's real key.

Timeline of the registry: the council endorses acme/intro-python (rubric v2) from 2026-02-01, once until
2026-06-30 (E1) and once with no end, withdrawn 2026-04-01 (E2); globex endorses acme/python-developer (E3);
the council endorses globex/intro-python, a badge class of the same name as acme's (E4).
"""
from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from endorsement_support import (COUNCIL, PARTNER, context, endorse_for, endorsement_files, errors, resign)
from support import SVG, award_for, badge_yaml, write_tree

from registry.award import issue
from registry.check import check_registry
from registry.ob3.endorsement import RUBRIC_VERSIONS as RV


def day(month: int, date: int, year: int = 2026) -> datetime:
    return datetime(year, month, date, 10, 0, tzinfo=timezone.utc)


WITHDRAWN, ENDS = day(4, 1), datetime(2026, 6, 30, tzinfo=timezone.utc)
# award name → (moment, rubric version) and the endorsements make_award must embed
AWARDS: dict[str, tuple[datetime, int | None, tuple[str, ...]]] = {
    "before": (day(1, 15), None, ()),
    "during": (day(3, 1), None, ("E1", "E2")),
    "rubric-v1": (day(3, 1), 1, ()),
    "after-withdrawal": (day(5, 1), None, ("E1",)),
    "after-end": (day(7, 15), None, ()),
}


@dataclass(frozen=True)
class Timeline:
    root: Path
    endorsements: dict[str, str]  # E1… → endorsement id
    awards: dict[str, Path]  # AWARDS name → award file


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Timeline:
    files = endorsement_files()
    files["credentials/globex/intro-python/badge.yaml"] = badge_yaml("Intro to Python") + \
        f"acceptsEndorsementFrom: [{COUNCIL}]\n"
    files["credentials/globex/intro-python/badge.svg"] = SVG
    files["credentials/globex/intro-python/rubrics/v1.yaml"] = files["credentials/acme/intro-python/rubrics/v1.yaml"]
    root = write_tree(tmp_path_factory.mktemp("embedded") / "registry", files)
    ids = {"E1": endorse_for(root, "acme/intro-python", valid_until=ENDS, seed=1).stem,
           "E2": endorse_for(root, "acme/intro-python", seed=2).stem,
           "E3": endorse_for(root, "acme/python-developer", endorser=PARTNER, seed=3).stem,
           "E4": endorse_for(root, "globex/intro-python", seed=4).stem}
    issue.revoke(context(root, COUNCIL, WITHDRAWN), ids["E2"], "Council found shortcuts.", WITHDRAWN)
    awards = {name: award_for(root, when, seed=10 + n, results={"quality": "good"}, rubric_version=version)
              for n, (name, (when, version, _)) in enumerate(AWARDS.items())}
    return Timeline(root, ids, awards)


def embedded_ids(path: Path) -> list[str]:
    achievement = json.loads(path.read_text(encoding="utf-8"))["credentialSubject"]["achievement"]
    return [e["id"].rsplit("/", 1)[1].removesuffix(".json") for e in achievement.get("endorsement", [])]


def test_the_timeline_checks_clean(timeline: Timeline, check_cache: Path) -> None:
    """An award embedding E2, withdrawn after the award, still passes: it held when the award was made."""
    result = check_registry(timeline.root, cache_dir=check_cache, workers=1)
    assert errors(result) == [] and result.registry is not None
    assert timeline.endorsements["E2"] in embedded_ids(timeline.awards["during"])
    assert result.registry.revocations[timeline.endorsements["E2"]].revoked_at == WITHDRAWN


@pytest.mark.parametrize("name", AWARDS)
def test_make_award_embeds_the_endorsements_holding_at_its_date(name: str, timeline: Timeline) -> None:
    expected = [timeline.endorsements[e] for e in AWARDS[name][2]]
    assert sorted(embedded_ids(timeline.awards[name])) == sorted(expected)


def test_an_embedded_endorsement_is_the_signed_file_byte_for_byte_as_json(timeline: Timeline) -> None:
    award = json.loads(timeline.awards["during"].read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in award["credentialSubject"]["achievement"]["endorsement"]}
    for stem in (timeline.endorsements["E1"], timeline.endorsements["E2"]):
        signed = json.loads((timeline.root / f"credentials/council/endorsements/{stem}.json").read_text("utf-8"))
        assert by_id[signed["id"]] == signed


def _file(timeline: Timeline, key: str) -> dict[str, Any]:
    stem = timeline.endorsements[key]
    owner = PARTNER if key == "E3" else COUNCIL
    return json.loads((timeline.root / f"credentials/{owner}/endorsements/{stem}.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Hostile:
    """An award (AWARDS name) whose issuer re-signs it with `embed` as its achievement.endorsement, and the
    exact award-endorsement message; `{E1}`… stand for endorsement ids."""

    name: str
    award: str
    embed: Callable[[Timeline], list[Any]]
    message: str
    code: str = "award-endorsement"


def _made_up(t: Timeline) -> list[Any]:
    fake = _file(t, "E1")
    fake["id"] = "https://registry.test/endorsements/0000000000000000.json"
    return [fake]


def _modified(t: Timeline) -> list[Any]:
    changed = _file(t, "E1")
    changed["credentialSubject"][RV] = ["1", "2"]
    return [changed]


def _foreign(t: Timeline) -> list[Any]:
    other = _file(t, "E1")
    other["id"] = other["id"].replace("registry.test", "other.test")
    return [other]


AT = "credentialSubject.achievement.endorsement"
HOSTILE = [
    Hostile("a made-up endorsement", "during", _made_up,
            f"{AT}.0 ('https://registry.test/endorsements/0000000000000000.json') is not one of this registry's "
            "endorsements"),
    Hostile("an endorsement of another registry", "during", _foreign,
            f"{AT}.0 ('https://other.test/endorsements/{{E1}}.json') is not one of this registry's endorsements"),
    Hostile("a real one, modified", "during", _modified,
            f"{AT}.0 is endorsement {{E1}}, but {AT}.0.credentialSubject.{RV}.0 differs from "
            "credentials/council/endorsements/{E1}.json"),
    Hostile("a string, not an endorsement", "during", lambda t: ["https://registry.test/endorsements/x.json"],
            "does not match the OB 3.0 schema: credentialSubject/achievement/endorsement/0: "
            "'https://registry.test/endorsements/x.json' is not of type 'object'", "award-schema"),
    Hostile("one of another badge class", "during", lambda t: [_file(t, "E3")],
            f"{AT}.0 is endorsement {{E3}}, but it endorses acme/python-developer, not acme/intro-python"),
    Hostile("one of a badge class with the same name by another issuer", "during", lambda t: [_file(t, "E4")],
            f"{AT}.0 is endorsement {{E4}}, but it endorses globex/intro-python, not acme/intro-python"),
    Hostile("one not covering the award's rubric version", "rubric-v1", lambda t: [_file(t, "E1")],
            f"{AT}.0 is endorsement {{E1}}, but it covers rubric version(s) v2, not v1 that this award was assessed "
            "on"),
    Hostile("one that started after the award", "before", lambda t: [_file(t, "E1")],
            f"{AT}.0 is endorsement {{E1}}, but it starts 2026-02-01T09:00:00Z, after this award "
            "(2026-01-15T10:00:00Z)"),
    Hostile("one withdrawn before the award", "after-withdrawal", lambda t: [_file(t, "E1"), _file(t, "E2")],
            f"{AT}.1 is endorsement {{E2}}, but it was withdrawn 2026-04-01T10:00:00Z, before this award "
            "(2026-05-01T10:00:00Z)"),
    Hostile("one expired before the award", "after-end", lambda t: [_file(t, "E1")],
            f"{AT}.0 is endorsement {{E1}}, but it ended 2026-06-30T00:00:00Z, before this award "
            "(2026-07-15T10:00:00Z)"),
    Hostile("the same endorsement twice", "after-withdrawal", lambda t: [_file(t, "E1"), _file(t, "E1")],
            f"{AT}.1 is endorsement {{E1}} again: an award embeds each endorsement once"),
]


@pytest.mark.parametrize("case", HOSTILE, ids=lambda c: c.name)
def test_a_resigned_award_embedding_what_did_not_hold_is_refused(case: Hostile, timeline: Timeline, tmp_path: Path,
                                                                  check_cache: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(timeline.root, root)
    path = root / timeline.awards[case.award].relative_to(timeline.root)
    embed = copy.deepcopy(case.embed(timeline))

    def edit(doc: dict[str, Any]) -> None:
        doc["credentialSubject"]["achievement"]["endorsement"] = embed
    resign(path, edit, "acme", AWARDS[case.award][0])
    rel = path.relative_to(root).as_posix()
    found = errors(check_registry(root, cache_dir=check_cache, workers=1))
    assert [(p.file, p.code, p.message) for p in found] == [(rel, case.code, case.message.format(**timeline.endorsements))]
    if case.code == "award-endorsement":  # located at the embedded item: its opening brace in the array
        index = int(case.message.split(f"{AT}.", 1)[1].split(" ", 1)[0])
        text = path.read_text(encoding="utf-8").splitlines()
        opening = next(n for n, row in enumerate(text, 1) if row == '      "endorsement": [')
        assert found[0].line == [n for n, row in enumerate(text, 1) if n > opening and row == "        {"][index]


def test_an_award_embedding_an_endorsement_withdrawn_after_it_still_passes(timeline: Timeline) -> None:
    """The award of 2026-03-01 carries E2, withdrawn on 2026-04-01: it held on the award date, so it stays."""
    from registry.check import check_registry as check
    result = check(timeline.root, use_cache=False, workers=1)
    assert result.problems == () and result.registry is not None
    award_id = timeline.awards["during"].stem
    assert result.registry.awards[award_id].endorsements == tuple(sorted(
        (timeline.endorsements["E1"], timeline.endorsements["E2"]), key=embedded_ids(timeline.awards["during"]).index))
    assert result.registry.label("acme/intro-python", AWARDS["during"][0], 2).text == "Accredited"
    assert result.registry.label("acme/intro-python", AWARDS["after-end"][0], 2).text == "In-house"
