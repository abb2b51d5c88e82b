"""The whole rendered site, kept on disk under a digest of everything it was made from.

A build whose content files, options and code are all unchanged since the last build reuses that
build's pages without validating or rendering anything (and without loading the content models).
The key covers every file in the content folder, byte for byte; the package's code and templates;
the options that change the pages; and today's date, which decides which reviews are overdue.
Any change renders the site afresh. Content errors are never kept: they are reported every time.

The file is a pickle, written and read only by this package in the project's own cache folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

from .cache import code_version
from .downloads import detach_inputs
from .site import RenderedSite

log = logging.getLogger(__name__)
FILE = "site.pickle"


def site_key(data_dir: Path, options: dict[str, Any]) -> str:
    digest = hashlib.sha256()
    for part in (code_version(), repr(sorted(options.items())), dt.date.today().isoformat(),
                 os.environ.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode("utf-8") + b"\0")
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def load(folder: Path, key: str) -> RenderedSite | None:
    """The site rendered under this key, or None (never kept, another key, or unreadable: render afresh)."""
    path = folder / FILE
    try:
        with path.open("rb") as file:
            kept_key, site = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged or outdated cache is only a slower build
        log.debug("ignoring the site cache %s: %s", path, exc)
        return None
    return site if kept_key == key and isinstance(site, RenderedSite) else None


def save(folder: Path, key: str, site: RenderedSite) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    light = replace(site, batches=detach_inputs(site.batches))
    temporary = folder / f"{FILE}.{os.getpid()}.tmp"
    with temporary.open("wb") as file:
        pickle.dump((key, light), file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(folder / FILE)
