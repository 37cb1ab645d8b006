"""The issuer step: is the issuer's DID bound to a known registry, and does an unbound issuer borrow a known name.

A valid signature proves the file is intact and that the key's controller signed it; it does not say who
that controller is. A `did:key`, `did:jwk` or `urn:uuid` issuer, an https issuer, or a `did:web` outside
this registry names itself. Only a registry the verifier trusts binds a DID to an organisation: this
registry's own issuers (from the checkout, or a credreg site's `/api/issuers.json`) and trust lists in the
DCC issuer-registry format (`{"meta": {"created", "updated"}, "registry": {"<did>": {"name", "location",
"url"}}}`, given with `credreg verify --trust FILE|URL`). An unbound issuer is WARN with
Verdict.ISSUER_NOT_VERIFIED, and its name is compared with every known issuer's (validate/lookalikes's
`name_key`) so a self-made "Sprintwise" is called an imitation.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..load.json_source import read_bounded, read_json
from ..ob3.fields import issuer_id_of, shown
from ..validate.lookalikes import MIN_CONTAINED, name_key
from .fetch import Fetcher, FetchError
from .steps import Outcome, Step, Verdict

MAX_TRUST_ENTRIES = 100_000  # a trust list is one bounded JSON document; this bounds the work on it too
MAX_NAME_CHARS = 500
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class KnownIssuer:
    """One DID a trusted registry vouches for, with the name it knows it by and which registry said so."""

    did: str
    name: str
    source: str  # "this registry (…)" or the trust list's file or URL


@dataclass(frozen=True)
class KnownIssuers:
    """Every DID the verifier trusts, the first registry naming a DID winning (most authoritative first)."""

    by_did: Mapping[str, KnownIssuer]
    # The registry serving the verifier whose issuer index could not be read, and why (the /verify/ page's case,
    # see verify-identity.js): its own `did:web:<host>:issuers:<slug>` DIDs stay bound, since it serves them.
    unread_site: str = ""
    unread_why: str = ""

    @classmethod
    def of(cls, issuers: Iterable[KnownIssuer], unread_site: str = "", unread_why: str = "") -> KnownIssuers:
        by_did: dict[str, KnownIssuer] = {}
        for issuer in issuers:
            by_did.setdefault(issuer.did, issuer)
        return cls(by_did, unread_site, unread_why)

    def served_by_site(self, did: str) -> bool:
        """True for a DID of the registry serving the verifier (did:web:<host>[:<path>]:issuers:<slug>)."""
        if not self.unread_site:
            return False
        parts = urlsplit(self.unread_site)
        prefix = ":".join(["did:web", quote(parts.netloc, safe=""),
                           *(quote(s, safe="") for s in parts.path.split("/") if s), "issuers", ""])
        return did.startswith(prefix) and SLUG.fullmatch(did[len(prefix):]) is not None

    def imitated(self, name: str) -> KnownIssuer | None:
        """The known issuer whose name `name` reads as (equal name keys), or contains; None if none."""
        key = name_key(name[:MAX_NAME_CHARS])
        if not key:
            return None
        contained = None
        for issuer in self.by_did.values():
            known = name_key(issuer.name[:MAX_NAME_CHARS])
            if known == key:
                return issuer
            if contained is None and len(known) >= MIN_CONTAINED and known in key:
                contained = issuer
        return contained


NO_KNOWN_ISSUERS = KnownIssuers({})


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def parse_trust_list(document: Any, source: str) -> list[KnownIssuer]:
    """The entries of a DCC issuer-registry document or a credreg site's `/api/issuers.json`; InputError if neither."""
    table = document.get("registry", document.get("entries")) if isinstance(document, dict) else None
    if isinstance(document, dict) and isinstance(document.get("issuers"), list) and "version" in document:
        # each issuer by its DID and, where the index gives one, its Open Badges 2.0 Profile (as the checkout binds)
        issuers = [i for i in document["issuers"] if isinstance(i, dict)]
        entries = [(_text(i.get("did")), _text(i.get("name"))) for i in issuers]
        entries += [(_text(i["ob2Profile"]), _text(i.get("name"))) for i in issuers if _text(i.get("ob2Profile"))]
        label = f"the registry index {source}"
    elif isinstance(document, dict) and isinstance(document.get("meta"), dict) and isinstance(table, dict):
        entries = [(did, _text(entry.get("name")) if isinstance(entry, dict) else "") for did, entry in table.items()]
        label = f"the trust list {source}"
    else:
        raise InputError(f"{source} is not a trust list: expected the DCC issuer-registry format "
                         '{"meta": {"created", "updated"}, "registry": {"<did>": {"name", "location", "url"}}}',
                         "or a credreg site's /api/issuers.json")
    if len(entries) > MAX_TRUST_ENTRIES:
        raise InputError(f"{source} lists {len(entries):,} issuers, more than {MAX_TRUST_ENTRIES:,}",
                         "split the trust list")
    bad = next((did for did, _ in entries if not did.startswith(("did:", "https://", "urn:"))), None)
    if bad is not None:
        raise InputError(f"{source}: {shown(bad)} is not a DID or https id", "each entry is keyed by its issuer's DID")
    return [KnownIssuer(did, name, label) for did, name in entries]


def load_trust(spec: str, fetcher: Fetcher) -> list[KnownIssuer]:
    """A trust list from a file or an https URL (bounded like every document); InputError naming it if unusable."""
    if spec.startswith(("https://", "http://")):
        try:
            document = fetcher.get(spec)
        except FetchError as exc:
            raise InputError(f"--trust {spec}: {exc.message}", exc.hint) from None
    else:
        path = Path(spec)
        if not path.is_file():
            raise InputError(f"--trust {spec}: no such file", "give a trust list file or an https URL")
        try:
            document = read_json(read_bounded(path), spec)
        except InputError as exc:
            raise InputError(f"--trust {exc.message}", exc.hint) from None
    return parse_trust_list(document, spec)


def issuer_step(credential: dict[str, Any], known: KnownIssuers) -> Step:
    """PASS for an issuer a trusted registry binds; else WARN ISSUER_NOT_VERIFIED, naming an imitated issuer."""
    did = issuer_id_of(credential)
    if not did:
        return Step("issuer", Outcome.FAIL, "the credential names no issuer id")
    issuer = credential.get("issuer")
    claimed = _text(issuer.get("name")) if isinstance(issuer, dict) else ""
    entry = known.by_did.get(did)
    if entry is not None:
        detail = f"{did} is {shown(entry.name)} in {entry.source}"
        if claimed and name_key(claimed[:MAX_NAME_CHARS]) != name_key(entry.name[:MAX_NAME_CHARS]):
            return Step("issuer", Outcome.WARN, f"{detail}, but the credential calls it {shown(claimed)}")
        return Step("issuer", Outcome.PASS, detail)
    if known.served_by_site(did):
        return Step("issuer", Outcome.PASS, f"{did} is an issuer of this registry ({known.unread_site}); "
                    f"{known.unread_why}")
    detail = (f"{did} is not bound to this registry or any trust list given: the signature shows only that "
              "whoever controls this DID issued it, not who that is")
    if not known.by_did:
        detail = f"{did} is not bound to any registry (none was given: --trust FILE|URL adds one): the signature " \
                 "shows only that whoever controls this DID issued it, not who that is"
    imitated = known.imitated(claimed) if claimed else None
    if imitated is not None:
        detail += (f"; it calls itself {shown(claimed)}, imitating {shown(imitated.name)} ({imitated.did}) of "
                   f"{imitated.source}")
    return Step("issuer", Outcome.WARN, detail, Verdict.ISSUER_NOT_VERIFIED)
