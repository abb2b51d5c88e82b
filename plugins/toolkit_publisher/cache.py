"""Content-hash caches, so an edit re-renders only what it touched.

No cache here is a module global: whoever runs the builds owns them. The MkDocs plugin makes them in
`on_startup` and drops them in `on_shutdown`, so every rebuild of one `mkdocs serve` reuses them (an edit
re-validates only the file that changed and regenerates only the downloads whose inputs changed), and a
second plugin, test or command in the same process starts from nothing. Downloads can also be kept on disk (the plugin uses .cache/ beside mkdocs.yml), so a fresh build
reuses the files of the last one. Keys cover every input, the package's own code, and
SOURCE_DATE_EPOCH: a stale entry can never be served.

A file on disk is trusted for nothing: each starts with a line naming the key it was made under and
the digest of what follows, and is used only if both match (:func:`read_entry`). So a damaged, stray
or planted file is ignored and made afresh, never published. A cache that cannot be written (a full
disk, a read-only folder) costs the next build its reuse, never this build its success.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import stat
import sysconfig
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Callable, Generic, TypeVar

from . import leftovers
from .plain import to_plain

T = TypeVar("T")
PACKAGE = Path(__file__).parent
#: Not under MkDocs' logger: a warning there fails a --strict build, and an unwritable cache must not.
log = logging.getLogger("toolkit_publisher.cache")
#: The first line of every cache file: this format's name, the key, and the sha256 of the rest of the file.
HEADER = re.compile(rb"toolkit-publisher-cache-1 ([0-9a-f]{64}) ([0-9a-f]{64})\n")
HEADER_SIZE = len(b"toolkit-publisher-cache-1 ") + 64 + 1 + 64 + 1
#: Files that earlier versions kept in the cache folder and nothing reads any more.
RETIRED = ("site.pickle",)
#: Never through a symlink; never waiting on a pipe (O_NOFOLLOW and O_NONBLOCK, where the system has them).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@cache  # kept for the process: the code running does not change while it runs, whatever the content
def code_version() -> str:
    """A hash of this package's source and templates, and of the installed libraries' versions.

    Changing the code, or upgrading python-docx, Python-Markdown, pydantic or any other library,
    invalidates every entry. The versions are read from the names of the ``.dist-info`` folders
    (one directory listing, where asking each library for its version takes tens of milliseconds).
    """
    digest = hashlib.sha256()
    for folder in sorted({sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}):
        if os.path.isdir(folder):
            digest.update("\n".join(sorted(n for n in os.listdir(folder) if n.endswith(".dist-info"))).encode())
    for path in _source_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _source_files() -> list[Path]:
    """The package's code, templates, styles and scripts, and the lock of the npm packages the site serves; never the
    installed packages themselves (vendor/node_modules: megabytes the pages do not depend on, copied afresh by the
    build), which are not even walked."""
    found = []
    for folder, folders, files in os.walk(PACKAGE):
        folders[:] = [name for name in folders if name != "node_modules"]
        found += [Path(folder, name) for name in files
                  if name.endswith((".py", ".j2", ".css", ".js")) or name == "package-lock.json"]
    return sorted(found)


def key(*parts: Any) -> str:
    """A digest of everything an output depends on."""
    material = json.dumps([code_version(), os.environ.get("SOURCE_DATE_EPOCH", ""), to_plain(list(parts))],
                          sort_keys=True, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Memo(Generic[T]):
    """A bounded in-memory cache: the least recently used entries go first."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, T] = OrderedDict()

    def get(self, name: str, make: Callable[[], T]) -> T:
        """The value kept under ``name`` (None included), or ``make()``'s, kept from now on."""
        if name in self.entries:
            self.entries.move_to_end(name)
            return self.entries[name]
        value = make()
        self.put(name, value)
        return value

    def find(self, name: str) -> T | None:
        if name in self.entries:
            self.entries.move_to_end(name)
            return self.entries[name]
        return None

    def put(self, name: str, value: T) -> None:
        self.entries[name] = value
        self.entries.move_to_end(name)
        if len(self.entries) > self.size:
            self.entries.popitem(last=False)


