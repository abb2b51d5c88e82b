"""ProperDocs publishes, from the same project, the site MkDocs 1.6 publishes, byte for byte but for the generator's
name in each page's head: the ground for making it the default engine (README, "Engines"). And the engines'
lock files pin every package they share at the same version, so the comparison is of the engines alone."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ENGINE_COMMANDS, ROOT, ZENSICAL, BuiltSite, copy_project, named_engines, plugin_engines

#: Where the two engines' sites differ by design: the theme names the engine that built the page.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): GENERATOR.sub(b"", path.read_bytes())
            for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.mark.parametrize("project", ["fixture", "real"])
def test_properdocs_publishes_the_site_mkdocs_publishes(sites: Callable[[str, str], BuiltSite], project: str) -> None:
    if "properdocs" not in plugin_engines():
        pytest.skip("ProperDocs is not set up here (./scripts/setup --engine properdocs; ./scripts/test does)")
    mkdocs, properdocs = _files(sites(project, "mkdocs").root), _files(sites(project, "properdocs").root)
    assert mkdocs.keys() == properdocs.keys()
    differ = [path for path in mkdocs if mkdocs[path] != properdocs[path]]
    assert not differ, f"ProperDocs published these differently: {differ[:20]}"
    assert b'content="mkdocs-ProperDocs' in (sites(project, "properdocs").root / "index.html").read_bytes()


def _pins(lock: Path) -> dict[str, str]:
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", lock.read_text(encoding="utf-8"), re.MULTILINE))


@pytest.mark.parametrize("lock", ["requirements-properdocs.lock", "requirements-zensical.lock"])
def test_each_engine_s_lock_pins_what_it_shares_with_the_main_lock_at_the_same_version(lock: str) -> None:
    main, engine = _pins(ROOT / "requirements.lock"), _pins(ROOT / lock)
    differ = {name: (main[name], version) for name, version in engine.items() if name in main and main[name] != version}
    assert not differ, f"{lock} pins these at other versions than requirements.lock (lock it again as its .in " \
                       f"file says): {differ}"
    assert "mkdocs" not in engine, f"{lock} would install MkDocs beside the engine"


# --- ./scripts/build --engine: what it runs -----------------------------------------------------------------------

def _build(project: Path, engine: str) -> subprocess.CompletedProcess[str]:
    """What ./scripts/build --engine ENGINE runs (scripts/build, scripts/engine.sh), in a copy of the fixture."""
    if engine not in named_engines():
        pytest.skip(f"{engine} is not set up here (./scripts/setup --engine {engine}; ./scripts/test does)")
    if engine == "zensical":
        command = [sys.executable, "-m", "toolkit_publisher", "build-zensical", "--site-dir", "site",
                   "--zensical", str(ZENSICAL)]
    else:
        command = [ENGINE_COMMANDS[engine][0], "-m", "toolkit_publisher", "build", "--engine", engine,
                   "--site-dir", "site"]
    return subprocess.run(command, capture_output=True, text=True, cwd=project, check=False)


@pytest.mark.parametrize("chosen", ["properdocs", "zensical"])
def test_a_build_on_another_engine_swaps_in_its_site_or_leaves_the_last_one(tmp_path: Path, chosen: str) -> None:
    project = copy_project(tmp_path / "project")
    built = _build(project, chosen)
    assert built.returncode == 0, built.stdout + built.stderr
    site = project / "site"
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert (site / "toolkits" / "fixture-readiness" / "index.html").is_file()
    toolkit = project / "toolkit_data" / "toolkits" / "fixture-readiness.yml"
    toolkit.write_text(toolkit.read_text(encoding="utf-8").replace("published:", "publishd:", 1), encoding="utf-8")
    failed = _build(project, chosen)
    assert failed.returncode != 0
    assert "toolkit_data/toolkits/fixture-readiness.yml:" in failed.stderr + failed.stdout
    assert "Traceback" not in failed.stderr + failed.stdout
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
