"""The immutable registry model: what the check builds and every later stage reads, without touching files."""
from .award import Award, Evidence, ProofRecord, Recipient, RubricResult, StatusEntry, StatusList
from .definitions import (
    LEVEL_ACHIEVEMENT_TYPE,
    Accreditation,
    Admission,
    BadgeClass,
    Decisions,
    Issuer,
    IssuerKey,
    Maintainer,
    NameException,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Skill,
)
from .registry import Registry, frozen_map
from .verification import Outcome, Step, Verdict

__all__ = [
    "LEVEL_ACHIEVEMENT_TYPE", "Accreditation", "Admission", "Decisions", "Award", "BadgeClass", "Evidence", "Issuer", "IssuerKey", "Maintainer",
    "NameException", "Outcome", "ProofRecord", "Recipient", "Registry", "Revocation", "Rubric", "RubricCriterion",
    "RubricLevel", "RubricResult", "Skill", "StatusEntry", "StatusList", "Step", "Verdict", "frozen_map",
]
