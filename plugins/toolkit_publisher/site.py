"""What the build publishes, as plain data: no content models, so a cached site loads without them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from . import urls
from .downloads import Batch, Download
from .templating import environment

NavItem = dict[str, Any] | str
#: Toolkits listed one by one in the sidebar, at most; past it, one page lists them (see render.py).
NAV_TOOLKIT_LIMIT = 12


@dataclass
class RenderedSite:
    """Markdown pages by path, the navigation for them, the downloads, and the home page's publications listing.

    Navigation titles are HTML-escaped: MkDocs themes insert them into pages as HTML.
    """

    pages: dict[str, str] = field(default_factory=dict)
    nav: list[NavItem] = field(default_factory=list)
    #: The downloads, planned: pages show a size marker for each until :mod:`.downloads.produce` makes it.
    batches: list[Batch] = field(default_factory=list)
    #: What :func:`render_publications` lists, as plain values.
    publications: dict[str, Any] = field(default_factory=dict)
    #: How many things in the content need attention (not errors).
    warnings: int = 0

    @property
    def downloads(self) -> list[Download]:
        return [download for batch in self.batches for download in batch.downloads]


def render_publications(site: RenderedSite, here: str) -> str:
    """The home page's guide to every publication and every kind of material, two clicks from anything."""
    template = environment().get_template("home_publications.md.j2")
    return template.render(**site.publications, link=partial(urls.relative, source=here))
