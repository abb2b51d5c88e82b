"""The libraries the published site serves from its own assets, never from another host: each is an npm package
installed into vendor/node_modules by ./scripts/node-packages (run by ./scripts/setup) exactly as
vendor/package-lock.json pins it, and copied into the built site by the build. A build without one fails with a
message saying how to install it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).parent / "vendor"


@dataclass(frozen=True)
class Library:
    """A file of an installed package the site serves, under its assets' vendor/ folder, and why."""

    name: str
    source: str
    purpose: str

    @property
    def path(self) -> Path:
        return FOLDER / "node_modules" / self.source


#: docx's browser build (one file, no eval, no requests): loaded by _answers-exports.js only when a person exports
#: a toolkit's answers and action plan as a Word document.
LIBRARIES = (
    Library("docx.js", "docx/dist/index.iife.js", "the Word export of a toolkit's answers and action plan"),
)


class MissingLibrary(Exception):
    """A library the site serves is not installed."""


def files() -> list[tuple[str, Path]]:
    """Each library's name in the site's vendor/ folder and the installed file to copy; raises MissingLibrary,
    with the words to show, when one is not installed."""
    missing = [library for library in LIBRARIES if not library.path.is_file()]
    if missing:
        named = "; ".join(f"{library.path.relative_to(FOLDER.parent.parent.parent)} ({library.purpose})"
                          for library in missing)
        raise MissingLibrary(f"a library the site serves is not installed: {named}. Run ./scripts/setup, which "
                             "installs it (with Node.js's npm) exactly as plugins/toolkit_publisher/vendor/"
                             "package-lock.json pins it.")
    return [(library.name, library.path) for library in LIBRARIES]
