"""What an interrupted run leaves behind (a temporary file, a staging folder), recognised and removed by the next.

Each such name carries the id of the process that made it. A later run removes it once that process is
gone (killed, out of memory, out of disk), and never while it may still be writing: two builds can share
a cache folder. Where a process cannot be asked about cheaply (Windows), age decides instead.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path

#: Past this age a leftover is removed even if a process of its id is running (ids are reused).
MAX_AGE_SECONDS = 24 * 60 * 60
#: Where a leftover's name holds its maker's process id: the last field but one, as in ``site.json.4242.tmp``.
_PID = re.compile(r"\.(\d+)\.[^.]+$")


def tagged(stem: str, suffix: str = "tmp") -> str:
    """A name marked as this process's (``stem.PID.suffix``), so a later run can tell when it is a leftover."""
    return f"{stem}.{os.getpid()}.{suffix}"


def _running(pid: int) -> bool:
    """Whether a process of this id exists (True where that cannot be known without harm)."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill(pid, 0) would end the process there
        return True
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process; no process can have so large an id
        return False
    except PermissionError:  # another user's
        return True
    return True


def is_leftover(path: Path, untagged: bool = False) -> bool:
    """True for a file or folder named by :func:`tagged` whose maker is gone, or older than any build could take.

    ``untagged``: what the caller knows to be its own though not tagged (as earlier versions named it) counts too.
    """
    found = _PID.search(path.name)
    if found is None:
        return untagged
    try:
        age = time.time() - path.lstat().st_mtime
    except OSError:
        return False  # already gone
    return not _running(int(found.group(1))) or age > MAX_AGE_SECONDS


def remove(paths: list[Path], untagged: bool = False) -> None:
    """Remove each leftover among ``paths`` (see :func:`is_leftover`); what cannot be removed now is left for later."""
    for path in paths:
        if not is_leftover(path, untagged):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                path.unlink()
            except OSError:
                pass
