"""One step per proof of a document: resolve its key, check the issuer controls it, verify the signature."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..crypto.dataintegrity import proofs_of, verify_proof
from ..errors import CredregError
from ..ob3.fields import aware_time, issuer_id_of
from .fetch import Fetcher
from .key_history import key_history_objection
from .resolve import resolve_key
from .steps import Outcome, Step

# Extra judgement on a resolved key for this registry's own issuers: (verificationMethod, signing time) →
# a failing detail, or None when the key was valid then, or no opinion for keys it does not know.
KeyPolicy = Callable[[str, datetime | None], str | None]


def proof_steps(credential: dict[str, Any], fetcher: Fetcher, key_policy: KeyPolicy | None) -> list[Step]:
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
        check = verify_proof(credential, proof, key.ed25519_raw or b"")
        if not check.ok:
            steps.append(Step(label, Outcome.FAIL, f"signature does not verify: {check.reason}"))
            continue
        history = key_history_objection(vm, proof.get("created"), fetcher)  # the issuer's key history
        if history:
            steps.append(Step(label, history.outcome, history.detail, history.verdict))
            continue
        created = aware_time(proof.get("created"))
        objection = key_policy(vm, created) if key_policy else None
        if objection:
            steps.append(Step(label, Outcome.FAIL, objection))
            continue
        steps.append(Step(label, Outcome.PASS, f"signature verified with {vm} ({key.source})"))
    return steps


