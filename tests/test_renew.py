"""`credreg renew`: a new validity period (and the current rubric where it changed) for the holder of an
earlier award, linking it; every refusal with its exact message; the command line's exit codes."""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from currency_support import T0, add_sql_badge, award, ctx_for, publish_rubric_v2, registry, revoke
from support import fixture_signing_key

from registry.award import renew
from registry.check import check_registry
from registry.cli import main
from registry.errors import CredregError, UsageError
from registry.keys.store import to_json
from registry.ob3.document import RENEWAL_GENRE

LATER = datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc)  # a month before the first awards expire


def renew_one(root: Path, credential_id: str, when: datetime = LATER, email: str = "ada@example.net",
              seed: int = 7, **details: object) -> str:
    """Renew through the library, as `credreg renew` does; the new credential's id."""
    request = renew.RenewRequest(credential_id, email, when, **details)  # type: ignore[arg-type]
    return renew.renew(ctx_for(root, when), request, random.Random(seed)).stem


def award_file(root: Path, credential_id: str) -> dict:
    path = next(root.glob(f"credentials/*/*/awards/{credential_id}.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def test_renewal_extends_validity_links_the_old_award_and_checks_clean(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry, name="Ada L.", evidence=("https://ex.example/ada-sql",))
    new = renew_one(signing_registry, old, email=" Ada@Example.NET")  # the email as awards hash it: trimmed, lower
    doc = award_file(signing_registry, new)
    assert doc["validFrom"] == "2027-02-01T09:00:00Z"
    assert doc["validUntil"] == "2028-02-01T09:00:00Z"  # the badge class's 12 months, from the renewal
    assert doc["credentialSubject"]["name"] == "Ada L."  # carried over
    assert doc["evidence"] == [{
        "id": f"https://registry.test/credentials/{old}.json", "type": ["Evidence"], "name": "SQL Basics",
        "genre": RENEWAL_GENRE,
        "description": "SQL Basics, awarded by Acme Training on 2026-03-02, is renewed by this credential."}]
    assert check_registry(signing_registry).problems == ()
    model = registry(signing_registry)
    assert model.awards[new].renews == old
    assert [(r.criterion.id, r.level.id) for r in model.awards[new].results] == [("queries", "proficient")]
    assert model.awards[old].valid_until == datetime(2027, 3, 2, 10, 0, tzinfo=timezone.utc)  # untouched
    assert old not in model.revocations
    assert award_file(signing_registry, old)["validUntil"] == "2027-03-02T10:00:00Z"


@pytest.mark.parametrize("details, version, levels, valid_until", [
    ({}, 1, [("queries", "proficient")], "2028-02-01T09:00:00Z"),
    ({"results": {"queries": "exemplary"}}, 1, [("queries", "exemplary")], "2028-02-01T09:00:00Z"),
    ({"valid_until": datetime(2027, 12, 31, tzinfo=timezone.utc)}, 1, [("queries", "proficient")],
     "2027-12-31T00:00:00Z"),
], ids=["results-carry-over", "new-results-on-the-same-rubric", "explicit-valid-until"])
def test_same_rubric_renewals(signing_registry: Path, details: dict, version: int, levels: list,
                              valid_until: str) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    new = renew_one(signing_registry, old, **details)
    renewed = registry(signing_registry).awards[new]
    assert renewed.rubric.version == version
    assert [(r.criterion.id, r.level.id) for r in renewed.results] == levels
    assert award_file(signing_registry, renewed.id)["validUntil"] == valid_until


def test_a_changed_rubric_means_re_assessment_on_the_current_one(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    publish_rubric_v2(signing_registry)
    new = renew_one(signing_registry, old, results={"queries": "proficient", "design": "sound"},
                    evidence=("https://ex.example/ada-schema",))
    renewed = registry(signing_registry).awards[new]
    assert renewed.rubric.version == 2
    assert [(e.url, e.genre) for e in renewed.evidence] == [
        ("https://ex.example/ada-schema", None), (f"https://registry.test/credentials/{old}.json", RENEWAL_GENRE)]
    assert [(r.criterion.id, r.level.id) for r in renewed.results] == [("queries", "proficient"), ("design", "sound")]
    assert check_registry(signing_registry).problems == ()


def test_a_changed_rubric_renews_even_an_award_that_never_expires(signing_registry: Path) -> None:
    add_sql_badge(signing_registry, months=None)
    old = award(signing_registry)
    publish_rubric_v2(signing_registry)
    new = renew_one(signing_registry, old, results={"queries": "novice", "design": "sound"})
    assert registry(signing_registry).awards[new].valid_until is None
    assert check_registry(signing_registry).problems == ()


def test_a_revoked_renewal_no_longer_stands_so_the_award_is_renewed_again(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    first = renew_one(signing_registry, old)
    revoke(signing_registry, first, LATER + timedelta(days=1))
    second = renew_one(signing_registry, old, LATER + timedelta(days=2), seed=8)
    assert check_registry(signing_registry).problems == ()
    model = registry(signing_registry)
    assert model.awards[first].renews == model.awards[second].renews == old


# --- refusals: what the issuer is told, and nothing is written ----------------------------------------------

def _plain(root: Path) -> dict[str, str]:
    add_sql_badge(root)
    return {"old": award(root)}


def _other_issuers(root: Path) -> dict[str, str]:
    add_sql_badge(root)
    return {"old": award(root, badge="globex/data-basics", seed=2)}


def _revoked(root: Path) -> dict[str, str]:
    ids = _plain(root)
    revoke(root, ids["old"], T0 + timedelta(days=30))
    return ids


def _renewed(root: Path) -> dict[str, str]:
    ids = _plain(root)
    return {**ids, "renewal": renew_one(root, ids["old"], LATER - timedelta(days=5), seed=5)}


def _permanent(root: Path) -> dict[str, str]:
    add_sql_badge(root, months=None)
    return {"old": award(root)}


def _rubric_changed(root: Path) -> dict[str, str]:
    ids = _plain(root)
    publish_rubric_v2(root)
    return ids


def _history_after(root: Path) -> dict[str, str]:
    """Ada's award, then Bob's on 2026-06-01: the issuer's newest record."""
    ids = _plain(root)
    return {**ids, "bob": award(root, datetime(2026, 6, 1, 10, tzinfo=timezone.utc), email="bob@example.net", seed=3)}


@dataclass(frozen=True)
class Refusal:
    """One renewal the library refuses: the registry it starts from, the request, the exact message."""

    name: str
    setup: Callable[[Path], dict[str, str]]
    message: str  # {old}, {renewal}: ids the setup made
    exit_code: int  # 2 for a UsageError (what was typed is wrong), 1 for what the registry refuses
    target: str = "{old}"
    email: str = "ada@example.net"
    when: datetime = LATER
    details: dict = field(default_factory=dict)


REFUSALS = [
    Refusal("unknown id", _plain, "no credential '0000000000000000' in this registry", 2, target="0000000000000000"),
    Refusal("another issuer's award", _other_issuers, "credential '{old}' was issued by 'globex'", 2),
    Refusal("revoked", _revoked, "credential '{old}' was revoked on 2026-04-01: a revoked credential is not "
            "renewed", 1),
    Refusal("already renewed", _renewed, "credential '{old}' was already renewed by '{renewal}' on 2027-01-27", 1),
    Refusal("not the recipient", _plain, "bob@example.net is not the recipient of {old}", 1, email="bob@example.net"),
    Refusal("not an email", _plain, "'nope' is not an email address", 2, email="nope"),
    Refusal("nothing to renew", _permanent, "credential '{old}' does not expire and rubric v1 of acme/sql-basics "
            "is still current: there is nothing to renew", 1),
    Refusal("now before the award", _plain, "--now 2026-03-01T10:00:00Z is not after credential '{old}' was "
            "awarded (2026-03-02T10:00:00Z)", 2, when=T0 - timedelta(days=1)),
    Refusal("now at the award", _plain, "--now 2026-03-02T10:00:00Z is not after credential '{old}' was "
            "awarded (2026-03-02T10:00:00Z)", 2, when=T0),
    Refusal("now behind the issuer's history", _history_after, "--now 2026-05-01T10:00:00Z is before acme's "
            "newest award or revocation (2026-06-01T10:00:00Z)", 2,
            when=datetime(2026, 5, 1, 10, tzinfo=timezone.utc)),
    Refusal("rubric changed, no results", _rubric_changed, "rubric v2 replaced v1 on 2026-06-15: re-assess with "
            "--result queries=LEVEL --result design=LEVEL", 2),
    Refusal("rubric changed, a result missing", _rubric_changed, "rubric v2 replaced v1 on 2026-06-15: re-assess "
            "with --result design=LEVEL", 2, details={"results": {"queries": "proficient"}}),
    Refusal("rubric changed, a level of the old rubric", _rubric_changed, "criterion 'queries' has no level "
            "'exemplary'", 2, details={"results": {"queries": "exemplary", "design": "sound"}}),
    Refusal("new results below the pass mark", _plain, "these results total 1 points; rubric v1 needs 4 to pass", 2,
            details={"results": {"queries": "novice"}}),
    Refusal("evidence not https", _plain, "evidence 'http://ex.example/x' is not an https:// URL", 2,
            details={"evidence": ("http://ex.example/x",)}),
    Refusal("valid-until before the renewal", _plain, "validUntil 2027-01-31T00:00:00Z is not after the award date "
            "2027-02-01T09:00:00Z", 2, details={"valid_until": datetime(2027, 1, 31, tzinfo=timezone.utc)}),
]


@pytest.mark.parametrize("case", REFUSALS, ids=[c.name for c in REFUSALS])
def test_refused_renewals(case: Refusal, signing_registry: Path) -> None:
    ids = case.setup(signing_registry)
    before = sorted(p.name for p in signing_registry.glob("credentials/*/*/awards/*.json"))
    with pytest.raises(CredregError) as info:
        renew_one(signing_registry, case.target.format(**ids), case.when, case.email, **case.details)
    assert info.value.message == case.message.format(**ids)
    assert (2 if isinstance(info.value, UsageError) else 1) == case.exit_code
    assert sorted(p.name for p in signing_registry.glob("credentials/*/*/awards/*.json")) == before


# --- the command line ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CliCase:
    name: str
    args: tuple[str, ...]  # after `renew`; OLD is the award's id
    code: int
    first_line: str  # of stderr (errors) or stdout (success); NEW is the renewal's id


CLI_CASES = [
    CliCase("renews", ("OLD", "--recipient", "ada@example.net", "--now", "2027-02-01"), 0,
            "wrote credentials/acme/sql-basics/awards/NEW.json"),
    CliCase("not the recipient", ("OLD", "--recipient", "eve@example.net", "--now", "2027-02-01"), 1,
            "error: eve@example.net is not the recipient of OLD"),
    CliCase("unknown id", ("0000000000000000", "--recipient", "ada@example.net"), 2,
            "error: no credential '0000000000000000' in this registry"),
    CliCase("no recipient", ("OLD", "--now", "2027-02-01"), 2,
            "error: credreg renew: the following arguments are required: --recipient"),
    CliCase("malformed result", ("OLD", "--recipient", "ada@example.net", "--result", "queries"), 2,
            "error: --result 'queries' is not CRITERION=LEVEL"),
    CliCase("--now not a date", ("OLD", "--recipient", "ada@example.net", "--now", "soon"), 2,
            "error: credreg renew: argument --now: 'soon' is not a date (2026-01-31) or date-time "
            "(2026-01-31T09:00:00Z)"),
    CliCase("no key", ("OLD", "--recipient", "ada@example.net", "--no-key"), 2,
            "error: credreg renew: one of the arguments --key --key-env is required"),
    CliCase("another issuer's key", ("OLD", "--recipient", "ada@example.net", "--now", "2027-02-01",
                                     "--key-env", "GLOBEX_KEY"), 2, "error: credential 'OLD' was issued by 'acme'"),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_renew_command(case: CliCase, signing_registry: Path, monkeypatch: pytest.MonkeyPatch,
                       capsys: pytest.CaptureFixture[str]) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    monkeypatch.setenv("ACME_KEY", to_json(fixture_signing_key("acme")))
    monkeypatch.setenv("GLOBEX_KEY", to_json(fixture_signing_key("globex")))
    args = [a.replace("OLD", old) for a in case.args if a != "--no-key"]
    key = [] if "--no-key" in case.args or "--key-env" in case.args else ["--key-env", "ACME_KEY"]
    code = main(["renew", *args, "--root", str(signing_registry), *key])
    out, err = capsys.readouterr()
    new = [p.stem for p in signing_registry.glob("credentials/*/*/awards/*.json") if p.stem != old]
    first = (out if code == 0 else err).splitlines()[0]
    assert (code, first) == (case.code, case.first_line.replace("OLD", old).replace("NEW", "".join(new)))
    assert len(new) == (1 if code == 0 else 0)
    if code == 0:
        assert out.splitlines()[1] == f"renews {old}; commit it and open a pull request"
        assert check_registry(signing_registry).problems == ()
