"""Hosted JSON: signed credentials byte for byte, DID documents and key histories, status lists, /api/ indexes, OB 2.0 documents."""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..did import did_document, key_history
from ..load.signed import signed_bytes
from ..model import Issuer, Registry
from ..urls import SiteUrls
from ..validate.lookalikes import name_key
from . import ob2
from .endorsements import api_entry, badge_label, holding_now
from .parallel import for_each_award

API_VERSION = 1


def publish_file(site_dir: Path, urls: SiteUrls, url: str, content: bytes) -> None:
    """Write the file that serves `url`: its path in the site comes from the URL, never from elsewhere."""
    path = site_dir / urls.site_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def json_bytes(document: Any) -> bytes:
    """A hosted JSON document as published: indented, UTF-8, with a final newline."""
    return (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")


def award_documents_writer(registry: Registry, urls: SiteUrls, site_dir: Path) -> Callable[[str], int]:
    """A function writing one award's hosted documents: the signed credential, unchanged, at the URL it is signed
    with, and its Open Badges 2.0 assertion (2 files)."""
    def write(award_id: str) -> int:
        award = registry.awards[award_id]
        publish_file(site_dir, urls, award.url, signed_bytes(registry, award))
        publish_file(site_dir, urls, urls.ob2_assertion(award.id), json_bytes(ob2.assertion(award, registry, urls)))
        return 2
    return write


def write_hosted(registry: Registry, urls: SiteUrls, site_dir: Path, now: datetime | None = None,
                 awards: bool = True) -> int:
    """Write every hosted JSON document under `site_dir`; returns how many files were written. What depends on
    the build moment `now` (labels, endorsement states, the endorsements a BadgeClass lists) is left out without it.
    `awards=False` leaves out the awards' own documents, for a caller writing them with award_documents_writer."""
    files: list[tuple[str, bytes]] = []
    count = for_each_award(list(registry.awards), award_documents_writer(registry, urls, site_dir)) if awards else 0
    for item in registry.endorsements.values():
        files.append((urls.endorsement(item.id), item.signed))  # as signed, at its id
        if item.of_badge and item.id not in registry.revocations:  # a withdrawn one has no 2.0 reading (ob2.py)
            files.append((urls.ob2_endorsement(item.id), json_bytes(ob2.endorsement(item, urls))))
    for status in registry.status_lists:
        files.append((status.url, status.signed))
    for issuer in registry.issuers.values():
        files.append((urls.did_document(issuer.id), json_bytes(did_document(issuer, urls))))
        files.append((urls.key_history(issuer.id), json_bytes(key_history(issuer, urls))))
        files.append((urls.ob2_issuer(issuer.id), json_bytes(ob2.profile(issuer, urls))))
        files.append((urls.ob2_revocations(issuer.id), json_bytes(ob2.revocation_list(issuer, registry, urls))))
    for badge in registry.badges.values():
        holding = holding_now(registry, badge, now) if now is not None else ()
        files.append((urls.ob2_badge(badge.issuer_id, badge.id), json_bytes(ob2.badge_class(badge, urls, holding))))
    for name, document in api_indexes(registry, urls, now).items():
        files.append((urls.api_index(name), json_bytes(document)))
    files.append((urls.api_index("issuer-registry"), json_bytes(issuer_registry(registry, urls))))
    for url, content in files:
        publish_file(site_dir, urls, url, content)
    return count + len(files)


def api_indexes(registry: Registry, urls: SiteUrls, now: datetime | None = None) -> dict[str, Any]:
    """The machine-readable indexes documented in the README (`version` changes only with their shape); a
    badge's `label` and an endorsement's `state` are as of the build moment `now`, left out without it."""
    issuers = [{"id": i.id, "name": i.name, "kind": i.kind, "did": urls.issuer_did(i.id),
                "didDocument": urls.did_document(i.id), "page": urls.issuer_page(i.id),
                "ob2Profile": urls.ob2_issuer(i.id), "statusLists": [s.url
                                                                      for s in registry.status_lists if s.issuer_id == i.id],
                "demo": i.demo, "nameKey": name_key(i.name)} for i in registry.issuers.values()]
    badges = [{"id": b.key, "issuer": b.issuer_id, "name": b.name, "level": b.level,
               "achievementType": b.achievement_type, "page": urls.badge_page(b.issuer_id, b.id),
               "skills": [s.name for s in b.skills], "tags": list(b.tags), "buildsOn": list(b.builds_on),
               "ob2BadgeClass": urls.ob2_badge(b.issuer_id, b.id),
               **({"label": badge_label(registry, b, now).value} if now is not None else {}),
               "endorsements": [e.url for e in registry.endorsements_of(b.key)]} for b in registry.badges.values()]
    credentials = [{"id": a.id, "issuer": a.issuer_id, "badge": a.badge_key, "url": urls.credential(a.id),
                    "page": urls.evidence_page(a.id), "ob2Assertion": urls.ob2_assertion(a.id),
                    "revoked": a.id in registry.revocations} for a in registry.awards.values()]
    revocations = [{"credential": r.credential_id, "issuer": r.issuer_id,
                    "kind": "endorsement" if r.credential_id in registry.endorsements else "award",
                    "url": urls.endorsement(r.credential_id) if r.credential_id in registry.endorsements
                    else urls.credential(r.credential_id),
                    "revokedAt": r.revoked_at.isoformat().replace("+00:00", "Z"), "reason": r.reason}
                   for r in registry.revocations.values()]
    endorsements = [api_entry(e, registry, urls, now)
                    for e in sorted(registry.endorsements.values(), key=lambda e: (e.valid_from, e.id))]
    return {name: {"version": API_VERSION, name: items} for name, items in
            (("issuers", issuers), ("badges", badges), ("credentials", credentials), ("revocations", revocations),
             ("endorsements", endorsements))}


def _stamp(moment: Any) -> str:
    return str(moment.isoformat().replace("+00:00", "Z"))


def trust_entry(issuer: Issuer) -> dict[str, str]:
    """One issuer as the DCC registries list it: name, location, url; with no location the key is left out, as
    their entries without one do (never an empty or made-up place)."""
    entry = {"name": issuer.name}
    if issuer.location:
        entry["location"] = issuer.location
    entry["url"] = issuer.url
    return entry


def issuer_registry(registry: Registry, urls: SiteUrls) -> dict[str, Any]:
    """The registry's issuers in the DCC issuer-registry format, for wallets and verifiers that read it (and
    `credreg verify --trust`). Its dates come from the files, never the clock: created is the first key's
    validFrom, updated the latest key event."""
    events = [moment for i in registry.issuers.values() for k in i.keys
              for moment in (k.valid_from, k.valid_until, k.revoked_at) if moment is not None]
    entries = {urls.issuer_did(i.id): trust_entry(i) for i in registry.issuers.values()}
    meta = {"created": _stamp(min(events)), "updated": _stamp(max(events))} if events else {}
    return {"meta": meta, "registry": entries}
