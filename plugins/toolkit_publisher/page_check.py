"""The page check: each published page's content HTML against the page policy, after composition.

Fields are checked one by one when they are validated; this checks what a reader's browser gets,
after the templates have put fields side by side and MkDocs has turned the page into HTML,
for generated pages and the Markdown pages of the docs folder alike. A problem names the page,
and wherever the text that caused it can be found in a content file, that file's line, column
and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError, Position
from .load import MAX_FILE_BYTES, LoadedFile, load_text
from .sanitise import unsafe_page

#: Sources searched for the text behind a problem; each is read only if it is a small regular file.
SOURCE_SUFFIXES = (".yml", ".yaml", ".md")
#: A needle this short, without punctuation, would be found in ordinary words: name the page only.
_SPECIFIC = 6


@dataclass(frozen=True)
class PageProblem:
    """Something in a published page that the page policy does not allow."""

    page: str
    what: str
    needle: str

    def errors(self, sources: list[tuple[Path, str]]) -> list[ContentError]:
        """Messages for the editor: at each place the offending text is written, or at the page itself."""
        message = (f"the published page '{self.page}' would contain HTML that is not allowed: {self.what}. "
                   "Fields and pages are checked again once they are put together: a link reference, an HTML "
                   "comment or indentation in one place can change the meaning of text in another. Remove it, "
                   "or write it in Markdown")
        found = [ContentError(position, message + where) for position, where in _locate(self.needle, sources)]
        return found or [ContentError(Position(self.page), message)]


def check_page(html: str, page: str) -> PageProblem | None:
    """The problem with one page's content HTML, or None when all of it is allowed."""
    problem = unsafe_page(html)
    if problem is None:
        return None
    what, needle = problem
    return PageProblem(page, what, needle)


def source_files(*folders: Path) -> list[tuple[Path, str]]:
    """The content files a page may be made from, with the names editors know them by."""
    found = []
    for folder in folders:
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and not path.is_symlink() and path.is_file():
                found.append((path, path.relative_to(folder.parent).as_posix()))
    return found


def _locate(needle: str, sources: list[tuple[Path, str]]) -> list[tuple[Position, str]]:
    """Every place a source file holds the needle, with the YAML field it is in when the file is YAML."""
    if not needle.strip() or (len(needle) < _SPECIFIC and needle.isalnum()):
        return []
    places = []
    for path, display in sources:
        try:
            if path.lstat().st_size > MAX_FILE_BYTES:
                continue
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
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
