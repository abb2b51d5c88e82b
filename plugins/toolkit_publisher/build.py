"""All-or-nothing builds: the engine (MkDocs or ProperDocs) writes into a fresh folder, which replaces site/ only
when the build passed.

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
from collections.abc import Callable
from pathlib import Path

from . import leftovers

#: The engines that run the plugin, by the name a publisher chooses, as the module Python runs (``python -m``).
#: ProperDocs continues MkDocs 1.x and runs its plugins and themes unchanged; each is installed in its own
#: environment (./scripts/setup --engine), whose Python runs this.
ENGINES = {"mkdocs": "mkdocs", "properdocs": "properdocs"}


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


def build(site_dir: Path, mkdocs_args: list[str], engine: str = "mkdocs") -> int:
    """Build into a temporary sibling of ``site_dir`` and move it into place; on failure leave site_dir as it was."""
    # ProperDocs looks for properdocs.yml first, and says so when it falls back to mkdocs.yml.
    config = [] if engine == "mkdocs" or {"-f", "--config-file"} & set(mkdocs_args) else ["-f", "mkdocs.yml"]
    return _aside(site_dir, lambda staging: [sys.executable, "-m", ENGINES[engine], "build", "--strict",
                                             "--site-dir", str(staging), *config, *mkdocs_args])


def build_zensical(site_dir: Path, zensical: str, project: Path, data: Path) -> int:
    """The Zensical project (zensical_project.py) written aside and built by ``zensical``, into ``site_dir`` as
    :func:`build` does: Zensical runs no plugin, so it builds what the plugin would have given MkDocs."""
    from .downloads.produce import MissingDownload
    from .errors import ContentErrors
    from .zensical_project import write_project

    def command(staging: Path) -> list[str]:
        try:
            write_project(project, data, staging / "project")
        except ContentErrors as exc:
            print(exc.report(), file=sys.stderr)
            return []
        except MissingDownload as exc:
            print(f"error: {exc}", file=sys.stderr)
            return []
        return [zensical, "build", "--clean", "--strict", "-f", str(staging / "project" / "mkdocs.yml")]

    return _aside(site_dir, command, built=lambda staging: staging / "project" / "site")


def _aside(site_dir: Path, command: Callable[[Path], list[str]],
           built: Callable[[Path], Path] = lambda staging: staging) -> int:
    """Run the engine's ``command`` on a staging folder and move the site it built (``built``) to ``site_dir``."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # Untagged ones too: earlier versions named their staging folders by tempfile.mkdtemp.
    leftovers.remove(sorted(site_dir.parent.glob(f".{site_dir.name}-new-*")), untagged=True)
    staging = _staging_folder(site_dir)
    try:
        # (Material's and ProperDocs' notices about MkDocs 2.0, which this project does not use.)
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
        argv = command(staging)
        result = subprocess.run(argv, env=env, check=False) if argv else None
        if result is None or result.returncode != 0:
            print(f"The build failed, so {site_dir.name}/ was left as it was.", file=sys.stderr)
            return result.returncode if result is not None else 1
        previous = site_dir.with_name(f".{site_dir.name}-old")
        shutil.rmtree(previous, ignore_errors=True)
        if site_dir.exists():
            site_dir.rename(previous)
        built(staging).rename(site_dir)
        shutil.rmtree(previous, ignore_errors=True)
        return 0
    finally:
        shutil.rmtree(staging, ignore_errors=True)
