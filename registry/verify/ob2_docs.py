"""Open Badges 2.0 linked documents: fetch the BadgeClass and issuer Profile an Assertion names, and check each.

A 2.0 Assertion is trusted only through documents hosted at their own https `id`: the issuer Profile is
always fetched from its id (an embedded copy could declare any verification policy), and every fetched
document must say it is the document at the URL it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..errors import CredregError, FetchError
from ..ob3.fields import shown, types_of
from .fetch import Fetcher

OB2_CONTEXTS = frozenset({"https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json"})
MAX_LIST = 64  # allowedOrigins, startsWith, publicKey: far beyond any real issuer's


@dataclass(frozen=True)
class Linked:
    """The BadgeClass and issuer Profile of an Assertion, as fetched; `badge_hosted` is False for an embedded one."""

    badge: dict[str, Any]
    issuer: dict[str, Any]
    badge_hosted: bool

    @property
    def issuer_id(self) -> str:
        """The issuer Profile's id (the URL it was fetched from)."""
        return str(self.issuer.get("id"))


def values(value: Any) -> list[Any]:
    """A property that may hold one value or an array, as a list (at most MAX_LIST items)."""
    items = value if isinstance(value, list) else [] if value is None else [value]
    if len(items) > MAX_LIST:
        raise CredregError(f"a list of {len(items):,} values; at most {MAX_LIST} are read")
    return items


def ref_id(value: Any) -> str | None:
    """The IRI a property names, whether it is the IRI itself or an object with an `id`."""
    if isinstance(value, dict):
        value = value.get("id")
    return value if isinstance(value, str) else None


def https_url(value: Any) -> str | None:
    """`value` if it is an https URL with a host and no user info, else None."""
    if not isinstance(value, str) or len(value) > 2048:
        return None
    try:
        parts = urlsplit(value)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        return None
    if parts.scheme != "https" or not parts.hostname or "@" in parts.netloc or not port_ok:
        return None
    return value


def fetch_own(fetcher: Fetcher, url: str, kind: str, accepted: tuple[str, ...]) -> dict[str, Any]:
    """The document at `url`, which must be a JSON object of one of the `accepted` types whose id is `url`.

    FetchError when it cannot be obtained (the assertion cannot be verified), CredregError when it is wrong."""
    try:
        document = fetcher.get(url)
    except FetchError as exc:
        raise FetchError(f"the {kind} cannot be fetched: {exc.message}", exc.hint) from None
    if not isinstance(document, dict):
        raise CredregError(f"the {kind} at {url} is not a JSON object")
    if not set(types_of(document.get("type"))) & set(accepted):
        raise CredregError(f"the document at {url} has type {shown(document.get('type'))}, not {' or '.join(accepted)}")
    if document.get("id") != url:
        raise CredregError(f"the {kind} fetched from {url} says its id is {shown(document.get('id'))}: a document must "
                       "be hosted at its own id")
    return document


def linked_documents(assertion: dict[str, Any], fetcher: Fetcher) -> Linked:
    """The BadgeClass (fetched from its https id, or embedded) and the issuer Profile (always fetched)."""
    badge_ref = assertion.get("badge")
    badge_url = https_url(ref_id(badge_ref))
    if badge_url is not None:
        badge = fetch_own(fetcher, badge_url, "BadgeClass", ("BadgeClass",))
    elif isinstance(badge_ref, dict) and "BadgeClass" in types_of(badge_ref.get("type")):
        badge = badge_ref
    else:
        raise CredregError(f"badge {shown(badge_ref)} is neither an https URL nor an embedded BadgeClass")
    issuer_url = https_url(ref_id(badge.get("issuer")))
    if issuer_url is None:
        raise CredregError(f"the BadgeClass's issuer {shown(badge.get('issuer'))} is not an https URL: an issuer Profile "
                       "is verified only from its hosted copy")
    issuer = fetch_own(fetcher, issuer_url, "issuer Profile", ("Issuer", "Profile"))
    claimed = assertion.get("issuer")
    if claimed is not None and ref_id(claimed) != issuer_url:
        raise CredregError(f"the Assertion names issuer {shown(ref_id(claimed))}, but its BadgeClass's issuer is "
                       f"{issuer_url}")
    return Linked(badge, issuer, badge_url is not None)


def _authority(url: str) -> tuple[str, str]:
    """(host, host:port) of an https URL, lower-cased; the port only when it is given."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host, host + (f":{parts.port}" if parts.port else "")


def hosted_scope_problem(assertion_id: str, issuer: dict[str, Any]) -> str | None:
    """Why `assertion_id` is outside the issuer's hosted verification policy (OB 2.0 VerificationObject), or None.

    `startsWith`: the id must start with one of them. `allowedOrigins` (host names; default: the issuer id's
    host): the id's host must be one. `verificationProperty` other than `id` is not supported by the spec.
    """
    policy = issuer.get("verification")
    policy = policy if isinstance(policy, dict) else {}
    prop = policy.get("verificationProperty", "id")
    if prop not in ("id", "@id"):
        return f"the issuer's verificationProperty {shown(prop)} is not `id`, the only one Open Badges 2.0 supports"
    starts = [s for s in values(policy.get("startsWith")) if isinstance(s, str) and s]
    if policy.get("startsWith") is not None and not starts:
        return f"the issuer's startsWith {shown(policy.get('startsWith'))} holds no URL prefix"
    if starts and not any(assertion_id.startswith(s) for s in starts):
        return f"the Assertion id {assertion_id} does not start with any of the issuer's startsWith {shown(starts)}"
    host, netloc = _authority(assertion_id)
    declared = policy.get("allowedOrigins")
    if declared is None:
        _, issuer_netloc = _authority(str(issuer.get("id")))
        if netloc != issuer_netloc:
            return (f"the Assertion is hosted on {netloc}, but its issuer's Profile is on {issuer_netloc} and declares "
                    "no allowedOrigins")
        return None
    allowed = [o.lower() for o in values(declared) if isinstance(o, str)]
    if host not in allowed and netloc not in allowed:
        return f"the Assertion is hosted on {netloc}, which is not in the issuer's allowedOrigins {shown(allowed)}"
    return None
