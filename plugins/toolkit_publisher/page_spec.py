"""Pages as data: what a generated page is (its path, title, template, context, the entries it reads, its place in
the sidebar), made by a pure function of the validated content, and the sidebar built from those places.

A kind's page function (``Kind.pages`` in :mod:`.kinds`) returns its pages' specifications; each is made with a
:class:`PageBuilder`, which resolves links relative to the page and records every entry the page reads, so a page
declares what it depends on without listing it by hand. No page function reads another's output, so they can run
in any order, and a page can be made again alone when an entry it depends on changes.
"""

from __future__ import annotations

import html
import types
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from markupsafe import Markup

from . import kinds, labels
from . import models as m
from . import urls
from .site import NAV_TOOLKIT_LIMIT, NavItem

from .validate.content import Ref, target

if TYPE_CHECKING:
    from .validate import Content, Review

#: An entry of the content, as (its kind's folder, its id).
Entry = tuple[str, str]
#: What a page built from every entry depends on (the downloads page, the content-health page).
EVERYTHING: frozenset[Entry] = frozenset({("*", "*")})


def every(folder: str) -> Entry:
    """What a page that lists every entry of a kind depends on: any entry of it changed, added or removed."""
    return (folder, "*")


def which(folder: str) -> Entry:
    """What a page that depends on which entries a kind has (how many), not on what they say, depends on."""
    return (folder, "#")


def changed_entries(before: Content, after: Content) -> frozenset[Entry]:
    """Each entry that differs between two validations, with its kind as a whole and the whole content; nothing if
    they are the same. An unchanged file has the same digest, so most compare at once."""
    changed: set[Entry] = set()
    for folder in before.entries.keys() | after.entries.keys():
        old, new = before.entries.get(folder, {}), after.entries.get(folder, {})
        for entry_id in old.keys() | new.keys():
            was, now = old.get(entry_id), new.get(entry_id)
            digest = before.digests.get((folder, entry_id))
            if digest is not None and digest == after.digests.get((folder, entry_id)):
                continue  # the same bytes make the same entry (its references resolved anew, to the same ids)
            if was is not now and was != now:
                changed |= {(folder, entry_id), every(folder), *EVERYTHING}
        if old.keys() != new.keys():
            changed.add(which(folder))
    return frozenset(changed)


def affected(spec: PageSpec, changed: frozenset[Entry]) -> bool:
    """Whether a change to these entries can change this page."""
    return bool(spec.depends_on & changed) or (spec.depends_on >= EVERYTHING and bool(changed))


@dataclass(frozen=True)
class PageSpec:
    """One generated page, before it is rendered: everything :func:`.render.render_page` needs, and no more."""

    #: Its Markdown file's path in the docs, which decides its URL.
    path: str
    #: Its heading (and so its title in lists of pages); the template writes it as the page's first line.
    title: str
    #: The Jinja template (in the package's templates/, or a registered kind's) that writes its Markdown.
    template: str
    #: The template's variables (besides those every page gets: see :func:`.render.render_page`).
    context: Mapping[str, Any] = field(default_factory=lambda: types.MappingProxyType({}))
    #: The entries it reads: when one of them changes, the page must be made again.
    depends_on: frozenset[Entry] = frozenset()
    #: Its place in the sidebar: the titles of the sections it is in, then its own label; empty if not in it.
    nav: tuple[str, ...] = ()
    #: Whether its title is the editors' words (models.EditorsWords), so a list of pages marks it as its heading does.
    editors_title: bool = False


@dataclass(frozen=True)
class Options:
    """How the site is published, as far as its pages' text depends on it."""

    #: MkDocs' ``use_directory_urls``: links in raw HTML are written as published URLs (MkDocs rewrites only
    #: Markdown links).
    directory_urls: bool = True
    #: Up to this many toolkits each get a sidebar section; past it, one page lists them (see kind_pages.py).
    nav_toolkit_limit: int = NAV_TOOLKIT_LIMIT


