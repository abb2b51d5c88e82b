"""The whole rendered site, kept on disk under a digest of everything it was made from.

A build whose content files, options and code are all unchanged since the last build reuses that
build's pages without validating or rendering anything.
The key covers every file in the content folder, byte for byte; the package's code and templates; the kinds
registered (with the code and templates of any declared outside the package, see :func:`.kinds.fingerprint`);
the options that change the pages; and today's date, which decides which reviews are overdue.
Any change renders the site afresh. Content errors are never kept: they are reported every time.

The file is JSON behind a header naming the key and the digest of the JSON (see :mod:`.cache`), and is
read back through strict checks into plain dataclasses: a file that is damaged, planted, of another
shape or another key is ignored, and the site rendered afresh. Nothing in it can make code run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import stat
from pathlib import Path
from typing import Any

from . import kinds
from .cache import code_version, open_regular_file, read_entry, warn_unwritable, write_entry
from .load import MAX_FILE_BYTES
from .site import RenderedSite

log = logging.getLogger(__name__)
FILE = "site.json"
#: Read in chunks, so no content file is ever held whole in memory for its digest.
_CHUNK = 1 << 20


def _file_digest(path: Path, status: os.stat_result) -> bytes:
    """What the key takes from one entry of the content folder, never following a link nor reading a large file.

    Validation refuses links, other special files and files over the size limit, each with its own message;
    here they only need to change the key, so they are marked rather than read. Raises OSError if the
    file cannot be read.
    """
    if stat.S_ISLNK(status.st_mode):
        return b"symlink:" + os.readlink(path).encode("utf-8", "surrogateescape")
    if not stat.S_ISREG(status.st_mode):
        return b"special:%o" % stat.S_IFMT(status.st_mode)
    if status.st_size > MAX_FILE_BYTES:
        return b"too large:%d:%d" % (status.st_size, status.st_mtime_ns)
    digest = hashlib.sha256()
    with open_regular_file(path) as file:  # a file swapped for a link or a pipe since lstat is not read
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            if file.tell() > MAX_FILE_BYTES:
                raise OSError(f"{path} grew while it was read")
    return digest.digest()


def _raise(error: OSError) -> None:
    raise error


def _entries(data_dir: Path) -> list[tuple[Path, os.stat_result]]:
    """Every entry under the content folder but its folders, with its own status (a link's, not its target's).

    Raises OSError if a folder cannot be listed: a key that missed a file could serve a stale site.
    """
    found = []
    for folder, folders, files in os.walk(data_dir, onerror=_raise):  # never descends into linked folders
        for name in files + [f for f in folders if os.path.islink(os.path.join(folder, f))]:
            path = Path(folder, name)
            found.append((path, path.lstat()))
    return sorted(found, key=lambda entry: entry[0].relative_to(data_dir).as_posix())


def site_key(data_dir: Path, options: dict[str, Any]) -> str | None:
    """A digest of everything the site is made from; None if a content file cannot be read.

    With no key the site is rendered afresh and not kept, and validation reports the file it cannot read.
    """
    digest = hashlib.sha256()
    for part in (code_version(), kinds.fingerprint(), repr(sorted(options.items())), dt.date.today().isoformat(),
                 os.environ.get("SOURCE_DATE_EPOCH", "")):
        digest.update(part.encode("utf-8") + b"\0")
    try:
        for path, status in _entries(data_dir):
            digest.update(path.relative_to(data_dir).as_posix().encode("utf-8", "surrogateescape") + b"\0")
            digest.update(hashlib.sha256(_file_digest(path, status)).digest())
    except OSError as exc:
        log.debug("no site cache for this build: %s", exc)
        return None
    return digest.hexdigest()


def load(folder: Path, key: str | None) -> RenderedSite | None:
    """The site rendered under this key, or None (never kept, another key, damaged or planted: render afresh)."""
    if key is None:
        return None
    path = folder / FILE
    payload = read_entry(path, key)
    if payload is None:
        return None
    try:
        return RenderedSite.from_plain(json.loads(payload))
    except (ValueError, RecursionError) as exc:  # the payload's digest matched, but it is not a site
        log.debug("ignoring the site cache %s: %s", path, exc)
        return None


def save(folder: Path, key: str | None, site: RenderedSite) -> None:
    """Keep the site for the next build; a cache that cannot be written is a warning, never a failed build."""
    if key is None:
        return
    payload = json.dumps(site.to_plain(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        write_entry(folder / FILE, key, payload)
    except OSError as exc:
        warn_unwritable(folder, exc)
