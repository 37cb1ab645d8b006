"""Baked PNG and SVG inputs, good and hostile, with what each must give: shared by the Python container tests
and the browser core's (tests/js/). The PNGs are written here with zlib and struct, not by credreg (which has
no PNG writer at all)."""
from __future__ import annotations

import json
import struct
import zlib

from support import REF

ACTIVE = (REF / "valid" / "active.json").read_bytes()
CREDENTIAL = json.loads(ACTIVE)
JWS = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln"
OB2 = {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": "https://issuer.example/a/1"}


def chunk(kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) if crc is None else crc)


def itxt(keyword: str, text: str, compressed: bool = False) -> bytes:
    body = zlib.compress(text.encode()) if compressed else text.encode()
    return chunk(b"iTXt", keyword.encode() + b"\0" + bytes([int(compressed), 0]) + b"\0\0" + body)


def png(*extra: bytes, end: bool = True) -> bytes:
    """A 1×1 grey PNG with `extra` chunks after IHDR."""
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\0\x80"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + b"".join(extra) + idat + (chunk(b"IEND", b"") if end else b"")


def svg(inner: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 10 10">{inner}'
            '<circle r="4"/></svg>').encode()


GOOD = [
    ("json", ACTIVE, None, dict, False),
    ("json-with-bom", b"\xef\xbb\xbf" + ACTIVE, None, dict, False),
    ("jwt-text", f"  {JWS}\n".encode(), "text: a compact JWS", str, False),
    ("png-itxt-json", png(itxt("openbadgecredential", ACTIVE.decode())), "baked PNG, iTXt openbadgecredential: JSON",
     dict, False),
    ("png-itxt-jwt", png(itxt("openbadgecredential", JWS)), "baked PNG, iTXt openbadgecredential: a compact JWS", str,
     False),
    ("png-itxt-compressed", png(itxt("openbadgecredential", ACTIVE.decode(), True)),
     "baked PNG, iTXt openbadgecredential: JSON", dict, False),
    ("png-text-ob2-url", png(chunk(b"tEXt", b"openbadges\0https://issuer.example/a/1")),
     "baked PNG, tEXt openbadges: a URL (Open Badges 2.0)", str, True),
    ("png-itxt-ob2-json", png(itxt("openbadges", json.dumps(OB2))),
     "baked PNG, iTXt openbadges: JSON (Open Badges 2.0)", dict, True),
    ("png-other-text-chunks", png(chunk(b"tEXt", b"Software\0paint"), itxt("openbadgecredential", JWS)),
     "baked PNG, iTXt openbadgecredential: a compact JWS", str, False),
    ("svg-cdata-json", svg(f"<openbadges:credential><![CDATA[{ACTIVE.decode()}]]></openbadges:credential>"),
     "baked SVG, <openbadges:credential>: JSON", dict, False),
    ("svg-verify-jwt", svg(f'<openbadges:credential verify="{JWS}"></openbadges:credential>'),
     "baked SVG, <openbadges:credential> verify: a compact JWS", str, False),
    ("svg-ob2-assertion-url", svg('<openbadges:assertion xmlns:openbadges="http://openbadges.org" '
                                  'verify="https://issuer.example/a/1"/>'),
     "baked SVG, <openbadges:assertion> verify: a URL (Open Badges 2.0)", str, True),
    ("svg-ob2-assertion-json", svg('<openbadges:assertion xmlns:openbadges="http://openbadges.org"><![CDATA['
                                   + json.dumps(OB2) + "]]></openbadges:assertion>"),
     "baked SVG, <openbadges:assertion>: JSON (Open Badges 2.0)", dict, True),
    ("enveloped-credential", json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"], "type":
                                         "EnvelopedVerifiableCredential", "id": f"data:application/vc+jwt,{JWS}"}).encode(),
     "EnvelopedVerifiableCredential, a data: URL: a compact JWS", str, False),
    ("svg-with-script", svg('<script>alert(1)</script><openbadges:credential verify="' + JWS + '"/>'),
     "baked SVG, <openbadges:credential> verify: a compact JWS", str, False),
]


