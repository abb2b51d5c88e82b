"""The self-assessment's scripts each tested alone, in Chromium, on an empty page that loads only that
script and what it reads (issue 22, finding 7): the answers' state (pure: steps, counts, what is saved),
this device's storage (consent, refusal, a full quota, hostile values), and the files (CSV and JSON round
trips, hostile cells and files). What the whole page does with them is tested in test_browser.py and
test_self_assessment_input.py.

The empty page is served by the test itself (a route, so no request leaves the machine) from an origin of
its own, so it has storage as a published page does."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import ROOT, BuiltSite, examples
from toolkit_publisher.downloads.reproducible import neutralise

ASSETS = ROOT / "plugins" / "toolkit_publisher" / "assets"
ORIGIN = "http://self-assessment-modules.invalid/"
SAVED = "_saved-answers.js"
STATE = "_self-assessment-state.js"
STORAGE = "_self-assessment-storage.js"
FILES = "_self-assessment-files.js"
TOOLKIT_ANSWERS = "_toolkit-answers.js"

#: The questions of a made-up section: one of each kind.
QUESTIONS = [
    {"id": "ambition", "kind": "yes-no", "number": "1", "text": "Is there an ambition?", "version": "v1"},
    {"id": "head-count", "kind": "figure", "number": "2", "text": "How many staff?", "version": "v1"},
    {"id": "plans", "kind": "text", "number": "3", "text": "What are the plans?", "version": "v2"},
]

#: After any step, Object.prototype must be as it was: nothing polluted, nothing replaced.
PROTOTYPE_INTACT = """() => ({}).polluted === undefined && Object.prototype.polluted === undefined
    && typeof ({}).hasOwnProperty === 'function' && ({}).constructor === Object
    && Object.keys(Object.prototype).length === 0"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(accept_downloads=True)
    context.route(ORIGIN + "**", lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8",
        body='<!doctype html><html lang="en"><head><title>Empty</title></head><body></body></html>'))
    context.route(lambda url: not url.startswith(ORIGIN), lambda route: route.abort())
    yield context
    context.close()


def blank(context: BrowserContext, *scripts: str) -> Page:
    """An empty page with only these asset files loaded, in this order; failing on any error it reports."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(ORIGIN)
    for name in scripts:
        page.add_script_tag(path=ASSETS / name)
    page.tk_errors = errors  # type: ignore[attr-defined]
    return page


def healthy(page: Page) -> None:
    assert page.evaluate(PROTOTYPE_INTACT), "Object.prototype was changed"
    assert page.tk_errors == []  # type: ignore[attr-defined]


# --- how the page loads them ----------------------------------------------------------------------------

def _scripts(page: Path) -> list[str]:
    """The plugin's scripts a built page lists, in order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [Path(script["src"]).name for script in soup.select("script[src]") if "assets/toolkit/" in script["src"]]


def _defines_before_use(listed: list[str]) -> set[str]:
    """Classic scripts run in the order the page lists them: each one's `window.tk…` names must be set by a
    script listed before it. Returns the names the scripts set."""
    defined: set[str] = set()
    for name in listed:
        source = (ASSETS / name).read_text(encoding="utf-8")
        sets = set(re.findall(r"window\.(tk\w+)\s*=(?!=)", source))
        assert set(re.findall(r"window\.(tk\w+)", source)) - sets <= defined, f"{name} is listed before what it uses"
        defined |= sets
    return defined


def test_each_page_loads_each_script_after_those_it_uses(fixture_site: BuiltSite) -> None:
    """On every page, each script the page lists comes after those it uses (page_assets.py lists them), and every
    script is listed by some page; a checklist section lists the self-assessment's modules."""
    from test_browser import SECTION

    used: set[str] = set()
    for page in sorted(fixture_site.root.rglob("*.html")):
        listed = _scripts(page)
        assert len(listed) == len(set(listed)), f"{page} lists a script twice"
        _defines_before_use(listed)
        used |= set(listed)
    assert used == {path.name for path in ASSETS.glob("*.js")}
    defined = _defines_before_use(_scripts(fixture_site.root / SECTION.strip("/") / "index.html"))
    assert {"tkSavedAnswers", "tkAssessmentState", "tkAssessmentStorage", "tkAssessmentFiles"} <= defined


