"""The page check: each published page's content HTML against the page policy, after composition.

Fields are checked one by one when they are validated; this checks what a reader's browser gets,
after the templates have put fields side by side and MkDocs has turned the page into HTML,
for generated pages and the Markdown pages of the docs folder alike. A problem names the page,
and wherever the text that caused it can be found in a content file, that file's line, column
and field.
"""

from __future__ import annotations

import html as html_text
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import ContentError, Position
from .files import MARKDOWN_SUFFIXES, read_bytes, walk
from .load import LoadedFile, load_text
from .sanitise import PAGE_POLICY, WRITTEN_POLICY, Policy, unsafe_page

#: Sources searched for the text behind a problem; each is read only if it is a small regular file.
YAML_SUFFIXES = frozenset({".yml", ".yaml"})
SOURCE_SUFFIXES = YAML_SUFFIXES | MARKDOWN_SUFFIXES
#: A needle this short, without punctuation, would be found in ordinary words: name the page only.
_SPECIFIC = 6
#: Markup in a title or front-matter value: the theme inserts these as HTML (its <title> even unescapes them).
_MARKUP = re.compile(r"[<>]")
#: What ends an attribute or starts a tag, in a value the theme prints inside an attribute.
_ATTRIBUTE_BREAKING = re.compile(r'[<>"]')
#: At most this many problems are located and reported; the rest are counted. Each located problem costs a
#: search of the content files, so a flood of problems (one per generated page) cannot stall the build.
MAX_REPORTED = 50


@dataclass(frozen=True)
class PageProblem:
    """Something in a published page that the page policy does not allow."""

    page: str
    message: str
    needle: str
    #: The Markdown file the page is written in, for a page of the docs folder; None for a generated page.
    source: str | None = None


def check_page(html: str, page: str, title: str | None = None, meta: dict[str, Any] | None = None,
               source: str | None = None, published: str | None = None) -> list[PageProblem]:
    """The problems with one page: its content HTML, and the title and front matter the theme prints around it.

    ``published``: the page as :func:`publishable` writes it, when the caller already has it."""
    problems = []
    unsafe = unsafe_page(html, policy_for(source), published)
    if unsafe is not None:
        what, needle = unsafe
        problems.append(PageProblem(page, f"would contain HTML that is not allowed: {what}. Fields and pages are "
                                    "checked again once they are put together: a link reference, an HTML comment or "
                                    "indentation in one place can change the meaning of text in another. Remove it, "
                                    "or write it in Markdown", needle, source))
    for duplicate in _duplicate_ids(html):
        problems.append(PageProblem(page, f"would have two elements with the id '{duplicate}', so links to it "
                                    "could land on the wrong one; rename the heading or entry that repeats it",
                                    duplicate, source))
    problems += [PageProblem(page, message, needle, source) for message, needle in _front_matter(meta or {})]
    title = title if isinstance(title, str) else ""  # front matter can make it anything: reported above
    found = _MARKUP.search(title) or _MARKUP.search(html_text.unescape(title))
    if found:
        problems.append(PageProblem(page, f"has a title holding '{found.group(0)}', which the theme would insert "
                                    "as HTML; write it in words, without HTML", title, source))
    return problems


def policy_for(source: str | None) -> Policy:
    """A page written by hand is held to what Markdown makes; a generated one also to what the templates add."""
    return WRITTEN_POLICY if source is not None else PAGE_POLICY


def publishable(html: str, source: str | None) -> str:
    """The content HTML as the sanitiser writes it out, which is what is published.

    The check compares two readings of the page; publishing the sanitiser's own output means that
    even markup two parsers read differently (which the check refuses when it sees it) reaches a
    reader only in the form the sanitiser made safe.
    """
    return policy_for(source).clean(html)


#: What a docs page's front matter may set, and what each value must be. The theme prints these values into
#: the page without escaping them (a description goes inside an attribute), and other keys choose templates
#: or change the page's chrome.
FRONT_MATTER_KEYS = ("title", "description", "hide", "search")
#: Parts of the page's chrome that 'hide' may hide.
HIDEABLE = frozenset({"navigation", "toc", "footer", "path", "feedback", "tags"})


