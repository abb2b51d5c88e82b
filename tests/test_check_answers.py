"""A toolkit's "Your answers" page in a real browser (Debian's Chromium, driven by Playwright): answers gathered from
this device's sections or an opened file, saying which; counts, the readiness summary, "Change" links; the action
plan built, edited, kept under the same opt-in rule and removed with it; each export opened by its reader (python-docx,
csv, LibreOffice Calc and openpyxl, the printed PDF); a version 2 file saved and opened again; a version 1 file;
bad files; keyboard-only use; axe in each state; 320 px. On the fixture site, and on the real readiness toolkit, with
everything about the real one derived from its YAML."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from conftest import FIXTURE, ROOT
from office import soffice
from test_accessibility import run_axe, _report
from toolkit_publisher import urls
from toolkit_publisher.downloads.reproducible import neutralise
from toolkit_publisher.kind_pages import question_version
from toolkit_publisher.validate import validate

TOOLKIT = "fixture-readiness"
ANSWERS = "/toolkits/fixture-readiness/your-answers/"
GROUPED = "/toolkits/fixture-readiness/fixture-grouped/"
FLAT = "/toolkits/fixture-readiness/fixture-flat/"
MESSAGE = ".tk-assessment__message"
SOURCE = "[data-tk-source]"
SCHEMA = json.loads((ROOT / "schemas" / "answers" / "saved-answers.schema.json").read_text(encoding="utf-8"))
VERSION_1_FILE = ROOT / "tests" / "fixtures" / "answers" / "v1-fixture-grouped.json"
FIXTURE_CONTENT = validate(FIXTURE / "toolkit_data")
#: A formula a spreadsheet would run, typed where a person writes freely.
FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    yield context
    context.close()


def watched(context: BrowserContext) -> Page:
    """A page that records any error the page reports, and any request to another host."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("request", lambda request: problems.append(f"request to {request.url}")
            if not request.url.startswith(("http://127.0.0.1", "blob:", "data:")) else None)
    page.tk_problems = problems  # type: ignore[attr-defined]
    return page


def healthy(page: Page) -> None:
    assert page.tk_problems == []  # type: ignore[attr-defined]
    assert page.evaluate("({}).polluted === undefined && Object.keys(Object.prototype).length === 0")


def open_answers(page: Page, site_url: str, path: str = ANSWERS) -> None:
    page.goto(site_url + path)
    page.wait_for_selector("[data-tk-check-answers][data-tk-ready]")


def answer_fixture(page: Page, site_url: str) -> None:
    """Part of each section answered on its page, with saving on: in section A a No, a Yes, a figure and a
    response (a formula), one left; in section B a No."""
    page.goto(site_url + GROUPED)
    page.check("#tk-consent-fixture-grouped")
    page.check("#tk-fixture-grouped-shared-ambition-N")
    page.check("#tk-fixture-grouped-apprenticeships-Y")
    page.fill("#tk-fixture-grouped-staff-numbers-figure", "42")
    page.fill("#tk-fixture-grouped-pay-bands-response", FORMULA)
    page.goto(site_url + FLAT)
    page.check("#tk-fixture-flat-data-review-N")


def prompts_of_questions_answered_no() -> list[str]:
    """The prompts the fixture's answers propose as actions, in order (section A's first question, section B's
    second), from the YAML."""
    grouped = FIXTURE_CONTENT.question_sets["fixture-grouped"].all_questions()
    flat = FIXTURE_CONTENT.question_sets["fixture-flat"].all_questions()
    return [*grouped[0].prompts, *flat[1].prompts]


