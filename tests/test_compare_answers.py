"""A toolkit's "Compare saved answers" and "Combine a team's answers" pages in a real browser (Debian's Chromium,
driven by Playwright): two saves made on the "Your answers" and section pages, answered differently, compared;
files made by the page's own writer (tkToolkitAnswers.fileText) with a question reworded or removed; three
respondents' files combined, the table, the plan and the CSV export (read by Python's csv reader); bad files;
keyboard only; axe in each state; 320 px; print. On the fixture site, and on the real toolkits, with everything
about the real ones derived from their YAML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from test_accessibility import _report, run_axe
from test_check_answers import (FIXTURE_CONTENT, FORMULA, MESSAGE, REAL_TOOLKITS, context, healthy, open_answers,
                                save_file, watched)  # noqa: F401 - context: the fixture the tests take by name
from toolkit_publisher import urls
from toolkit_publisher.downloads.reproducible import neutralise
from toolkit_publisher.kind_pages import question_version

COMPARE = "/toolkits/fixture-readiness/compare-answers/"
TEAM = "/toolkits/fixture-readiness/team-answers/"
GROUPED = "/toolkits/fixture-readiness/fixture-grouped/"
FLAT = "/toolkits/fixture-readiness/fixture-flat/"
TOOLKIT = "fixture-readiness"


def open_page(page: Page, site_url: str, path: str, marker: str) -> None:
    page.goto(site_url + path)
    page.wait_for_selector(f"[{marker}][data-tk-ready]")


def no_axe_violations(page: Page) -> None:
    violations = run_axe(page)
    assert not violations, _report(violations)


def questions(section: str) -> list[Any]:
    return FIXTURE_CONTENT.question_sets[section].all_questions()


def written(page: Page, tmp_path: Path, name: str, parts: dict[str, Any], saved: str) -> Path:
    """A file of saved answers made by the page's own writer, saved at `saved` (ISO 8601)."""
    text = page.evaluate("([parts, saved]) => window.tkToolkitAnswers.fileText(parts, new Date(saved))", [parts, saved])
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def answers(section: str, **given: dict[str, str]) -> dict[str, Any]:
    """A section's answers, each with its question's version as the site builds it (from the YAML)."""
    by_id = {q.id: q for q in questions(section)}
    return {"section": section, "answers": {qid: {"version": question_version(by_id[qid]), **a} for qid, a in given.items()}}


# --- progress over time ------------------------------------------------------------------------------------------

