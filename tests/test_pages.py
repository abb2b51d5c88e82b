"""What each kind of page shows a reader, on the fixture site: the facts its YAML holds, in the words and
order a reader needs, and what the source does not say said as such."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import FIXTURE, BuiltSite, copy_project, mkdocs_build
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")


def _cells(row) -> list[str]:  # noqa: ANN001 - a BeautifulSoup row
    for extra in row.select("a.tk-calendar-link, .tk-calendar-link"):
        extra.decompose()
    return [" ".join(cell.get_text(" ").split()).replace(" ,", ",") for cell in row.select("th, td")]


def test_the_schedule_lists_sessions_in_date_order_at_london_time_saying_what_is_not_known(
        fixture_site: BuiltSite) -> None:
    article = fixture_site.article("training/fixture-training/")
    rows = [_cells(row) for row in article.select("table.tk-schedule tbody tr")]
    # Written out by hand from tests/fixtures/site/toolkit_data/training/fixture-training.yml: the sessions of 2025
    # have taken place, the one of 2099 has not.
    assert [(row[0], row[2], row[3], row[4]) for row in rows] == [
        ("Winter launch session", "Thursday 6 February 2025, 3.30pm to 4.30pm Taken place", "Microsoft Teams",
         "No longer offered: the session has taken place. The source said: Email for joining link"),
        ("Spring night shift briefing Starts before the clocks go forward and ends after.",
         "Sunday 30 March 2025, 12.30am to 3.30am Taken place", "Microsoft Teams", "Not stated in the source"),
        ("Spring drop in", "Monday 31 March 2025, 9am to 10am Taken place", "Mode not stated in the source",
         "Not stated in the source"),
        ("Summer workshop", "Thursday 12 June 2025, 9.30am to 1pm Taken place", "Face to face Quarry Hall",
         "No longer offered: the session has taken place. The source said: Email to register"),
        ("Autumn night shift briefing Starts before the clocks go back and ends after.",
         "Sunday 26 October 2025, 12.30am to 3am Taken place", "Microsoft Teams", "Not stated in the source"),
        ("Autumn clinic Choice of two sessions, please attend one.", "Monday 27 October 2025, 12pm to 2pm Taken place",
         "Face to face Venue to be confirmed", "Not stated in the source"),
        ("Refresher for years to come", "Thursday 15 January 2099, 10am to 11am", "Face to face Quarry Hall",
         "Not stated in the source"),
    ]
    assert [row[1] for row in rows] == ["Anyone can attend (printed once in the source, for several sessions)",
                                        "Not stated in the source", "Not stated in the source", "Managers",
                                        "Not stated in the source", "Not stated in the source",
                                        "Not stated in the source"]
    text = fixture_site.text("training/fixture-training/")
    programme = CONTENT.training["fixture-training"]
    assert programme.dates_note in text and programme.booking in text and "UK time (Europe/London)" in text
    # Only the session still to come is offered to add to a calendar.
    fresh = fixture_site.article("training/fixture-training/")
    assert [a.get_text(" ", strip=True) for a in fresh.select("table.tk-schedule a")] == [
        "Add to calendar : Refresher for years to come, Thursday 15 January 2099"]


def test_milestones_are_a_timeline_in_their_order(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("toolkits/fixture-programme/fixture-programme-page/")
    titles = [li.select_one(".tk-timeline__title").get_text(strip=True) for li in article.select("ol.tk-timeline > li")]
    assert titles == [milestone.title for milestone in CONTENT.pages["fixture-programme-page"].milestones]


def test_case_studies_can_be_found_by_theme_and_organisation_without_script(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("case-studies/")
    themes = [o["value"] for o in article.select("#tk-filter-theme option") if o["value"]]
    organisations = [o["value"] for o in article.select("#tk-filter-organisation option") if o["value"]]
    assert sorted(themes) == sorted({t for study in CONTENT.case_studies.values() for t in study.themes})
    assert sorted(organisations) == sorted({o for study in CONTENT.case_studies.values() for o in study.organisations})
    for item in article.select("ul.tk-case-list > li"):
        assert set(item["data-themes"].split()) <= set(themes)
        assert set(item["data-organisations"].split()) <= set(organisations)
    # Without script, each theme is a heading listing its studies.
    for theme in themes:
        heading = article.select_one(f"#theme-{theme}")
        assert heading is not None and heading.get_text(strip=True) == CONTENT.themes[theme].title
        listed = heading.find_next("ul").get_text(" ")
        for study in CONTENT.case_studies.values():
            assert (study.title in listed) == (theme in study.themes), (theme, study.id)


def test_a_job_description_keeps_the_source_s_sections_numbers_headings_and_columns(fixture_site: BuiltSite) -> None:
    job = CONTENT.job_descriptions["fixture-planning-officer"]
    article = fixture_site.article(f"job-descriptions/{job.id}/")
    # Written out by hand from the fixture: the sections in the order the file gives them, numbered and headed as
    # printed; the person specification, which has no heading in the fixture's source, under the editors' heading.
    headings = [" ".join(h.get_text(" ").split()) for h in article.select("h2")
                if not h.find_parent(class_="tk-data-files")]  # the source's sections, not the site's data link
    assert headings[1:] == ["1. JOB DETAILS", "3. KEY RESULT AREAS:", "2. JOB PURPOSE", "MAIN CONTACTS",
                            "Person specification (editors' addition)"]
    added = [h for h in article.select("h2") if h.select_one('[data-editorial="added"] .tk-editorial__tag')]
    assert [" ".join(h.get_text(" ").split()) for h in added] == ["Person specification (editors' addition)"]
    assert [" ".join(p.get_text(" ").split()) for p in article.select("p.tk-item")] == [
        "3.1 To gather workforce data.", "3.10 To report to the board."]
    assert [li.get_text(strip=True) for li in article.select("ul.tk-items li")] == ["The fixture board.",
                                                                                   "The planning group."]
    assert article.select_one("p.tk-preamble").get_text(strip=True) == "FIXTURE TRUST"
    assert article.select_one("p.tk-key").get_text("|", strip=True) == "AF = application form|I = interview"
    rows = [_cells(row) for row in article.select("table.tk-person-spec tr")]
    assert rows[0] == ["Requirements", "Essential", "Desirable", "How measured"]
    assert rows[1:] == [["Qualifications"],
                        ["A degree or equivalent experience", "Essential", "", "AF"],
                        ["A workforce planning qualification", "", "Desirable", "AF/I"],
                        ["Experience", "Application form Interview"],
                        ["Experience of workforce data", "Essential (editors' reading)", "", ""],
                        ["Experience of a planning office", "Essential", "Desirable", ""],
                        ["A flexible approach", "Not legible in the source", "Not legible in the source", ""]]
    assert not article.select("table.tk-person-spec caption")
    # The editors' reading is their mark (as the files' words say it), not text in the source's voice.
    read = [" ".join(td.get_text(" ").split()) for td in article.select("table.tk-person-spec td")
            if td.select_one('[data-editorial="derived"] .tk-editorial__tag')]
    assert read == ["Essential (editors' reading)"]


def test_a_column_the_source_does_not_name_is_headed_by_the_editors_and_marked(tmp_path: Path) -> None:
    """Without a name for the column of requirements, the site's 'Requirement' is marked as added; without a measured
    column, the table has none (no 'How assessed: Not stated' the source never had)."""
    job = (FIXTURE / "toolkit_data/job_descriptions/fixture-planning-officer.yml").read_text(encoding="utf-8")
    job = (job.replace("      requirement_column: Requirements\n", "")
           .replace("      measured_column: How measured\n", "")
           .replace("      key:\n        - AF = application form\n        - I = interview\n", "")
           .replace("              measured: AF/I\n", "").replace("              measured: AF\n", "")
           .replace("          measured: |-\n            Application form\n            Interview\n", ""))
    data = tmp_path / "toolkit_data"
    shutil.copytree(FIXTURE / "toolkit_data", data)
    (data / "job_descriptions/fixture-planning-officer.yml").write_text(job, encoding="utf-8")
    result = mkdocs_build(copy_project(tmp_path / "project", data=data), tmp_path / "site")
    assert result.returncode == 0, result.stderr
    article = BuiltSite(tmp_path / "site", result).article("job-descriptions/fixture-planning-officer/")
    header = article.select_one("table.tk-person-spec thead tr")
    assert _cells(header) == ["Requirement (editors' addition)", "Essential", "Desirable"]
    assert header.select_one('th [data-editorial="added"] .tk-editorial__text').get_text(strip=True) == "Requirement"
    assert all(len(_cells(row)) <= 3 for row in article.select("table.tk-person-spec tr"))


def test_a_historical_document_says_so_and_when_on_its_page_and_in_the_downloads_list(fixture_site: BuiltSite) -> None:
    job = CONTENT.job_descriptions["fixture-planning-officer"]
    # Written out by hand from the fixture: the job description and the plan are historical, from January 2005.
    for path, status in ((f"job-descriptions/{job.id}/", "Example job description from January 2005, not a current "
                          "template."),
                         ("document-templates/fixture-plan/", "Example document from January 2005, not a current "
                          "template.")):
        marked = [p.get_text(strip=True) for p in fixture_site.article(path).select('p[data-editorial="historical"]')]
        assert marked and set(marked) == {status}, path
        listed = [p.get_text(strip=True) for p in fixture_site.article("downloads/").select('[data-editorial="historical"]')]
        assert status in listed
    index = fixture_site.article("job-descriptions/").get_text(" ")
    assert "Example job description from January 2005, not a current template" in index


def test_a_template_s_notes_say_whose_words_they_are_on_the_page_and_in_its_files(fixture_site: BuiltSite) -> None:
    """The source's own notes are headed as the source's; the editors' notes (on the whole template, or on one annex,
    after its table) are marked as theirs, in the same words on the page and in the Word and OpenDocument files."""
    from content_rules import docx_text, odt_text

    article = fixture_site.article("document-templates/fixture-plan/")
    # Written out by hand from the fixture: one note from the source, a note on the template and one on annex A.
    source_notes = [" ".join(n.get_text(" ").split()) for n in article.select(".admonition.note")]
    assert source_notes == ["Note from the source [A note from the source.]"]
    assert not article.select_one(".admonition.note").find_parent(attrs={"data-editorial": True})
    editors = [" ".join(n.get_text(" ").split()) for n in article.select('.tk-editorial[data-editorial="derived"]')]
    assert editors == ["Editor's note (editors' reading) The fixture's source prints its notes shaded.",
                       "Editor's note (editors' reading) The source's year columns cannot be placed in rows, so they "
                       "are left empty."]
    annex_note = article.select('.tk-editorial[data-editorial="derived"]')[1]
    assert annex_note.find_previous(["h2", "table"]).name == "table"
    assert annex_note.find_previous("h2").get_text(strip=True) == "Annex A: Targets"
    assert article.select("h2")[1].get_text(strip=True) == "Contents"
    base = fixture_site.root / "downloads" / "templates" / "fixture-plan"
    for text in (docx_text(base.with_suffix(".docx")), odt_text(base.with_suffix(".odt"))):
        lines = [" ".join(line.split()) for line in text.splitlines()]
        assert "Note from the source: [A note from the source.]" in lines
        assert "Editor's note (editors' reading): The fixture's source prints its notes shaded." in lines
        annex = ("Editor's note (editors' reading): The source's year columns cannot be placed in rows, so they are "
                 "left empty.")
        assert annex in lines and lines.index(annex) > lines.index("Annex A: Targets")


def test_a_resource_at_a_historical_address_is_shown_as_one(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("toolkits/fixture-readiness/fixture-resources/")
    item = article.select_one("#resource--fixture-historical")
    assert item.select_one('a[data-editorial="historical"]')["href"] == "http://www.example.net/closed"
    assert "historical address" in item.select_one('span[data-editorial="historical"]').get_text()
    current = article.select_one("#resource--fixture-linked")
    assert not current.select('[data-editorial="historical"]')


def test_a_resource_with_no_address_is_said_to_have_none_in_the_site_s_own_words_apart_from_the_source_s(
        fixture_site: BuiltSite) -> None:
    """In running text and in the list, "link not yet provided" is the site's (one element, the words of labels.py),
    so the source's sentence around it reads, prints and is compared as the source's; "Publisher" likewise."""
    paragraph = fixture_site.article("toolkits/fixture-readiness/fixture-introduction/").select_one("p")
    # Written out by hand from the fixture page: a link to a resource with no address, then one with an address.
    assert " ".join(paragraph.get_text(" ").split()) == ("This toolkit helps you test the generator. See the guide "
                                                        "(link not yet provided) and a site with a link .")
    missing = paragraph.select("span.tk-link-missing")
    assert [span.get_text() for span in missing] == ["(link not yet provided)"]
    assert missing[0].find_previous_sibling("a")["href"] == "../fixture-resources/#resource--fixture-guide"
    item = fixture_site.article("toolkits/fixture-readiness/fixture-resources/").select_one("#resource--fixture-guide")
    assert item.select_one(".tk-link-missing").get_text() == "Link not yet provided"
    assert " ".join(item.select_one(".tk-publisher").get_text(" ").split()) == "Publisher: Fixture publisher"
    assert item.select_one(".tk-publisher .tk-label").get_text() == "Publisher:"


def test_a_category_the_editors_titled_and_described_is_marked_as_theirs(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("toolkits/fixture-readiness/fixture-resources/")
    headings = {" ".join(h.get_text(" ").split()): h for h in article.select("h2, h3")
                if not h.find_parent(class_="tk-data-files")}  # the categories' headings, not the data files' own
    # Written out by hand from the fixture: one category's title and description are the editors', the others' not.
    assert {text: bool(h.select('[data-editorial="added"]')) for text, h in headings.items()} == {
        "Guidance": False, "Training and education (editors' addition)": True, "Apprenticeships": False}
    description = headings["Training and education (editors' addition)"].find_next_sibling("p")
    assert " ".join(description.get_text(" ").split()) == ("A heading the editors added for resources the source lists "
                                                           "under no heading. (editors' addition)")
    assert description.select_one('[data-editorial="added"]')


def test_the_editor_s_note_names_exactly_the_rows_whose_column_the_source_does_not_show(
        fixture_site: BuiltSite) -> None:
    note = " ".join(fixture_site.article("job-descriptions/fixture-planning-officer/")
                    .select_one(".admonition").get_text(" ").split())
    # Written out by hand from the fixture: one row is the editors' reading, one is not legible, three are as printed.
    assert note == ("Editor's note (editors' reading) The source does not show which column (Essential or Desirable) these rows of the "
                    "person specification are in, so their marks here are the editors' reading, shown as "
                    "‘editors' reading’: ‘Experience of workforce data’. The source does not show whether these are "
                    "essential or desirable, and the editors make no reading: ‘A flexible approach’.")


def test_a_row_read_by_the_editors_is_found_by_search_with_its_mark(fixture_site: BuiltSite) -> None:
    docs = fixture_site.search_index()["docs"]
    page = " ".join(doc["text"] for doc in docs if doc["location"].startswith("job-descriptions/fixture-planning"))
    assert "Experience of workforce data" in page and "Essential (editors' reading)" in page
    assert "Not legible in the source" in page


def test_a_job_detail_the_source_leaves_out_is_said_to_be_not_stated_in_the_source(fixture_site: BuiltSite) -> None:
    job = CONTENT.job_descriptions["fixture-planning-officer"]
    rows = [_cells(row) for row in fixture_site.article(f"job-descriptions/{job.id}/").select("table.tk-details tr")]
    # Written out by hand from the fixture: the Grade has a label and no value.
    assert rows == [["Job title", "Fixture Planning Officer"],
                    ["Grade", "Not stated in the source (editors' addition)"],
                    ["Working to", "The fixture board The planning group"]]
    grade = fixture_site.article(f"job-descriptions/{job.id}/").select("table.tk-details tr")[1]
    assert grade.select_one('[data-editorial="added"] .tk-editorial__text').get_text() == "Not stated in the source"


def test_each_calendar_event_says_where_in_the_schedule_s_words(fixture_site: BuiltSite) -> None:
    """The page and the calendar file beside it name a session's mode and venue in the same words."""
    from icalendar import Calendar

    from toolkit_publisher.downloads.calendars import uid
    from toolkit_publisher.urls import anchor

    programme = CONTENT.training["fixture-training"]
    article = fixture_site.article(f"training/{programme.id}/")
    raw = (fixture_site.root / "downloads" / "training" / f"{programme.id}.ics").read_bytes()
    locations = {str(event["UID"]): str(event["LOCATION"]) for event in Calendar.from_ical(raw).walk("VEVENT")}
    for session in programme.sessions:
        cell = article.select_one(f'tr[id="{anchor("session", session.id)}"] td[data-label="Mode and venue"]')
        assert ", ".join(cell.stripped_strings) == locations[uid(programme, session)], session.id
    not_stated = next(session for session in programme.sessions if session.mode == "not-stated")
    assert locations[uid(programme, not_stated)] == "Mode not stated in the source"


