"""The immutable registry model: what the check builds and every later stage reads, without touching files."""
from .award import Award, Evidence, ProofRecord, Recipient, RubricResult, StatusEntry, StatusList
from .definitions import (
    LEVEL_ACHIEVEMENT_TYPE,
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
from .endorsement import Endorsement, Label, label_of
from .registry import Registry, frozen_map
from .verification import Outcome, Step, Verdict, shared_step

__all__ = [
    "LEVEL_ACHIEVEMENT_TYPE", "Admission", "Decisions", "Award", "BadgeClass", "Component", "Endorsement", "Evidence",
    "Issuer", "Label", "IssuerKey", "Maintainer",
    "NameException", "Outcome", "ProofRecord", "Recipient", "Registry", "Requirement", "Revocation", "Rubric", "RubricCriterion",
    "RubricLevel", "RubricResult", "Skill", "StackingDecision", "StatusEntry", "StatusList", "Step", "Verdict", "frozen_map", "shared_step",
    "label_of",
]