def test_two_saves_answered_differently_are_compared(context: BrowserContext, site_url: str, tmp_path: Path) -> None:
    """March: ambition No, apprenticeships Yes, 42 staff, an action in progress. September: ambition Yes,
    apprenticeships No, 50 staff, a data review No (newly answered), that action done."""
    page = watched(context)
    page.goto(site_url + GROUPED)
    page.check("#tk-consent-fixture-grouped")
    page.check("#tk-fixture-grouped-shared-ambition-N")
    page.check("#tk-fixture-grouped-apprenticeships-Y")
    page.fill("#tk-fixture-grouped-staff-numbers-figure", "42")
    open_answers(page, site_url)
    first = page.locator(".tk-action").nth(0)
    first.get_by_label("Owner").fill("Head of workforce")
    first.get_by_label("Progress").select_option("in-progress")
    page.fill("[data-tk-respondent]", "Trust A")
    march = save_file(page, tmp_path)[0].rename(tmp_path / "march.json")
    page.goto(site_url + GROUPED)
    page.check("#tk-fixture-grouped-shared-ambition-Y")
    page.check("#tk-fixture-grouped-apprenticeships-N")
    page.fill("#tk-fixture-grouped-staff-numbers-figure", "50")
    page.goto(site_url + FLAT)
    page.check("#tk-fixture-flat-data-review-N")
    open_answers(page, site_url)
    kept = page.locator(".tk-action").filter(has_text=questions("fixture-grouped")[0].prompts[0])
    kept.get_by_label("Progress").select_option("done")
    september = save_file(page, tmp_path)[0].rename(tmp_path / "september.json")
    open_page(page, site_url, COMPARE, "data-tk-compare")
    no_axe_violations(page)
    # Chosen later first: the page orders them by when they were saved, and says which is which.
    page.set_input_files("[data-tk-compare] input[type=file]", [str(september), str(march)])
    expect(page.locator(MESSAGE)).to_contain_text("Compared the earlier file")
    expect(page.locator('[data-file="earlier"]')).to_contain_text("Earlier: the file march.json, saved")
    expect(page.locator('[data-file="later"]')).to_contain_text("Later: the file september.json, saved")
    expect(page.locator('[data-file="earlier"]')).to_contain_text("by Trust A")
    expect(page.locator("#summary-of-changes")).to_be_focused()

    def change(section: str, question: str) -> str | None:
        return page.locator(f'.tk-compare-section[data-section="{section}"] tr[data-question="{question}"]') \
            .get_attribute("data-change")

    grouped = {q.id: q for q in questions("fixture-grouped")}
    assert change("fixture-grouped", "shared-ambition") == "no-to-yes"
    assert change("fixture-grouped", "apprenticeships") == "yes-to-no"
    assert change("fixture-grouped", "staff-numbers") == "changed"
    assert change("fixture-flat", "data-review") == "answered"
    row = page.locator('tr[data-question="shared-ambition"]')
    expect(row).to_contain_text(grouped["shared-ambition"].text)
    expect(row.locator('[data-label="What changed"]')).to_have_text("Now Yes (was No)")
    # Unchanged questions are hidden until asked for.
    expect(page.locator('tr[data-question="pay-bands"]')).to_be_hidden()
    page.check("[data-tk-show-unchanged]")
    expect(page.locator('tr[data-question="pay-bands"]')).to_be_visible()
    # Actions: the edited one completed, the other prompt of the same question no longer proposed, new ones
    # from the questions now answered No.
    ambition = grouped["shared-ambition"]

    def action(question: str, prompt: int) -> str | None:
        return page.locator(f'tr[data-action="p:{question_section(question)}:{question}:{prompt}"]').get_attribute(
            "data-change")

    assert action("shared-ambition", 0) == "completed"
    assert all(action("shared-ambition", i) == "removed" for i in range(1, len(ambition.prompts)))
    assert all(action("apprenticeships", i) == "new" for i in range(len(grouped["apprenticeships"].prompts)))
    flat = {q.id: q for q in questions("fixture-flat")}
    assert all(action("data-review", i) == "new" for i in range(len(flat["data-review"].prompts)))
    summary = page.locator('.tk-compare-summary tr[data-section="fixture-grouped"]')
    assert [summary.locator(f'[data-count="{k}"]').inner_text() for k in
            ("yes", "no", "no-to-yes", "yes-to-no", "completed", "new")] == [
        "1 to 1", "1 to 1", "1", "1", "1", str(len(grouped["apprenticeships"].prompts))]
    no_axe_violations(page)
    healthy(page)


def question_section(question: str) -> str:
    return "fixture-grouped" if any(q.id == question for q in questions("fixture-grouped")) else "fixture-flat"


def test_a_reworded_or_removed_question_is_shown_as_such(context: BrowserContext, site_url: str,
                                                         tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, COMPARE, "data-tk-compare")
    old = answers("fixture-grouped", **{"shared-ambition": {"yn": "N"}})
    old["answers"]["shared-ambition"]["version"] = "older-words"
    old["answers"]["gone-question"] = {"version": "x", "yn": "Y"}
    earlier = written(page, tmp_path, "earlier.json", {"toolkit": TOOLKIT, "sections": [old]}, "2027-03-01T09:00:00Z")
    later = written(page, tmp_path, "later.json", {"toolkit": TOOLKIT, "sections": [
        answers("fixture-grouped", **{"shared-ambition": {"yn": "Y"}})]}, "2027-09-01T09:00:00Z")
    page.set_input_files("[data-tk-compare] input[type=file]", str(earlier))
    expect(page.locator(MESSAGE)).to_contain_text("Now open the file to compare it with")
    no_axe_violations(page)
    page.set_input_files("[data-tk-compare] input[type=file]", str(later))
    expect(page.locator(MESSAGE)).to_contain_text("Compared the earlier file earlier.json")
    reworded = page.locator('tr[data-question="shared-ambition"]')
    assert reworded.get_attribute("data-change") == "reworded"
    expect(reworded).to_contain_text("The earlier answer was given to other words of this question")
    removed = page.locator('tr[data-question="gone-question"]')
    assert removed.get_attribute("data-change") == "removed"
    expect(removed).to_contain_text("no longer on this site")
    healthy(page)


