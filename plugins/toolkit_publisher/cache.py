"""Content-hash caches, so an edit re-renders only what it touched.

In memory, they last as long as the process: `mkdocs serve` rebuilds in one process, so an edit
re-validates only the file that changed and regenerates only the downloads whose inputs changed.
Downloads can also be kept on disk (the plugin uses .cache/ beside mkdocs.yml), so a fresh build
reuses the files of the last one. Keys cover every input, the package's own code, and
SOURCE_DATE_EPOCH: a stale entry can never be served.
"""

from __future__ import annotations

import hashlib
import json
import os
import sysconfig
from collections import OrderedDict
from functools import cache
from pathlib import Path
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).parent


@cache
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
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".css", ".js"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):  # a content model (pydantic, not imported here: see site_cache)
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def key(*parts: Any) -> str:
    """A digest of everything an output depends on."""
    material = json.dumps([code_version(), os.environ.get("SOURCE_DATE_EPOCH", ""), _plain(list(parts))],
                          sort_keys=True, default=str)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


class Memo(Generic[T]):
    """A bounded in-memory cache: the least recently used entries go first."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, T] = OrderedDict()

    def get(self, name: str, make: Callable[[], T]) -> T:
        found = self.find(name)
        if found is None:
            found = make()
            self.put(name, found)
        return found

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


class BytesCache:
    """Bytes by key, in memory and optionally in a folder on disk."""

    def __init__(self, size: int = 4096):
        self.memory: Memo[bytes] = Memo(size)
        self.folder: Path | None = None
        self.made = 0  # how many were made rather than reused, for the benchmark and tests

    def use_folder(self, folder: Path | None) -> None:
        self.folder = folder

    def locate(self, name: str) -> bytes | Path | None:
        """The bytes kept in memory under this key, or else the file that holds them (not read), or None.

        None: the caller makes them and calls put."""
        found = self.memory.find(name)
        if found is None and self.folder is not None:
            path = self._path(name)
            if path.is_file():
                return path
        return found

    def put(self, name: str, data: bytes) -> None:
        self.memory.put(name, data)
        if self.folder is not None:
            path = self._path(name)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_bytes(data)
            temporary.replace(path)

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / name[:2] / name


#: Generated download files, shared by every build in the process.
DOWNLOADS = BytesCache()
