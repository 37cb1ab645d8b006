"""Verify one credential step by step: shape, schema, every proof, key, issuer, status, dates, recipient."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..crypto.dataintegrity import proofs_of, verify_proof
from ..errors import CredregError
from ..ob3.fields import aware_time, issuer_id_of, types_of
from ..ob3.recipient import matches
from ..ob3.schema import schema_errors, schema_file_for
from .fetch import Fetcher
from .resolve import resolve_key
from .status import check_status
from .steps import Outcome, Step, Verdict, VerificationResult

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"

# Extra judgement on a resolved key for this registry's own issuers: (verificationMethod, signing time) →
# a failing detail, or None when the key was valid then, or no opinion for keys it does not know.
KeyPolicy = Callable[[str, datetime | None], str | None]


def verify_credential(credential: Any, *, fetcher: Fetcher, now: datetime, source: str = "",
                      recipient: str | None = None, key_policy: KeyPolicy | None = None) -> VerificationResult:
    """Every step for one credential; never raises for a bad credential. Its fetches share one time budget."""
    with fetcher.credential_budget():
        return _verify_credential(credential, fetcher, now, source, recipient, key_policy)


def _verify_credential(credential: Any, fetcher: Fetcher, now: datetime, source: str, recipient: str | None,
                       key_policy: KeyPolicy | None) -> VerificationResult:
    if not isinstance(credential, dict):
        return VerificationResult(source, None, (Step("format", Outcome.FAIL, "not a JSON object"),))
    steps: list[Step] = [_format_step(credential)]
    steps += _schema_steps(credential)
    steps += _proof_steps(credential, fetcher, key_policy)
    steps += check_status(credential, fetcher, lambda doc, url: _list_problems(doc, url, credential, fetcher, now))
    steps += _date_steps(credential, now)
    if recipient is not None:
        steps.append(_recipient_step(credential, recipient))
    return VerificationResult(source, credential.get("id") if isinstance(credential.get("id"), str) else None,
                              tuple(steps))


def _format_step(credential: dict[str, Any]) -> Step:
    contexts = credential.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    types = types_of(credential.get("type"))
    if not contexts or contexts[0] not in VC_CONTEXTS:
        return Step("format", Outcome.FAIL, "the first @context is not the W3C Verifiable Credentials context")
    if "VerifiableCredential" not in types:
        return Step("format", Outcome.FAIL, "type does not include VerifiableCredential")
    version = "VC 2.0" if contexts[0] == VC_CONTEXTS[0] else "VC 1.1"
    ob = next((c for c in contexts if isinstance(c, str) and c.startswith(OB_CONTEXT_PREFIX)), None)
    return Step("format", Outcome.PASS, f"{version} {', '.join(types)}" + (f" ({ob.rsplit('/', 1)[-1]})" if ob else ""))


def _schema_steps(credential: dict[str, Any]) -> list[Step]:
    filename = schema_file_for(credential)
    if filename is None:
        return [Step("schema", Outcome.WARN, "not an Open Badges 3.0 credential type; no OB schema applies")]
    candidate = dict(credential)
    steps = []
    if isinstance(candidate.get("proof"), dict):
        candidate["proof"] = [candidate["proof"]]  # OB 3.0 serialises proof as an array; both sign the same
        steps.append(Step("schema", Outcome.WARN, "proof is a single object; OB 3.0 JSON wants an array (accepted)"))
    errors = schema_errors(candidate, filename)
    if errors:
        steps.append(Step("schema", Outcome.FAIL, f"does not match the OB 3.0 schema ({filename}): " + "; ".join(errors)))
    else:
        steps.append(Step("schema", Outcome.PASS, f"matches the official OB 3.0 schema ({filename})"))
    return steps


def _proof_steps(credential: dict[str, Any], fetcher: Fetcher, key_policy: KeyPolicy | None) -> list[Step]:
    proofs = proofs_of(credential)
    if not proofs:
        return [Step("proof", Outcome.FAIL, "the credential carries no proof")]
    steps: list[Step] = []
    issuer = issuer_id_of(credential)
    for number, proof in enumerate(proofs, 1):
        label = f"proof {number} ({proof.get('cryptosuite') or proof.get('type') or 'unknown'})"
        if proof.get("type") != "DataIntegrityProof":
            steps.append(Step(label, Outcome.FAIL, f"proof type {proof.get('type')!r} is not supported, so it was "
                              "not verified"))
            continue
        vm = str(proof.get("verificationMethod", ""))
        try:
            key = resolve_key(vm, fetcher, str(proof.get("proofPurpose") or "assertionMethod"))
        except CredregError as exc:
            steps.append(Step(label, Outcome.FAIL, f"key not resolved: {exc.message}"))
            continue
        if key.controller != issuer:
            steps.append(Step(label, Outcome.FAIL, f"signed by {key.controller}, but the issuer is {issuer}"))
            continue
        check = verify_proof(credential, proof, key.public_key)
        if not check.ok:
            steps.append(Step(label, Outcome.FAIL, f"signature does not verify: {check.reason}"))
            continue
        created = aware_time(proof.get("created"))
        objection = key_policy(vm, created) if key_policy else None
        if objection:
            steps.append(Step(label, Outcome.FAIL, objection))
            continue
        steps.append(Step(label, Outcome.PASS, f"signature verified with {vm} ({key.source})"))
    return steps


def _list_problems(status_list: dict[str, Any], url: str, credential: dict[str, Any], fetcher: Fetcher,
                   now: datetime) -> list[str]:
    """Why a status list cannot be trusted: wrong issuer, bad or missing proof, outside its dates."""
    problems = []
    if issuer_id_of(status_list) != issuer_id_of(credential):
        problems.append(f"issued by {issuer_id_of(status_list)!r}, not the credential's issuer")
    if status_list.get("id") not in (None, url):
        problems.append(f"its id {status_list.get('id')!r} is not its URL")
    proof_steps = _proof_steps(status_list, fetcher, None)
    problems += [s.detail for s in proof_steps if s.outcome is Outcome.FAIL]
    until = aware_time(status_list.get("validUntil"))
    if until is not None and now > until:
        problems.append(f"the list expired at {status_list['validUntil']}")
    return problems


def _date_steps(credential: dict[str, Any], now: datetime) -> list[Step]:
    steps = []
    valid_from = aware_time(credential.get("validFrom") or credential.get("issuanceDate"))
    until_raw = credential.get("validUntil") or credential.get("expirationDate")
    valid_until = aware_time(until_raw)
    if valid_from is None:
        steps.append(Step("valid from", Outcome.FAIL, "validFrom is missing or not a date-time with zone"))
    elif now < valid_from:
        steps.append(Step("valid from", Outcome.FAIL, f"not valid until {credential.get('validFrom')}",
                          Verdict.NOT_YET_VALID))
    else:
        steps.append(Step("valid from", Outcome.PASS, f"valid since {credential.get('validFrom') or credential.get('issuanceDate')}"))
    if until_raw is None:
        steps.append(Step("valid until", Outcome.PASS, "does not expire"))
    elif valid_until is None:
        steps.append(Step("valid until", Outcome.FAIL, "validUntil is not a date-time with zone"))
    elif now > valid_until:
        steps.append(Step("valid until", Outcome.FAIL, f"expired at {until_raw}", Verdict.EXPIRED))
    else:
        steps.append(Step("valid until", Outcome.PASS, f"valid until {until_raw}"))
    return steps


def _recipient_step(credential: dict[str, Any], email: str) -> Step:
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    if not identifiers:
        return Step("recipient", Outcome.FAIL, "the credential names no recipient identity to compare with")
    if any(isinstance(i, dict) and matches(i, email) for i in identifiers):
        return Step("recipient", Outcome.PASS, "the email matches the credential's recipient")
    return Step("recipient", Outcome.FAIL, "the email does not match the credential's recipient")
