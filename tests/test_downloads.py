"""Every kind of download, opened with the library that reads its format, checked against the fixture YAML it
came from. (That every question and session of the real content is in its downloads is a rule:
tests/content_rules.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from conftest import FIXTURE, BuiltSite
from content_rules import docx_text, odt_text
from toolkit_publisher.validate import validate
from toolkit_publisher.downloads import format_size, plan_downloads
from toolkit_publisher.downloads.produce import make_downloads
from toolkit_publisher.downloads.checklists import rows

CONTENT = validate(FIXTURE / "toolkit_data")
TOOLKIT = CONTENT.toolkits["fixture-readiness"]
SECTIONS = [CONTENT.question_sets[p.ref] for p in TOOLKIT.parts if p.checklist]
CHECKLISTS = f"downloads/checklists/{TOOLKIT.id}"


@pytest.mark.parametrize("qs", SECTIONS, ids=lambda qs: qs.id)
def test_checklist_section_in_every_format(fixture_site: BuiltSite, qs) -> None:  # noqa: ANN001
    base = fixture_site.root / CHECKLISTS / qs.id
    expected = rows(qs)
    word, odt = docx_text(base.with_suffix(".docx")), odt_text(base.with_suffix(".odt"))
    for row in expected:
        assert row.question.text in word and row.question.text in odt
        for prompt in row.question.prompts:
            assert prompt in word and prompt in odt
    table = docx.Document(str(base.with_suffix(".docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["No.", "Question", "Y/N", "Response", "Prompts for next steps"]

    workbook = load_workbook(base.with_suffix(".xlsx"))
    assert len(workbook.worksheets) == 1
    sheet = workbook.worksheets[0]
    assert [c.value for c in sheet[1]] == ["No.", "Group", "Question", "Y/N", "Response", "Prompts for next steps"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) and sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["E"].width >= 40
    assert [sheet.cell(row=i + 2, column=3).value for i in range(len(expected))] == [r.question.text for r in expected]
    assert all(sheet.cell(row=i + 2, column=5).alignment.wrap_text for i in range(len(expected)))
    validation = sheet.data_validations.dataValidation[0]
    assert validation.type == "list" and validation.formula1 == '"Y,N"'
    yes_no_cells = {f"D{i + 2}" for i, r in enumerate(expected) if r.question.answer == "yes-no"}
    assert {str(c) for rng in validation.sqref.ranges for c in [rng.coord]} <= yes_no_cells | {
        str(r) for r in validation.sqref.ranges}
    covered = set()
    for cell_range in validation.sqref.ranges:
        for row in sheet[cell_range.coord] if ":" in cell_range.coord else [[sheet[cell_range.coord]]]:
            covered |= {cell.coordinate for cell in row}
    assert covered == yes_no_cells

    raw = base.with_suffix(".csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table_rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table_rows[0][:5] == ["Toolkit", "Section", "Group", "Number", "Question"]
    assert [r[4] for r in table_rows[1:]] == [r.question.text for r in expected]
    assert [r[3] for r in table_rows[1:]] == [str(r.number) for r in expected]


def test_whole_toolkit_checklist_has_a_sheet_per_section(fixture_site: BuiltSite) -> None:
    workbook = load_workbook(fixture_site.root / CHECKLISTS / f"{TOOLKIT.id}-checklist.xlsx")
    assert [ws.title for ws in workbook.worksheets] == ["Grouped questions", "Questions without groups"]
    assert [ws.max_row for ws in workbook.worksheets] == [1 + len(rows(qs)) for qs in SECTIONS]
    word = docx.Document(str(fixture_site.root / CHECKLISTS / f"{TOOLKIT.id}-checklist.docx"))
    assert len(word.tables) == len(SECTIONS)


@pytest.mark.parametrize("jd", list(CONTENT.job_descriptions.values()), ids=lambda jd: jd.id)
def test_job_description_documents(fixture_site: BuiltSite, jd) -> None:  # noqa: ANN001
    """The files keep the source's sections in its order, each numbered and headed as printed, and every item."""
    path = fixture_site.root / "downloads" / "job-descriptions" / f"{jd.id}.docx"
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    printed = [f"{s.number} {s.heading}" if s.number else s.heading for s in jd.sections if s.heading]
    assert [h for h in headings if "(editors' addition)" not in h] == printed
    text, odt = docx_text(path), odt_text(path.with_suffix(".odt"))
    for item in (item for section in jd.sections for item in section.items):
        line = f"{item.number} {item.text}" if item.number else item.text
        assert line in text and line in odt
    for spec in (s.person_specification for s in jd.sections if s.person_specification):
        table = document.tables[-1]
        columns = [spec.requirement_column or "Requirement (editors' addition)", "Essential", "Desirable"]
        assert [c.text for c in table.rows[0].cells] == columns + ([spec.measured_column] if spec.measured_column else [])
        requirements = [r.cells[0].text for r in table.rows[1:]]
        for group in spec.groups:
            assert group.heading in requirements
            for req in group.requirements:
                index = requirements.index(req.requirement) + 1
                if spec.measured_column:
                    assert table.rows[index].cells[3].text == (req.measured or "")
        for line in spec.key:
            assert line in text and line in odt


