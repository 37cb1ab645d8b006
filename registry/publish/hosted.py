"""Hosted JSON: signed credentials byte for byte, DID documents, status lists, /api/ indexes, OB 2.0 documents."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from ..did import did_document
from ..model import Registry
from ..urls import SiteUrls
from . import ob2

API_VERSION = 1


def _write(site_dir: Path, rel: str, document: Any) -> None:
    path = site_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8")


def write_hosted(registry: Registry, urls: SiteUrls, root: Path, site_dir: Path) -> int:
    """Write every hosted JSON document under `site_dir`; returns how many files were written."""
    count = 0
    for award in registry.awards.values():
        target = site_dir / "credentials" / f"{award.id}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / award.source, target)  # the signed bytes, unchanged
        _write(site_dir, f"api/ob2/assertions/{award.id}.json", ob2.assertion(award, registry, urls))
        count += 2
    for status in registry.status_lists:
        target = site_dir / "status" / status.issuer_id / f"{status.number}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / status.source, target)
        count += 1
    for issuer in registry.issuers.values():
        _write(site_dir, f"issuers/{issuer.id}/did.json", did_document(issuer, urls))
        _write(site_dir, f"api/ob2/issuers/{issuer.id}.json", ob2.profile(issuer, urls))
        _write(site_dir, f"api/ob2/revocations/{issuer.id}.json", ob2.revocation_list(issuer, registry, urls))
        count += 3
    for badge in registry.badges.values():
        _write(site_dir, f"api/ob2/badges/{badge.issuer_id}/{badge.id}.json", ob2.badge_class(badge, urls))
        count += 1
    for name, document in api_indexes(registry, urls).items():
        _write(site_dir, f"api/{name}.json", document)
        count += 1
    return count


def api_indexes(registry: Registry, urls: SiteUrls) -> dict[str, Any]:
    """The machine-readable indexes documented in the README (`version` changes only with their shape)."""
    issuers = [{"id": i.id, "name": i.name, "kind": i.kind, "did": urls.issuer_did(i.id),
                "didDocument": urls.did_document(i.id), "page": urls.issuer_page(i.id),
                "ob2Profile": urls.ob2_issuer(i.id), "statusLists": [urls.status_list(i.id, s.number)
                                                                      for s in registry.status_lists if s.issuer_id == i.id],
                "demo": i.demo} for i in registry.issuers.values()]
    badges = [{"id": b.key, "issuer": b.issuer_id, "name": b.name, "level": b.level,
               "achievementType": b.achievement_type, "page": urls.badge_page(b.issuer_id, b.id),
               "skills": [s.name for s in b.skills], "tags": list(b.tags), "buildsOn": list(b.builds_on),
               "ob2BadgeClass": urls.ob2_badge(b.issuer_id, b.id)} for b in registry.badges.values()]
    credentials = [{"id": a.id, "issuer": a.issuer_id, "badge": a.badge_key, "url": urls.credential(a.id),
                    "page": urls.evidence_page(a.id), "ob2Assertion": urls.ob2_assertion(a.id),
                    "revoked": a.id in registry.revocations} for a in registry.awards.values()]
    revocations = [{"credential": r.credential_id, "issuer": r.issuer_id, "url": urls.credential(r.credential_id),
                    "revokedAt": r.revoked_at.isoformat().replace("+00:00", "Z"), "reason": r.reason}
                   for r in registry.revocations.values()]
    return {name: {"version": API_VERSION, name: items} for name, items in
            (("issuers", issuers), ("badges", badges), ("credentials", credentials), ("revocations", revocations))}
