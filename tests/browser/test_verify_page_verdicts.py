"""The /verify/ page in Debian's Chromium, driven as a person would: paste, upload, `?url=`, an email.

Each credential of the tiny site (verify_site.py) gets its verdict and the step that decides it; the page
must show hostile text literally, and must never say VALID without WebCrypto Ed25519 or outside a
secure context.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import CHROMIUM, INSECURE_HOST, NO_CHROMIUM
from verify_site import EMAIL, HOSTILE, Site, outcome, paste_and_verify, result_of

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)


@pytest.mark.parametrize("name, verdict, step, expected", [
    ("valid", "VALID", "eddsa-jcs-2022", "PASS"),
    ("tampered", "INVALID", "eddsa-jcs-2022", "FAIL"),
    ("wrong-key", "INVALID", "eddsa-jcs-2022", "FAIL"),
    ("revoked", "REVOKED", "status (revocation)", "FAIL"),
    ("expired", "EXPIRED", "valid until", "FAIL"),
    ("not-yet-valid", "NOT YET VALID", "valid from", "FAIL"),
    ("no-status-list", "STATUS UNKNOWN", "status (revocation)", "UNKNOWN"),
    ("tampered-list", "STATUS UNKNOWN", "status (revocation)", "UNKNOWN"),
    ("did-key", "ISSUER NOT VERIFIED", "eddsa-jcs-2022", "PASS"),
])
def test_pasted_credential_verdicts(page: Any, site: Site, name: str, verdict: str, step: str, expected: str) -> None:
    got, steps = paste_and_verify(page, site, site.credentials[name])
    assert (got, outcome(steps, step)["outcome"]) == (verdict, expected), steps
    # The RDFC proof is checked too (bundled jsonld.js), and agrees with the JCS one.
    assert outcome(steps, "eddsa-rdfc-2022")["outcome"] == (expected if "jcs" in step else "PASS"), steps
    shown = page.inner_text("#verify-result")
    assert verdict in shown and "Intro to Python" in shown


def test_valid_credential_steps_and_summary(page: Any, site: Site, shots: Path) -> None:
    verdict, steps = paste_and_verify(page, site, site.credentials["valid"])
    assert verdict == "VALID"
    assert [(s["name"], s["outcome"]) for s in steps] == [
        ("format", "PASS"), ("schema", "WARN"), ("issuer", "PASS"), ("proof 1 (eddsa-rdfc-2022)", "PASS"),
        ("proof 2 (eddsa-jcs-2022)", "PASS"), ("status (revocation)", "PASS"), ("valid from", "PASS"),
        ("valid until", "PASS")]
    assert outcome(steps, "jcs")["detail"] == ("signature verified with did:web:registry.test:issuers:acme#key-1 "
                                               "(did:web https://registry.test/issuers/acme/did.json)")
    summary = page.inner_text(".credreg-verify__card")
    for text in ("Intro to Python", "Acme Training", "did:web:registry.test:issuers:acme"):
        assert text in summary
    assert not page.is_visible("#verify-notice")
    page.screenshot(path=str(shots / "valid.png"), full_page=True)


def test_did_key_issuer_is_flagged_as_foreign(page: Any, site: Site) -> None:
    verdict, steps = paste_and_verify(page, site, site.credentials["did-key"])
    assert verdict == "ISSUER NOT VERIFIED"
    issuer = outcome(steps, "issuer")
    assert issuer["outcome"] == "WARN" and "is not bound to this registry or any trust list given" in issuer["detail"]
    assert 'it calls itself "Acme Training", imitating "Acme Training"' in issuer["detail"]
    assert "did:key (the key is in the identifier)" in outcome(steps, "jcs")["detail"]
    assert outcome(steps, "status")["outcome"] == "WARN"


def test_failure_details(page: Any, site: Site) -> None:
    _, steps = paste_and_verify(page, site, site.credentials["tampered"])
    assert "signature does not verify" in outcome(steps, "jcs")["detail"]
    _, steps = paste_and_verify(page, site, site.credentials["wrong-key"])
    assert outcome(steps, "jcs")["detail"] == ("signed by did:web:registry.test:issuers:globex, but the issuer is "
                                               "did:web:registry.test:issuers:acme")
    _, steps = paste_and_verify(page, site, site.credentials["tampered-list"])
    assert "signature does not verify" in outcome(steps, "status")["detail"]
    _, steps = paste_and_verify(page, site, site.credentials["no-status-list"])
    assert outcome(steps, "status")["detail"].startswith(
        "status list unavailable: could not fetch https://registry.test/status/acme/9.json (from "
        f"{site.base}/status/acme/9.json): HTTP 404")


def test_url_parameter_fetches_and_verifies(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/?url=") + site.url("/credentials/valid.json"))
    verdict, _ = result_of(page)
    assert verdict == "VALID"
    assert json.loads(page.input_value("#credential-input")) == site.credentials["valid"]


def test_url_parameter_with_the_registrys_own_url(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/?url=https%3A%2F%2Fregistry.test%2Fcredentials%2Frevoked.json"))
    assert result_of(page)[0] == "REVOKED"


def test_url_parameter_that_cannot_be_fetched(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/?url=") + site.url("/credentials/nothing-here.json"))
    verdict, steps = result_of(page)
    assert verdict == "CANNOT VERIFY"
    assert steps == [{"outcome": "UNKNOWN", "name": "load",
                      "detail": f"could not fetch {site.base}/credentials/nothing-here.json: HTTP 404"}]


def test_file_upload(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/"))
    page.set_input_files("#credential-file", str(site.folder / "credentials" / "expired.json"))
    assert result_of(page)[0] == "EXPIRED"


@pytest.mark.parametrize("email, expected", [
    (EMAIL, "PASS"), ("  Ada@Example.NET ", "PASS"), ("eve@example.net", "FAIL")])
def test_recipient_email(page: Any, site: Site, email: str, expected: str) -> None:
    verdict, steps = paste_and_verify(page, site, site.credentials["valid"], email=email)
    assert outcome(steps, "recipient")["outcome"] == expected
    assert verdict == ("VALID" if expected == "PASS" else "NOT ISSUED TO THIS EMAIL")


def test_not_json(page: Any, site: Site) -> None:
    verdict, steps = paste_and_verify(page, site, "{not json")
    assert verdict == "INVALID" and steps[0]["name"] == "load" and steps[0]["detail"].startswith("not JSON")


def test_hostile_text_is_shown_literally(page: Any, site: Site) -> None:
    verdict, _ = paste_and_verify(page, site, site.credentials["hostile"])
    assert verdict == "VALID"  # validly signed: the danger is only in how it is shown
    page.wait_for_timeout(300)  # give an injected <img onerror> the time it would need
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    # The only image is the achievement's own https image, set as src and nothing else.
    images = page.eval_on_selector_all("#verify-result img", "els => els.map(e => e.getAttributeNames().sort())")
    assert images == [["alt", "class", "referrerpolicy", "src"]]
    assert page.get_attribute("#verify-result img", "alt") == HOSTILE  # an attribute's text, never markup
    assert page.inner_text(".credreg-verify__card").count(HOSTILE) == 2  # the name (= the achievement's), the issuer



def test_without_webcrypto_ed25519_nothing_is_claimed_valid(page: Any, site: Site, shots: Path) -> None:
    page.add_init_script("""(() => {
        const original = SubtleCrypto.prototype.importKey;
        SubtleCrypto.prototype.importKey = function (format, key, algorithm, ...rest) {
            const name = typeof algorithm === 'string' ? algorithm : algorithm && algorithm.name;
            if (String(name).toLowerCase() === 'ed25519') {
                return Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'));
            }
            return original.call(this, format, key, algorithm, ...rest);
        };
    })()""")
    verdict, steps = paste_and_verify(page, site, site.credentials["valid"])
    assert verdict == "CANNOT VERIFY"
    assert outcome(steps, "jcs")["outcome"] == "UNKNOWN"
    assert outcome(steps, "status")["outcome"] == "UNKNOWN"
    notice = page.inner_text("#verify-notice")
    assert page.is_visible("#verify-notice") and "does not support Ed25519" in notice
    page.screenshot(path=str(shots / "no-ed25519.png"), full_page=True)


def test_insecure_context_says_so(page: Any, site: Site) -> None:
    verdict, steps = paste_and_verify(page, site, site.credentials["valid"], host=INSECURE_HOST)
    assert page.evaluate("() => window.isSecureContext") is False
    assert verdict == "CANNOT VERIFY"
    assert "not a secure context" in outcome(steps, "jcs")["detail"]
    assert page.is_visible("#verify-notice") and "not a secure context" in page.inner_text("#verify-notice")
    _, steps = paste_and_verify(page, site, site.credentials["valid"], email=EMAIL, host=INSECURE_HOST)
    assert outcome(steps, "recipient")["outcome"] == "UNKNOWN"


def test_page_links_its_stylesheet(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/"))
    assert page.evaluate("() => [...document.styleSheets].map(s => s.href)") == [site.url("/assets/verify.css")]