# --- state: pure steps, no page --------------------------------------------------------------------------

#: Runs `steps` (the body of a function of S, the state module, and Q, the questions) and returns its value.
def in_state(page: Page, steps: str) -> Any:
    return page.evaluate(f"(Q) => {{ const S = window.tkAssessmentState; {steps} }}", QUESTIONS)


@pytest.fixture
def state_page(context: BrowserContext) -> Page:
    page = blank(context, STATE)
    # Alone: nothing else of the site's is loaded, and the module needs nothing else.
    assert page.evaluate("[typeof window.tkSavedAnswers, typeof window.tkAssessmentState]") == [
        "undefined", "object"]
    return page


def test_state_starts_with_nothing_answered(state_page: Page) -> None:
    assert in_state(state_page, "const s = S.create(Q); return [S.progress(s), Object.keys(S.collect(s))];") == [
        {"answered": 0, "total": 3}, []]
    healthy(state_page)


def test_each_kind_is_answered_by_what_it_asks_for(state_page: Page) -> None:
    """A yes-no question by Y or N, a figure question by its figure, a text question by its response; a
    response alone to a yes-no question is kept but does not count it as answered."""
    result = in_state(state_page, """
        let s = S.create(Q);
        const steps = [];
        s = S.withAnswer(s, 'ambition', {response: 'Notes only'}); steps.push(S.progress(s).answered);
        s = S.withAnswer(s, 'ambition', {yn: 'Y', response: 'Notes only'}); steps.push(S.progress(s).answered);
        s = S.withAnswer(s, 'head-count', {response: 'No figure yet'}); steps.push(S.progress(s).answered);
        s = S.withAnswer(s, 'head-count', {figure: '12.5'}); steps.push(S.progress(s).answered);
        s = S.withAnswer(s, 'plans', {response: 'A plan'}); steps.push(S.progress(s).answered);
        return {steps, saved: JSON.stringify(S.collect(s))};""")
    assert result["steps"] == [0, 1, 1, 2, 3]
    assert json.loads(result["saved"]) == {
        "ambition": {"version": "v1", "yn": "Y", "response": "Notes only"},
        "head-count": {"version": "v1", "figure": "12.5"},
        "plans": {"version": "v2", "response": "A plan"},
    }
    # The saved-answers format's order of fields, as files saved before this split had it.
    assert list(json.loads(result["saved"])["ambition"]) == ["version", "yn", "response"]
    healthy(state_page)


def test_white_space_is_shown_but_is_not_an_answer(state_page: Page) -> None:
    result = in_state(state_page, """
        const s = S.withAnswer(S.withAnswer(S.create(Q), 'plans', {response: '  \\n '}), 'head-count',
                               {figure: ' ', response: ' kept as typed '});
        return [S.entry(s, 'plans').response, S.progress(s).answered, JSON.stringify(S.collect(s))];""")
    assert result[0] == "  \n "
    assert result[1] == 0
    assert json.loads(result[2]) == {"head-count": {"version": "v1", "response": " kept as typed "}}
    healthy(state_page)


def test_a_field_its_kind_does_not_have_is_never_kept(state_page: Page) -> None:
    """A figure on a yes-no question, or Y on a text question, has no control to show it: not kept, not saved."""
    result = in_state(state_page, """
        let s = S.withAnswer(S.create(Q), 'ambition', {figure: '3', response: 'r'});
        s = S.withAnswer(s, 'plans', {yn: 'Y', figure: '4'});
        s = S.withAnswer(s, 'head-count', {yn: 'N', figure: '5'});
        return [S.entry(s, 'ambition'), S.entry(s, 'plans'), S.entry(s, 'head-count'), JSON.stringify(S.collect(s))];""")
    assert result[:3] == [{"figure": "", "response": "r"}, {"figure": "", "response": ""},
                          {"figure": "5", "response": ""}]
    assert json.loads(result[3]) == {"ambition": {"version": "v1", "response": "r"},
                                     "head-count": {"version": "v1", "figure": "5"}}
    healthy(state_page)


