"""Awarding, revoking and the check's verification of signed files, with real keys and signatures."""
from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import award_for, fixture_signing_key

from registry.award import issue
from registry.check import check_registry
from registry.errors import CredregError, UsageError
from registry.ob3.recipient import identity_hash
from registry.ob3.schema import schema_errors
from registry.ob3.statuslist import decode, set_indexes

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def ctx_for(root: Path, issuer: str = "acme", when: datetime = NOW, key_id: str = "key-1") -> issue.Context:
    return issue.open_registry(root, fixture_signing_key(issuer, key_id), when)


def award(root: Path, email: str = "ada@example.net", badge: str = "acme/intro-python", when: datetime = NOW,
          seed: int = 1, **details: object) -> Path:
    details.setdefault("results", {"quality": "good"})
    return award_for(root, when, badge=badge, email=email, seed=seed, **details)


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def codes(root: Path) -> list[tuple[str, str]]:
    return sorted((p.code, p.file) for p in check_registry(root).problems)


def test_award_is_a_valid_ob3_credential(signing_registry: Path) -> None:
    path = award(signing_registry, "Ada@Example.net ", name="Ada Lovelace", evidence=("https://ex.example/ada",))
    cred = load(path)
    assert schema_errors(cred, "achievementcredential.json") == []
    assert cred["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                                "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"]
    assert cred["id"] == f"https://registry.test/credentials/{path.stem}.json"
    assert cred["issuer"]["id"] == "did:web:registry.test:issuers:acme"
    assert [p["cryptosuite"] for p in cred["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    assert cred["credentialSchema"][0]["id"].endswith("ob_v3p0_achievementcredential_schema.json")
    identity = cred["credentialSubject"]["identifier"][0]
    assert identity["identityHash"] == identity_hash("ada@example.net", identity["salt"])
    assert "ada@example.net" not in path.read_text().lower()  # only the hash is stored
    assert cred["credentialStatus"]["statusListCredential"] == "https://registry.test/status/acme/1.json"
    assert cred["credentialSubject"]["result"][-1] == {
        "type": ["Result"], "resultDescription": "https://registry.test/badges/acme/intro-python/#rubric-v1-total",
        "value": "5", "status": "Completed"}
    assert check_registry(signing_registry).problems == ()


def test_same_person_links_within_an_issuer_only(signing_registry: Path) -> None:
    first = load(award(signing_registry, seed=1))
    second = load(award(signing_registry, badge="acme/python-developer", seed=2,  # it requires the first, earlier
                        when=NOW.replace(day=3)))
    other = load(award(signing_registry, badge="globex/data-basics", seed=3))
    hashes = [c["credentialSubject"]["identifier"][0]["identityHash"] for c in (first, second, other)]
    assert hashes[0] == hashes[1] != hashes[2]


def test_validity_months_set_valid_until(signing_registry: Path) -> None:
    badge = signing_registry / "credentials/acme/intro-python/badge.yaml"
    badge.write_text(badge.read_text() + "validity:\n  months: 24\n")
    assert load(award(signing_registry))["validUntil"] == "2028-03-02T10:00:00Z"


@pytest.mark.parametrize("details, message", [
    ({"results": {}}, "no result for criterion 'quality' of rubric v1"),
    ({"results": {"quality": "fair"}}, "these results total 2 points; rubric v1 needs 3 to pass"),
    ({"results": {"quality": "superb"}}, "criterion 'quality' has no level 'superb'"),
    ({"results": {"quality": "good", "style": "good"}}, "rubric v1 of acme/intro-python has no criterion 'style'"),
    ({"evidence": ("http://ex.example/x",)}, "evidence 'http://ex.example/x' is not an https:// URL"),
    ({"email": "not-an-email"}, "'not-an-email' is not an email address"),
    ({"badge": "globex/data-basics"}, "'globex/data-basics' is not a badge class of 'acme' (the key's issuer)"),
    ({"badge": "acme/nope"}, "no badge class 'acme/nope'"),
], ids=["missing-result", "below-threshold", "unknown-level", "unknown-criterion", "http-evidence", "bad-email",
        "other-issuers-badge", "unknown-badge"])
def test_bad_award_requests(signing_registry: Path, details: dict, message: str) -> None:
    ctx = ctx_for(signing_registry)
    args = {"results": {"quality": "good"}, **details}
    badge, email = args.pop("badge", "acme/intro-python"), args.pop("email", "ada@example.net")
    with pytest.raises(CredregError) as info:
        issue.award_one(ctx, badge, email, NOW, random.Random(1), **args)
    assert info.value.message == message
    assert not list(signing_registry.glob("credentials/*/*/awards/*.json"))


def test_csv_awards_all_rows(signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,name,evidence,result:quality\n"
                        "a@example.net,Ann,https://ex.example/a,good\n"
                        "b@example.net,,,good\n"
                        "c@example.net,Cy,https://ex.example/c https://ex.example/c2,good\n")
    seen = []
    paths = issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW, random.Random(4),
                            progress=lambda stage, done, total: seen.append((done, total)))
    assert len(paths) == 3 and seen[-1] == (3, 3)
    assert len(load(paths[2])["evidence"]) == 2
    assert check_registry(signing_registry).problems == ()


def test_csv_bad_row_writes_nothing_and_names_the_row(signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,result:quality\na@example.net,good\nb@example.net,fair\nc@example.net,good\n")
    with pytest.raises(CredregError) as info:
        issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW, random.Random(4))
    assert info.value.message == f"{csv_file}:3: these results total 2 points; rubric v1 needs 3 to pass"
    assert "nothing was written" in info.value.hint
    assert not list(signing_registry.glob("credentials/*/*/awards/*.json"))


def test_revoke_sets_the_signed_status_bit(signing_registry: Path) -> None:
    path = award(signing_registry)
    later = datetime(2026, 4, 1, tzinfo=timezone.utc)
    record, status_path = issue.revoke(ctx_for(signing_registry, when=later), path.stem, "Copied work", later)
    index = int(load(path)["credentialStatus"]["statusListIndex"])
    status = load(status_path)
    assert set_indexes(decode(status["credentialSubject"]["encodedList"])) == [index]
    assert len(decode(status["credentialSubject"]["encodedList"])) * 8 == 131_072
    assert f"credential: {path.stem}" in record.read_text()
    assert check_registry(signing_registry).problems == ()
    with pytest.raises(CredregError, match="already revoked"):
        issue.revoke(ctx_for(signing_registry, when=later), path.stem, "again", later)


@pytest.mark.parametrize("reason, message, hint", [
    pytest.param("Copied\u202e work", "--reason: revocations.0.reason contains the hidden character U+202E "
                 "RIGHT-TO-LEFT OVERRIDE at position 7", "remove it: hidden and direction-changing characters can "
                 "make text read differently than it is", id="bidi override"),
    pytest.param("y" * 501, "--reason: revocations.0.reason is longer than the limit of 500", "shorten it",
                 id="too long"),
])
def test_revoke_refuses_a_reason_the_check_would_refuse(signing_registry: Path, reason: str, message: str,
                                                        hint: str) -> None:
    """Refused as a bad command-line value, before the record is written or the status list re-signed."""
    path = award(signing_registry)
    status = signing_registry / "credentials/acme/status/1.json"
    signed = status.read_bytes()
    later = datetime(2026, 4, 1, tzinfo=timezone.utc)
    with pytest.raises(UsageError) as caught:
        issue.revoke(ctx_for(signing_registry, when=later), path.stem, reason, later)
    assert (caught.value.message, caught.value.hint) == (message, hint)
    assert not (signing_registry / "credentials/acme/revocations.yaml").exists() and status.read_bytes() == signed


def test_status_indexes_are_random_and_unique(signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "many.csv"
    csv_file.write_text("email,result:quality\n" + "".join(f"p{i}@example.net,good\n" for i in range(40)))
    paths = issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW, random.Random(9))
    indexes = [int(load(p)["credentialStatus"]["statusListIndex"]) for p in paths]
    assert len(set(indexes)) == 40
    assert indexes != sorted(indexes)


def tamper(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_tampering_with_an_award_fails_the_check_naming_file_and_step(signing_registry: Path) -> None:
    path = award(signing_registry)
    tamper(path, '"value": "5"', '"value": "50"')
    problems = check_registry(signing_registry).problems
    rel = path.relative_to(signing_registry).as_posix()
    assert [(p.code, p.file) for p in problems] == [("award-signature", rel)] * 2
    assert problems[0].message.startswith("proof 1 (eddsa-rdfc-2022) does not verify: signature mismatch")
    assert problems[0].line > 1


def test_editing_a_used_rubric_is_caught(signing_registry: Path) -> None:
    award(signing_registry)
    tamper(signing_registry / "credentials/acme/intro-python/rubrics/v1.yaml", "points: 5", "points: 6")
    problems = check_registry(signing_registry).problems
    assert [p.code for p in problems] == ["award-rubric"]
    assert "restore it and put changes in a new version" in problems[0].hint


def test_unrecorded_revocation_is_caught(signing_registry: Path) -> None:
    path = award(signing_registry)
    (signing_registry / "credentials/acme/revocations.yaml").write_text(
        f'revocations:\n  - credential: {path.stem}\n    revokedAt: "2026-04-01T00:00:00Z"\n    reason: x\n')
    assert codes(signing_registry) == [("status-list-mismatch", "credentials/acme/status/1.json")]


def test_missing_status_list_is_caught(signing_registry: Path) -> None:
    award(signing_registry)
    (signing_registry / "credentials/acme/status/1.json").unlink()
    assert codes(signing_registry) == [("missing-status-list", "credentials/acme/status/1.json")]


def test_award_filed_under_the_wrong_badge(signing_registry: Path) -> None:
    path = award(signing_registry)
    target = signing_registry / "credentials/acme/python-developer/awards" / path.name
    target.parent.mkdir()
    path.rename(target)
    assert codes(signing_registry) == [("award-badge", target.relative_to(signing_registry).as_posix())]


def test_award_copied_to_another_issuer(signing_registry: Path) -> None:
    path = award(signing_registry)
    target = signing_registry / "credentials/globex/data-basics/awards" / path.name
    target.parent.mkdir()
    path.rename(target)
    rel = target.relative_to(signing_registry).as_posix()
    found = codes(signing_registry)
    assert ("award-issuer", rel) in found and ("award-key", rel) in found and ("award-badge", rel) in found


def test_a_key_revoked_as_compromised_voids_later_signatures(signing_registry: Path) -> None:
    early = award(signing_registry, when=datetime(2026, 1, 10, tzinfo=timezone.utc), seed=1)
    late = award(signing_registry, when=datetime(2026, 2, 10, tzinfo=timezone.utc), seed=2)
    issuer_yaml = signing_registry / "issuers/acme/issuer.yaml"
    tamper(issuer_yaml, '    validFrom: "2025-01-01T00:00:00Z"\n',
           '    validFrom: "2025-01-01T00:00:00Z"\n    revokedAt: "2026-03-01T00:00:00Z"\n'
           '    revocationReason: compromised\n    compromisedSince: "2026-02-01T00:00:00Z"\n')
    problems = [p for p in check_registry(signing_registry).problems if p.code == "award-key"]
    assert {p.file for p in problems} == {late.relative_to(signing_registry).as_posix()}
    assert "compromised" in problems[0].message
    assert early.exists()


def test_retired_key_cannot_award(signing_registry: Path) -> None:
    issuer_yaml = signing_registry / "issuers/acme/issuer.yaml"
    tamper(issuer_yaml, '    validFrom: "2025-01-01T00:00:00Z"\n',
           '    validFrom: "2025-01-01T00:00:00Z"\n    validUntil: "2026-01-01T00:00:00Z"\n')
    with pytest.raises(CredregError, match="may not sign now"):
        ctx_for(signing_registry)


def test_cache_skips_verified_signatures_but_never_hides_tampering(signing_registry: Path, tmp_path: Path) -> None:
    path = award(signing_registry)
    assert check_registry(signing_registry, cache_dir=tmp_path / "c").problems == ()
    assert any((tmp_path / "c").iterdir())
    tamper(path, '"value": "5"', '"value": "4"')
    assert [p.code for p in check_registry(signing_registry, cache_dir=tmp_path / "c").problems] == ["award-signature"] * 2


def test_cache_inside_the_tree_is_ignored(signing_registry: Path) -> None:
    award(signing_registry)
    assert check_registry(signing_registry, cache_dir=signing_registry / "cache").problems == ()
    assert not (signing_registry / "cache").exists()


@pytest.mark.parametrize("old, new, expected", [
    ('"created": "2026-03-02T10:00:00Z"', '"created": "2026-03-02T10:00:00"', ["award-proof"]),
    ('"validFrom": "2026-03-02T10:00:00Z"', '"validFrom": "2026-03-02T10:00:00"',
     ["award-dates", "award-signature", "award-signature"]),
], ids=["zoneless-proof-created", "zoneless-valid-from"])
def test_zoneless_times_are_problems_not_crashes(signing_registry: Path, old: str, new: str,
                                                 expected: list[str]) -> None:
    path = award(signing_registry)
    tamper(path, old, new)
    assert sorted(p.code for p in check_registry(signing_registry).problems) == expected
