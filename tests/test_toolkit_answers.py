"""The toolkit-wide saved-answers format (version 2, assets/_toolkit-answers.js) tested alone in Chromium, on an
empty page that loads only it and _saved-answers.js: what it writes is valid against the committed JSON Schema
(schemas/answers/saved-answers.schema.json) and opens again unchanged; a version 1 file made by the section
page's code before version 2 existed (tests/fixtures/answers/) still opens; and hostile or broken files give a
message, change nothing and never throw."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from playwright.sync_api import BrowserContext, Page

from conftest import ROOT, examples
from test_self_assessment_modules import SAVED, blank, context, healthy  # noqa: F401 - context is a fixture

TOOLKIT_ANSWERS = "_toolkit-answers.js"
SCHEMA = json.loads((ROOT / "schemas" / "answers" / "saved-answers.schema.json").read_text(encoding="utf-8"))
#: A section's answers saved by the section page's own code as it was before version 2 (its "Save answers
#: to a file"), with the fixture site's question versions.
VERSION_1_FILE = ROOT / "tests" / "fixtures" / "answers" / "v1-fixture-grouped.json"
EXPECT = {"toolkit": "fixture-readiness"}


def validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_the_schema_is_a_valid_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.fixture
def module(context: BrowserContext) -> Page:  # noqa: F811 - the fixture imported above
    return blank(context, SAVED, TOOLKIT_ANSWERS)


def parse(page: Page, text: str, toolkit: str = "fixture-readiness") -> dict[str, Any]:
    """What the module makes of a file's text, as plain JSON (Maps as objects)."""
    return page.evaluate("""([text, toolkit]) => {
        const result = window.tkToolkitAnswers.parse(text, {toolkit});
        if (result.problem !== undefined) return {problem: result.problem};
        const r = result.record;
        const sections = {};
        r.sections.forEach((s, slug) => {
            const answers = {};
            s.answers.forEach((a, id) => { answers[id] = Object.assign({}, a); });
            sections[slug] = {sectionTitle: s.sectionTitle, answers};
        });
        return {record: {version: r.version, toolkit: r.toolkit, toolkitTitle: r.toolkitTitle,
            toolkitVersion: r.toolkitVersion, saved: r.saved, respondent: r.respondent, sections,
            plan: {includeUnanswered: r.plan.includeUnanswered, actions: r.plan.actions.map(a => Object.assign({}, a))},
            frozen: Object.isFrozen(r) && Object.isFrozen(r.plan.actions)}};
    }""", [text, toolkit])


#: A whole toolkit as the check-answers page saves it: two sections, a plan with a proposed action (edited)
#: and an own one, and words a spreadsheet or a parser could trip on.
PARTS = {
    "toolkit": "fixture-readiness", "toolkitTitle": "Fixture readiness toolkit", "toolkitVersion": "2026-01-01+abc123",
    "respondent": "Trust A – “workforce” team",
    "sections": [
        {"section": "fixture-grouped", "sectionTitle": "Section A",
         "answers": {"shared-ambition": {"version": "v1", "yn": "N", "response": "=SUM(A1)"}}},
        {"section": "fixture-flat", "sectionTitle": "Section B",
         "answers": {"data": {"version": "v2", "figure": "12"}}},
    ],
    "plan": {"includeUnanswered": True, "actions": [
        {"id": "p-fixture-grouped-shared-ambition-0", "source": "proposed", "section": "fixture-grouped",
         "question": "shared-ambition", "questionVersion": "v1", "prompt": 0, "text": "Review the guide.",
         "owner": "Head of workforce", "due": "2027-03-31", "rag": "amber", "progress": "in-progress",
         "dropped": False},
        {"id": "p-fixture-grouped-shared-ambition-1", "source": "proposed", "section": "fixture-grouped",
         "question": "shared-ambition", "questionVersion": "v1", "prompt": 1, "text": "Set objectives.",
         "dropped": True},
        {"id": "own-1", "source": "own", "text": "Brief the board", "owner": "", "due": "", "rag": "",
         "progress": "done", "dropped": False},
    ]},
}


def written(page: Page, parts: dict[str, Any] = PARTS) -> str:
    return page.evaluate("(parts) => window.tkToolkitAnswers.fileText(parts, new Date(Date.UTC(2027, 2, 1, 9, 30)))",
                         parts)