def test_every_step_gives_a_new_state_and_changes_none(state_page: Page) -> None:
    result = in_state(state_page, """
        const first = S.create(Q);
        const second = S.withAnswer(first, 'plans', {response: 'New'});
        const third = S.cleared(second);
        let frozen = true;
        try { second.questions.push({}); frozen = false; } catch (e) { /* frozen, as it must be */ }
        return [S.entry(first, 'plans').response, S.entry(second, 'plans').response, S.entry(third, 'plans').response,
                first !== second && second !== third, Object.isFrozen(second), frozen,
                S.withAnswer(second, 'not-a-question', {response: 'x'}) === second];""")
    assert result == ["", "New", "", True, True, True, True]
    healthy(state_page)


def test_saved_answers_apply_only_to_the_same_version_of_a_question(state_page: Page) -> None:
    """A removed question or a reworded one (another version) is counted as skipped and never shown; with
    replace (a file opened) every other question is emptied, without it (storage at load) kept."""
    result = in_state(state_page, """
        const saved = new Map([
            ['ambition', {version: 'v1', yn: 'N', figure: '', response: 'From the file'}],
            ['head-count', {version: 'v0', figure: '99', response: ''}],
            ['removed-question', {version: 'v1', figure: '', response: 'Gone'}],
        ]);
        const typed = S.withAnswer(S.withAnswer(S.create(Q), 'plans', {response: 'Typed'}), 'head-count', {figure: '7'});
        const kept = S.withSaved(typed, saved, false);
        const replaced = S.withSaved(typed, saved, true);
        return {kept: [kept.applied, kept.skipped, JSON.stringify(S.collect(kept.state))],
                replaced: [replaced.applied, replaced.skipped, JSON.stringify(S.collect(replaced.state))]};""")
    assert result["kept"][:2] == [1, 2]
    assert json.loads(result["kept"][2]) == {"ambition": {"version": "v1", "yn": "N", "response": "From the file"},
                                             "head-count": {"version": "v1", "figure": "7"},
                                             "plans": {"version": "v2", "response": "Typed"}}
    assert result["replaced"][:2] == [1, 2]
    assert json.loads(result["replaced"][2]) == {
        "ambition": {"version": "v1", "yn": "N", "response": "From the file"}}
    healthy(state_page)


def test_question_ids_that_name_object_methods_are_only_unknown_questions(state_page: Page) -> None:
    result = in_state(state_page, """
        const saved = new Map([['__proto__', {version: 'x', polluted: 'yes'}], ['constructor', {version: 'x'}],
                               ['hasOwnProperty', {version: 'v1', response: 'x'}]]);
        const r = S.withSaved(S.create(Q), saved, true);
        const s = S.withAnswer(r.state, '__proto__', {response: 'x'});
        return [r.applied, r.skipped, Object.keys(S.collect(s)).length,
                Object.getPrototypeOf(S.collect(s)) === null];""")
    assert result == [0, 3, 0, True]
    healthy(state_page)


# --- storage: consent, refusal, a full quota -------------------------------------------------------------

#: The body of a function of T (the storage module) and K (one section's storage).
def in_storage(page: Page, steps: str) -> Any:
    return page.evaluate("() => { const T = window.tkAssessmentStorage; const K = T.forSection('kit', 'part'); "
                         + steps + " }")


STORED = "Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)])"
ANSWERS = "({ambition: {version: 'v1', yn: 'Y'}})"

#: Storage that throws QuotaExceededError on setItem while window.tkFull is true.
FULL = """() => { const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (window.tkFull) { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }
        return setItem.call(this, key, value); }; }"""

#: Storage this page may not use: in some browsers even looking it up throws.
DENIED = """() => Object.defineProperty(window, 'localStorage', {configurable: true,
    get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); }})"""


@pytest.fixture
def storage_page(context: BrowserContext) -> Page:
    return blank(context, SAVED, TOOLKIT_ANSWERS, STORAGE)


def test_nothing_is_stored_until_the_person_chooses(storage_page: Page) -> None:
    result = in_storage(storage_page, f"return [T.available(), T.consented(), K.save({ANSWERS}), {STORED}];")
    assert result == [True, False, None, []]
    healthy(storage_page)