def open_regular_file(path: Path) -> BinaryIO:
    """``path`` opened for reading if it is a regular file itself; OSError if it is a symlink, a pipe, a device...

    (Checking first with stat and then opening would leave a moment to swap the file for a link.)
    """
    file = os.fdopen(os.open(path, _OPEN_FLAGS), "rb")
    if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
        file.close()
        raise OSError(f"{path} is not a regular file")
    return file


def read_entry(path: Path, key: str) -> bytes | None:
    """What the cache file at ``path`` holds, if it was written under ``key`` and is intact; else None.

    The header is read first and the key compared before anything else is read; then the digest is
    checked. A symlink, a folder or a device under an entry's name is never read.
    """
    try:
        with open_regular_file(path) as file:
            header = HEADER.fullmatch(file.readline(HEADER_SIZE))
            if header is None or header.group(1).decode("ascii") != key:
                log.debug("ignoring the cache file %s: not an entry for this key", path)
                return None
            payload = file.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.debug("ignoring the cache file %s: %s", path, exc)
        return None
    if hashlib.sha256(payload).hexdigest() != header.group(2).decode("ascii"):
        log.debug("ignoring the cache file %s: its contents do not match their digest", path)
        return None
    return payload


def write_entry(path: Path, key: str, payload: bytes) -> None:
    """Keep ``payload`` at ``path`` under ``key``, whole or not at all; raises OSError, leaving no temporary file."""
    header = b"toolkit-publisher-cache-1 %s %s\n" % (key.encode("ascii"), hashlib.sha256(payload).hexdigest().encode())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(leftovers.tagged(path.name))
    try:
        with temporary.open("xb") as file:  # exclusive: never writes through a planted file or symlink
            file.write(header)
            file.write(payload)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def warn_unwritable(folder: Path, error: OSError) -> None:
    """Say once that the cache could not be written: the build goes on, only the next one is slower."""
    reason = f"{error.strerror}: {error.filename}" if error.strerror and error.filename else error.strerror or error
    log.warning("warning: the build cache in %s could not be written (%s): the site is built all the same, "
                "but the next build cannot reuse this one's work", folder, reason)


def remove_leftovers(folder: Path) -> None:
    """Temporary files of interrupted builds (killed, or out of disk) and files no version reads any more."""
    if not folder.is_dir() or folder.is_symlink():
        return
    leftovers.remove(sorted(folder.rglob("*.tmp")))
    for name in RETIRED:
        with contextlib.suppress(OSError):
            (folder / name).unlink()


class BytesCache:
    """Bytes by key, in memory and optionally in a folder on disk."""

    def __init__(self, size: int = 4096):
        self.memory: Memo[bytes] = Memo(size)
        self.folder: Path | None = None
        self.made = 0  # how many were made rather than reused, for the benchmark and tests
        #: Set when a write failed, so one build warns once and stops trying (a full disk stays full).
        self.unwritable = False

    def use_folder(self, folder: Path | None) -> None:
        self.folder = folder
        self.unwritable = False

    def find(self, name: str) -> bytes | None:
        """The bytes kept under this key, in memory or (verified) on disk; None: the caller makes them and calls put."""
        found = self.memory.find(name)
        if found is None and self.folder is not None:
            found = read_entry(self._path(name), name)
            if found is not None:
                self.memory.put(name, found)
        return found

    def put(self, name: str, data: bytes) -> None:
        self.memory.put(name, data)
        if self.folder is not None and not self.unwritable:
            try:
                write_entry(self._path(name), name, data)
            except OSError as exc:
                self.unwritable = True
                warn_unwritable(self.folder, exc)

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name[:2] / name


@dataclass(frozen=True)
class ValidationMemo:
    """What validation keeps from one build to the next of its owner (the plugin, while `mkdocs serve` rebuilds).

    Each content file's outcome (parsed, its errors, its model) by its kind, path and a hash of its bytes, and
    the sanitiser's and the Markdown limits' verdicts on each Markdown field by the field's text. Each is a pure
    function of its key, so no entry can be stale; all are bounded. Without one, a validation keeps nothing past its own run.
    """

    files: Memo[Any] = field(default_factory=lambda: Memo(50_000))
    fields: Memo[Any] = field(default_factory=lambda: Memo(50_000))
    #: The Markdown limits' verdict on each field, by its depth on the page and its text.
    hazards: Memo[Any] = field(default_factory=lambda: Memo(50_000))
