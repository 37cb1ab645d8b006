"""Verify one credential step by step: shape, schema, every proof, key, issuer, status, dates, recipient.

`verify_document` is the entry for anything a user hands in (containers.extract's result): a JSON
credential, a VC-JWT, or Open Badges 2.0 material, each routed to its verifier.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .containers import Extracted
from .endorsements import embedded_steps, endorsed_step, is_endorsement, no_recipient_step
from .fetch import Fetcher
from .jwt import verify_jwt
from .ob2 import verify_ob2
from .identity import NO_KNOWN_ISSUERS, KnownIssuers, issuer_step
from .proofs import none_counted, proof_steps
from .recipient import recipient_step
from .shape import format_step, schema_steps
from .status import check_status, list_problems
from .steps import Outcome, Step, VerificationResult
from .validity import date_steps

__all__ = ["verify_credential", "verify_document"]

Proofs = Callable[[dict[str, Any]], list[Step]]


def verify_document(extracted: Extracted, *, fetcher: Fetcher, now: datetime, source: str = "",
                    recipient: str | None = None, known: KnownIssuers = NO_KNOWN_ISSUERS) -> VerificationResult:
    """Every step for what was handed in, after the container step saying how it was unwrapped.

    `known` holds the issuers a trusted registry binds (identity.py): any other issuer is not verified.
    """
    head = (extracted.container,) if extracted.container else ()
    with fetcher.credential_budget():
        if extracted.ob2:
            result = verify_ob2(extracted.content, fetcher=fetcher, now=now, source=source, recipient=recipient,
                                issuer_known=known.by_did.__contains__)
        elif extracted.is_jws:
            result = _verify_jwt(str(extracted.content), fetcher, now, source, recipient, known)
        else:
            result = _verify_credential(extracted.content, fetcher, now, source, recipient, known, None)
    return VerificationResult(result.source, result.credential_id, head + result.steps)


def _verify_jwt(token: str, fetcher: Fetcher, now: datetime, source: str, recipient: str | None,
                known: KnownIssuers) -> VerificationResult:
    """A VC-JWT: its signature is proof 1; the credential it carries then goes through every JSON step."""
    checked = verify_jwt(token, fetcher)
    if checked.credential is None:
        return VerificationResult(source, None, (checked.step,))

    def proofs(credential: dict[str, Any]) -> list[Step]:
        # VC-JOSE-COSE lets the secured credential carry embedded proofs too: each is verified, numbered after the JWT
        embedded = proof_steps(credential, fetcher) if credential.get("proof") is not None else []
        steps = [checked.step] + [Step(_renumber(s.name), s.outcome, s.detail, s.verdict) for s in embedded]
        uncounted = none_counted(steps)  # the proof rule: no proof passed and none failed
        return steps + [uncounted] if uncounted else steps

    return _verify_credential(checked.credential, fetcher, now, source, recipient, known, proofs)


def _renumber(name: str) -> str:
    """`proof N (...)` of an embedded proof as `proof N+1 (...)`: the JWT is proof 1."""
    word, _, rest = name.partition(" ")
    number, _, tail = rest.partition(" ")
    return f"proof {int(number) + 1} {tail}".rstrip() if word == "proof" and number.isdigit() else name


def verify_credential(credential: Any, *, fetcher: Fetcher, now: datetime, source: str = "",
                      recipient: str | None = None,
                      known: KnownIssuers = NO_KNOWN_ISSUERS) -> VerificationResult:
    """Every step for one credential; never raises for a bad credential. Its fetches share one time budget.

    `known` holds the issuers a trusted registry binds (identity.py): any other issuer is not verified.
    """
    with fetcher.credential_budget():
        return _verify_credential(credential, fetcher, now, source, recipient, known, None)


def _verify_credential(credential: Any, fetcher: Fetcher, now: datetime, source: str, recipient: str | None,
                       known: KnownIssuers, proofs: Proofs | None, embedded: bool = False) -> VerificationResult:
    """Every step; `embedded` for an endorsement an award carries (endorsements.py): its own endorsements are not
    followed."""
    if not isinstance(credential, dict):
        return VerificationResult(source, None, (Step("format", Outcome.FAIL, "not a JSON object"),))
    steps: list[Step] = [format_step(credential)]
    steps += schema_steps(credential)
    steps.append(issuer_step(credential, known))
    steps += proofs(credential) if proofs else proof_steps(credential, fetcher)
    steps += check_status(credential, fetcher, lambda doc, url: list_problems(doc, url, credential, fetcher, now))
    steps += date_steps(credential, now)
    endorsement = is_endorsement(credential)
    if endorsement:
        steps.append(endorsed_step(credential))
    if recipient is not None:
        steps.append(no_recipient_step(credential) if endorsement else recipient_step(credential, recipient))
    if not embedded and not endorsement:
        steps += embedded_steps(credential, lambda item: _verify_credential(
            item, fetcher, now, source, None, known, None, embedded=True).steps, now)
    return VerificationResult(source, credential.get("id") if isinstance(credential.get("id"), str) else None,
                              tuple(steps))
