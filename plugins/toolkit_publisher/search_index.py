"""What the site's search gets from each page: every word the page shows as a word of its own, and each
table row a reader can be sent to (a question, a training session) as a search result of its own.

The theme's search plugin indexes a page's HTML as text, one section per heading with an id. It keeps
nothing where a table cell, a definition term or a line ends, so "Face to face<br>Hollins Park"
was indexed as the one word "faceHollins". :func:`prepare` puts a line break wherever such a boundary
meets words on both sides. Browsers do not show whitespace beside a block's edge or a line break, so
the page looks as it did.

A question or a session is a table row, not a heading, so the theme's search could only find it as a
passing mention in the text under the heading above it, ranked below any heading that shares a word.
A row with an id and a row header (``<th scope="row">``) is a place a reader can be sent to: it becomes
a search section of its own, titled by the first line of its row header, which the theme ranks as it
ranks a heading. The row is left out of the section around it (the theme's ``data-search-exclude``),
so its words are indexed once; :func:`add_row_sections` adds the rows to the index once it is written.
What a row marks ``data-search-exclude`` itself (the self-assessment's controls) is left out of its words,
as the theme leaves it out of a section's.
"""

from __future__ import annotations

import html as html_text
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Elements browsers lay out as blocks, rows, cells or list items, and the line break: words on either side
#: of one are separate words on the page. (Inline elements such as <a> or <strong> can sit inside a word.)
BOUNDARIES = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "legend", "li", "main", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
#: Elements whose whitespace is shown as written: nothing is added inside them.
PREFORMATTED = frozenset({"pre", "textarea", "script", "style"})
#: How the theme marks an element whose words its search leaves out.
EXCLUDE = "data-search-exclude"
#: Elements with no end tag (and so no words of their own to leave out).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


@dataclass(frozen=True)
class RowSection:
    """A table row as a search section: where it is on its page, its title, and the rest of its words."""

    anchor: str
    title: str
    text: str


@dataclass(frozen=True)
class SearchablePage:
    """A page's content HTML as it is published, and the rows that are search sections of their own."""

    html: str
    rows: tuple[RowSection, ...]


def prepare(html: str) -> SearchablePage:
    """The page with a line break wherever a block boundary runs words together, and its rows to index."""
    parser = _Reader(html)
    parser.feed(html)
    parser.close()
    pieces: list[str] = []
    start = 0
    for offset, insert in sorted(parser.edits):
        pieces += [html[start:offset], insert]
        start = offset
    pieces.append(html[start:])
    return SearchablePage("".join(pieces), tuple(parser.rows))


def add_row_sections(index: str, rows: Mapping[str, Sequence[RowSection]]) -> str:
    """The theme's search index (search_index.json) with each page's rows after that page's own sections.

    Rows are added only to a page the index holds (a page can leave search with ``search: exclude``), with
    the page's boost, if it has one. The theme takes a page's first entry for the page itself.
    """
    data = json.loads(index)
    pages: dict[str, list[dict[str, object]]] = {}
    for doc in data["docs"]:
        pages.setdefault(str(doc["location"]).split("#", 1)[0], []).append(doc)
    data["docs"] = [entry for path, entries in pages.items()
                    for entry in entries + [_entry(path, row, entries[0]) for row in rows.get(path, ())]]
    return json.dumps(data, separators=(",", ":"))


def _entry(path: str, row: RowSection, page: dict[str, object]) -> dict[str, object]:
    """A row's entry in the index, as the theme writes a heading's: text escaped, since it is shown as HTML."""
    entry: dict[str, object] = {"location": f"{path}#{row.anchor}", "title": html_text.escape(row.title, False),
                                "text": html_text.escape(row.text, False)}
    if "boost" in page:
        entry["boost"] = page["boost"]
    return entry


@dataclass
class _Row:
    """A table row with an id, while it is being read."""

    anchor: str
    offset: int
    depth: int = 1
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    #: 0 before the row header, 1 in it before its first line break, 2 after that.
    header: int = 0
    #: Within an element of the row that search leaves out: its tag, and how many of that tag are open.
    excluded: tuple[str, int] | None = None


class _Reader(HTMLParser):
    """One pass over a page: where words meet across a boundary, and its rows with an id and a row header."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", html))]
        self.edits: list[tuple[int, str]] = []
        self.rows: list[RowSection] = []
        self.row: _Row | None = None
        self.preformatted = 0
        #: The last text read ends in a word, and where a line break would separate it from the next.
        self.word_before = False
        self.gap_at: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _boundary(self, tag: str, after: int) -> None:
        """A boundary between words: a line break just after its tag will separate them, if they touch."""
        if tag in BOUNDARIES and not self.preformatted:
            if self.word_before and self.gap_at is None:
                self.gap_at = after if tag not in PREFORMATTED else self._offset()
            if self.row is not None:
                self.row.text.append(" ")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._boundary(tag, self._offset() + len(self.get_starttag_text() or ""))
        if tag in PREFORMATTED:
            self.preformatted += 1
        row = self.row
        if row is not None and row.excluded is not None:
            if tag == row.excluded[0]:
                row.excluded = (tag, row.excluded[1] + 1)
            return
        if row is not None and tag not in VOID and tag != "tr" and any(name == EXCLUDE for name, _ in attrs):
            row.excluded = (tag, 1)
            return
        if tag == "tr":
            if row is not None:
                row.depth += 1
            else:
                anchor = dict(attrs).get("id")
                if anchor and not any(name == EXCLUDE for name, _ in attrs):
                    self.row = _Row(anchor, self._offset())
        elif row is not None and tag == "th" and row.header == 0 and ("scope", "row") in attrs:
            row.header = 1
        elif row is not None and tag == "br" and row.header == 1:
            row.header = 2

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in PREFORMATTED:
            self.preformatted -= 1

    def handle_endtag(self, tag: str) -> None:
        self._boundary(tag, self.html.index(">", self._offset()) + 1)
        if tag in PREFORMATTED and self.preformatted:
            self.preformatted -= 1
        row = self.row
        if row is None:
            return
        if row.excluded is not None:
            if tag == row.excluded[0]:
                row.excluded = (tag, row.excluded[1] - 1) if row.excluded[1] > 1 else None
            return
        if tag == "th" and row.header == 1:
            row.header = 2
        elif tag == "tr":
            row.depth -= 1
            if row.depth == 0:
                self._end_row(row)

    def _end_row(self, row: _Row) -> None:
        """A row with a row header is a section: the theme leaves it out of the section around it."""
        self.row = None
        title = " ".join("".join(row.title).split())
        if title:
            self.rows.append(RowSection(row.anchor, title, " ".join("".join(row.text).split())))
            self.edits.append((row.offset + len("<tr"), f" {EXCLUDE}"))

    def handle_data(self, data: str) -> None:
        if self.row is not None and self.row.excluded is None:
            (self.row.title if self.row.header == 1 else self.row.text).append(data)
        if self.preformatted:
            self.word_before, self.gap_at = False, None
            return
        if self.gap_at is not None and not data[0].isspace():
            self.edits.append((self.gap_at, "\n"))
        self.word_before, self.gap_at = not data[-1].isspace(), None
