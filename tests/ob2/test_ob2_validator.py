"""Interoperability: the Open Badges 2.0 documents the site publishes pass the 1EdTech OB 2.0 validator.

The validator is PyPI `openbadges` 1.1.2 (1EdTech's openbadges-validator-core, the code behind the
public OB 2.0 validator). It runs only on Python 3.7, so the session fixture `validator_python`
(conftest.py) makes a Python 3.7 venv in a cache folder outside the repo (reused while it matches
requirements-py37.txt) and pip installs the pinned requirements there: the only network use, PyPI, at
setup. Python 3.7 is $CREDREG_PYTHON37 when set (which must then be one), else `python3.7` on PATH,
else pyenv's versions/3.7*. Without one the tests are SKIPPED loudly; a failed install FAILS them with
pip's output.

The example registry is built once (`--now 2026-11-28`). `run_validator.py` then runs
`openbadges.verify(url, use_cache=False, cache_backend=None)` in the venv for every document, with
`requests` patched so the site's URLs are served from the built folder (with a static host's
Content-Types), https://w3id.org/openbadges/v2 from credreg's pinned copy, and anything else
refused: no network at test time. The validator compares `expires`/`issuedOn` with its clock; the
runner pins that clock (to the build date unless a case says otherwise), so results never depend on
the day the tests run.

Known validator limitation: openbadges 1.1.2 ignores `revoked: true` on hosted assertions (and never
reads the issuer's RevocationList for them), so it reports revoked hosted assertions as valid
(1EdTech/openbadges-validator-core#236, open; #212). The tests check that the validator *sees* the
revocation (revoked, revocationReason, the RevocationList entry); `test_validator_rejects_revoked`
records the limitation as a strict xfail, which turns into a failure the day a fixed validator
rejects them, so that the xfail gets removed.
"""
from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO

from registry.publish.build import build_site

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "run_validator.py"
OB2_CONTEXT_URL = "https://w3id.org/openbadges/v2"
OB2_CONTEXT_FILE = REPO / "registry" / "contexts" / "ob-v2-context.json"
VALIDATOR_VERSION = "1.1.2"
BUILD_NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
RUN_TIMEOUT = 900



def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


# --- what the example registry holds (read at collection time, to name the cases) ---------------

def _site_url() -> str:
    match = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert match, "mkdocs.yml has no site_url"
    return match.group(1) if match.group(1).endswith("/") else match.group(1) + "/"


SITE_URL = _site_url()


