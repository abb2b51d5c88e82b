"""Hostile files of saved answers opened on the pages that read them ("Your answers", "Compare saved answers",
"Combine a team's answers" and a section's page), in Chromium: markup and script in every text field shown as
text, never run; keys that name an object's prototype at every level, huge numbers of sections and actions,
deep nesting and long strings refused with a clear message, nothing thrown and nothing changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from pypdf import PdfReader

from office import to_pdf
from test_check_answers import FIXTURE_CONTENT, MESSAGE, context, healthy, watched  # noqa: F401 - a fixture
from toolkit_publisher.kind_pages import question_version

TOOLKIT = "fixture-readiness"
PAGES = {
    "your answers": ("/toolkits/fixture-readiness/your-answers/", "[data-tk-check-answers]"),
    "compare": ("/toolkits/fixture-readiness/compare-answers/", "[data-tk-compare]"),
    "team": ("/toolkits/fixture-readiness/team-answers/", "[data-tk-team]"),
    "section": ("/toolkits/fixture-readiness/fixture-grouped/", "[data-tk-assessment]"),
}
#: Markup that would run script or add an element if it were ever written as HTML.
MARKUP = '<img src=x onerror="window.tkHostile=1"><script>window.tkHostile=2</script><b data-hostile>bold</b>'


def versions(section: str) -> dict[str, str]:
    return {q.id: question_version(q) for q in FIXTURE_CONTENT.question_sets[section].all_questions()}


def hostile_record(respondent: str = MARKUP, saved: str = "2027-03-01T09:00:00Z") -> dict[str, Any]:
    """A valid version 2 file with markup in every text field it has."""
    grouped = versions("fixture-grouped")
    first = next(iter(grouped))
    return {
        "format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": TOOLKIT, "toolkitTitle": MARKUP,
        "toolkitVersion": "x", "saved": saved, "respondent": respondent,
        "sections": {"fixture-grouped": {"sectionTitle": MARKUP, "answers": {
            qid: {"version": v, "yn": "N", "figure": MARKUP[:100], "response": MARKUP} for qid, v in grouped.items()}}},
        "plan": {"includeUnanswered": False, "actions": [
            {"id": "own-1", "source": "own", "text": MARKUP, "owner": MARKUP[:200], "due": "", "rag": "red",
             "progress": "in-progress", "dropped": False},
            {"id": "own-2", "source": "own", "section": "fixture-grouped", "question": first, "text": MARKUP,
             "owner": "", "due": "", "rag": "", "progress": "not-started", "dropped": True}]}}


def open_page(page: Page, site_url: str, which: str) -> None:
    path, marker = PAGES[which]
    page.goto(site_url + path)
    page.wait_for_selector(f"{marker}[data-tk-ready]")


def choose(page: Page, which: str, files: list[Path]) -> None:
    page.set_input_files(f"{PAGES[which][1]} input[type=file]", [str(f) for f in files])


def inert(page: Page) -> None:
    """No markup from a file became an element, and none of its script ran."""
    assert page.evaluate("window.tkHostile") is None
    assert page.locator("[data-hostile], img[src=x]").count() == 0
    assert page.evaluate("Array.from(document.scripts).every(s => !s.text.includes('tkHostile'))")


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", list(PAGES))
def test_markup_in_every_text_field_is_shown_as_text(context: BrowserContext, site_url: str, tmp_path: Path,
                                                     which: str) -> None:
    page = watched(context)
    open_page(page, site_url, which)
    files = [write(tmp_path, "a.json", hostile_record())]
    if which in ("compare", "team"):
        files.append(write(tmp_path, "b.json", hostile_record(MARKUP + " 2", "2027-09-01T09:00:00Z")))
    choose(page, which, files)
    expect(page.locator(MESSAGE)).not_to_have_text("")
    print(which, page.inner_text(MESSAGE))
    inert(page)
    healthy(page)


def header(**fields: Any) -> dict[str, Any]:
    return {"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": TOOLKIT, **fields}


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


FIRST = next(iter(versions("fixture-grouped")))
#: Files no page may use, each with words its message says. Keys that name an object's prototype at every level
#: (JSON.parse makes them own keys), deep nesting, too many sections or actions, a string too long.
REFUSED = {
    "__proto__ at the top": ('{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                             '"sections":{},"__proto__":{"polluted":1}}', '"__proto__"'),
    "__proto__ in a section": (json.dumps(header(sections={"fixture-grouped": {"answers": {}}})).replace(
        '"answers"', '"__proto__": {"polluted": 1}, "answers"'), '"__proto__"'),
    "__proto__ in an answer": (json.dumps(header(sections={"fixture-grouped": {"answers": {FIRST: {"version": "x"}}}}))
                               .replace('"version"', '"__proto__": {"yn": "Y"}, "version"'), '"__proto__"'),
    "__proto__ in the plan": (json.dumps(header(sections={}, plan={"actions": []})).replace(
        '"actions"', '"__proto__": {"polluted": 1}, "actions"'), '"__proto__"'),
    "__proto__ in an action": (json.dumps(header(sections={}, plan={"actions": [{"id": "own-1", "source": "own"}]}))
                               .replace('"source"', '"__proto__": {"polluted": 1}, "source"'), '"__proto__"'),
    "constructor as a field": (json.dumps(header(sections={}, constructor={"prototype": {"polluted": 1}})),
                               '"constructor"'),
    "prototype in an action": (json.dumps(header(sections={}, plan={"actions": [
        {"id": "own-1", "source": "own", "prototype": {"polluted": 1}}]})), '"prototype"'),
    "deeply nested": (json.dumps(header(sections={"fixture-grouped": {"answers": {FIRST: {"version": "x"}}}}))
                      .replace('"version": "x"', '"version": "x", "response": ' + nested(200_000)),
                      "a list where the text"),
    "too many sections": (json.dumps(header(sections={f"s{i}": {"answers": {}} for i in range(201)})),
                          "more than 200 sections"),
    "too many actions": (json.dumps(header(sections={}, plan={"actions": [
        {"id": f"own-{i}", "source": "own"} for i in range(2001)]})), "more than 2,000 actions"),
    "a very long respondent": (json.dumps(header(sections={}, respondent="x" * 201)), "longer than 200 characters"),
}


def shown(page: Page) -> str:
    """Everything the page's main part holds but its message (which says what happened)."""
    return page.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('.tk-assessment__message').forEach(n => n.remove());
        return main.textContent + Array.from(document.querySelectorAll('main input, main textarea, main select'))
            .map(i => i.type === 'checkbox' || i.type === 'radio' ? i.checked : i.value).join('|'); }""")


@pytest.mark.parametrize("which", list(PAGES))
def test_hostile_structures_are_refused_with_a_message_and_change_nothing(context: BrowserContext, site_url: str,
                                                                         tmp_path: Path, which: str) -> None:
    page = watched(context)
    open_page(page, site_url, which)
    for number, (case, (text, words)) in enumerate(REFUSED.items()):
        before = shown(page)
        stored = page.evaluate("JSON.stringify(localStorage)")
        choose(page, which, [write(tmp_path, f"bad-{number}.json", text)])
        message = page.locator(MESSAGE)
        expect(message, case).to_contain_text("could not be opened")
        expect(message, case).to_contain_text(words)
        expect(message, case).to_contain_text("Nothing was changed")
        assert shown(page) == before, case
        assert page.evaluate("JSON.stringify(localStorage)") == stored, case
        page.evaluate("document.querySelector('.tk-assessment__message').textContent = ''")
    healthy(page)


ANSWERS = PAGES["your answers"][0]


def open_file(page: Page, path: Path) -> None:
    page.set_input_files("[data-tk-check-answers] input[type=file]", str(path))


def plan_ids(page: Page) -> list[str]:
    return page.locator("[data-tk-actions] > li").evaluate_all("items => items.map(i => i.getAttribute('data-action'))")


def duplicate_ids(page: Page) -> list[str]:
    return page.evaluate("""() => { const seen = new Set(), twice = [];
        document.querySelectorAll('[id]').forEach(e => { if (seen.has(e.id)) twice.push(e.id); seen.add(e.id); });
        return twice; }""")


def test_actions_a_file_gives_the_id_of_a_proposed_one_are_shown_once(context: BrowserContext, site_url: str,
                                                                     tmp_path: Path) -> None:
    """A file's own action, and an old proposed one to a reworded question, holding the id of the action the
    answer proposes now: each id is one card with its own fields, and the plan saves and opens again."""
    version = versions("fixture-grouped")[FIRST]
    proposed = f"p-fixture-grouped-{FIRST}-{version}-0"
    page = watched(context)
    for case, action in {
        "own": {"id": proposed, "source": "own", "text": "Mine", "owner": "Ann"},
        "reworded": {"id": proposed, "source": "proposed", "section": "fixture-grouped", "question": FIRST,
                     "questionVersion": "earlier", "prompt": 0, "text": "Old words", "owner": "Ann"},
    }.items():
        open_page(page, site_url, "your answers")
        open_file(page, write(tmp_path, f"{case}.json", header(
            sections={"fixture-grouped": {"answers": {FIRST: {"version": version, "yn": "N"}}}},
            plan={"actions": [action]})))
        expect(page.locator(MESSAGE)).to_contain_text("Opened 1 answer")
        ids = plan_ids(page)
        assert len(ids) == len(set(ids)), case
        assert duplicate_ids(page) == [], case
        card = page.locator(f'[data-action="{proposed}"]')
        card.get_by_label("Owner").fill("Bea")
        assert page.locator("[data-tk-actions] input[value], [data-tk-actions] input").evaluate_all(
            "inputs => inputs.filter(i => i.value === 'Bea').length") == 1, case
        with page.expect_download() as saving:
            page.click('button[data-tk-action="save"]')
        saved = tmp_path / f"{case}-saved.json"
        saving.value.save_as(saved)
        open_file(page, saved)
        expect(page.locator(MESSAGE)).to_contain_text("Opened 1 answer")
    healthy(page)


def test_own_actions_added_after_an_id_with_a_huge_number_save_and_open_again(context: BrowserContext, site_url: str,
                                                                              tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, "your answers")
    open_file(page, write(tmp_path, "huge.json", header(sections={}, plan={"actions": [
        {"id": "own-" + "9" * 196, "source": "own", "text": "Theirs"}]})))
    expect(page.locator(MESSAGE)).to_contain_text("Opened 0 answers and 1 action")
    page.click('button[data-tk-action="add"]')
    page.keyboard.type("First of mine")
    page.click('button[data-tk-action="add"]')
    page.keyboard.type("Second of mine")
    ids = plan_ids(page)
    assert len(ids) == 3 and len(set(ids)) == 3
    assert duplicate_ids(page) == []
    with page.expect_download() as saving:
        page.click('button[data-tk-action="save"]')
    saved = tmp_path / "saved.json"
    saving.value.save_as(saved)
    open_file(page, saved)
    expect(page.locator(MESSAGE)).to_contain_text("Opened 0 answers and 3 actions")
    expect(page.locator("[data-tk-actions]")).to_contain_text("Second of mine")
    healthy(page)


def test_a_file_of_sections_this_toolkit_lacks_is_never_said_to_be_opened(context: BrowserContext, site_url: str,
                                                                         tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, "your answers")
    before = shown(page)
    answers = {"q": {"version": "x", "yn": "N"}}
    open_file(page, write(tmp_path, "v1.json", {"format": "nhs-workforce-toolkit-answers", "version": 1,
                                                "toolkit": TOOLKIT, "section": "not-here", "answers": answers}))
    message = page.locator(MESSAGE)
    expect(message).to_contain_text('could not be opened: it holds the answers to one checklist section, "not-here"')
    expect(message).to_contain_text("Nothing was changed.")
    assert shown(page) == before
    open_file(page, write(tmp_path, "v2.json", header(sections={"elsewhere": {"answers": answers}})))
    expect(message).to_have_text("Opened 0 answers and 0 actions from the file v2.json. 1 answer was to questions "
                                 "changed or removed since, so it is not shown.")
    healthy(page)


#: Text a saved file or a paste may carry that XML 1.0 cannot hold, between words and markup to be shown as typed.
UNWRITABLE = "=SUM(A1)\u0001\u000b\u001f\ufffe\ud800 <w:t>x</w:t> & ]]> end"


def test_characters_xml_cannot_hold_still_make_a_word_document_that_opens(context: BrowserContext, site_url: str,
                                                                           tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, "your answers")
    grouped = versions("fixture-grouped")
    source = write(tmp_path, "controls.json", "")
    source.write_text(json.dumps(header(respondent=UNWRITABLE, sections={"fixture-grouped": {"answers": {
        q: {"version": v, "yn": "N", "response": UNWRITABLE} for q, v in grouped.items()}}}, plan={"actions": [
            {"id": "own-1", "source": "own", "text": UNWRITABLE, "owner": UNWRITABLE[:200]}]})), encoding="utf-8")
    open_file(page, source)
    expect(page.locator(MESSAGE)).to_contain_text("Opened")
    with page.expect_download() as exporting:
        page.click('button[data-tk-action="word"]')
    word = tmp_path / exporting.value.suggested_filename
    exporting.value.save_as(word)
    shown_as = "=SUM(A1)\ufffd\ufffd\ufffd\ufffd\ufffd <w:t>x</w:t> & ]]> end"
    document = docx.Document(str(word))
    texts = [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert f"Answered by: {shown_as}" in texts
    assert texts.count(shown_as) >= len(grouped) + 2  # each response, the action and its owner
    pdf = to_pdf([word], tmp_path / "pdf", tmp_path / "profile")[word]
    assert "<w:t>x</w:t> & ]]> end" in "".join(p.extract_text() for p in PdfReader(pdf).pages)
    healthy(page)


def test_the_team_view_refuses_a_section_file_of_a_section_this_toolkit_lacks(context: BrowserContext, site_url: str,
                                                                                tmp_path: Path) -> None:
    page = watched(context)
    open_page(page, site_url, "team")
    before = shown(page)
    mine = write(tmp_path, "mine.json", hostile_record("Ann"))
    theirs = write(tmp_path, "theirs.json", {"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": TOOLKIT,
                                             "section": "not-here", "answers": {"q": {"version": "x", "yn": "N"}}})
    choose(page, "team", [mine, theirs])
    message = page.locator(MESSAGE)
    expect(message).to_contain_text('The file theirs.json could not be opened: it holds the answers to one checklist '
                                    'section, "not-here", which is not in this toolkit. Nothing was changed.')
    assert shown(page) == before
    healthy(page)
