"""Files on disk, read without trusting them: no symbolic link followed, no size unchecked, no special file opened.

Content arrives in pull requests, so a file may be a link to ``/etc/passwd`` or to YAML outside the
repository, a 3 GB blob, or a pipe that blocks any reader. Everything here looks at a file with
``lstat`` (which never follows a link) before anything opens it, and opens only ordinary files,
with ``O_NOFOLLOW`` so a file swapped for a link in between is not followed either. A link's
target is never read or shown.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import ContentError, Position

#: The largest file that is read into memory and parsed.
MAX_FILE_BYTES = 1_000_000
#: Files that are read whole and parsed (YAML data, Markdown pages), so their size is limited.
PARSED_SUFFIXES = frozenset({".yml", ".yaml", ".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn"})
#: Markdown pages, by every ending MkDocs builds as a page.
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkdn", ".mkd", ".mdwn"})
#: Characters a file name may not hold: printed in a log (MkDocs prints names itself) a line break could
#: forge a CI annotation, and the others hide or reorder what a reviewer reads.
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class Entry:
    """One thing in a folder, as ``lstat`` sees it: 'file', 'folder', 'link', 'special' or 'unreadable'."""

    path: Path
    kind: str
    size: int = 0


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "special"


def walk(folder: Path) -> Iterator[Entry]:
    """Everything under ``folder`` (the folder itself first), never following a link, without recursion."""
    try:
        info = os.lstat(folder)
    except OSError:
        return
    yield Entry(folder, _kind(info.st_mode), info.st_size)
    if not stat.S_ISDIR(info.st_mode):
        return
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                found = sorted(listing, key=lambda item: item.name)
        except OSError:
            yield Entry(current, "unreadable")
            continue
        for item in found:
            try:
                info = item.stat(follow_symlinks=False)
            except OSError:
                yield Entry(Path(item.path), "unreadable")
                continue
            entry = Entry(Path(item.path), _kind(info.st_mode), info.st_size)
            yield entry
            if entry.kind == "folder":
                pending.append(entry.path)


def display(path: Path, root: Path) -> str:
    """The name editors see: relative to ``root`` (the project), with forward slashes."""
    text, base = str(path), str(root)
    if text.startswith(base + os.sep):  # as walk() joined it: the common case, without parsing the path again
        return text[len(base) + 1:].replace(os.sep, "/")
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _too_big(size: int) -> str:
    return f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it"


LINK_MESSAGE = ("this is a symbolic link, which the build never follows: replace it with the file or folder itself, "
                "kept inside the repository")
SPECIAL_MESSAGE = "this is not an ordinary file or folder (a pipe, socket or device): delete it"


def _unreadable(exc: OSError, what: str = "file") -> str:
    reason = (exc.strerror or type(exc).__name__).lower()
    return f"the {what} cannot be read ({reason}): make it readable by the build, or delete it"


def problems(entries: list[Entry], root: Path) -> list[ContentError]:
    """What is unsafe among these entries: links, special files, unreadable ones, parsed files over the limit."""
    errors = []
    for entry in entries:
        at = Position(display(entry.path, root))
        if _BAD_NAME.search(entry.path.name):
            errors.append(ContentError(at, "this name holds a line break or another invisible character, which "
                                       "could change what a log or a reviewer shows: rename it with letters, "
                                       "digits and hyphens"))
        elif entry.kind == "link":
            errors.append(ContentError(at, LINK_MESSAGE))
        elif entry.kind == "special":
            errors.append(ContentError(at, SPECIAL_MESSAGE))
        elif entry.kind == "unreadable":
            errors.append(ContentError(at, "this cannot be read (permission denied or gone): make it readable by "
                                       "the build, or delete it"))
        elif entry.kind == "file":
            if entry.path.suffix.lower() in PARSED_SUFFIXES and entry.size > MAX_FILE_BYTES:
                errors.append(ContentError(at, _too_big(entry.size)))
                continue
            try:
                os.close(_open(entry.path))
            except OSError as exc:
                errors.append(ContentError(at, _unreadable(exc)))
    return errors


def unsafe_files(folder: Path, display_root: Path) -> list[ContentError]:
    """Every link, special file, unreadable file or oversized page under ``folder``, found without reading any.

    The MkDocs plugin calls this for the docs folder and the data folder before anything reads them.
    """
    return problems(list(walk(folder)), display_root)


def _open(path: Path) -> int:
    """A descriptor for reading ``path``, refusing to follow a link in its last step (separate, for tests)."""
    return os.open(path, _OPEN_FLAGS)


def read_bytes(path: Path, shown: str) -> tuple[bytes | None, list[ContentError]]:
    """The bytes of an ordinary file of at most MAX_FILE_BYTES, or why they were not read; ``shown`` names it."""
    at = Position(shown)
    try:
        info = os.lstat(path)
        if _kind(info.st_mode) != "file":
            return None, [ContentError(at, LINK_MESSAGE if stat.S_ISLNK(info.st_mode) else SPECIAL_MESSAGE)]
        if info.st_size > MAX_FILE_BYTES:
            return None, [ContentError(at, _too_big(info.st_size))]
        with os.fdopen(_open(path), "rb") as file:
            opened = os.fstat(file.fileno())
            if not stat.S_ISREG(opened.st_mode) or opened.st_size > MAX_FILE_BYTES:  # changed since the lstat
                return None, [ContentError(at, _too_big(opened.st_size) if stat.S_ISREG(opened.st_mode)
                                           else SPECIAL_MESSAGE)]
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [ContentError(at, _unreadable(exc))]
    if len(raw) > MAX_FILE_BYTES:
        return None, [ContentError(at, _too_big(len(raw)))]
    return raw, []
