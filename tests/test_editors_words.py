"""Words the editors wrote in one-line fields (a title the source does not give, a summary, a toolkit's audiences)
are marked as theirs wherever they appear, from one declaration per entry (``editors_wrote``) or per kind (a
summary is always theirs); a field named wrongly is an error at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag

from conftest import FIXTURE, BuiltSite
from content_rules import docx_text
from test_validation import QUESTIONS, TOOLKIT, errors_for
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
STUDY = "case-studies/fixture-board-sponsor/"
OTHER_STUDY = "case-studies/fixture-joint-database/"
JOB = "job-descriptions/fixture-planning-officer/"
TAG = " (editors' addition)"


def _read(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def _added(node: Tag) -> list[str]:
    """The text of each 'added' mark under ``node``, as read."""
    return [_read(mark) for mark in node.select('[data-editorial="added"]')]


def test_a_title_the_editors_wrote_is_marked_on_its_page_and_where_it_is_listed(fixture_site: BuiltSite) -> None:
    title = fixture_site.article(STUDY).select_one("h1")
    assert title is not None
    named = _read(title).removesuffix(TAG)
    assert named != _read(title) and _added(title) == [_read(title)]
    organisation = fixture_site.article("organisations/fixture-trust/")
    listed = [link for link in organisation.select("a") if named in _read(link)]
    assert listed and all(_added(link) == [named + TAG] for link in listed)
    # A title the source gives is not marked, in the same list.
    other = fixture_site.article(OTHER_STUDY).select_one("h1")
    assert other is not None and not _added(other)
    other_listed = [link for link in organisation.select("a") if _read(other) in _read(link)]
    assert other_listed and not any(_added(link) for link in other_listed)


def test_a_summary_is_marked_as_the_editors(fixture_site: BuiltSite) -> None:
    """Always, for a case study (the source's boxes have none); for a job description, where the entry says the
    editors wrote it (the source may describe its examples in its own words)."""
    for folder, entry_id, path in (("case_studies", "fixture-board-sponsor", STUDY),
                                   ("case_studies", "fixture-joint-database", OTHER_STUDY),
                                   ("job_descriptions", "fixture-planning-officer", JOB)):
        summary = CONTENT.of(folder)[entry_id].summary
        assert summary + TAG in _added(fixture_site.article(path)), path


def test_a_toolkits_catalogue_words_are_marked_on_its_home_page(fixture_site: BuiltSite) -> None:
    """The toolkit's summary, its audiences and its account of its source are the editors'; the parts' titles the
    source gives are not marked, and a count of what a part holds is the site's, outside any mark."""
    home = fixture_site.article("toolkits/fixture-readiness/")
    marked = _added(home)
    facts = home.select_one("dl.tk-facts")
    assert facts is not None
    audiences = [dd for dt, dd in zip(facts.select("dt"), facts.select("dd")) if _read(dt) == "For"]
    assert audiences and _added(audiences[0]) == [_read(audiences[0])]
    lead = home.select_one("h1 + p")
    assert lead is not None and _read(lead) in marked
    contents = home.select("ol li")
    assert contents
    for item in contents:
        count = item.select_one(".tk-count")
        if count is not None:
            assert not count.select('[data-editorial]') and count.find_parent(attrs={"data-editorial": True}) is None


def test_the_word_file_says_whose_a_summary_is(fixture_site: BuiltSite) -> None:
    text = docx_text(fixture_site.root / "downloads" / "job-descriptions" / "fixture-planning-officer.docx")
    summary = CONTENT.of("job_descriptions")["fixture-planning-officer"].summary
    assert summary + TAG in text.split("\n")


@pytest.mark.parametrize(("line", "expected"), [
    ("editors_wrote: [titel]", "3:17: error: 'editors_wrote' must be one of 'title', 'subtitle' or 'publisher'; "
                               "got 'titel'; did you mean 'title'?"),
    ("editors_wrote: [title, summary]", "3:24: error: 'editors_wrote' must be one of 'title', 'subtitle' or "
                                        "'publisher'; got 'summary'"),
    ("editors_wrote: [title, title]", "3:16: error: 'editors_wrote': title is listed more than once; list each "
                                      "field once"),
    ("editors_wrote: [subtitle]", "3:16: error: 'editors_wrote': it names subtitle, which is not given here; give "
                                  "it, or take it out"),
])
def test_naming_a_field_wrongly_is_an_error_at_its_place(tmp_path: Path, line: str, expected: str) -> None:
    toolkit = TOOLKIT.replace("title: Demo toolkit\n", f"title: Demo toolkit\n{line}\n")
    errors = errors_for(tmp_path, {"toolkits/demo.yml": toolkit})
    assert errors == [f"toolkit_data/toolkits/demo.yml:{expected}"]


@pytest.mark.parametrize("markup", ['<span class="tk-count">10 questions</span>', "Invented words.\n{ .tk-citation }",
                                    '<span data-editorial="added">Invented words</span>'])
def test_content_cannot_dress_its_words_as_the_sites_furniture_or_a_mark(tmp_path: Path, markup: str) -> None:
    """The site's own classes and a mark's attribute are the templates' and the mark syntax's alone: in content they
    would pass the editors' words off as furniture, or as marked without the visible tag."""
    intro = markup.replace("\n", "\n  ")
    questions = QUESTIONS.replace("audience: Everyone\n", f"audience: Everyone\nintro: |\n  {intro}\n")
    errors = errors_for(tmp_path, {"question_sets/demo-questions.yml": questions})
    assert len(errors) == 1 and errors[0].startswith("toolkit_data/question_sets/demo-questions.yml:"), errors
    assert "the site's own" in errors[0] and "{added: your words}" in errors[0], errors


def test_a_pages_title_reads_as_the_sidebar_does_and_its_heading_carries_the_mark(fixture_site: BuiltSite) -> None:
    """The browser's title (and a screen reader's first words) is the title, as for a page in the sidebar; the page's
    heading says whose words it is."""
    title = fixture_site.html(STUDY).select_one("title")
    heading = fixture_site.article(STUDY).select_one("h1")
    assert title is not None and heading is not None
    named = _read(heading).removesuffix(TAG)
    assert _read(title).startswith(f"{named} - ") and TAG not in _read(title)
