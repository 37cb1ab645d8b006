"""`credreg init` and `credreg new`: write a new registry, issuer or badge class as commented starter files
that check and build clean at once; what is left to fill in is a `placeholder` warning (validate/placeholders.py)."""
from __future__ import annotations

import html
import re
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template

from . import __version__, atomic
from .errors import CredregError, UsageError
from .layout import MKDOCS_FILE, REGISTRY_FILE, at, badge_folder, issuer_file, issuer_folder, rubric_file
from .model import Maintainer
from .urls import SiteUrls
from .validate.identity import ID_RE
from .validate.placeholders import PLACEHOLDER_ID, PLACEHOLDER_LOGIN
from .validate.site_address import DEMO_SITE_URL

# What `credreg init` writes, by path: (template, whether it is a string.Template to fill in).
REGISTRY_FILES = {
    MKDOCS_FILE: ("mkdocs.yml", True), REGISTRY_FILE: ("registry.yaml", True), "README.md": ("README.md", True),
    "requirements.txt": ("requirements.txt", True), ".gitignore": ("gitignore", False),
    "overrides/docs/about.md": ("about.md", True), "overrides/theme/main.html": ("main.html", False),
    ".github/workflows/pull-request.yml": ("pull-request.yml", False),
    ".github/workflows/site.yml": ("site.yml", False),
}


def _template(name: str, kind: str = "new") -> Template:
    return Template(resources.files(f"registry.templates.{kind}").joinpath(name).read_text("utf-8"))


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


_LOGIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?\Z")  # GitHub's rule for logins


def parse_maintainer(value: str) -> Maintainer:
    """A `LOGIN:ID` pair from the command line: a GitHub login and its permanent numeric id."""
    login, _, number = value.partition(":")
    if not _LOGIN.match(login) or not number.isdigit() or not 0 < int(number) < 2**53:
        raise UsageError(f"--maintainer {value!r} is not LOGIN:ID",
                         "e.g. --maintainer octocat:583231 (the id is at https://api.github.com/users/<login>)")
    if login == PLACEHOLDER_LOGIN or int(number) == PLACEHOLDER_ID:
        raise UsageError(f"--maintainer {value!r} is the scaffold's placeholder", "give a real GitHub account")
    return Maintainer(login, int(number))


def _maintainers_yaml(maintainers: tuple[Maintainer, ...]) -> str:
    """registry.yaml's maintainer entries; the placeholder account when none is given (a warning until replaced)."""
    entries = maintainers or (Maintainer(PLACEHOLDER_LOGIN, PLACEHOLDER_ID),)
    return "".join(f"  - login: {m.login}\n    id: {m.github_id}\n" for m in entries)


def new_registry(root: Path, site_url: str, name: str, maintainers: tuple[Maintainer, ...] = ()) -> list[Path]:
    """Write a new, empty registry at `root` (missing, empty, or holding only .git): site configuration,
    registry.yaml, site templates, CI workflows and a README for its users; returns the files written."""
    if any(c.isspace() or not c.isprintable() for c in site_url):  # it is written into mkdocs.yml
        raise UsageError("--site-url contains a space or control character", "give a plain https:// address")
    try:
        urls = SiteUrls.parse(site_url, "--site-url")
    except CredregError as exc:
        raise UsageError(exc.message, "give the https:// address the site will be published at, e.g. "
                                      "https://badges.example.org/") from None
    if urls.site_url == DEMO_SITE_URL:
        raise UsageError(f"--site-url {site_url} is the demo registry's address",
                         "give the https address your registry will be published at: it is part of every "
                         "credential's URL and issuer DID, forever")
    name = " ".join(name.split())
    if not name or not name.isprintable():
        raise UsageError("--name is empty or has control characters", "give the registry's name, as its site shows it")
    if root.exists() and (not root.is_dir() or any(p.name != ".git" for p in root.iterdir())):
        raise UsageError(f"{root} exists and is not empty", "credreg init makes a new registry in a new or empty "
                                                             "folder (a fresh `git init` is fine)")
    values = {"site_name": name, "site_url": urls.site_url, "maintainers": _maintainers_yaml(maintainers),
              "version": __version__}
    in_yaml = {**values, "site_name": _yaml_text(name), "site_url": _yaml_text(urls.site_url)}
    files: dict[Path, str] = {}
    for path, (template, filled) in REGISTRY_FILES.items():
        text = _template(template, "init")
        files[root / path] = text.substitute(in_yaml if path == MKDOCS_FILE else values) if filled else text.template
    try:
        return _write_new(files)
    except OSError as exc:
        raise CredregError(f"cannot write {exc.filename or root}: {exc.strerror or exc}",
                           "check the folder's permissions and free space") from None


def _yaml_text(text: str) -> str:
    """A YAML double-quoted scalar, so any name stays a string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