class PageBuilder:
    """One page being specified: links made relative to it, and every entry it reads recorded as a dependency.

    Lives only while its page function makes that one page; nothing in it is shared between pages.
    """

    def __init__(self, content: Content, options: Options, path: str):
        self.content = content
        self.options = options
        self.path = path
        self.reads: set[Entry] = set()

    def linked(self, folder: str, entry_id: str) -> Any:
        """An entry a Markdown text names by id (a link or an embedding, which the validator resolved), recorded as
        read; structured references are followed instead (:meth:`follow`)."""
        self.reads.add((folder, entry_id))
        return self.content.of(folder)[entry_id]

    def follow(self, ref: str) -> Any:
        """What a validated reference names, recorded as read (for a resource, its list)."""
        found = target(ref)
        self.reads.add(ref.entry)  # type: ignore[attr-defined]  # a Ref, as target() checked
        return found

    def depends(self, *entries: Entry) -> None:
        """Entries the page reads other than through :meth:`follow` (the one it is about, from its own loop)."""
        self.reads.update(entries)

    def review(self, folder: str, entry_id: str) -> Review | None:
        """Its owner and review dates; a part's or an organisation's are its toolkit's, so the toolkit is read too."""
        self.reads.add((folder, entry_id))
        review = self.content.reviews.get((folder, entry_id))
        if review is not None and review.toolkit is not None:
            self.reads.add((kinds.TOOLKITS, review.toolkit))
        return review

    def entity_path(self, folder: str, entry_id: str) -> str:
        """The page of an entry: a toolkit's home, a part's page in its toolkit, or one in its kind's section."""
        kind = kinds.get(folder)
        if kind.folder == kinds.TOOLKITS:
            return urls.toolkit(entry_id)
        if kind.part:
            owner = self.content.part_owner[(kind.part, entry_id)]
            self.reads.add((kinds.TOOLKITS, owner))
            return urls.part(owner, entry_id)
        assert kind.section is not None, f"the kind '{folder}' has no pages of its own"
        return urls.entity(kind.section, entry_id)

    def resource(self, resource_id: str) -> m.Resource:
        """A resource of a resource list, by a question's reference or a link's id, recorded as a read of its
        list."""
        if isinstance(resource_id, Ref):
            return self.follow(resource_id)
        resource, list_id, _trail = self.content.resource_index[resource_id]
        self.reads.add((kinds.get("resources").folder, list_id))
        return resource

    def resource_href(self, resource_id: str, for_html: bool = False) -> str:
        """Where a resource is listed: a Markdown link, or (for raw HTML) the published URL."""
        _resource, list_id, _trail = self.content.resource_index[resource_id]
        self.resource(resource_id)
        target = f"{self.entity_path('resources', list_id)}#{urls.resource_anchor(resource_id)}"
        if for_html:
            return urls.href(target, self.path, self.options.directory_urls)
        path, _, anchor = target.partition("#")
        return f"{urls.relative(path, self.path)}#{anchor}"

    def markdown(self, text: str | None) -> Markup:
        """Resolve [words](kind:ID) links. A resource with no address links to its library entry, which says so."""
        if not text:
            return Markup("")

        def replace(match: Any) -> str:
            scheme, target = match.group(1), match.group(2)
            if scheme == kinds.RESOURCE_LINK:
                resource = self.resource(target)
                if resource.link == m.NOT_PROVIDED:
                    return f"]({self.resource_href(resource.id)}) {link_not_provided()}"
                return f"](<{resource.link}>)"  # a pointy-bracketed destination: nothing in it can end the link
            kind = kinds.by_link(scheme)
            assert kind is not None
            self.reads.add((kind.folder, target))
            return f"]({urls.relative(self.entity_path(kind.folder, target), self.path)})"

        return Markup(kinds.content_link().sub(replace, text))

    def source(self, toolkit: str) -> dict[str, Any]:
        """The toolkit an entry comes from (its ``source`` reference), as its page names it (the toolkit itself,
        to say whose its title's words are)."""
        named = self.follow(toolkit)
        return {"source_path": urls.toolkit(named.id), "source_title": named.title, "source_toolkit": named}

    def spec(self, template: str, title: str, nav: tuple[str, ...] = (), /, *, editors_title: bool = False,
             **context: Any) -> PageSpec:
        """The page, with everything read so far as its dependencies."""
        return PageSpec(self.path, title, template, types.MappingProxyType(context), frozenset(self.reads), nav,
                        editors_title)


#: The element of the site's words for a resource with no address (also in resources.md.j2's list): furniture, as the
#: faithfulness script counts it (scripts/faithfulness.py, INTERFACE_SELECTORS).
LINK_MISSING_CLASS = "tk-link-missing"


def link_not_provided() -> str:
    """What follows a link to a resource the source gives no address for, in running text: the site's fixed words
    (labels.py) in their own element, so a reader, a printed copy and the faithfulness script all tell them from the
    source's sentence around them."""
    return f'<span class="{LINK_MISSING_CLASS}">{labels.LINK_NOT_PROVIDED_IN_TEXT}</span>'


def navigation(specs: Iterable[PageSpec]) -> list[NavItem]:
    """The sidebar, from the pages' places in it, in the pages' order.

    A section continues only while consecutive pages name it, so two toolkits with the same short title stay two
    sections. Titles are HTML-escaped: MkDocs themes insert them into pages as HTML.
    """
    root: list[NavItem] = []
    for spec in specs:
        if not spec.nav:
            continue
        *sections, label = spec.nav
        items = root
        for title in sections:
            items = _section(items, html.escape(title))
        items.append({html.escape(label): spec.path})
    return root


def _section(items: list[NavItem], title: str) -> list[NavItem]:
    """The section of that title ending ``items``, or a new one appended."""
    last = items[-1] if items else None
    if isinstance(last, dict) and isinstance(last.get(title), list):
        return last[title]
    section: list[NavItem] = []
    items.append({title: section})
    return section
