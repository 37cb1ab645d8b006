"""`credreg build`: check the registry, then build the site with MkDocs and the credreg plugin."""
from __future__ import annotations

import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..dates import iso
from ..errors import CredregError
from ..layout import MKDOCS_FILE
from ..progress import Progress
from .build_date import EPOCH_ENV, NOW_ENV, build_date
from .site_code import ALLOW_ENV, refuse_site_code


class _Stderr(logging.StreamHandler):
    """A handler writing to whatever `sys.stderr` is when a record comes, not the one at set-up: the CLI may
    run more than once in a process (tests, embedding), each time with its own stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def show_progress() -> None:
    """Print the plugin's progress lines (and MkDocs' warnings) on stderr, for `credreg build`."""
    handler = _Stderr()
    handler.setFormatter(logging.Formatter("%(message)s"))
    for name, level in (("mkdocs.plugins.credreg", logging.INFO), ("mkdocs", logging.WARNING)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        if not logger.handlers:
            logger.addHandler(handler)
    logging.getLogger("mkdocs.plugins.credreg").propagate = False


def build_site(root: Path, out: Path | None = None, strict: bool = False, now: datetime | None = None,
               allow_site_code: bool = False, progress: Progress | None = None) -> Path:
    """Build the site of the registry at `root` into `out` (default: mkdocs.yml's site_dir); returns the folder.

    `now` fixes the moment that expiry and insights are shown as of; without it SOURCE_DATE_EPOCH does, when set,
    else the clock (build_date.py). Unless `allow_site_code`, a mkdocs.yml that would run code (hooks, Python
    tags, plugins or extensions off the allow-list) is refused before MkDocs reads it (site_code.py).
    `progress` hears the plugin's long stages: checking the registry and writing the evidence pages.
    """
    config_file = root / MKDOCS_FILE
    if not config_file.is_file():
        raise CredregError(f"{config_file} is missing", "a registry needs mkdocs.yml with site_name and site_url")
    if not allow_site_code:
        refuse_site_code(config_file)
    saved = {name: os.environ.get(name) for name in (NOW_ENV, EPOCH_ENV, ALLOW_ENV)}
    os.environ.pop(ALLOW_ENV, None)  # only the flag allows site code, never a variable left in the environment
    if allow_site_code:
        os.environ[ALLOW_ENV] = "1"
    os.environ.pop(NOW_ENV, None)
    if now is not None:
        os.environ[NOW_ENV] = iso(now)
        # MkDocs stamps pages (sitemap lastmod) with SOURCE_DATE_EPOCH, else the clock: --now pins both.
        os.environ[EPOCH_ENV] = str(int(now.timestamp()))
    try:
        build_date()  # a bad SOURCE_DATE_EPOCH is refused here, in credreg's words, before MkDocs starts
        site_dir = str(out.resolve()) if out is not None else None
        try:
            config = load_config(str(config_file), strict=strict, site_dir=site_dir)
        except (Abort, ConfigurationError):
            raise CredregError(f"{config_file} is not a valid MkDocs configuration (see above)",
                               "fix the setting named above; `mkdocs build` reports the same") from None
        plugins = [plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "credreg"]
        if not plugins:
            raise CredregError(f"{config_file} does not enable the credreg plugin, so the site would hold no registry",
                               "add it under plugins:, after search (see the README's section 'The site')")
        for plugin in plugins:
            plugin.config.strict = plugin.config.strict or strict
            plugin.progress = progress
        build(config)
        return Path(config.site_dir)
    except Abort:
        raise CredregError("the site was not built: see the problems above",
                           "fix them (`credreg check` lists them all) and build again") from None
    except (PluginError, ConfigurationError) as exc:
        raise CredregError(f"the site was not built: {exc}", "fix mkdocs.yml and build again") from None
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
