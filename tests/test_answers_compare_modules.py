"""The comparison of two saved files (assets/_answers-compare.js, progress over time) and the team's combined view
(assets/_team-view.js) tested alone in Chromium, on an empty page that loads only them and what they use. The files
are made by the saved-answers module's own writer (tkToolkitAnswers.fileText) and read by its own parser, as the
pages do; the questions are made up here (the pages' own questions are tested in test_compare_answers.py)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from test_self_assessment_modules import FILES, SAVED, blank, context, healthy  # noqa: F401 - context is a fixture
from toolkit_publisher.downloads.reproducible import neutralise

TOOLKIT = "kit"
#: A made-up toolkit: section "a" with a question of each kind (one reworded since: its version is now "v2"),
#: and section "b" with one question.
SECTIONS = [
    {"section": "a", "title": "Section A", "questions": [
        {"id": "ambition", "number": "1", "text": "Ambition?", "kind": "yes-no", "version": "v1",
         "prompts": ["Write one.", "Share it."]},
        {"id": "lead", "number": "2", "text": "Lead?", "kind": "yes-no", "version": "v1", "prompts": ["Name one."]},
        {"id": "staff", "number": "3", "text": "Staff?", "kind": "figure", "version": "v1", "prompts": []},
        {"id": "plans", "number": "4", "text": "Plans?", "kind": "text", "version": "v1", "prompts": []},
        {"id": "data", "number": "5", "text": "Data (reworded)?", "kind": "yes-no", "version": "v2",
         "prompts": ["Review it."]},
    ]},
    {"section": "b", "title": "Section B", "questions": [
        {"id": "budget", "number": "1", "text": "Budget?", "kind": "yes-no", "version": "v1", "prompts": ["Ask."]},
    ]},
]


def action(section: str, question: str, prompt: int, version: str = "v1", **fields: Any) -> dict[str, Any]:
    """A proposed action as the plan saves it."""
    return {"id": f"p-{section}-{question}-{prompt}", "source": "proposed", "section": section, "question": question,
            "questionVersion": version, "prompt": prompt, "text": f"{question} {prompt}", **fields}


def parts(answers: dict[str, dict[str, Any]], actions: list[dict[str, Any]], respondent: str = "") -> dict[str, Any]:
    return {"toolkit": TOOLKIT, "respondent": respondent,
            "sections": [{"section": s, "sectionTitle": s.upper(), "answers": a} for s, a in answers.items()],
            "plan": {"includeUnanswered": False, "actions": actions}}


#: March: ambition No, lead Yes, staff 10, plans written, data answered to its old words (v1), budget No, and a
#: question since removed; actions for ambition (one in progress), budget, and an own one.
MARCH = parts({"a": {"ambition": {"version": "v1", "yn": "N"}, "lead": {"version": "v1", "yn": "Y"},
                     "staff": {"version": "v1", "figure": "10"}, "plans": {"version": "v1", "response": "Draft"},
                     "data": {"version": "v1", "yn": "N"}, "gone": {"version": "v1", "yn": "Y"}},
               "b": {"budget": {"version": "v1", "yn": "N"}}},
              [action("a", "ambition", 0, progress="in-progress", owner="Ann"), action("a", "ambition", 1),
               action("b", "budget", 0), {"id": "own-1", "source": "own", "text": "Brief the board"}])
#: September: ambition Yes, lead No, staff 12, plans unanswered, data answered to its new words, budget No; the
#: first ambition action done, the second dropped, budget's unchanged, a new one for lead, the own one gone.
SEPTEMBER = parts({"a": {"ambition": {"version": "v1", "yn": "Y"}, "lead": {"version": "v1", "yn": "N"},
                         "staff": {"version": "v1", "figure": "12"}, "data": {"version": "v2", "yn": "Y"}},
                   "b": {"budget": {"version": "v1", "yn": "N"}}},
                  [action("a", "ambition", 0, progress="done", owner="Ann"), action("a", "ambition", 1, dropped=True),
                   action("b", "budget", 0), action("a", "lead", 0)])

#: Turns parts into an opened file {name, modified, text, record}, as tkAnswersFiles.openAll gives it.
OPEN = """(name, p, when, modified) => { const text = window.tkToolkitAnswers.fileText(p, new Date(when));
    const parsed = window.tkToolkitAnswers.parse(text, {toolkit: 'kit'});
    if (parsed.problem) throw new Error(parsed.problem);
    return {name, modified, text, record: parsed.record}; }"""


@pytest.fixture
def module(context: BrowserContext) -> Page:  # noqa: F811 - the fixture imported above
    page = blank(context, SAVED, "_toolkit-answers.js", FILES, "_answers-compare.js", "_team-view.js")
    page.add_script_tag(content=f"window.OPEN = {OPEN};")
    return page


def compared(page: Page, first: tuple[str, dict[str, Any], str], second: tuple[str, dict[str, Any], str]) -> Any:
    return page.evaluate("""([sections, a, b]) => {
        const C = window.tkAnswersCompare;
        const ordered = C.order(OPEN(a[0], a[1], a[2], 0), OPEN(b[0], b[1], b[2], 0));
        if (ordered.problem) return {problem: ordered.problem};
        const result = C.compare(sections, ordered);
        return {earlier: result.earlier.name, later: result.later.name, frozen: Object.isFrozen(result.sections[0].rows[0]),
                sections: result.sections.map(s => ({section: s.section, onSite: s.onSite, counts: s.counts,
                  rows: Object.fromEntries(s.rows.map(r => [r.id, [r.change, r.stale]])),
                  actions: Object.fromEntries(s.actions.map(a => [a.key, a.change]))})),
                totals: result.totals};
    }""", [SECTIONS, first, second])


def test_two_files_are_ordered_by_when_they_were_saved_whichever_is_opened_first(module: Page) -> None:
    forwards = compared(module, ("march.json", MARCH, "2027-03-01T09:00:00Z"),
                        ("september.json", SEPTEMBER, "2027-09-01T09:00:00Z"))
    backwards = compared(module, ("september.json", SEPTEMBER, "2027-09-01T09:00:00Z"),
                         ("march.json", MARCH, "2027-03-01T09:00:00Z"))
    assert (forwards["earlier"], forwards["later"]) == (backwards["earlier"], backwards["later"]) == (
        "march.json", "september.json")
    assert forwards == backwards
    same = compared(module, ("a.json", MARCH, "2027-03-01T09:00:00Z"), ("b.json", MARCH, "2027-03-01T09:00:00Z"))
    assert "same save" in same["problem"]
    # A version 1 file without a time of saving is ordered by the file's own date, and said to be.
    when = module.evaluate("""() => window.tkAnswersCompare.savedTime({name: 'x', modified: 5,
        record: {saved: ''}})""")
    assert when == {"time": 5, "fromFile": True}
    healthy(module)


def test_each_question_and_action_says_what_changed_and_rewording_is_never_matched(module: Page) -> None:
    result = compared(module, ("march.json", MARCH, "2027-03-01T09:00:00Z"),
                      ("september.json", SEPTEMBER, "2027-09-01T09:00:00Z"))
    a, b = result["sections"][0], result["sections"][1]
    assert a["rows"] == {"ambition": ["no-to-yes", ""], "lead": ["yes-to-no", ""], "staff": ["changed", ""],
                         "plans": ["unanswered", ""], "data": ["reworded", "earlier"], "gone": ["removed", ""]}
    assert b["rows"] == {"budget": ["same", ""]}
    assert a["actions"] == {"p:a:ambition:0": "completed", "p:a:ambition:1": "dropped", "p:a:lead:0": "new"}
    assert b["actions"] == {"p:b:budget:0": "same"}
    own = result["sections"][-1]
    assert own["section"] == "" and own["actions"] == {"o:own-1": "removed"}
    # Counts per section: the standing then and now counts only answers to the site's words.
    assert a["counts"]["earlier"] == {"yes": 1, "no": 1, "response": 2, "unanswered": 1}
    assert a["counts"]["later"] == {"yes": 2, "no": 1, "response": 1, "unanswered": 1}
    assert a["counts"]["answers"]["no-to-yes"] == 1 and a["counts"]["actions"]["completed"] == 1
    assert result["totals"]["answers"]["same"] == 1 and result["totals"]["actions"]["removed"] == 1
    assert result["frozen"] is True
    healthy(module)


def test_a_section_the_site_no_longer_has_is_shown_as_such(module: Page) -> None:
    old = parts({"old": {"q": {"version": "v1", "yn": "Y"}}}, [])
    result = compared(module, ("1.json", old, "2027-01-01T00:00:00Z"), ("2.json", parts({}, []), "2027-02-01T00:00:00Z"))
    gone = [s for s in result["sections"] if s["section"] == "old"][0]
    assert gone["onSite"] is False and gone["rows"] == {"q": ["removed", ""]}
    healthy(module)


def team(page: Page, files: list[tuple[str, dict[str, Any], str]]) -> Any:
    return page.evaluate("""([sections, files]) => {
        const T = window.tkTeamView;
        const added = T.add([], files.map(f => OPEN(f[0], f[1], f[2], 0)));
        if (added.problem) return {problem: added.problem};
        const r = added.respondents;
        const table = T.table(sections, r);
        const plan = T.plan(sections, r);
        return {names: r.map(T.heading),
                rows: Object.fromEntries(table.sections.flatMap(s => s.rows.map(row => [s.section + ':' + row.id,
                    [row.agreement.kind, row.words, row.cells.map(T.cellWords)]]))),
                counts: table.sections.map(s => s.counts),
                plan: plan.map(a => [a.key, a.stale, T.planWords(a, r)]),
                csv: T.tableCsv(table, r), planCsv: T.planCsv(plan, r)};
    }""", [SECTIONS, files])


#: Three respondents: A and B as March and September, C with its own answers and a formula for a response.
THREE = [("a.json", {**MARCH, "respondent": "Trust A"}, "2027-03-01T09:00:00Z"),
         ("b.json", {**SEPTEMBER, "respondent": "Trust B"}, "2027-03-02T09:00:00Z"),
         ("c-answers.json", parts({"a": {"ambition": {"version": "v1", "yn": "Y"},
                                         "plans": {"version": "v1", "response": '=HYPERLINK("http://x")'}}},
                                  [action("a", "ambition", 0, owner="Cat", progress="not-started"),
                                   {"id": "own-1", "source": "own", "text": "  brief the   BOARD "}]),
          "2027-03-03T09:00:00Z")]


def test_a_team_table_says_where_respondents_agree_and_differ(module: Page) -> None:
    result = team(module, THREE)
    assert result["names"] == ["Trust A", "Trust B", "c-answers.json (file name)"]
    rows = result["rows"]
    assert rows["a:ambition"][0] == "differ" and rows["a:ambition"][1] == "Differ: No (1), Yes (2)"
    assert rows["a:ambition"][2] == ["No", "Yes", "Yes"]
    assert rows["a:lead"][:2] == ["differ", "Differ: Yes (1), No (1); 1 not answered"]
    assert rows["b:budget"][:2] == ["agree", "Agree: No; 1 not answered"]
    assert rows["a:plans"][0] == "text"
    # An answer to other words of the question is shown, marked, and left out of the agreement.
    assert rows["a:data"][0] == "single" and "earlier words" in rows["a:data"][2][0]
    assert rows["a:staff"][:2] == ["differ", "Differ: 10 (1), 12 (1); 1 not answered"]
    assert result["counts"][0] == {"agree": 0, "differ": 3, "single": 1, "none": 0, "text": 1}
    plan = {key: (stale, words) for key, stale, words in result["plan"]}
    first = plan["p:a:ambition:v1:0"][1]
    assert first["proposedBy"] == "Trust A; Trust B; c-answers.json"
    assert first["owners"] == "Trust A: Ann, In progress; Trust B: Ann, Done; c-answers.json: Cat, Not started"
    assert plan["p:a:ambition:v1:1"][1]["droppedBy"] == "Trust B"
    assert plan["o:::brief the board"][1]["proposedBy"] == "Trust A; c-answers.json"  # the same words, merged
    assert [key for key, _, _ in result["plan"]][:3] == ["p:a:ambition:v1:0", "p:a:ambition:v1:1", "p:a:lead:v1:0"]
    # CSV: a column per respondent; the formula neutralised by the site's rule.
    table = list(csv.reader(io.StringIO(result["csv"].lstrip("\ufeff"))))
    assert table[0] == ["Section", "Question number", "Question", *result["names"], "Agreement"]
    plans = [row for row in table if row[2] == "Plans?"][0]
    assert plans[5] == neutralise('=HYPERLINK("http://x")')
    assert list(csv.reader(io.StringIO(result["planCsv"].lstrip("\ufeff"))))[0][0] == "Action"
    healthy(module)


def test_the_same_save_twice_is_refused_and_too_many_files_are_refused(module: Page) -> None:
    twice = team(module, [THREE[0], ("copy.json", THREE[0][1], THREE[0][2])])
    assert twice["problem"] == ("the file copy.json is the same save as the file a.json, so it would count the "
                                "same answers twice")
    many = team(module, [(f"{n}.json", THREE[0][1], f"2027-01-{n:02d}T00:00:00Z") for n in range(1, 22)])
    assert "more than the 20" in many["problem"]
    healthy(module)
