"""What `mkdocs serve` shows while the content has errors: a page at every address listing each problem.

An editor previewing a change looks at the browser, not the terminal. A build that stopped would
leave the browser with no page at all, so the preview serves this page instead: each problem with
its file, line and column, what to fix in plain words, and the line it is on. The page is written
as index.html and 404.html, which the development server shows for any address it has no file for,
and live reload brings the real site back once the files are fixed. Everything shown comes from the
content (file names, messages, the editor's own lines), so the template escapes all of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .csp import add_policy
from .errors import ContentError, printable
from .files import read_bytes
from .templating import environment

#: The error page's own stylesheet, beside its template; the site's stylesheets are not built with it.
STYLESHEET = Path(__file__).parent / "templates" / "error_site.css"
STYLESHEET_NAME = "toolkit-errors.css"
#: Written at both: the dev server serves 404.html for any address without a file of its own.
PAGES = ("index.html", "404.html")
#: How much of a long line is shown either side of the place of the problem.
EXCERPT_SIDE = 60
#: The page lists this many problems (the terminal lists every one): thousands, from one slip in a long file,
#: would make a page of megabytes that took the preview a minute to write.
SHOWN = 100


@dataclass(frozen=True)
class SourceLine:
    """The line a problem is on, cut around its column: the text before, at and after the place."""

    number: int
    before: str
    at: str
    after: str


@dataclass(frozen=True)
class Problem:
    """One problem as the page shows it."""

    reference: str  # file:line:column, as the terminal and editors' tools show it
    path: str
    line: int
    column: int
    message: str
    source: SourceLine | None


def _lines(project: Path, name: str) -> list[str] | None:
    """A file's lines, read as safely as the content itself (no link followed, nothing too big), or None."""
    path = (project / name).resolve()
    if not path.is_relative_to(project.resolve()):
        return None
    raw, problems = read_bytes(path, name)
    if raw is None or problems:
        return None
    return raw.decode("utf-8", "replace").split("\n")


def source_line(project: Path, error: ContentError,
                files: dict[str, list[str] | None] | None = None) -> SourceLine | None:
    """The problem's line, cut around its column, or None; ``files`` keeps each file read once for many problems."""
    position = error.position
    files = {} if files is None else files
    if position.path not in files:
        files[position.path] = _lines(project, position.path)
    lines = files[position.path]
    if lines is None or not 1 <= position.line <= len(lines):
        return None
    text = lines[position.line - 1].removesuffix("\r")
    index = min(position.column - 1, len(text))
    start, end = max(0, index - EXCERPT_SIDE), min(len(text), index + 1 + EXCERPT_SIDE)
    before = ("…" if start else "") + text[start:index]
    after = text[index + 1:end] + ("…" if end < len(text) else "")
    return SourceLine(position.line, printable(before), printable(text[index:index + 1]), printable(after))


def problems(errors: list[ContentError], project: Path) -> list[Problem]:
    files: dict[str, list[str] | None] = {}
    return [Problem(str(error.position), printable(error.position.path), error.position.line, error.position.column,
                    error.message, source_line(project, error, files))
            for error in errors]


def render(errors: list[ContentError], project: Path, *, site_name: str, base: str) -> str:
    """The error page; ``base`` is the path the site is served under, so the page works at any address."""
    template = environment().get_template("error_site.html.j2")
    page = template.render(problems=problems(errors[:SHOWN], project), count=len(errors), site_name=site_name,
                           stylesheet=f"{base.rstrip('/')}/{STYLESHEET_NAME}")
    return add_policy(page, "", live_reload=True)


def write(site_dir: Path, errors: list[ContentError], project: Path, *, site_name: str, base: str) -> None:
    """The error site: the page at every address, and its stylesheet."""
    page = render(errors, project, site_name=site_name, base=base)
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in PAGES:
        (site_dir / name).write_text(page, encoding="utf-8")
    (site_dir / STYLESHEET_NAME).write_bytes(STYLESHEET.read_bytes())
