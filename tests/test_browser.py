"""The site in a real browser (Debian's Chromium, driven by Playwright) served on 127.0.0.1: the
self-assessment, keyboard use, reflow, target sizes, and that no request leaves the machine."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from browser import loaded, search


SECTION = "/toolkits/fixture-readiness/fixture-grouped/"
PREFIX = "#tk-fixture-grouped-"
#: One page of each kind on the fixture site (tests/fixtures/site).
KINDS_OF_PAGE = {
    "home": "/",
    "toolkit": "/toolkits/fixture-readiness/",
    "checklist section": SECTION,
    "checklist section without groups": "/toolkits/fixture-readiness/fixture-flat/",
    "guidance page": "/toolkits/fixture-readiness/fixture-introduction/",
    "resources": "/toolkits/fixture-readiness/fixture-resources/",
    "job description": "/job-descriptions/fixture-planning-officer/",
    "job description index": "/job-descriptions/",
    "training schedule": "/training/fixture-training/",
    "document template": "/document-templates/fixture-plan/",
    "case-study index": "/case-studies/",
    "case study": "/case-studies/fixture-joint-database/",
    "organisation": "/organisations/fixture-trust/",
    "programme with timeline": "/toolkits/fixture-programme/fixture-programme-page/",
    "downloads": "/downloads/",
    "data": "/data/",
    "whole checklist print view": "/toolkits/fixture-readiness/print-checklist/",
    "your answers and action plan": "/toolkits/fixture-readiness/your-answers/",
    "accessibility statement": "/accessibility/",
}


@pytest.fixture
def context(browser: Browser, tmp_path: Path) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, site_url: str) -> Page:
    page = context.new_page()
    page.goto(site_url + SECTION)
    return page


def progress(page: Page) -> str:
    return page.inner_text(".tk-progress")


def test_answers_are_not_stored_until_the_person_chooses(page: Page) -> None:
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "Agreed at the council.")
    assert progress(page) == "1 of 4 answered"
    assert page.evaluate("Object.keys(localStorage)") == []
    page.reload()
    assert not page.is_checked(PREFIX + "shared-ambition-Y")
    assert progress(page) == "0 of 4 answered"


def test_answers_persist_after_a_reload_once_saving_is_on(page: Page) -> None:
    page.check("#tk-consent-fixture-grouped")
    page.check(PREFIX + "shared-ambition-Y")
    page.check(PREFIX + "apprenticeships-N") if page.query_selector(PREFIX + "apprenticeships-N") else None
    page.fill(PREFIX + "shared-ambition-response", "Agreed at the council, £2,000 budget – “draft”.")
    page.reload()
    assert page.is_checked("#tk-consent-fixture-grouped")
    assert page.is_checked(PREFIX + "shared-ambition-Y")
    assert page.input_value(PREFIX + "shared-ambition-response") == "Agreed at the council, £2,000 budget – “draft”."
    keys = page.evaluate("Object.keys(localStorage).sort()")
    assert keys == ["tk-answers:fixture-readiness:fixture-grouped", "tk-save-answers"]


def test_an_answer_to_a_reworded_question_is_not_shown(page: Page) -> None:
    page.check("#tk-consent-fixture-grouped")
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "Old answer")
    key = "tk-answers:fixture-readiness:fixture-grouped"
    stored = json.loads(page.evaluate(f"localStorage.getItem('{key}')"))
    stored["answers"]["shared-ambition"]["version"] = "reworded-old"  # as if saved before a rewording
    stored["answers"]["a-removed-question"] = {"version": "x", "yn": "Y", "response": "Orphan"}
    page.evaluate(f"localStorage.setItem('{key}', {json.dumps(json.dumps(stored))})")
    page.reload()
    assert not page.is_checked(PREFIX + "shared-ambition-Y")
    assert page.input_value(PREFIX + "shared-ambition-response") == ""
    assert "Orphan" not in page.content()


def test_turning_saving_off_removes_what_was_stored(page: Page) -> None:
    page.check("#tk-consent-fixture-grouped")
    page.check(PREFIX + "shared-ambition-Y")
    page.uncheck("#tk-consent-fixture-grouped")
    assert page.evaluate("Object.keys(localStorage)") == []
    assert "no longer saved" in page.inner_text(".tk-assessment__message")


def test_export_gives_the_right_csv(page: Page) -> None:
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "=HYPERLINK(\"x\") and £5, “quoted”")
    with page.expect_download() as info:
        page.click("text=Export answers as CSV")
    download = info.value
    assert download.suggested_filename == "fixture-grouped-answers.csv"
    raw = Path(download.path()).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Question number", "Question", "Answer", "Response", "Section", "Toolkit", "Date"]
    assert len(rows) == 5
    first = rows[1]
    assert first[0] == "1" and first[1].startswith("Do you have a shared ambition")
    assert first[2] == "Yes"
    assert first[3] == "'=HYPERLINK(\"x\") and £5, “quoted”"
    assert first[4] == "Section A: Grouped questions"
    assert first[5] == "Fixture readiness toolkit: a toolkit made for tests"
    assert len(first[6]) == 10 and first[6][4] == "-"
    assert rows[2][2] == "" and rows[2][3] == ""


def test_save_to_a_file_and_open_it_again(page: Page, context: BrowserContext, site_url: str, tmp_path: Path) -> None:
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "Saved in a file")
    with page.expect_download() as info:
        page.click("text=Save answers to a file")
    saved = tmp_path / "answers.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["section"] == "fixture-grouped" and data["answers"]["shared-ambition"]["yn"] == "Y"
    other = context.new_page()  # as on another computer: nothing stored, a fresh page
    other.goto(site_url + SECTION)
    other.set_input_files("input[type=file]", str(saved))
    other.wait_for_function("document.querySelector('.tk-assessment__message').textContent.includes('Opened')")
    assert other.is_checked(PREFIX + "shared-ambition-Y")
    assert other.input_value(PREFIX + "shared-ambition-response") == "Saved in a file"
    assert progress(other) == "1 of 4 answered"


def test_clear_empties_after_confirmation(page: Page) -> None:
    page.check("#tk-consent-fixture-grouped")
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "Something")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("text=Clear all answers")
    assert page.is_checked(PREFIX + "shared-ambition-Y")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("text=Clear all answers")
    assert not page.is_checked(PREFIX + "shared-ambition-Y")
    assert page.input_value(PREFIX + "shared-ambition-response") == ""
    assert progress(page) == "0 of 4 answered"
    page.reload()
    assert progress(page) == "0 of 4 answered"


def test_keyboard_alone_completes_a_section(page: Page) -> None:
    page.click("h1")  # start from the top of the content, as a keyboard user would after skipping the menu
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const e = document.activeElement;
            return {tag: e.tagName, type: e.type || '', checked: !!e.checked, value: e.value || '',
                    row: e.closest('tr') ? e.closest('tr').dataset.question : null};
        }""")
        if focused["row"] and focused["type"] == "radio" and not focused["checked"]:
            page.keyboard.press("Space")
        elif focused["row"] and focused["tag"] == "TEXTAREA" and not focused["value"]:
            page.keyboard.type("Done")
        elif focused["row"] and focused["tag"] == "INPUT" and focused["type"] == "text" and not focused["value"]:
            page.keyboard.type("12")
        if progress(page) == "4 of 4 answered":
            break
    assert progress(page) == "4 of 4 answered"