def test_once_chosen_answers_are_kept_and_read_back(storage_page: Page) -> None:
    result = in_storage(storage_page, f"""
        const kept = K.optIn({ANSWERS});
        const read = K.read();
        return [kept, T.consented(), K.key, Array.from(read.answers.entries()), JSON.parse(localStorage.getItem(K.key))];""")
    kept, consented, key, answers, record = result
    assert kept is True and consented is True and key == "tk-answers:kit:part"
    assert answers == [["ambition", {"version": "v1", "yn": "Y", "figure": "", "response": ""}]]
    assert {k: record[k] for k in ("format", "version", "toolkit", "section")} == {
        "format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": "kit", "section": "part"}
    healthy(storage_page)


def test_opting_out_removes_every_sections_answers_and_nothing_else(storage_page: Page) -> None:
    storage_page.evaluate("() => localStorage.setItem('someone-else', 'theirs')")
    result = in_storage(storage_page, f"""
        K.optIn({ANSWERS}); T.forSection('kit', 'other-part').save({ANSWERS});
        const before = Object.keys(localStorage).length;
        return [before, T.optOut(), T.consented(), {STORED}];""")
    assert result == [4, True, False, [["someone-else", "theirs"]]]
    healthy(storage_page)


def test_removing_one_section_leaves_the_others(storage_page: Page) -> None:
    result = in_storage(storage_page, f"""
        K.optIn({ANSWERS}); T.forSection('kit', 'other-part').save({ANSWERS});
        return [K.remove(), T.consented(), Object.keys(localStorage).sort()];""")
    assert result == [True, True, ["tk-answers:kit:other-part", "tk-save-answers"]]
    healthy(storage_page)


def test_a_full_quota_refuses_consent_and_records_nothing(storage_page: Page) -> None:
    storage_page.evaluate(FULL)
    storage_page.evaluate("window.tkFull = true")
    assert in_storage(storage_page, f"return [K.optIn({ANSWERS}), T.consented(), {STORED}];") == [False, False, []]
    healthy(storage_page)


def test_consent_is_taken_back_when_the_answers_cannot_be_kept(storage_page: Page) -> None:
    """The choice fits but the answers do not: the choice is removed, so nothing claims to be kept."""
    storage_page.evaluate("""() => { const setItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            if (key.startsWith('tk-answers:')) { throw new DOMException('full', 'QuotaExceededError'); }
            return setItem.call(this, key, value); }; }""")
    assert in_storage(storage_page, f"return [K.optIn({ANSWERS}), T.consented(), {STORED}];") == [False, False, []]
    healthy(storage_page)


def test_a_quota_filled_later_fails_a_save_and_keeps_what_was_kept(storage_page: Page) -> None:
    storage_page.evaluate(FULL)
    result = in_storage(storage_page, f"""
        const steps = [K.optIn({ANSWERS})];
        const kept = localStorage.getItem(K.key);
        window.tkFull = true;
        steps.push(K.save({{plans: {{version: 'v2', response: 'Typed while full'}}}}));
        steps.push(localStorage.getItem(K.key) === kept);
        window.tkFull = false;
        steps.push(K.save({{plans: {{version: 'v2', response: 'Typed after'}}}}));
        steps.push(Array.from(K.read().answers.keys()));
        return steps;""")
    assert result == [True, False, True, True, ["plans"]]
    healthy(storage_page)


def test_storage_the_page_may_not_use_is_never_an_error(storage_page: Page) -> None:
    storage_page.evaluate(DENIED)
    result = in_storage(storage_page, f"""
        return [T.available(), T.consented(), K.optIn({ANSWERS}), K.save({ANSWERS}), K.remove(), T.optOut(),
                Array.from(K.read().answers)];""")
    assert result == [False, False, False, None, False, False, []]
    healthy(storage_page)


def test_storage_that_refuses_removal_says_so(storage_page: Page) -> None:
    in_storage(storage_page, f"K.optIn({ANSWERS});")
    storage_page.evaluate("() => { Storage.prototype.removeItem = function () {"
                          " throw new DOMException('denied', 'SecurityError'); }; }")
    assert in_storage(storage_page, "return [T.optOut(), K.remove(), T.consented()];") == [False, False, True]
    healthy(storage_page)


