"""Pages checked before, kept by what they are made from, so a page that comes out as the same HTML is not parsed
again: the page check's verdict, the sanitiser's output, the search preparation and the page's own assets; and the
hashes of the theme's inline scripts (for the Content Security Policy), kept by the digest of the themed page
without its content.

Each is a pure function of the page's content HTML, its source, title and front matter, the assets every page
loads, and the code; a digest of all of them is the verdict's key. Only pages the check passed are kept, so a
page with a problem is checked (and reported) in every build. The verdicts of the last build are kept on disk
for the next process (as every cache file, behind a header naming the code and the digest of what follows,
read back through strict checks: a damaged or stale file, or one naming an asset or a script hash of another
shape, is ignored and every page checked afresh), and in memory while `mkdocs serve` runs. As with the kept
downloads, the cache folder is the build's own: its header proves a file whole and made by this code, not who
wrote it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .cache import read_entry, warn_unwritable, write_entry
from . import page_assets
from .page_assets import PageAssets
from .plain import expect, expect_keys, expect_list, expect_str
from .search_index import RowSection

log = logging.getLogger(__name__)
FILE = "page-verdicts.json"
#: A CSP source for one inline script, as csp.script_hashes writes it: nothing else may enter a policy from here.
_SCRIPT_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")


@dataclass(frozen=True)
class Verdict:
    """A page that passed the check: its content HTML as published, its table rows to index, its own assets."""

    html: str
    rows: tuple[RowSection, ...]
    assets: PageAssets


#: What a kept verdict's HTML has where a page had a size marker's start (which names the process that made it).
#: No content can write it: a NUL character is refused in every content file.
_MARKER = "%%tk-size-\0:"


def portable(html: str, marker: str | None) -> str:
    """The HTML with this process's size markers in the form every process's verdicts share."""
    return html.replace(marker, _MARKER) if marker else html


def local(html: str, marker: str | None) -> str:
    """A kept verdict's HTML with this process's size markers."""
    return html.replace(_MARKER, marker) if marker else html


def key(code: str, html: str, source: str, title: str | None, meta: dict[str, Any], written: str | None,
        everywhere: tuple[str, ...]) -> str:
    """A digest of everything a page's verdict is a function of."""
    # repr, not JSON: it tells a date from the text of one, and takes keys of any type (the check refuses them).
    inputs = repr((code, source, title, meta, written, everywhere))
    digest = hashlib.sha256(inputs.encode("utf-8"))
    digest.update(b"\0")
    digest.update(html.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass
class Verdicts:
    """The verdicts an earlier build kept, and those this build used or made (the next build's)."""

    kept: dict[str, Verdict] = field(default_factory=dict)
    used: dict[str, Verdict] = field(default_factory=dict)
    #: The theme's inline scripts' hashes, by the digest of the themed page without its content.
    hashes_kept: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hashes_used: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def script_hashes(self, theme: str, make: Callable[[str], list[str]]) -> list[str]:
        """``make(theme)``, kept by the theme HTML's digest: a pure function of it."""
        name = hashlib.sha256(theme.encode("utf-8", "surrogatepass")).hexdigest()
        found = self.hashes_kept.get(name) or self.hashes_used.get(name)
        if found is None:
            found = tuple(make(theme))
        self.hashes_used[name] = found
        return list(found)

    def get(self, name: str, make: Callable[[], Verdict | None]) -> Verdict | None:
        """The kept verdict, or ``make()``'s (None: the page has a problem, and nothing is kept)."""
        verdict = self.kept.get(name) or self.used.get(name)
        if verdict is None:
            verdict = make()
        if verdict is not None:
            self.used[name] = verdict
        return verdict

    def next_build(self, whole: bool) -> Verdicts:
        """What the next build in this process starts from: this build's verdicts if it checked every page
        (``whole``), else those kept before as well (a preview checks only the pages an edit reached)."""
        if whole:
            return Verdicts(kept=self.used, hashes_kept=self.hashes_used)
        return Verdicts(kept={**self.kept, **self.used}, hashes_kept={**self.hashes_kept, **self.hashes_used})


def _store_key(code: str) -> str:
    return hashlib.sha256(f"page-verdicts\0{code}".encode()).hexdigest()


def load(folder: Path, code: str) -> Verdicts:
    """The verdicts the last build of this code kept, or none."""
    payload = read_entry(folder / FILE, _store_key(code))
    if payload is None:
        return Verdicts()
    try:
        fields = expect_keys(json.loads(payload), {"pages", "scripts"})
        kept = {expect_str(name): _verdict(value) for name, value in expect(fields["pages"], dict).items()}
        hashes = {expect_str(name): tuple(expect_str(h) for h in expect_list(value))
                  for name, value in expect(fields["scripts"], dict).items()}
        if any(not _SCRIPT_HASH.fullmatch(h) for found in hashes.values() for h in found):
            raise ValueError("not a script hash")
    except (ValueError, RecursionError) as exc:
        log.debug("ignoring the kept page verdicts: %s", exc)
        return Verdicts()
    return Verdicts(kept=kept, hashes_kept=hashes)


def _verdict(value: Any) -> Verdict:
    fields = expect_keys(value, {"html", "rows", "styles", "scripts", "no_script"})
    rows = []
    for row in expect_list(fields["rows"]):
        parts = [expect_str(part) for part in expect_list(row)]
        if len(parts) != 3:
            raise ValueError("a search row is not (anchor, title, text)")
        rows.append(RowSection(*parts))
    names = {name: tuple(expect_str(item) for item in expect_list(fields[name]))
             for name in ("styles", "scripts", "no_script")}
    known = {*page_assets.all_styles(), *page_assets.all_scripts(), page_assets.NO_SCRIPT}
    if any(item not in known for found in names.values() for item in found):
        raise ValueError("not one of the plugin's assets")
    return Verdict(expect_str(fields["html"]), tuple(rows), PageAssets(**names))


def save(folder: Path, code: str, verdicts: Verdicts) -> None:
    """Keep this build's verdicts for the next; a file that cannot be written is a warning, never a failed build."""
    pages = {name: {"html": v.html, "rows": [[r.anchor, r.title, r.text] for r in v.rows],
                    "styles": list(v.assets.styles), "scripts": list(v.assets.scripts),
                    "no_script": list(v.assets.no_script)} for name, v in verdicts.used.items()}
    payload = {"pages": pages, "scripts": {name: list(found) for name, found in verdicts.hashes_used.items()}}
    try:
        write_entry(folder / FILE, _store_key(code),
                    json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))
    except OSError as exc:
        warn_unwritable(folder, exc)
