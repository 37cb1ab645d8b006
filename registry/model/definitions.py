"""The registry as its reviewed files define it: issuers, keys, badge classes, rubrics, revocations."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType

# Open Badges 3.0 achievementType for each level, unless a badge class names its own.
LEVEL_ACHIEVEMENT_TYPE: Mapping[str, str] = MappingProxyType({
    "badge": "Badge",
    "micro-credential": "MicroCredential",
    "full-credential": "Certificate",
})


@dataclass(frozen=True)
class Maintainer:
    """A GitHub account allowed to change an issuer's files (login plus the numeric id that never changes)."""

    login: str
    github_id: int


@dataclass(frozen=True)
class IssuerKey:
    """One Ed25519 Multikey of an issuer with its life: valid from, retired, or revoked."""

    id: str
    public_key_multibase: str
    valid_from: datetime
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    revocation_reason: str | None = None
    compromised_since: datetime | None = None
    note: str | None = None

    @property
    def compromised(self) -> bool:
        """A compromised key's signatures cannot be trusted, so DID documents drop it."""
        return self.revocation_reason == "compromised"

    def valid_at(self, moment: datetime) -> bool:
        """Whether a signature made at `moment` with this key is acceptable."""
        if moment < self.valid_from:
            return False
        if self.valid_until is not None and moment > self.valid_until:
            return False
        if self.compromised:
            # Without a known start of the compromise, nothing the key signed can be trusted.
            return self.compromised_since is not None and moment < self.compromised_since
        return self.revoked_at is None or moment < self.revoked_at


@dataclass(frozen=True)
class Issuer:
    """An organisation that awards credentials, with its keys and maintainers."""

    id: str
    name: str
    kind: str
    url: str
    email: str
    description: str
    maintainers: tuple[Maintainer, ...]
    keys: tuple[IssuerKey, ...]
    image: str | None = None
    demo: bool = False
    accepts_endorsement_from: tuple[str, ...] = ()  # issuers whose endorsements of this issuer it accepts
    source: str = ""
    location: str | None = None  # where the issuer is, as trust lists show it ("Cambridge, MA, USA")
    linkedin_organization_id: str | None = None  # digits: LinkedIn links the "Add to profile" entry to its page

    def key(self, key_id: str) -> IssuerKey | None:
        """The key with this id, if the issuer has it."""
        return next((k for k in self.keys if k.id == key_id), None)


@dataclass(frozen=True)
class Skill:
    """A skills alignment: a node of a framework such as ESCO, O*NET or a company's own."""

    framework: str
    name: str
    code: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class RubricLevel:
    """One performance level of a rubric criterion, worth some points."""

    id: str
    name: str
    points: int
    description: str | None = None


@dataclass(frozen=True)
class RubricCriterion:
    """One assessed criterion with its levels."""

    id: str
    name: str
    levels: tuple[RubricLevel, ...]
    description: str | None = None

    @property
    def max_points(self) -> int:
        """The most points this criterion can give."""
        return max(level.points for level in self.levels)


@dataclass(frozen=True)
class Rubric:
    """One published, never-edited version of a badge class's rubric."""

    version: int
    published: date
    pass_threshold: int
    criteria: tuple[RubricCriterion, ...]
    changes: str | None = None
    source: str = ""

    @property
    def max_points(self) -> int:
        """The best possible total."""
        return sum(c.max_points for c in self.criteria)


@dataclass(frozen=True)
class Component:
    """A badge class (`issuer/badge`) a stacked credential requires, with the least rubric results it must show."""

    badge: str
    minimum_points: int | None = None  # the component award's total must reach this
    minimum_levels: tuple[tuple[str, str], ...] = ()  # (criterion id, level id): at least that level's points


@dataclass(frozen=True)
class Requirement:
    """One group of a stacked credential's requirement: `count` of its components (all of them when equal)."""

    components: tuple[Component, ...]
    count: int

    @property
    def all(self) -> bool:
        """Whether every component of the group is required."""
        return self.count >= len(self.components)


@dataclass(frozen=True)
class BadgeClass:
    """A badge class (OB 3.0 Achievement) as its issuer defined it."""

    issuer_id: str
    id: str
    name: str
    description: str
    level: str
    achievement_type: str
    image: str
    assessment_methods: tuple[str, ...]
    proctored: bool
    id_checked: bool
    review_cadence_months: int
    last_reviewed: date
    criteria_narrative: str | None = None
    criteria_url: str | None = None
    skills: tuple[Skill, ...] = ()
    tags: tuple[str, ...] = ()
    validity_months: int | None = None
    requires: tuple[Requirement, ...] = ()  # every group must hold (badge.yaml `requires`, or `buildsOn`)
    counts_towards: tuple[str, ...] = ()  # other issuers' badge classes this one may count towards (co-branding)
    accepts_endorsement_from: tuple[str, ...] = ()  # issuers whose endorsements of this badge class it accepts
    rubrics: tuple[Rubric, ...] = ()  # ordered by version
    source: str = ""

    @property
    def key(self) -> str:
        """`issuer/badge`, unique in the registry."""
        return f"{self.issuer_id}/{self.id}"

    @property
    def builds_on(self) -> tuple[str, ...]:
        """Every badge class (`issuer/badge`) the requirement names, in the order given, once each."""
        return tuple(dict.fromkeys(c.badge for group in self.requires for c in group.components))

    @property
    def stacked(self) -> bool:
        """Whether awarding this badge class requires holding others first."""
        return bool(self.requires)

    @property
    def current_rubric(self) -> Rubric | None:
        """The newest rubric version, used for new awards."""
        return self.rubrics[-1] if self.rubrics else None

    def rubric(self, version: int) -> Rubric | None:
        """A given rubric version, for auditing an older award."""
        return next((r for r in self.rubrics if r.version == version), None)


@dataclass(frozen=True)
class Revocation:
    """An issuer's record that a credential is revoked, when, and why."""

    issuer_id: str
    credential_id: str
    revoked_at: datetime
    reason: str
    source: str = ""


@dataclass(frozen=True)
class StackingDecision:
    """An issuer's record (revocations.yaml `kept`) that a stacked award stands although a component was
    revoked after it was made: the award's other evidence still supports it."""

    issuer_id: str
    credential_id: str
    decided_at: datetime
    reason: str
    source: str = ""


@dataclass(frozen=True)
class NameException:
    """A registry maintainers' decision (registry.yaml) that two issuers' names may resemble: a genuine case."""

    issuer: str
    resembles: str
    reason: str


@dataclass(frozen=True)
class Admission:
    """Who admits new issuers and accreditors (registry.yaml `admission`)."""

    issuers: str = "registry-maintainers"  # or "anyone"
    accreditors: str = "registry-maintainers"


@dataclass(frozen=True)
class Decisions:
    """What registry.yaml decides: the registry's maintainers, its admission policy, accepted name exceptions."""

    maintainers: tuple[Maintainer, ...] = ()
    admission: Admission = Admission()
    name_exceptions: tuple[NameException, ...] = ()

    def is_maintainer(self, github_id: int) -> bool:
        """Whether the numeric GitHub id is one of the registry's maintainers."""
        return any(m.github_id == github_id for m in self.maintainers)
