"""The registry's site configuration: mkdocs.yml, read once with MkDocs' own YAML loader.

MkDocs' loader resolves `!ENV` (so `site_url: !ENV [SITE_URL, "https://…"]` works as it does in
`mkdocs build`); it runs on a safe base here, so `credreg check` never constructs the Python
objects that `!!python/…` tags name. Only site_url is read. A value from the environment is never
echoed in a message (CI keeps its secrets there).
"""
from __future__ import annotations

from pathlib import Path

import yaml
from mkdocs.utils.yaml import get_yaml_loader

from .errors import CredregError
from .layout import MKDOCS_FILE
from .load.yaml_errors import yaml_error
from .urls import SiteUrls

MAX_CONFIG_BYTES = 256 * 1024


class _SafeBase(yaml.SafeLoader):
    """A safe loader that reads `!!python/…` tags (common in mkdocs.yml: emoji, superfences) as nothing."""


_SafeBase.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_SafeBase.add_multi_constructor("!", lambda loader, suffix, node: None)  # !relative and other MkDocs tags
_Loader = get_yaml_loader(loader=_SafeBase)  # adds MkDocs' !ENV (and !relative) on top of the safe base


def load_site_urls(root: Path) -> SiteUrls:
    """The SiteUrls of the registry at `root`, from its mkdocs.yml; a CredregError says what is wrong with it."""
    path = root / MKDOCS_FILE
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise CredregError(f"{path} is missing: the site cannot be built without it",
                           "a registry needs mkdocs.yml with its site_url; `credreg init` makes one for a new "
                           "registry") from None
    except OSError as exc:
        raise CredregError(f"cannot read {path}: {exc.strerror or exc}", "check the file's permissions") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise CredregError(f"{path} is larger than {MAX_CONFIG_BYTES:,} bytes", "mkdocs.yml is a short settings file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CredregError(f"{path} is not UTF-8 text", "save mkdocs.yml as UTF-8") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as exc:
        raise yaml_error(str(path), exc, text) from None
    site_url = data.get("site_url") if isinstance(data, dict) else None
    if not site_url:
        raise CredregError(f"{path} has no site_url", "set site_url to the registry's public https address")
    if not isinstance(site_url, str):  # an alias of a nested structure could expand to gigabytes in a message
        raise CredregError(f"{path}: site_url is not text", "set site_url to the registry's public https address")
    return SiteUrls.parse(site_url, f"{path} site_url")  # its messages never echo the value