def test_a_job_description_s_files_print_details_as_the_source_does(fixture_site: BuiltSite) -> None:
    path = fixture_site.root / "downloads" / "job-descriptions" / "fixture-planning-officer.docx"
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    # Written out by hand from the fixture: label and value as printed; a blank value said to be the editors' words.
    assert "Job title: Fixture Planning Officer" in paragraphs
    assert "Grade: Not stated in the source (editors' addition)" in paragraphs
    assert paragraphs.index("Working to:") < paragraphs.index("The fixture board")
    assert "FIXTURE TRUST" in paragraphs


def test_a_historical_document_s_files_say_so_in_their_title_and_metadata(fixture_site: BuiltSite) -> None:
    # Written out by hand from the fixture: both documents are historical, from January 2005.
    for path, title in (("downloads/job-descriptions/fixture-planning-officer", "Fixture Planning Officer (band 4): "
                         "example job description from January 2005, not a current template"),
                        ("downloads/templates/fixture-plan", "Fixture plan: a draft framework: example document from "
                         "January 2005, not a current template")):
        document = docx.Document(str(fixture_site.root / f"{path}.docx"))
        assert document.core_properties.title == title
        assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [title]
        assert "not a current template" in document.core_properties.category
        odt = zipfile.ZipFile(fixture_site.root / f"{path}.odt")
        assert f"<dc:title>{title}</dc:title>" in odt.read("meta.xml").decode()
        assert title in odt_text(fixture_site.root / f"{path}.odt")


def test_a_job_description_download_marks_each_row_the_source_does_not_show_and_names_them(
        fixture_site: BuiltSite) -> None:
    path = fixture_site.root / "downloads" / "job-descriptions" / "fixture-planning-officer.docx"
    spec = docx.Document(str(path)).tables[-1]
    # Written out by hand from the fixture's person specification.
    assert [[c.text for c in row.cells][:3] for row in spec.rows[2:]] == [
        ["A degree or equivalent experience", "Essential", ""],
        ["A workforce planning qualification", "", "Desirable"],
        ["Experience", "", ""],
        ["Experience of workforce data", "Essential (editors' reading)", ""],
        ["Experience of a planning office", "Essential", "Desirable"],
        ["A flexible approach", "Not legible in the source", "Not legible in the source"]]
    named = ("these rows of the person specification are in, so their marks here are the editors' reading, "
             "shown as ‘editors' reading’: ‘Experience of workforce data’.")
    odt = odt_text(path.with_suffix(".odt"))
    for text in (docx_text(path), odt):
        assert named in text and "and the editors make no reading: ‘A flexible approach’." in text
    assert "Essential (editors' reading)" in odt and "Not legible in the source" in odt


#: The fixture's sessions in UTC, worked out by hand: GMT in February and late October, BST in June and on
#: 31 March; the night briefings start before the clocks change (at 1am GMT on 30 March 2025, at 2am BST on
#: 26 October 2025) and end after it.
IN_UTC = {"winter-launch": ("2025-02-06 15:30", "2025-02-06 16:30"),
          "summer-workshop": ("2025-06-12 08:30", "2025-06-12 12:00"),
          "autumn-clinic": ("2025-10-27 12:00", "2025-10-27 14:00"),
          "spring-drop-in": ("2025-03-31 08:00", "2025-03-31 09:00"),
          "spring-night-briefing": ("2025-03-30 00:30", "2025-03-30 02:30"),
          "autumn-night-briefing": ("2025-10-25 23:30", "2025-10-26 03:00"),
          "future-refresher": ("2099-01-15 10:00", "2099-01-15 11:00")}


def test_training_calendar_has_every_session_at_london_time(fixture_site: BuiltSite) -> None:
    programme = CONTENT.training["fixture-training"]
    raw = (fixture_site.root / "downloads" / "training" / f"{programme.id}.ics").read_bytes()
    assert b"BEGIN:VTIMEZONE" in raw and b"TZID:Europe/London" in raw
    calendar = Calendar.from_ical(raw)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == len(programme.sessions) == len(IN_UTC)
    london = ZoneInfo("Europe/London")
    for session in programme.sessions:
        in_utc = tuple(t.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
                       for t in (events[f"{programme.id}.{session.id}@toolkit-publisher.invalid"].decoded(k)
                                 for k in ("DTSTART", "DTEND")))
        assert in_utc == IN_UTC[session.id], session.id
        event = events[f"{programme.id}.{session.id}@toolkit-publisher.invalid"]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == dt.datetime.combine(session.date, session.start, tzinfo=london)
        assert end == dt.datetime.combine(session.date, session.end, tzinfo=london)
        assert event["DTSTART"].params["TZID"] == "Europe/London"
        assert str(event["SUMMARY"]) == session.title
        single = Calendar.from_ical((fixture_site.root / "downloads" / "training" / programme.id / f"{session.id}.ics")
                                    .read_bytes())
        assert [str(e["UID"]) for e in single.walk("VEVENT")] == [str(event["UID"])]


