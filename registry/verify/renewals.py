"""The check of renewal links: an award that says it renews another must renew one of this registry's
earlier awards of the same badge class, to the same person, unrevoked when renewed, and no award is renewed twice.

Anyone can sign an evidence entry of genre "Renewed credential"; what makes it true is that the award it
links is really the holder's earlier award. Within one issuer the same person has the same identityHash
(see ob3/recipient.py), so the check can see it without the email. Runs on the verified model, every time.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..currency import renewals
from ..dates import iso
from ..errors import Problem
from ..load.signed import SignedFile
from ..model import Award, Registry
from ..ob3.document import RENEWAL_GENRE
from ..urls import SiteUrls
from .links import at_entry, link_difference, linked_entries

_REWARD = "a signed award cannot be edited: revoke it (credreg revoke) and renew with `credreg renew`"


class _Found:
    """Problems located in award files: the line of the evidence entry where there is one."""

    def __init__(self, files: Iterable[SignedFile]) -> None:
        self.files = {f.source: f for f in files}
        self.problems: list[Problem] = []

    def problem_at(self, award: Award, index: int | None, code: str, message: str, hint: str) -> None:
        self.problems.append(at_entry(award, self.files.get(award.source), index, code, message, hint))


def renewal_problems(registry: Registry, files: Iterable[SignedFile], urls: SiteUrls) -> list[Problem]:
    """Every problem with the renewal links of the registry's verified awards (`files`: the award files as
    loaded, for line numbers)."""
    found = _Found(files)
    for award in registry.awards.values():
        signed = found.files.get(award.source)
        entries = list(linked_entries(signed.data, RENEWAL_GENRE)) if signed is not None else []
        for number, (index, url) in enumerate(entries):
            if number:
                found.problem_at(award, index, "renewal-duplicate",
                                 f"it links {len(entries)} renewed credentials; a renewal renews one award", _REWARD)
                continue
            _check_link(registry, award, index, url, urls, found)
    for renewed, group in renewals(registry).items():
        standing = [a for a in group if a.id not in registry.revocations]
        for later in standing[1:]:
            signed = found.files.get(later.source)
            first = next(iter(linked_entries(signed.data, RENEWAL_GENRE)), None) if signed is not None else None
            found.problem_at(later, first[0] if first else None, "renewal-duplicate",
                             f"credential {renewed} is already renewed by {standing[0].id} (awarded "
                             f"{iso(standing[0].awarded)}); an award is renewed once",
                             f"revoke this award (credreg revoke {later.id}), or renew {standing[0].id} instead")
    return found.problems


def _check_link(registry: Registry, award: Award, index: int, url: str, urls: SiteUrls, found: _Found) -> None:
    """One renewal link: a credential of this registry, of the same class, earlier, to the same recipient."""
    def problem(code: str, message: str, hint: str) -> None:
        found.problem_at(award, index, code, message, hint)

    renewed_id = urls.credential_id_from_url(url)
    if renewed_id is None:
        problem("renewal-unknown", f"the renewal link {url!r} is not a credential of this registry",
                f"a renewal links the earlier award by its URL, {urls.credential('<id>')}; {_REWARD}")
        return
    old = registry.awards.get(renewed_id)
    if old is None:
        problem("renewal-unknown", f"it renews credential {renewed_id!r}, which is not in this registry",
                f"the renewed award must be filed under credentials/; {_REWARD}")
        return
    if old.id == award.id:
        problem("renewal-mismatch", "it says it renews itself", _REWARD)
        return
    differs = link_difference(registry, found.files.get(award.source), index, RENEWAL_GENRE, old)
    if differs:
        problem("award-content", f"its renewal entry for {old.id} misdescribes it: {differs}",
                f"`credreg renew` writes the entry from the renewed award; {_REWARD}")
    if old.badge_key != award.badge_key:
        problem("renewal-mismatch", f"it renews credential {old.id}, an award of {old.badge_key}, not of "
                f"{award.badge_key}", f"a renewal re-awards the same badge class of the same issuer; {_REWARD}")
    if old.awarded >= award.awarded:
        problem("renewal-mismatch", f"it renews credential {old.id}, awarded {iso(old.awarded)}, which is not "
                f"before this award ({iso(award.awarded)})", f"a renewal comes after the award it renews; {_REWARD}")
    revocation = registry.revocations.get(old.id)
    if revocation is not None and revocation.revoked_at <= award.awarded:
        problem("renewal-mismatch", f"it renews credential {old.id}, which was revoked on "
                f"{iso(revocation.revoked_at)}, before this award", f"a revoked award is not renewed: award the badge "
                f"class afresh (credreg award); {_REWARD}")
    if old.recipient.identity_hash != award.recipient.identity_hash:
        problem("renewal-mismatch", f"it renews credential {old.id}, which was awarded to someone else (another "
                "recipient identityHash)", f"a renewal goes to the holder of the renewed award; {_REWARD}")
