"""Verify an Open Badges 2.0 Assertion, hosted or signed, step by step, as the 2.0 spec's Verification says.

Hosted: what is handed in only names the Assertion's URL; the copy fetched from there is what is verified,
and it must say it is the document at that URL, within its issuer's hosted verification policy. Signed: the
JWS must verify with a key the issuer Profile lists and owns. Both: the BadgeClass and issuer Profile are
fetched from their ids, revocation (the Assertion's `revoked` and the issuer's RevocationList), issuedOn,
expires and the recipient are checked. Never raises for bad input; every fetch goes through the Fetcher.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import CredregError, FetchError, Gone, InputError
from ..load.json_source import read_json
from ..ob3.fields import shown, types_of
from .fetch import Fetcher
from .ob2_checks import date_steps, is_assertion, recipient_step, revocation_step, schema_step
from .ob2_docs import OB2_CONTEXTS, Linked, hosted_scope_problem, https_url, linked_documents
from .ob2_signed import Jws, looks_like_jws, parse_jws, signature_step
from .steps import Outcome, Step, Verdict, VerificationResult

__all__ = ["is_assertion", "looks_like_jws", "verify_ob2"]

HOSTED = ("hosted", "HostedBadge")
SIGNED = ("signed", "SignedBadge")


IssuerKnown = Callable[[str], bool]  # is this issuer Profile id in this registry or a trusted list?


@dataclass(frozen=True)
class _Run:
    """What one verification needs besides the Assertion."""

    fetcher: Fetcher
    now: datetime
    source: str
    recipient: str | None
    issuer_known: IssuerKnown | None


def verify_ob2(material: dict[str, Any] | str, *, fetcher: Fetcher, now: datetime, source: str = "",
               recipient: str | None = None, issuer_known: IssuerKnown | None = None) -> VerificationResult:
    """Every step for one 2.0 Assertion: a parsed hosted Assertion (or its JSON text), its URL, or a compact JWS.

    `issuer_known`, when given, judges the issuer Profile's id: an issuer it does not know gets the verdict
    ISSUER_NOT_VERIFIED (the Assertion is genuinely its, but nothing says who it is). None: no such judgement.
    """
    run = _Run(fetcher, now, source, recipient, issuer_known)
    with fetcher.credential_budget():
        if isinstance(material, str) and material.lstrip().startswith("{"):  # JSON text, e.g. a baked image's
            try:
                material = read_json(material.encode("utf-8", "surrogatepass"), source or "assertion")
            except (InputError, UnicodeError) as exc:
                reason = exc.message if isinstance(exc, InputError) else "it is not UTF-8 text"
                return VerificationResult(source, None, (Step("format", Outcome.FAIL, f"not readable JSON: {reason}"),))
        if isinstance(material, str) and https_url(material.strip()):
            return _hosted(material.strip(), None, run)
        if isinstance(material, str) and looks_like_jws(material):
            return _signed(material, run)
        if isinstance(material, dict):
            kind = _verification_type(material)
            if kind in SIGNED:
                return _result(source, material, [_format(material, "signed assertion"), Step(
                    "verification", Outcome.UNKNOWN, "a signed (SignedBadge) Assertion is verified from its JWS; this "
                    "is its bare JSON, so there is no signature to check", Verdict.CANNOT_VERIFY)])
            url = https_url(material.get("id"))
            if url is None:
                return _result(source, material, [_format(material, "hosted assertion"), Step(
                    "verification", Outcome.FAIL, f"a hosted Assertion's id must be its https URL; this one is "
                    f"{shown(material.get('id'))}")])
            return _hosted(url, material, run)
        return VerificationResult(source, None, (Step("format", Outcome.FAIL, "not an Open Badges 2.0 Assertion, an "
                                                      "https Assertion URL or a compact JWS"),))


def _verification_type(assertion: dict[str, Any]) -> str | None:
    """The Assertion's verification type (`verify` is 2.0's alias): hosted or signed if named, else the first."""
    verification = assertion.get("verification", assertion.get("verify"))
    kinds = types_of(verification.get("type")) if isinstance(verification, dict) else []
    return next((k for k in kinds if k in HOSTED + SIGNED), kinds[0] if kinds else None)


def _format(assertion: Any, kind: str) -> Step:
    """`format`: an Assertion object; a context other than 2.0's is a warning (1.x badges are still handed out)."""
    if not isinstance(assertion, dict) or "Assertion" not in types_of(assertion.get("type")):
        return Step("format", Outcome.FAIL, f"not an Open Badges 2.0 {kind}: its type is not Assertion")
    context = assertion.get("@context")
    if not any(isinstance(c, str) and c in OB2_CONTEXTS for c in (context if isinstance(context, list) else [context])):
        return Step("format", Outcome.WARN, f"an Open Badges {kind}, but its @context {shown(context)} is not 2.0's; "
                    "verified by the 2.0 rules")
    return Step("format", Outcome.PASS, f"Open Badges 2.0 {kind}")


