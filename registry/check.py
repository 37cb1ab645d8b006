"""`credreg check`: load every registry file, validate it, and build the Registry model or list all problems."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path

from .config import load_site_urls
from .errors import CredregError, Problem, Severity
from .layout import MKDOCS_FILE, REGISTRY_FILE, FileKind, SourceFile, badge_folder, issuer_file, issuer_folder
from .load.json_source import load_json
from .load.signed import SignedFile, read_signed
from .load.source import SourceDocument, SourceError
from .load.tree import data_files, walk_tree
from .load.yaml_source import load_yaml
from .model import BadgeClass, Decisions, Issuer, Registry, Revocation, Rubric, StackingDecision, frozen_map
from .progress import Progress
from .urls import SiteUrls
from .validate import assemble, decisions, identity, pathways, references
from .validate.images import image_problems
from .validate.lookalikes import AcceptedPairs
from .validate.placeholders import placeholder_problems
from .validate.policy import policy_warnings
from .validate.schema import schema_problems
from .validate.secrets import secret_problems
from .validate.site_address import demo_address_problems, moved_site_problem
from .validate.values import text_problems
from .verify.cache import PassCache, content_key, default_cache_dir
from .verify.embedded import embedded_problems
from .verify.renewals import renewal_problems
from .verify.stacking import kept_problems, stacking_problems

_SIGNED = (FileKind.AWARD, FileKind.STATUS_LIST, FileKind.KEY_STATEMENT, FileKind.ENDORSEMENT)  # JSON checked by the verify stage


@dataclass(frozen=True)
class CheckResult:
    """What a check found: the model (None when errors stop it) and every problem, sorted by file."""

    registry: Registry | None
    problems: tuple[Problem, ...]
    files: int
    signed: tuple[SignedFile, ...] = ()  # the signed files as loaded (kept only by load_registry)

    def failed(self, strict: bool = False) -> bool:
        """Errors fail a check; with `strict`, warnings do too."""
        return any(p.severity is Severity.ERROR or strict for p in self.problems)


class _Checker:
    """One pass over a registry checkout; collects documents, model parts and problems."""

    def __init__(self, root: Path, progress: Progress | None, cache_dir: Path | None, workers: int | None,
                 today: date | None, urls: SiteUrls | None, verify_only: frozenset[str] | None = None) -> None:
        self.root = root
        self.verify_only = verify_only
        self.urls = urls
        self.today = today
        self.progress = progress
        self.cache = PassCache(cache_dir, root)
        self.workers = workers
        self.problems: list[Problem] = []
        self.issuers: dict[str, tuple[SourceDocument, Issuer]] = {}
        self.badges: dict[str, tuple[SourceDocument, BadgeClass]] = {}
        self.awards: list[SignedFile] = []
        self.revocations: dict[str, Revocation] = {}
        self.kept: dict[str, StackingDecision] = {}
        self.revocation_docs: dict[str, SourceDocument] = {}  # issuer id → its revocations.yaml (kept entries' lines)
        self.status_lists: list[SignedFile] = []
        self.digests: dict[str, bytes] = {}  # signed file → SHA-256 of the bytes parsed (the bytes are not kept)
        self.key_statements: list[SignedFile] = []
        self.endorsements: list[SignedFile] = []
        self.images: dict[str, bytes] = {}
        self.decisions = Decisions()

    def run(self, verify: bool = True) -> CheckResult:
        files, self.problems = walk_tree(self.root)
        raw: dict[str, bytes] = {}
        for index, path in enumerate(files):
            data = (self.root / path).read_bytes()
            self.problems += secret_problems(path, data)
            raw[path] = data
            if self.progress and index % 500 == 0:
                self.progress("scanning", index, len(files))
        sources, stray = data_files(files)
        self.problems += stray + identity.path_id_problems(sources)
        self.problems += identity.duplicate_award_problems(
            [s for s in sources if s.kind in (FileKind.AWARD, FileKind.ENDORSEMENT)])
        docs = self._load(sources, raw)
        self.decisions, found = decisions.read_decisions(
            raw.get(REGISTRY_FILE), {s.issuer_id for s in sources if s.kind is FileKind.ISSUER})
        self.problems += found
        self._site_urls()
        del raw  # no file's bytes are kept: signed files are read back when needed (load.signed.read_signed)
        self._assemble(sources, docs, set(files))
        if self.progress:
            self.progress("checked", len(files), len(files))
        registry = Registry(
            issuers=frozen_map({iid: issuer for iid, (_, issuer) in self.issuers.items()}),
            badges=frozen_map({key: badge for key, (_, badge) in self.badges.items()}),
            awards=frozen_map({}), revocations=frozen_map(self.revocations), kept=frozen_map(self.kept),
            decisions=self.decisions, images=frozen_map(self.images), root=self.root)
        problems = tuple(sorted(set(self.problems)))
        if not verify:  # what loaded, even beside errors: the caller decides what it may rely on
            return CheckResult(registry, problems, len(files), tuple(self.awards + self.status_lists + self.endorsements))
        verified = None if self._failed() else self._verify(registry)
        return CheckResult(verified, tuple(sorted(set(self.problems))), len(files))

    def _site_urls(self) -> None:
        """Read mkdocs.yml's site_url up front, so a folder without it fails `check`, not `build` later."""
        if self.urls is not None:
            return
        try:
            self.urls = load_site_urls(self.root)
        except CredregError as exc:
            self.problems.append(Problem(MKDOCS_FILE, 0, 0, "site-url", exc.message, exc.hint))

    def _failed(self) -> bool:
        return any(p.severity is Severity.ERROR for p in self.problems)

    def _verify(self, registry: Registry) -> Registry | None:
        """Verify every signed file (only once everything else is sound, so keys and rubrics are trustworthy);
        the model, with its typed awards and status lists, when they all hold."""
        if not self.awards and not self.status_lists and not self.key_statements and not self.endorsements:
            self.problems += kept_problems(registry, self.revocation_docs)
            return None if self._failed() else registry
        from .verify.registry_proofs import verify_registry  # loads the JSON-LD machinery only when needed

        urls = self.urls
        assert urls is not None  # _site_urls reported a problem otherwise, and nothing is verified past an error
        moved = moved_site_problem(urls, [*self.awards, *self.status_lists, *self.endorsements])
        if moved is not None:  # one problem saying why, not one per signed file
            self.problems.append(moved)
            return None
        verified = verify_registry(registry, sorted(self.awards, key=lambda a: a.source),
                                   sorted(self.status_lists, key=lambda s: s.source), urls, self.cache, self.workers,
                                   self.progress, sorted(self.key_statements, key=lambda s: s.source),
                                   self.verify_only, sorted(self.endorsements, key=lambda s: s.source))
        self.problems += verified.problems
        if self._failed():
            return None
        checked = replace(registry, awards=frozen_map(verified.awards), status_lists=verified.status_lists,
                          endorsements=frozen_map(verified.endorsements))
        self.problems += embedded_problems(checked, self.awards, urls)
        self.problems += renewal_problems(checked, self.awards, urls)
        self.problems += stacking_problems(checked, self.awards, urls, self.revocation_docs)
        return None if self._failed() else checked

    def _load(self, sources: list[SourceFile], raw: dict[str, bytes]) -> dict[str, SourceDocument]:
        """Parse every YAML and JSON source; schema- and text-check the YAML ones and check the images, skipping
        the checks that passed before on the same path, bytes and checker (they depend on nothing else)."""
        docs: dict[str, SourceDocument] = {}
        keys = {s.path: content_key(b"source-file", s.kind.value.encode(), s.path.encode(), raw[s.path])
                for s in sources}  # signed files: only the load limits (their schema is the verify stage's)
        known = self.cache.known(list(keys.values()))
        passed: list[str] = []
        for index, src in enumerate(sources):
            if self.progress and index % 500 == 0:
                self.progress("loading", index, len(sources))
            signed = src.kind in _SIGNED and src.path.endswith(".json")
            data = raw.pop(src.path) if signed else raw[src.path]  # a signed file's bytes go once it is parsed
            key = keys.get(src.path, "")
            if src.kind is FileKind.IMAGE:
                found = [] if key in known else image_problems(src.path, data)
                self.problems += found
                if not found:
                    self.images[src.path] = data
                    passed.append(key)
                continue
            try:
                if not src.path.endswith(".json"):
                    doc = load_yaml(data, src.path)
                elif signed:
                    digest = self.digests[src.path] = hashlib.sha256(data).digest()
                    doc = load_json(data, src.path, key in known, partial(read_signed, self.root, src.path, digest))
                else:
                    doc = load_json(data, src.path, key in known)
            except SourceError as exc:
                self.problems.append(exc.problem)
                continue
            if src.kind in _SIGNED:
                if isinstance(doc.data, dict):
                    passed.append(key)
                else:
                    self.problems.append(
                        doc.problem("key-statement-malformed", "a key statement must hold a JSON object",
                                    "`credreg key rotate` writes it; restore the file")
                        if src.kind is FileKind.KEY_STATEMENT else
                        doc.problem("wrong-type", "a signed credential file must hold a JSON object",
                                    "regenerate it with `credreg award`"))
                    continue
                docs[src.path] = doc
                continue
            found = [] if key in known else schema_problems(doc, src.kind) + text_problems(doc)
            self.problems += found
            if not any(p.severity is Severity.ERROR for p in found):
                docs[src.path] = doc
            if not found:
                passed.append(key)
        self.cache.add(passed)
        return docs

    def _assemble(self, sources: list[SourceFile], docs: dict[str, SourceDocument], files: set[str]) -> None:
        """Build model objects from valid documents and apply the cross-file rules."""
        by_kind: dict[FileKind, list[SourceFile]] = {kind: [] for kind in FileKind}
        for src in sources:
            by_kind[src.kind].append(src)
        badge_folders = {f"{s.issuer_id}/{s.badge_id}" for s in by_kind[FileKind.BADGE]}
        self._issuers(by_kind[FileKind.ISSUER], docs, files)
        self._badges(by_kind, docs, files)
        self._orphans(sources, {s.issuer_id for s in by_kind[FileKind.ISSUER]}, badge_folders)
        self._signed(by_kind, docs)
        p = self.problems
        accepted = AcceptedPairs.of((e.issuer, e.resembles) for e in self.decisions.name_exceptions)
        p += identity.issuer_name_problems(self.issuers, accepted)
        p += identity.badge_name_problems(self.badges, self.issuers, accepted)
        p += references.key_problems(self.issuers)
        p += pathways.pathway_problems(self.badges, badge_folders)
        p += policy_warnings(self.issuers, self.badges, self.today)
        if self.urls is not None:
            p += demo_address_problems(self.urls, (issuer for _, issuer in self.issuers.values()))
        for doc, _ in (*self.issuers.values(), *self.badges.values()):
            p += placeholder_problems(doc)

    def _issuers(self, sources: list[SourceFile], docs: dict[str, SourceDocument], files: set[str]) -> None:
        for src in sources:
            if src.path in docs:
                doc = docs[src.path]
                issuer = assemble.issuer_from(doc, src.issuer_id, self.problems)
                self.issuers[src.issuer_id] = (doc, issuer)
                self.problems += references.image_ref_problems(doc, issuer.image, issuer_folder(src.issuer_id), files)

    def _badges(self, by_kind: dict[FileKind, list[SourceFile]], docs: dict[str, SourceDocument],
                files: set[str]) -> None:
        """Badge classes with their rubric versions (rubric files that fail to load are reported, not missing)."""
        rubrics: dict[str, list[tuple[str, SourceDocument, Rubric]]] = {}
        for src in by_kind[FileKind.RUBRIC]:
            if src.path in docs:
                rubric = assemble.rubric_from(docs[src.path], self.problems)
                if rubric is not None:
                    rubrics.setdefault(f"{src.issuer_id}/{src.badge_id}", []).append((src.stem, docs[src.path], rubric))
        rubric_folders = {f"{s.issuer_id}/{s.badge_id}" for s in by_kind[FileKind.RUBRIC]}
        for src in by_kind[FileKind.BADGE]:
            key = f"{src.issuer_id}/{src.badge_id}"
            if src.path not in docs:
                continue
            doc = docs[src.path]
            versions = sorted(rubrics.get(key, []), key=lambda item: item[2].version)
            self.problems += references.rubric_problems(key, doc, versions, key in rubric_folders)
            badge = assemble.badge_from(doc, src.issuer_id, src.badge_id, tuple(r for _, _, r in versions),
                                        self.problems)
            if badge is not None:
                self.badges[key] = (doc, badge)
                self.problems += references.image_ref_problems(doc, badge.image, badge_folder(src.issuer_id, src.badge_id),
                                                              files)

    def _orphans(self, sources: list[SourceFile], known_issuers: set[str], badge_folders: set[str]) -> None:
        """Files filed under an issuer or badge class that does not exist."""
        for src in sources:
            if src.kind is not FileKind.ISSUER and src.issuer_id not in known_issuers:
                self.problems.append(Problem(
                    src.path, 0, 0, "unknown-issuer", f"no issuer {src.issuer_id!r} exists",
                    f"add {issuer_file(src.issuer_id)} (`credreg new issuer {src.issuer_id}`) "
                    "or move the file under an existing issuer"))
            elif (src.badge_id and src.kind is not FileKind.BADGE
                  and f"{src.issuer_id}/{src.badge_id}" not in badge_folders):
                self.problems.append(Problem(
                    src.path, 0, 0, "unknown-badge", f"no badge.yaml in {badge_folder(src.issuer_id, src.badge_id)}/",
                    f"add it (`credreg new badge {src.issuer_id}/{src.badge_id}`) or move the file"))

    def _signed(self, by_kind: dict[FileKind, list[SourceFile]], docs: dict[str, SourceDocument]) -> None:
        """Awards, status lists, key statements and revocation records (signatures are verified later, in _verify)."""
        def loaded(kind: FileKind) -> list[SignedFile]:
            return [SignedFile(s, docs[s.path], self.digests[s.path], self.root)
                    for s in by_kind[kind] if s.path in docs]
        self.awards, self.status_lists = loaded(FileKind.AWARD), loaded(FileKind.STATUS_LIST)
        self.key_statements, self.endorsements = loaded(FileKind.KEY_STATEMENT), loaded(FileKind.ENDORSEMENT)
        award_issuer = {a.place.stem: a.place.issuer_id for a in [*self.awards, *self.endorsements]}
        for src in by_kind[FileKind.REVOCATIONS]:
            if src.path in docs:
                doc = self.revocation_docs[src.issuer_id] = docs[src.path]
                records = assemble.revocations_from(doc, src.issuer_id, self.problems)
                self.problems += references.revocation_problems(doc, records, award_issuer)
                self.revocations.update((r.credential_id, r) for r in records)
                self.kept.update((k.credential_id, k) for k in assemble.kept_from(doc, src.issuer_id, self.problems))