BOMB = zlib.compress(b" " * (64 * 1024 * 1024), 9)  # 64 MiB of spaces in about 64 KiB
LAUGHS = ('<!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
HOSTILE = [
    ("png-bad-crc", png(chunk(b"tEXt", b"openbadges\0https://a.example/", crc=1)),
     "the CRC of PNG chunk 2 (tEXt) is wrong: the file is damaged or was altered"),
    ("png-truncated", png(itxt("openbadgecredential", JWS))[:60],
     "the PNG is truncated: chunk 2 declares 62 bytes, more than the file has"),
    ("png-no-iend", png(itxt("openbadgecredential", JWS), end=False), "the PNG is truncated: it has no IEND chunk"),
    ("png-ten-thousand-chunks", png(*[chunk(b"tEXt", b"k\0v")] * 10_000), "the PNG has more than 2,048 chunks"),
    ("png-compressed-bomb", png(chunk(b"iTXt", b"openbadgecredential\0\x01\x00\0\0" + BOMB)),
     "the iTXt chunk's compressed text inflates beyond 1,048,576 bytes"),
    ("png-corrupt-compression", png(chunk(b"iTXt", b"openbadgecredential\0\x01\x00\0\0notzlib")),
     "the iTXt chunk's compressed text is corrupt (Error -3 while decompressing data: incorrect header check)"),
    ("png-two-credentials", png(itxt("openbadgecredential", JWS), itxt("openbadgecredential", JWS)),
     "the PNG carries 2 credential chunks (iTXt openbadgecredential, iTXt openbadgecredential); a baked badge "
     "holds exactly one"),
    ("png-two-versions", png(itxt("openbadgecredential", JWS), chunk(b"tEXt", b"openbadges\0https://a.example/")),
     "the PNG carries 2 credential chunks (iTXt openbadgecredential, tEXt openbadges); a baked badge holds exactly one"),
    ("png-no-credential", png(chunk(b"tEXt", b"Software\0paint")),
     "the PNG image carries no Open Badges credential (no iTXt chunk `openbadgecredential` or `openbadges`)"),
    ("png-not-ihdr-first", b"\x89PNG\r\n\x1a\n" + chunk(b"tEXt", b"a\0b") + chunk(b"IEND", b""),
     "the PNG does not start with an IHDR chunk"),
    ("png-credential-garbage", png(itxt("openbadgecredential", "hello")),
     "the PNG's openbadgecredential chunk is neither a JSON credential nor a JWT"),
    ("png-3-0-url", png(itxt("openbadgecredential", "https://issuer.example/c/1")),
     "the PNG's openbadgecredential chunk is neither a JSON credential nor a JWT"),
    ("svg-billion-laughs", svg('<openbadges:credential verify="&c;"/>', LAUGHS),
     "the SVG is refused: it declares a DTD, entities or external references (DTDForbidden)"),
    ("svg-external-entity", svg('<openbadges:credential>&x;</openbadges:credential>',
                                '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'),
     "the SVG is refused: it declares a DTD, entities or external references (DTDForbidden)"),
    ("svg-two-credentials", svg(f'<openbadges:credential verify="{JWS}"/><openbadges:credential verify="{JWS}"/>'),
     "the SVG carries 2 Open Badges elements; a baked badge holds exactly one"),
    ("svg-no-credential", svg(""),
     "the SVG image carries no Open Badges credential (no <openbadges:credential> or <openbadges:assertion> element)"),
    ("svg-malformed", b"<svg><openbadges:credential>", "the SVG is not well-formed XML: unbound prefix: line 1, column 5"),
    ("svg-verify-not-jws", svg('<openbadges:credential verify="https://a.example/c"/>'),
     "the SVG's <openbadges:credential verify> attribute is not a compact JWS"),
    ("enveloped-cose", json.dumps({"type": ["EnvelopedVerifiableCredential"], "id": "data:application/vc+cose;base64,AAAA"}
                                  ).encode(),
     "the EnvelopedVerifiableCredential's id is not a data:application/vc+jwt URL holding a compact JWS"),
    ("xml-not-svg", b"<html><body/></html>", "the XML document is not an SVG image (its root is not <svg>)"),
    ("five-mib", b" " * (5 * 1024 * 1024), "input is larger than 4 MiB"),
    ("binary", b"\x00\xff\xfe garbage", "input:1:2: byte 0xff is not valid UTF-8"),
]
