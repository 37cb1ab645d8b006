"""The reviewer's summary of a pull request, and `credreg diff`: facts per issuer and badge class, who signed
what, every problem; hostile names, reasons and paths escaped so they render as exactly their characters."""
from __future__ import annotations

import json
import re
import string
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import award_for, commit, fixture_signing_key, init_repo, RUBRIC

from registry.award import issue
from registry.check import load_registry
from registry.cli import main
from registry.errors import Problem
from registry.governance.git import ChangeSet, FileChange, export_tree, read_changes
from registry.governance.summary import Summary, diff_summary, summarize
from registry.governance.summary_render import as_markdown, as_text, clean, md, write_summary
from registry.urls import SiteUrls

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
URLS = SiteUrls("https://registry.test/")
KEY_1 = '    validFrom: "2025-01-01T00:00:00Z"\n'




@pytest.fixture
def repo(signing_registry: Path) -> Path:
    """The signing registry with one acme award, committed and tagged `base`."""
    award_for(signing_registry, NOW, seed=1, results={"quality": "good"})
    init_repo(signing_registry, base_tag="base")
    return signing_registry


def pull_request(root: Path) -> tuple[str, str]:
    """A pull request doing a bit of everything; returns (the new award's id, the revoked award's id)."""
    old = next((root / "credentials/acme/intro-python/awards").glob("*.json")).stem
    ctx = issue.open_registry(root, fixture_signing_key("acme"), NOW)
    issue.revoke(ctx, old, "Copied work.", NOW)
    new = award_for(root, NOW, seed=2, email="bo@example.net", results={"quality": "good"}).stem
    (root / "credentials/acme/intro-python/rubrics/v2.yaml").write_text(RUBRIC.replace("version: 1", "version: 2"))
    profile = root / "issuers/globex/issuer.yaml"
    profile.write_text(profile.read_text().replace(KEY_1, KEY_1 + '    validUntil: "2026-02-01T00:00:00Z"\n'
                       f"  - id: key-2\n    type: Multikey\n    publicKeyMultibase: "
                       f"{fixture_signing_key('globex', 'key-2').public_multibase}\n"
                       '    validFrom: "2026-02-01T00:00:00Z"\n'))
    (root / "overrides/docs").mkdir(parents=True)
    (root / "overrides/docs/about.md").write_text("# About\n")
    commit(root, "a pull request")
    return new, old


def test_what_a_pull_request_adds_changes_and_revokes(repo: Path) -> None:
    new, old = pull_request(repo)
    summary = diff_summary(repo, "base", "HEAD", use_cache=False)
    assert summary.problems == () and summary.counts() == {
        "new issuer": 0, "new badge class": 0, "new rubric version": 1, "new award": 1, "new revocation": 1,
        "new key": 1}
    acme, globex = summary.issuers
    assert (acme.id, acme.name, acme.status, acme.keys) == ("acme", "Acme Training", "", ())
    [badge] = acme.badges
    assert (badge.key, badge.name, badge.awards_with("added")) == ("acme/intro-python", "Intro to Python", (new,))
    assert [(c.path, c.status) for c in badge.rubrics] == [("credentials/acme/intro-python/rubrics/v2.yaml", "added")]
    assert [(r.credential_id, r.change, r.reason) for r in acme.revocations] == [(old, "added", "Copied work.")]
    assert [(c.path, c.status) for c in acme.files] == [("credentials/acme/status/1.json", "modified")]
    assert [(k.key_id, k.change, k.detail) for k in globex.keys] == [
        ("key-1", "retired", "valid until 2026-02-01T00:00:00Z"),
        ("key-2", "added", "valid from 2026-02-01T00:00:00Z")]
    assert [(c.path, c.status) for c in summary.site_files] == [("overrides/docs/about.md", "added")]
    method = URLS.verification_method("acme", "key-1")
    [(signer, files)] = summary.signers()
    assert signer == method and [f.path for f in files] == [
        f"credentials/acme/intro-python/awards/{new}.json", "credentials/acme/status/1.json"]
    assert {(p.cryptosuite, p.key) for f in files for p in f.proofs} == {
        ("eddsa-rdfc-2022", "acme/key-1"), ("eddsa-jcs-2022", "acme/key-1")}
    text = as_text(summary)
    assert "  Adds 1 new rubric version, 1 new award, 1 new revocation, 1 new key; no problems." in text
    assert f"    1 new award: {new}" in text and "  key key-2 added: valid from 2026-02-01T00:00:00Z" in text
    markdown = as_markdown(summary)
    assert f"| `{old}` | added | Copied work\\. |" in markdown
    assert f"| `{method}` | `acme/key-1` | eddsa\\-rdfc\\-2022, eddsa\\-jcs\\-2022 | 1 award, 1 status list: " \
           f"`credentials/acme/intro-python/awards/{new}.json`, `credentials/acme/status/1.json` |" in markdown