def _result(source: str, assertion: Any, steps: list[Step]) -> VerificationResult:
    """The result, identified by the Assertion's id when it has one."""
    ident = assertion.get("id") if isinstance(assertion, dict) else None
    return VerificationResult(source, ident if isinstance(ident, str) else None, tuple(steps))


def _hosted(url: str, handed: dict[str, Any] | None, run: _Run) -> VerificationResult:
    """Re-fetch the Assertion from `url`; when a URL was handed in and names another id, that id is fetched once."""
    fetcher, source, alias = run.fetcher, run.source, ""
    try:
        assertion = fetcher.get(url)
        if handed is None and isinstance(assertion, dict) and assertion.get("id") != url and https_url(assertion.get("id")):
            handed, url, alias = assertion, str(assertion["id"]), f" (the URL handed in, {url}, names this id)"
            assertion = fetcher.get(url)
    except FetchError as exc:
        first = _format(handed, "hosted assertion") if handed is not None else Step(
            "format", Outcome.PASS, "an https URL, taken as a hosted Open Badges 2.0 Assertion's")
        if isinstance(exc, Gone):  # the 2.0 spec: a hosted Assertion whose URL answers 410 Gone is revoked
            return _result(source, handed, [first, Step("verification", Outcome.PASS, f"{url} answers HTTP 410 Gone"),
                                            Step("status (revocation)", Outcome.FAIL, "the issuer's server answers "
                                                 "HTTP 410 Gone for the Assertion: it is revoked", Verdict.REVOKED)])
        return _result(source, handed, [first, Step(
            "verification", Outcome.UNKNOWN, f"the hosted Assertion cannot be fetched: {exc.message}",
            Verdict.CANNOT_VERIFY)])
    if isinstance(assertion, dict) and assertion.get("revoked") is True and assertion.get("id") == url \
            and "badge" not in assertion:  # 2.0 lets a revoked hosted Assertion keep only its id and `revoked`
        return _result(source, assertion, [
            Step("format", Outcome.PASS, "Open Badges 2.0 hosted assertion, revoked: only its id is still published"),
            Step("verification", Outcome.PASS, f"fetched from its id {url}"), revocation_step(assertion, {}, fetcher)])
    steps = [_format(assertion, "hosted assertion")]
    if steps[0].outcome is Outcome.FAIL or not isinstance(assertion, dict):
        return _result(source, handed, steps)
    if assertion.get("id") != url:
        return _result(source, handed, steps + [Step("verification", Outcome.FAIL, f"the Assertion fetched from {url} "
                                                     f"says its id is {shown(assertion.get('id'))}")])
    if _verification_type(assertion) not in HOSTED:
        steps.append(Step("verification", Outcome.FAIL, f"the Assertion at {url} declares verification type "
                          f"{shown(_verification_type(assertion))}, not hosted"))
        return _result(source, assertion, steps)
    differs = [k for k in ("recipient", "badge", "issuedOn", "expires", "revoked")
               if handed is not None and handed.get(k) != assertion.get(k)]
    steps.append(Step("verification", Outcome.WARN, f"fetched from its id {url}, but the copy handed in differs in "
                      f"{', '.join(differs)}; only the hosted Assertion was verified") if differs else
                 Step("verification", Outcome.PASS, f"fetched from its id {url}{alias}; the hosted copy is what was "
                      "verified"))
    linked = _linked(assertion, fetcher, steps)
    if linked is None:
        return _result(source, assertion, steps)
    try:
        problem = hosted_scope_problem(url, linked.issuer)
    except CredregError as exc:
        problem = f"the issuer's verification policy cannot be read: {exc.message}"
    steps.append(Step("issuer", Outcome.FAIL, problem) if problem else _issuer_step(
        linked, run, "the Assertion is hosted within the issuer's verification policy"))
    return _result(source, assertion, steps + _rest(assertion, linked, run))


