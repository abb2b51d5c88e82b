"""The Markdown pages of the docs folder, checked as text before MkDocs reads them.

MkDocs reads and renders these itself, so the loader's rules for YAML never see them: here they
get the same door. Each must be UTF-8 text without the characters the loader refuses, and without
the Markdown that would make rendering recurse or slow down out of proportion, each problem at its
line and column, so no page can crash or stall MkDocs on the way in.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import ContentError, Position
from .files import MARKDOWN_SUFFIXES, display, read_bytes, walk
from .load import decode_utf8, forbidden_characters, structure_problems
from .editorial import problems as mark_problems
from .markdown_limits import markdown_hazard


def check_written_pages(folder: Path, root: Path) -> list[ContentError]:
    """Every problem with the text of the Markdown pages under ``folder``; names are shown relative to ``root``."""
    errors: list[ContentError] = []
    for entry in walk(folder):
        if entry.kind != "file" or entry.path.suffix.lower() not in MARKDOWN_SUFFIXES:
            continue
        shown = display(entry.path, root)
        raw, problems = read_bytes(entry.path, shown)
        if raw is None:
            errors += problems
            continue
        errors += check_text(raw, shown)
    return errors


#: Front matter as MkDocs finds it (mkdocs.utils.meta): YAML between '---' lines at the very start.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


#: A page's title in its front matter (one line, quoted or not) and its first heading, as MkDocs reads them.
_TITLE_LINE = re.compile(r"^title:[ \t]*(?P<title>.+?)[ \t]*$", re.M)
_HEADING = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t#]*$", re.M)


#: Files of the docs folder that are published as they are, unchecked: pictures that cannot hold script.
#: Anything else (an .html page, a .js or .svg file) would be served from the site's own origin, where the
#: Content Security Policy trusts it; Markdown pages are checked as they are rendered.
PUBLISHED_AS_IS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


def published_unchecked(name: str) -> ContentError:
    """A file of the docs folder (``name`` as editors name it) that is neither a page nor a picture."""
    return ContentError(Position(name), "this file would be published as it is, without being checked; the docs "
                        "folder may hold only Markdown pages (.md) and pictures ("
                        f"{', '.join(sorted(PUBLISHED_AS_IS))}): remove it, or write it as a Markdown page")


def written_pages(folder: Path) -> tuple[tuple[str, str], ...]:
    """The pages written in the docs folder, by path, each with its title (its front matter's, else its first
    heading, else its file's name): the site's own pages, for the page index. Hidden ones MkDocs leaves out."""
    found = []
    for entry in walk(folder):
        if entry.kind != "file" or entry.path.suffix.lower() not in MARKDOWN_SUFFIXES:
            continue
        relative = entry.path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        text = entry.path.read_text(encoding="utf-8", errors="replace")
        front = _FRONT_MATTER.match(text)
        named = _TITLE_LINE.search(front.group(1)) if front else None
        heading = _HEADING.search(text[front.end():] if front else text)
        title = (named.group("title").strip("'\"") if named else heading.group("title") if heading
                 else relative.stem.replace("-", " ").capitalize())
        found.append((relative.as_posix(), title))
    return tuple(sorted(found, key=lambda page: (page[0] != "index.md", page[0])))


def check_text(raw: bytes, shown: str) -> list[ContentError]:
    """One page's bytes: UTF-8, no character the loader would refuse in a YAML file, front matter MkDocs can
    compose safely, and no Markdown that would stall or crash rendering."""
    text, errors = decode_utf8(raw, shown)
    if text is None:
        return errors
    errors = forbidden_characters(text, shown)
    front = _FRONT_MATTER.match(text)
    if front and not errors:  # MkDocs composes it with libyaml, whose composer recurses in C: measure it first
        errors = [ContentError(Position(e.position.path, e.position.line + 1, e.position.column), e.message)
                  for e in structure_problems(front.group(1), shown)]
    hazard = None if errors else markdown_hazard(text)
    if hazard is not None:
        offset, message = hazard
        errors.append(ContentError(Position.of_offset(shown, text, offset), f"this page {message}"))
    elif not errors:  # a malformed editorial mark would be published as braces and words (see editorial.py)
        errors += [ContentError(Position.of_offset(shown, text, offset), message)
                   for offset, message in mark_problems(text)]
    return errors