def test_what_it_writes_is_valid_and_opens_again_unchanged(module: Page) -> None:
    text = written(module)
    data = json.loads(text)
    validator().validate(data)
    assert data["version"] == 2 and data["saved"] == "2027-03-01T09:30:00.000Z"
    assert list(data) == ["format", "version", "toolkit", "toolkitTitle", "toolkitVersion", "saved", "respondent",
                          "sections", "plan"]
    record = parse(module, text)["record"]
    assert record["frozen"] is True
    assert record["respondent"] == PARTS["respondent"] and record["toolkitVersion"] == "2026-01-01+abc123"
    assert record["sections"]["fixture-grouped"]["answers"]["shared-ambition"] == {
        "version": "v1", "yn": "N", "figure": "", "response": "=SUM(A1)"}
    assert record["sections"]["fixture-flat"]["answers"]["data"]["figure"] == "12"
    actions = record["plan"]["actions"]
    assert [a["id"] for a in actions] == [a["id"] for a in PARTS["plan"]["actions"]]
    assert actions[0] | {} == {**PARTS["plan"]["actions"][0]}
    assert actions[1]["dropped"] is True and actions[1]["progress"] == "not-started" and actions[1]["owner"] == ""
    assert actions[2]["section"] == "" and actions[2]["progress"] == "done"
    assert record["plan"]["includeUnanswered"] is True
    # An id that names an ordinary object's field is only a key of a Map here.
    odd = parse(module, _v2(sections={"constructor": {"answers": {"constructor": {"version": "x", "yn": "Y"}}}}))
    assert odd["record"]["sections"]["constructor"]["answers"]["constructor"]["yn"] == "Y"
    # Saving what was opened gives the same file (but its date).
    assert json.loads(written(module, {**PARTS})) == data
    healthy(module)


def test_a_version_1_file_made_before_version_2_still_opens(module: Page) -> None:
    text = VERSION_1_FILE.read_text(encoding="utf-8")
    validator().validate(json.loads(text))
    record = parse(module, text)["record"]
    assert record["version"] == 1
    assert list(record["sections"]) == ["fixture-grouped"]
    section = record["sections"]["fixture-grouped"]
    assert section["sectionTitle"] == json.loads(text)["sectionTitle"]
    assert section["answers"]["shared-ambition"]["yn"] == "N"
    assert section["answers"]["staff-numbers"]["figure"] == "42"
    assert record["plan"] == {"includeUnanswered": False, "actions": []}
    assert parse(module, text, "another-toolkit") == {"problem": "it holds answers to another toolkit, not this one"}
    healthy(module)


def _v2(**changes: Any) -> str:
    data = {"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": "fixture-readiness",
            "sections": {"fixture-grouped": {"answers": {}}}}
    data.update(changes)
    return json.dumps(data)


def _action(**changes: Any) -> dict[str, Any]:
    return {"id": "own-1", "source": "own", "text": "x", **changes}


