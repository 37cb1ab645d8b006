"""One source layout and one URL layout: every source path classifies back to what built it, and every
published file's path comes from the URL it serves."""
from __future__ import annotations

from pathlib import Path

import pytest

from registry import layout
from registry.config import load_site_urls
from registry.errors import CredregError
from registry.layout import FileKind
from registry.urls import SiteUrls

URLS = SiteUrls.parse("https://badges.example.org/reg/")

BUILT = [  # (name, path a builder gives, kind, issuer, badge, stem)
    ("issuer", layout.issuer_file("acme"), FileKind.ISSUER, "acme", "", ""),
    ("issuer image", layout.image_file(layout.issuer_folder("acme"), "logo.svg"), FileKind.IMAGE, "acme", "", "logo.svg"),
    ("badge", layout.badge_file("acme", "intro"), FileKind.BADGE, "acme", "intro", ""),
    ("badge image", layout.image_file(layout.badge_folder("acme", "intro"), "badge.png"), FileKind.IMAGE, "acme",
     "intro", "badge.png"),
    ("rubric", layout.rubric_file("acme", "intro", 3), FileKind.RUBRIC, "acme", "intro", "v3"),
    ("award", layout.award_file("acme", "intro", "0123456789abcdef"), FileKind.AWARD, "acme", "intro",
     "0123456789abcdef"),
    ("key statement", layout.key_statement_file("acme", "key-2027"), FileKind.KEY_STATEMENT, "acme", "", "key-2027"),
    ("revocations", layout.revocations_file("acme"), FileKind.REVOCATIONS, "acme", "", ""),
    ("status list", layout.status_list_file("acme"), FileKind.STATUS_LIST, "acme", "", "1"),
]


@pytest.mark.parametrize("path, kind, issuer, badge, stem", [c[1:] for c in BUILT], ids=[c[0] for c in BUILT])
def test_every_built_path_classifies_back(path: str, kind: FileKind, issuer: str, badge: str, stem: str) -> None:
    found = layout.classify(path)
    assert found is not None
    assert (found.kind, found.path, found.issuer_id, found.badge_id, found.stem) == (kind, path, issuer, badge, stem)


STRAYS = ["issuers/acme/notes.txt", "credentials/acme/intro/awards/x.yaml", "credentials/acme/status/1.yaml",
          "issuers/acme/keys/k.yaml", "credentials/acme/intro/rubrics/v1.json", "README.md"]


@pytest.mark.parametrize("path", STRAYS)
def test_strays_classify_as_nothing(path: str) -> None:
    assert layout.classify(path) is None


SERVED = [  # (name, URL, file inside the built site)
    ("credential", URLS.credential("0123456789abcdef"), "credentials/0123456789abcdef.json"),
    ("evidence page", URLS.evidence_page("0123456789abcdef"), "credentials/0123456789abcdef/index.html"),
    ("DID document", URLS.did_document("acme"), "issuers/acme/did.json"),
    ("status list", URLS.status_list("acme", 1), "status/acme/1.json"),
    ("issuer logo", URLS.issuer_image("acme", "logo.svg"), "issuers/acme/logo.svg"),
    ("badge image", URLS.badge_image("acme", "intro", "badge.png"), "badges/acme/intro/badge.png"),
    ("OB 2.0 assertion", URLS.ob2_assertion("0123456789abcdef"), "api/ob2/assertions/0123456789abcdef.json"),
    ("OB 2.0 badge", URLS.ob2_badge("acme", "intro"), "api/ob2/badges/acme/intro.json"),
    ("api index", URLS.api_index("issuers"), "api/issuers.json"),
    ("home", URLS.site_url, "index.html"),
]


@pytest.mark.parametrize("url, path", [c[1:] for c in SERVED], ids=[c[0] for c in SERVED])
def test_published_paths_come_from_urls(url: str, path: str) -> None:
    assert URLS.site_path(url) == path


@pytest.mark.parametrize("url", ["https://elsewhere.example/credentials/x.json",
                                 "https://badges.example.org/credentials/x.json",  # outside the site's path
                                 URLS.rubric_part("acme", "intro", 1, "total"),  # a fragment is no file
                                 URLS.credential("x") + "?v=2",
                                 URLS.credential("../../etc/passwd"), URLS.site_url + "credentials/%2e%2e/x.json",
                                 URLS.site_url + "credentials//x.json", URLS.issuer_image("acme", ".hidden.svg"),
                                 URLS.site_url + "Credentials/X.json"])
def test_a_url_outside_the_site_has_no_file(url: str) -> None:
    with pytest.raises(CredregError, match="is not a file of this site"):
        URLS.site_path(url)


def test_rubric_parts_are_fragments_of_the_badge_page() -> None:
    assert URLS.rubric_part("acme", "intro", 2, "quality-good") == \
        "https://badges.example.org/reg/badges/acme/intro/#rubric-v2-quality-good"


CONFIGS = [  # (name, mkdocs.yml, environment, site_url read or the error)
    ("plain", "site_name: R\nsite_url: https://r.example/\n", {}, "https://r.example/"),
    ("env with default", "site_url: !ENV [CREDREG_TEST_SITE_URL, 'https://d.example/']\n", {},
     "https://d.example/"),
    ("env set", "site_url: !ENV [CREDREG_TEST_SITE_URL, 'https://d.example/']\n",
     {"CREDREG_TEST_SITE_URL": "https://e.example/x"}, "https://e.example/x/"),
    ("python tags are read as nothing", "site_url: https://r.example/\nmarkdown_extensions:\n  - x:\n"
     "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", {}, "https://r.example/"),
    ("python objects are never built", "site_url: https://r.example/\nx: !!python/object/apply:os.system ['exit 3']\n",
     {}, "https://r.example/"),
    ("missing", "site_name: R\n", {}, "has no site_url"),
    ("env unset, no default", "site_url: !ENV CREDREG_TEST_SITE_URL\n", {}, "has no site_url"),
    ("not https", "site_url: http://r.example/\n", {}, "site_url is not an https:// URL"),
    ("an environment value is never echoed", "site_url: !ENV CREDREG_TEST_SITE_URL\n",
     {"CREDREG_TEST_SITE_URL": "ghp_not_a_url_but_a_secret"}, "site_url is not an https:// URL$"),
    ("an alias bomb is not expanded", "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
     "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nsite_url: *g\n", {}, "site_url is not text"),
    ("not YAML", "site_url: [\n", {}, "is not valid YAML"),
]


@pytest.mark.parametrize("text, env, expected", [c[1:] for c in CONFIGS], ids=[c[0] for c in CONFIGS])
def test_site_url_is_read_with_mkdocs_loader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str,
                                             env: dict[str, str], expected: str) -> None:
    monkeypatch.delenv("CREDREG_TEST_SITE_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "mkdocs.yml").write_text(text)
    if expected.startswith("https://"):
        assert load_site_urls(tmp_path).site_url == expected
    else:
        with pytest.raises(CredregError, match=expected) as raised:
            load_site_urls(tmp_path)
        assert not any(value in raised.value.diagnostics() for value in env.values())  # never echoed