BAD_FILES = {
    "not JSON": (b"{not json", "not valid JSON"),
    "another toolkit": (json.dumps({"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": "another-kit",
                                    "sections": {}}).encode(), "another toolkit"),
    "too big": (b" " * (1024 * 1024 + 1), "larger than the 1 MB limit"),
    "a hostile key": (b'{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                      b'"sections":{"__proto__":{"answers":{}}}}', "not a section id"),
}


@pytest.mark.parametrize("case", [*BAD_FILES, "the same save twice"])
def test_a_bad_file_is_refused_and_changes_nothing(context: BrowserContext, site_url: str, tmp_path: Path,
                                                   case: str) -> None:
    page = watched(context)
    open_page(page, site_url, COMPARE, "data-tk-compare")
    parts = {"toolkit": TOOLKIT, "sections": [answers("fixture-flat", **{"system-lead": {"yn": "N"}})]}
    march = written(page, tmp_path, "march.json", parts, "2027-03-01T09:00:00Z")
    september = written(page, tmp_path, "september.json", parts, "2027-09-01T09:00:00Z")
    page.set_input_files("[data-tk-compare] input[type=file]", [str(march), str(september)])
    expect(page.locator(MESSAGE)).to_contain_text("Compared")
    before = page.inner_text("[data-tk-compare] [data-tk-result]") + page.inner_text("[data-tk-files]")
    if case == "the same save twice":
        copy = tmp_path / "copy-of-march.json"
        copy.write_bytes(march.read_bytes())
        page.set_input_files("[data-tk-compare] input[type=file]", [str(march), str(copy)])
        words = "same save"
    else:
        content, words = BAD_FILES[case]
        bad = tmp_path / "bad.json"
        bad.write_bytes(content)
        page.set_input_files("[data-tk-compare] input[type=file]", [str(bad), str(march)])
    expect(page.locator(MESSAGE)).to_contain_text(words)
    expect(page.locator(MESSAGE)).to_contain_text("Nothing was changed.")
    assert page.inner_text("[data-tk-compare] [data-tk-result]") + page.inner_text("[data-tk-files]") == before
    # The team's page refuses the same file the same way.
    open_page(page, site_url, TEAM, "data-tk-team")
    page.set_input_files("[data-tk-team] input[type=file]", str(march))
    expect(page.locator(MESSAGE)).to_contain_text("Added march.json")
    before = page.inner_text("[data-tk-team] [data-tk-respondents]") + page.inner_text("[data-tk-team] [data-tk-result]")
    if case == "the same save twice":
        page.set_input_files("[data-tk-team] input[type=file]", str(tmp_path / "copy-of-march.json"))
    else:
        page.set_input_files("[data-tk-team] input[type=file]", str(tmp_path / "bad.json"))
    expect(page.locator(MESSAGE)).to_contain_text("Nothing was changed.")
    expect(page.locator(MESSAGE)).to_contain_text(words)
    after = page.inner_text("[data-tk-team] [data-tk-respondents]") + page.inner_text("[data-tk-team] [data-tk-result]")
    assert after == before
    no_axe_violations(page)
    healthy(page)


# --- a team's combined view -------------------------------------------------------------------------------------

def three_files(page: Page, tmp_path: Path) -> list[Path]:
    """Trust A (ambition No, its first prompt owned by Ann), Trust B (ambition No, that prompt owned by Bob and
    done; a formula as a response), and a file naming no respondent (ambition Yes)."""
    ambition = questions("fixture-grouped")[0]

    def plan(owner: str, progress: str) -> dict[str, Any]:
        return {"includeUnanswered": False, "actions": [
            {"id": f"p-fixture-grouped-{ambition.id}-0", "source": "proposed", "section": "fixture-grouped",
             "question": ambition.id, "questionVersion": question_version(ambition), "prompt": 0,
             "text": ambition.prompts[0], "owner": owner, "progress": progress}]}

    return [
        written(page, tmp_path, "trust-a.json", {"toolkit": TOOLKIT, "respondent": "Trust A", "plan": plan("Ann", "in-progress"),
                                                 "sections": [answers("fixture-grouped", **{ambition.id: {"yn": "N"}})]},
                "2027-03-01T09:00:00Z"),
        written(page, tmp_path, "trust-b.json", {"toolkit": TOOLKIT, "respondent": "Trust B", "plan": plan("Bob", "done"),
                                                 "sections": [answers("fixture-grouped", **{
                                                     ambition.id: {"yn": "N"}, "pay-bands": {"response": FORMULA}})]},
                "2027-03-02T09:00:00Z"),
        written(page, tmp_path, "unnamed.json", {"toolkit": TOOLKIT, "sections": [answers("fixture-grouped", **{
            ambition.id: {"yn": "Y"}})]}, "2027-03-03T09:00:00Z"),
    ]


