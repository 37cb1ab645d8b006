"""The immutable registry model: what the check builds and every later stage reads, without touching files."""
from .award import Award, Evidence, ProofRecord, Recipient, RubricResult, StatusEntry, StatusList
from .definitions import (
    LEVEL_ACHIEVEMENT_TYPE,
    Accreditation,
    Admission,
    BadgeClass,
    Component,
    Decisions,
    Issuer,
    IssuerKey,
    Maintainer,
    NameException,
    Requirement,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Skill,
    StackingDecision,
)
from .registry import Registry, frozen_map
from .verification import Outcome, Step, Verdict

__all__ = [
    "LEVEL_ACHIEVEMENT_TYPE", "Accreditation", "Admission", "Decisions", "Award", "BadgeClass", "Component", "Evidence", "Issuer", "IssuerKey", "Maintainer",
    "NameException", "Outcome", "ProofRecord", "Recipient", "Registry", "Requirement", "Revocation", "Rubric", "RubricCriterion",
    "RubricLevel", "RubricResult", "Skill", "StackingDecision", "StatusEntry", "StatusList", "Step", "Verdict", "frozen_map",
]
