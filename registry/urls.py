"""The registry's URL layout and did:web identifiers, all derived from mkdocs.yml's `site_url`.

These URLs are signed into credentials: once published they never change.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import yaml

from .errors import CredregError


class _ConfigLoader(yaml.SafeLoader):
    """Safe loader for mkdocs.yml that tolerates (and ignores) the `!!python/name:` tags MkDocs configs use."""


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class SiteUrls:
    """Every public URL and DID of a registry served at `site_url`."""

    site_url: str  # always ends with "/"

    @classmethod
    def parse(cls, site_url: str, origin: str = "site_url") -> SiteUrls:
        """Validate an https site URL (http only for localhost) and normalise its trailing slash."""
        parts = urlsplit(site_url)
        local = parts.hostname in ("localhost", "127.0.0.1")
        if parts.scheme != "https" and not (parts.scheme == "http" and local):
            raise CredregError(f"{origin} {site_url!r} is not an https:// URL",
                               "set site_url in mkdocs.yml to the registry's public https address")
        if not parts.hostname or parts.query or parts.fragment:
            raise CredregError(f"{origin} {site_url!r} is not a plain site address",
                               "use a URL like https://badges.example.org/ (a path is fine, no query)")
        return cls(site_url if site_url.endswith("/") else site_url + "/")

    @property
    def _did_base(self) -> str:
        parts = urlsplit(self.site_url)
        host = quote(parts.netloc, safe="")  # a port's ':' is percent-encoded in did:web
        segments = [quote(s, safe="") for s in parts.path.strip("/").split("/") if s]
        return ":".join(["did:web", host, *segments])

    def issuer_did(self, issuer_id: str) -> str:
        """`did:web:<host>[:<path>…]:issuers:<issuer-id>`."""
        return f"{self._did_base}:issuers:{issuer_id}"

    def verification_method(self, issuer_id: str, key_id: str) -> str:
        """The DID URL of one issuer key."""
        return f"{self.issuer_did(issuer_id)}#{key_id}"

    def key_of(self, verification_method: str) -> tuple[str, str] | None:
        """(issuer id, key id) of one of this registry's verification methods, else None."""
        base = self.issuer_did("")
        issuer_id, sep, key_id = verification_method[len(base):].partition("#")
        if not verification_method.startswith(base) or not sep or not issuer_id or not key_id:
            return None
        return issuer_id, key_id

    def did_document(self, issuer_id: str) -> str:
        """Where the issuer's DID document is served (did:web resolution)."""
        return f"{self.site_url}issuers/{issuer_id}/did.json"

    def credential(self, credential_id: str) -> str:
        """The signed credential's URL, which is also its `id`."""
        return f"{self.site_url}credentials/{credential_id}.json"

    def evidence_page(self, credential_id: str) -> str:
        """The public evidence page of one award."""
        return f"{self.site_url}credentials/{credential_id}/"

    def status_list(self, issuer_id: str, number: str | int) -> str:
        """A signed BitstringStatusListCredential of an issuer."""
        return f"{self.site_url}status/{issuer_id}/{number}.json"

    def issuer_page(self, issuer_id: str) -> str:
        """The issuer's public profile page."""
        return f"{self.site_url}issuers/{issuer_id}/"

    def badge_page(self, issuer_id: str, badge_id: str) -> str:
        """The badge class page, also the OB 3.0 Achievement `id`."""
        return f"{self.site_url}badges/{issuer_id}/{badge_id}/"

    def ob2_assertion(self, credential_id: str) -> str:
        """The Open Badges 2.0 hosted Assertion of one award."""
        return f"{self.site_url}api/ob2/assertions/{credential_id}.json"

    def ob2_badge(self, issuer_id: str, badge_id: str) -> str:
        """The Open Badges 2.0 BadgeClass of a badge class."""
        return f"{self.site_url}api/ob2/badges/{issuer_id}/{badge_id}.json"

    def ob2_issuer(self, issuer_id: str) -> str:
        """The Open Badges 2.0 Issuer Profile."""
        return f"{self.site_url}api/ob2/issuers/{issuer_id}.json"

    def ob2_revocations(self, issuer_id: str) -> str:
        """The Open Badges 2.0 RevocationList of an issuer."""
        return f"{self.site_url}api/ob2/revocations/{issuer_id}.json"

    def credential_id_from_url(self, url: str) -> str | None:
        """The credential id of one of this registry's credential URLs, else None."""
        prefix = f"{self.site_url}credentials/"
        if url.startswith(prefix) and url.endswith(".json"):
            return url[len(prefix):-len(".json")]
        return None


def load_site_urls(root: Path) -> SiteUrls:
    """The SiteUrls of the registry at `root`, from its mkdocs.yml."""
    config = root / "mkdocs.yml"
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 (safe subclass)
    except FileNotFoundError:
        raise CredregError(f"{config} is missing", "a registry needs mkdocs.yml with its site_url") from None
    except yaml.YAMLError as exc:
        raise CredregError(f"{config} is not valid YAML: {exc}", "fix mkdocs.yml") from None
    site_url = data.get("site_url") if isinstance(data, dict) else None
    if not site_url:
        raise CredregError(f"{config} has no site_url", "set site_url to the registry's public https address")
    return SiteUrls.parse(str(site_url), f"{config.name} site_url")