def test_three_respondents_files_are_combined_into_one_table_and_plan(context: BrowserContext, site_url: str,
                                                                      tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, TEAM, "data-tk-team")
    no_axe_violations(page)
    files = three_files(page, tmp_path)
    page.set_input_files("[data-tk-team] input[type=file]", [str(f) for f in files])
    expect(page.locator(MESSAGE)).to_contain_text("Showing the answers of 3 respondents")
    expect(page.locator("[data-tk-respondents] li")).to_have_count(3)
    expect(page.locator('[data-respondent="2"]')).to_contain_text("unnamed.json (file name)")
    ambition = questions("fixture-grouped")[0]
    row = page.locator(f'.tk-compare-section[data-section="fixture-grouped"] tr[data-question="{ambition.id}"]')
    assert row.get_attribute("data-agreement") == "differ"
    assert row.locator("td").all_inner_texts() == ["No", "No", "Yes", "Differ: No (2), Yes (1)"]
    headings = page.locator(".tk-team-table").first.locator("thead th").all_inner_texts()
    assert headings == ["Question", "Trust A", "Trust B", "unnamed.json (file name)", "Agreement"]
    # Every question of every section is a row, answered or not.
    for section in ("fixture-grouped", "fixture-flat"):
        expect(page.locator(f'.tk-compare-section[data-section="{section}"] tbody tr')).to_have_count(
            len(questions(section)))
    plan = page.locator(".tk-team-plan tbody tr")
    expect(plan).to_have_count(1)
    assert plan.locator("td").all_inner_texts()[1:] == ["Trust A; Trust B",
                                                         "Trust A: Ann, In progress; Trust B: Bob, Done", ""]
    expect(plan.locator("th")).to_have_text(ambition.prompts[0])
    no_axe_violations(page)
    with page.expect_download() as info:
        page.click("[data-tk-action='csv']")
    table = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert table[0] == ["Section", "Question number", "Question", *headings[1:]]
    assert len(table) == 1 + len(questions("fixture-grouped")) + len(questions("fixture-flat"))
    pay = [r for r in table if r[2] == questions("fixture-grouped")[1].text][0]
    assert pay[4] == neutralise(FORMULA)
    with page.expect_download() as info:
        page.click("[data-tk-action='plan-csv']")
    plan_rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    assert plan_rows[1][0] == ambition.prompts[0] and plan_rows[1][2] == "Trust A; Trust B"
    # Taking one respondent out leaves the others.
    page.get_by_role("button", name="Remove the answers of Trust B").click()
    expect(page.locator("[data-tk-respondents] li")).to_have_count(2)
    assert row.locator("td").all_inner_texts() == ["No", "Yes", "Differ: No (1), Yes (1)"]
    assert page.evaluate("Object.keys(localStorage)") == []  # nothing kept
    healthy(page)


def intercept_file_choosers(page: Page) -> None:
    """Playwright turns on its interception of file dialogs when the first listener is added, without waiting for
    it: a listener added only as a key is pressed can miss the dialog that key opens. One added first, before
    anything is pressed, keeps it on for the page's life."""
    page.on("filechooser", lambda chooser: None)


def choose_by_keyboard(page: Page, files: list[Path]) -> None:
    """The button that opens files, reached by focus and pressed with Enter; the files chosen in the dialog (the
    page's file dialogs intercepted from its start: intercept_file_choosers)."""
    page.locator("[data-tk-action='open']").focus()
    with page.expect_file_chooser(timeout=10_000) as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files([str(f) for f in files])


