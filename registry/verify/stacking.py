"""The check of stacked awards: each records components of this registry that met its requirement when it was
made (requirements.py's rule, the one `credreg award` applies), to the same person within one issuer; and
the issuer's `kept` decisions in revocations.yaml about components revoked after the award.

Anyone holding an issuer key can sign a stacked award with any evidence; what makes it true is that the
linked awards are real, of the named classes, earlier, valid then, and the holder's. Within one issuer the
holder's awards share an identityHash (ob3/recipient.py); across issuers hashes are salted apart, so only the
award-time check with the email proves the link. Runs on the verified model, every time.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ..dates import iso
from ..errors import Problem, Severity
from ..load.signed import SignedFile
from ..load.source import SourceDocument
from ..model import Award, BadgeClass, Registry, Revocation
from ..ob3.document import COMPONENT_GENRE
from ..ob3.fields import aware_time
from ..urls import SiteUrls
from .links import at_entry, link_difference, linked_entries, lookalike_genres
from .requirements import describe, evaluate, why_not

_REWARD = "a signed award cannot be edited: revoke it (credreg revoke) and award it again once the holder qualifies"


class _Stacked:
    """One stacked award's check; problems located at the evidence entry's line where there is one."""

    def __init__(self, registry: Registry, award: Award, badge: BadgeClass, signed: SignedFile | None,
                 urls: SiteUrls, problems: list[Problem]) -> None:
        self.registry, self.award, self.badge, self.signed = registry, award, badge, signed
        self.urls, self.problems = urls, problems

    def problem(self, index: int | None, code: str, message: str, hint: str,
                severity: Severity = Severity.ERROR) -> None:
        self.problems.append(at_entry(self.award, self.signed, index, code, message, hint, severity))

    def run(self) -> None:
        entries = list(linked_entries(self.signed.data, COMPONENT_GENRE)) if self.signed is not None else []
        counting: list[Award] = []
        where: dict[str, int] = {}
        for index, url in entries:
            component = self._component(index, url, where)
            if component is not None:
                counting.append(component)
                where[component.id] = index
        evaluation = evaluate(self.badge, counting, self.award.awarded, self.registry.revocations)
        if not evaluation.met:
            text = "; ".join(describe(s, self.registry.badges) for s in evaluation.shortfalls)
            self.problem(entries[0][0] if entries else None, "components-missing",
                         (f"its components do not meet the requirement of {self.badge.key} when it was made on "
                          f"{iso(self.award.awarded)}: {text}") if entries else
                         (f"it records no component credential (an evidence entry of genre {COMPONENT_GENRE!r}), "
                          f"and {self.badge.key} is stacked: {text}"),
                         f"`credreg award` records the components that count as evidence; {_REWARD}")
        self._revoked_later(where)

    def _component(self, index: int, url: str, seen: dict[str, int]) -> Award | None:
        """The linked award when it may count (of this registry, the holder's, not linked twice), after reporting
        what is wrong with it."""
        cid = self.urls.credential_id_from_url(url)
        if cid is None:
            self.problem(index, "component-unknown", f"the component link {url!r} is not a credential of this registry",
                         f"a component is linked by its URL, {self.urls.credential('<id>')}; {_REWARD}")
            return None
        component = self.registry.awards.get(cid)
        if component is None:
            self.problem(index, "component-unknown", f"it links component credential {cid!r}, which is not in this "
                         "registry", f"the component must be filed under credentials/; {_REWARD}")
            return None
        if cid in seen:
            self.problem(index, "component-duplicate", f"it links component credential {cid} twice",
                         f"each component is linked once; {_REWARD}")
            return None
        differs = link_difference(self.registry, self.signed, index, COMPONENT_GENRE, component)
        if differs:
            self.problem(index, "award-content", f"its component entry for {cid} misdescribes it: {differs}",
                         f"`credreg award` writes each component's entry from the component award; {_REWARD}")
        named = [c for group in self.badge.requires for c in group.components if c.badge == component.badge_key]
        if not named:
            self.problem(index, "component-class", f"its component {cid} is an award of {component.badge_key}, "
                         f"which the requirement of {self.badge.key} does not name",
                         f"components are awards of the classes badge.yaml `requires` names; {_REWARD}")
        else:
            reasons = [why_not(component, c, self.award.awarded, self.registry.revocations) for c in named]
            if all(reasons):
                self.problem(index, "component-invalid", f"its component {cid} ({component.badge_key}) {reasons[0]}, "
                             f"so it did not count when this award was made on {iso(self.award.awarded)}",
                             f"a component must be earlier, unexpired, unrevoked and reach the minimum results; "
                             f"{_REWARD}")
        if (component.issuer_id == self.award.issuer_id
                and component.recipient.identity_hash != self.award.recipient.identity_hash):
            self.problem(index, "component-recipient", f"its component {cid} was awarded to someone else (another "
                         "recipient identityHash)", f"components are the holder's own awards; {_REWARD}")
            return None
        return component

    def _revoked_later(self, where: Mapping[str, int]) -> None:
        """Warn of components revoked after the award, unless the award is revoked or its issuer kept it since:
        a decision covers the revocations made before it, never those still to come."""
        if self.award.id in self.registry.revocations:
            return
        decided = self.registry.kept.get(self.award.id)
        for revocation in undecided(self.registry, self.award, decided.decided_at if decided else None):
            component = self.registry.awards.get(revocation.credential_id)
            key = component.badge_key if component else revocation.credential_id
            since = f" and after its issuer's decision of {iso(decided.decided_at)}" if decided else ""
            self.problem(where.get(revocation.credential_id), "component-revoked",
                         f"its component {revocation.credential_id} ({key}) was revoked on "
                         f"{iso(revocation.revoked_at)}, after this award{since}; its issuer has not decided "
                         "whether this award stands",
                         f"revoke it (credreg revoke {self.award.id}) or record that it stands (credreg keep "
                         f"{self.award.id} --reason TEXT); `check --strict` fails until then", Severity.WARNING)


def undecided(registry: Registry, award: Award, decided: datetime | None) -> tuple[Revocation, ...]:
    """Revocations of `award`'s components made after it and after the issuer's last decision (`decided`) on it."""
    return tuple(r for r in registry.revoked_components(award) if decided is None or r.revoked_at > decided)


def stacking_problems(registry: Registry, files: Iterable[SignedFile], urls: SiteUrls,
                      revocation_docs: Mapping[str, SourceDocument]) -> list[Problem]:
    """Every problem with the registry's stacked awards and its `kept` decisions (`files`: the award files as
    loaded, and `revocation_docs`: each issuer's revocations.yaml, for line numbers)."""
    signed = {f.source: f for f in files}
    problems: list[Problem] = []
    for award in registry.awards.values():
        badge = registry.badges.get(award.badge_key)
        file = signed.get(award.source)
        for index, genre, meant in lookalike_genres(file.data) if file is not None else ():
            problems.append(at_entry(award, file, index, "award-content", f"its evidence entry's genre {genre!r} "
                                     f"imitates {meant!r}", f"credreg writes link genres exactly; {_REWARD}"))
        if badge is not None and badge.stacked:
            _Stacked(registry, award, badge, signed.get(award.source), urls, problems).run()
        elif badge is not None and award.components:
            first = next(linked_entries(file.data, COMPONENT_GENRE), None) if file is not None else None
            problems.append(at_entry(award, file, first[0] if first else None, "component-class",
                                     f"it links component credentials, but {badge.key} is not stacked (its "
                                     "badge.yaml requires no other badge class)",
                                     f"only awards of stacked classes record components; {_REWARD}"))
    return problems + kept_problems(registry, revocation_docs)


def kept_problems(registry: Registry, revocation_docs: Mapping[str, SourceDocument]) -> list[Problem]:
    """`kept` entries name a stacked award of their issuer with a component revoked between the award and the
    decision, each once."""
    problems = []
    for issuer_id, doc in sorted(revocation_docs.items()):
        seen: dict[str, datetime | None] = {}  # credential id → its previous decision
        for index, entry in enumerate(doc.data.get("kept") or []):
            cid, where = str(entry.get("credential")), ("kept", index, "credential")
            decided = aware_time(entry.get("keptAt"))
            message = _kept_mismatch(registry, issuer_id, cid, decided)
            if cid in seen and not _new_since(registry, cid, seen[cid], decided):
                problems.append(doc.problem("kept-duplicate", f"credential {cid!r} is kept twice with no component "
                                            "revoked between the two decisions",
                                            "a decision is recorded once for the revocations before it", where))
            elif cid not in registry.awards:
                problems.append(doc.problem("kept-unknown", f"no credential {cid!r} exists",
                                            "name the id of a stacked award file (its name without .json)", where))
            elif message:
                problems.append(doc.problem("kept-mismatch", message,
                                            "`credreg keep` records a decision only where one is needed", where))
            seen[cid] = decided
    return problems


def _new_since(registry: Registry, cid: str, previous: datetime | None, decided: datetime | None) -> bool:
    """Whether a component of `cid` was revoked after the previous decision and by this one."""
    award = registry.awards.get(cid)
    return award is not None and previous is not None and any(
        decided is None or r.revoked_at <= decided for r in undecided(registry, award, previous))


def _kept_mismatch(registry: Registry, issuer_id: str, cid: str, decided: datetime | None) -> str | None:
    """Why a kept decision about `cid` decides nothing, or None."""
    award = registry.awards.get(cid)
    if award is None:
        return None
    if award.issuer_id != issuer_id:
        return f"credential {cid!r} was issued by {award.issuer_id!r}; only its issuer decides whether it stands"
    badge = registry.badges.get(award.badge_key)
    if badge is None or not badge.stacked:
        return f"credential {cid} is an award of {award.badge_key}, which is not stacked: there is nothing to keep"
    own = registry.revocations.get(cid)
    if own is not None and (decided is None or own.revoked_at <= decided):
        return (f"credential {cid} was revoked on {iso(own.revoked_at)}, before this decision: a revoked award "
                "does not stand")
    revoked = [r for r in registry.revoked_components(award) if decided is None or r.revoked_at <= decided]
    if not revoked:
        return f"no component of credential {cid} was revoked between its award and this decision"
    return None
