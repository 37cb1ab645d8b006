"""`credreg new`: write commented starter files that pass `credreg check` once filled in."""
from __future__ import annotations

import html
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from . import atomic
from .errors import UsageError
from .layout import at, badge_folder, issuer_file, issuer_folder, rubric_file
from .validate.identity import ID_RE


def _template(name: str) -> Template:
    return Template(resources.files("registry.templates.new").joinpath(name).read_text("utf-8"))


def _check_id(value: str, what: str) -> None:
    if not ID_RE.match(value):
        raise UsageError(f"{what} {value!r} is not a valid id",
                         "use lower-case letters, digits and inner hyphens only (a-z, 0-9, -), at most 64")


def _title(identifier: str) -> str:
    return " ".join(word.capitalize() for word in identifier.split("-"))


def _initials(name: str) -> str:
    return html.escape("".join(word[0] for word in name.split()[:2]).upper(), quote=True)


def _write_new(files: dict[Path, str]) -> list[Path]:
    for path in files:
        if path.exists():
            raise UsageError(f"{path} already exists", "credreg new never overwrites; pick another id")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            atomic.write_text(path, text, exclusive=True)  # whole or absent; never replaces a file
        except FileExistsError:
            raise UsageError(f"{path} already exists", "credreg new never overwrites; pick another id") from None
    return sorted(files)


def new_issuer(root: Path, issuer_id: str, name: str | None = None, kind: str = "training-provider",
               url: str = "https://example.org/", email: str = "badges@example.org") -> list[Path]:
    """Write issuers/<id>/issuer.yaml and a placeholder logo; returns the files written."""
    _check_id(issuer_id, "issuer id")
    name = name or _title(issuer_id)
    folder = at(root, issuer_folder(issuer_id))
    values = {"issuer_id": issuer_id, "name": _yaml_text(name), "kind": kind, "url": url, "email": email,
              "label": html.escape(name, quote=True), "initials": _initials(name)}
    return _write_new({at(root, issuer_file(issuer_id)): _template("issuer.yaml").substitute(values),
                       folder / "logo.svg": _template("image.svg").substitute(values)})


def new_badge(root: Path, ref: str, name: str | None = None, today: date | None = None) -> list[Path]:
    """Write credentials/<issuer>/<badge>/badge.yaml, rubrics/v1.yaml and a placeholder image."""
    issuer_id, _, badge_id = ref.partition("/")
    if not badge_id:
        raise UsageError(f"{ref!r} is not <issuer-id>/<badge-id>", "for example: credreg new badge acme/intro-python")
    _check_id(issuer_id, "issuer id")
    _check_id(badge_id, "badge id")
    if not at(root, issuer_file(issuer_id)).is_file():
        raise UsageError(f"issuer {issuer_id!r} does not exist", f"create it first: credreg new issuer {issuer_id}")
    name = name or _title(badge_id)
    folder = at(root, badge_folder(issuer_id, badge_id))
    values = {"issuer_id": issuer_id, "badge_id": badge_id, "name": _yaml_text(name),
              "today": (today or date.today()).isoformat(),
              "label": html.escape(name, quote=True), "initials": _initials(name)}
    return _write_new({folder / "badge.yaml": _template("badge.yaml").substitute(values),
                       at(root, rubric_file(issuer_id, badge_id, 1)): _template("rubric.yaml").substitute(values),
                       folder / "badge.svg": _template("image.svg").substitute(values)})


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar, so any name stays a string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
