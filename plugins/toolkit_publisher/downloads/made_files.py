"""Each made download as a file of its own, in a private folder, for a site generator to copy as it copies any file.

MkDocs publishes a generated file from memory or from a file on disk (``File.generated(abs_src_path=...)``);
downloads are made beside the build, so the plugin gives MkDocs the path each will have here and saves it
once made. Files are named by their cache key (a digest of everything they depend on), so a rebuild of
`mkdocs serve` finds an unchanged file already saved, and a changed one under a new name (the old one is then
removed). The folder is made private (mode 0700) by tempfile, and removed by close(), or at the latest when the
process exits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


class MadeFiles:
    """A private temporary folder of download files by cache key, for the life of its owner."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="toolkit-publisher-downloads-")
        self.root = Path(self._folder.name)

    def path(self, name: str) -> Path:
        """Where the file of this cache key is (once saved), in folders by its first two characters, as the cache."""
        return self.root / name[:2] / name

    def save(self, name: str, data: Callable[[], bytes]) -> Path:
        """The file of this cache key, written whole (asking ``data`` for its bytes) unless it is there already."""
        target = self.path(name)
        if not target.is_file():
            target.parent.mkdir(exist_ok=True)
            temporary = target.with_name(f"{name}.tmp")
            temporary.write_bytes(data())
            os.replace(temporary, target)  # whole or not at all: a copy never finds half a file
        return target

    def keep_only(self, names: Iterable[str]) -> None:
        """Remove every file but these (the last build's), so a long preview's edits do not pile up on the disk."""
        wanted = set(names)
        for path in self.root.glob("*/*"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)

    def close(self) -> None:
        """Remove the folder and every file in it."""
        self._folder.cleanup()
