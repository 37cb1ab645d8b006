"""`credreg endorse`: an accreditor or a partner issuer signs an EndorsementCredential, on its own machine.

The endorsement is filed under the endorser's folders (its maintainers review it), carries an entry
of the endorser's status list (so `credreg revoke` withdraws it), and is refused unless the endorsed
issuer has accepted the endorser in its own files (`acceptsEndorsementFrom`).
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..dates import iso
from ..errors import CredregError, UsageError
from ..keys.sign import sign
from ..layout import at, badge_file, endorsement_file, issuer_file
from ..model import BadgeClass, Issuer
from ..ob3.endorsement import MAX_COMMENT, EndorsementFields, endorsement_document
from ..ob3.schema import schema_errors
from ..validate.values import HIDDEN_WHY, text_findings
from .issue import Allocator, Context, json_text, stage_first_status_list, write_batch


@dataclass(frozen=True)
class EndorseRequest:
    """What an endorser asks for: the subject (`issuer/badge` or an issuer id), its comment and window."""

    subject: str
    comment: str
    valid_from: datetime | None = None  # default: when it is signed
    valid_until: datetime | None = None
    rubric_versions: tuple[int, ...] = ()  # default: the badge class's current rubric version


def _subject(ctx: Context, ref: str) -> tuple[BadgeClass | None, Issuer]:
    """The endorsed badge class (None for an issuer) and its issuer; refused when unknown or the endorser's own."""
    issuer_id, sep, badge_id = ref.partition("/")
    endorsed = ctx.registry.issuers.get(issuer_id)
    badge = ctx.registry.badges.get(ref) if badge_id else None
    if endorsed is None or (badge_id and badge is None) or (sep and not badge_id):
        known = ", ".join(sorted(ctx.registry.badges)) or "none"
        raise UsageError(f"no badge class or issuer {ref!r} in this registry",
                         f"endorse <issuer>/<badge> or <issuer>; badge classes: {known}")
    if issuer_id == ctx.issuer.id:
        raise UsageError(f"{ref!r} is {'a badge class of ' if badge is not None else ''}the signing issuer "
                         f"{ctx.issuer.id!r}: an issuer cannot endorse itself",
                         "an endorsement is another organisation's word; ask an accreditor or a partner")
    accepts = badge.accepts_endorsement_from if badge is not None else endorsed.accepts_endorsement_from
    if ctx.issuer.id not in accepts:
        file = badge_file(issuer_id, badge_id) if badge is not None else issuer_file(issuer_id)
        raise CredregError(f"{issuer_id!r} has not accepted endorsements from {ctx.issuer.id!r}: {file} does not "
                           "list it in acceptsEndorsementFrom",
                           f"ask {issuer_id} to add `acceptsEndorsementFrom: [{ctx.issuer.id}]` to {file} first")
    return badge, endorsed


def _rubric_versions(badge: BadgeClass | None, asked: Sequence[int]) -> tuple[int, ...]:
    """The rubric versions covered: those asked for (each must exist), else the current one."""
    if badge is None:
        if asked:
            raise UsageError("--rubric-version applies to a badge class, not an issuer", "leave it out")
        return ()
    known = {r.version for r in badge.rubrics}
    for version in asked:
        if version not in known:
            raise UsageError(f"badge class {badge.key} has no rubric version {version}",
                             f"rubric versions: {', '.join(f'v{v}' for v in sorted(known)) or 'none'}")
    if asked:
        return tuple(sorted(set(asked)))
    if badge.current_rubric is None:
        raise UsageError(f"badge class {badge.key} has no rubric yet", "endorse it once its rubric is published")
    return (badge.current_rubric.version,)


def _comment(text: str) -> str:
    """The Markdown comment, refused when empty or when the check would refuse it."""
    comment = text.strip()
    if not comment:
        raise UsageError("the endorsement comment is empty",
                         "say what you reviewed and found, e.g. --comment 'Assessment re-marked blind on 20 awards'")
    for code, message in text_findings(comment, ("endorsementComment",), MAX_COMMENT):  # the check's field: Markdown
        raise UsageError(f"the endorsement comment{message.removeprefix('endorsementComment')}",
                         "shorten it" if code == "too-long" else f"remove it: {HIDDEN_WHY}")
    return comment


def make_endorsement(ctx: Context, request: EndorseRequest, now: datetime,
                     rng: random.Random | None = None) -> dict[str, object]:
    """The signed EndorsementCredential for `request`, schema-checked; refused (nothing signed) when wrong."""
    badge, endorsed = _subject(ctx, request.subject)
    versions = _rubric_versions(badge, request.rubric_versions)
    valid_from = request.valid_from or now
    if valid_from < now:
        raise UsageError(f"--valid-from {iso(valid_from)} is before now ({iso(now)}): an endorsement cannot reach "
                         "back to awards made before it was signed", "leave --valid-from out, or give a later date")
    if request.valid_until is not None and request.valid_until <= valid_from:
        raise UsageError(f"--valid-until {iso(request.valid_until)} is not after its start {iso(valid_from)}",
                         "give a later --valid-until")
    alloc = Allocator(ctx, rng or random.SystemRandom())
    fields = EndorsementFields(alloc.credential_id(), now, valid_from, alloc.status_index(), _comment(request.comment),
                               versions, request.valid_until)
    document = sign(endorsement_document(fields, ctx.issuer, badge, endorsed, ctx.urls), ctx.key, ctx.urls, now)
    errors = schema_errors(document, "endorsementcredential.json")
    if errors:
        raise CredregError(f"the endorsement built does not match the OB 3.0 schema: {errors[0]}",
                           "this is a bug in credreg; please report it")
    return document


def endorsement_path(ctx: Context, document: dict[str, object]) -> Path:
    """Where an endorsement's file goes: credentials/<endorser>/endorsements/<id>.json."""
    url = str(document["id"])
    return at(ctx.root, endorsement_file(ctx.issuer.id, url.rsplit("/", 1)[-1].removesuffix(".json")))


def endorse(ctx: Context, request: EndorseRequest, now: datetime, rng: random.Random | None = None) -> Path:
    """Sign and write one endorsement (with the endorser's first status list, if it has none), atomically."""
    document = make_endorsement(ctx, request, now, rng)
    path = endorsement_path(ctx, document)
    with write_batch(ctx) as batch:
        batch.stage_text(path, json_text(document))
        stage_first_status_list(ctx, batch, now)
    return path