def test_the_answers_saved_on_this_device_are_gathered_and_counted(context: BrowserContext, site_url: str) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    expect(page.locator(SOURCE)).to_contain_text("Showing the answers saved on this device")
    summary = page.locator('[data-tk-summary] tr[data-section="fixture-grouped"]')
    assert [summary.locator(f'[data-count="{k}"]').inner_text() for k in ("yes", "no", "response", "unanswered")] == [
        "1", "1", "2", "0"]
    flat = page.locator('[data-tk-summary] tr[data-section="fixture-flat"]')
    assert [flat.locator(f'[data-count="{k}"]').inner_text() for k in ("yes", "no", "response", "unanswered")] == [
        "0", "1", "0", "1"]
    row = page.locator('.tk-answers-section[data-section="fixture-grouped"] [data-question="staff-numbers"]')
    expect(row.locator("[data-tk-value]")).to_have_text("Figure: 42")
    # The chart: one bar per section, its shares in proportion (1 of 4 is a quarter of the bar).
    widths = page.evaluate("""() => Array.from(document.querySelectorAll('.tk-chart__bar')[0]
        .querySelectorAll('.tk-chart__share')).map(r => [r.getAttribute('class'), +r.getAttribute('width')])""")
    assert widths == [["tk-chart__share tk-chart__share--yes", 25], ["tk-chart__share tk-chart__share--no", 25],
                      ["tk-chart__share tk-chart__share--response", 50]]
    # "Change" goes to the question on its section's page, where the answer is.
    page.click('[data-question="staff-numbers"] >> text=Change')
    page.wait_for_url(re.compile(r"fixture-grouped/#staff-numbers$"))
    assert page.input_value("#tk-fixture-grouped-staff-numbers-figure") == "42"
    healthy(page)


def test_without_saving_on_the_page_says_it_shows_no_answers(context: BrowserContext, site_url: str) -> None:
    page = watched(context)
    open_answers(page, site_url)
    expect(page.locator(SOURCE)).to_contain_text("Showing no answers")
    expect(page.locator("[data-tk-plan-count]")).to_contain_text("no actions")
    page.click("[data-tk-action='add']")
    page.fill(".tk-action textarea", "Something of ours")
    assert page.evaluate("Object.keys(localStorage)") == []  # nothing kept until the person chooses
    healthy(page)


def build_plan(page: Page) -> None:
    """Edit the first proposed action, drop the second, add one of our own."""
    first = page.locator(".tk-action").nth(0)
    first.get_by_label("Owner").fill("Head of workforce")
    first.get_by_label("Due date").fill("2027-03-31")
    first.get_by_label("Status (red, amber or green)").select_option("amber")
    first.get_by_label("Progress").select_option("in-progress")
    page.locator(".tk-action").nth(1).get_by_role("button", name=re.compile("Drop this action")).click()
    expect(page.locator(MESSAGE)).to_contain_text("Dropped the action")
    page.click("[data-tk-action='add']")
    own = page.locator(".tk-action").last
    expect(own.get_by_label("What is to be done")).to_be_focused()
    own.get_by_label("What is to be done").fill(FORMULA + " brief the board")
    own.get_by_label("Owner").fill("Chief executive")
    own.get_by_label("Progress").select_option("done")


def test_the_plan_is_built_from_the_answers_edited_and_kept(context: BrowserContext, site_url: str) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    expected = prompts_of_questions_answered_no()
    titles = page.locator(".tk-action__title").all_inner_texts()
    assert titles == [f"Action {i}: {text}" for i, text in enumerate(expected, start=1)]
    first = page.locator(".tk-action").nth(0)
    question = FIXTURE_CONTENT.question_sets["fixture-grouped"].all_questions()[0]
    assert first.get_by_role("link", name=re.compile(re.escape(question.text))).get_attribute("href").endswith(
        f"fixture-grouped/#{question.id}")
    resources = [FIXTURE_CONTENT.resource_index[r][0].title for r in question.resources]
    assert first.locator(".tk-action__resources a").all_inner_texts() == resources
    build_plan(page)
    page.reload()
    page.wait_for_selector("[data-tk-check-answers][data-tk-ready]")
    first = page.locator(".tk-action").nth(0)
    assert first.get_by_label("Owner").input_value() == "Head of workforce"
    assert first.get_by_label("Due date").input_value() == "2027-03-31"
    assert first.get_by_label("Progress").input_value() == "in-progress"
    assert page.locator("[data-tk-dropped] li").count() == 1
    assert page.locator(".tk-action").last.get_by_label("Owner").input_value() == "Chief executive"
    expect(page.locator("[data-tk-plan-count]")).to_have_text(f"{len(expected)} actions in the plan, 1 done; 1 dropped.")
    # Unanswered questions too, by choice: section A's and B's unanswered questions' prompts are proposed.
    page.check("[data-tk-include-unanswered]")
    flat = FIXTURE_CONTENT.question_sets["fixture-flat"].all_questions()
    assert page.locator(".tk-action__title").filter(has_text=flat[0].prompts[0]).count() == 1
    # Restoring a dropped action puts it back.
    page.get_by_role("button", name=re.compile("Restore")).click()
    assert page.locator("[data-tk-dropped] li").count() == 0
    # Unticking saving removes the answers and the plan.
    page.uncheck("#tk-consent-answers")
    assert page.evaluate("Object.keys(localStorage)") == []
    expect(page.locator(SOURCE)).to_contain_text("Showing no answers")
    healthy(page)


