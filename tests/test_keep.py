"""`credreg keep`: the decision that a stacked award stands after a component was revoked, written into the
issuer's revocations.yaml (`kept:`); every refusal with its exit code and message, the file untouched; the
check clean afterwards; `credreg revoke` still writing a well-formed file beside a `kept:` section; and both
commands refusing, before writing, a reason the check would refuse, in the check's own words."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from stacking_check_support import award, component_link, forge, pathway_registry, revoke
from stacking_support import day
from support import fixture_signing_key

from registry.award import records
from registry.check import check_registry
from registry.cli import main
from registry.errors import CredregError
from registry.keys import store

REASON = "Her other components and the sprint interview still support it."
KEPT_AT = "2026-05-03T09:00:00Z"


def _registry(root: Path, revoked_later: bool = True) -> dict[str, str]:
    """Ada's Intro to Python and Testing Basics, her Python Developer linking both, and (by default) Testing
    Basics revoked afterwards."""
    pathway_registry(root)
    ids = {"intro": award(root, "acme/intro-python", day("2026-01-15"), 1),
           "testing": award(root, "acme/testing-basics", day("2026-01-20"), 2)}
    links = (component_link(root, ids["intro"]), component_link(root, ids["testing"]))
    ids["dev"] = forge(root, day("2026-02-10"), links)
    if revoked_later:
        revoke(root, ids["testing"], day("2026-05-01"))
    return ids


def _key(root: Path, issuer: str = "acme") -> str:
    """The issuer's fixture key as a key file outside the registry (written once)."""
    path = root.parent / "keys" / f"{issuer}.json"
    return str(path if path.exists() else store.save(fixture_signing_key(issuer), path, root))


def _keep(root: Path, credential: str, *extra: str, issuer: str = "acme", reason: str | None = REASON,
          now: str = KEPT_AT) -> int:
    args = ["keep", credential, "--root", str(root), "--key", _key(root, issuer), "--now", now, *extra]
    return main(args + (["--reason", reason] if reason is not None else []))


