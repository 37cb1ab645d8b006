"""The /verify/ page as an Open Badges displayer, in Debian's Chromium: what it shows of a credential (image, name,
description, issuer and whether it is verified, issue date, expiry, revocation), the amber banner of a signature
that holds for an issuer nothing binds, re-verifying with fresh fetches, the plain sentence for a document the
browser may not fetch (a second origin that sends no CORS headers), and a hostile credential shown as text.

Credentials of issuers outside the registry are signed here with a key derived from a public seed.
"""
from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from serve_support import serving
from support import CHROMIUM, NO_CHROMIUM
from verify_site import HOSTILE, Site, outcome, paste_and_verify, result_of

from registry.crypto.dataintegrity import create_proof
from registry.crypto.multikey import encode_public_key

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
CREATED = "2026-03-02T10:00:00Z"
AMBER = "rgb(254, 243, 199)"  # .credreg-status--unverified


def _key(seed: str) -> tuple[Ed25519PrivateKey, str]:
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"credreg-display:{seed}".encode()).digest())
    return private, encode_public_key(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def resigned(base: dict[str, Any], issuer_did: str, vm: str, private: Ed25519PrivateKey, **changes: Any) -> dict[str, Any]:
    """`base` issued by `issuer_did` with `changes`, signed with both eddsa suites by `vm`."""
    doc = {k: copy.deepcopy(v) for k, v in base.items() if k not in ("proof", "credentialStatus")}
    doc.update(copy.deepcopy(changes))
    doc["issuer"]["id"] = issuer_did
    doc["credentialSubject"]["achievement"]["creator"]["id"] = issuer_did
    doc["proof"] = [create_proof(doc, private, vm, suite, CREATED) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    return doc


def did_key_credential(site: Site, **changes: Any) -> dict[str, Any]:
    private, multikey = _key("did-key")
    did = f"did:key:{multikey}"
    return resigned(site.credentials["valid"], did, f"{did}#{multikey}", private, **changes)


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory: pytest.TempPathFactory, site: Site) -> Iterator[tuple[str, Path]]:
    """A second origin (127.0.0.1, another port) serving a status list and a DID document without CORS headers."""
    folder = tmp_path_factory.mktemp("other-origin")
    (folder / "status.json").write_bytes((site.folder / "status" / "acme" / "1.json").read_bytes())
    (folder / "did.json").write_text('{"id": "did:web:issuer.other.test"}')
    with serving(folder) as port:  # no Access-Control-Allow-Origin: another origin's page may not read it
        yield f"http://127.0.0.1:{port}", folder


def banner(page: Any) -> dict[str, str]:
    return page.eval_on_selector(".credreg-verify__banner", """b => ({kind: b.dataset.kind,
        background: getComputedStyle(b).backgroundColor, text: b.textContent})""")


def field(page: Any, name: str) -> str:
    return str(page.inner_text(f'.credreg-verify__card dd[data-field="{name}"]'))


def test_valid_credential_is_displayed_with_every_field(page: Any, site: Site, shots: Path) -> None:
    verdict, _ = paste_and_verify(page, site, site.credentials["valid"])
    assert verdict == "VALID" and banner(page)["kind"] == "valid"
    credential = site.credentials["valid"]
    image = credential["credentialSubject"]["achievement"]["image"]["id"]
    assert page.get_attribute(".credreg-verify__card img", "src") == image
    assert page.inner_text(".credreg-verify__name") == credential["name"]
    assert page.inner_text(".credreg-verify__description") == \
        credential["credentialSubject"]["achievement"]["description"].strip()
    assert field(page, "issuer") == "Acme Training (did:web:registry.test:issuers:acme)"
    assert field(page, "issuer-verified").startswith("yes: did:web:registry.test:issuers:acme is \"Acme Training\" "
                                                     "in the registry index https://registry.test/api/issuers.json")
    assert field(page, "issued") == credential["awardedDate"]
    assert field(page, "expires") == credential.get("validUntil", "does not expire")
    assert field(page, "status") == "not revoked (checked against the issuer's signed status list)"
    page.screenshot(path=str(shots / "display-valid.png"), full_page=True)


def test_revoked_and_expired_show_in_the_card(page: Any, site: Site) -> None:
    paste_and_verify(page, site, site.credentials["revoked"])
    assert field(page, "status").startswith("revoked or suspended: entry ")
    paste_and_verify(page, site, site.credentials["expired"])
    assert field(page, "expires") == site.credentials["expired"]["validUntil"]


def test_did_key_issuer_is_amber_never_green(page: Any, site: Site, shots: Path) -> None:
    verdict, steps = paste_and_verify(page, site, did_key_credential(site))
    assert verdict == "ISSUER NOT VERIFIED"
    shown = banner(page)
    assert (shown["kind"], shown["background"]) == ("unverified", AMBER)
    assert "nothing binds the issuer to this registry or a trust list" in shown["text"]
    assert outcome(steps, "jcs")["outcome"] == "PASS" and outcome(steps, "issuer")["outcome"] == "WARN"
    assert field(page, "issuer-verified").startswith("no: did:key:")
    assert 'imitating "Acme Training"' in field(page, "issuer-verified")
    page.screenshot(path=str(shots / "display-issuer-not-verified.png"), full_page=True)


def test_reverify_fetches_again(page: Any, site: Site) -> None:
    page.goto(site.url("/verify/?url=") + site.url("/credentials/valid.json"))
    assert result_of(page)[0] == "VALID"
    page.route("**/status/acme/1.json", lambda route: route.fulfill(status=404, body=""))
    page.click("#reverify-button")
    page.wait_for_function("() => document.querySelector('#verify-result').dataset.verdict === 'STATUS UNKNOWN'")
    assert banner(page)["background"] == AMBER
    page.unroute("**/status/acme/1.json")
    page.click("#reverify-button")
    page.wait_for_function("() => document.querySelector('#verify-result').dataset.verdict === 'VALID'")


def test_a_document_without_cors_headers_is_explained(page: Any, site: Site, other_origin: tuple[str, Path]) -> None:
    base, _ = other_origin
    url = f"{base}/status.json"
    status = {"id": f"{url}#1", "type": "BitstringStatusListEntry", "statusPurpose": "revocation",
              "statusListIndex": "1", "statusListCredential": url}
    verdict, steps = paste_and_verify(page, site, did_key_credential(site, credentialStatus=status))
    assert verdict == "STATUS UNKNOWN"
    sentence = (f"the browser was not allowed to fetch {url} (the server does not allow cross-origin requests); "
                f"credreg verify {url} fetches it directly")
    assert outcome(steps, "status")["detail"] == "status list unavailable: " + sentence
    assert page.inner_text(".credreg-verify__blocked") == "T" + sentence[1:] + "."


def test_a_did_document_without_cors_headers_is_explained(page: Any, site: Site, other_origin: tuple[str, Path]) -> None:
    """did:web resolves over https; the test's https host redirects to the second origin, which sends no CORS headers."""
    private, _ = _key("did-web")
    did = "did:web:issuer.other.test"
    page.route("https://issuer.other.test/.well-known/did.json", lambda route: route.fulfill(
        status=302, headers={"Location": f"{other_origin[0]}/did.json", "Access-Control-Allow-Origin": "*"}))
    verdict, steps = paste_and_verify(page, site, resigned(site.credentials["valid"], did, f"{did}#key-1", private))
    assert verdict == "CANNOT VERIFY", [s for s in steps if s["outcome"] != "PASS"]
    assert outcome(steps, "jcs")["detail"] == (
        "key not resolved: the browser was not allowed to fetch https://issuer.other.test/.well-known/did.json (the "
        "server does not allow cross-origin requests); credreg verify https://issuer.other.test/.well-known/did.json "
        "fetches it directly")
    assert "https://issuer.other.test/.well-known/did.json" in page.inner_text(".credreg-verify__blocked")


def test_hostile_name_and_javascript_image_stay_inert(page: Any, site: Site) -> None:
    base = copy.deepcopy(site.credentials["valid"])
    base["credentialSubject"]["achievement"]["image"] = {"id": "javascript:window.__pwned=1", "type": "Image"}
    base["credentialSubject"]["achievement"]["description"] = HOSTILE
    base["issuer"]["name"] = HOSTILE
    verdict, steps = paste_and_verify(page, site, did_key_credential(site, name=HOSTILE, credentialSubject=base[
        "credentialSubject"], issuer=base["issuer"]))
    assert verdict == "ISSUER NOT VERIFIED", [s for s in steps if s["outcome"] != "PASS"]  # validly signed: the danger is only in how it is shown
    page.wait_for_timeout(300)  # the time an injected <img onerror> or a javascript: URL would need
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.eval_on_selector_all("#verify-result img", "els => els.length") == 0
    assert page.inner_text(".credreg-verify__name") == HOSTILE
    assert page.inner_text(".credreg-verify__description") == HOSTILE
    assert field(page, "issuer").startswith(HOSTILE)
