"""Baked badges: a PNG with the signed credential in one uncompressed iTXt chunk `openbadgecredential`, an SVG with
one <openbadges:credential>; they round-trip through credreg's readers and `credreg verify` with real signatures,
hostile content stays inert, and `credreg bake` / `unbake` refuse bad input with exact errors."""
from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import resvg_py
from defusedxml.ElementTree import fromstring
from support import REPO

from registry.cli import main
from registry.model import Award, Registry
from registry.publish.baking import RENDER_SIZE, bake_png, bake_svg, png_of
from registry.verify.containers_png import baked_png
from registry.verify.containers_svg import baked_svg

OB3 = "{https://purl.imsglobal.org/ob/v3p0}credential"


@pytest.fixture(scope="module")
def award(registry: Registry) -> Award:
    return next(a for a in sorted(registry.awards.values(), key=lambda a: a.id) if a.id not in registry.revocations
                and not a.components)


def signed(award: Award) -> bytes:
    """The award's signed bytes, as the check verified them in the example registry."""
    return (REPO / award.source).read_bytes()


def badge_svg(registry: Registry, award: Award) -> tuple[str, bytes]:
    badge = registry.badges[award.badge_key]
    source = f"credentials/{badge.issuer_id}/{badge.id}/{badge.image}"
    return source, registry.images[source]


def chunks(png: bytes) -> Iterator[tuple[bytes, bytes, int]]:
    offset = 8
    while offset < len(png):
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        data = png[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", png[offset + 8 + length:offset + 12 + length])
        yield kind, data, crc
        offset += 12 + length


@pytest.fixture(scope="module")
def png_badge(registry: Registry, award: Award) -> bytes:
    """A PNG badge image (the example's are SVG): rendered independently, then given a stale baked credential."""
    name, svg = badge_svg(registry, award)
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg.decode(), width=96, height=96))
    stale = b"openbadgecredential\0\0\0\0\0" + b'{"someone": "else"}'
    chunk = struct.pack(">I", len(stale)) + b"iTXt" + stale + struct.pack(">I", zlib.crc32(b"iTXt" + stale))
    return png[:-12] + chunk + png[-12:]


def test_baked_png_holds_the_credential_uncompressed_before_iend(registry: Registry, award: Award) -> None:
    png = bake_png(png_of(*badge_svg(registry, award)), signed(award))
    listed = list(chunks(png))
    assert [k for k, _, _ in listed][0] == b"IHDR" and [k for k, _, _ in listed][-2:] == [b"iTXt", b"IEND"]
    assert all(zlib.crc32(k + d) == crc for k, d, crc in listed)
    kind, data, _ = listed[-2]
    assert data == b"openbadgecredential\0" + b"\0\0" + b"\0\0" + signed(award)  # uncompressed, no language
    assert b"openbadgecredential" in png and signed(award) in png  # as a wallet's plain text search finds it
    assert struct.unpack(">II", listed[0][1][:8]) == (RENDER_SIZE, RENDER_SIZE)
    assert baked_png(png).text == signed(award).decode()
    assert bake_png(png_of(*badge_svg(registry, award)), signed(award)) == png  # byte-identical twice


def test_a_png_badge_loses_any_credential_it_carried(png_badge: bytes, award: Award) -> None:
    assert baked_png(png_badge).text == '{"someone": "else"}'  # the stale one is there to begin with
    baked = bake_png(png_of("badge.png", png_badge), signed(award))
    assert baked_png(baked).text == signed(award).decode() and b"someone" not in baked


def test_baked_svg_is_one_well_formed_svg_with_one_credential(registry: Registry, award: Award) -> None:
    svg = bake_svg(*badge_svg(registry, award), signed(award))
    root = fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and len(root.findall(f".//{OB3}")) == 1
    assert baked_svg(svg).text == signed(award).decode().strip()


def test_a_png_badge_bakes_into_an_svg_that_shows_it(png_badge: bytes, award: Award) -> None:
    svg = bake_svg("badge.png", png_badge, signed(award))
    root = fromstring(svg)
    image = root.find("{http://www.w3.org/2000/svg}image")
    assert image is not None and image.get("href", "").startswith("data:image/png;base64,")
    assert (root.get("width"), root.get("height")) == ("96", "96")
    assert baked_svg(svg).text == signed(award).decode().strip() and "someone" not in svg


HOSTILE = [b'{"name": "]]></openbadges:credential><script>alert(1)</script>", "x": "]]>"}',
           b'{"a": "</svg><script>alert(1)</script><![CDATA["}']


@pytest.mark.parametrize("credential", HOSTILE, ids=["cdata-end", "closing-tags"])
def test_hostile_credential_text_stays_text(registry: Registry, award: Award, credential: bytes) -> None:
    svg = bake_svg(*badge_svg(registry, award), credential)
    root = fromstring(svg)
    assert [e.tag for e in root.iter() if "script" in str(e.tag)] == []
    assert len(root.findall(f".//{OB3}")) == 1 and baked_svg(svg).text == credential.decode()
    assert baked_png(bake_png(png_of(*badge_svg(registry, award)), credential)).text == credential.decode()