def test_keep_records_the_decision_and_the_check_is_clean(signing_registry: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    ids = _registry(signing_registry)
    assert [p.code for p in check_registry(signing_registry).problems] == ["component-revoked"]
    path = signing_registry / "credentials/acme/revocations.yaml"
    before = path.read_text(encoding="utf-8")
    assert _keep(signing_registry, ids["dev"], reason=f"  {REASON.replace(' ', '   ')}\n") == 0
    assert capsys.readouterr().out == (f"recorded in credentials/acme/revocations.yaml: {ids['dev']} stands; commit it "
                                       "and open a pull request\n")
    assert path.read_text(encoding="utf-8") == before + (
        "# Stacked awards that stand although a component was revoked after them. Written by `credreg keep`.\n"
        f'kept:\n  - credential: {ids["dev"]}\n    keptAt: "{KEPT_AT}"\n    reason: "{REASON}"\n')
    result = check_registry(signing_registry)
    assert result.problems == () and result.registry is not None
    decision = result.registry.kept[ids["dev"]]
    assert (decision.issuer_id, decision.reason, decision.decided_at) == ("acme", REASON, day("2026-05-03").replace(
        hour=9))


def test_revoke_after_keep_writes_before_the_kept_section(signing_registry: Path) -> None:
    ids = _registry(signing_registry)
    assert _keep(signing_registry, ids["dev"]) == 0
    assert main(["revoke", ids["intro"], "--root", str(signing_registry), "--key", _key(signing_registry),
                 "--reason", "copied"]) == 0
    lines = (signing_registry / "credentials/acme/revocations.yaml").read_text(encoding="utf-8").splitlines()
    credentials = [line.split(": ")[1] for line in lines if line.startswith("  - credential: ")]
    assert credentials == [ids["testing"], ids["intro"], ids["dev"]]
    assert lines.index("kept:") > max(i for i, line in enumerate(lines) if "revokedAt" in line)
    result = check_registry(signing_registry)
    # the decision covers the revocation before it, not this later one: the warning is back
    assert [(p.code, p.message.split(" (")[0]) for p in result.problems] == [
        ("component-revoked", f"its component {ids['intro']}")] and result.registry is not None
    assert set(result.registry.revocations) == {ids["testing"], ids["intro"]}
    assert list(result.registry.kept) == [ids["dev"]]
    assert lines[lines.index("kept:") - 1] == records.KEPT_HEADER.splitlines()[0]  # the comment stays on `kept:`
    assert lines[lines.index("kept:") - 2] == '    reason: "copied"'  # the new revocation ends right above it


def _kept_twice(root: Path, ids: dict[str, str]) -> None:
    assert _keep(root, ids["dev"]) == 0


def _revoked(root: Path, ids: dict[str, str]) -> None:
    revoke(root, ids["dev"], day("2026-05-02"))


def _nothing(root: Path, ids: dict[str, str]) -> None:
    return None


@dataclass(frozen=True)
class Refusal:
    """A `credreg keep` the tool must refuse: exit code and the first line of stderr."""

    name: str
    credential: str  # a key of the registry's ids, or a literal id
    exit: int
    error: str
    before: Callable[[Path, dict[str, str]], None] = _nothing
    revoked_later: bool = True
    issuer: str = "acme"
    reason: str | None = REASON
    now: str = KEPT_AT


REFUSALS = [
    Refusal("unknown id", "0000000000000000", 2, "error: no credential '0000000000000000' in this registry"),
    Refusal("another issuer's award", "dev", 2, "error: credential '{dev}' was issued by 'acme'", issuer="globex"),
    Refusal("not stacked", "intro", 1, "error: credential {intro} is an award of acme/intro-python, which is not "
                                       "stacked"),
    Refusal("no component revoked after it", "dev", 1, "error: no component of credential {dev} was revoked after it "
                                                        "was made", revoked_later=False),
    Refusal("revoked only after the decision's moment", "dev", 1, "error: no component of credential {dev} was "
                                                                  "revoked after it was made", now="2026-04-01"),
    Refusal("already kept", "dev", 1, "error: credential {dev} is already kept (decided 2026-05-03T09:00:00Z) and no "
            "component was revoked since",
            before=_kept_twice),
    Refusal("already revoked", "dev", 1, "error: credential {dev} was revoked on 2026-05-02T10:00:00Z",
            before=_revoked),
    Refusal("empty reason", "dev", 2, "error: the reason is empty", reason=" \t "),
    Refusal("no reason", "dev", 2, "error: credreg keep: the following arguments are required: --reason", reason=None),
]


@pytest.mark.parametrize("case", REFUSALS, ids=[c.name for c in REFUSALS])
def test_keep_refuses(case: Refusal, signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _registry(signing_registry, case.revoked_later)
    case.before(signing_registry, ids)
    path = signing_registry / "credentials/acme/revocations.yaml"
    before = path.read_text(encoding="utf-8") if path.exists() else None
    capsys.readouterr()
    code = _keep(signing_registry, ids.get(case.credential, case.credential), issuer=case.issuer, reason=case.reason,
                 now=case.now)
    err = capsys.readouterr().err
    assert (code, next(line for line in err.splitlines() if "error:" in line)) == (case.exit, case.error.format(**ids))
    assert (path.read_text(encoding="utf-8") if path.exists() else None) == before
    assert "Traceback" not in err


def test_a_file_laid_out_otherwise_is_refused_untouched(signing_registry: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """A hand-edited revocations.yaml with `kept:` first: appending would put the decision among the revocations
    (or a revocation among the decisions), so both commands refuse and write nothing."""
    ids = _registry(signing_registry)
    assert _keep(signing_registry, ids["dev"]) == 0
    path = signing_registry / "credentials/acme/revocations.yaml"
    text = path.read_text(encoding="utf-8")
    head, kept = text.split("# Stacked awards", 1)
    reordered = "# Stacked awards" + kept + head.replace("revocations:\n", "# moved\nrevocations:\n")
    path.write_text(reordered, encoding="utf-8")
    assert check_registry(signing_registry).problems == ()  # still a valid file: the check takes it
    code = main(["revoke", ids["intro"], "--root", str(signing_registry), "--key", _key(signing_registry),
                 "--reason", "copied"])
    assert code == 1 and ("error: credentials/acme/revocations.yaml is not laid out as credreg writes it: the new "
                          "entry would not land in its `revocations:` list") in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == reordered


WHEN = day("2026-05-03")
ENTRY = '  - credential: {cid}\n    {field}: "2026-05-03T10:00:00Z"\n    reason: "why"\n'
REVOKED = 'revocations:\n' + ENTRY.format(cid="aaaa", field="revokedAt")
KEPT = 'kept:  # decisions\n' + ENTRY.format(cid="bbbb", field="keptAt")


@dataclass(frozen=True)
class BadReason:
    """A --reason the check refuses on revocations.N.reason / kept.N.reason: the message after the field's name,
    and the check's code if the file could be written with it at all (None: it could not even be read back)."""

    name: str
    reason: str
    message: str
    code: str | None = "hidden-character"


HIDDEN = "contains the hidden character "
BAD_REASONS = [
    BadReason("bidi override U+202E", "Copied\u202e work", HIDDEN + "U+202E RIGHT-TO-LEFT OVERRIDE at position 7"),
    BadReason("right-to-left isolate U+2067", "\u2067Copied work", HIDDEN + "U+2067 RIGHT-TO-LEFT ISOLATE at position 1"),
    BadReason("zero width space U+200B", "Copied\u200b work", HIDDEN + "U+200B ZERO WIDTH SPACE at position 7"),
    BadReason("control character BEL", "Copied work\x07", HIDDEN + "U+0007 ALERT at position 12"),
    BadReason("escape sequence", "\x1b[2J Copied work", HIDDEN + "U+001B ESCAPE at position 1"),
    BadReason("DEL, which YAML cannot even read", "Copied\x7f work", HIDDEN + "U+007F DELETE at position 7", None),
    BadReason("undecodable command-line byte", "Copied \udcff", HIDDEN + "U+DCFF <surrogate-DCFF> at position 8", None),
    BadReason("501 characters", "x" * 501, "is longer than the limit of 500", "too-long"),
    BadReason("501 characters once whitespace runs are joined", "x\t\t " * 250 + "y",
              "is longer than the limit of 500", "too-long"),
]
COMMANDS = {"revoke": ("intro", "revocations", 1), "keep": ("dev", "kept", 0)}  # credential, section, new index


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", BAD_REASONS, ids=[c.name for c in BAD_REASONS])
def test_a_reason_the_check_refuses_is_refused_before_writing(case: BadReason, command: str, signing_registry: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    ids = _registry(signing_registry)
    credential, section, index = COMMANDS[command]
    folder = signing_registry / "credentials/acme"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    capsys.readouterr()
    code = main([command, ids[credential], "--root", str(signing_registry), "--key", _key(signing_registry),
                 "--now", KEPT_AT, "--reason", case.reason] if command == "keep" else
                [command, ids[credential], "--root", str(signing_registry), "--key", _key(signing_registry),
                 "--reason", case.reason])
    err = capsys.readouterr().err
    hint = "shorten it" if case.code == "too-long" else ("remove it: hidden and direction-changing characters can "
                                                         "make text read differently than it is")
    assert (code, err) == (2, f"error: --reason: {section}.{index}.reason {case.message}\n  hint: {hint}\n")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before  # nothing written, nothing staged


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", [c for c in BAD_REASONS if c.code], ids=[c.name for c in BAD_REASONS if c.code])
def test_the_check_words_a_written_bad_reason_the_same(case: BadReason, command: str, signing_registry: Path) -> None:
    """The same entry written by hand: the check's problem is the one the command gave, at the reason's line."""
    ids = _registry(signing_registry)
    credential, section, index = COMMANDS[command]
    path = signing_registry / "credentials/acme/revocations.yaml"
    field = "revokedAt" if section == "revocations" else "keptAt"
    text = path.read_text(encoding="utf-8") + (records.KEPT_HEADER if section == "kept" else "")
    reason = " ".join(case.reason.split())
    text += f'  - credential: {ids[credential]}\n    {field}: "{KEPT_AT}"\n    reason: {json.dumps(reason)}\n'
    path.write_text(text, encoding="utf-8")
    found = [(p.code, p.file, p.line, p.message) for p in check_registry(signing_registry).problems
             if p.code == case.code]
    assert found == [(case.code, "credentials/acme/revocations.yaml", len(text.splitlines()),
                      f"{section}.{index}.reason {case.message}")]


@pytest.mark.parametrize("edit, text, expected", [
    pytest.param("revoke", None, records.HEADER + ENTRY.format(cid="cccc", field="revokedAt"), id="revoke, no file"),
    pytest.param("revoke", REVOKED + KEPT, REVOKED + ENTRY.format(cid="cccc", field="revokedAt") + KEPT,
                 id="revoke before kept"),
    pytest.param("revoke", REVOKED + "\n# about the decisions\n" + KEPT,
                 REVOKED + ENTRY.format(cid="cccc", field="revokedAt") + "\n# about the decisions\n" + KEPT,
                 id="revoke before the comment block above kept"),
    pytest.param("revoke", "revocations:\n" + records.KEPT_HEADER + ENTRY.format(cid="bbbb", field="keptAt"),
                 "revocations:\n" + ENTRY.format(cid="cccc", field="revokedAt") + records.KEPT_HEADER
                 + ENTRY.format(cid="bbbb", field="keptAt"), id="revoke into an empty list above kept's comment"),
    pytest.param("keep", REVOKED, REVOKED + records.KEPT_HEADER + ENTRY.format(cid="cccc", field="keptAt"),
                 id="keep, first decision"),
    pytest.param("keep", REVOKED + KEPT, REVOKED + KEPT + ENTRY.format(cid="cccc", field="keptAt"),
                 id="keep, kept with a comment"),
    pytest.param("keep", REVOKED.rstrip("\n"), REVOKED + records.KEPT_HEADER + ENTRY.format(cid="cccc", field="keptAt"),
                 id="keep, no final newline"),
    pytest.param("keep", KEPT + REVOKED, "`kept:`", id="keep, kept first"),
    pytest.param("revoke", KEPT + REVOKED, "`revocations:`", id="revoke, kept first"),
    pytest.param("revoke", "revocations: []\n", "`revocations:`", id="revoke, flow list"),
    pytest.param("keep", REVOKED + "kept: []\n", "`kept:`", id="keep, flow list"),
])
def test_revocations_file_edits(edit: str, text: str | None, expected: str) -> None:
    write = records.with_kept if edit == "keep" else records.with_revocation
    if expected.startswith("`"):
        with pytest.raises(CredregError) as caught:
            write(text, "credentials/acme/revocations.yaml", "cccc", WHEN, "why")
        assert caught.value.message == ("credentials/acme/revocations.yaml is not laid out as credreg writes it: the "
                                        f"new entry would not land in its {expected} list")
    else:
        assert write(text, "credentials/acme/revocations.yaml", "cccc", WHEN, "why") == expected
