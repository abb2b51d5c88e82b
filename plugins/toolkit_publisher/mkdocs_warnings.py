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

#: MkDocs' wording for a link it cannot resolve, in 1.6: the page, what kind of link, the link as written, what is
#: wrong with it (a missing page or anchor) and the file it suggests instead, if any.
_LINK = re.compile(r"Doc file '(?P<page>[^']+)' contains (?:a|an (?P<kind>absolute|unrecognized relative)) link "
                   r"'(?P<link>[^']*)'(?:, but (?P<problem>.*?)\.)?(?:.*? Did you mean '(?P<suggestion>[^']*)'\?)?",
                   flags=re.DOTALL)
#: What a link is cut to inside a message.
_EXCERPT = 60


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
            errors.append(ContentError(position, _link_message(found)))
        else:
            errors.append(ContentError(Position("mkdocs.yml"), f"{message} (the published build stops on this)"))
    return errors


def _excerpt(text: str) -> str:
    return text if len(text) <= _EXCERPT else text[:_EXCERPT - 1] + "…"


def _link_message(found: re.Match[str]) -> str:
    """What is wrong with a link, in MkDocs' terms made plain: a path from the server's root, an address that
    is no page's file, a missing anchor, or a missing page; with the file MkDocs suggests, if it found one."""
    link, problem, suggestion = _excerpt(found["link"]), found["problem"] or "", found["suggestion"]
    instead = f"; it may be '{_excerpt(suggestion)}'" if suggestion else ""
    stops = " (the published build stops on it)"
    if found["kind"] == "absolute":
        return (f"the link '{link}' starts with '/', which leads outside the site where it is published under a path"
                f"{stops}: link to the page's Markdown file, written from this page{instead}")
    if found["kind"]:
        return (f"the link '{link}' is an address, not a page's Markdown file{stops}: link to the page's file, "
                f"written from this page{instead}")
    if "anchor" in problem:
        return (f"the link '{link}' leads to a heading or place that is not on its page{stops}: correct the part "
                "after '#' to a heading's anchor, or remove it")
    return f"the link '{link}' leads to no page of the site{stops}: correct it, or remove it{instead}"