def test_print_with_answers_shows_them(page: Page, tmp_path: Path) -> None:
    page.check(PREFIX + "shared-ambition-Y")
    page.fill(PREFIX + "shared-ambition-response", "Printed answer text")
    page.emulate_media(media="print")
    assert page.is_visible(".tk-print-answer >> text=Printed answer text")
    assert not page.is_visible(".tk-assessment")
    pdf = page.pdf(format="A4")
    from pypdf import PdfReader

    path = tmp_path / "answers.pdf"
    path.write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Printed answer text" in text


def test_without_javascript_the_page_is_the_plain_checklist(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + SECTION)
    assert not page.is_visible(".tk-assessment")
    assert page.query_selector_all("input, textarea") == [] or all(
        not page.is_visible(sel) for sel in ("textarea", "input[type=radio]"))
    assert len(page.query_selector_all("tr[data-question]")) == 4
    assert not page.is_visible("[data-tk-print]")
    context.close()


def test_self_assessment_controls_are_at_least_24_pixels(page: Page) -> None:
    controls = page.query_selector_all(".tk-assessment input[type=checkbox], .tk-assessment button, "
                                       "table.tk-checklist input, table.tk-checklist textarea, [data-tk-print]")
    assert len(controls) > 2 * len(page.query_selector_all("tr[data-question]"))  # the selectors found them
    for control in controls:
        box = control.bounding_box()
        if box is None:
            continue  # the hidden file input is reached through its button
        assert box["width"] >= 24 and box["height"] >= 24, control.evaluate("e => e.outerHTML.slice(0, 80)")


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_every_kind_of_page_reflows_at_320_pixels(browser: Browser, site_url: str, kind: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site_url + KINDS_OF_PAGE[kind])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


@pytest.mark.parametrize("kind", KINDS_OF_PAGE)
def test_no_request_leaves_the_machine(browser: Browser, site_url: str, kind: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(site_url + KINDS_OF_PAGE[kind])
    loaded(page)  # the page, then the search index its worker fetches
    if kind == "home":
        search(page, "apprenticeships")
    own = urlsplit(site_url).netloc
    foreign = [url for url in requests if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc != own]
    assert requests and not foreign, foreign
    context.close()


def test_case_studies_filter_by_theme_and_organisation(browser: Browser, site_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "/case-studies/")
    total = len(page.query_selector_all("ul.tk-case-list > li"))
    page.select_option("#tk-filter-organisation", "fixture-council")
    visible = [li for li in page.query_selector_all("ul.tk-case-list > li") if li.is_visible()]
    assert 0 < len(visible) < total
    assert all("fixture-council" in li.get_attribute("data-organisations") for li in visible)
    assert page.inner_text(".tk-filter__status") == f"Showing {len(visible)} of {total} case studies."
    page.select_option("#tk-filter-theme", "data")
    both = [li for li in page.query_selector_all("ul.tk-case-list > li") if li.is_visible()]
    assert both and all("data" in li.get_attribute("data-themes").split() for li in both)
    context.close()