def save_file(page: Page, folder: Path) -> tuple[Path, dict[str, Any]]:
    with page.expect_download() as info:
        page.click("[data-tk-action='save']")
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_a_whole_toolkit_file_is_saved_valid_and_opens_again(context: BrowserContext, site_url: str,
                                                              tmp_path: Path) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    build_plan(page)
    page.fill("[data-tk-respondent]", "Trust A")
    path, data = save_file(page, tmp_path)
    assert re.fullmatch(r"fixture-readiness-answers-\d{4}-\d{2}-\d{2}\.json", path.name)
    Draft202012Validator(SCHEMA).validate(data)
    assert data["version"] == 2 and data["respondent"] == "Trust A"
    grouped = FIXTURE_CONTENT.question_sets["fixture-grouped"].all_questions()
    assert data["sections"]["fixture-grouped"]["answers"]["shared-ambition"] == {
        "version": question_version(grouped[0]), "yn": "N"}
    assert data["toolkitVersion"].startswith(FIXTURE_CONTENT.toolkits[TOOLKIT].last_reviewed.isoformat() + "+")
    actions = data["plan"]["actions"]
    assert [a["owner"] for a in actions if not a["dropped"]] == ["Head of workforce", "", "Chief executive"]
    assert actions[0] | {} == {**actions[0], "due": "2027-03-31", "rag": "amber", "progress": "in-progress"}
    # On another device: nothing stored; the file is shown, and said to be.
    other = watched(context.browser.new_context(accept_downloads=True))
    open_answers(other, site_url)
    other.set_input_files("[data-tk-check-answers] input[type=file]", str(path))
    expect(other.locator(MESSAGE)).to_contain_text("Opened 5 answers and 3 actions from the file")
    expect(other.locator(SOURCE)).to_contain_text(f"Showing the answers in the file {path.name}")
    expect(other.locator(SOURCE)).to_contain_text("by Trust A")
    assert other.locator(".tk-action").nth(0).get_by_label("Owner").input_value() == "Head of workforce"
    assert other.evaluate("Object.keys(localStorage)") == []  # a file changes nothing on the device
    other.click("[data-tk-action='device']")
    expect(other.locator(SOURCE)).to_contain_text("Showing no answers")
    healthy(other)
    other.context.close()


def test_a_section_file_saved_before_version_2_opens(context: BrowserContext, site_url: str) -> None:
    page = watched(context)
    open_answers(page, site_url)
    page.set_input_files("[data-tk-check-answers] input[type=file]", str(VERSION_1_FILE))
    proposed = len(FIXTURE_CONTENT.question_sets["fixture-grouped"].all_questions()[0].prompts)
    expect(page.locator(MESSAGE)).to_contain_text(f"Opened 3 answers and {proposed} action")
    saved = json.loads(VERSION_1_FILE.read_text(encoding="utf-8"))
    row = page.locator('.tk-answers-section[data-section="fixture-grouped"] [data-question="shared-ambition"]')
    expect(row.locator("[data-tk-value]")).to_contain_text(saved["answers"]["shared-ambition"]["response"])
    healthy(page)


def shown(page: Page) -> list[str]:
    """What the page shows of the answers and plan (not its message)."""
    return [page.inner_text(selector) for selector in (SOURCE, "[data-tk-summary]", "[data-tk-plan]")] + \
        page.locator(".tk-answers-section").all_inner_texts()


