"""Zensical builds the project `python -m toolkit_publisher generate --zensical` writes, as it stands (it runs no
plugin), from its own environment (.venv-zensical): checked as the MkDocs build is, by the rules derived from the
content (every question, prompt and resource in the HTML and in Zensical's search index, every download made and
linked...), then in Chromium: the self-assessment works, axe finds nothing on each kind of page, and no request
leaves the machine (Zensical's theme would fetch web fonts from another host: the project turns them off).

Every rule of the content holds there as it does on the MkDocs build; what the Zensical site lacks that the MkDocs
one has (the Content Security Policy, the whole-page check...) is listed in the README ("Engines")."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

import content_rules
from browser import serve
from conftest import FIXTURE, PROJECTS, ZENSICAL, BuiltSite, copy_project, named_engines
from test_accessibility import _report, run_axe
from test_browser import KINDS_OF_PAGE, PREFIX, SECTION
from toolkit_publisher.validate import Content, validate

pytestmark = pytest.mark.skipif("zensical" not in named_engines(),
                                reason="Zensical is not set up here (./scripts/setup --engine zensical; ./scripts/test "
                                       "does)")

class ZensicalSite(BuiltSite):
    """A site Zensical built: its search index is ``search.json``, whose ``items`` are MkDocs' ``docs``."""

    search_path = "search.json"

    def search_index(self) -> dict:
        items = json.loads((self.root / self.search_path).read_text(encoding="utf-8"))["items"]
        return {"docs": [{"location": item["location"], "title": item["title"], "text": item["text"]}
                         for item in items]}


def zensical_build(source: Path, folder: Path) -> ZensicalSite:
    """The project at ``source`` written as a Zensical project and built by Zensical."""
    project = copy_project(folder / "project", source=source)
    written = folder / "zensical"
    subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--zensical", "--out", str(written)],
                   cwd=project, check=True, capture_output=True, text=True)
    result = subprocess.run([str(ZENSICAL), "build", "--clean", "--strict", "-f", "mkdocs.yml"], cwd=written,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"Zensical did not build it:\n{result.stdout}\n{result.stderr}"
    return ZensicalSite(written / "site", result)


@pytest.fixture(scope="module")
def zensical_sites(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ZensicalSite]:
    built: dict[str, ZensicalSite] = {}

    def site(name: str) -> ZensicalSite:
        if name not in built:
            built[name] = zensical_build(PROJECTS[name], tmp_path_factory.mktemp(f"zensical-{name}"))
        return built[name]

    return site


@pytest.fixture(scope="module")
def zensical_url(zensical_sites: Callable[[str], ZensicalSite]) -> Iterator[str]:
    with serve(zensical_sites("fixture").root) as url:
        yield url


def _content(name: str) -> Content:
    return validate(PROJECTS[name] / "toolkit_data")


@pytest.mark.parametrize("project", list(PROJECTS))
@pytest.mark.parametrize("rule", content_rules.RULES_ON_CONTENT, ids=lambda rule: rule.__name__)
def test_rule_on_content(zensical_sites: Callable[[str], ZensicalSite], project: str,
                         rule: Callable[[BuiltSite, Content], None]) -> None:
    rule(zensical_sites(project), _content(project))


@pytest.mark.parametrize("project", list(PROJECTS))
@pytest.mark.parametrize("rule", content_rules.RULES_ON_SITE, ids=lambda rule: rule.__name__)
def test_rule_on_site(zensical_sites: Callable[[str], ZensicalSite], project: str,
                      rule: Callable[[BuiltSite], None]) -> None:
    rule(zensical_sites(project))


def test_the_libraries_the_site_serves_are_in_the_zensical_site(zensical_sites: Callable[[str], ZensicalSite]) -> None:
    """The Word export of a toolkit's answers loads one from the site's assets, as it does on the MkDocs build."""
    from toolkit_publisher import vendor

    site = zensical_sites("fixture")
    for name, installed in vendor.files():
        served = site.root / "assets" / "toolkit" / "vendor" / name
        assert served.is_file() and served.read_bytes() == installed.read_bytes(), name


def test_the_project_names_no_web_font(zensical_sites: Callable[[str], ZensicalSite]) -> None:
    site = zensical_sites("fixture")
    for page in site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page


def _loaded(page: Page) -> None:
    """The page and everything it fetches by itself (its scripts, then the search index its worker asks for)."""
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_each_kind_of_page_passes_axe_and_fetches_nothing_from_another_host(browser: Browser, zensical_url: str,
                                                                            kind: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(zensical_url + KINDS_OF_PAGE[kind])
    _loaded(page)
    violations = run_axe(page)
    own = urlsplit(zensical_url).netloc
    foreign = [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own]
    context.close()
    assert not violations, _report(violations)
    assert requests and not foreign, foreign


def test_the_self_assessment_counts_keeps_and_forgets_answers(browser: Browser, zensical_url: str) -> None:
    questions = _content("fixture").question_sets[SECTION.strip("/").split("/")[-1]].all_questions()
    first = f"{PREFIX}{questions[0].id}"
    context = browser.new_context()
    page = context.new_page()
    page.goto(zensical_url + SECTION)
    assert page.inner_text(".tk-progress") == f"0 of {len(questions)} answered"
    page.check(first + "-Y")
    page.fill(first + "-response", "Agreed at the council.")
    assert page.inner_text(".tk-progress") == f"1 of {len(questions)} answered"
    # Nothing kept until the person chooses (Zensical's theme keeps its own colour scheme there, as '.__palette').
    assert [key for key in page.evaluate("Object.keys(localStorage)") if key.startswith("tk-")] == []
    page.check("#tk-consent-fixture-grouped")
    page.reload()
    assert page.is_checked(first + "-Y")
    assert page.input_value(first + "-response") == "Agreed at the council."
    context.close()


def test_generate_refuses_what_the_plugin_refuses_before_writing_anything(tmp_path: Path) -> None:
    """A file of the docs folder that would be published unchecked, as the MkDocs build refuses it."""
    project = copy_project(tmp_path / "project")
    (project / "content" / "page.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--zensical", "--out",
                             str(tmp_path / "zensical")], cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "content/page.html:1:1: error: this file would be published as it is, without being checked" in result.stderr
    assert "Traceback" not in result.stderr
