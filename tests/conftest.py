"""Shared fixtures: the fixture site (tests/fixtures/site, content made for the tests) and the real site, each
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
from hypothesis import settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
#: A small project made for the tests: every kind of content, sessions either side of the clock change.
FIXTURE = ROOT / "tests" / "fixtures" / "site"

# --- Hypothesis: the same examples on every pull request, new ones in the scheduled exploration ------

#: Pull-request checks: every run tries the same examples (derived from each test, not from a clock or a
#: database of earlier failures), so a check fails because of the change, never by chance. A failure
#: prints the example and the blob that replays it.
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True)
#: The scheduled workflow (.github/workflows/explore.yml): random examples, twenty times as many. Whatever
#: it finds is kept as an @example on the test, so the pull-request checks try it from then on.
EXPLORE_FACTOR = 20
settings.register_profile("explore", derandomize=False, deadline=None, print_blob=True,
                          max_examples=settings.get_profile("ci").max_examples * EXPLORE_FACTOR)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def examples(count: int) -> int:
    """A test's number of examples, scaled as its profile scales the default: ``count`` in the pull-request
    checks, twenty times ``count`` when exploring (a test's own max_examples would otherwise override it)."""
    return count * settings.default.max_examples // settings.get_profile("ci").max_examples

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


def copy_project(target: Path, data: Path | None = None, source: Path = FIXTURE) -> Path:
    """A copy of a project (the fixture unless told otherwise), so a test can change it freely; `data`
    replaces its toolkit_data."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "content", target / "content")
    shutil.copytree(data or source / "toolkit_data", target / "toolkit_data")
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
    """One headless Chromium (Debian's) for the whole run, driven by Playwright, asking for reduced motion."""
    from playwright.sync_api import sync_playwright

    from browser import launch, with_reduced_motion

    with sync_playwright() as playwright:
        instance = with_reduced_motion(launch(playwright))
        yield instance
        instance.close()


# --- the browser tests, selectable as a group (-m browser), as scripts/repeat-browser-tests does ------

def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives the site in Chromium (marked for every test that uses "
                                       "the browser fixture)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that opens the site in Chromium, whichever file it is in."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
