"""This registry's own Open Badges 2.0 output verifies: the example site is built once, served with --map.

Every award's hosted Assertion gets the verdict its registry files imply (revocations.yaml, validUntil);
a revoked one is found revoked through the issuer's RevocationList alone too, with `revoked` stripped
from the hosted copy.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import REPO

from registry.publish.build import build_site
from registry.verify.fetch import Fetcher
from registry.verify.identity import KnownIssuers, load_trust
from registry.verify.ob2 import verify_ob2
from registry.verify.report import verify_sources

BUILD_NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]


def _awards() -> dict[str, tuple[bool, bool]]:
    """credential id -> (revoked, expired at BUILD_NOW), from its registry files."""
    revoked: set[str] = set()
    for path in (REPO / "credentials").glob("*/revocations.yaml"):
        revoked |= {str(e["credential"]) for e in (yaml.safe_load(path.read_text(encoding="utf-8")) or {})
                    .get("revocations") or []}
    verdicts = {}
    for path in sorted((REPO / "credentials").glob("*/*/awards/*.json")):
        until = json.loads(path.read_text(encoding="utf-8")).get("validUntil")
        expired = bool(until) and datetime.fromisoformat(until.replace("Z", "+00:00")) < BUILD_NOW
        verdicts[path.stem] = (path.stem in revoked, expired)
    return verdicts


FLAGS = _awards()
AWARDS = {cid: "revoked" if revoked else "expired" if expired else "valid" for cid, (revoked, expired) in FLAGS.items()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("ob2-own") / "out", now=BUILD_NOW)


def url(cid: str) -> str:
    return f"{SITE_URL}api/ob2/assertions/{cid}.json"


def test_the_example_registry_has_each_kind() -> None:
    assert {"valid", "revoked", "expired"} <= set(AWARDS.values())
    assert (True, True) in FLAGS.values()  # revoked and expired: revoked is the verdict


@pytest.mark.parametrize("cid", sorted(AWARDS))
def test_own_hosted_assertion(site: Path, cid: str) -> None:
    result = verify_ob2(url(cid), fetcher=Fetcher(maps={SITE_URL: site}), now=BUILD_NOW, source=cid)
    steps = {s.name: s.outcome.value for s in result.steps}
    expected = {"format": "pass", "verification": "pass", "badge class": "pass", "issuer": "pass",
                "status (revocation)": "fail" if FLAGS[cid][0] else "pass", "valid from": "pass",
                "valid until": "fail" if FLAGS[cid][1] else "pass", "schema": "pass"}
    assert (result.verdict.value, steps) == (AWARDS[cid], expected), [s.to_dict() for s in result.steps]


@pytest.mark.parametrize("cid", sorted(c for c, v in AWARDS.items() if v == "revoked"))
def test_own_revocation_list_alone_revokes(site: Path, tmp_path: Path, cid: str) -> None:
    hosted = json.loads((site / "api" / "ob2" / "assertions" / f"{cid}.json").read_text(encoding="utf-8"))
    assert hosted.pop("revoked") is True and hosted.pop("revocationReason")
    overlay = tmp_path / "assertions"
    overlay.mkdir()
    (overlay / f"{cid}.json").write_text(json.dumps(hosted), encoding="utf-8")
    fetcher = Fetcher(maps={SITE_URL: site, f"{SITE_URL}api/ob2/assertions/": overlay})
    result = verify_ob2(url(cid), fetcher=fetcher, now=BUILD_NOW, source=cid)
    status = next(s for s in result.steps if s.name == "status (revocation)")
    assert (result.verdict.value, status.outcome.value) == ("revoked", "fail")
    assert "revoked in " + f"{SITE_URL}api/ob2/revocations/" in status.detail


def test_own_recipient(site: Path) -> None:
    fetcher = Fetcher(maps={SITE_URL: site})
    cid = "035ffff519363a81"  # the example registry's award to yukihiro.matsumoto@example.net
    results = [verify_ob2(url(cid), fetcher=fetcher, now=BUILD_NOW, recipient=email)
               for email in ("Yukihiro.Matsumoto@example.net", "someone@example.net")]
    assert [r.verdict.value for r in results] == ["valid", "not issued to this email"]


def test_cli_routes_ob2_json(site: Path, tmp_path: Path) -> None:
    """`credreg verify` on a saved hosted Assertion (a file) and on its URL verifies it as 2.0."""
    cid = next(c for c, v in AWARDS.items() if v == "valid")
    saved = tmp_path / "assertion.json"
    saved.write_bytes((site / "api" / "ob2" / "assertions" / f"{cid}.json").read_bytes())
    fetcher = Fetcher(maps={SITE_URL: site})  # the registry's index binds its issuers' 2.0 Profiles too
    known = KnownIssuers.of(load_trust(f"{SITE_URL}api/issuers.json", fetcher))
    results: list[Any] = verify_sources([str(saved), url(cid)], fetcher, BUILD_NOW, known=known)
    assert [(r.verdict.value, r.steps[0].detail) for r in results] == [
        ("valid", "Open Badges 2.0 hosted assertion")] * 2


@pytest.mark.parametrize("kind,code", [("valid", 0), ("revoked", 1), ("expired", 1)])
def test_cli_verify_exit_code(site: Path, capsys: pytest.CaptureFixture[str], kind: str, code: int) -> None:
    from registry.cli import main
    cid = next(c for c, v in AWARDS.items() if v == kind)
    assert main(["verify", "--offline", "--no-registry", "--format", "json", "--now", "2026-11-28",
                 "--map", f"{SITE_URL}={site}", "--trust", f"{SITE_URL}api/issuers.json", url(cid)]) == code
    report = json.loads(capsys.readouterr().out)
    assert [r["verdict"] for r in report["results"]] == [kind]
