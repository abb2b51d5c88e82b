"""Shared fixtures: the fixture site (tests/fixture_site, content made for the tests) and the real site, each
built once into a temporary folder, and helpers to build others.

Behaviour is tested on the fixture site. The real site is checked only by rules derived from its own YAML
(tests/content_rules.py), never by counts or wording copied from it, so an editor's correct change passes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
#: A small project made for the tests: every kind of content, sessions either side of the clock change.
FIXTURE = ROOT / "tests" / "fixture_site"


@dataclass
class BuiltSite:
    """A site built by `mkdocs build --strict`, with helpers to read it as a visitor's browser would."""

    root: Path
    result: subprocess.CompletedProcess[str]

    def html(self, url_path: str) -> BeautifulSoup:
        path = self.root / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else self.root / url_path
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    def article(self, url_path: str) -> BeautifulSoup:
        article = self.html(url_path).select_one("article")
        assert article is not None, f"{url_path} has no article"
        return article

    def text(self, url_path: str) -> str:
        return " ".join(self.article(url_path).get_text(" ").split())

    def search_index(self) -> dict:
        return json.loads((self.root / "search" / "search_index.json").read_text(encoding="utf-8"))


def copy_project(target: Path, data: Path | None = None, source: Path = FIXTURE) -> Path:
    """A copy of a project (the fixture unless told otherwise), so a test can change it freely; `data`
    replaces its toolkit_data."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "content", target / "content")
    shutil.copytree(data or source / "toolkit_data", target / "toolkit_data")
    return target


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, check=False,
    )


def build_site(tmp_path_factory: pytest.TempPathFactory, source: Path, name: str) -> BuiltSite:
    project = copy_project(tmp_path_factory.mktemp(f"{name}-project"), source=source)
    site_dir = tmp_path_factory.mktemp(f"{name}-site")
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, f"the {name} site did not build:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(site_dir, result)


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture project, built: what behaviour tests look at."""
    return build_site(tmp_path_factory, FIXTURE, "fixture")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The repository's own content, built: checked only by rules derived from its YAML."""
    return build_site(tmp_path_factory, ROOT, "real")


@pytest.fixture(scope="session")
def site_url(fixture_site: BuiltSite) -> Iterator[str]:
    """The fixture site served on 127.0.0.1 for the browser tests."""
    from browser import serve

    with serve(fixture_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def real_site_url(real_site: BuiltSite) -> Iterator[str]:
    """The real site served on 127.0.0.1, for the rules every real page must meet (axe)."""
    from browser import serve

    with serve(real_site.root) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium (Debian's) for the whole run, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        yield instance
        instance.close()