def _awards() -> dict[str, dict[str, Any]]:
    """credential id -> {issuer, badge, validUntil, issued, revoked, reason} from the registry's files."""
    reasons: dict[str, str] = {}
    for path in sorted((REPO / "credentials").glob("*/revocations.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entry in data.get("revocations") or []:
            reasons[str(entry["credential"])] = str(entry.get("reason", ""))
    awards: dict[str, dict[str, Any]] = {}
    for path in sorted((REPO / "credentials").glob("*/*/awards/*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        awards[path.stem] = {
            "issuer": path.parts[-4], "badge": path.parts[-3],
            "issued": doc.get("awardedDate") or doc.get("validFrom"), "validUntil": doc.get("validUntil"),
            "revoked": path.stem in reasons, "reason": reasons.get(path.stem),
        }
    return awards


AWARDS = _awards()
ISSUERS = sorted(p.parent.name for p in (REPO / "issuers").glob("*/issuer.yaml"))
BADGES = sorted(f"{p.parts[-3]}/{p.parts[-2]}" for p in (REPO / "credentials").glob("*/*/badge.yaml"))


def _endorsements() -> dict[str, str]:
    """endorsement id -> `issuer/badge` it endorses, for the example's endorsements that are not withdrawn (a
    withdrawn one has no OB 2.0 document: 2.0 has no way to say an Endorsement was withdrawn)."""
    withdrawn = set()
    for path in sorted((REPO / "credentials").glob("*/revocations.yaml")):
        withdrawn |= {str(e["credential"]) for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
            "revocations") or []}
    out = {}
    for path in sorted((REPO / "credentials").glob("*/endorsements/*.json")):
        subject = json.loads(path.read_text(encoding="utf-8"))["credentialSubject"]["id"]
        if path.stem not in withdrawn and "/badges/" in subject:
            out[path.stem] = "/".join(subject.rstrip("/").split("/")[-2:])
    return out


ENDORSEMENTS = _endorsements()


def _expired(info: dict[str, Any]) -> bool:
    return bool(info["validUntil"]) and _parse(info["validUntil"]) < BUILD_NOW


REVOKED = sorted(cid for cid, info in AWARDS.items() if info["revoked"])
EXPIRED = sorted(cid for cid, info in AWARDS.items() if not info["revoked"] and _expired(info))
CURRENT = sorted(cid for cid, info in AWARDS.items() if not info["revoked"] and not _expired(info))


def assertion_url(cid: str) -> str:
    return f"{SITE_URL}api/ob2/assertions/{cid}.json"


def badge_url(key: str) -> str:
    return f"{SITE_URL}api/ob2/badges/{key}.json"


def issuer_url(issuer: str) -> str:
    return f"{SITE_URL}api/ob2/issuers/{issuer}.json"


def endorsement_url(eid: str) -> str:
    return f"{SITE_URL}api/ob2/endorsements/{eid}.json"


def revocations_url(issuer: str) -> str:
    return f"{SITE_URL}api/ob2/revocations/{issuer}.json"


def _before_expiry(cid: str) -> datetime:
    """A moment inside the award's validity window: the build date, else one second before expiry."""
    info = AWARDS[cid]
    if not _expired(info):
        return BUILD_NOW
    return _parse(info["validUntil"]) - timedelta(seconds=1)


# Tampered copies of a current assertion, served from an overlay folder at their own URL (so `id`
# matches where they are fetched from): (change, expected failing check, text in its message).
TAMPERED_BASE = CURRENT[0] if CURRENT else None
TAMPERED: dict[str, tuple[Any, str, str]] = {
    "badge-not-on-site": (lambda d: d.update(badge=f"{SITE_URL}api/ob2/badges/{AWARDS[TAMPERED_BASE]['issuer']}"
                                                   "/no-such-badge.json"),
                          "FETCH_HTTP_NODE", "no-such-badge.json"),
    "badge-off-site": (lambda d: d.update(badge="https://badges.attacker.example/badge.json"),
                       "FETCH_HTTP_NODE", "badges.attacker.example"),
    "recipient-missing": (lambda d: d.pop("recipient"), "VALIDATE_PROPERTY", "Required property recipient"),
    "recipient-hash-malformed": (lambda d: d["recipient"].update(identity="sha256$not-a-hash"),
                                 "IDENTITY_OBJECT_PROPERTY_DEPENDENCIES", "must match known hash style"),
    "issuedOn-without-timezone": (lambda d: d.update(issuedOn=d["issuedOn"].rstrip("Z")),
                                  "VALIDATE_PROPERTY", "DATETIME property issuedOn"),
    "issued-in-the-future": (lambda d: d.update(issuedOn=_iso(BUILD_NOW + timedelta(days=30))),
                             "ASSERTION_TIMESTAMP_CHECKS", "in the future"),
}


def tampered_url(name: str) -> str:
    return f"{SITE_URL}api/ob2/assertions/tampered-{name}.json"


# --- the site and the validator's verdicts -------------------------------------------------------------

@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("ob2-site") / "out", now=BUILD_NOW)


@pytest.fixture(scope="session")
def overlay(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder served before the site: the tampered assertions."""
    root = tmp_path_factory.mktemp("ob2-overlay")
    if TAMPERED_BASE is None:
        return root
    base = json.loads((site / "api" / "ob2" / "assertions" / f"{TAMPERED_BASE}.json").read_text(encoding="utf-8"))
    folder = root / "api" / "ob2" / "assertions"
    folder.mkdir(parents=True)
    for name, (change, _, _) in TAMPERED.items():
        doc = copy.deepcopy(base)
        doc["id"] = tampered_url(name)
        change(doc)
        (folder / f"tampered-{name}.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return root


def _jobs() -> list[tuple[str, datetime]]:
    """Every (document URL, validator clock) the tests look at."""
    jobs = [(assertion_url(cid), BUILD_NOW) for cid in sorted(AWARDS)]
    jobs += [(assertion_url(cid), _before_expiry(cid)) for cid in EXPIRED + REVOKED]
    jobs += [(badge_url(key), BUILD_NOW) for key in BADGES]
    jobs += [(issuer_url(i), BUILD_NOW) for i in ISSUERS]
    jobs += [(revocations_url(i), BUILD_NOW) for i in ISSUERS]
    jobs += [(tampered_url(name), BUILD_NOW) for name in TAMPERED]
    jobs += [(endorsement_url(eid), BUILD_NOW) for eid in ENDORSEMENTS]
    return list(dict.fromkeys(jobs))


@pytest.fixture(scope="session")
def verdicts(validator_python: Path, site: Path, overlay: Path) -> dict[tuple[str, str], dict[str, Any]]:
    """(url, clock) -> the runner's JSON line, from one run of the validator over every document."""
    jobs = _jobs()
    cmd = [str(validator_python), str(RUNNER), "--site", str(overlay), "--site", str(site), "--site-url", SITE_URL,
           "--context", f"{OB2_CONTEXT_URL}={OB2_CONTEXT_FILE}", "--now", _iso(BUILD_NOW),
           *[url if moment == BUILD_NOW else f"{url}|{_iso(moment)}" for url, moment in jobs]]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=RUN_TIMEOUT,
                          env={**os.environ, "PYTHONNOUSERSITE": "1"})
    if proc.returncode != 0:
        pytest.fail(f"run_validator.py failed (exit {proc.returncode})\n--- stdout ---\n{proc.stdout[-5000:]}\n"
                    f"--- stderr ---\n{proc.stderr[-10000:]}", pytrace=False)
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    results = {(line["url"], line["now"]): line for line in lines}
    missing = [job for job in jobs if (job[0], _iso(job[1])) not in results]
    assert not missing, f"the runner gave no verdict for {missing}\n--- stderr ---\n{proc.stderr[-5000:]}"
    return results


def verdict(verdicts: dict[tuple[str, str], dict[str, Any]], url: str, moment: datetime = BUILD_NOW) -> dict[str, Any]:
    return verdicts[(url, _iso(moment))]


def describe(v: dict[str, Any]) -> str:
    """The validator's verdict, readable in an assertion message."""
    out = [f"openbadges {VALIDATOR_VERSION} on {v['url']} at {v['now']}: valid={v['valid']} "
           f"errors={v['errorCount']} warnings={v['warningCount']}"]
    out += [f"  ERROR   [{m.get('name')}] {m.get('result')}" for m in v["errors"]]
    out += [f"  WARNING [{m.get('name')}] {m.get('result')}" for m in v["warnings"]]
    if v["refused"]:
        out.append(f"  refused (off-site) URLs: {v['refused']}")
    return "\n".join(out)


def assert_clean(v: dict[str, Any], expected_types: set[str]) -> None:
    """Valid, no error, nothing fetched off-site, every expected node in the validator's graph."""
    assert v["valid"] is True and v["errorCount"] == 0 and not v["errors"], describe(v)
    assert v["openBadgesVersion"] == "2.0", describe(v)
    assert v["refused"] == [], describe(v)
    found = set(v["graphTypes"].values())
    assert expected_types <= found, f"graph has {found}, expected {expected_types}\n{describe(v)}"
    if v["warnings"]:  # not a failure, but never silent
        print(describe(v))


# --- the cases ---------------------------------------------------------------------------------------

def test_cases_match_the_built_site(site: Path) -> None:
    """The cases named from the registry's files are exactly the documents the site publishes."""
    listed = json.loads((site / "api" / "credentials.json").read_text(encoding="utf-8"))
    published = {c["id"]: (c["ob2Assertion"], c["revoked"]) for c in listed["credentials"]}
    assert published == {cid: (assertion_url(cid), info["revoked"]) for cid, info in AWARDS.items()}
    ob2 = site / "api" / "ob2"
    assert sorted(p.stem for p in (ob2 / "assertions").glob("*.json")) == sorted(AWARDS)
    assert sorted(f"{p.parent.name}/{p.stem}" for p in (ob2 / "badges").glob("*/*.json")) == BADGES
    assert sorted(p.stem for p in (ob2 / "issuers").glob("*.json")) == ISSUERS
    assert sorted(p.stem for p in (ob2 / "revocations").glob("*.json")) == ISSUERS
    for cid in AWARDS:  # the expiry the cases assume is the one the site published
        doc = json.loads((ob2 / "assertions" / f"{cid}.json").read_text(encoding="utf-8"))
        assert doc["id"] == assertion_url(cid) and doc.get("expires") == AWARDS[cid]["validUntil"]
        assert doc.get("revoked", False) is AWARDS[cid]["revoked"]
    assert CURRENT and REVOKED, "the example registry should have current and revoked credentials"


@pytest.mark.parametrize("cid", CURRENT)
def test_current_assertion_is_valid(verdicts: dict, cid: str) -> None:
    """A current, non-revoked hosted Assertion: valid, 0 errors, its BadgeClass and Issuer followed."""
    v = verdict(verdicts, assertion_url(cid))
    assert_clean(v, {"Assertion", "BadgeClass", "Issuer"})
    info = AWARDS[cid]
    served = {url: status for url, status, _ in v["fetched"]}
    for url in (assertion_url(cid), badge_url(f"{info['issuer']}/{info['badge']}"), issuer_url(info["issuer"])):
        assert served.get(url) == 200, f"{url} was not fetched by the validator: {v['fetched']}"
    images = [(url, ctype) for url, status, ctype in v["fetched"] if url.endswith((".svg", ".png"))]
    assert images and all(status == 200 for _, status, _ in v["fetched"]), v["fetched"]


@pytest.mark.parametrize("cid", EXPIRED)
def test_expired_assertion_is_valid_before_its_expiry(verdicts: dict, cid: str) -> None:
    """A non-revoked Assertion that has expired by the build date: valid while it was current."""
    assert_clean(verdict(verdicts, assertion_url(cid), _before_expiry(cid)), {"Assertion", "BadgeClass", "Issuer"})


@pytest.mark.parametrize("cid", EXPIRED)
def test_expired_assertion_is_rejected_after_its_expiry(verdicts: dict, cid: str) -> None:
    """At the build date the validator rejects it for its expiry, and for nothing else."""
    v = verdict(verdicts, assertion_url(cid))
    assert v["valid"] is False and v["errorCount"] == 1, describe(v)
    [error] = v["errors"]
    assert error["name"] == "ASSERTION_TIMESTAMP_CHECKS", describe(v)
    assert f"expired on {AWARDS[cid]['validUntil']}" in error["result"], describe(v)


@pytest.mark.parametrize("cid", REVOKED)
def test_revoked_assertion_carries_its_revocation(verdicts: dict, cid: str) -> None:
    """The validator reads `revoked: true` and the reason, and the issuer's RevocationList names it."""
    info = AWARDS[cid]
    v = verdict(verdicts, assertion_url(cid), _before_expiry(cid))
    # Structurally sound: no error other than a revocation one.
    assert not [e for e in v["errors"] if "revoked" not in e["result"].lower()], describe(v)
    node = v["graphAssertion"]
    assert node and node.get("revoked") is True, f"validator graph node: {node}"
    assert node.get("revocationReason") == info["reason"], f"validator graph node: {node}"
    rl = verdict(verdicts, revocations_url(info["issuer"]))
    entries = rl["graphAssertion"].get("revokedAssertions")
    entries = entries if isinstance(entries, list) else [entries]
    assert {"id": assertion_url(cid), "revocationReason": info["reason"]} in entries, describe(rl)


@pytest.mark.xfail(strict=True, reason="openbadges 1.1.2 ignores `revoked: true` on hosted assertions and never reads "
                   "the RevocationList for them (1EdTech/openbadges-validator-core#236, #212): it reports them valid")
@pytest.mark.parametrize("cid", REVOKED)
def test_validator_rejects_revoked(verdicts: dict, cid: str) -> None:
    """What the OB 2.0 spec asks of a verifier: a revoked hosted Assertion is invalid, saying why."""
    v = verdict(verdicts, assertion_url(cid), _before_expiry(cid))
    assert v["valid"] is False, describe(v)
    assert any("revoked" in e["result"].lower() for e in v["errors"]), describe(v)


@pytest.mark.parametrize("key", BADGES)
def test_badge_class_is_valid(verdicts: dict, key: str) -> None:
    """Each BadgeClass on its own: valid, with its image fetched and its Issuer followed."""
    v = verdict(verdicts, badge_url(key))
    assert_clean(v, {"BadgeClass", "Issuer"})
    issuer, badge = key.split("/")
    image = f"{SITE_URL}badges/{issuer}/{badge}/"
    assert [f for f in v["fetched"] if f[0].startswith(image) and f[1] == 200], v["fetched"]


@pytest.mark.parametrize("eid", list(ENDORSEMENTS))
def test_endorsement_is_valid(verdicts: dict, site: Path, eid: str) -> None:
    """Each OB 2.0 Endorsement derived from a signed EndorsementCredential: valid, its claim the BadgeClass."""
    v = verdict(verdicts, endorsement_url(eid))
    assert_clean(v, {"Endorsement"})
    assert v["graphAssertion"]["claim"] == f"{SITE_URL}api/ob2/badges/{ENDORSEMENTS[eid]}.json" or \
        v["graphAssertion"]["claim"].get("id") == f"{SITE_URL}api/ob2/badges/{ENDORSEMENTS[eid]}.json", describe(v)


def test_endorsed_badge_classes_list_their_holding_endorsements(verdicts: dict) -> None:
    """A BadgeClass lists the endorsements holding at the build; the validator follows them as Endorsements."""
    listed = {key: verdict(verdicts, badge_url(key))["graphAssertion"].get("endorsement") for key in BADGES}
    listed = {k: sorted(v if isinstance(v, list) else [v]) for k, v in listed.items() if v}
    assert listed == {  # the expired (web-performance) and withdrawn (junior-product-designer) ones are not
        "northlight-design-school/product-design-certificate": [endorsement_url(e) for e, k in ENDORSEMENTS.items()
                                                               if k.endswith("product-design-certificate")],
        "northlight-design-school/ux-research-basics": [endorsement_url(e) for e, k in ENDORSEMENTS.items()
                                                        if k.endswith("ux-research-basics")],
        "sprintwise/vetted-frontend-developer": [endorsement_url(e) for e, k in ENDORSEMENTS.items()
                                                 if k.endswith("vetted-frontend-developer")],
    }


@pytest.mark.parametrize("issuer", ISSUERS)
def test_issuer_profile_is_valid(verdicts: dict, site: Path, issuer: str) -> None:
    v = verdict(verdicts, issuer_url(issuer))
    assert_clean(v, {"Issuer"})
    # openbadges 1.1.2 checks the Profile image's URL form but never fetches it: check it is on the site.
    image = v["graphAssertion"].get("image")
    if image:
        assert image.startswith(SITE_URL) and image.endswith((".svg", ".png")), image
        assert (site / image[len(SITE_URL):]).is_file(), f"{image} is not published by the site"


@pytest.mark.parametrize("issuer", ISSUERS)
def test_revocation_list_is_valid(verdicts: dict, issuer: str) -> None:
    v = verdict(verdicts, revocations_url(issuer))
    assert_clean(v, {"RevocationList"})
    entries = v["graphAssertion"].get("revokedAssertions") or []
    entries = entries if isinstance(entries, list) else [entries]
    assert sorted(e["id"] for e in entries) == sorted(assertion_url(c) for c in REVOKED
                                                      if AWARDS[c]["issuer"] == issuer), describe(v)


@pytest.mark.parametrize("name", list(TAMPERED))
def test_tampered_assertion_is_invalid(verdicts: dict, name: str) -> None:
    """A copy of a valid assertion, changed one way, is rejected by the validator for that change."""
    _, check, text = TAMPERED[name]
    v = verdict(verdicts, tampered_url(name))
    assert v["valid"] is False and v["errorCount"] >= 1, describe(v)
    assert any(e["name"] == check and text in e["result"] for e in v["errors"]), describe(v)
    assert v["refused"] == (["https://badges.attacker.example/badge.json"] if name == "badge-off-site" else []), \
        describe(v)


def test_untampered_base_is_valid(verdicts: dict) -> None:
    """The tampered copies start from an assertion the validator accepts."""
    assert TAMPERED_BASE is not None
    assert_clean(verdict(verdicts, assertion_url(TAMPERED_BASE)), {"Assertion", "BadgeClass", "Issuer"})
