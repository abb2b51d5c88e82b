"""The pages that work on files of a toolkit's saved answers, beside its "Your answers" page: "Compare saved
answers" (what changed between two files: progress over time) and "Combine a team's answers" (several people's
files in one table and one action plan). Each holds the toolkit's questions as built (their ids, numbers, kinds,
versions and prompts, hidden: _answers_questions.md.j2) for its script to compare the files with; the scripts do
the rest in the browser (assets/_answers-compare.js, assets/_team-view.js). Out of search and the sidebar;
linked from the toolkit's home page and its "Your answers" page."""

from __future__ import annotations

from . import kind_pages, urls
from . import models as m
from .page_spec import Options, PageBuilder, PageSpec
from .validate import Content

#: Each page: its address, its template and the words after the toolkit's title in its title.
PAGES = ((urls.compare_answers, "compare_answers.md.j2", "compare saved answers"),
         (urls.team_answers, "team_answers.md.j2", "combine a team's answers"))


def pages(content: Content, options: Options, toolkit: m.Toolkit) -> list[PageSpec]:
    """Both pages of a toolkit whose parts include a checklist."""
    return [_page(content, options, toolkit, path(toolkit.id), template, words) for path, template, words in PAGES]


def _page(content: Content, options: Options, toolkit: m.Toolkit, path: str, template: str, words: str) -> PageSpec:
    """One page, made from the toolkit's checklist sections (which it depends on, as the "Your answers" page does)."""
    page = PageBuilder(content, options, path)
    sections, shaped = kind_pages.answer_sections(page, toolkit)
    return page.spec(template, f"{toolkit.title}: {words}", toolkit=toolkit, sections=shaped,
                     questions_version=kind_pages.questions_version(toolkit, sections),
                     answers_path=urls.check_answers(toolkit.id), compare_path=urls.compare_answers(toolkit.id),
                     team_path=urls.team_answers(toolkit.id))
