"""Generated pages' Markdown kept on disk by page key, so a build in a new process renders only what an edit reached.

The site cache (:mod:`.site_cache`) serves a build whose content is unchanged; after an edit its key no longer
matches, and this store serves every page whose key (:func:`.render.page_key`: the code, options, day, template,
path and the files of every entry the page depends on) is unchanged. Only the last build's pages are kept.

As every cache file, it is JSON behind a header naming its key and the digest of what follows (see :mod:`.cache`),
read back through strict checks: a damaged, planted or stale file is ignored and every page rendered afresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from . import kinds
from .cache import code_version, read_entry, warn_unwritable, write_entry
from .downloads import SIZE_NONCE
from .plain import expect, expect_keys, expect_str
from .site import RenderedSite

log = logging.getLogger(__name__)
FILE = "pages.json"


def _key(code: str) -> str:
    """The store's own key: a file from other code is never read (each page's key names the code too)."""
    return hashlib.sha256(f"pages\0{code}".encode()).hexdigest()


def code() -> str:
    """The code pages are made by: this package's, and that of any kind registered from outside it."""
    return f"{code_version()}-{kinds.fingerprint()}"


def load(folder: Path, code: str) -> dict[str, str]:
    """The pages kept by the last build of this code, by page key, with their size markers made this process's; or
    nothing."""
    payload = read_entry(folder / FILE, _key(code))
    if payload is None:
        return {}
    try:
        fields = expect_keys(json.loads(payload), {"nonce", "pages"})
        nonce = expect_str(fields["nonce"])
        if len(nonce) != len(SIZE_NONCE) or nonce.strip("0123456789abcdef"):
            raise ValueError(f"not a size marker's nonce: {nonce!r}")
        pages = {expect_str(key): expect_str(text) for key, text in expect(fields["pages"], dict).items()}
    except (ValueError, RecursionError) as exc:
        log.debug("ignoring the page store: %s", exc)
        return {}
    # A page's size markers name the process that rendered it, so no text in the content can forge one.
    old, new = f"%%tk-size-{nonce}:", f"%%tk-size-{SIZE_NONCE}:"
    return {key: text.replace(old, new) for key, text in pages.items()}


def save(folder: Path, site: RenderedSite, code: str) -> None:
    """Keep this build's pages for the next; a store that cannot be written is a warning, never a failed build."""
    if not site.page_keys:
        return
    pages = {site.page_keys[path]: text for path, text in site.pages.items() if path in site.page_keys}
    payload = json.dumps({"nonce": site.size_nonce, "pages": pages}, ensure_ascii=False, separators=(",", ":"))
    try:
        write_entry(folder / FILE, _key(code), payload.encode("utf-8"))
    except OSError as exc:
        warn_unwritable(folder, exc)
