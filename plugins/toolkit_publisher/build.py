"""All-or-nothing builds: MkDocs writes into a fresh folder, which replaces site/ only when the build passed.

`mkdocs build` cleans and rewrites site/ in place, and in strict mode fails only after writing
every page; a failed build would leave a half-updated site behind. This wraps it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def build(site_dir: Path, mkdocs_args: list[str]) -> int:
    """Build into a temporary sibling of ``site_dir`` and move it into place; on failure leave site_dir as it was."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    try:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging),
                                 *mkdocs_args], env=env, check=False)
        if result.returncode != 0:
            print(f"The build failed, so {site_dir.name}/ was left as it was.", file=sys.stderr)
            return result.returncode
        previous = site_dir.with_name(f".{site_dir.name}-old")
        shutil.rmtree(previous, ignore_errors=True)
        if site_dir.exists():
            site_dir.rename(previous)
        staging.rename(site_dir)
        shutil.rmtree(previous, ignore_errors=True)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
