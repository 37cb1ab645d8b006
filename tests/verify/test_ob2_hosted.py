"""Open Badges 2.0 hosted assertions: a table of named cases, each with its exact verdict and step outcomes.

The world is tests/vectors/ob2/example (an issuer on https://badges.example.org/), served offline through
the Fetcher's `local` resolver; each case changes a copy of it the way a forger or a broken host would.
Also 1EdTech's own 2.0 sample documents (tests/vectors/ob2/1edtech).
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from support import VECTORS

from registry.verify.fetch import Fetcher
from registry.verify.ob2 import verify_ob2

EX = VECTORS / "ob2" / "example"
H = "https://badges.example.org/"
ASSERTION, BADGE, ISSUER, REVOCATIONS = H + "assertions/1.json", H + "badges/robotics.json", H + "issuer.json", \
    H + "revocations.json"
EVIL = "https://badges.attacker.example/"
NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
EMAIL = "sam@example.org"
World = dict[str, Any]


def load(name: str) -> Any:
    return json.loads((EX / name).read_text(encoding="utf-8"))


def world() -> World:
    """URL -> document of the example issuer."""
    return {ASSERTION: load("assertion.json"), BADGE: load("badge.json"), ISSUER: load("issuer.json"),
            REVOCATIONS: load("revocations.json")}


def run(docs: World, material: Any, recipient: str | None = None, now: datetime = NOW) -> Any:
    fetcher = Fetcher(local=lambda url: copy.deepcopy(docs.get(url)))
    return verify_ob2(material, fetcher=fetcher, now=now, source="case", recipient=recipient)


def outcomes(result: Any) -> dict[str, str]:
    names = [s.name for s in result.steps]
    assert len(names) == len(set(names)), f"a step name repeats: {names}"
    return {s.name: s.outcome.value for s in result.steps}


OK = {"format": "pass", "verification": "pass", "badge class": "pass", "issuer": "pass",
      "status (revocation)": "pass", "valid from": "pass", "valid until": "pass", "schema": "pass"}


def hashed(email: str, salt: str | None, algorithm: str = "sha256") -> dict[str, Any]:
    identity = {"type": "email", "hashed": True,
                "identity": f"{algorithm}${hashlib.new(algorithm, (email + (salt or '')).encode()).hexdigest()}"}
    return {**identity, "salt": salt} if salt is not None else identity


def hosted_elsewhere(w: World, base: str = EVIL) -> str:
    """The example Assertion copied to another origin (its id changed to match): what a forger can host."""
    url = base + "assertions/1.json"
    w[url] = {**w[ASSERTION], "id": url}
    return url


def edit(url: str, **changes: Any) -> Callable[[World], str]:
    """A case that changes (None removes) properties of one document and verifies the Assertion by URL."""
    def apply(w: World) -> str:
        for key, value in changes.items():
            if value is None:
                w[url].pop(key, None)
            else:
                w[url][key] = value
        return ASSERTION
    return apply


def then(*steps: Callable[[World], Any]) -> Callable[[World], Any]:
    def apply(w: World) -> Any:
        result = None
        for step in steps:
            result = step(w)
        return result
    return apply


def allow(**policy: Any) -> Callable[[World], str]:
    return edit(ISSUER, verification={"type": "VerificationObject", **policy})


# (name, change the world and return what is handed in, recipient, verdict, step outcomes different from OK)
CASES: list[tuple[str, Callable[[World], Any], str | None, str, dict[str, str | None]]] = [
    ("valid-by-url", lambda w: ASSERTION, None, "valid", {}),
    ("valid-as-json", lambda w: copy.deepcopy(w[ASSERTION]), None, "valid", {}),
    ("valid-as-json-text", lambda w: "\n " + json.dumps(w[ASSERTION]), None, "valid", {}),
    ("json-text-with-duplicate-keys", lambda w: '{"id": 1, "id": 2}', None, "invalid",
     {"format": "fail", **dict.fromkeys(list(OK)[1:])}),
    ("json-text-lone-surrogate", lambda w: '{"id": "\ud800"', None, "invalid",
     {"format": "fail", **dict.fromkeys(list(OK)[1:])}),
    ("url-with-surrounding-space", lambda w: f"  {ASSERTION}\n", None, "valid", {}),
    ("recipient-matches-sha256", lambda w: ASSERTION, " Sam@Example.org ", "valid", {"recipient": "pass"}),
    ("recipient-differs", lambda w: ASSERTION, "someone@example.org", "not issued to this email",
     {"recipient": "fail"}),
    ("recipient-md5", then(edit(ASSERTION, recipient=hashed(EMAIL, "s", "md5"))), EMAIL, "valid", {"recipient": "pass"}),
    ("recipient-md5-differs", then(edit(ASSERTION, recipient=hashed(EMAIL, "s", "md5"))), "x@example.org",
     "not issued to this email", {"recipient": "fail"}),
    ("recipient-salt-missing-means-unsalted", edit(ASSERTION, recipient=hashed(EMAIL, None)), EMAIL, "valid",
     {"recipient": "pass"}),
    ("recipient-salt-dropped-from-salted-hash",
     lambda w: (w[ASSERTION]["recipient"].pop("salt"), ASSERTION)[1], EMAIL, "not issued to this email",
     {"recipient": "fail"}),
    ("recipient-plaintext", edit(ASSERTION, recipient={"type": "email", "hashed": False, "identity": EMAIL}),
     "SAM@example.org", "valid", {"recipient": "pass"}),
    ("recipient-not-an-email", edit(ASSERTION, recipient={"type": "url", "hashed": False, "identity": H}), EMAIL,
     "not issued to this email", {"recipient": "fail"}),
    ("recipient-hash-malformed", edit(ASSERTION, recipient={"type": "email", "hashed": True, "identity": "sha256$zz"}),
     EMAIL, "invalid", {"recipient": "fail"}),
    ("recipient-unknown-algorithm", edit(ASSERTION, recipient={"type": "email", "hashed": True, "identity": "sha1$ab"}),
     EMAIL, "invalid", {"recipient": "fail"}),
    # the handed-in copy only names the URL; the hosted copy is what counts
    ("id-mismatch-on-refetch", lambda w: (w[ASSERTION].update(id=H + "assertions/2.json"),
                                          {**load("assertion.json")})[1], None, "invalid",
     {"verification": "fail", "badge class": None, "issuer": None, "status (revocation)": None, "valid from": None,
      "valid until": None, "schema": None}),
    ("tampered-copy-recipient-ignored", lambda w: {**w[ASSERTION], "recipient": hashed("eve@example.net", "x")},
     "eve@example.net", "not issued to this email", {"verification": "warning", "recipient": "fail"}),
    ("tampered-copy-expiry-ignored", lambda w: (w[ASSERTION].update(expires="2026-02-01T00:00:00Z"),
                                                {**w[ASSERTION], "expires": "2099-01-01T00:00:00Z"})[1],
     None, "expired", {"verification": "warning", "valid until": "fail"}),
    ("handed-id-not-https", lambda w: {**w[ASSERTION], "id": "http://badges.example.org/assertions/1.json"}, None,
     "invalid", {"verification": "fail", **dict.fromkeys(list(OK)[2:])}),
    ("handed-id-urn", lambda w: {**w[ASSERTION], "id": "urn:uuid:1"}, None, "invalid",
     {"verification": "fail", **dict.fromkeys(list(OK)[2:])}),
    ("assertion-unreachable", lambda w: (w.pop(ASSERTION), ASSERTION)[1], None, "cannot verify",
     {"verification": "unknown", **dict.fromkeys(list(OK)[2:])}),
    ("handed-signed-json", lambda w: {**w[ASSERTION], "verification": {"type": "SignedBadge"}}, None, "cannot verify",
     {"verification": "unknown", **dict.fromkeys(list(OK)[2:])}),
    ("hosted-copy-says-signed", edit(ASSERTION, verification={"type": "signed"}), None, "invalid",
     {"verification": "fail", **dict.fromkeys(list(OK)[2:])}),
    ("not-an-assertion", edit(ASSERTION, type="BadgeClass"), None, "invalid",
     {"format": "fail", **dict.fromkeys(list(OK)[1:])}),
    ("v1-context-is-a-warning", edit(ASSERTION, **{"@context": "https://w3id.org/openbadges/v1"}), None, "valid",
     {"format": "warning"}),
    # origins: the Assertion must be hosted where its issuer's verification policy allows
    ("hosted-on-another-origin", hosted_elsewhere, None, "invalid", {"issuer": "fail"}),
    ("hosted-on-another-port", lambda w: hosted_elsewhere(w, "https://badges.example.org:8443/"), None, "invalid",
     {"issuer": "fail"}),
    ("allowed-origin-listed", then(allow(allowedOrigins=["cdn.example.org", "badges.attacker.example"]),
                                   hosted_elsewhere), None, "valid", {}),
    ("allowed-origins-exclude-own-host", then(allow(allowedOrigins="cdn.example.org")), None, "invalid",
     {"issuer": "fail"}),
    ("starts-with-matches", allow(startsWith=[H + "assertions/"]), None, "valid", {}),
    ("starts-with-differs", allow(startsWith=H + "earned/"), None, "invalid", {"issuer": "fail"}),
    ("starts-with-empty", allow(startsWith=[]), None, "invalid", {"issuer": "fail"}),
    ("verification-property-not-id", allow(verificationProperty="badge"), None, "invalid", {"issuer": "fail"}),
    ("embedded-issuer-policy-ignored",  # a forged BadgeClass embeds the real issuer's id with a policy of its own
     lambda w: (w.update({EVIL + "badge.json": {**w[BADGE], "id": EVIL + "badge.json", "issuer": {
         "id": ISSUER, "type": "Issuer", "verification": {"allowedOrigins": "badges.attacker.example"}}}}),
         w[hosted_elsewhere(w)].update(badge=EVIL + "badge.json"), EVIL + "assertions/1.json")[2],
     None, "invalid", {"issuer": "fail"}),
    # the BadgeClass and the issuer Profile
    ("assertion-issuer-differs-from-badge-issuer", edit(ASSERTION, issuer=EVIL + "issuer.json"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("badge-class-not-a-badge-class", edit(BADGE, type="Issuer"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("badge-class-says-another-id", edit(BADGE, id=H + "badges/other.json"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("badge-class-unreachable", lambda w: (w.pop(BADGE), ASSERTION)[1], None, "cannot verify",
     {"badge class": "unknown", **dict.fromkeys(list(OK)[3:])}),
    ("badge-class-not-https", edit(ASSERTION, badge="http://badges.example.org/badges/robotics.json"), None,
     "invalid", {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("badge-class-embedded", lambda w: (w[ASSERTION].update(badge={**w[BADGE], "id": "urn:uuid:b"}), ASSERTION)[1],
     None, "valid", {}),
    ("issuer-not-a-profile", edit(ISSUER, type="BadgeClass"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("issuer-says-another-id", edit(ISSUER, id=EVIL + "issuer.json"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    ("issuer-unreachable", lambda w: (w.pop(ISSUER), ASSERTION)[1], None, "cannot verify",
     {"badge class": "unknown", **dict.fromkeys(list(OK)[3:])}),
    ("issuer-not-https", edit(BADGE, issuer="http://badges.example.org/issuer.json"), None, "invalid",
     {"badge class": "fail", **dict.fromkeys(list(OK)[3:])}),
    # revocation
    ("revoked-not-a-boolean", edit(ASSERTION, revoked="true"), None, "invalid", {"schema": "fail"}),
    ("revoked-in-hosted-assertion", edit(ASSERTION, revoked=True, revocationReason="Cheated"), None, "revoked",
     {"status (revocation)": "fail"}),
    ("revoked-stripped-to-id", lambda w: (w.update({ASSERTION: {"id": ASSERTION, "revoked": True}}), ASSERTION)[1],
     None, "revoked", {"badge class": None, "issuer": None, "status (revocation)": "fail", "valid from": None,
                       "valid until": None, "schema": None}),
    ("revoked-in-list-as-object", lambda w: (w[REVOCATIONS]["revokedAssertions"].append(
        {"id": ASSERTION, "revocationReason": "Awarded in error"}), ASSERTION)[1], None, "revoked",
     {"status (revocation)": "fail"}),
    ("revoked-in-list-as-string", lambda w: (w[REVOCATIONS]["revokedAssertions"].append(ASSERTION), ASSERTION)[1],
     None, "revoked", {"status (revocation)": "fail"}),
    ("revoked-in-list-by-uid", lambda w: (w[ASSERTION].update(uid="abc123"), w[REVOCATIONS]["revokedAssertions"]
                                          .append({"uid": "abc123"}), ASSERTION)[2], None, "revoked",
     {"status (revocation)": "fail"}),
    ("revocation-list-of-another-issuer", then(edit(REVOCATIONS, issuer=EVIL + "issuer.json")), None,
     "status unknown", {"status (revocation)": "unknown"}),
    ("revocation-list-unreachable", lambda w: (w.pop(REVOCATIONS), ASSERTION)[1], None, "status unknown",
     {"status (revocation)": "unknown"}),
    ("revocation-list-not-a-list", edit(REVOCATIONS, type="Issuer"), None, "status unknown",
     {"status (revocation)": "unknown"}),
    ("revocation-list-not-https", edit(ISSUER, revocationList="http://badges.example.org/revocations.json"), None,
     "status unknown", {"status (revocation)": "unknown"}),
    ("no-revocation-list", edit(ISSUER, revocationList=None), None, "valid", {"status (revocation)": "warning"}),
    # dates
    ("expired", edit(ASSERTION, expires="2026-05-31T23:59:59Z"), None, "expired", {"valid until": "fail"}),
    ("expires-not-a-date", edit(ASSERTION, expires="soon"), None, "invalid", {"valid until": "fail"}),
    ("issued-in-the-future", edit(ASSERTION, issuedOn="2026-07-01T00:00:00+02:00"), None, "not yet valid",
     {"valid from": "fail"}),
    ("issued-without-time-zone", edit(ASSERTION, issuedOn="2026-01-15T10:00:00"), None, "invalid",
     {"valid from": "fail"}),
    ("issued-on-missing", edit(ASSERTION, issuedOn=None), None, "invalid", {"valid from": "fail", "schema": "fail"}),
    ("badge-class-lacks-name", edit(BADGE, name=None), None, "invalid", {"schema": "fail"}),
    ("badge-class-name-not-text", edit(BADGE, name={"en": "x"}), None, "invalid", {"schema": "fail"}),
    ("issuer-lacks-email", edit(ISSUER, email=None), None, "invalid", {"schema": "fail"}),
    ("recipient-hashed-not-boolean", edit(ASSERTION, recipient={**load("assertion.json")["recipient"], "hashed": "true"}),
     None, "invalid", {"schema": "fail"}),
    # what is handed in is not an Assertion at all
    ("garbage-text", lambda w: "not a badge", None, "invalid", {"format": "fail", **dict.fromkeys(list(OK)[1:])}),
    ("a-number", lambda w: 42, None, "invalid", {"format": "fail", **dict.fromkeys(list(OK)[1:])}),
]


@pytest.mark.parametrize("name,change,recipient,verdict,changed", CASES, ids=[c[0] for c in CASES])
def test_hosted_case(name: str, change: Callable[[World], Any], recipient: str | None, verdict: str,
                     changed: dict[str, str | None]) -> None:
    docs = world()
    result = run(docs, change(docs), recipient)
    expected = {k: v for k, v in {**OK, **({"recipient": "pass"} if recipient else {}), **changed}.items() if v}
    assert (result.verdict.value, outcomes(result)) == (verdict, expected), [s.to_dict() for s in result.steps]
    assert all(s.detail for s in result.steps)


def test_1edtech_sample_assertion_verifies() -> None:
    """1EdTech's 2_0_basic sample (validator-core test components), awarded to nobody@example.org."""
    sample = VECTORS / "ob2" / "1edtech"
    docs = {json.loads(p.read_text(encoding="utf-8"))["id"]: json.loads(p.read_text(encoding="utf-8"))
            for p in sample.glob("*.json")}
    result = run(docs, docs["https://example.org/beths-robotics-badge.json"], "nobody@example.org")
    assert result.verdict.value == "valid"
    assert outcomes(result) == {**OK, "status (revocation)": "warning", "recipient": "pass"}
    assert run(docs, "https://example.org/beths-robotics-badge.json", "beth@example.org").verdict.value == \
        "not issued to this email"


