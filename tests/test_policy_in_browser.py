"""The Content Security Policy in a real browser: the site works under it, and script that slipped into a
page does nothing (the browser reports a violation instead)."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from browser import loaded, search, serve
from conftest import BuiltSite, copy_project, mkdocs_build
from test_browser import KINDS_OF_PAGE, PREFIX, SECTION
from test_validation import TOOLKIT, write_data

#: Records each violation the page reports, from before any of the page's own script runs.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


def _open(context: BrowserContext, url: str) -> tuple[Page, list[str]]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(url)
    page.wait_for_load_state("load")
    return page, errors


def _violations(page: Page) -> list[str]:
    return page.evaluate("window.__violations")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE, ids=list(KINDS_OF_PAGE))
def test_no_violation_on_any_kind_of_page(context: BrowserContext, site_url: str, kind: str) -> None:
    page, errors = _open(context, site_url + KINDS_OF_PAGE[kind])
    loaded(page)  # the page, then the search index its worker fetches
    assert _violations(page) == [] and errors == []


def test_search_and_the_self_assessment_work_under_the_policy(context: BrowserContext, site_url: str) -> None:
    page, errors = _open(context, site_url + SECTION)
    page.check(PREFIX + "shared-ambition-Y")
    page.wait_for_function("() => /1 of/.test(document.querySelector('.tk-progress').textContent)")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export answers as CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    search(page, "workforce")
    assert _violations(page) == [] and errors == []


def test_printing_works_under_the_policy(context: BrowserContext, site_url: str) -> None:
    page, errors = _open(context, site_url + SECTION)
    page.evaluate("window.print = () => { window.__printed = true; }")
    page.locator("[data-tk-print]").first.click()
    page.wait_for_function("() => window.__printed === true")
    assert _violations(page) == [] and errors == []


# --- something slipped past every check: the policy still stops it -------------------------------

INJECTED = ('<img src="missing.png" onerror="window.__ran = \'handler\'">'
            '<a id="tk-injected" href="javascript:window.__ran = \'url\'">a link</a>'
            "<script>window.__ran = 'inline';</script>")


def test_an_injected_handler_url_and_script_are_blocked(context: BrowserContext, fixture_site: BuiltSite,
                                                        tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(fixture_site.root, site)
    page_file = site / SECTION.strip("/") / "index.html"
    html = page_file.read_text(encoding="utf-8")
    page_file.write_text(html.replace("<article", INJECTED + "<article", 1), encoding="utf-8")
    with serve(site) as url:
        page, _errors = _open(context, url + SECTION)
        page.click("#tk-injected")
        page.wait_for_function("() => window.__violations.length >= 3")
        assert page.evaluate("window.__ran") is None
        directives = " ".join(_violations(page))
        assert "script-src-attr" in directives and "script-src-elem" in directives


# --- the theme's search shows text, never markup, from the content ------------------------------

MARKUP_AS_TEXT = textwrap.dedent("""\
    id: intro
    title: Intro
    body: |
      The word zebrafinch and &lt;img src=x onerror="window.__ran=1"&gt; written as text, and
      `<img src=x onerror="window.__ran=2">` as code.
    """)


def test_search_results_show_markup_in_the_content_as_text(context: BrowserContext, tmp_path: Path) -> None:
    data = write_data(tmp_path / "data", {"pages/intro.yml": MARKUP_AS_TEXT,
                                           "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"})
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", data)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "site") as url:
        page, errors = _open(context, url + "/")
        search(page, "zebrafinch")
        results = page.locator(".md-search-result")
        assert "onerror" in results.inner_text()
        assert results.locator("img").count() == 0
        assert page.evaluate("window.__ran") is None and _violations(page) == [] and errors == []