BAD_FILES = {
    "not JSON": (b"{not json", "not valid JSON"),
    "another toolkit": (json.dumps({"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": "another-kit",
                                    "sections": {}}).encode(), "another toolkit"),
    "too big": (b" " * (1024 * 1024 + 1), "larger than the 1 MB limit"),
    "a hostile key": (b'{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                      b'"sections":{"__proto__":{"answers":{}}}}', "not a section id"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_says_what_is_wrong_and_changes_nothing(context: BrowserContext, site_url: str,
                                                           tmp_path: Path, case: str) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    before = shown(page)
    stored = page.evaluate("JSON.stringify(localStorage)")
    content, words = BAD_FILES[case]
    bad = tmp_path / "answers.json"
    bad.write_bytes(content)
    page.set_input_files("[data-tk-check-answers] input[type=file]", str(bad))
    message = page.locator(MESSAGE)
    expect(message).to_contain_text("That file could not be opened")
    expect(message).to_contain_text(words)
    expect(message).to_contain_text("Nothing was changed.")
    assert shown(page) == before
    assert page.evaluate("JSON.stringify(localStorage)") == stored
    violations = run_axe(page)
    assert not violations, _report(violations)
    healthy(page)


def test_the_exports_open_in_their_readers(context: BrowserContext, site_url: str, tmp_path: Path) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    build_plan(page)
    files = {}
    for action in ("word", "csv", "plan-csv"):
        with page.expect_download() as info:
            page.click(f"[data-tk-action='{action}']")
        files[action] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[action])
    # Word: python-docx reads the title, the summary, every question and the plan as entered.
    document = docx.Document(str(files["word"]))
    paragraphs = [p.text for p in document.paragraphs]
    toolkit = FIXTURE_CONTENT.toolkits[TOOLKIT]
    assert paragraphs[0].startswith(toolkit.title)
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    questions = [q.text for qs in ("fixture-grouped", "fixture-flat")
                 for q in FIXTURE_CONTENT.question_sets[qs].all_questions()]
    assert all(any(row[1:2] == [q] for row in cells) for q in questions)
    plan = [row for row in cells if row[:1] == ["1"] and row[3:4] == ["Head of workforce"]]
    assert plan and plan[0][4:7] == ["2027-03-31", "Amber", "In progress"]
    assert any(row[1] == FORMULA + " brief the board" and row[6] == "Done" for row in cells if len(row) == 7)
    # CSV: formula-like cells neutralised by the site's rule; every question one row.
    answers = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert len(answers) == 1 + len(questions)
    pay = [row for row in answers if row[2].startswith("Which Agenda")][0]
    assert pay[4] == neutralise(FORMULA)
    actions = list(csv.reader(io.StringIO(files["plan-csv"].read_text(encoding="utf-8-sig"))))
    assert [row[1] for row in actions[1:]] == [prompts_of_questions_answered_no()[0],
                                               prompts_of_questions_answered_no()[2], neutralise(FORMULA + " brief the board")]
    # Excel-compatible: LibreOffice Calc opens the CSV and saves it as a workbook that openpyxl reads unchanged.
    profile = tmp_path / "profile"
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--infilter=CSV:44,34,76,1",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(files["plan-csv"])],
                   check=True, capture_output=True, timeout=180)
    sheet = load_workbook(tmp_path / files["plan-csv"].with_suffix(".xlsx").name).active
    row = [cell.value for cell in sheet[2]]
    assert row[3] == "Head of workforce" and str(row[4])[:10] == "2027-03-31" and row[5:7] == ["Amber", "In progress"]
    own = str(sheet["B4"].value)
    assert "HYPERLINK" in own and not own.startswith("="), "Calc reads the neutralised cell as a formula"
    healthy(page)


def test_the_printed_report_is_a4_with_answers_summary_and_plan(context: BrowserContext, site_url: str,
                                                                tmp_path: Path) -> None:
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    build_plan(page)
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    reader = PdfReader(pdf)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    toolkit = FIXTURE_CONTENT.toolkits[TOOLKIT]
    assert toolkit.title in text and "Version of the questions:" in text and "Date:" in text
    assert "Readiness summary" in text and "Head of workforce" in text and "Chief executive" in text
    assert "Figure: 42" in text
    for word in ("Open answers from a file", "Drop this action", "Add your own action"):
        assert word not in text, f"'{word}' is printed: {text}"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    healthy(page)