def test_a_url_naming_another_id_is_verified_at_that_id() -> None:
    """A handed URL (an alias, a redirect) whose document names another https id: the id is fetched and verified."""
    docs = world()
    docs[H + "a/1"] = docs[ASSERTION]
    result = run(docs, H + "a/1")
    assert (result.verdict.value, result.credential_id) == ("valid", ASSERTION)
    assert f"the URL handed in, {H}a/1, names this id" in result.steps[1].detail


@pytest.mark.parametrize("known,verdict,issuer_step", [(None, "valid", "pass"), ({ISSUER}, "valid", "pass"),
                                                       (set(), "issuer not verified", "warning")])
def test_issuer_known(known: set[str] | None, verdict: str, issuer_step: str) -> None:
    """With a judge of issuers (this registry, trust lists), an unknown one is ISSUER_NOT_VERIFIED, never VALID."""
    fetcher = Fetcher(local=lambda url: copy.deepcopy(world().get(url)))
    result = verify_ob2(ASSERTION, fetcher=fetcher, now=NOW, issuer_known=None if known is None else known.__contains__)
    assert (result.verdict.value, outcomes(result)["issuer"]) == (verdict, issuer_step)


def test_unknown_issuer_does_not_hide_a_revocation() -> None:
    docs = world()
    docs[ASSERTION]["revoked"] = True
    result = verify_ob2(ASSERTION, fetcher=Fetcher(local=docs.get), now=NOW, issuer_known=lambda _: False)
    assert result.verdict.value == "revoked"
