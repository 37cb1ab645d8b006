"""Badge and issuer images: PNG by signature, SVG only when it is plain drawing (no script, no links out).

The check refuses what is unsafe; the site publishes PNG byte for byte and SVG re-serialized from
the allow-listed tree (see `svg`), so what a browser opens is exactly what was checked.
"""
from __future__ import annotations

from ..errors import Problem, SourceError
from .svg import clean_svg, svg_problems

MAX_IMAGE_BYTES = 512 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def image_problems(path: str, data: bytes) -> list[Problem]:
    """Problems that make an image unsafe or unusable; empty when it may be published."""
    if len(data) > MAX_IMAGE_BYTES:
        return [Problem(path, 0, 0, "image-too-large", f"image is {len(data):,} bytes; the limit is "
                        f"{MAX_IMAGE_BYTES:,}", "export a smaller image (badges show at 200 px)")]
    if path.endswith(".png"):
        if not data.startswith(_PNG_MAGIC):
            return [Problem(path, 0, 0, "bad-image", "file is named .png but is not a PNG image",
                            "export the image as PNG, or rename it to what it is")]
        return []
    return svg_problems(path, data)


def published_image(path: str, data: bytes) -> bytes:
    """The bytes the site serves for an image: PNG as is, SVG rebuilt from its checked tree; raises if unsafe."""
    if path.endswith(".svg") and len(data) <= MAX_IMAGE_BYTES:
        return clean_svg(path, data)  # refuses what svg_problems refuses, parsing once
    problems = image_problems(path, data)
    if problems:
        raise SourceError(problems[0])
    return data
