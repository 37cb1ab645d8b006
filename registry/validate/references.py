"""Reference and policy rules across files: revocations, rubrics, keys, images (pathways: pathways.py)."""
from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problem
from ..load.source import SourceDocument
from ..model import Issuer, Revocation, Rubric


def revocation_problems(doc: SourceDocument, revocations: list[Revocation],
                        award_issuer: Mapping[str, str]) -> list[Problem]:
    """Revocations name existing credentials of the same issuer, each once."""
    problems = []
    seen: set[str] = set()
    for index, revocation in enumerate(revocations):
        where = ("revocations", index, "credential")
        owner = award_issuer.get(revocation.credential_id)
        if revocation.credential_id in seen:
            problems.append(doc.problem("duplicate-id", f"credential {revocation.credential_id!r} is revoked twice",
                                        "keep the first record; a revocation is never edited", where))
        elif owner is None:
            problems.append(doc.problem("dangling-ref", f"no credential {revocation.credential_id!r} exists",
                                        "name the id of an award or endorsement file (its name without .json)", where))
        elif owner != revocation.issuer_id:
            problems.append(doc.problem("cross-issuer-ref",
                                        f"credential {revocation.credential_id!r} was issued by {owner!r}",
                                        "an issuer can revoke only its own credentials", where))
        seen.add(revocation.credential_id)
    return problems


def rubric_problems(badge_key: str, badge_doc: SourceDocument,
                    rubrics: list[tuple[str, SourceDocument, Rubric]], files_present: bool) -> list[Problem]:
    """Rubric versions number 1..N with no gap, match their file names, and can be passed.

    `files_present` says rubric files exist even if none loaded, so a broken file is not
    also reported as a missing rubric.
    """
    problems = []
    if not rubrics and files_present:
        return []
    if not rubrics:
        return [badge_doc.problem("missing-rubric", f"badge class {badge_key} has no rubric",
                                  f"add credentials/{badge_key}/rubrics/v1.yaml (`credreg new badge` writes one)")]
    versions = []
    for stem, doc, rubric in rubrics:
        if stem != f"v{rubric.version}":
            problems.append(doc.problem("rubric-version-mismatch",
                                        f"file {stem}.yaml says version {rubric.version}",
                                        f"a rubric's version is its file name: rename the file to v{rubric.version}.yaml "
                                        "or fix the number", ("version",)))
        versions.append(rubric.version)
        if rubric.pass_threshold > rubric.max_points:
            problems.append(doc.problem("rubric-threshold",
                                        f"passThreshold {rubric.pass_threshold} is more than the "
                                        f"{rubric.max_points} points the criteria can give",
                                        "lower the threshold or raise the points", ("passThreshold",)))
        problems += _unique_ids(doc, [c.id for c in rubric.criteria], ("criteria",), "criterion")
        for ci, criterion in enumerate(rubric.criteria):
            problems += _unique_ids(doc, [lv.id for lv in criterion.levels], ("criteria", ci, "levels"), "level")
    missing = sorted(set(range(1, max(versions) + 1)) - set(versions))
    if missing:
        problems.append(badge_doc.problem(
            "rubric-version-gap", f"rubric version(s) {', '.join(f'v{m}' for m in missing)} of {badge_key} are missing",
            "old rubric versions are never deleted: past awards are audited against them; restore the file"))
    return problems


def _unique_ids(doc: SourceDocument, ids: list[str], where: tuple[str | int, ...], what: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, value in enumerate(ids):
        if value in seen:
            problems.append(doc.problem("duplicate-id", f"{what} id {value!r} appears twice",
                                        f"give each {what} its own id", where + (index, "id")))
        seen.add(value)
    return problems


def key_problems(issuers: Mapping[str, tuple[SourceDocument, Issuer]]) -> list[Problem]:
    """Key ids are unique within an issuer, and one public key belongs to one issuer only."""
    owner: dict[str, tuple[str, str]] = {}
    problems = []
    for iid, (doc, issuer) in sorted(issuers.items(), key=lambda item: item[1][0].path):
        problems += _unique_ids(doc, [k.id for k in issuer.keys], ("keys",), "key")
        for index, key in enumerate(issuer.keys):
            if key.public_key_multibase in owner:
                other, other_key = owner[key.public_key_multibase]
                problems.append(doc.problem(
                    "duplicate-key", f"key {key.id!r} is the same public key as {other}'s key {other_key!r}",
                    "every issuer and every key id needs its own key pair: run `credreg keygen`",
                    ("keys", index, "publicKeyMultibase")))
            else:
                owner[key.public_key_multibase] = (iid, key.id)
        problems += _maintainer_problems(doc, issuer)
    return problems


def _maintainer_problems(doc: SourceDocument, issuer: Issuer) -> list[Problem]:
    seen: dict[int, str] = {}
    problems = []
    for index, maintainer in enumerate(issuer.maintainers):
        if maintainer.github_id in seen:
            problems.append(doc.problem("duplicate-id", f"GitHub id {maintainer.github_id} is listed twice",
                                        "list each maintainer once", ("maintainers", index, "id")))
        seen[maintainer.github_id] = maintainer.login
    return problems


def image_ref_problems(doc: SourceDocument, image: str | None, folder: str, files: set[str]) -> list[Problem]:
    """The image a profile or badge class names must sit beside it."""
    if image and f"{folder}/{image}" not in files:
        return [doc.problem("missing-file", f"image {image!r} is not in {folder}/",
                            "add the file beside this one or fix the name", ("image",))]
    return []
