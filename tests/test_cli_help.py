"""Every command and option has help text, and every option `--help` shows is in the README."""
from __future__ import annotations

import argparse
import re

import pytest
from support import REPO

from registry.cli import build_parser


def commands() -> list[tuple[str, argparse.ArgumentParser]]:
    """Every command's parser, by its full name (`key rotate`, `new issuer`)."""
    out = []

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            out.append((name, parser))
        for sub in subs:
            for child, child_parser in sub.choices.items():
                walk(f"{name} {child}".strip(), child_parser)
    walk("", build_parser())
    return out


COMMANDS = commands()


def options(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]


@pytest.mark.parametrize("name, parser", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_option_has_help(name: str, parser: argparse.ArgumentParser) -> None:
    missing = [a.option_strings[0] if a.option_strings else a.dest for a in options(parser) if not a.help]
    assert missing == [], f"`credreg {name}`: no help text for {missing}"
    assert parser.description, f"`credreg {name} --help` has no description"


def readme_section(name: str) -> str:
    """The README's reference section of a command: from its `### \\`credreg NAME` heading to the next heading."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = [m for m in re.finditer(r"^### (.*)$", readme, re.M) if f"`credreg {name} " in m.group(1) + " "
             or f"`credreg {name}`" in m.group(1)]
    assert found, f"the README has no section for `credreg {name}`"
    start = found[0].start()
    end = readme.find("\n### ", start + 1)
    return readme[start:end if end != -1 else len(readme)]


@pytest.mark.parametrize("name, parser", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_option_is_in_the_readme(name: str, parser: argparse.ArgumentParser) -> None:
    section = readme_section(name)
    missing = [a.option_strings[-1] for a in options(parser) if a.option_strings
               and not any(re.search(re.escape(o) + r"\b", section) for o in a.option_strings)]
    assert missing == [], f"the README's section on `credreg {name}` does not mention {missing}"
