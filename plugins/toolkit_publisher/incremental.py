"""Previewing an edit by rebuilding only the pages it changed: `mkdocs serve --dirty`, which ./scripts/serve runs.

MkDocs' dirty mode rebuilds a page only when its source file is newer than the HTML it wrote, and warns that
this "will likely lead to inaccurate navigation". Made safe here:

- Generated pages are written as files in a private folder, each rewritten only when its Markdown changes, and a
  changed page's old HTML is removed, so MkDocs rebuilds exactly the pages whose text changed (:class:`PageSources`).
- The pages written in the docs folder are rebuilt every time (there are few, and the sidebar takes their titles
  from them).
- Anything that can change every page rebuilds every page, from an emptied site folder: the sidebar, the set of
  pages or downloads, the home page's list of publications, mkdocs.yml, the docs folder, the theme's own folder,
  the plugin's code, the day (reviews fall due), a build that failed or showed the error site
  (:func:`fingerprint`, :meth:`Preview.needs_everything`).
- The search index keeps the entries of the pages not rebuilt and takes the rebuilt pages' new ones
  (:meth:`Preview.complete_search`); Material's own dirty-mode merge assumes one page changed.

``tests/test_incremental.py`` proves it: after every kind of edit, the preview's files are the files a full
rebuild makes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from .cache import code_version
from .site import RenderedSite

#: What MkDocs logs at the start of every dirty build; while the preview is made safe as above, it is not true.
DIRTY_WARNING = "A 'dirty' build is being performed"


class PageSources:
    """Generated pages' Markdown as files in a private folder, for the life of the preview."""

    def __init__(self) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="toolkit-publisher-pages-")
        self.root = Path(self._folder.name)
        self._texts: dict[str, str] = {}

    def path(self, page: str) -> Path:
        return self.root / page

    def write(self, pages: dict[str, str]) -> set[str]:
        """Every page saved; returns those whose text is new or changed (the others keep their file and its time)."""
        changed = set()
        for page, text in pages.items():
            if self._texts.get(page) == text and self.path(page).is_file():
                continue
            target = self.path(page)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            self._texts[page] = text
            changed.add(page)
        for page in set(self._texts) - set(pages):
            self.path(page).unlink(missing_ok=True)
            del self._texts[page]
        return changed

    def close(self) -> None:
        self._folder.cleanup()


def fingerprint(config: MkDocsConfig) -> str:
    """What, changed, can change every page: the code, mkdocs.yml, the docs folder, a theme folder of the
    project's own (not an installed theme's) and the day."""
    digest = hashlib.sha256()
    digest.update(f"{code_version()}\0{dt.date.today().isoformat()}\0".encode())
    if config.config_file_path:
        digest.update(Path(config.config_file_path).read_bytes())
    project = Path(config.config_file_path or ".").parent.resolve()
    folders = [Path(config.docs_dir)] + [Path(d) for d in config.theme.dirs if Path(d).resolve().is_relative_to(project)]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                status = path.stat()
                digest.update(f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Published:
    """What the last successful build of the preview published, as the next build compares against."""

    site: RenderedSite
    fingerprint: str


@dataclass
class Preview:
    """The state a dirty preview keeps from one build to the next (the plugin owns it while `mkdocs serve` runs)."""

    sources: PageSources = field(default_factory=PageSources)
    #: The last build that published the site, or None (none yet, or the last one failed).
    last: Published | None = None
    #: Each page's search entries, by page URL, as the last build's index held them.
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Whether this build rebuilds every page.
    everything: bool = True
    #: Each download's cache name (a digest of what it is made from), by its path, as the last build made it.
    download_names: dict[str, str] = field(default_factory=dict)

    def needs_everything(self, site: RenderedSite, print_: str) -> bool:
        """Whether this build must rebuild every page: nothing published yet, or what every page shows changed."""
        last = self.last
        return (last is None or last.fingerprint != print_ or last.site.nav != site.nav
                or last.site.pages.keys() != site.pages.keys() or last.site.publications != site.publications
                or {d.path for d in last.site.downloads} != {d.path for d in site.downloads})

    def sizes_changed(self, pages: dict[str, str], names: dict[str, str]) -> set[str]:
        """The pages that show the size of a download made anew since the last build: a page's Markdown holds a
        marker for each size (filled in as it is written), so its text does not change when the size does."""
        changed = {path for path, name in names.items() if self.download_names.get(path) != name}
        self.download_names = dict(names)
        if not changed:
            return set()
        return {page for page, text in pages.items() if any(f":{path}%%" in text for path in changed)}

    def complete_search(self, search_plugin: Any, built: set[str]) -> None:
        """The search index of this build: the new entries of the pages built, the kept ones of every other."""
        index = getattr(search_plugin, "search_index", None)
        entries = getattr(index, "entries", None)
        if not isinstance(entries, list):
            return
        if not self.everything:
            kept = [entry for url, page_entries in self.search.items() if url not in built for entry in page_entries]
            entries[:0] = kept
        search_plugin.search_index_prev = None  # Material's own merge, for one page, is done here for any number
        self.search = {}
        for entry in entries:
            self.search.setdefault(str(entry.get("location", "")).split("#", 1)[0], []).append(entry)

    def close(self) -> None:
        self.sources.close()


class QuietDirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may be inaccurate, which this preview is not (see above)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def remove(path: str | os.PathLike[str]) -> None:
    """A page's HTML removed, so MkDocs' dirty mode builds it again."""
    Path(path).unlink(missing_ok=True)