def check_registry(root: Path, progress: Progress | None = None, cache_dir: Path | None = None,
                   workers: int | None = None, use_cache: bool = True, today: date | None = None,
                   urls: SiteUrls | None = None, verify_only: frozenset[str] | None = None) -> CheckResult:
    """Check the registry checkout at `root`: every problem at once, and the model when there are no errors.

    Signatures are verified in `workers` processes (default: one per CPU) and successes are cached
    in `cache_dir` (default: the per-user cache folder) unless `use_cache` is false. Checks that
    depend on the date (reviews overdue) run only when `today` is given: output never depends on a clock.
    `urls` are the site's, when the caller has read mkdocs.yml already (the build); else it is read here.
    `verify_only` (a review's changed paths) limits signature and schema checks to the signed files in it
    and those of issuers whose profile is in it: the others were verified when the base was merged. Every
    other rule still runs on every file, and the model's proof steps say which signatures were trusted.
    """
    folder = (cache_dir or default_cache_dir()) if use_cache else None
    return _Checker(root.resolve(), progress, folder, workers, today, urls, verify_only).run()


def load_registry(root: Path, cache_dir: Path | None = None) -> CheckResult:
    """Load and validate the checkout at `root` without verifying signatures: the model of whatever loaded
    (with no awards yet), every problem, and the signed files as loaded, for answering the registry's own
    URLs from its files. Unlike check_registry, the model is there even when problems are: callers must
    not rely on the parts the problems name. `cache_dir` (default: none) skips the per-file checks that passed."""
    return _Checker(root.resolve(), None, cache_dir, None, None, None).run(verify=False)
