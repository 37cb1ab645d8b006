"""Published Open Badges 3.0 credentials signed by other implementations (tests/vectors/samples/, with their
sources) through the format and schema steps, and through the whole verifier offline (their keys are did:keys).

The format and schema outcomes are this change's business; the proof outcomes are asserted only where they
hold today (eddsa-rdfc-2022): the other suites are the proofs' work, named in the table as not asserted.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import pytest
from support import VECTORS

from registry.verify.fetch import Fetcher
from registry.verify.shape import format_step, schema_steps
from registry.verify.steps import Outcome
from registry.verify.verifier import verify_credential

SAMPLES = VECTORS / "samples"
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
RDFC = "proof 1 (eddsa-rdfc-2022)"

# file, format detail, [schema outcomes and the schema named], proof steps asserted {name: outcome}
CASES: list[tuple[str, str, list[tuple[Outcome, str]], dict[str, str]]] = [
    ("dcc/v1-eddsa-rdfc-didkey-OBSpecExample.json",
     "VC 1.1 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)",
     [(Outcome.PASS, "vc1/achievementcredential.json, OB 3.0 VC 1.1 era, by type")], {RDFC: "pass"}),
    ("dcc/v2-eddsa-rdfc-didkey-OBSpecExample.json",
     "VC 2.0 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)",
     [(Outcome.WARN, "achievementcredential.json, OB 3.0 VC 2.0 era, by type); proof is a single object")],
     {RDFC: "pass"}),
    ("dcc/v2-eddsa-rdfc-didkey-withSchema.json",
     "VC 2.0 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)",
     [(Outcome.WARN, "achievementcredential.json, OB 3.0 VC 2.0 era, named in credentialSchema); proof is a single")],
     {RDFC: "pass"}),
    ("dcc/v2-both-didkey-endorsement.json",
     "VC 2.0 VerifiableCredential, EndorsementCredential (OB context 3.0.3)",
     [(Outcome.PASS, "endorsementcredential.json, OB 3.0 VC 2.0 era, by type")], {RDFC: "pass"}),
    # not conformant: an issuer image as a plain URL and a subject name the VC 1.1 era schema does not allow
    ("dcc/v1-ed25519-didkey-legacy-noStatus-noExpiry.json",
     "VC 1.1 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)",
     [(Outcome.FAIL, "credentialSubject: Additional properties are not allowed ('name' was unexpected); "
                     "issuer/image: 'https://user-images.githubusercontent.com/")], {}),
]


def read(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("name, detail, schema, _", CASES, ids=[c[0] for c in CASES])
def test_sample_format_and_schema(name: str, detail: str, schema: list[tuple[Outcome, str]], _: Any) -> None:
    credential = read(name)
    assert (format_step(credential).outcome, format_step(credential).detail) == (Outcome.PASS, detail)
    steps = schema_steps(credential)
    assert [s.outcome for s in steps] == [outcome for outcome, _ in schema]
    for step, (_, words) in zip(steps, schema):
        assert words in step.detail, step.detail


@pytest.mark.parametrize("name, proofs", [(c[0], c[3]) for c in CASES], ids=[c[0] for c in CASES])
def test_sample_through_the_verifier_offline(name: str, proofs: dict[str, str]) -> None:
    result = verify_credential(read(name), fetcher=Fetcher(allow_network=False), now=NOW, source=name)
    outcomes = {s.name: s.outcome.value for s in result.steps}
    assert {k: outcomes.get(k) for k in proofs} == proofs
    assert (outcomes["valid from"], outcomes["valid until"]) == ("pass", "pass")


def test_sources_are_recorded() -> None:
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    for name, *_ in CASES:
        assert name.split("/", 1)[1] in readme
    assert "MIT" in readme
