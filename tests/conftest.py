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
from collections.abc import Callable, Iterator
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

# --- engines: the build-level tests run on MkDocs 1.6 and on ProperDocs ---------------------------------------------

#: How each engine that runs the plugin is started: MkDocs from this environment, ProperDocs from its own
#: (./scripts/setup --engine properdocs), so the two never share packages.
ENGINE_COMMANDS = {
    "mkdocs": (sys.executable, "-m", "mkdocs"),
    "properdocs": (str(ROOT / ".venv-properdocs" / "bin" / "python"), "-m", "properdocs"),
}
#: The test modules whose tests look at a built site as a reader gets it (its HTML, search, downloads, print,
#: the browser and axe): each of their tests runs once per engine. Every other test builds with MkDocs.
BUILD_LEVEL = frozenset({"test_pages", "test_published_pages", "test_search", "test_downloads", "test_downloads_page",
                         "test_printing", "test_browser", "test_accessibility", "test_site_rules",
                         "test_serve_errors", "test_engine_internals"})


#: Zensical, which runs no plugin: it builds the project `generate --zensical` writes (tests/test_zensical.py).
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
#: Each engine's program, by which it is known to be set up here.
INSTALLED = {**{engine: Path(command[0]) for engine, command in ENGINE_COMMANDS.items()}, "zensical": ZENSICAL}


def named_engines() -> tuple[str, ...]:
    """The engines to test on: TOOLKIT_TEST_ENGINES (./scripts/test names all three), each of which must be set up;
    or else every engine set up here."""
    named = os.environ.get("TOOLKIT_TEST_ENGINES")
    if named is None:
        return tuple(engine for engine, program in INSTALLED.items() if program.exists())
    engines = tuple(engine.strip() for engine in named.split(",") if engine.strip())
    for engine in engines:
        if engine not in INSTALLED:
            raise pytest.UsageError(f"TOOLKIT_TEST_ENGINES names '{engine}': the engines are {', '.join(INSTALLED)}")
        if not INSTALLED[engine].exists():
            raise pytest.UsageError(f"TOOLKIT_TEST_ENGINES names '{engine}', which is not set up: run "
                                    f"./scripts/setup --engine {engine}")
    return engines


def plugin_engines() -> tuple[str, ...]:
    """The engines that run the plugin to test on (MkDocs always)."""
    return ("mkdocs", *(engine for engine in named_engines() if engine in ENGINE_COMMANDS and engine != "mkdocs"))


@dataclass
class BuiltSite:
    """A site built by `mkdocs build --strict`, with helpers to read it as a visitor's browser would."""

    root: Path
    result: subprocess.CompletedProcess[str]
    #: The theme's search index, in the site (Zensical writes its own elsewhere: tests/test_zensical.py).
    search_path = "search/search_index.json"

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
        return json.loads((self.root / self.search_path).read_text(encoding="utf-8"))


def copy_project(target: Path, data: Path | None = None, source: Path = FIXTURE) -> Path:
    """A copy of a project (the fixture unless told otherwise), so a test can change it freely; `data`
    replaces its toolkit_data."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "content", target / "content")
    shutil.copytree(data or source / "toolkit_data", target / "toolkit_data")
    return target


def mkdocs_build(project: Path, site_dir: Path, site_url: str | None = TEST_SITE_URL,
                 engine: str = "mkdocs") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (or the engine's) of a project, for the site address given (None: with no SITE_URL
    at all)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    env.pop("SITE_URL", None)
    if site_url is not None:
        env["SITE_URL"] = site_url
    return subprocess.run(
        [*ENGINE_COMMANDS[engine], "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True, text=True, env=env, cwd=project, check=False,
    )


def build_site(tmp_path_factory: pytest.TempPathFactory, source: Path, name: str,
               engine: str = "mkdocs") -> BuiltSite:
    project = copy_project(tmp_path_factory.mktemp(f"{name}-{engine}-project"), source=source)
    site_dir = tmp_path_factory.mktemp(f"{name}-{engine}-site")
    result = mkdocs_build(project, site_dir, engine=engine)
    assert result.returncode == 0, f"the {name} site did not build with {engine}:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(site_dir, result)


@pytest.fixture(scope="session")
def engine(request: pytest.FixtureRequest) -> str:
    """The engine the sites of this test are built with (see pytest_generate_tests; MkDocs for a test that asks for
    a site only as it runs)."""
    return str(getattr(request, "param", "mkdocs"))


#: The projects the session's sites are built from, by name.
PROJECTS = {"fixture": FIXTURE, "real": ROOT}


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], BuiltSite]:
    """Each project (PROJECTS) built by each engine at most once in the session, when first wanted."""
    built: dict[tuple[str, str], BuiltSite] = {}

    def site(name: str, engine: str) -> BuiltSite:
        if (name, engine) not in built:
            built[name, engine] = build_site(tmp_path_factory, PROJECTS[name], name, engine)
        return built[name, engine]

    return site


@pytest.fixture(scope="session")
def fixture_site(sites: Callable[[str, str], BuiltSite], engine: str) -> BuiltSite:
    """The fixture project, built: what behaviour tests look at."""
    return sites("fixture", engine)


@pytest.fixture(scope="session")
def real_site(sites: Callable[[str, str], BuiltSite], engine: str) -> BuiltSite:
    """The repository's own content, built: checked only by rules derived from its YAML."""
    return sites("real", engine)


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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each test of a build-level module on every engine, any other on MkDocs alone. Every test that builds with a
    session fixture names its engine, so each engine's sites are built once (pytest groups the tests by engine)."""
    if "engine" in metafunc.fixturenames:
        engines = plugin_engines() if metafunc.module.__name__ in BUILD_LEVEL else ("mkdocs",)
        metafunc.parametrize("engine", engines, indirect=True, scope="session")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that opens the site in Chromium, whichever file it is in."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