def test_keyboard_only_at_320_px_axe_in_each_state_and_print(browser: Browser, site_url: str,
                                                             tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800}, accept_downloads=True)
    page = watched(context)
    intercept_file_choosers(page)
    open_page(page, site_url, TEAM, "data-tk-team")
    files = three_files(page, tmp_path)
    page.locator("[data-tk-action='open']").focus()
    choose_by_keyboard(page, files)
    expect(page.locator("[data-tk-respondents] li")).to_have_count(3)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    no_axe_violations(page)
    page.get_by_role("button", name="Remove the answers of Trust A").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Remove the answers of Trust B")).to_be_focused()
    no_axe_violations(page)
    # Compare, by keyboard, at 320 px.
    open_page(page, site_url, COMPARE, "data-tk-compare")
    choose_by_keyboard(page, files[:2])
    expect(page.locator("#summary-of-changes")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    assert page.is_checked("[data-tk-show-unchanged]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    no_axe_violations(page)
    # Printed: the comparison without the controls.
    page.emulate_media(media="print")
    pdf = tmp_path / "comparison.pdf"
    page.pdf(path=str(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "Summary of changes" in text and "What changed" in text and "Trust B" in text
    assert "Open two files of saved answers" not in text
    healthy(page)
    context.close()


# --- the real toolkits: everything derived from their YAML -------------------------------------------------------

@pytest.mark.parametrize(("toolkit", "sections"), REAL_TOOLKITS, ids=[t.id for t, _ in REAL_TOOLKITS])
def test_the_real_toolkit_compared_and_combined(browser: Browser, real_site_url: str, tmp_path: Path,
                                               toolkit, sections) -> None:  # noqa: ANN001
    """Each section's first yes-no question: No in March, Yes in September; its last: Yes then No. Then three
    respondents: the first question Yes, Yes and No."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = watched(context)
    open_page(page, real_site_url, "/" + urls.page_url(urls.compare_answers(toolkit.id)), "data-tk-compare")

    def file(name: str, saved: str, choose: dict[str, str], respondent: str = "") -> Path:
        shaped = []
        for qs in sections:
            yes_no = [q for q in qs.all_questions() if q.answer == "yes-no"]
            given = {q.id: {"version": question_version(q), "yn": choose[key]}
                     for key, q in (("first", yes_no[0] if yes_no else None), ("last", yes_no[-1] if len(yes_no) > 1 else None))
                     if q is not None}
            shaped.append({"section": qs.id, "answers": given})
        return written(page, tmp_path, name, {"toolkit": toolkit.id, "respondent": respondent, "sections": shaped}, saved)

    march = file("march.json", "2027-03-01T09:00:00Z", {"first": "N", "last": "Y"})
    september = file("september.json", "2027-09-01T09:00:00Z", {"first": "Y", "last": "N"})
    page.set_input_files("[data-tk-compare] input[type=file]", [str(september), str(march)])
    expect(page.locator(MESSAGE)).to_contain_text("Compared the earlier file march.json")
    for qs in sections:
        yes_no = [q for q in qs.all_questions() if q.answer == "yes-no"]
        summary = page.locator(f'.tk-compare-summary tr[data-section="{qs.id}"]')
        assert summary.locator('[data-count="no-to-yes"]').inner_text() == str(min(1, len(yes_no)))
        assert summary.locator('[data-count="yes-to-no"]').inner_text() == str(1 if len(yes_no) > 1 else 0)
        if yes_no:
            row = page.locator(f'.tk-compare-section[data-section="{qs.id}"] tr[data-question="{yes_no[0].id}"]')
            assert row.get_attribute("data-change") == "no-to-yes"
            assert " ".join(yes_no[0].text.split()) in " ".join(row.inner_text().split())
    no_axe_violations(page)
    open_page(page, real_site_url, "/" + urls.page_url(urls.team_answers(toolkit.id)), "data-tk-team")
    team = [file(f"{who}.json", f"2027-03-0{n}T09:00:00Z", {"first": yn, "last": "Y"}, who)
            for n, (who, yn) in enumerate((("North", "Y"), ("South", "Y"), ("East", "N")), start=1)]
    page.set_input_files("[data-tk-team] input[type=file]", [str(f) for f in team])
    expect(page.locator("[data-tk-respondents] li")).to_have_count(3)
    for qs in sections:
        expect(page.locator(f'.tk-compare-section[data-section="{qs.id}"] tbody tr')).to_have_count(
            len(qs.all_questions()))
        yes_no = [q for q in qs.all_questions() if q.answer == "yes-no"]
        if yes_no:
            row = page.locator(f'.tk-compare-section[data-section="{qs.id}"] tr[data-question="{yes_no[0].id}"]')
            assert row.locator("td").all_inner_texts() == ["Yes", "Yes", "No", "Differ: Yes (2), No (1)"]
    no_axe_violations(page)
    healthy(page)
    context.close()
