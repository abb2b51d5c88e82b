"""All-or-nothing builds: MkDocs writes into a fresh folder, which replaces site/ only when the build passed.

`mkdocs build` cleans and rewrites site/ in place, and in strict mode fails only after writing
every page; a failed build would leave a half-updated site behind. This wraps it. The new site gets
the permissions plain `mkdocs build` gives (the umask's), so a web server running as another user can
read it; a staging folder left by a build that was killed is removed by the next build.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

from . import leftovers


def _staging_folder(site_dir: Path) -> Path:
    """A new, empty sibling of ``site_dir`` named as this process's, with the umask's permissions.

    (tempfile.mkdtemp would make it private, mode 0700, and the published site with it.)
    """
    while True:
        staging = site_dir.with_name(leftovers.tagged(f".{site_dir.name}-new-{secrets.token_hex(4)}"))
        try:
            staging.mkdir()
            return staging
        except FileExistsError:
            continue


def build(site_dir: Path, mkdocs_args: list[str]) -> int:
    """Build into a temporary sibling of ``site_dir`` and move it into place; on failure leave site_dir as it was."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Untagged ones too: earlier versions named their staging folders by tempfile.mkdtemp.
    leftovers.remove(sorted(site_dir.parent.glob(f".{site_dir.name}-new-*")), untagged=True)
    staging = _staging_folder(site_dir)
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
