"""/insights/labels/: what the labels Accredited, Co-branded and In-house mean for a recruiter, how to check one,
and the registry's own figures per label as of the build (endorsements.label_figures)."""
from __future__ import annotations

from datetime import datetime

from ..dates import iso
from .endorsements import label_figures
from .insights_page import percent
from .pages import PageSource, SiteModel, page_path, page_source


def labels_page(site: SiteModel, now: datetime) -> PageSource:
    """The page for the registry as of `now` (the build moment): the same sources and moment give the same bytes."""
    reg = site.registry
    accreditors = sorted((i for i in reg.issuers.values() if i.kind == "accreditor"), key=lambda i: i.name)
    return page_source(page_path(site.urls, site.urls.labels_page()), "What the labels mean", "labels.html",
                       figures=label_figures(reg, now), percent=percent, as_of=iso(now),
                       as_of_day=now.date().isoformat(), accreditors=accreditors)
