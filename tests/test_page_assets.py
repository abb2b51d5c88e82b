"""Each page loads only the plugin's stylesheets and scripts it uses (issue 22, "for the reader"), checked on the
built pages: a page without a self-assessment fetches none of its scripts, the home page none of the checklist's
styles; and what the scripts drive is hidden where scripts do not run."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from conftest import BuiltSite, copy_project, mkdocs_build
from test_browser import SECTION

#: What a page's content holds (a CSS selector), and the stylesheets and scripts that come with it.
FEATURES = {
    "[data-tk-assessment]": {"self-assessment.css", "self-assessment.js", "_saved-answers.js", "_toolkit-answers.js",
                             "_self-assessment-state.js", "_self-assessment-storage.js", "_self-assessment-files.js"},
    "[data-tk-check-answers]": {"checklist.css", "self-assessment.css", "check-answers.css", "_saved-answers.js",
                                 "_toolkit-answers.js", "_self-assessment-storage.js", "_self-assessment-files.js",
                                 "_action-plan.js", "_readiness-chart.js", "_answers-exports.js", "check-answers.js"},
    "[data-tk-compare]": {"self-assessment.css", "check-answers.css", "compare-answers.css", "_saved-answers.js",
                          "_toolkit-answers.js", "_self-assessment-files.js", "_answers-files.js",
                          "_answers-compare.js", "answers-compare.js"},
    "[data-tk-team]": {"self-assessment.css", "check-answers.css", "compare-answers.css", "_saved-answers.js",
                       "_toolkit-answers.js", "_self-assessment-files.js", "_answers-files.js", "_team-view.js",
                       "team-view.js"},
    "table.tk-checklist": {"checklist.css"},
    "[data-tk-print]": {"print.js"},
    "form[data-tk-filter]": {"filter.css", "filter.js"},
}
EVERY_PAGE = {"toolkit.css", "toolkit.js"}
NO_SCRIPT = "no-script.css"


def loaded(soup: BeautifulSoup) -> tuple[set[str], set[str]]:
    """The plugin's stylesheets and scripts a page loads (not counting those inside <noscript>), and those it
    loads only without scripts."""
    own = [tag for tag in soup.select("link[rel=stylesheet], script[src]")
           if "assets/toolkit/" in (tag.get("href") or tag.get("src"))]
    names = {Path(tag.get("href") or tag.get("src")).name: tag.find_parent("noscript") is not None for tag in own}
    return {name for name, hidden in names.items() if not hidden}, {name for name, hidden in names.items() if hidden}


def pages(site: BuiltSite) -> list[Path]:
    """The site's pages; the content editor at /admin/ is Decap CMS's page, which loads its own (test_cms_browser.py)."""
    return sorted(path for path in site.root.rglob("*.html") if path.relative_to(site.root).parts[0] != "admin")


def test_each_page_loads_what_its_content_uses_and_nothing_else(fixture_site: BuiltSite) -> None:
    seen = set()
    for path in pages(fixture_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article") or soup
        used = {selector for selector in FEATURES if article.select_one(selector) is not None}
        wanted = EVERY_PAGE.union(*(FEATURES[selector] for selector in used))
        scripted = any(name.endswith(".js") for selector in used for name in FEATURES[selector])
        if scripted:
            wanted.add("_on-page.js")
        assert loaded(soup) == (wanted, {NO_SCRIPT} if scripted else set()), path
        seen |= used
    assert seen == set(FEATURES), "the fixture site has every feature"


def test_with_instant_navigation_every_page_loads_every_script(tmp_path: Path) -> None:
    """Material's instant navigation swaps pages without loading their scripts, so every page loads them all."""
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  features:\n" in config
    (project / "mkdocs.yml").write_text(config.replace("  features:\n", "  features:\n    - navigation.instant\n", 1),
                                        encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    everything = EVERY_PAGE.union(*FEATURES.values(), {"_on-page.js"})
    assert loaded(home)[0] == everything
    section = BeautifulSoup((tmp_path / "site" / SECTION.strip("/") / "index.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert loaded(section) == (everything, {NO_SCRIPT})


@pytest.mark.parametrize("kind", ["checklist section", "whole checklist print view", "case-study index"])
def test_without_scripts_nothing_that_needs_one_is_shown(browser: Browser, site_url: str, kind: str) -> None:
    """The self-assessment, the print buttons and the filter are in the page as built, and hidden without scripts:
    the plain printable checklist, and the whole list of case studies."""
    from test_browser import KINDS_OF_PAGE

    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + KINDS_OF_PAGE[kind])
    for selector in (".tk-assessment", "table.tk-checklist input", "table.tk-checklist textarea", "[data-tk-print]",
                     ".tk-print-actions", "form[data-tk-filter]"):
        assert all(not element.is_visible() for element in page.query_selector_all(selector)), selector
    items = page.query_selector_all("ul.tk-case-list > li")
    assert all(item.is_visible() for item in items)
    context.close()
