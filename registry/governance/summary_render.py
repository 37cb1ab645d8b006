"""A pull request's Summary as GitHub-flavoured Markdown (a job summary) or plain text (a terminal).

Every value that comes from the pull request (paths, names, ids, reasons, verification methods,
problem messages) is hostile: it is made printable first (newlines, terminal escapes, bidirectional
controls and invisible characters shown as escapes) and cut to a readable length; in Markdown every
ASCII punctuation character is then backslash-escaped and `& < > "` become entities, so no value can
open a table cell, a code span, a link, an HTML tag or a heading. Long lists are cut, saying how many
were left out, so a pull request of a million files still gives a summary GitHub accepts.
"""
from __future__ import annotations

import re
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CredregError
from ..ob3.fields import printable
from .summary import BadgeSummary, Change, IssuerSummary, SignedChange, Summary

SHOWN = 160  # characters of one value
MAX_IDS = 50  # credential ids listed per badge class and change
MAX_ROWS = 200  # rows of a table, files of a list
MAX_SIGNED = 10  # files listed per verificationMethod
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
_SAFE_CODE = re.compile(r"[A-Za-z0-9._/#:+=@-]+")  # what may sit in a code span unchanged
_STATUS = {"added": "new", "modified": "changed", "deleted": "deleted", "": ""}


def clean(value: str) -> str:
    """`value` printable and at most SHOWN characters long (marked when cut)."""
    text = printable(value)
    return text[:SHOWN] + "…" if len(text) > SHOWN else text


def md(value: str) -> str:
    """`value` as Markdown text that renders as exactly those characters, and nothing else."""
    return "".join(_ENTITIES.get(ch) or ("\\" + ch if ch in string.punctuation else ch) for ch in clean(value))


def md_code(value: str) -> str:
    """`value` in a code span when it holds only safe characters, else as escaped text."""
    text = clean(value)
    return f"`{text}`" if _SAFE_CODE.fullmatch(text) else md(value)


@dataclass(frozen=True)
class _Style:
    """How one output format writes text, code, headings, list items and tables."""

    esc: Callable[[str], str]
    code: Callable[[str], str]
    markdown: bool

    def heading(self, text: str) -> list[str]:
        return ["", f"### {text}", ""] if self.markdown else ["", text]

    def item(self, depth: int, text: str) -> str:
        return "  " * depth + ("- " if self.markdown else "  ") + text

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], total: int, indent: int = 1) -> list[str]:
        more = [] if total <= len(rows) else [f"{total - len(rows):,} more not shown"]
        if self.markdown:
            lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
            return [*lines, *("| " + " | ".join(row) + " |" for row in rows), *([""] + more if more else [])]
        widths = [max(len(r[i]) for r in rows) if i < len(headers) - 1 else 0 for i in range(len(headers))]
        pad = "  " * indent
        return [*(pad + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows),
                *(pad + m for m in more)]


MARKDOWN = _Style(md, md_code, True)
TEXT = _Style(clean, clean, False)


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count:,} " + (noun[:-1] + "ies" if noun.endswith("y") else noun + ("es" if noun.endswith("s") else "s"))


def _listed(values: Sequence[str], style: _Style, limit: int) -> str:
    shown = ", ".join(style.code(v) for v in values[:limit])
    return shown + (f" and {len(values) - limit:,} more" if len(values) > limit else "")


def _changes(changes: Sequence[Change], style: _Style) -> str:
    shown = ", ".join(f"{style.code(c.path)} ({c.status})" for c in changes[:MAX_ROWS])
    return shown + (f" and {len(changes) - MAX_ROWS:,} more" if len(changes) > MAX_ROWS else "")


def _titled(kind: str, key: str, name: str | None, status: str, style: _Style, what: str = "") -> str:
    label = f"{kind} {style.code(key)}" + (f": {style.esc(name)}" if name else "")
    word = "new" if status == "added" else f"{what}{_STATUS.get(status, style.esc(status))}"
    return label + (f" ({word})" if status else "")


def _headline(s: Summary) -> list[str]:
    counts = s.counts()
    adds = [_plural(n, noun) for noun, n in counts.items() if n]
    errors, warnings = s.errors, len(s.problems) - s.errors
    found = (f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}" if s.problems else "no problems")
    return [f"Base {s.base[:12]} → head {s.head[:12]}: {_plural(s.changed, 'file')} changed.",
            ("Adds " + ", ".join(adds) + "; " if adds else "") + found + "."]


def _badge(badge: BadgeSummary, style: _Style) -> list[str]:
    lines = [style.item(0, _titled("badge class", badge.key, badge.name, badge.status, style))]
    if badge.rubrics:
        versions = [f"{style.code(c.path.rsplit('/', 1)[-1].removesuffix('.yaml'))} {c.status}"
                    for c in badge.rubrics[:MAX_ROWS]]
        lines.append(style.item(1, "rubric versions: " + ", ".join(versions)))
    for status, noun in (("added", "new award"), ("modified", "award modified"), ("deleted", "award deleted")):
        ids = badge.awards_with(status)
        if ids:
            label = _plural(len(ids), noun) if status == "added" else \
                _plural(len(ids), "award") + " " + status
            lines.append(style.item(1, f"{label}: {_listed(ids, style, MAX_IDS)}"))
    if badge.files:
        lines.append(style.item(1, "other files: " + _changes(badge.files, style)))
    return lines


