"""The registry's URL layout and did:web identifiers, all derived from mkdocs.yml's `site_url`.

These URLs are signed into credentials: once published they never change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from .errors import CredregError

_SEGMENT = re.compile(r"[a-z0-9][a-z0-9._-]{0,127}\Z")  # one path segment of a published file


@dataclass(frozen=True)
class SiteUrls:
    """Every public URL and DID of a registry served at `site_url`."""

    site_url: str  # always ends with "/"

    @classmethod
    def parse(cls, site_url: str, origin: str = "site_url") -> SiteUrls:
        """Validate an https site URL (http only for localhost) and normalise its trailing slash.

        Messages never echo the value: MkDocs' !ENV can take it from the environment, where CI keeps secrets.
        """
        parts = urlsplit(site_url)
        local = parts.hostname in ("localhost", "127.0.0.1")
        if parts.scheme != "https" and not (parts.scheme == "http" and local):
            raise CredregError(f"{origin} is not an https:// URL",
                               "set site_url in mkdocs.yml to the registry's public https address")
        if not parts.hostname or parts.query or parts.fragment:
            raise CredregError(f"{origin} is not a plain site address",
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

    def key_history(self, issuer_id: str) -> str:
        """Where the issuer's key history is served (each key's validFrom, validUntil, revokedAt, reason)."""
        return f"{self.site_url}issuers/{issuer_id}/keys.json"

    def credential(self, credential_id: str) -> str:
        """The signed credential's URL, which is also its `id`."""
        return f"{self.site_url}credentials/{credential_id}.json"

    def evidence_page(self, credential_id: str) -> str:
        """The public evidence page of one award."""
        return f"{self.site_url}credentials/{credential_id}/"

    def endorsement(self, endorsement_id: str) -> str:
        """A signed EndorsementCredential's URL, which is also its `id`."""
        return f"{self.site_url}endorsements/{endorsement_id}.json"

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

    def ob2_endorsement(self, endorsement_id: str) -> str:
        """The Open Badges 2.0 Endorsement derived from one of the registry's EndorsementCredentials."""
        return f"{self.site_url}api/ob2/endorsements/{endorsement_id}.json"

    def labels_page(self) -> str:
        """The page that says what the labels Accredited, Co-branded and In-house mean, with the registry's figures."""
        return f"{self.site_url}insights/labels/"

    def ob2_revocations(self, issuer_id: str) -> str:
        """The Open Badges 2.0 RevocationList of an issuer."""
        return f"{self.site_url}api/ob2/revocations/{issuer_id}.json"

    def api_index(self, name: str) -> str:
        """A machine-readable index under /api/ (issuers, badges, credentials, revocations)."""
        return f"{self.site_url}api/{name}.json"

    def baked(self, credential_id: str, ext: str) -> str:
        """The award's baked badge, `png` or `svg`: the badge image carrying the signed credential."""
        return f"{self.site_url}credentials/{credential_id}.{ext}"

    def awards_csv(self, issuer_id: str, badge_id: str) -> str:
        """The CSV of a badge class's public awards (no personal data), beside its page."""
        return f"{self.badge_page(issuer_id, badge_id)}awards.csv"

    def registry_dump(self) -> str:
        """The whole registry as JSON Lines, for bulk consumers."""
        return f"{self.site_url}api/registry.jsonl"

    def my_credentials(self) -> str:
        """The page where someone finds their credentials by their email, hashed in the browser."""
        return f"{self.site_url}my-credentials/"

    def oembed(self, credential_id: str) -> str:
        """The oEmbed document of one award's evidence page (found from the page's discovery link)."""
        return f"{self.site_url}api/oembed/{credential_id}.json"

    def issuer_image(self, issuer_id: str, image: str) -> str:
        """An issuer's logo, served beside its page."""
        return f"{self.issuer_page(issuer_id)}{image}"

    def badge_image(self, issuer_id: str, badge_id: str, image: str) -> str:
        """A badge class's image, served beside its page (the OB 3.0 Achievement's image)."""
        return f"{self.badge_page(issuer_id, badge_id)}{image}"

    def rubric_part(self, issuer_id: str, badge_id: str, version: int, part: str) -> str:
        """The id of one part of a rubric version (`<criterion>`, `<criterion>-<level>` or `total`): a
        fragment of the badge page, where that version is shown."""
        return f"{self.badge_page(issuer_id, badge_id)}#rubric-v{version}-{part}"

    def site_path(self, url: str) -> str:
        """The file inside the built site that serves `url` (a page's URL ends with "/": its index.html).

        Hosted documents, images, evidence pages and issuer and badge pages take their paths from here, so
        a signed URL and its file cannot drift apart; each segment must be a plain name, so no path can
        leave the site folder.
        """
        relative = url[len(self.site_url):] if url.startswith(self.site_url) else None
        segments = relative.split("/") if relative else []
        if relative is None or any(not _SEGMENT.fullmatch(s) for s in segments[:-1]) or (
                segments and segments[-1] and not _SEGMENT.fullmatch(segments[-1])):
            raise CredregError(f"{url!r} is not a file of this site", "this is a bug in credreg; please report it")
        return relative + "index.html" if not relative or relative.endswith("/") else relative

    def endorsement_id_from_url(self, url: str) -> str | None:
        """The endorsement id of one of this registry's endorsement URLs, else None."""
        prefix = f"{self.site_url}endorsements/"
        if url.startswith(prefix) and url.endswith(".json"):
            return url[len(prefix):-len(".json")]
        return None

    def credential_id_from_url(self, url: str) -> str | None:
        """The credential id of one of this registry's credential URLs, else None."""
        prefix = f"{self.site_url}credentials/"
        if url.startswith(prefix) and url.endswith(".json"):
            return url[len(prefix):-len(".json")]
        return None