def test_the_build_bakes_every_award(tmp_path: Path, registry: Registry) -> None:
    from registry.publish.build import build_site
    site = build_site(REPO, tmp_path / "site")
    for award in registry.awards.values():
        png = (site / "credentials" / f"{award.id}.png").read_bytes()
        svg = (site / "credentials" / f"{award.id}.svg").read_text("utf-8")
        assert baked_png(png).text.encode() == signed(award)
        assert baked_svg(svg).text == signed(award).decode().strip()
        page = (site / "credentials" / award.id / "index.html").read_text("utf-8")
        assert f'href="../../credentials/{award.id}.png" download' in page


@pytest.mark.parametrize("ext", ["png", "svg"])
def test_bake_verify_unbake(tmp_path: Path, award: Award, ext: str, monkeypatch: pytest.MonkeyPatch,
                            capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    monkeypatch.chdir(REPO)
    credential = next(REPO.glob(f"credentials/*/*/awards/{award.id}.json"))
    out = tmp_path / f"baked.{ext}"
    assert main(["bake", str(credential), "--out", str(out)]) == 0
    assert main(["verify", str(out)]) == 0
    assert b"=> VALID" in capsysbinary.readouterr().out
    assert main(["unbake", str(out)]) == 0
    shown = capsysbinary.readouterr().out
    assert shown == (signed(award) if ext == "png" else signed(award).strip())


def hostile_files(tmp: Path, award: Award, png: bytes) -> dict[str, Path]:
    """Files for the refusal table."""
    baked = bake_png(png, signed(award))
    files = {
        "not-json.json": b"{ this is not json",
        "unsigned.json": b'{"type": ["VerifiableCredential"]}',
        "plain.png": png,
        "two.png": bake_png(baked[:0] + baked, b'{"second": 1}'),
        "crc.png": baked[:-20] + bytes([baked[-20] ^ 1]) + baked[-19:],
        "text.txt": b"hello",
        "huge.png": b"\x89PNG\r\n\x1a\n" + b"\0" * (4 * 1024 * 1024 + 1),
        "exists.png": b"already here",
    }
    for name, data in files.items():
        (tmp / name).write_bytes(data)
    return {name: tmp / name for name in files}


BAD = {
    "missing credential": (["bake", "{tmp}/nope.json"], 1, "error: {tmp}/nope.json: no such file\n"
                           "  hint: give the path of a signed credential (.json)\n"),
    "credential not JSON": (["bake", "{tmp}/not-json.json"], 1, "error: {tmp}/not-json.json:1:3: JSON syntax error: "
                            "Expecting property name enclosed in double quotes\n  hint: check commas, quotes and "
                            "brackets around this position\n"),
    "credential unsigned": (["bake", "{tmp}/unsigned.json", "--image", "{tmp}/plain.png"], 1,
                            "error: {tmp}/unsigned.json is not a signed credential (a JSON object with a proof)\n"
                            "  hint: bake the signed credential file, e.g. /credentials/<id>.json of a registry\n"),
    "image not png or svg": (["bake", "{cred}", "--image", "{tmp}/text.txt"], 2,
                             "error: {tmp}/text.txt is neither a .png nor a .svg image\n"
                             "  hint: give the badge image as PNG or SVG\n"),
    "image too large": (["bake", "{cred}", "--image", "{tmp}/huge.png"], 1,
                        "error: {tmp}/huge.png is over the 4,194,304-byte limit of a badge image\n"
                        "  hint: give the badge image itself\n"),
    "out exists": (["bake", "{cred}", "--out", "{tmp}/exists.png"], 2,
                   "error: {tmp}/exists.png already exists\n  hint: choose another --out, or pass --force to replace it\n"),
    "unbake plain image": (["unbake", "{tmp}/plain.png"], 1,
                           "error: {tmp}/plain.png: the PNG image carries no Open Badges credential (no iTXt chunk "
                           "`openbadgecredential` or `openbadges`)\n  hint: this is a plain image; ask for the baked "
                           "badge or the credential file\n"),
    "unbake two credentials": (["unbake", "{tmp}/two.png"], 1,
                               "error: {tmp}/two.png: the PNG carries 2 credential chunks (iTXt openbadgecredential, "
                               "iTXt openbadgecredential); a baked badge holds exactly one\n  hint: which one is meant "
                               "cannot be told; ask the issuer for the credential again\n"),
    "unbake damaged": (["unbake", "{tmp}/crc.png"], 1,
                       "error: {tmp}/crc.png: the CRC of PNG chunk {last} (iTXt) is wrong: the file is damaged or was "
                       "altered\n  hint: the file is not a well-formed baked PNG; ask the issuer for the credential "
                       "again\n"),
    "unbake not an image": (["unbake", "{tmp}/text.txt"], 1, "error: {tmp}/text.txt: not a PNG or SVG image\n"
                            "  hint: give a baked badge (.png or .svg)\n"),
}


@pytest.mark.parametrize("argv, code, expected", BAD.values(), ids=BAD.keys())
def test_bake_and_unbake_refuse_bad_input(tmp_path: Path, registry: Registry, award: Award, argv: list[str],
                                          code: int, expected: str, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    png = png_of(*badge_svg(registry, award))
    hostile_files(tmp_path, award, png)
    cred = str(next(REPO.glob(f"credentials/*/*/awards/{award.id}.json")))
    last = len(list(chunks(bake_png(png, signed(award))))) - 1
    fill = {"tmp": str(tmp_path), "cred": cred, "last": str(last)}
    assert main([a.format(**fill) for a in argv]) == code
    assert capsys.readouterr().err == expected.format(**fill)
    assert (tmp_path / "exists.png").read_bytes() == b"already here"