def test_keyboard_only_and_axe_in_each_state_and_320_px(browser: Browser, site_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, accept_downloads=True)
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    for state in ("answered", "planned"):
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, state
        violations = run_axe(page)
        assert not violations, _report(violations)
        if state == "answered":
            # Keyboard only: to "Add your own action", then type, then the owner, then save to a file.
            page.locator("[data-tk-action='add']").focus()
            page.keyboard.press("Enter")
            page.keyboard.type("Our own step")
            page.keyboard.press("Tab")
            page.keyboard.type("Me")
            assert page.locator(".tk-action").last.get_by_label("Owner").input_value() == "Me"
            page.locator("[data-tk-action='save']").focus()
            with page.expect_download() as info:
                page.keyboard.press("Enter")
            assert json.loads(Path(info.value.path()).read_text())["plan"]["actions"][-1]["text"] == "Our own step"
            # Dropping by keyboard moves focus to the next action's heading.
            page.locator(".tk-action").nth(0).get_by_role("button", name=re.compile("Drop")).focus()
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.classList.contains('tk-action__title')")
    healthy(page)
    context.close()


# --- the real readiness toolkit: everything derived from its YAML ----------------------------------------------

REAL = validate(ROOT / "toolkit_data")
#: Each toolkit with a checklist, and its sections.
REAL_TOOLKITS = [(t, [REAL.question_sets[p.ref] for p in t.parts if p.checklist]) for t in REAL.toolkits.values()
                 if any(p.checklist for p in t.parts)]


