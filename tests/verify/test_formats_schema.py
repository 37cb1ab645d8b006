"""The schema step: each credential against the official 1EdTech schema of its own era (VC 2.0 or VC 1.1) and
type, or the one its credentialSchema names; each case with the exact outcomes and the schema it names."""
from __future__ import annotations

import copy
import time
from typing import Any

import pytest
from test_formats import OB, VC2, edit, vc1, vc2

from registry.ob3.schema import KNOWN_SCHEMA_URLS, SchemaChoice, choose_schemas
from registry.verify.shape import schema_steps
from registry.verify.steps import Outcome

ACHIEVEMENT_VC2 = "achievementcredential.json, OB 3.0 VC 2.0 era"
ENDORSEMENT_VC2 = "endorsementcredential.json, OB 3.0 VC 2.0 era"
ACHIEVEMENT_VC1 = "vc1/achievementcredential.json, OB 3.0 VC 1.1 era"
ENDORSEMENT_VC1 = "vc1/achievementcredential.json#/$defs/EndorsementCredential, OB 3.0 VC 1.1 era"
SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/"
PROOF = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofPurpose": "assertionMethod",
         "verificationMethod": "did:web:issuer.example#key-1", "proofValue": "z3xyz"}


def endorsement(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` as an EndorsementCredential about the issuer."""
    doc = copy.deepcopy(doc)
    doc["type"] = ["VerifiableCredential", "EndorsementCredential"]
    doc["credentialSubject"] = {"id": "https://issuer.example/", "type": ["EndorsementSubject"],
                                "endorsementComment": "In good standing."}
    return doc


def named(doc: dict[str, Any], *urls: str) -> dict[str, Any]:
    """`doc` naming `urls` in credentialSchema."""
    return edit(doc, credentialSchema=[{"id": u, "type": "1EdTechJsonSchemaValidator2019"} for u in urls])


# name, credential, [(outcome, words the detail must hold), ...]
CASES: list[tuple[str, dict[str, Any], list[tuple[Outcome, str]]]] = [
    ("vc2-achievement", vc2(), [(Outcome.PASS, f"matches the official OB 3.0 schema ({ACHIEVEMENT_VC2}, by type)")]),
    ("vc2-endorsement", endorsement(vc2()), [(Outcome.PASS, f"({ENDORSEMENT_VC2}, by type)")]),
    ("vc1-achievement", vc1(), [(Outcome.PASS, f"matches the official OB 3.0 schema ({ACHIEVEMENT_VC1}, by type)")]),
    ("vc1-ob-3.0.3-achievement", vc1("context-3.0.3.json"), [(Outcome.PASS, ACHIEVEMENT_VC1)]),
    ("vc1-endorsement", endorsement(vc1()), [(Outcome.PASS, f"({ENDORSEMENT_VC1}, by type)")]),
    # the VC 1.1 era schema accepts the JSON-LD single values its era allowed; the VC 2.0 one wants arrays
    ("vc1-single-object-proof", edit(vc1(), proof=PROOF), [(Outcome.PASS, ACHIEVEMENT_VC1)]),
    ("vc1-type-as-a-string", edit(vc1(), type="OpenBadgeCredential"), [(Outcome.PASS, ACHIEVEMENT_VC1)]),
    ("vc2-single-object-proof", edit(vc2(), proof=PROOF), [
        (Outcome.WARN, f"matches the official OB 3.0 schema ({ACHIEVEMENT_VC2}, by type); proof is a single object, "
                       "OB 3.0 JSON wants an array (accepted)")]),
    ("vc2-single-object-proof-and-a-violation", edit(vc2(), proof=PROOF, name=3), [
        (Outcome.FAIL, "name: 3 is not of type 'string'; proof is a single object, OB 3.0 JSON wants an array")]),
    ("vc2-proof-array", edit(vc2(), proof=[PROOF]), [(Outcome.PASS, ACHIEVEMENT_VC2)]),
    # each era's own required date field: the bug of checking VC 1.1 against the VC 2.0 schema is gone
    ("vc2-with-issuanceDate-instead-of-validFrom", edit(vc2(), validFrom=None, issuanceDate="2026-01-01T00:00:00Z"),
     [(Outcome.FAIL, f"does not match the official OB 3.0 schema ({ACHIEVEMENT_VC2}, by type): "
                     "(root): 'validFrom' is a required property")]),
    ("vc1-with-validFrom-instead-of-issuanceDate", edit(vc1(), issuanceDate=None, validFrom="2026-01-01T00:00:00Z"),
     [(Outcome.FAIL, f"({ACHIEVEMENT_VC1}, by type): (root): 'issuanceDate' is a required property")]),
    ("vc1-missing-name", edit(vc1(), name=None), [(Outcome.FAIL, "'name' is a required property")]),
    ("vc1-endorsement-extra-property", edit(endorsement(vc1()), evidence=[]),
     [(Outcome.FAIL, "Additional properties are not allowed ('evidence' was unexpected)")]),
    ("vc2-image-as-a-plain-url", edit(vc2(), image="https://issuer.example/i.png"),
     [(Outcome.FAIL, "image: 'https://issuer.example/i.png' is not of type 'object'")]),
    # credentialSchema names the schema: its kind, in the credential's own era
    ("named-achievement-json", named(vc2(), SCHEMA + "json/ob_v3p0_achievementcredential_schema.json"),
     [(Outcome.PASS, f"({ACHIEVEMENT_VC2}, named in credentialSchema)")]),
    ("named-achievement-json-on-vc1", named(vc1(), SCHEMA + "json/ob_v3p0_achievementcredential_schema.json"),
     [(Outcome.PASS, f"({ACHIEVEMENT_VC1}, named in credentialSchema)")]),
    ("named-any-achievement-json-ld", named(vc1(), SCHEMA + "json-ld/ob_v3p0_anyachievementcredential_schema.json"),
     [(Outcome.PASS, f"({ACHIEVEMENT_VC1}, named in credentialSchema)")]),
    ("named-endorsement-on-an-achievement", named(vc2(), SCHEMA + "json/ob_v3p0_endorsementcredential_schema.json"),
     [(Outcome.FAIL, f"({ENDORSEMENT_VC2}, named in credentialSchema)")]),
    ("named-both-kinds", named(vc2(), SCHEMA + "json/ob_v3p0_achievementcredential_schema.json",
                               SCHEMA + "json/ob_v3p0_endorsementcredential_schema.json"),
     [(Outcome.FAIL, f"does not match the official OB 3.0 schema ({ENDORSEMENT_VC2}, named in credentialSchema): "
                     "type: ['VerifiableCredential', 'OpenBadgeCredential'] does not contain items")]),
    ("named-unknown-schema-is-said-not-fetched", named(vc2(), "https://evil.example/schema.json"),
     [(Outcome.PASS, "(credentialSchema 'https://evil.example/schema.json' is not a 1EdTech schema credreg ships: "
                     "not checked)")]),
    ("named-schema-entry-not-an-object", edit(vc2(), credentialSchema=["x", 3, None]),
     [(Outcome.FAIL, "credentialSchema")]),
    # no OB type, no OB schema
    ("plain-vc", edit(vc2(), context=[VC2], type=["VerifiableCredential"]),
     [(Outcome.WARN, "not an Open Badges 3.0 credential type; no OB schema applies")]),
    ("lookalike-type-gets-no-ob-schema", edit(vc2(), type=["VerifiableCredential", "OpenBadgeCredentiaI"]),
     [(Outcome.WARN, "not an Open Badges 3.0 credential type")]),
    ("not-a-vc", edit(vc2(), context=[OB + "context-3.0.3.json"]),
     [(Outcome.WARN, "not a Verifiable Credential; no OB schema applies")]),
]


@pytest.mark.parametrize("credential, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_schema_steps(credential: dict[str, Any], expected: list[tuple[Outcome, str]]) -> None:
    steps = schema_steps(credential)
    assert [(s.name, s.outcome) for s in steps] == [("schema", outcome) for outcome, _ in expected]
    for step, (_, words) in zip(steps, expected):
        assert words in step.detail, step.detail


def test_every_known_schema_url_maps_to_a_shipped_schema_of_both_eras() -> None:
    for url, kind in KNOWN_SCHEMA_URLS.items():
        for era in ("VC 2.0", "VC 1.1"):
            [choice] = choose_schemas(named(vc2(), url), ("VerifiableCredential",), era)
            assert choice == SchemaChoice(kind, era, "named in credentialSchema")


def test_hostile_credential_schema_lists_are_bounded() -> None:
    doc = named(vc2(), *[f"https://evil.example/{i}" for i in range(100_000)])
    started = time.monotonic()
    [step] = schema_steps(doc)
    assert time.monotonic() - started < 1.0
    assert step.outcome is Outcome.FAIL and len(step.detail) < 800
    assert "the credential holds more than 2,000 objects and arrays, too many to check against the schema" in step.detail


def test_a_credential_just_under_the_node_limit_is_checked() -> None:
    doc = edit(vc2(), evidence=[{"id": f"https://issuer.example/e/{i}", "type": ["Evidence"]} for i in range(900)])  # 1,800 objects and arrays
    started = time.monotonic()
    [step] = schema_steps(doc)
    assert (step.outcome, time.monotonic() - started < 2.0) == (Outcome.PASS, True)


def test_the_vc1_schema_is_1edtechs_of_that_era() -> None:
    """The VC 1.1 era file is the 1EdTech one: issuanceDate required, single values allowed."""
    import json
    from importlib import resources
    text = resources.files("registry.schemas").joinpath("ob-v3p0", "vc1", "achievementcredential.json").read_text()
    schema = json.loads(text)
    assert schema["$id"] == "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/achievementcredentialv3p0.schema.json"
    assert schema["required"] == ["@context", "id", "type", "name", "credentialSubject", "issuer", "issuanceDate"]
    assert len(text) == 66157 and "validFrom" not in text