#: Broken or hostile files, each with the words its message must hold; the schema refuses each too (but
#: those that are not JSON objects of the format at all or are for another toolkit, and a repeated action id,
#: which JSON Schema cannot express: its description says an id is unique).
BAD_FILES = {
    "not JSON": ("{answers", "not valid JSON"),
    "a list": ("[]", "it is a list"),
    "another toolkit": (_v2(toolkit="other-toolkit", toolkitTitle="Other"), 'another toolkit ("Other")'),
    "a newer version": (_v2(version=3), "newer version"),
    "no format": (json.dumps({"version": 2, "toolkit": "fixture-readiness", "sections": {}}), "not a file of answers"),
    "a hostile section": ('{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                          '"sections":{"__proto__":{"answers":{"polluted":{"version":"x"}}}}}', "not a section id"),
    "a hostile answer": ('{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                         '"sections":{"s":{"answers":{"__proto__":{"version":"x"}}}}}', "not a question id"),
    "a hostile field": ('{"format":"nhs-workforce-toolkit-answers","version":2,"toolkit":"fixture-readiness",'
                        '"sections":{},"__proto__":{"polluted":true}}', 'field "__proto__"'),
    "an unknown field": (_v2(extra=1), 'field "extra"'),
    "sections a list": (_v2(sections=[]), "a list where a set of sections belongs"),
    "an answer's yn": (_v2(sections={"s": {"answers": {"q": {"version": "v", "yn": "Maybe"}}}}),
                       'in the section "s", the answer to question "q"'),
    "a bad saved date": (_v2(saved="yesterday"), "where a date and time belongs"),
    "a long respondent": (_v2(respondent="x" * 201), "longer than 200"),
    "a plan a list": (_v2(plan=[]), "where an action plan belongs"),
    "an action's progress": (_v2(plan={"actions": [_action(progress="finished")]}), '"finished" where'),
    "an action's due date": (_v2(plan={"actions": [_action(due="2027-02-30")]}), "where a due date belongs"),
    "an action's rag": (_v2(plan={"actions": [_action(rag="blue")]}), '"blue" where'),
    "an action's dropped": (_v2(plan={"actions": [_action(dropped="yes")]}), "where true or false belongs"),
    "an action's id twice": (_v2(plan={"actions": [_action(), _action()]}), "same \"id\""),
    "a proposed action from nowhere": (_v2(plan={"actions": [_action(source="proposed")]}), "does not say which question"),
    "an action's prompt": (_v2(plan={"actions": [_action(prompt=-1)]}), "number of a prompt"),
    "an action's hostile field": (_v2(plan={"actions": [_action(__proto__={"x": 1})]}), 'field "__proto__"'),
    "too many actions": (_v2(plan={"actions": [_action(id=f"own-{i}") for i in range(2001)]}), "more than 2,000 actions"),
    "too big": (_v2(toolkitTitle="x" * (1024 * 1024)), "larger than 1 MB"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gives_a_clear_message(module: Page, name: str) -> None:
    text, words = BAD_FILES[name]
    result = parse(module, text)
    assert words in result.get("problem", ""), result
    if name not in ("not JSON", "a list", "another toolkit", "too big", "an action's id twice"):
        assert not validator().is_valid(json.loads(text)), f"the schema accepts {name}"
    healthy(module)


@settings(max_examples=examples(40), suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=8),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(
                        st.sampled_from(["__proto__", "constructor", "sections", "plan", "answers", "actions",
                                         "version", "fixture-grouped", "q", "id", "source", "prompt"]) | st.text(max_size=5),
                        children, max_size=4), max_leaves=12))
def test_any_json_gives_a_record_or_a_problem_and_never_throws(module: Page, value: Any) -> None:
    """Arbitrary JSON, also inside a valid header: the module answers with a record or a problem, and the
    schema and the module agree on whether the file is valid."""
    for data in (value, {"format": "nhs-workforce-toolkit-answers", "version": 2, "toolkit": "fixture-readiness",
                         "sections": value if isinstance(value, dict) else {}, "plan": value}):
        result = module.evaluate("""(text) => { try { const r = window.tkToolkitAnswers.parse(text, {toolkit:
            'fixture-readiness'}); return r.problem !== undefined ? 'problem' : 'record'; } catch (e) {
            return 'threw ' + e; } }""", json.dumps(data))
        assert result in ("problem", "record")
        if isinstance(data, dict) and data.get("toolkit") == "fixture-readiness":
            assert (result == "record") == validator().is_valid(data), (data, result)
    healthy(module)


def test_a_section_page_opens_its_answers_from_a_whole_toolkit_file(context: BrowserContext) -> None:  # noqa: F811
    """The section page's files module reads either version: from a toolkit's file, that section's answers."""
    page = blank(context, SAVED, TOOLKIT_ANSWERS, "_self-assessment-files.js")
    text = written(page)
    opened = page.evaluate("""(t) => { const F = window.tkAssessmentFiles;
        const mine = F.parse(t, 'fixture-readiness', 'fixture-grouped');
        return [Array.from(mine.answers.keys()), F.parse(t, 'fixture-readiness', 'elsewhere').problem,
                F.parse(t, 'other-kit', 'fixture-grouped').problem]; }""", text)
    assert opened == [["shared-ambition"], "it holds no answers to this checklist section",
                      'it holds answers to another toolkit ("Fixture readiness toolkit"), not this one']
    healthy(page)
