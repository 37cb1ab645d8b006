"""Baked PNG and SVG badges, JWT text and JSON, told apart by content: every container a recruiter may be
handed, and the hostile ones (bad CRC, truncation, 10,000 chunks, a compressed bomb, two credentials, DTDs
and entities, scripts, misleading file names). The PNGs are written here with zlib and struct, not by credreg
(which has no PNG writer at all); the tables live in tests/container_tables.py."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from container_tables import ACTIVE, CREDENTIAL, GOOD, HOSTILE, LAUGHS, chunk, itxt, png, svg
from support import REF

from registry.cli import main
from registry.errors import InputError
from registry.verify.containers import extract

@pytest.mark.parametrize("raw, container, kind, ob2", [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_extracts(raw: bytes, container: str | None, kind: type, ob2: bool) -> None:
    found = extract(raw, "input")
    assert (found.container.detail if found.container else None, type(found.content), found.ob2) == (container, kind, ob2)
    if kind is dict and not ob2:
        assert found.content == CREDENTIAL


@pytest.mark.parametrize("raw, message", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_refuses(raw: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(raw, "input")
    assert caught.value.message == message


# ---- through the command line: the file name never decides the kind ------------------------------------------

def trusting_the_issuer(tmp_path: Path) -> list[str]:
    """`--trust FILE` binding the reference issuer, as a recruiter's trust list would: so "valid" means valid."""
    issuer = json.loads(ACTIVE)["issuer"]
    path = tmp_path / "trust.json"
    path.write_text(json.dumps({"meta": {"created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"},
                                "registry": {issuer["id"]: {"name": issuer["name"], "url": issuer["url"]}}}))
    return ["--trust", str(path)]


CLI_CASES = [
    ("json-named-png", "badge.png", ACTIVE, None, "valid"),
    ("png-named-json", "credential.json", png(itxt("openbadgecredential", ACTIVE.decode())),
     ("pass", "baked PNG, iTXt openbadgecredential: JSON"), "valid"),
    ("svg-named-txt", "notes.txt", svg(f"<openbadges:credential><![CDATA[{ACTIVE.decode()}]]></openbadges:credential>"),
     ("pass", "baked SVG, <openbadges:credential>: JSON"), "valid"),
    ("bad-crc-png", "badge.png", png(chunk(b"tEXt", b"openbadges\0x", crc=7)),
     ("fail", "the CRC of PNG chunk 2 (tEXt) is wrong: the file is damaged or was altered"), "invalid"),
    ("billion-laughs-svg", "badge.svg", svg("", LAUGHS),
     ("fail", "the SVG is refused: it declares a DTD, entities or external references (DTDForbidden)"), "invalid"),
]


@pytest.mark.parametrize("name, raw, container, verdict", [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES])
def test_cli_tells_kind_from_content(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, raw: bytes,
                                     container: tuple[str, str] | None, verdict: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    code = main(["verify", "--offline", "--no-registry", "--format", "json", "--now", "2026-11-28", str(path),
                 "--map", f"https://registry.test/={REF / 'site'}", *trusting_the_issuer(tmp_path)])
    result = json.loads(capsys.readouterr().out)["results"][0]
    steps = {s["step"]: (s["outcome"], s["detail"]) for s in result["steps"]}
    assert (code == 0, result["verdict"], steps.get("container")) == (verdict == "valid", verdict, container)


def test_cli_reads_a_baked_png_by_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A URL may answer a baked image (or a VC-JWT as text/plain): the bytes are fetched, then told apart."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "badge").write_bytes(png(itxt("openbadgecredential", ACTIVE.decode())))
    code = main(["verify", "--offline", "--no-registry", "--format", "json", "--now", "2026-11-28",
                 "https://badges.example/badge", "--map", f"https://badges.example/={site}",
                 "--map", f"https://registry.test/={REF / 'site'}", *trusting_the_issuer(tmp_path)])
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert (code, result["verdict"], result["steps"][0]) == (0, "valid", {
        "step": "container", "outcome": "pass", "detail": "baked PNG, iTXt openbadgecredential: JSON"})
