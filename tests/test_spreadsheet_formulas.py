"""One spreadsheet-formula rule: the checklist downloads (Python) and the self-assessment's CSV export (the
browser) both neutralise exactly the cells in tests/spreadsheet_formula_cases.json, so the two can never drift."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from toolkit_publisher.downloads.reproducible import is_formula_like, neutralise

CASES = json.loads((Path(__file__).parent / "spreadsheet_formula_cases.json").read_text(encoding="utf-8"))["cases"]
SECTION = "/toolkits/fixture-readiness/fixture-grouped/"


@pytest.mark.parametrize("case", CASES, ids=[repr(case["input"]) for case in CASES])
def test_the_downloads_neutralise_each_case(case: dict[str, str]) -> None:
    assert neutralise(case["input"]) == case["output"]
    # The workbook stores a formula-like cell as text with a quote prefix: the same cells, by the same rule.
    assert is_formula_like(case["input"]) == (case["output"] != case["input"])


def _exported_responses(browser: Browser, url: str, responses: list[str]) -> list[str]:
    """Type each response into a question of the fixture section, export the answers as CSV as a person
    would, and read back the Response column of the file."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(url + SECTION)
    boxes = page.locator("textarea.tk-response")
    assert boxes.count() >= len(responses)
    for index, response in enumerate(responses):
        boxes.nth(index).fill(response)
    with page.expect_download() as info:
        page.click("text=Export answers as CSV")
    raw = Path(info.value.path()).read_bytes().decode("utf-8-sig")
    context.close()
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    column = rows[0].index("Response")
    return [row[column] for row in rows[1:len(responses) + 1]]


def test_the_browser_export_neutralises_each_case(browser: Browser, site_url: str) -> None:
    # A carriage return never reaches the export from the page: a text box turns it into a line feed (HTML's
    # newline normalisation), so those cases are checked in Python only.
    cases = [case for case in CASES if "\r" not in case["input"]]
    per_page = 4  # the fixture section's questions, each with a response box
    for start in range(0, len(cases), per_page):
        chunk = cases[start:start + per_page]
        exported = _exported_responses(browser, site_url, [case["input"] for case in chunk])
        assert exported == [case["output"] for case in chunk]
