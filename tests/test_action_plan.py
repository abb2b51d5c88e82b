"""The action plan's data (assets/_action-plan.js) tested alone in Chromium on an empty page: which actions the
answers propose, how a saved plan carries over (edits kept, a reworded or removed question said to be so and never
matched to the new words), and each edit leaving what it was given unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from test_self_assessment_modules import blank, context, healthy  # noqa: F401 - context is a fixture

SECTIONS = [{"section": "s", "title": "Section", "questions": [
    {"id": "a", "number": "1", "kind": "yes-no", "version": "v1", "text": "A?", "prompts": ["Do A.", "Check A."],
     "resources": []},
    {"id": "b", "number": "2", "kind": "yes-no", "version": "v1", "text": "B?", "prompts": ["Do B."], "resources": []},
    {"id": "c", "number": "3", "kind": "text", "version": "v1", "text": "C?", "prompts": ["Do C."], "resources": []},
]}]


@pytest.fixture
def plan_page(context: BrowserContext) -> Page:  # noqa: F811 - the fixture imported above
    return blank(context, "_action-plan.js")


def run(page: Page, steps: str, statuses: dict[str, str], sections: list[dict[str, Any]] = SECTIONS) -> Any:
    """Runs `steps` with P (the module), S (the sections) and st (a status function of `statuses`)."""
    return page.evaluate(f"""([S, statuses]) => {{ const P = window.tkActionPlan;
        const st = (s, q) => statuses[q] || 'unanswered'; {steps} }}""", [sections, statuses])


def test_a_no_proposes_each_prompt_and_unanswered_only_by_choice(plan_page: Page) -> None:
    result = run(plan_page, """
        const only = P.build(S, st, P.empty());
        const too = P.build(S, st, P.including(P.empty(), true));
        return [only.actions.map(a => a.id), too.actions.map(a => a.text), Object.isFrozen(only.actions[0])];""",
                 {"a": "no", "b": "yes"})
    assert result == [["p-s-a-v1-0", "p-s-a-v1-1"], ["Do A.", "Check A.", "Do C."], True]
    healthy(plan_page)


def test_edits_carry_over_and_a_reworded_question_is_said_to_be(plan_page: Page) -> None:
    reworded = [{**SECTIONS[0], "questions": [{**SECTIONS[0]["questions"][0], "version": "v2"},
                                              *SECTIONS[0]["questions"][1:]]}]
    result = plan_page.evaluate("""([S, R]) => { const P = window.tkActionPlan;
        const no = (s, q) => q === 'a' ? 'no' : 'unanswered';
        let plan = P.edit(P.build(S, no, P.empty()), 'p-s-a-v1-0', {owner: 'Ann', progress: 'done'});
        const own = P.addOwn(plan, 'Ours'); plan = own.plan;
        const again = P.build(S, no, plan);                        // the same answers: edits kept
        const yes = P.build(S, (s, q) => 'yes', plan);              // answered Yes since: only edited ones kept
        const later = P.build(R, no, plan);                         // question a reworded since
        return [again.actions.map(a => [a.id, a.owner]), yes.actions.map(a => a.id),
                later.actions.map(a => [a.id, a.owner, P.staleness(R, a)]), own.id,
                P.counts(again), plan.actions.length === 3]; }""", [SECTIONS, reworded])
    again, yes, later, own_id, counts, unchanged = result
    assert again == [["p-s-a-v1-0", "Ann"], ["p-s-a-v1-1", ""], ["own-1", ""]]
    assert yes == ["p-s-a-v1-0", "own-1"]
    # The new wording's proposals are new (nothing recorded on them); the old, edited one is kept and flagged.
    assert later == [["p-s-a-v2-0", "", ""], ["p-s-a-v2-1", "", ""], ["p-s-a-v1-0", "Ann", "reworded"],
                     ["own-1", "", ""]]
    assert own_id == "own-1" and counts == {"actions": 3, "done": 1, "dropped": 0} and unchanged
    healthy(plan_page)
