"""The downloads page as a reader finds it: what each kind of file is for, said once; then, under each page's
title, every file with its format, its true size and what it holds, in words drawn from the content."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from conftest import FIXTURE, BuiltSite
from toolkit_publisher.downloads import FORMATS, PURPOSES, format_size, plan_downloads
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
PLANNED = {download.path: download for batch in plan_downloads(CONTENT) for download in batch.downloads}
#: What the page offers: not the calendar files of sessions that have taken place (made, but no longer offered).
OFFERED = {path: download for path, download in PLANNED.items() if not download.taken_place(dt.date.today())}


def _said(element) -> str:  # noqa: ANN001 - a BeautifulSoup element
    return " ".join(element.get_text(" ").split()).replace(" ,", ",").replace(" .", ".")


def test_what_each_kind_of_file_is_for_is_said_once(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("downloads/")
    offered = sorted({path.rsplit(".", 1)[1] for path in PLANNED})
    rows = [[_said(cell) for cell in row.select("td")] for row in article.select("table tbody tr")]
    assert rows == [[f"{FORMATS[extension]} (.{extension})", PURPOSES[extension]]
                    for extension in FORMATS if extension in offered]
    text = _said(article)
    for extension in offered:
        assert text.count(PURPOSES[extension]) == 1, extension


def test_no_sentence_is_said_for_every_file(fixture_site: BuiltSite) -> None:
    """What files hold is said once for each document (its formats share it) or list of files, never repeated."""
    paragraphs = Counter(_said(p) for p in fixture_site.article("downloads/").select("p"))
    assert [text for text, times in paragraphs.items() if times > 1] == []


def test_every_file_gives_its_format_its_size_and_what_it_holds(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("downloads/")
    links = {link["href"]: link for link in article.select("li a")}
    assert len(links) == len(OFFERED) < len(PLANNED)
    for path, download in OFFERED.items():
        link = links[path.removeprefix("downloads/")]
        size = (fixture_site.root / path).stat().st_size
        assert _said(link).endswith(f"{FORMATS[download.extension]}, {format_size(size)}"), path
        # What it holds is the paragraph above its list: of a document, or of a list of single files.
        holds = _said(link.find_parent("ul").find_previous_sibling("p"))
        assert holds.startswith(download.holds), (path, holds)


def test_what_files_hold_is_drawn_from_the_content(fixture_site: BuiltSite) -> None:
    holds = {download.path.rsplit("/", 1)[1].rsplit(".", 1)[0]: download.holds for download in PLANNED.values()}
    for qs in CONTENT.question_sets.values():
        questions = len(qs.all_questions())
        assert holds[qs.id].startswith(f"{questions} question{'s' if questions > 1 else ''}"), qs.id
        if qs.groups:
            assert f"in {len(qs.groups)} groups" in holds[qs.id]
    for template in CONTENT.templates.values():
        assert f"{len(template.sections)} sections" in holds[template.id]
    for job in CONTENT.job_descriptions.values():
        assert f"{len(job.sections)} sections as the source prints them" in holds[job.id]
        assert f"({len(job.requirements())} requirements)" in holds[job.id]
    for programme in CONTENT.training.values():
        assert f"All {len(programme.sessions)} sessions" in holds[programme.id]
        assert all(holds[session.id].startswith("One session") for session in programme.sessions)


def test_a_site_of_thousands_of_files_gets_a_downloads_page_the_limits_allow() -> None:
    """Every file of a large site on one page stays within the Markdown limits every page is measured by (an HTML
    block around each page's files made a site of about a thousand such pages fail to build)."""
    import dataclasses

    from toolkit_publisher.markdown_limits import markdown_hazard
    from toolkit_publisher.page_spec import Options
    from toolkit_publisher.render import render_page
    from toolkit_publisher.site_pages import downloads_page
    from toolkit_publisher.templating import environment

    content = validate(FIXTURE / "toolkit_data")
    planned = [d for batch in plan_downloads(content) for d in batch.downloads]
    many = [dataclasses.replace(d, path=f"copy-{n}/{d.path}", page=f"copy-{n}/{d.page}", historical="From 2006")
            for n in range(3000 // len({d.page for d in planned}) + 1) for d in planned]
    assert len({d.page for d in many}) > 1000
    spec, = downloads_page(content, Options(), many, {})
    markdown = render_page(spec, environment(), Options(), many)
    assert markdown_hazard(markdown) is None