def _signed(text: str, run: _Run) -> VerificationResult:
    """A JWS: its payload is the Assertion; the signature is checked once the issuer Profile is in hand."""
    fetcher, source = run.fetcher, run.source
    try:
        jws: Jws = parse_jws(text)
    except CredregError as exc:
        return VerificationResult(source, None, (Step("format", Outcome.FAIL, exc.message),))
    assertion = jws.payload
    steps = [_format(assertion, "signed assertion")]
    if steps[0].outcome is Outcome.FAIL or not isinstance(assertion, dict):
        return _result(source, assertion, steps)
    if _verification_type(assertion) not in SIGNED:
        return _result(source, assertion, steps + [Step("verification", Outcome.FAIL, "the JWS payload declares "
                                                        f"verification type {shown(_verification_type(assertion))}, "
                                                        "not signed")])
    linked = _linked(assertion, fetcher, steps)
    if linked is None:  # no issuer Profile, so no key it lists to check the signature with
        return _result(source, assertion, steps)
    steps.insert(1, signature_step(jws, assertion, linked.issuer, fetcher))
    steps.append(_issuer_step(linked, run, "its Profile was fetched from its id"))
    return _result(source, assertion, steps + _rest(assertion, linked, run))


def _linked(assertion: dict[str, Any], fetcher: Fetcher, steps: list[Step]) -> Linked | None:
    """The `badge class` step (appended to `steps`); the linked documents when it passed."""
    try:
        linked = linked_documents(assertion, fetcher)
    except FetchError as exc:
        steps.append(Step("badge class", Outcome.UNKNOWN, exc.message, Verdict.CANNOT_VERIFY))
        return None
    except CredregError as exc:
        steps.append(Step("badge class", Outcome.FAIL, exc.message))
        return None
    where = f"fetched from {linked.badge.get('id')}" if linked.badge_hosted else "embedded in the Assertion"
    steps.append(Step("badge class", Outcome.PASS, f"{shown(linked.badge.get('name'))}, {where}, issued by "
                      f"{linked.issuer_id}"))
    return linked


def _issuer_step(linked: Linked, run: _Run, why: str) -> Step:
    """`issuer` when the 2.0 checks passed: PASS, or ISSUER_NOT_VERIFIED for an issuer `issuer_known` does not know."""
    who = f"{shown(linked.issuer.get('name'))} ({linked.issuer_id})"
    if run.issuer_known is not None and not run.issuer_known(linked.issuer_id):
        return Step("issuer", Outcome.WARN, f"{who}: {why}, but this issuer is not in this registry or a trust list, "
                    "so its name is only what its own server says", Verdict.ISSUER_NOT_VERIFIED)
    return Step("issuer", Outcome.PASS, f"{who}; {why}")


def _rest(assertion: dict[str, Any], linked: Linked, run: _Run) -> list[Step]:
    """The steps after the issuer's: schema, revocation, dates and (when an email is given) the recipient."""
    steps = [schema_step(assertion, linked.badge, linked.issuer),
             revocation_step(assertion, linked.issuer, run.fetcher), *date_steps(assertion, run.now)]
    if run.recipient is not None:
        steps.append(recipient_step(assertion, run.recipient))
    return steps

