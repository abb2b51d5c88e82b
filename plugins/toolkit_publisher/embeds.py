"""Entries printed inside a page's running text, where the source prints them.

A report prints its best-practice boxes within the lessons they illustrate, and an appendix prints each pilot site's
background; the site keeps each as an entry of its own (a case study, an organisation's profile) with a page of its
own, and a page's body places it where the source does. A paragraph that is only ``![words](case-study:ID)`` is
that case study's box, labelled with the words as the source prints them ("Best practice"); one that is only
``![words](organisation:ID)`` is that organisation's profile under a heading of the words (the name as printed
there). Markdown's image syntax is the embedding: the words are the label, the entry its content. Each is printed
from its one entry, so the page and the entry's own page cannot drift apart, and the entry's page links back to its
place.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator, NamedTuple

from markupsafe import Markup

from . import editorial, kinds, urls
from . import models as m

if TYPE_CHECKING:
    from .page_spec import PageBuilder
    from .validate import Content

def _embeddable() -> dict[str, kinds.Kind]:
    """The kinds whose entries a page's text can place, by their link scheme (a kind's ``embed``)."""
    return {kind.link: kind for kind in kinds.all_kinds() if kind.embed is not None and kind.link}

_EMBED = re.compile(r"(?m)^!\[(?P<words>[^\]\n]+)\]\((?P<scheme>[a-z-]+):(?P<id>[a-z0-9-]+)\)[ \t]*$")


class Embed(NamedTuple):
    """One entry placed in a page's text: its label as printed, its kind's folder and its id."""

    words: str
    folder: str
    entry_id: str


def placements(text: str | None) -> Iterator[tuple[int, Embed]]:
    """The entries a Markdown text places, in order, each with the offset of its '!'."""
    embeddable = _embeddable()
    for match in _EMBED.finditer(text or ""):
        if match["scheme"] in embeddable:
            yield match.start(), Embed(match["words"], embeddable[match["scheme"]].folder, match["id"])


def embeds(text: str | None) -> Iterator[Embed]:
    """The entries a Markdown text places, in order."""
    return (embed for _, embed in placements(text))


class Unplaceable(NamedTuple):
    """An image of a content link that prints nothing: where it is in the text, what it says, and why."""

    offset: int
    written: str
    link: str
    why: str


def unplaceable(text: str | None, may_embed: bool) -> Iterator[Unplaceable]:
    """Each ``![words](kind:ID)`` that is not an embedding: Markdown would make it an empty image, so the editor is
    told what an embedding is instead. ``may_embed``: whether the field may place entries (a page's body)."""
    embeddable = _embeddable()
    placing = {match.start() for match in _EMBED.finditer(text or "")} if may_embed else set()
    for match in _CONTENT_IMAGE.finditer(text or ""):
        scheme = match["scheme"]
        if match.start() in placing and scheme in embeddable:
            continue
        if scheme != kinds.RESOURCE_LINK and kinds.by_link(scheme) is None:
            continue  # not a link to content: the sanitiser's rule about images applies
        kinds_placed = " and ".join(f"'{link}:'" for link in sorted(embeddable))
        if not may_embed:
            why = "only a page's body can print an entry in its text"
        elif scheme not in embeddable:
            why = f"a page's text can print only {kinds_placed} entries"
        else:
            why = "an entry is printed only by a paragraph that holds nothing else, and this one is inside other text"
        yield Unplaceable(match.start(), match[0], match[0][1:], why)


_CONTENT_IMAGE = re.compile(r"!\[(?P<words>[^\]\n]+)\]\((?P<scheme>[a-z-]+):(?P<id>[^)\s]*)\)")


def as_links(text: str) -> str:
    """The text with each embedding written as a link, as the field checks read it (a link is allowed, an image
    is not; what an embedding becomes is the templates' own HTML, checked with the page)."""
    embeddable = _embeddable()
    return _EMBED.sub(lambda match: match[0][1:] if match["scheme"] in embeddable else match[0], text)


def anchor(folder: str, entry_id: str) -> str:
    """The id of an embedded entry's place on the page that prints it."""
    return urls.anchor(kinds.get(folder).link or folder, entry_id)


def expand(page: PageBuilder, text: str | None) -> str:
    """The text with each embedding replaced by the entry's Markdown, its links still to be resolved."""
    if not text:
        return ""
    embeddable = _embeddable()

    def replace(match: re.Match[str]) -> str:
        kind = embeddable.get(match["scheme"])
        if kind is None or kind.embed is None:
            return match[0]
        entry = page.linked(kind.folder, match["id"])
        own_page = urls.href(page.entity_path(kind.folder, entry.id), page.path, page.options.directory_urls)
        return str(kind.embed(match["words"], entry, own_page))

    return _EMBED.sub(replace, text)


#: The characters Markdown reads as syntax in an embedding's words (emphasis, attribute lists, links, code...):
#: those it lets a backslash escape, and those written as HTML's entities.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_{}\[\]()#+\-.!]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _plain(words: str) -> str:
    """An embedding's words as the text they are, wherever the template places them: the field check read them
    as a link's words, where braces and emphasis mean something else."""
    escaped = _MARKDOWN_SYNTAX.sub(lambda m: "\\" + m.group(0), words)
    return re.sub(r"[&<>]", lambda m: _ENTITIES[m.group(0)], escaped)


def box(words: str, study: m.CaseStudy, own_page: str) -> str:
    """A best-practice box: the source's label, the box's text, then the editors' link to its case-study page."""
    text = study.what_they_did.strip()
    link = editorial.mark(Markup('Case study: <a href="{}">{}</a>').format(own_page, study.title), "added")
    return (f'<div class="admonition tk-box" id="{anchor("case_studies", study.id)}" role="note" '
            f'markdown>\n\n**{_plain(words)}:** {text}\n\n<p class="tk-box__link">{link}</p>\n\n</div>')


def profile(words: str, organisation: m.Organisation, own_page: str) -> str:
    """An organisation's background under the heading the source gives it, then the editors' link to its page."""
    description = (organisation.description or "").strip()
    link = editorial.mark(Markup('Organisation page: <a href="{}">{}</a>').format(own_page, organisation.name),
                          "added")
    return (f'## {_plain(words)} {{: #{anchor("organisations", organisation.id)} }}\n\n'
            f'{description}\n\n<p class="tk-box__link">{link}</p>')


#: Where each embedded entry is printed, by (its kind's folder, its id): the page's id and the entry's anchor.
Places = dict[tuple[str, str], str]


def places(content: Content) -> Places:
    """Every embedded entry's printing page, found once for a kind's pages (not searched again for each entry)."""
    found: Places = {}
    for page_id, guidance in content.of("pages").items():
        if ("page", page_id) not in content.part_owner:
            continue
        for embed in embeds(guidance.body):
            found.setdefault((embed.folder, embed.entry_id), page_id)
    return found


def place(page: PageBuilder, placed: Places, folder: str, entry_id: str) -> dict[str, str] | None:
    """Where a toolkit's page prints this entry (its path with the anchor, and its title), with every page read
    (any could start or stop printing it); None if no page does. ``placed``: :func:`places` of the content."""
    page.depends(("pages", "*"))
    page_id = placed.get((folder, entry_id))
    if page_id is None:
        return None
    guidance = page.content.of("pages")[page_id]
    return {"path": f"{page.entity_path('pages', page_id)}#{anchor(folder, entry_id)}", "title": guidance.title}
