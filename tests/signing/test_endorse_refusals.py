"""`credreg endorse` refuses what would be signed wrong, and `credreg revoke` withdraws what was signed.

Each refusal names the exact error and hint; after a refusal nothing was written (no endorsement, no
status list). Run through the command line (registry.cli.main), with the endorsers' real fixture keys.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from endorsement_support import COUNCIL, endorsement_registry
from support import fixture_signing_key

from registry.check import check_registry
from registry.cli import main
from registry.keys.store import to_json
from registry.ob3.statuslist import decode, set_indexes

NOW = "2026-02-01T09:00:00Z"
VALID_FROM = "--valid-from 2026-01-31T00:00:00Z is before now (2026-02-01T09:00:00Z): an endorsement cannot reach back to awards made before it was signed"  # noqa: E501
UNKNOWN_HINT = ("endorse <issuer>/<badge> or <issuer>; badge classes: acme/intro-python, acme/python-developer, "
                "globex/data-basics")
HIDDEN_HINT = "remove it: hidden and direction-changing characters can make text read differently than it is"


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The endorsement registry, with every fixture key in an environment variable and keys/caches outside it."""
    monkeypatch.setenv("CREDREG_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(tmp_path / "cache"))
    for issuer in (COUNCIL, "globex", "acme", "stranger"):
        monkeypatch.setenv(f"{issuer.upper()}_KEY", to_json(fixture_signing_key(issuer)))
    return endorsement_registry(tmp_path / "registry")


def run(root: Path, *args: str, key: str = COUNCIL, now: str | None = NOW) -> int:
    """`credreg <args>` signed with `key`'s fixture key; `now` None for commands that read the clock (revoke)."""
    return main([*args, "--key-env", f"{key.upper()}_KEY", "--root", str(root), *(("--now", now) if now else ())])


def written(root: Path) -> list[str]:
    """Every endorsement, status list and revocations file under credentials/."""
    return sorted(p.relative_to(root).as_posix() for p in root.glob("credentials/*/*/*")
                  if p.parent.name in ("endorsements", "status") or p.name == "revocations.yaml") + \
        sorted(p.relative_to(root).as_posix() for p in root.glob("credentials/*/revocations.yaml"))


@dataclass(frozen=True)
class Refusal:
    """Arguments of `credreg endorse` and the exact error, hint and exit status it must stop with."""

    name: str
    args: tuple[str, ...]
    message: str
    hint: str
    key: str = COUNCIL
    status: int = 2


REFUSALS = [
    Refusal("an unknown badge class", ("acme/nope", "--comment", "Fine."),
            "no badge class or issuer 'acme/nope' in this registry", UNKNOWN_HINT),
    Refusal("an unknown issuer", ("nobody", "--comment", "Fine."),
            "no badge class or issuer 'nobody' in this registry", UNKNOWN_HINT),
    Refusal("a badge reference with no badge", ("acme/", "--comment", "Fine."),
            "no badge class or issuer 'acme/' in this registry", UNKNOWN_HINT),
    Refusal("the endorser's own badge class", ("globex/data-basics", "--comment", "Fine."),
            "'globex/data-basics' is a badge class of the signing issuer 'globex': an issuer cannot endorse itself",
            "an endorsement is another organisation's word; ask an accreditor or a partner", key="globex"),
    Refusal("the endorser itself", ("council", "--comment", "Fine."),
            "'council' is the signing issuer 'council': an issuer cannot endorse itself",
            "an endorsement is another organisation's word; ask an accreditor or a partner"),
    Refusal("a badge class that has not accepted the endorser", ("globex/data-basics", "--comment", "Fine."),
            "'globex' has not accepted endorsements from 'council': credentials/globex/data-basics/badge.yaml does "
            "not list it in acceptsEndorsementFrom",
            "ask globex to add `acceptsEndorsementFrom: [council]` to credentials/globex/data-basics/badge.yaml first",
            status=1),
    Refusal("an issuer that has not accepted the endorser", ("globex", "--comment", "Fine."),
            "'globex' has not accepted endorsements from 'council': issuers/globex/issuer.yaml does not list it in "
            "acceptsEndorsementFrom",
            "ask globex to add `acceptsEndorsementFrom: [council]` to issuers/globex/issuer.yaml first", status=1),
    Refusal("a partner accepted for another badge class only", ("acme/intro-python", "--comment", "Fine."),
            "'acme' has not accepted endorsements from 'globex': credentials/acme/intro-python/badge.yaml does not "
            "list it in acceptsEndorsementFrom",
            "ask acme to add `acceptsEndorsementFrom: [globex]` to credentials/acme/intro-python/badge.yaml first",
            key="globex", status=1),
    Refusal("a rubric version that does not exist", ("acme/intro-python", "--comment", "Fine.", "--rubric-version", "7"),
            "badge class acme/intro-python has no rubric version 7", "rubric versions: v1, v2"),
    Refusal("a rubric version for an issuer", ("acme", "--comment", "Fine.", "--rubric-version", "1"),
            "--rubric-version applies to a badge class, not an issuer", "leave it out"),
    Refusal("a start before now", ("acme/intro-python", "--comment", "Fine.", "--valid-from", "2026-01-31"),
            VALID_FROM, "leave --valid-from out, or give a later date"),
    Refusal("an end at its start", ("acme/intro-python", "--comment", "Fine.", "--valid-from", "2026-03-01",
                                    "--valid-until", "2026-03-01"),
            "--valid-until 2026-03-01T00:00:00Z is not after its start 2026-03-01T00:00:00Z",
            "give a later --valid-until"),
    Refusal("an end before now", ("acme/intro-python", "--comment", "Fine.", "--valid-until", "2026-01-01"),
            "--valid-until 2026-01-01T00:00:00Z is not after its start 2026-02-01T09:00:00Z",
            "give a later --valid-until"),
    Refusal("an empty comment", ("acme/intro-python", "--comment", " \n "), "the endorsement comment is empty",
            "say what you reviewed and found, e.g. --comment 'Assessment re-marked blind on 20 awards'"),
    Refusal("a bidi override in the comment", ("acme/intro-python", "--comment", "Fine\u202e.enif"),
            "the endorsement comment contains the hidden character U+202E RIGHT-TO-LEFT OVERRIDE at position 5",
            HIDDEN_HINT),
    Refusal("a zero-width space in the comment", ("acme/intro-python", "--comment", "Fi\u200bne."),
            "the endorsement comment contains the hidden character U+200B ZERO WIDTH SPACE at position 3",
            HIDDEN_HINT),
    Refusal("a comment too long", ("acme/intro-python", "--comment", "x" * 10_001),
            "the endorsement comment is longer than the limit of 10000", "shorten it"),
    Refusal("a key of an issuer not in the registry", ("acme/intro-python", "--comment", "Fine."),
            "the key file belongs to issuer 'stranger', which is not in this registry",
            "use a key of one of this registry's issuers", key="stranger", status=1),
]


@pytest.mark.parametrize("case", REFUSALS, ids=lambda c: c.name)
def test_endorse_refusals(case: Refusal, registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run(registry, "endorse", *case.args, key=case.key)
    assert (code, capsys.readouterr().err) == (case.status, f"error: {case.message}\n  hint: {case.hint}\n")
    assert written(registry) == []


@pytest.mark.parametrize("content, reason", [
    (None, "[Errno 2] No such file or directory: '{file}'"),
    (b"\xff\xfeFine", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
], ids=["missing", "not UTF-8"])
def test_an_unreadable_comment_file(content: bytes | None, reason: str, registry: Path, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "comment.md"
    if content is not None:
        file.write_bytes(content)
    code = run(registry, "endorse", "acme/intro-python", "--comment-file", str(file))
    assert (code, capsys.readouterr().err) == (
        2, f"error: cannot read --comment-file {file}: {reason.format(file=file)}\n  hint: give a UTF-8 Markdown file\n")
    assert written(registry) == []


def test_endorse_writes_the_endorsement_and_a_first_status_list(registry: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    comment = tmp_path / "comment.md"
    comment.write_text("Assessment **re-marked** blind on 20 awards.\n\nIdentity checked\tin person.\n", encoding="utf-8")
    assert run(registry, "endorse", "acme/intro-python", "--comment-file", str(comment), "--rubric-version", "1",
               "--rubric-version", "2", "--valid-until", "2027-01-31") == 0
    files = written(registry)
    assert len(files) == 2 and files[1] == "credentials/council/status/1.json"
    stem = Path(files[0]).stem
    assert files[0] == f"credentials/council/endorsements/{stem}.json"
    assert capsys.readouterr().out == (f"wrote {files[0]}\ncouncil endorses acme/intro-python; commit it and open a "
                                       f"pull request (withdraw it later with `credreg revoke {stem}`)\n")
    result = check_registry(registry, use_cache=False, workers=1)
    assert result.problems == () and result.registry is not None
    endorsement = result.registry.endorsements[stem]
    assert (endorsement.subject, endorsement.rubric_versions, endorsement.comment) == (
        "acme/intro-python", (1, 2), "Assessment **re-marked** blind on 20 awards.\n\nIdentity checked\tin person.")
    assert endorsement.valid_until is not None and endorsement.valid_until.isoformat() == "2027-01-31T00:00:00+00:00"
    assert result.registry.label("acme/intro-python", endorsement.valid_from, 1).text == "Accredited"


def _withdrawn_bits(root: Path) -> set[int]:
    import json
    doc = json.loads((root / "credentials/council/status/1.json").read_text(encoding="utf-8"))
    return set(set_indexes(decode(doc["credentialSubject"]["encodedList"])))


def test_revoke_withdraws_an_endorsement_once_and_only_by_its_endorser(registry: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert run(registry, "endorse", "acme", "--comment", "Governance reviewed on site.") == 0
    stem = Path(written(registry)[0]).stem
    capsys.readouterr()
    assert _withdrawn_bits(registry) == set()
    assert run(registry, "revoke", stem, "--reason", "Council found shortcuts.", key="globex",
               now=None) == 2
    assert capsys.readouterr().err == (f"error: credential {stem!r} was issued by 'council'\n"
                                       "  hint: only its issuer can revoke it, with its own key\n")
    assert run(registry, "revoke", stem, "--reason", "Council found shortcuts.", now=None) == 0
    capsys.readouterr()
    revocations = (registry / "credentials/council/revocations.yaml").read_text(encoding="utf-8")
    assert stem in revocations and "Council found shortcuts." in revocations
    result = check_registry(registry, use_cache=False, workers=1)
    assert result.problems == () and result.registry is not None
    endorsement = result.registry.endorsements[stem]
    assert _withdrawn_bits(registry) == {endorsement.status.index}
    assert result.registry.endorsements_holding("acme", endorsement.valid_from) == (endorsement,)
    assert result.registry.endorsements_holding("acme", result.registry.revocations[stem].revoked_at) == ()
    assert run(registry, "revoke", stem, "--reason", "Again.", now=None) == 1
    assert capsys.readouterr().err == (f"error: credential {stem!r} is already revoked\n"
                                       "  hint: a revocation is recorded once\n")