@pytest.mark.parametrize("stored", [
    '{"__proto__": {"polluted": "yes"}, "answers": {}}',
    '{"answers": {"constructor": {"version": "x"}, "__proto__": {"version": "x"}}}',
    '{"answers": null}',
    '{"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": "kit", "section": "another", "answers": {}}',
    "{oops",
    "null",
])
def test_hostile_stored_values_are_a_problem_never_answers(storage_page: Page, stored: str) -> None:
    storage_page.evaluate("v => { localStorage.setItem('tk-save-answers', 'yes');"
                          " localStorage.setItem('tk-answers:kit:part', v); }", stored)
    result = in_storage(storage_page, "const r = K.read(); return [typeof r.problem, r.answers === undefined];")
    assert result == ["string", True]
    healthy(storage_page)


# --- files: CSV and JSON ---------------------------------------------------------------------------------

@pytest.fixture
def files_page(context: BrowserContext) -> Page:
    return blank(context, SAVED, TOOLKIT_ANSWERS, FILES)


def csv_rows(page: Page, answers: str, titles: dict[str, str] | None = None) -> list[list[str]]:
    """The CSV export of QUESTIONS with these answers (a JS object), read back as a spreadsheet would."""
    text = page.evaluate(f"([Q, titles]) => window.tkAssessmentFiles.csvText(Q, {answers}, titles, '2026-01-02')",
                         [QUESTIONS, titles or {"toolkit": "Kit", "section": "Part"}])
    assert text.startswith("\ufeff") and text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_the_csv_has_a_row_per_question_in_order(files_page: Page) -> None:
    rows = csv_rows(files_page, "{ambition: {version: 'v1', yn: 'N', response: 'Not yet'},"
                                " 'head-count': {version: 'v1', figure: '12'}}")
    assert rows == [
        ["Question number", "Question", "Answer", "Response", "Section", "Toolkit", "Date"],
        ["1", "Is there an ambition?", "No", "Not yet", "Part", "Kit", "2026-01-02"],
        ["2", "How many staff?", "12", "", "Part", "Kit", "2026-01-02"],
        ["3", "What are the plans?", "", "", "Part", "Kit", "2026-01-02"],
    ]
    healthy(files_page)


#: Each cell a spreadsheet would run as a formula, and what it must show instead; and some it must not touch.
FORMULA_CASES = {
    "=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
    "+1": "'+1",
    "-1": "'-1",
    "@SUM(A1)": "'@SUM(A1)",
    "\tindented": "'\tindented",
    "\rreturn": "'\rreturn",
    "a = b": "a = b",
    " =not first": " =not first",
    "'quoted": "'quoted",
    "": "",
}


@pytest.mark.parametrize("cell", FORMULA_CASES)
def test_a_formula_is_shown_as_text_never_run(files_page: Page, cell: str) -> None:
    rows = csv_rows(files_page, "{}", {"toolkit": cell, "section": cell})
    assert rows[1][4] == rows[1][5] == FORMULA_CASES[cell]
    healthy(files_page)


def test_a_cell_is_always_quoted_and_quotes_doubled(files_page: Page) -> None:
    assert files_page.evaluate("() => ['a\"b', null, undefined, 5].map(window.tkAssessmentFiles.csvCell)") == [
        '"a""b"', '""', '""', '"5"']
    healthy(files_page)


@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(), min_size=1, max_size=4))
@example(["=1+1", "@x", "a,b", 'say "hi"', "line\r\nbreak", "\ufeff=BOM", "£ “curly”", "-", "\r"])
def test_any_text_survives_the_csv_as_a_spreadsheet_reads_it(files_page: Page, texts: list[str]) -> None:
    """Commas, quotes, line breaks, any character: each cell reads back as exactly its text, neutralised by
    the same rule as the Python downloads (downloads/reproducible.py)."""
    answers = {f"q{i}": {"version": "v", "response": text} for i, text in enumerate(texts)}
    questions = [{"id": f"q{i}", "number": text, "text": text} for i, text in enumerate(texts)]
    csv_text = files_page.evaluate(
        "([Q, A]) => window.tkAssessmentFiles.csvText(Q, A, {toolkit: 't', section: 's'}, 'd')", [questions, answers])
    rows = list(csv.reader(io.StringIO(csv_text[1:], newline="")))
    assert [row[:4] for row in rows[1:]] == [[neutralise(t), neutralise(t), "", neutralise(t)] for t in texts]