def _front_matter(meta: dict[str, Any]) -> list[tuple[str, str]]:
    """Problems with a docs page's front matter, as (message, text to find it by)."""
    problems = []
    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            problems.append((f"sets '{key}' in its front matter, which is not allowed (only "
                             f"{', '.join(FRONT_MATTER_KEYS)}); remove it", f"{key}:"))
        elif key in ("title", "description"):
            if not isinstance(value, str):
                problems.append((f"has a front-matter '{key}' that is not text; write it as one line of text",
                                 f"{key}:"))
            elif _ATTRIBUTE_BREAKING.search(value) or _MARKUP.search(html_text.unescape(value)):
                problems.append((f"has a front-matter '{key}' holding '<', '>' or '\"', which the theme prints "
                                 "unescaped into the page; write it in words, with ‘curly’ quotes", f"{key}:"))
        elif key == "hide":
            if not (isinstance(value, list) and all(isinstance(v, str) and v in HIDEABLE for v in value)):
                problems.append((f"has a front-matter 'hide' that is not a list of {', '.join(sorted(HIDEABLE))}; "
                                 "write it as a list, one per line starting '- '", "hide:"))
        elif not (isinstance(value, dict) and set(value) <= {"exclude", "boost"}
                  and isinstance(value.get("exclude", False), bool)
                  and isinstance(value.get("boost", 1), (int, float)) and not isinstance(value.get("boost", 1), bool)):
            problems.append(("has a front-matter 'search' that is not 'exclude: true' or 'boost: NUMBER'; "
                             "write one of those under it", "search:"))
    return problems


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def _duplicate_ids(html: str) -> list[str]:
    """Ids used more than once: a fragment link goes to the first, and assistive technology may misread both."""
    parser = _Ids()
    parser.feed(html)
    parser.close()
    return sorted(name for name, count in parser.ids.items() if count > 1)


def source_files(*folders: Path) -> list[tuple[Path, str]]:
    """The content files a page may be made from, with the names editors know them by."""
    return [(entry.path, entry.path.relative_to(folder.parent).as_posix())
            for folder in folders for entry in walk(folder)
            if entry.kind == "file" and entry.path.suffix in SOURCE_SUFFIXES]


def report(problems: list[PageProblem], sources: list[tuple[Path, str]]) -> list[ContentError]:
    """Messages for the editor, at each place the offending text is written, or at the page itself.

    Only the first MAX_REPORTED problems are located; one more message counts the rest.
    """
    locator = _Locator(sources)
    errors = []
    for problem in problems[:MAX_REPORTED]:
        message = f"the published page '{problem.page}' {problem.message}"
        places = locator.find(problem)
        errors += [ContentError(position, message + where) for position, where in places]
        if not places:
            errors.append(ContentError(Position(problem.source or problem.page), message))
    if len(problems) > MAX_REPORTED:
        errors.append(ContentError(Position(problems[MAX_REPORTED].source or problems[MAX_REPORTED].page),
                                   f"and {len(problems) - MAX_REPORTED:,} more problems of the same kinds on published "
                                   "pages, not listed one by one; fix the ones above, then build again"))
    return errors


class _Locator:
    """Finds the text behind a problem in the content files, reading and parsing each file at most once."""

    #: A problem found in more files than this is shown at these and no more.
    MAX_PLACES = 3

    def __init__(self, sources: list[tuple[Path, str]]):
        self.sources = sources
        self.texts: dict[str, str | None] = {}
        self.loaded: dict[str, LoadedFile | None] = {}

    def find(self, problem: PageProblem) -> list[tuple[Position, str]]:
        """Where the needle is written: in the page's own file when it has one (a docs page's file, or the data
        file named like a generated page), else in any content file."""
        needle = problem.needle
        if not needle.strip() or (len(needle) < _SPECIFIC and needle.isalnum()):
            return []
        if problem.source is not None:
            return self._in([(p, d) for p, d in self.sources if d == problem.source], needle)
        stem = PurePosixPath(problem.page).stem
        own = stem if stem != "index" else PurePosixPath(problem.page).parent.name
        return (self._in([(p, d) for p, d in self.sources if PurePosixPath(d).stem == own], needle)
                or self._in(self.sources, needle))

    def _in(self, sources: list[tuple[Path, str]], needle: str) -> list[tuple[Position, str]]:
        places = []
        for path, display in sources:
            text = self._text(path, display)
            offset = text.find(needle) if text is not None else -1
            if offset < 0:
                continue
            position = Position.of_offset(display, text, offset)
            field = self._field_at(text, display, position.line) if path.suffix in YAML_SUFFIXES else None
            places.append((position, f" (in the field '{field}')" if field else ""))
            if len(places) == self.MAX_PLACES:
                break
        return places

    def _text(self, path: Path, display: str) -> str | None:
        if display not in self.texts:
            raw, _problems = read_bytes(path, display)
            try:
                self.texts[display] = raw.decode("utf-8") if raw is not None else None
            except UnicodeDecodeError:
                self.texts[display] = None
        return self.texts[display]

    def _field_at(self, text: str, display: str, line: int) -> str | None:
        """The YAML key whose value holds this line: the last value that starts at or before it."""
        if display not in self.loaded:
            self.loaded[display] = load_text(text, display)[0]
        loaded = self.loaded[display]
        if loaded is None:
            return None
        best: tuple[int, int] | None = None
        name = None
        for path, position in loaded.values.items():
            keys = [step for step in path if isinstance(step, str)]
            if keys and position.line <= line and (best is None or (position.line, position.column) >= best):
                best, name = (position.line, position.column), keys[-1]
        return name