def _issuer(issuer: IssuerSummary, style: _Style) -> list[str]:
    lines = style.heading(_titled("Issuer", issuer.id, issuer.name, issuer.status, style, "profile "))
    for key in issuer.keys:
        lines.append(style.item(0, f"key {style.code(key.key_id)} {style.esc(key.change)}: {style.esc(key.detail)}"))
    for badge in issuer.badges[:MAX_ROWS]:
        lines += _badge(badge, style)
    if len(issuer.badges) > MAX_ROWS:
        lines.append(style.item(0, f"and {len(issuer.badges) - MAX_ROWS:,} more badge classes"))
    if issuer.files:
        lines.append(style.item(0, "files: " + _changes(issuer.files, style)))
    if issuer.with_errors:
        lines.append(style.item(0, "with errors (see the problems): " +
                                _listed(list(issuer.with_errors), style, MAX_ROWS)))
    if issuer.revocations:
        rows = [[style.code(r.credential_id), r.change, style.esc(r.reason)] for r in issuer.revocations[:MAX_ROWS]]
        lines += ["", "**Revocations**", ""] if style.markdown else [style.item(0, "revocations:")]
        lines += style.table(["credential", "change", "reason"], rows, len(issuer.revocations), indent=2)
    return lines


def _files_section(title: str, changes: Sequence[Change], style: _Style) -> list[str]:
    if not changes:
        return []
    return [*style.heading(title), *(style.item(0, f"{style.code(c.path)} ({c.status})") for c in changes[:MAX_ROWS]),
            *([style.item(0, f"and {len(changes) - MAX_ROWS:,} more")] if len(changes) > MAX_ROWS else [])]


def _kinds(files: Sequence[SignedChange]) -> str:
    awards = sum(f.kind == "award" for f in files)
    parts = [_plural(awards, "award")] if awards else []
    return ", ".join(parts + ([_plural(len(files) - awards, "status list")] if len(files) > awards else []))


def _signers(s: Summary, style: _Style) -> list[str]:
    if not s.signed:
        return []
    rows = []
    signers = s.signers()
    for method, files in signers[:MAX_ROWS]:
        proofs = [p for f in files for p in f.proofs if p.verification_method == method]
        suites = ", ".join(style.esc(x) for x in dict.fromkeys(p.cryptosuite for p in proofs))
        owner = proofs[0].key if proofs else ""
        rows.append([style.code(method), style.code(owner) if owner else "not a key of this registry", suites,
                     f"{_kinds(files)}: {_listed([f.path for f in files], style, MAX_SIGNED)}"])
    unread = [f for f in s.signed if not f.proofs]
    if unread:
        rows.append(["(no proof read)", "", "", ", ".join(f"{style.code(f.path)} ({style.esc(f.unreadable)})"
                                                          for f in unread[:MAX_SIGNED])])
    intro = "Proofs as the files claim them; the problems say which do not verify."
    return [*style.heading("Who signed what"), intro if style.markdown else "  " + intro, *([""] * style.markdown),
            *style.table(["verificationMethod", "key", "cryptosuites", "signed"], rows, len(signers) + bool(unread))]


def _problems(s: Summary, style: _Style) -> list[str]:
    if not s.problems:
        return [*style.heading("Problems"), style.item(0, "none")]
    rows = [[style.code(p.where()), p.severity.value, style.code(p.code), style.esc(p.message)]
            for p in s.problems[:MAX_ROWS]]
    return [*style.heading(f"Problems ({_plural(s.errors, 'error')}, "
                           f"{_plural(len(s.problems) - s.errors, 'warning')})"),
            *style.table(["file:line", "severity", "code", "message"], rows, len(s.problems))]


def _render(s: Summary, style: _Style) -> str:
    lines = ["## Pull request summary", "", *_headline(s)] if style.markdown else \
        ["Pull request summary", *("  " + line for line in _headline(s))]
    for issuer in s.issuers[:MAX_ROWS]:
        lines += _issuer(issuer, style)
    if len(s.issuers) > MAX_ROWS:
        lines += style.heading(f"And {len(s.issuers) - MAX_ROWS:,} more issuers")
    lines += _files_section("Registry decisions (registry.yaml)", s.registry_files, style)
    lines += _files_section("Site, configuration and code", s.site_files, style)
    lines += _files_section("Files outside the registry layout", s.stray_files, style)
    lines += _signers(s, style) + _problems(s, style)
    return "\n".join(lines).strip("\n") + "\n"


def as_markdown(summary: Summary) -> str:
    """The summary as GitHub-flavoured Markdown."""
    return _render(summary, MARKDOWN)


def as_text(summary: Summary) -> str:
    """The summary as plain text."""
    return _render(summary, TEXT)


def write_summary(summary: Summary, path: Path) -> None:
    """Append the Markdown summary to `path` (GitHub's $GITHUB_STEP_SUMMARY is appended to, never replaced)."""
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(as_markdown(summary) + "\n")
    except OSError as exc:
        raise CredregError(f"cannot write the summary to {path}: {exc.strerror or exc}",
                           "give a file in a folder that exists and can be written") from None
