"""One step per proof of a document: resolve its key, check the issuer controls it, verify the signature.

The proof rule, as in the browser: a proof of a type or cryptosuite credreg does not know is a WARN
on that proof and is not counted; a known proof that fails is a FAIL (INVALID); a known proof whose
key document cannot be fetched is UNKNOWN (CANNOT_VERIFY). The credential needs one PASS proof made
with a key its issuer controls; when no proof passed and none failed, a `proofs` step says so.
"""
from __future__ import annotations

from typing import Any

from ..crypto.dataintegrity import proofs_of
from ..crypto.publickeys import describe_key
from ..crypto.suites import known, known_names, suite_of, verify_any
from ..errors import CredregError, FetchError
from ..ob3.fields import issuer_id_of
from .fetch import Fetcher
from .key_history import key_history_objection
from .resolve import resolve_key
from .steps import Outcome, Step, Verdict

ASSERTION = "assertionMethod"


def proof_steps(credential: dict[str, Any], fetcher: Fetcher) -> list[Step]:
    """A step per proof, then a `proofs` step if none could be counted (see the module docstring)."""
    proofs = proofs_of(credential)
    if not proofs:
        return [Step("proofs", Outcome.FAIL, "the credential carries no proof, so nothing shows who issued it")]
    issuer = issuer_id_of(credential)
    steps = [_proof_step(credential, proof, f"proof {number} ({suite_of(proof)})", issuer, fetcher)
             for number, proof in enumerate(proofs, 1)]
    uncounted = none_counted(steps)
    return steps + [uncounted] if uncounted else steps


def none_counted(steps: list[Step]) -> Step | None:
    """The `proofs` step (UNKNOWN, CANNOT_VERIFY) when no proof passed and none failed, else None."""
    outcomes = {step.outcome for step in steps}
    if Outcome.PASS in outcomes or Outcome.FAIL in outcomes:
        return None
    reason = ("none of its proofs is of a kind credreg checks" if outcomes == {Outcome.WARN}
              else "no proof's key could be fetched, and no other proof verified")
    return Step("proofs", Outcome.UNKNOWN, f"no signature could be checked: {reason}", Verdict.CANNOT_VERIFY)


def _proof_step(credential: dict[str, Any], proof: dict[str, Any], label: str, issuer: str | None,
                fetcher: Fetcher) -> Step:
    """The step for one proof, following the proof rule."""
    suite = suite_of(proof)
    if not known(proof):
        return Step(label, Outcome.WARN, f"{suite} is not a proof type or cryptosuite credreg checks, so this proof "
                    f"was not verified and does not count (credreg checks {', '.join(known_names())})")
    purpose = proof.get("proofPurpose")
    if purpose is not None and purpose != ASSERTION:  # a missing one fails with the signature check
        return Step(label, Outcome.FAIL, f"proof purpose {purpose!r} does not assert a credential: an issuer's "
                    f"proof has proofPurpose {ASSERTION}")
    vm = proof.get("verificationMethod")
    if not isinstance(vm, str) or not vm:
        return Step(label, Outcome.FAIL, "the proof names no verificationMethod")
    try:
        key = resolve_key(vm, fetcher, ASSERTION)
    except FetchError as exc:
        return Step(label, Outcome.UNKNOWN, f"key not checked: {exc.message}; the signature could not be verified",
                    Verdict.CANNOT_VERIFY)
    except CredregError as exc:
        return Step(label, Outcome.FAIL, f"key not resolved: {exc.message}")
    if key.controller != issuer:
        return Step(label, Outcome.FAIL, f"signed by {key.controller}, but the issuer is {issuer}")
    check = verify_any(credential, proof, key.key)
    if not check.ok:
        return Step(label, Outcome.FAIL, f"{suite} signature does not verify: {check.reason}")
    history = key_history_objection(vm, proof.get("created"), fetcher)  # the issuer's published key history
    if history:
        return Step(label, history.outcome, history.detail, history.verdict)
    return Step(label, Outcome.PASS, f"signature verified with {vm} ({key.source}); {describe_key(key.key)} key")
