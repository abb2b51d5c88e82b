"""A small, format-neutral document: what a Word or OpenDocument download says, built once per entity.

Each kind of content describes its download as blocks; ``word.py`` and ``opendocument.py`` lay
the same blocks out in their formats, so the two files a trust can choose between never disagree.
Both print a page number on every page, keep each heading (and each group's heading row in a table) with
what follows it, never split a table row across pages, and mark the text as British English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Mapping

from .. import kinds, labels
from ..editorial import HIDDEN_CLASS
from ..models import NOT_PROVIDED
from ..sanitise import SAFE_LINK, to_html


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Items:
    """A bulleted or numbered list."""

    items: tuple[str, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """A table with a header row; a row of one cell spanning every column is a group heading."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative widths, one per column
    caption: str = ""


@dataclass(frozen=True)
class WritingSpace:
    """Room for the reader to write: a box as tall as this many lines, which grows as they type into it."""

    lines: int = 4


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Items | Table | WritingSpace | PageBreak


#: The language of every download's text, so spell-checkers take British spelling as right.
LANGUAGE = "en-GB"
#: What made the files, named in their metadata beside the publisher (never the libraries that write the formats).
GENERATOR = "toolkit-publisher"


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    #: The toolkit it comes from, and who published that toolkit ("" if the source does not say): its metadata.
    toolkit: str = ""
    publisher: str = ""
    #: What the file is, for its metadata's description: "Checklist", "Job description template".
    description: str = ""
    #: Printed across the page (A4 landscape), for wide tables.
    landscape: bool = False

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


class _MarkdownBlocks(HTMLParser):
    """Turns the HTML of sanitised Markdown into blocks; inline formatting becomes plain text. An editorial mark
    (editorial.py) keeps its visible words and tag, "Step 1 (editors' addition)", "[…]", as the page prints them;
    what the page gives screen readers alone (a visually hidden span) is left out, as paper leaves it out."""

    def __init__(self, heading_offset: int) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.heading_offset = heading_offset
        self.text: list[str] = []
        self.lists: list[tuple[bool, list[str]]] = []
        self.href: str | None = None
        self.heading: int | None = None
        #: How many spans deep inside a visually hidden span the parser is (0: outside one).
        self.hidden = 0

    def flush(self) -> str:
        text = " ".join("".join(self.text).split())
        self.text = []
        return text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "span" and (self.hidden or HIDDEN_CLASS in (dict(attrs).get("class") or "").split()):
            self.hidden += 1
        elif tag in ("ul", "ol"):
            if self.lists and self.text:
                self.lists[-1][1].append(self.flush())
            self.lists.append((tag == "ol", []))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = int(tag[1])
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br":
            self.text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self.hidden:
            self.hidden -= 1
        elif tag == "li" and self.lists:
            text = self.flush()
            if text:
                self.lists[-1][1].append(text)
        elif tag in ("ul", "ol") and self.lists:
            numbered, items = self.lists.pop()
            if self.lists:
                self.lists[-1][1].extend(f"– {item}" for item in items)
            elif items:
                self.blocks.append(Items(tuple(items), numbered))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6") and self.heading:
            self.blocks.append(Heading(self.flush(), min(self.heading + self.heading_offset, 4)))
            self.heading = None
        elif tag == "a":
            if self.href and self.href.startswith(("http://", "https://")):
                self.text.append(f" ({self.href})")
            self.href = None
        elif tag in ("p", "blockquote", "td", "th", "dt", "dd", "pre") and not self.lists:
            text = self.flush()
            if text:
                self.blocks.append(Paragraph(text))

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def markdown_blocks(text: str | None, heading_offset: int = 1, links: Mapping[str, str] | None = None) -> list[Block]:
    """Markdown as blocks: links to other content keep their words; web links show their address, and so do links
    to a resource (``links``: each named resource's address, see :func:`resource_links`), or the words the page
    prints after one whose source gives none."""
    if not text:
        return []

    def resolve(match: re.Match[str]) -> str:
        link = (links or {}).get(match.group(2)) if match.group(1) == kinds.RESOURCE_LINK else None
        if link is None:
            return SAFE_LINK
        return f"{SAFE_LINK} {labels.LINK_NOT_PROVIDED_IN_TEXT}" if link == NOT_PROVIDED else f"](<{link}>)"

    parser = _MarkdownBlocks(heading_offset)
    parser.feed(to_html(kinds.content_link().sub(resolve, text)))
    parser.close()
    tail = parser.flush()
    if tail:
        parser.blocks.append(Paragraph(tail))
    return parser.blocks
