"""MkDocs' own warnings while previewing, as problems the error site can show.

The published build is strict: a warning (most often a link in content/*.md to a page that does not exist)
stops it. While serving, strict mode would stop the preview itself, leaving the browser with nothing, so the
preview turns strict mode off, collects the warnings, and shows them as the error site shows content errors:
what would stop publishing is shown where the editor is looking, at the place in the file where possible.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from .errors import ContentError, Position
from .files import read_bytes

#: MkDocs' wording for a link it cannot resolve, in 1.6: the page and the link as written.
_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a|an absolute|an unrecognized) link '(?P<link>[^']*)'")


class WarningsSeen(logging.Handler):
    """Keeps every warning and error MkDocs logs during one build; records a flag marks are left out."""

    def __init__(self, skip: str) -> None:
        super().__init__(logging.WARNING)
        self.skip = skip
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not getattr(record, self.skip, False):
            self.records.append(record)


def _place(docs_dir: Path, project: Path, page: str, link: str) -> Position:
    """Where the link is written in its page: the first place its target appears, else the page's top."""
    name = f"{docs_dir.name}/{page}"
    raw, problems = read_bytes(docs_dir / page, name)
    if raw is None or problems or not link:
        return Position(name)
    text = raw.decode("utf-8", "replace")
    offset = text.find(link)
    return Position.of_offset(name, text, offset) if offset >= 0 else Position(name)


def as_errors(records: list[logging.LogRecord], docs_dir: Path, project: Path) -> list[ContentError]:
    """Each warning as a problem to fix; one MkDocs gives no file for is placed on mkdocs.yml."""
    errors = []
    for record in records:
        message = record.getMessage()
        found = _LINK.search(message)
        if found:
            position = _place(docs_dir, project, found["page"], found["link"])
            errors.append(ContentError(position, f"the link '{found['link']}' leads to no page of the site; "
                                       "correct it, or remove it (the published build stops on it)"))
        else:
            errors.append(ContentError(Position("mkdocs.yml"), f"{message} (the published build stops on this)"))
    return errors