def test_answers_saved_to_a_file_open_again_as_they_were(files_page: Page) -> None:
    result = files_page.evaluate("""() => {
        const F = window.tkAssessmentFiles;
        const answers = {ambition: {version: 'v1', yn: 'Y', response: 'Line one\\nline two, "quoted" £'},
                         'head-count': {version: 'v1', figure: '=1+1'}};
        const text = F.jsonText('kit', 'part', answers, {toolkit: 'Kit title', section: 'Part title'});
        const opened = F.parse(text, 'kit', 'part');
        return [text, opened.problem, Array.from(opened.answers.entries()), F.fileName('part', 'json')];}""")
    text, problem, answers, name = result
    record = json.loads(text)
    assert text.startswith('{\n  "format"')  # indented, for a person to read
    assert (record["toolkitTitle"], record["sectionTitle"]) == ("Kit title", "Part title")
    assert problem is None
    assert dict(answers) == {
        "ambition": {"version": "v1", "yn": "Y", "figure": "", "response": 'Line one\nline two, "quoted" £'},
        "head-count": {"version": "v1", "figure": "=1+1", "response": ""}}  # JSON is data: no neutralising
    assert name == "part-answers.json"
    healthy(files_page)


@pytest.mark.parametrize(("text", "words"), [
    ('{"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": "kit", "section": "part",'
     ' "answers": {}, "__proto__": {"polluted": "yes"}}', 'a field "__proto__"'),
    ('{"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": "kit", "section": "other",'
     ' "answers": {}}', "different checklist section"),
    ('{"answers": {}}', "not a file of answers saved from this site"),
    ("{not json", "not valid JSON"),
    ("[" * 100_000 + "]" * 100_000, "not a file of saved answers"),
])
def test_a_hostile_file_is_a_problem_never_answers(files_page: Page, text: str, words: str) -> None:
    result = files_page.evaluate("t => window.tkAssessmentFiles.parse(t, 'kit', 'part')", text)
    assert words in result["problem"] and "answers" not in result
    healthy(files_page)


def read_file(page: Page, content: str, size: int | None = None) -> Any:
    """What `read` gives for a File of this text (or of `size` spaces), and how many times it read one."""
    return page.evaluate("""async ([content, size]) => {
        let reads = 0;
        const readAsText = FileReader.prototype.readAsText;
        FileReader.prototype.readAsText = function (...a) { reads++; return readAsText.apply(this, a); };
        const file = new File([size === null ? content : ' '.repeat(size)], 'answers.json');
        const result = await new Promise(done => window.tkAssessmentFiles.read(file, 'kit', 'part', done));
        FileReader.prototype.readAsText = readAsText;
        return {problem: result.problem, answers: result.answers && Array.from(result.answers.keys()), reads};
    }""", [content, size])


def test_a_chosen_file_is_read_and_checked(files_page: Page) -> None:
    content = json.dumps({"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": "kit",
                          "section": "part", "answers": {"plans": {"version": "v2", "response": "From a file"}}})
    assert read_file(files_page, content) == {"problem": None, "answers": ["plans"], "reads": 1}
    healthy(files_page)


def test_a_file_over_the_limit_is_refused_before_it_is_read(files_page: Page) -> None:
    result = read_file(files_page, "", size=1024 * 1024 + 1)
    assert result["reads"] == 0
    assert result["problem"] == "it is 1.0 MB, larger than the 1 MB limit for a file of saved answers"
    healthy(files_page)


def test_an_unreadable_file_says_so(files_page: Page) -> None:
    files_page.evaluate("""() => { FileReader.prototype.readAsText = function () {
        setTimeout(() => this.onerror(new ProgressEvent('error')), 0); }; }""")
    assert read_file(files_page, "{}")["problem"] == "the browser could not read it"
    healthy(files_page)


def test_a_download_is_the_exact_text_under_its_name(files_page: Page, tmp_path: Path) -> None:
    with files_page.expect_download() as info:
        files_page.evaluate("() => window.tkAssessmentFiles.download('part-answers.csv', 'text/csv;charset=utf-8',"
                            " '\\ufeff\"£\"\\r\\n')")
    assert info.value.suggested_filename == "part-answers.csv"
    assert Path(info.value.path()).read_bytes() == "\ufeff\"£\"\r\n".encode()
    assert files_page.evaluate("document.body.children.length") == 0  # the link it clicked is gone
    healthy(files_page)
