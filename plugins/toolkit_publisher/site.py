"""What the build publishes, as plain data: no content models, so a cached site loads without them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from . import urls
from .downloads import SIZE_NONCE, Batch, Download, batches_from_plain, batches_to_plain
from .plain import OPTIONAL_TEXT, expect, expect_keys, expect_list, expect_shape, expect_str
from .templating import environment

NavItem = dict[str, Any] | str
#: Toolkits listed one by one in the sidebar, at most; past it, one page lists them (see kind_pages.py).
NAV_TOOLKIT_LIMIT = 12
#: Written in mkdocs.yml's nav where the generated toolkits and indexes belong.
NAV_PLACEHOLDER = "@toolkits"
#: Written in a Markdown page of content/ where the list of publications belongs.
PUBLICATIONS_MARKER = "<!-- toolkit:publications -->"
#: What :func:`.site_pages.publications` makes: the shape :attr:`RenderedSite.publications` must have.
PUBLICATIONS = {
    "toolkits": [{"toolkit": {"title": str, "summary": str, "publisher": OPTIONAL_TEXT, "published": OPTIONAL_TEXT,
                              "wrote": [str]},
                  "path": str, "contents": [str]}],
    "kinds": [{"title": str, "entries": [{"title": str, "path": str, "wrote": [str], "of": OPTIONAL_TEXT}]}],
}


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
    #: The nonce in the pages' size markers: this process's, or the one kept with a site read from the cache.
    size_nonce: str = SIZE_NONCE
    #: Each page's :func:`.render.page_key`, when rendered with a store of pages (not kept in the site cache).
    page_keys: dict[str, str] = field(default_factory=dict)

    @property
    def downloads(self) -> list[Download]:
        return [download for batch in self.batches for download in batch.downloads]

    def to_plain(self) -> dict[str, Any]:
        """As plain data, for the site cache (JSON)."""
        return {"pages": self.pages, "nav": self.nav, "downloads": batches_to_plain(self.batches),
                "publications": self.publications, "warnings": self.warnings, "size_nonce": self.size_nonce}

    @classmethod
    def from_plain(cls, value: Any) -> RenderedSite:
        """What :meth:`to_plain` made, checked to the last value; raises ValueError on anything else."""
        fields = expect_keys(value, {"pages", "nav", "downloads", "publications", "warnings", "size_nonce"})
        pages = {expect_str(path): expect_str(text) for path, text in expect(fields["pages"], dict).items()}
        nonce = expect_str(fields["size_nonce"])
        if len(nonce) != len(SIZE_NONCE) or nonce.strip("0123456789abcdef"):
            raise ValueError(f"not a size marker's nonce: {nonce!r}")
        return cls(pages, [_nav_item(item) for item in expect_list(fields["nav"])],
                   batches_from_plain(fields["downloads"]), expect_shape(fields["publications"], PUBLICATIONS),
                   expect(fields["warnings"], int), nonce)


def _nav_item(value: Any, depth: int = 0) -> NavItem:
    """A page's path, or ``{title: path}``, or ``{title: [items]}``: what MkDocs takes as a nav entry."""
    if isinstance(value, str):
        return value
    entry = expect(value, dict)
    if len(entry) != 1 or depth > 8:
        raise ValueError("a navigation entry is a path, or one title with its path or entries")
    (title, target), = entry.items()
    if isinstance(target, list):
        return {title: [_nav_item(item, depth + 1) for item in target]}
    return {title: expect_str(target)}


def render_publications(site: RenderedSite, here: str) -> str:
    """The home page's guide to every publication and every kind of material, two clicks from anything."""
    template = environment().get_template("home_publications.md.j2")
    return template.render(**site.publications, link=partial(urls.relative, source=here))


def expand_nav(nav: list[NavItem] | None, generated: list[NavItem]) -> tuple[list[NavItem], bool]:
    """The generated sections put where mkdocs.yml's nav says (or after the home page when it has no nav), and
    whether it said: the plugin and the Zensical project (zensical_project.py) expand it alike."""
    if not nav:
        return ["index.md", *generated], True
    expanded: list[NavItem] = []
    found = False
    for item in nav:
        if item == NAV_PLACEHOLDER:
            expanded += generated
            found = True
        else:
            expanded.append(item)
    return expanded, found
