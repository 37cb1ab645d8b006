"""The credreg MkDocs plugin: checks the registry, adds its pages, then writes award pages and hosted JSON.

`mkdocs build` with the repository's mkdocs.yml and `credreg build` give the same site.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..check_process import check_in_child
from ..errors import CredregError, Severity
from ..layout import badge_folder, image_file, issuer_folder
from ..model import Registry
from ..progress import Progress
from ..report import as_text
from ..urls import SiteUrls
from ..validate.images import published_image
from .baking import award_baker
from .build_date import build_date
from .evidence import award_page_writer
from .exports import write_exports
from .frame import FRAME_PAGE, Frame, frame_source
from .hosted import award_documents_writer, write_hosted
from .insights import compute, to_json
from .insights_page import insights_page
from .labels_page import labels_page
from .pages import (PageSource, SiteModel, badge_pages, home_page, issuer_pages, my_credentials_page, pathways_page,
                    verify_page)
from .parallel import for_each_award
from .sharing import page_previews
from .site_code import allowed_by_flag, refuse_loaded

log = logging.getLogger("mkdocs.plugins.credreg")
# Top-level folders of the site that only the registry writes (its URLs, see SiteUrls), besides assets/credreg/.
RESERVED = frozenset({"issuers", "badges", "credentials", "endorsements", "status", "api", "verify", "pathways", "insights",
                      "my-credentials"})
THEME_FAVICON, FAVICON = "assets/images/favicon.png", "assets/credreg/favicon.svg"  # mkdocs-material's; credreg's
NAV_PAGES = ("index.md", "issuers/index.md", "badges/index.md", "pathways/index.md", "insights/index.md", "verify/index.md")


def _asset_files(config: MkDocsConfig) -> list[File]:
    """The page scripts and stylesheets under assets/credreg/, plus vendor/ (the /verify/ page's bundled
    jsonld.js, which only that page imports) and vendor/licenses/ (their licenses, published beside them)."""
    assets = resources.files("registry.publish.assets")
    out = [File.generated(config, f"assets/credreg/{a.name}", content=a.read_text("utf-8"))
           for a in assets.iterdir() if a.name.endswith((".js", ".css", ".svg"))]
    for folder in ("vendor", "vendor/licenses"):
        entry = assets.joinpath(folder)
        if entry.is_dir():
            out += [File.generated(config, f"assets/credreg/{folder}/{a.name}", content=a.read_text("utf-8"))
                    for a in sorted(entry.iterdir(), key=lambda a: a.name) if a.is_file()]
    return out


class CredregConfig(Config):
    """Options under `plugins: - credreg:` in mkdocs.yml."""

    featured = config_options.Type(list, default=[])  # issuer/badge keys shown on the home page
    strict = config_options.Type(bool, default=False)  # warnings fail the build too


class CredregPlugin(BasePlugin[CredregConfig]):
    """Turns the registry next to mkdocs.yml into pages and hosted documents."""

    def __init__(self) -> None:
        self.registry: Registry | None = None
        self.site: SiteModel | None = None
        self.root = Path(".")
        self.now = datetime.fromtimestamp(0, timezone.utc)  # set from build_date() in on_config
        self.now_source = ""
        self.pages: list[PageSource] = []
        self.insights_json = ""
        self.frame: Frame | None = None
        self.previews: dict[str, str] = {}  # link-preview head tags by generated page (sharing.page_previews)
        self.progress: Progress | None = None  # set by `credreg build` on a terminal; `mkdocs build` shows none

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not allowed_by_flag():  # `credreg build` refused these before MkDocs read the file; this is for `mkdocs build`
            try:
                refuse_loaded(list(config.plugins), [str(name) for name in config["hooks"]],  # hook name -> module
                              [e for e in config.markdown_extensions if isinstance(e, str)])
            except CredregError as exc:
                raise PluginError(exc.diagnostics()) from None
        self.root = Path(config.config_file_path).resolve().parent
        if not config.site_url:
            raise PluginError("mkdocs.yml has no site_url: it fixes every credential URL and DID")
        urls = SiteUrls.parse(config.site_url)
        try:
            when = build_date()
        except CredregError as exc:
            raise PluginError(exc.diagnostics()) from None
        self.now, self.now_source = when.moment, when.source
        log.info("credreg: checking the registry and verifying every signature")
        # in a child process, so that this one holds only the model (check_process.py); review dates are shown
        # on pages, not failed on
        result = check_in_child(self.root, progress=self.progress, urls=urls)
        strict = self.config.strict
        if result.failed(strict):
            raise PluginError("the registry does not check clean:\n" + as_text(result.problems, result.files, strict))
        for problem in result.problems:
            if problem.severity is Severity.WARNING:
                log.warning("%s %s: %s", problem.where(), problem.code, problem.message)
        assert result.registry is not None
        self.registry = result.registry
        self.site = SiteModel(result.registry, urls, config.site_name)
        self.pages = [home_page(self.site, self.config.featured), *issuer_pages(self.site, self.now),
                      *badge_pages(self.site, self.now), labels_page(self.site, self.now),
                      pathways_page(self.site), verify_page(self.site), my_credentials_page(self.site), frame_source()]
        self.previews = page_previews(result.registry, urls, config.site_name)
        insights = compute(result.registry, self.now, self.now_source)
        self.pages.append(insights_page(self.site, insights))
        self.insights_json = json.dumps(to_json(insights, urls), indent=2, ensure_ascii=False) + "\n"
        if not config.nav:
            config.nav = [{"Home": "index.md"}, {"Issuers": "issuers/index.md"}, {"Badges": "badges/index.md"},
                          {"Pathways": "pathways/index.md"}, {"Insights": "insights/index.md"},
                          {"Verify": "verify/index.md"}]
            if (Path(config.docs_dir) / "about.md").is_file():
                config.nav.append({"About": "about.md"})
        config.extra_css = [*config.extra_css, "assets/credreg/credreg.css"]
        if "favicon" in config.theme and config.theme["favicon"] == THEME_FAVICON:  # the theme's own logo says nothing of a registry
            config.theme["favicon"] = FAVICON
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.registry is not None
        docs = Path(config.docs_dir).resolve()
        for file in files:  # hand-written pages may not stand where the registry publishes its own documents
            if not file.abs_src_path or docs not in Path(file.abs_src_path).resolve().parents:
                continue  # the theme's own files
            top = file.dest_uri.split("/", 1)[0]
            if top in RESERVED or file.dest_uri.startswith("assets/credreg/") or file.dest_uri == "index.html":
                raise PluginError(f"{config.docs_dir}/{file.src_uri} would be published at /{file.dest_uri}, which "
                                  "belongs to the registry (DID documents, credentials, status lists and pages are "
                                  "only ever generated from the checked registry): move or rename it")
        log.info("credreg: %d generated pages, %d awards", len(self.pages), len(self.registry.awards))
        for page in self.pages:
            in_nav = page.path in NAV_PAGES
            files.append(File.generated(config, page.path, content=page.text,
                                        inclusion=InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV))
        assert self.site is not None
        urls = self.site.urls
        for issuer in self.registry.issuers.values():
            if issuer.image:
                files.append(self._image(config, urls.issuer_image(issuer.id, issuer.image),
                                         image_file(issuer_folder(issuer.id), issuer.image)))
        for badge in self.registry.badges.values():
            files.append(self._image(config, urls.badge_image(badge.issuer_id, badge.id, badge.image),
                                     image_file(badge_folder(badge.issuer_id, badge.id), badge.image)))
        for asset in _asset_files(config):
            files.append(asset)
        files.append(File.generated(config, urls.site_path(urls.api_index("insights")), content=self.insights_json))
        return files

    def _image(self, config: MkDocsConfig, url: str, source: str) -> File:
        """A published image at its URL: for SVG never the submitted bytes, but the checked tree re-serialized."""
        assert self.registry is not None and self.site is not None
        try:
            content = published_image(source, self.registry.images[source])
        except CredregError as exc:  # the check refused it already: only a changed file can get here
            raise PluginError(f"image {source} cannot be published: {exc.message}") from None
        return File.generated(config, self.site.urls.site_path(url), content=content)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        frame = files.get_file_from_path(FRAME_PAGE)
        if frame is not None and frame.page is not None:  # no canonical URL: kept out of the sitemap too
            frame.page.canonical_url = frame.page.abs_url = None
        return nav

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri != FRAME_PAGE:
            tags = self.previews.get(page.file.src_uri) if page.file.generated_by else None
            return output.replace("</head>", tags + "</head>", 1) if tags else output
        try:
            self.frame = Frame.parse(output)
        except ValueError as exc:
            raise PluginError(str(exc)) from None
        return ""  # the frame itself is never published

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None and self.registry is not None and self.frame is not None
        site_dir = Path(config.site_dir)
        log.info("credreg: writing evidence pages and hosted JSON")
        reg, urls = self.registry, self.site.urls
        try:
            writers = (award_page_writer(self.site, site_dir, self.frame, self.now),
                       award_documents_writer(reg, urls, site_dir), award_baker(reg, urls, site_dir))
        except CredregError as exc:  # the check passed these images: only a changed file can get here
            raise PluginError(f"baked badges cannot be made: {exc.message}") from None
        try:  # an award's file changed or went since the check (signed_bytes): nothing unchecked is served
            award_files = for_each_award(list(reg.awards), lambda award_id: sum(write(award_id) for write in writers),
                                         self.progress, "evidence pages")
            documents = write_hosted(reg, urls, site_dir, self.now, awards=False)
            exports = write_exports(self.site, site_dir, self.now)
        except CredregError as exc:
            raise PluginError(exc.diagnostics()) from None
        log.info("credreg: %d evidence pages with their hosted documents and baked badges (%d files), %d other hosted "
                 "JSON documents and %d exports written", len(reg.awards), award_files, documents, exports)