def unescape(markdown: str) -> str:
    """What CommonMark shows for text made of backslash escapes, the four entities and plain characters."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", lambda m: m.group(1), markdown)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


HOSTILE = [  # (name, value)
    ("table cell", "a | b || c"),
    ("code span", "`rm -rf` ``x``"),
    ("html", "<script>alert(1)</script><img src=x onerror=alert(1)>"),
    ("newlines", "line one\nline two\r\n## heading\n| a | b |"),
    ("link", "[click](https://evil.example/) ![x](https://evil.example/x.png)"),
    ("emphasis and headings", "# **bold** _it_ ~~gone~~ > quote"),
    ("entity", "&lt;b&gt; &amp; &#x3C;"),
    ("bidi and invisible", "abc\u202edcb\u200b\u2028x"),
    ("terminal escape", "\x1b[31mred\x1b[0m\x07"),
    ("backslash", "\\| \\` \\\\"),
    ("not utf-8 path", "credentials/acme/\udcff.txt"),
]


@pytest.mark.parametrize("value", [c[1] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_text_renders_as_exactly_its_characters(value: str) -> None:
    escaped = md(value)
    assert unescape(escaped) == clean(value)
    assert all(ch.isprintable() for ch in clean(value)) and "\n" not in escaped
    bare = re.sub(r"\\[!-/:-@\[-`{-~]|&(?:lt|gt|quot|amp);", "", escaped)
    assert not set(bare) & set(string.punctuation)  # every punctuation character is escaped


def test_hostile_files_reach_the_summary_escaped(repo: Path) -> None:
    reason = "Copied | `work` <b>x</b>\u202e"
    (repo / "credentials/acme/revocations.yaml").write_text(
        f'revocations:\n  - credential: "a|b`c"\n    revokedAt: "2026-03-03T00:00:00Z"\n    reason: "{reason}"\n')
    (repo / "credentials/acme/x|`y`\n<i>.txt").write_text("x\n")
    commit(repo, "hostile")
    summary = diff_summary(repo, "base", "HEAD", use_cache=False)
    assert [(r.credential_id, r.reason) for r in summary.issuers[0].revocations] == [("a|b`c", reason)]
    markdown = as_markdown(summary)
    row = next(line for line in markdown.splitlines() if "Copied" in line)
    assert row == "| a\\|b\\`c | added | Copied \\| \\`work\\` &lt;b&gt;x&lt;\\/b&gt;\\\\u202e |"
    assert "- credentials\\/acme\\/x\\|\\`y\\`\\\\n&lt;i&gt;\\.txt (added)" in markdown
    for line in markdown.splitlines():
        if line.startswith("|"):  # every table row has exactly its columns
            assert len(re.findall(r"(?<!\\)\|", line)) in (4, 5)
    assert "x|`y`\\n<i>.txt (added)" in as_text(summary) and "\x1b" not in as_text(summary)


def signed_change(path: str, after: bytes) -> Summary:
    empty = load_registry(Path("/nonexistent-registry"))
    return summarize(ChangeSet("b" * 40, "h" * 40, (FileChange(path, "added", None, after),)), empty, empty, [], URLS)


AWARD = "credentials/acme/intro-python/awards/0000000000000001.json"
PROOFS = [  # (name, file bytes, (cryptosuite, verificationMethod, key) of each proof, why none was read)
    ("two proofs", json.dumps({"proof": [{"cryptosuite": "eddsa-rdfc-2022", "verificationMethod": "did:web:registry.test:issuers:acme#key-1"},
                                         {"cryptosuite": "eddsa-jcs-2022", "verificationMethod": "did:key:z6Mk"}]}).encode(),
     [("eddsa-rdfc-2022", "did:web:registry.test:issuers:acme#key-1", "acme/key-1"),
      ("eddsa-jcs-2022", "did:key:z6Mk", "")], ""),
    ("one proof object", b'{"proof": {"verificationMethod": 7}}', [("(missing)", "(not a string: int)", "")], ""),
    ("not an object in the list", b'{"proof": [1, null]}', [("(missing)", "(missing)", "")] * 2, ""),
    ("no proof", b'{"id": "x"}', [], "no proof"),
    ("a list, not an object", b"[1, 2]", [], "no proof"),
    ("not JSON", b"{", [], "not a JSON document credreg can read"),
    ("deep", b"[" * 5000 + b"]" * 5000, [], "not a JSON document credreg can read"),
    ("not UTF-8", b'{"proof": "\xff"}', [], "not a JSON document credreg can read"),
    ("many proofs", json.dumps({"proof": [{}] * 1000}).encode(), [("(missing)", "(missing)", "")] * 8, ""),
]


@pytest.mark.parametrize("data, proofs, why", [c[1:] for c in PROOFS], ids=[c[0] for c in PROOFS])
def test_proofs_are_read_tolerantly(data: bytes, proofs: list[tuple[str, str, str]], why: str) -> None:
    [signed] = signed_change(AWARD, data).signed
    assert [(p.cryptosuite, p.verification_method, p.key) for p in signed.proofs] == proofs
    assert signed.unreadable == why


def test_problems_are_a_table_and_long_lists_are_cut() -> None:
    empty = load_registry(Path("/nonexistent-registry"))
    changes = tuple(FileChange(f"credentials/acme/intro-python/awards/{i:016x}.json", "added", None, b"{}")
                    for i in range(300))
    problems = [Problem("credentials/acme/x.json", 3, 1, "award-key", "signed | with `x`")]
    summary = summarize(ChangeSet("b" * 40, "h" * 40, changes), empty, empty, problems)
    markdown = as_markdown(summary)
    assert "| `credentials/acme/x.json:3:1` | error | `award-key` | signed \\| with \\`x\\` |" in markdown
    assert "300 new awards: " in markdown and " and 250 more" in markdown
    assert "(no proof read)" in markdown and markdown.count("no proof") < 20
    many = tuple(FileChange(f"issuers/i{i}/issuer.yaml", "added", None, b"") for i in range(20_000))
    lots = [Problem(f"issuers/i{i}/issuer.yaml", 1, 1, "unknown-field", "x" * 500) for i in range(5000)]
    huge = as_markdown(summarize(ChangeSet("b" * 40, "h" * 40, many), empty, empty, lots))
    assert len(huge.encode()) < 300_000  # GitHub takes at most 1 MiB of job summary per step
    assert "### And 19,800 more issuers" in huge and "4,800 more not shown" in huge


def test_write_summary_appends(tmp_path: Path) -> None:
    empty = load_registry(tmp_path / "none")
    summary = summarize(ChangeSet("b" * 40, "h" * 40, ()), empty, empty, [])
    out = tmp_path / "summary.md"
    out.write_text("earlier step\n")
    write_summary(summary, out)
    assert out.read_text() == "earlier step\n" + as_markdown(summary) + "\n"
    assert as_markdown(summary).startswith("## Pull request summary\n\nBase bbbbbbbbbbbb → head hhhhhhhhhhhh: 0 files")


DIFF_USAGE = [  # (name, arguments, message)
    ("no dots", ["base"], "error: 'base' is not a range BASE..HEAD\n  hint: give two revisions joined by two dots, "
                          "e.g. main..HEAD or origin/main..my-branch"),
    ("three dots", ["base...HEAD"], "error: 'base...HEAD' has three dots: credreg diff compares two commits, "
                                    "BASE..HEAD\n  hint: for a branch's own changes give its merge base: "
                                    "$(git merge-base main HEAD)..HEAD"),
    ("only dots", [".."], "error: '..' names no revision"),
    ("unknown revision", ["nope..HEAD"], "error: 'nope' names no commit in "),
    ("an option", ["--x..HEAD"], "error: '--x' is not a revision"),
    ("bad format", ["base..HEAD", "--format", "json"], "error: credreg diff: argument --format: invalid choice"),
]


@pytest.mark.parametrize("args, message", [c[1:] for c in DIFF_USAGE], ids=[c[0] for c in DIFF_USAGE])
def test_diff_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                  message: str) -> None:
    code = main(["diff", "--root", str(repo), *(["--"] if args[0].startswith("-") else []), *args])
    assert code == 2 and capsys.readouterr().err.startswith(message)


def test_diff_root_must_be_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--root", str(tmp_path / "none"), "a..b"]) == 2
    assert capsys.readouterr().err.startswith(f"error: --root '{tmp_path / 'none'}' is not a folder")


def test_diff_prints_the_summary(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, _ = pull_request(repo)
    assert main(["diff", "--root", str(repo), "--no-cache", "base.."]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Pull request summary\n") and f"1 new award: {new}" in text
    assert main(["diff", "--root", str(repo), "--format", "markdown", "base..HEAD"]) == 0
    assert capsys.readouterr().out.startswith("## Pull request summary\n")


def test_diff_exits_1_when_the_head_has_errors(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "credentials/acme/notes.txt").write_text("x\n")
    commit(repo, "a stray file")
    assert main(["diff", "--root", str(repo), "base..HEAD"]) == 1
    out = capsys.readouterr().out
    assert "credentials/acme/notes.txt  error  unexpected-file" in out


def test_summary_of_exported_trees_matches_diff(repo: Path, tmp_path: Path) -> None:
    """What a review does: the ChangeSet and both trees loaded, given to summarize."""
    pull_request(repo)
    changes = read_changes(repo, "base", "HEAD")
    base = load_registry(export_tree(repo, changes.base, tmp_path / "b"))
    head = load_registry(export_tree(repo, changes.head, tmp_path / "h"))
    assert summarize(changes, base, head, [], URLS) == diff_summary(repo, "base", "HEAD", use_cache=False)
