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
from pathlib import Path
from typing import Any

from .errors import ContentError, Position
from .files import read_bytes, walk
from .load import LoadedFile, load_text
from .sanitise import unsafe_page

#: Sources searched for the text behind a problem; each is read only if it is a small regular file.
SOURCE_SUFFIXES = (".yml", ".yaml", ".md")
#: A needle this short, without punctuation, would be found in ordinary words: name the page only.
_SPECIFIC = 6
#: Front matter a Markdown page in the docs folder may set. The theme prints these values into the page
#: without escaping them, and other keys choose templates or change the page's chrome.
FRONT_MATTER_KEYS = frozenset({"title", "description", "hide", "search"})
#: Markup in a title or front-matter value: the theme inserts these as HTML (its <title> even unescapes them).
_MARKUP = re.compile(r"[<>]")


@dataclass(frozen=True)
class PageProblem:
    """Something in a published page that the page policy does not allow."""

    page: str
    message: str
    needle: str
    #: The Markdown file the page is written in, for a page of the docs folder; None for a generated page.
    source: str | None = None

    def errors(self, sources: list[tuple[Path, str]]) -> list[ContentError]:
        """Messages for the editor: at each place the offending text is written, or at the page itself."""
        message = f"the published page '{self.page}' {self.message}"
        if self.source is not None:  # written by hand: only its own file can hold the text
            sources = [(path, display) for path, display in sources if display == self.source]
        found = [ContentError(position, message + where) for position, where in _locate(self.needle, sources)]
        return found or [ContentError(Position(self.source or self.page), message)]


def check_page(html: str, page: str, title: str | None = None, meta: dict[str, Any] | None = None,
               source: str | None = None) -> list[PageProblem]:
    """The problems with one page: its content HTML, and the title and front matter the theme prints around it."""
    problems = []
    unsafe = unsafe_page(html)
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
    for key in sorted(set(meta or {}) - FRONT_MATTER_KEYS):
        problems.append(PageProblem(page, f"sets '{key}' in its front matter, which is not allowed (only "
                                    f"{', '.join(sorted(FRONT_MATTER_KEYS))}); remove it", f"{key}:", source))
    texts = [("title", title or "")] + [(key, value) for key, value in _strings(meta or {})]
    for name, value in texts:
        found = _MARKUP.search(value) or _MARKUP.search(html_text.unescape(value))
        if found:
            problems.append(PageProblem(page, f"has a {name} holding '{found.group(0)}', which the theme would "
                                        "insert as HTML; write it in words, without HTML", value, source))
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


def _strings(value: Any, name: str = "") -> list[tuple[str, str]]:
    """Every text in front matter, however nested, with the key it is under."""
    if isinstance(value, str):
        return [(f"front-matter value '{name}'", value)]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in _strings(item, str(key))]
    if isinstance(value, list):
        return [found for item in value for found in _strings(item, name)]
    return []


def source_files(*folders: Path) -> list[tuple[Path, str]]:
    """The content files a page may be made from, with the names editors know them by."""
    return [(entry.path, entry.path.relative_to(folder.parent).as_posix())
            for folder in folders for entry in walk(folder)
            if entry.kind == "file" and entry.path.suffix in SOURCE_SUFFIXES]


def _locate(needle: str, sources: list[tuple[Path, str]]) -> list[tuple[Position, str]]:
    """Every place a source file holds the needle, with the YAML field it is in when the file is YAML."""
    if not needle.strip() or (len(needle) < _SPECIFIC and needle.isalnum()):
        return []
    places = []
    for path, display in sources:
        raw, _problems = read_bytes(path, display)
        try:
            text = raw.decode("utf-8") if raw is not None else ""
        except UnicodeDecodeError:
            continue
        offset = text.find(needle)
        if offset < 0:
            continue
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        field = _field_at(text, display, line) if path.suffix != ".md" else None
        places.append((Position(display, line, column), f" (in the field '{field}')" if field else ""))
    return places


def _field_at(text: str, display: str, line: int) -> str | None:
    """The YAML key whose value holds this line: the last value that starts at or before it."""
    loaded, _ = load_text(text, display)
    if not isinstance(loaded, LoadedFile):
        return None
    best: tuple[int, int] | None = None
    name = None
    for path, position in loaded.values.items():
        keys = [step for step in path if isinstance(step, str)]
        if keys and position.line <= line and (best is None or (position.line, position.column) >= best):
            best, name = (position.line, position.column), keys[-1]
    return name