def test_outline_plan_document_has_every_section_and_annex(fixture_site: BuiltSite) -> None:
    template = CONTENT.templates["fixture-plan"]
    document = docx.Document(str(fixture_site.root / "downloads" / "templates" / f"{template.id}.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in template.sections:
        assert section.heading in headings
    for annex in template.annexes:
        assert f"Annex {annex.letter}: {annex.heading}" in headings
    # Each part has its own table or, if it has none, a box to write in (a table of one cell).
    parts = (*template.sections, *template.annexes)
    assert len(document.tables) == len(parts)
    assert [len(t.rows) * len(t.columns) == 1 for t in document.tables] == [not part.table for part in parts]
    odt = odt_text(fixture_site.root / "downloads" / "templates" / f"{template.id}.odt")
    for annex in template.annexes:
        assert f"Annex {annex.letter}" in odt


def test_a_document_says_of_each_resource_it_links_to_what_its_page_says(fixture_site: BuiltSite) -> None:
    """A link to a resource whose source gives no address is followed by the same words on the page and in the Word
    and OpenDocument files; a link to one with an address shows it in the files, as it does in print."""
    page = fixture_site.article("document-templates/fixture-plan/")
    said = page.select_one("span.tk-link-missing")
    assert said is not None and said.get_text() == "(link not yet provided)"
    assert said.find_previous_sibling("a").get_text() == "the guide"
    base = fixture_site.root / "downloads" / "templates" / "fixture-plan"
    for text in (docx_text(base.with_suffix(".docx")), odt_text(base.with_suffix(".odt"))):
        flat = " ".join(text.split())
        # Written out by hand from the fixture: its intro links to one resource of each kind.
        assert ("See the guide (link not yet provided) and a site with a link (https://www.example.org/guide)."
                in flat), flat


def test_every_download_is_linked_with_its_format_and_true_size(fixture_site: BuiltSite) -> None:
    files = [p for p in (fixture_site.root / "downloads").rglob("*") if p.is_file() and p.name != "index.html"]
    planned = {d.path for batch in plan_downloads(CONTENT) for d in batch.downloads}
    assert {p.relative_to(fixture_site.root).as_posix() for p in files} == planned
    over = {d.path for batch in plan_downloads(CONTENT) for d in batch.downloads if d.taken_place(dt.date.today())}
    assert over, "the fixture has sessions that have taken place"
    listing = (fixture_site.root / "downloads" / "index.html").read_text(encoding="utf-8")
    for path in files:
        relative = path.relative_to(fixture_site.root).as_posix()
        # Every file is listed but the calendar files of sessions that have taken place, no longer offered.
        assert (relative.split("/", 1)[1] in listing) == (relative not in over), f"{relative}: listed or not"
    section = SECTIONS[0].id
    page = (fixture_site.root / "toolkits" / TOOLKIT.id / section / "index.html").read_text("utf-8")
    docx_file = fixture_site.root / CHECKLISTS / f"{section}.docx"
    assert re.search(rf'{section}\.docx">Word document, {format_size(docx_file.stat().st_size)}</a>', page)
    # Sizes are filled in as pages are written; none is left as a marker, in a page or in the search index.
    for html_file in fixture_site.root.rglob("*.html"):
        assert "tk-size" not in html_file.read_text(encoding="utf-8"), html_file
    assert "tk-size" not in (fixture_site.root / "search" / "search_index.json").read_text(encoding="utf-8")


def test_downloads_are_reproducible_and_honour_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_downloads(plan_downloads(CONTENT))
    second = make_downloads(plan_downloads(CONTENT))
    assert first == second
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14T22:13:20Z
    stamped = make_downloads(plan_downloads(CONTENT))
    docx_path = f"{CHECKLISTS}/{SECTIONS[0].id}.docx"
    assert stamped[docx_path] != first[docx_path]
    for info in zipfile.ZipFile(io.BytesIO(stamped[docx_path])).infolist():
        assert info.date_time == (2023, 11, 14, 22, 13, 20)
    # A calendar is stamped with its sessions' recorded revisions, not the build's time (tests/test_calendars.py).
    assert stamped["downloads/training/fixture-training.ics"] == first["downloads/training/fixture-training.ics"]
