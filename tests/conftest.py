"""Shared fixtures: the real site built once into a temporary folder, and helpers to build others."""

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
#: The address test sites are built for: a build needs one (mkdocs.yml reads SITE_URL), and none is published.
#: Set here for every build a test makes, in this process or another; a test of the address sets its own.
TEST_SITE_URL = "http://127.0.0.1:8000/"
os.environ["SITE_URL"] = TEST_SITE_URL


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


def copy_project(target: Path, data: Path | None = None) -> Path:
    """A copy of the site's sources, so a test can change them without touching the repository."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "content", target / "content")
    shutil.copytree(data or ROOT / "toolkit_data", target / "toolkit_data")
    return target


def mkdocs_build(project: Path, site_dir: Path,
                 site_url: str | None = TEST_SITE_URL) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of a project, for the site address given (None: with no SITE_URL at all)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, check=False,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = copy_project(tmp_path_factory.mktemp("project"))
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 0, f"the real site did not build:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(site_dir, result)


@pytest.fixture(scope="session")
def site_url(real_site: BuiltSite) -> Iterator[str]:
    """The real site served on 127.0.0.1 for the browser tests."""
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


@pytest.fixture(scope="session")
def readiness_seed() -> str:
    path = SEEDS / "003_133d3833f8c4517f.txt"
    assert path.is_file(), f"the source document is missing: {path} (shared/seeds must sit beside the repository)"
    return path.read_text(encoding="utf-8")