def test_each_calendar_event_says_how_to_book_in_the_schedule_s_words(fixture_site: BuiltSite) -> None:
    """A session whose source gives no way to book says so in its calendar file as in its row, rather than the
    programme's general words, which would tell more than the source does of that session."""
    from icalendar import Calendar

    from toolkit_publisher.downloads.calendars import uid
    from toolkit_publisher.urls import anchor

    programme = CONTENT.training["fixture-training"]
    article = fixture_site.article(f"training/{programme.id}/")
    raw = (fixture_site.root / "downloads" / "training" / f"{programme.id}.ics").read_bytes()
    booking = {str(event["UID"]): next(line for line in str(event["DESCRIPTION"]).splitlines()
                                       if line.startswith("How to book: "))
               for event in Calendar.from_ical(raw).walk("VEVENT")}
    for session in programme.sessions:
        cell = article.select_one(f'tr[id="{anchor("session", session.id)}"] td[data-label="How to book"]')
        said = booking[uid(programme, session)].removeprefix("How to book: ")
        assert " ".join(cell.get_text(" ").split()).endswith(said), session.id
    assert booking[uid(programme, next(s for s in programme.sessions if not s.booking))] == \
        "How to book: Not stated in the source"


def test_a_contact_whose_details_are_left_out_keeps_the_name_and_the_mark_where_they_were(
        fixture_site: BuiltSite) -> None:
    # Written out by hand from the fixture: the source's person and role stay, the address is marked as omitted.
    assert "Contact: Pat Example, Workforce Lead, [contact details omitted]" in fixture_site.text(
        "organisations/fixture-trust/")
    docs = fixture_site.search_index()["docs"]
    assert any("Pat Example, Workforce Lead, [contact details omitted]" in doc["text"] for doc in docs)
