"""How faithful the published site is to its source documents: per page, what text is the source's word for word,
what is marked as the editors' (by the `data-editorial` mark: added, omitted, derived, historical), what is the
site's own furniture, and what is none of these (unexplained). Not a pull-request check: run with
./scripts/faithfulness after a large import or restructuring, and read the unexplained text it lists.

Text is compared as a sequence of words (lower case, letters and digits only), so quote styles, dashes, bullets,
spacing and Markdown in the sources do not count as differences, while any changed, added or dropped word does.
Each block of a page (a paragraph, list item, table cell, heading...) is looked for whole in the sources; a block
not found whole is looked for sentence by sentence, and each sentence not found is unexplained. A table's cell is
also looked for as a table reads when it is printed as plain text: the source's rows run their cells side by side
on each line, so one cell's words are broken across a few lines with its neighbours' words between them ("Educated
(and achieved) to A level 3 A" / "or equivalent (including NVQs)"). Such a cell is the source's when all its words
are there, in order, each part a run of words on its own line, each line within a few lines of the last (see
Sources.has_cell); nothing else is let through.

Comparing words alone would hide one kind of loss: a footnote's number the source runs on to a word ("Services7",
"E&T.22"), which a page drops by ending its text there ("Services" is in the sources). So a text of the source's that
the sources always follow with such a number must be followed on the page by that number or by an omitted mark, or
the page must have a mark naming that footnote; otherwise the number is reported as unexplained (_footnotes_kept).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from bs4 import BeautifulSoup, NavigableString, Tag

from toolkit_publisher import kinds, labels

ROOT = Path(__file__).resolve().parent.parent
#: Where the source documents are, unless --sources says otherwise: shared/seeds beside the repository.
DEFAULT_SOURCES = ROOT.parent / "shared" / "seeds"
MARKS = ("added", "omitted", "derived", "historical")
CATEGORIES = ("verbatim", *MARKS, "interface", "unexplained")
#: The site's own furniture, not a claim about any source: the self-assessment's panel and controls, print
#: buttons and instructions for them, offers of files and of data files ("Use this data"), review dates and notices,
#: change notes and feeds, "From <publication>" lines and a case study's citation of where the source prints it,
#: links between parts, counts of what a part holds, text only for screen readers or for print, the theme's heading
#: anchors, and what the answers pages draw in the browser from a person's files (readiness, plan, comparison, team).
INTERFACE_SELECTORS = (".tk-assessment", ".tk-answer", ".tk-print-actions", ".tk-print-only", ".tk-downloads",
                       ".tk-review", ".tk-source", ".tk-part-footer", ".tk-visually-hidden", ".tk-calendar-link",
                       ".tk-screen-only", ".headerlink", "nav", "form", "thead", "dt", ".tk-col-number", ".tk-count",
                       ".tk-citation", ".tk-review-due", ".tk-changes", ".tk-changes-list", ".tk-feed",
                       ".tk-data-files", ".tk-readiness", ".tk-plan", ".tk-summary-list__value", ".tk-section-counts",
                       ".tk-compare__result", ".tk-team__result")
#: The site's fixed words inside a line of the source's, each in an element of its own so the source's words around
#: them are compared on their own: "Link not yet provided" after a resource with no address (.tk-link-missing, in a
#: list and in running text) and the name of a field before the source's value, such as "Publisher:" (.tk-label).
#: Furniture only while their words are exactly one of labels.py's: any other words in such an element are compared.
LABEL_SELECTORS = (".tk-link-missing", ".tk-label")
#: Pages that are the site's own (home, about, lists of entries, downloads, search, the content editor): not compared.
SITE_PAGES = ("index.html", "404.html", "about/", "accessibility/", "downloads/", "content-health/", "search/", "data/",
              "admin/",
              "case-studies/index.html", "organisations/index.html", "training/index.html",
              "job-descriptions/index.html", "document-templates/index.html", "toolkits/index.html")


def _label_words() -> frozenset[str]:
    """The site's fixed words for what a source does not give and its shared headings (labels.py), each defined
    once and explained on the site, and the names of its sections (each kind's title, kinds.py): a block that is
    only one of them is furniture."""
    found: set[str] = {words(kind.title) for kind in kinds.all_kinds() if kind.title}
    # Its constants only (names in capitals), not the module's docstring or other names.
    for name, value in vars(labels).items():
        if not name.isupper():
            continue
        values = value.values() if isinstance(value, Mapping) else value if isinstance(value, tuple) else [value]
        found.update(words(text) for text in values if isinstance(text, str))
    return frozenset(found - {""})


BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "blockquote", "pre",
          "summary", "figcaption", "div", "section", "details", "table", "tr", "ul", "ol", "dl", "article"}
_SENTENCE_END = re.compile(r"(?<=[.?!;:])\s+")
#: A word: letters, or digits, so "session3" and "session 3" read alike.
_WORD = re.compile(r"[0-9]+|[a-z£%]+")


def words(text: str) -> str:
    """Text as the words a reader reads, lower case, one space apart, with a space at each end (so a match is whole
    words); Markdown links, emphasis and HTML tags in a source count as their text."""
    found = [word for word, _ in _tokens(text)]
    return f" {' '.join(found)} " if found else ""


#: What may stand between a word and a footnote's number run on to it ("Services7", "(NSF)8", "E&T.22", "plans;3").
_BEFORE_FOOTNOTE = ("", ".", ",", ";", ":", ")", "\u201d", '"')
#: A footnote's number: one or two digits.
_FOOTNOTE_DIGITS = 2
#: A year a footnote's number may follow after a stop ("March 2003.6"), where a shorter number and a stop before
#: digits is a decimal ("1.6 million", section "2.1").
_YEAR_DIGITS = 4


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The words of ``text`` as :func:`words` reads them, each with whether it is a footnote's number as a source
    prints it: one or two digits run on to the word before, or to a stop after it, with no space between (a word
    and its footnote lose their joint in :func:`words`, which reads "Services7" as "services 7")."""
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.lower().replace("\u2019", "'").replace("'", "")
    found: list[tuple[str, bool]] = []
    previous: re.Match[str] | None = None
    for match in _WORD.finditer(text):
        word = match.group()
        footnote = (previous is not None and word.isdigit() and len(word) <= _FOOTNOTE_DIGITS
                    and text[previous.end():match.start()] in _BEFORE_FOOTNOTE
                    and _may_carry_footnote(text, previous, match))
        found.append((word, footnote))
        previous = match
    return found


def _may_carry_footnote(text: str, previous: re.Match[str], number: re.Match[str]) -> bool:
    """Whether a number run on to the word before it can be a footnote's: after a word, or a year and a stop, but
    not a decimal's second part ("1.6"), an amount ("£10,000"), or a letter standing alone ("B.1", "E.4.1", "B97",
    "A4C": a section's number, a postcode, a code), as "E&T.22" is not."""
    before = previous.group()
    if before.isdigit():
        return len(before) == _YEAR_DIGITS and previous.end() < number.start()
    if not before.isalpha():
        return False
    return len(before) > 1 or (previous.start() > 0 and not text[previous.start() - 1].isspace()
                               and text[previous.start() - 1] not in "([{")


@dataclass
class Piece:
    """One run of a page's text and what it is; ``note`` says why, where the text alone does not."""

    category: str
    text: str
    note: str = ""

    @property
    def size(self) -> int:
        return len(words(self.text).split())


@dataclass
class PageReport:
    path: str
    pieces: list[Piece] = field(default_factory=list)

    def totals(self) -> dict[str, int]:
        """Words of each category."""
        counts = dict.fromkeys(CATEGORIES, 0)
        for piece in self.pieces:
            counts[piece.category] += piece.size
        return counts

    def marks(self) -> dict[str, int]:
        """How many marks of each kind (an omission's "[…]" has no words, but is a mark)."""
        return {mark: sum(1 for piece in self.pieces if piece.category == mark) for mark in MARKS}

    def unexplained(self) -> list[str]:
        """Each unexplained piece's text, or what it is where the text alone does not say (a footnote's number)."""
        return [piece.note or piece.text for piece in self.pieces if piece.category == "unexplained"]


#: How many lines (of those with words) a table cell's next part may be below its last: the other cells of the row
#: and the row's blank lines come between (three allows a one-line neighbour and a blank line, as the sources have).
CELL_LINES = 3
#: The longest word a line may hold beside a part of a table cell without the page's tables having it: a tick or a
#: code the source prints in a narrow column ("3", "A", "AF").
SHORT_WORD = 2


@dataclass(frozen=True)
class Sources:
    """The source documents' words: whole, one document after another (a page may quote any of them), and line by
    line, each document apart, for a table's cell broken across lines by its row's other cells."""

    text: str
    documents: tuple[tuple[tuple[str, ...], ...], ...]
    #: Where in ``text`` a footnote's number begins, run on to the word before it in the source (see _tokens).
    footnotes: frozenset[int] = frozenset()

    def footnote_after(self, phrase: str) -> str | None:
        """The footnote number that follows ``phrase`` (made by :func:`words`) wherever the sources print it, if one
        always does: a page that ends a text there and shows no number nor a mark has dropped it. None if the phrase
        is not in the sources, or if anywhere it is followed by anything else."""
        numbers: set[str] = set()
        at = self.text.find(phrase)
        while at >= 0:
            after = at + len(phrase)
            if after not in self.footnotes:
                return None
            numbers.add(self.text[after:self.text.index(" ", after)])
            at = self.text.find(phrase, at + 1)
        return numbers.pop() if len(numbers) == 1 else None

    def __contains__(self, phrase: object) -> bool:
        """Whether ``phrase`` (made by :func:`words`) is in one piece in the sources."""
        return isinstance(phrase, str) and phrase in self.text

    def has_cell(self, phrase: str, neighbours: frozenset[str]) -> bool:
        """Whether a table cell's words (made by :func:`words`) are a cell of a table the sources print as text: in
        order, in parts, each a run of words on one line and each line at most CELL_LINES lines below the last. A
        one-word part must begin or end its line (the first or last column), so a cell is never pieced together from
        single words of a paragraph; and every other word on a part's line must be one of ``neighbours`` (the words
        of the page's tables: the row's other cells) or a tick or code, so a cell is never pieced together from
        paragraphs, nor from a line whose middle words it leaves out (unless the page's tables hold them too)."""
        wanted = tuple(phrase.split())
        return len(wanted) > 1 and any(
            _parts_from(lines, number, start, wanted, 0, neighbours)
            for lines in self.documents for number, line in enumerate(lines)
            for start, word in enumerate(line) if word == wanted[0])


def _parts_from(lines: tuple[tuple[str, ...], ...], number: int, start: int, wanted: tuple[str, ...],
                done: int, neighbours: frozenset[str]) -> bool:
    """Whether wanted[done:] is found as parts of a table's cell beginning at word ``start`` of line ``number``."""
    line = lines[number]
    longest = 0
    while (done + longest < len(wanted) and start + longest < len(line)
           and line[start + longest] == wanted[done + longest]):
        longest += 1
    if not _beside(line[:start], neighbours):
        return False  # what comes before it on the line is not the row's other cells
    for size in range(longest, 0, -1):
        if size == 1 and 0 < start < len(line) - 1:
            continue  # a single word inside a line is not a column's part
        if not _beside(line[start + size:], neighbours):
            continue  # what follows it on the line is not the row's other cells
        if done + size == len(wanted):
            return True
        following = wanted[done + size]
        if any(_parts_from(lines, below, at, wanted, done + size, neighbours)
               for below in range(number + 1, min(number + 1 + CELL_LINES, len(lines)))
               for at, word in enumerate(lines[below]) if word == following):
            return True
    return False


def _beside(found: tuple[str, ...], neighbours: frozenset[str]) -> bool:
    """Whether words sharing a line with a part of a cell can be its row's other cells."""
    return all(len(word) <= SHORT_WORD or word in neighbours for word in found)


def read_sources(folder: Path) -> Sources:
    """Every source document's words, whole and line by line."""
    if not folder.is_dir():
        raise SystemExit(f"error: the source documents are not at {folder}: give their folder with --sources DIR")
    texts = [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"error: {folder} holds no source documents (*.txt): give their folder with --sources DIR")
    documents = tuple(tuple(tuple(found.split()) for line in text.splitlines() if (found := words(line)))
                      for text in texts)
    whole, footnotes = "", set()
    for text in texts:
        offset = len(whole) + 1  # each document's words are " one two ... "
        for word, footnote in _tokens(text):
            if footnote:
                footnotes.add(offset)
            offset += len(word) + 1
        whole += words(text)
    return Sources(whole, documents, frozenset(footnotes))


#: The blocks that are a table's cells, whose words the sources may print broken across lines (Sources.has_cell).
CELLS = ("td", "th")


def _runs(node: Tag, mark: str | None, owner: int, block: int, out: list[tuple[int, str, int, str]],
          counter: list[int], cells: set[int]) -> None:
    """The text under ``node`` as (block number, category, marking element, text), in reading order: the category is
    the kind of the nearest marked ancestor (whose number is the marking element), 'interface' inside the site's
    furniture, else '' (to compare with the sources). The numbers of blocks in a table's cell are added to
    ``cells``."""
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString and child.strip():
                out.append((block, mark or "", owner, str(child)))
            continue
        if not isinstance(child, Tag):
            continue
        inner, inner_owner = mark, owner
        editorial = child.get("data-editorial")
        if isinstance(editorial, str) and editorial in MARKS and inner != "interface":
            counter[0] += 1
            inner, inner_owner = editorial, counter[0]
        if inner is None and (any(_matches(child, selector) for selector in INTERFACE_SELECTORS)
                              or (any(_matches(child, selector) for selector in LABEL_SELECTORS)
                                  and words(child.get_text(" ")) in LABELS)):
            counter[0] += 1
            inner, inner_owner = "interface", counter[0]
        if child.name in BLOCKS or child.name == "br":
            in_cell = block in cells  # the text after the child is still in the cell that holds both
            counter[0] += 1
            if child.name in CELLS or in_cell:
                cells.add(counter[0])
            _runs(child, inner, inner_owner, counter[0], out, counter, cells)
            counter[0] += 1
            block = counter[0]
            if in_cell:
                cells.add(block)
        else:
            _runs(child, inner, inner_owner, block, out, counter, cells)


def _matches(tag: Tag, selector: str) -> bool:
    if selector.startswith("."):
        return selector[1:] in (tag.get("class") or [])
    return tag.name == selector


def _blocks(article: Tag) -> Iterator[tuple[bool, list[tuple[str, int, str]]]]:
    """Each block's runs of text, (category, marking element, text), in order, with whether it is in a table's cell."""
    out: list[tuple[int, str, int, str]] = []
    cells: set[int] = set()
    _runs(article, None, 0, 0, out, [0], cells)
    current: list[tuple[str, int, str]] = []
    last = None
    for block, category, owner, text in out:
        if block != last and current:
            yield last in cells, current
            current = []
        last = block
        current.append((category, owner, text))
    if current:
        yield last in cells, current


def compare_page(path: str, page_html: str, sources: Sources) -> PageReport:
    """One page's text, piece by piece, against the sources' words."""
    report = PageReport(path)
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.select_one("article") or soup.body or soup
    neighbours = frozenset(words(" ".join(table.get_text(" ") for table in article.select("table"))).split())
    blocks: list[list[Piece]] = []
    for in_cell, block in _blocks(article):
        pieces: list[Piece] = []
        plain: list[str] = []
        marked: tuple[str, int] | None = None
        for category, owner, text in block:
            if not category:
                plain.append(f" {text}")  # elements side by side are read apart (words are compared, not spacing)
                continue
            if marked == (category, owner):  # more of the same mark: one piece
                last = pieces[-1]
                pieces[-1] = Piece(category, " ".join(f"{last.text} {text}".split()))
                continue
            # A mark splits the source's text around it.
            pieces += _compare_text(" ".join("".join(plain).split()), sources, in_cell and neighbours)
            pieces.append(Piece(category, " ".join(text.split())))
            plain, marked = [], (category, owner)
        pieces += _compare_text(" ".join("".join(plain).split()), sources, in_cell and neighbours)
        blocks.append(pieces)
    named = frozenset(words(piece.text) for pieces in blocks for piece in pieces if piece.category in MARKS)
    for pieces in blocks:
        report.pieces += _footnotes_kept(pieces, sources, named)
    report.pieces = [piece for piece in report.pieces if piece.size or piece.category in MARKS]
    return report


def _compare_text(text: str, sources: Sources, cell: frozenset[str] | bool = False) -> list[Piece]:
    """``cell``: for a table's cell, the words of the page's tables (its row's other cells among them)."""
    text = re.sub(r"\s+([.,;:?!)])", r"\1", text)  # as read: elements side by side were read apart
    if not words(text):
        return []
    if words(text) in sources:
        return [Piece("verbatim", text)]
    if isinstance(cell, frozenset) and sources.has_cell(words(text), cell):
        return [Piece("verbatim", text)]
    if words(text) in LABELS:
        return [Piece("interface", text)]
    return [Piece("verbatim" if words(sentence) in sources else "interface" if words(sentence) in LABELS
                  else "unexplained", sentence)
            for sentence in _SENTENCE_END.split(text) if words(sentence)]


def _footnotes_kept(pieces: list[Piece], sources: Sources, named: frozenset[str]) -> list[Piece]:
    """A block's ``pieces``, with an unexplained piece after each text of the source's that the sources always follow
    with a footnote's number (run on to its last word: "Services7") where the page neither shows that number next
    (the site's furniture aside) nor marks it: by an omitted mark next, or by a mark on the page that names the
    footnote ("footnote 25 omitted", one of the words of the page's marks, ``named``). Matched in the sources as far
    as the number, the text would otherwise hide that the page dropped it. The number is unexplained: the source's,
    not on the page, and unmarked."""
    if not isinstance(sources, Sources):
        return pieces
    kept: list[Piece] = []
    for at, piece in enumerate(pieces):
        kept.append(piece)
        number = sources.footnote_after(words(piece.text)) if piece.category == "verbatim" else None
        if number is None or any(f" footnote {number} " in marked for marked in named):
            continue
        following = next((later for later in pieces[at + 1:] if later.category != "interface"), None)
        if following is not None and (following.category == "omitted"
                                      or words(following.text).split()[:1] == [number]):
            continue
        kept.append(Piece("unexplained", number, note=f"footnote {number} of the source, after "
                                                      f"'{piece.text[-60:]}', is left out unmarked"))
    return kept


LABELS = _label_words()


def is_site_page(relative: str) -> bool:
    return any(relative == page or (page.endswith("/") and relative.startswith(page)) for page in SITE_PAGES)


def compare_site(site: Path, sources: Sources) -> list[PageReport]:
    """Every page of the site from a source, in path order."""
    reports = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if relative.startswith("assets/") or is_site_page(relative):
            continue
        reports.append(compare_page(relative, page.read_text(encoding="utf-8"), sources))
    return reports


def build(project: Path, target: Path) -> Path:
    """The site as published, built afresh from ``project``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": os.environ.get("SITE_URL", "http://127.0.0.1:8000/")}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "--quiet", "-d", str(target)], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode:
        raise SystemExit(f"error: the site did not build:\n{result.stdout}{result.stderr}")
    return target


def summary(reports: list[PageReport]) -> dict[str, int]:
    """Words of each category over all pages."""
    totals = dict.fromkeys(CATEGORIES, 0)
    for report in reports:
        for category, count in report.totals().items():
            totals[category] += count
    return totals


def mark_summary(reports: list[PageReport]) -> dict[str, int]:
    """Marks of each kind over all pages."""
    return {mark: sum(report.marks()[mark] for report in reports) for mark in MARKS}


def _counts(words_of: dict[str, int], marks: dict[str, int]) -> str:
    said = [f"{words_of['verbatim']} verbatim"]
    said += [f"{words_of[m]} {m} ({marks[m]} mark{'s' if marks[m] != 1 else ''})" for m in MARKS if marks[m]]
    said += [f"{words_of[c]} {c}" for c in ("interface", "unexplained") if words_of[c]]
    return ", ".join(said)


def as_text(reports: list[PageReport], show: int) -> str:
    """Per page, the words of each category and the unexplained text (the first ``show`` pieces); totals at the end."""
    lines = []
    for report in reports:
        lines.append(f"{report.path}: {_counts(report.totals(), report.marks())} (words)")
        unexplained = report.unexplained()
        for text in unexplained[:show]:
            lines.append(f"    unexplained: {text[:160]}")
        if len(unexplained) > show:
            lines.append(f"    ... and {len(unexplained) - show} more unexplained")
    lines.append("")
    lines.append(f"Totals over {len(reports)} pages (words): {_counts(summary(reports), mark_summary(reports))}")
    pages = sum(1 for report in reports if report.unexplained())
    lines.append(f"Pages with unexplained text: {pages} of {len(reports)}")
    return "\n".join(lines)


def as_json(reports: list[PageReport]) -> str:
    return json.dumps({"pages": [{"path": r.path, "words": r.totals(), "marks": r.marks(),
                                  "unexplained": r.unexplained(), "pieces": [asdict(p) for p in r.pieces]}
                                 for r in reports],
                       "totals": {"words": summary(reports), "marks": mark_summary(reports),
                                  "pages": len(reports),
                                  "pages_with_unexplained": sum(1 for r in reports if r.unexplained())}},
                      indent=2, ensure_ascii=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./scripts/faithfulness", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site to read (default: build this project afresh)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project to build (default: this one)")
    parser.add_argument("--sources", type=Path, default=Path(os.environ.get("FAITHFULNESS_SOURCES", DEFAULT_SOURCES)),
                        help=f"the folder of source documents, *.txt (default: {DEFAULT_SOURCES})")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--show", type=int, default=20, help="unexplained pieces to list per page (default 20)")
    parser.add_argument("--fail-on-unexplained", action="store_true", help="exit 1 if any text is unexplained")
    options = parser.parse_args(argv)
    sources = read_sources(options.sources)
    with tempfile.TemporaryDirectory() as scratch:
        site = options.site or build(options.project, Path(scratch) / "site")
        if not (site / "index.html").is_file():
            raise SystemExit(f"error: {site} is not a built site (it has no index.html)")
        reports = compare_site(site, sources)
    print(as_json(reports) if options.json else as_text(reports, options.show))
    return 1 if options.fail_on_unexplained and summary(reports)["unexplained"] else 0


if __name__ == "__main__":
    sys.exit(main())
