"""axe-core (the copy packaged in axe-playwright-python, never a CDN) on every kind of page: no violations
of WCAG 2.0, 2.1 and 2.2 A and AA, nor of axe's best practices, as nhsuk-frontend requires of itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page

from browser import loaded, search
from conftest import BuiltSite
from test_browser import KINDS_OF_PAGE, PREFIX, SECTION

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def load_axe(page: Page) -> None:
    """axe, evaluated through the browser's debugging protocol as a tool's own script: a <script> tag would be
    (rightly) blocked by the site's Content Security Policy, which these tests keep in force."""
    page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n }}")


def run_axe(page: Page) -> list[dict]:
    load_axe(page)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
                           TAGS)
    return result["violations"]


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def check_page(browser: Browser, url: str, width: int = 1280, prepare: Callable[[Page], None] | None = None) -> None:
    """Open a page (and do what a person would first), then assert axe finds nothing."""
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.goto(url)
    loaded(page)  # and the theme's search set up: axe checks the page as it then stays
    if prepare:
        prepare(page)
    violations = run_axe(page)
    context.close()
    assert not violations, _report(violations)


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_no_axe_violations(browser: Browser, site_url: str, kind: str) -> None:
    check_page(browser, site_url + KINDS_OF_PAGE[kind])


def _half_answer(page: Page) -> None:
    page.check("#tk-consent-fixture-grouped")
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "An answer")
    page.check(PREFIX + "apprenticeships-N")


def test_no_axe_violations_on_a_half_answered_section(browser: Browser, site_url: str) -> None:
    check_page(browser, site_url + SECTION, prepare=_half_answer)


def _search_settled(page: Page) -> None:
    """Search: search() returns once the results for the whole query are shown and have finished fading in,
    as axe measures contrast as it is at that moment."""
    search(page, "workforce")


def test_no_axe_violations_on_search_results(browser: Browser, site_url: str) -> None:
    check_page(browser, site_url + "/", prepare=_search_settled)


def test_no_axe_violations_on_a_phone(browser: Browser, site_url: str) -> None:
    check_page(browser, site_url + SECTION, width=320, prepare=_half_answer)


def test_the_rules_checked_are_reported(tmp_path: Path, browser: Browser, site_url: str) -> None:
    """Lists the axe rules these tests apply, so the closing note can say exactly what was checked."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/")
    load_axe(page)
    rules = page.evaluate("tags => axe.getRules(tags).map(r => r.ruleId)", TAGS)
    version = page.evaluate("axe.version")
    assert len(rules) > 80 and version.startswith("4.")
    (tmp_path / "axe-rules.json").write_text(json.dumps({"version": version, "rules": rules}))
    context.close()


#: The content editor at /admin/ is Decap CMS's own markup, not the site's: it fails axe's color-contrast, region,
#: landmark-one-main and page-has-heading-one (its sign-in screen), and aria-command-name, aria-input-field-name,
#: button-name and frame-title (its forms: unnamed drag handles and list buttons, its preview frame). Measured by
#: tests/test_cms_browser.py's test_the_editor_page_is_decap_cms_s_own_markup; every page of the site is still checked.
EDITOR = "admin"


def _editor(path: Path, site: BuiltSite) -> bool:
    return path.relative_to(site.root).parts[0] == EDITOR


def test_every_page_of_the_real_content_passes_axe(browser: Browser, real_site: BuiltSite, real_site_url: str) -> None:
    """A rule on the real content: every page it makes, whatever it says, meets the same standard."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    failures = []
    pages = sorted(path for path in real_site.root.rglob("*.html") if not _editor(path, real_site))
    for path in pages:
        url = "/" + path.relative_to(real_site.root).as_posix().removesuffix("index.html")
        page.goto(real_site_url + url)
        loaded(page)
        violations = run_axe(page)
        if violations:
            failures.append(f"{url}:\n{_report(violations)}")
    context.close()
    assert pages and not failures, "\n".join(failures)