@pytest.mark.parametrize(("toolkit", "sections"), REAL_TOOLKITS, ids=[t.id for t, _ in REAL_TOOLKITS])
def test_the_real_toolkit_answers_plan_and_its_exports(browser: Browser, real_site_url: str, tmp_path: Path,
                                                      toolkit, sections) -> None:  # noqa: ANN001
    """Answer part of each section (its first yes-no question No, its last Yes), then check the page, the plan,
    each export (Word, both CSVs, the printed report) and a saved file against the YAML."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = watched(context)
    expected_actions: list[str] = []
    for number, qs in enumerate(sections):
        page.goto(real_site_url + "/" + urls.page_url(urls.part(toolkit.id, qs.id)))
        if number == 0:
            page.check(f"#tk-consent-{qs.id}")
        yes_no = [q for q in qs.all_questions() if q.answer == "yes-no"]
        if yes_no:
            page.check(f"#tk-{qs.id}-{yes_no[0].id}-N")
            expected_actions += yes_no[0].prompts
        if len(yes_no) > 1:
            page.check(f"#tk-{qs.id}-{yes_no[-1].id}-Y")
    open_answers(page, real_site_url, "/" + urls.page_url(urls.check_answers(toolkit.id)))
    for qs in sections:
        row = page.locator(f'[data-tk-summary] tr[data-section="{qs.id}"]')
        yes_no = [q for q in qs.all_questions() if q.answer == "yes-no"]
        assert row.locator('[data-count="no"]').inner_text() == str(min(1, len(yes_no)))
        assert row.locator('[data-count="yes"]').inner_text() == str(1 if len(yes_no) > 1 else 0)
        assert page.locator(f'.tk-answers-section[data-section="{qs.id}"] [data-question]').count() == len(
            qs.all_questions())
    titles = page.locator(".tk-action__title").all_inner_texts()
    assert [re.sub(r"^Action \d+: ", "", t) for t in titles] == [" ".join(p.split()) for p in expected_actions]
    if titles:
        page.locator(".tk-action").nth(0).get_by_label("Owner").fill("Workforce lead")
    with page.expect_download() as info:
        page.click("[data-tk-action='word']")
    document = docx.Document(info.value.path())
    text = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for qs in sections:
        for question in qs.all_questions():
            assert " ".join(question.text.split()) in " ".join(text.split())
    if titles:
        assert "Workforce lead" in text
    # The CSVs: a row for every question, and the plan's actions as proposed (formula-like cells neutralised).
    files = {}
    for action in ("csv", "plan-csv"):
        with page.expect_download() as info:
            page.click(f"[data-tk-action='{action}']")
        files[action] = tmp_path / info.value.suggested_filename
        info.value.save_as(files[action])
    answers = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    every = [question for qs in sections for question in qs.all_questions()]
    assert len(answers) == 1 + len(every)
    assert [" ".join(row[2].split()) for row in answers[1:]] == [
        " ".join(neutralise(question.text).split()) for question in every]
    actions = list(csv.reader(io.StringIO(files["plan-csv"].read_text(encoding="utf-8-sig"))))
    assert [" ".join(row[1].split()) for row in actions[1:]] == [
        " ".join(neutralise(prompt).split()) for prompt in expected_actions]
    path, data = save_file(page, tmp_path)
    Draft202012Validator(SCHEMA).validate(data)
    assert set(data["sections"]) == {qs.id for qs in sections}
    assert not run_axe(page)
    # The printed report: A4, the toolkit's title and every section's.
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.pdf(path=str(tmp_path / "report.pdf"), prefer_css_page_size=True)
    reader = PdfReader(tmp_path / "report.pdf")
    printed = " ".join(" ".join(sheet.extract_text().split()) for sheet in reader.pages)
    for words in (toolkit.title, *(qs.title for qs in sections)):
        assert " ".join(words.split()) in printed, words
    assert (round(float(reader.pages[0].mediabox.width)), round(float(reader.pages[0].mediabox.height))) == (595, 842)
    healthy(page)
    context.close()


def test_a_reworded_or_removed_question_is_shown_as_such(context: BrowserContext, site_url: str,
                                                         tmp_path: Path) -> None:
    """A file whose answer and edited action are to an earlier wording of a question, and to a question since
    removed: neither is matched to the present question; the page says so, and axe finds nothing."""
    grouped = FIXTURE_CONTENT.question_sets["fixture-grouped"].all_questions()
    old = {"id": "p-fixture-grouped-shared-ambition-oldversion-0", "source": "proposed", "section": "fixture-grouped",
           "question": "shared-ambition", "questionVersion": "oldversion", "prompt": 0, "text": "Old words.",
           "owner": "Ann", "progress": "in-progress"}
    gone = {**old, "id": "p-fixture-grouped-gone-v1-0", "question": "gone", "questionVersion": "v1", "owner": "Bo"}
    data = {"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": TOOLKIT,
            "sections": {"fixture-grouped": {"answers": {
                "shared-ambition": {"version": "oldversion", "yn": "N"},
                "apprenticeships": {"version": question_version(grouped[2]), "yn": "Y"}}}},
            "plan": {"actions": [old, gone]}}
    Draft202012Validator(SCHEMA).validate(data)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page = watched(context)
    open_answers(page, site_url)
    page.set_input_files("[data-tk-check-answers] input[type=file]", str(path))
    expect(page.locator(MESSAGE)).to_contain_text("1 answer was to questions changed or removed since")
    row = page.locator('.tk-answers-section[data-section="fixture-grouped"] [data-question="shared-ambition"]')
    expect(row.locator("[data-tk-value]")).to_have_text("Not answered")
    notes = page.locator(".tk-action__stale").all_inner_texts()
    assert len(notes) == 2 and "reworded" in notes[0] and "removed" in notes[1]
    violations = run_axe(page)
    assert not violations, _report(violations)
    healthy(page)


def test_the_chart_reads_in_forced_colours_and_in_print(context: BrowserContext, site_url: str) -> None:
    """Each share has its own pattern as well as its colour; in forced colours they take the system's colours and
    stay apart (solid, hatched, dotted, empty)."""
    page = watched(context)
    answer_fixture(page, site_url)
    open_answers(page, site_url)
    script = """() => Array.from(document.querySelectorAll('.tk-chart__bar')[0].querySelectorAll('.tk-chart__share'))
        .map(r => [r.getAttribute('class').split('--')[1], r.getAttribute('fill') || getComputedStyle(r).fill])"""
    normal = page.evaluate(script)
    page.emulate_media(forced_colors="active")
    forced = page.evaluate(script)
    assert [share for share, _ in forced] == ["yes", "no", "response"]
    assert forced[0][1] != normal[0][1]  # the system's colour, not the brand's
    assert forced[1][1].startswith("url(") and forced[2][1].startswith("url(") and forced[1][1] != forced[2][1]
    ink = page.evaluate("getComputedStyle(document.querySelector('.tk-chart__ink--no')).fill")
    ground = page.evaluate("getComputedStyle(document.querySelector('.tk-chart__ground--no')).fill")
    assert ink != ground
    page.emulate_media(forced_colors="none", media="print")
    assert page.locator(".tk-chart__bar").first.is_visible()
    assert page.locator("[data-tk-summary]").is_visible()
    healthy(page)
