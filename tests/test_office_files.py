"""The Word, OpenDocument and Excel downloads opened as a trust opens them: LibreOffice Writer and Calc print each
kind of file of the fixture site to PDF, and the tests read the printed pages (tests/office.py): no text printed
over other text or outside its cell, columns as wide as the document means them, a page number on every page, a
group's heading on the same page as its first question."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from lxml import etree
from openpyxl import load_workbook
from openpyxl.utils.cell import coordinate_from_string

from conftest import FIXTURE, BuiltSite, copy_project
from office import Printed, read_pdf, round_trip, to_pdf
from toolkit_publisher import labels
from toolkit_publisher.downloads import checklists, job_descriptions, jobs, templates
from toolkit_publisher.downloads.document import Document, Items, Table
from toolkit_publisher.downloads.opendocument import to_odt
from toolkit_publisher.downloads.word import to_docx
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
TOOLKIT = CONTENT.toolkits["fixture-readiness"]
SECTIONS = [CONTENT.question_sets[p.ref] for p in TOOLKIT.parts if p.checklist]

OFFICE = (".docx", ".odt", ".xlsx")


@pytest.fixture(scope="session")
def libreoffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile of the tests' own, made on first use and shared by every conversion."""
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture(scope="session")
def printed(fixture_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory,
            libreoffice_profile: Path) -> dict[str, Printed]:
    """Every office download of the fixture site as LibreOffice prints it, by its path in the site."""
    files = sorted(p for p in (fixture_site.root / "downloads").rglob("*") if p.suffix in OFFICE)
    pdfs = to_pdf(files, tmp_path_factory.mktemp("printed"), libreoffice_profile)
    return {file.relative_to(fixture_site.root).as_posix(): read_pdf(pdf) for file, pdf in pdfs.items()}


def test_every_kind_of_office_download_is_printed(printed: dict[str, Printed]) -> None:
    kinds = {(path.split("/")[1], Path(path).suffix) for path in printed}
    assert kinds == {("checklists", ".docx"), ("checklists", ".odt"), ("checklists", ".xlsx"),
                     ("job-descriptions", ".docx"), ("job-descriptions", ".odt"),
                     ("templates", ".docx"), ("templates", ".odt")}
    for path, pdf in printed.items():
        assert pdf.pages and pdf.pages[0].text, f"{path} printed nothing"


# --- what the fixture's documents mean to print ---------------------------------------------------------------


def _documents() -> dict[str, Document]:
    """Each Word and OpenDocument download of the fixture site (by its path less the extension) as the document
    it lays out, whose tables say how wide each column is meant to be."""
    folder = f"downloads/checklists/{TOOLKIT.id}"
    documents = {f"{folder}/{qs.id}": checklists.document(TOOLKIT, [qs]) for qs in SECTIONS}
    documents[f"{folder}/{TOOLKIT.id}-checklist"] = checklists.document(TOOLKIT, SECTIONS)
    for jd in CONTENT.job_descriptions.values():
        source = CONTENT.toolkits[jd.source]
        documents[f"downloads/job-descriptions/{jd.id}"] = job_descriptions.document(jd, source.title,
                                                                                   source.publisher or "")
    for template in CONTENT.templates.values():
        source = CONTENT.toolkits[template.source]
        documents[f"downloads/templates/{template.id}"] = templates.document(template, source.title,
                                                                            source.publisher or "")
    return documents


DOCUMENTS = _documents()


def _files(*extensions: str) -> list[str]:
    return [f"{base}{extension}" for base in DOCUMENTS for extension in extensions]


def _intended(table: Table) -> list[float]:
    shares = table.widths or (1.0,) * len(table.columns)
    return [share / sum(shares) for share in shares]


# --- the fixture site's files ---------------------------------------------------------------------------------

DOCUMENT_FILES = _files(".docx", ".odt")
SPREADSHEETS = {f"{base}.xlsx": sections for base, sections in (
    *((f"downloads/checklists/{TOOLKIT.id}/{qs.id}", [qs]) for qs in SECTIONS),
    (f"downloads/checklists/{TOOLKIT.id}/{TOOLKIT.id}-checklist", SECTIONS))}


@pytest.mark.parametrize("path", DOCUMENT_FILES + list(SPREADSHEETS))
def test_every_page_is_numbered(printed: dict[str, Printed], path: str) -> None:
    pages = printed[path].pages
    assert [page.page_number() for page in pages] == [(n, len(pages)) for n in range(1, len(pages) + 1)]


@pytest.mark.parametrize("path", DOCUMENT_FILES + list(SPREADSHEETS))
def test_no_text_is_printed_over_other_text_or_outside_its_cell(printed: dict[str, Printed], path: str) -> None:
    for page in printed[path].pages:
        assert page.overprints() == [], f"{path}, page {page.number}: text printed over other text"
        assert page.text_across_borders() == [], f"{path}, page {page.number}: text across a cell's border"


@pytest.mark.parametrize("path", DOCUMENT_FILES)
def test_table_columns_are_as_wide_as_the_document_means(printed: dict[str, Printed], path: str) -> None:
    tables = [block for block in DOCUMENTS[path.rsplit(".", 1)[0]].blocks if isinstance(block, Table)]
    assert tables
    for table in tables:
        found = [widths for page in printed[path].pages
                 if (widths := page.widths_of_table_headed(table.columns[0])) is not None]
        assert found, f"{path}: no table headed {table.columns[0]!r} was printed"
        for widths in found:
            assert widths == pytest.approx(_intended(table), abs=0.01), f"{path}: {table.columns}"


@pytest.mark.parametrize("path", _files(".docx"))
def test_word_grid_matches_its_cells(fixture_site: BuiltSite, path: str) -> None:
    """LibreOffice sizes columns from the grid, Word from the cells: both must say the same."""
    for table in docx.Document(str(fixture_site.root / path)).tables:
        grid = [int(column.get(qn("w:w"))) for column in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
        assert int(table._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
        for row in table._tbl.tr_lst:
            cells = [(int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))), tc.grid_span) for tc in row.tc_lst]
            starts = [sum(span for _, span in cells[:index]) for index in range(len(cells))]
            assert [width for width, _ in cells] == [sum(grid[start:start + span])
                                                     for start, (_, span) in zip(starts, cells)]


@pytest.mark.parametrize("path", DOCUMENT_FILES)
def test_metadata_names_the_publisher_and_toolkit_in_british_english(
        fixture_site: BuiltSite, printed: dict[str, Printed], path: str) -> None:
    document = DOCUMENTS[path.rsplit(".", 1)[0]]
    pdf = printed[path]
    assert pdf.language == "en-GB"
    assert pdf.info["Title"] == document.title
    assert pdf.info["Subject"] == document.toolkit
    assert pdf.info.get("Author", "") == document.publisher
    with zipfile.ZipFile(fixture_site.root / path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    libraries = (b"python-docx", b"ODFPY", b"odfpy")
    assert not [name for name, data in parts.items() if b"en-US" in data or any(n in data for n in libraries)]
    assert not [name for name in parts if "thumbnail" in name.lower()], "a blank thumbnail"
    if path.endswith(".docx"):
        assert b"<Application>toolkit-publisher</Application>" in parts["docProps/app.xml"]
    else:
        assert b"<meta:generator>toolkit-publisher</meta:generator>" in parts["meta.xml"]


@pytest.mark.parametrize("path", _files(".odt"))
def test_opendocument_is_valid_against_the_odf_schema(fixture_site: BuiltSite, path: str) -> None:
    assert _schema_errors(fixture_site.root / path) == []


def test_fill_in_space_is_a_box_not_a_line_of_underscores(printed: dict[str, Printed]) -> None:
    """Each section of a template that has no table of its own is followed by a box to write in, drawn across the
    page's text and several lines tall, and no line of underscores is printed anywhere."""
    for template in CONTENT.templates.values():
        for extension in (".docx", ".odt"):
            pdf = printed[f"downloads/templates/{template.id}{extension}"]
            assert "___" not in " ".join(page.text for page in pdf.pages)
            for section in (*template.sections, *template.annexes):
                if section.table:
                    continue
                page = pdf.pages[pdf.page_of(section.heading) - 1]
                heading = page.find(section.heading)
                assert heading is not None
                box = page.box_below(heading.box.y0)
                assert box is not None, f"{template.id}{extension}: no box to write in after {section.heading!r}"
                assert box.y1 - box.y0 > 3 * CM, f"{template.id}{extension}: the box after {section.heading!r}"
                assert box.x1 - box.x0 > 0.9 * (page.width - 4 * CM)


@pytest.mark.parametrize("path", list(SPREADSHEETS))
def test_spreadsheet_prints_every_question_whole_at_full_size(printed: dict[str, Printed], path: str) -> None:
    """Each row is as tall as its longest text, so every question and prompt is printed whole, in its own column,
    on A4 landscape with no shrinking to fit (Calibri 11 prints at 11 points), the headings on every page."""
    _prints_every_question_whole(printed[path], [q for qs in SPREADSHEETS[path] for q in qs.all_questions()])


def _prints_every_question_whole(pdf: Printed, questions: list) -> None:  # noqa: ANN001 - model questions
    columns = [page.columns_of_table_headed(labels.NUMBER) for page in pdf.pages]  # headings on every page
    assert {len(page) for page in columns} == {len(checklists.XLSX_COLUMNS)}, "a column printed on a page of its own"
    question_text = " ".join(page[2] for page in columns)
    prompt_text = " ".join(page[5] for page in columns)
    for question in questions:
        assert question.text in question_text, question.text
        for prompt in question.prompts:
            assert prompt in prompt_text, prompt
    for page in pdf.pages:
        assert page.width > page.height, "not landscape"
        assert page.font_sizes == {11.0}, f"page {page.number} is shrunk to fit: {page.font_sizes}"


@pytest.mark.parametrize("path", list(SPREADSHEETS))
def test_spreadsheet_keeps_its_headings_print_setup_and_yes_no_list_when_saved_by_calc(
        fixture_site: BuiltSite, tmp_path: Path, libreoffice_profile: Path, path: str) -> None:
    """Opened and saved again by Calc, each sheet still has its print area and titles, its rows' heights, and the
    Y/N list on the answer cell of every yes/no question and no other. (Its frozen headings are a setting of the
    view, which Calc without a screen neither has nor saves: the file's own are checked.)"""
    saved = load_workbook(round_trip(fixture_site.root / path, "xlsx", tmp_path, libreoffice_profile))
    original = load_workbook(fixture_site.root / path)
    for sheet, qs in zip(saved.worksheets, SPREADSHEETS[path], strict=True):
        assert original[sheet.title].freeze_panes == "A2"
        assert sheet.print_title_rows == "$1:$1"
        questions = qs.all_questions()
        assert sheet.print_area == f"'{sheet.title}'!$A$1:$F${len(questions) + 1}"
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        heights = [sheet.row_dimensions[row].height for row in range(1, len(questions) + 2)]
        assert heights == pytest.approx([original[sheet.title].row_dimensions[row].height
                                         for row in range(1, len(questions) + 2)], abs=0.5)
        answers = {f"D{row}" for row, question in enumerate(questions, start=2) if question.answer == "yes-no"}
        listed = {cell for validation in sheet.data_validations.dataValidation
                  if validation.type == "list" and validation.formula1 == '"Y,N"'
                  for cells in validation.sqref.ranges for cell in _cells(cells.coord)}
        assert listed == answers


def _cells(coord: str) -> set[str]:
    first, _, last = coord.partition(":")
    if not last:
        return {first}
    (column, start), (_, end) = (coordinate_from_string(first), coordinate_from_string(last))
    return {f"{column}{row}" for row in range(start, end + 1)}


# --- documents long enough to run over many pages, and lists -----------------------------------------------------

WORDS = ("workforce plan support staff review training apprenticeship budget data board partners band "
         "recruitment retention wellbeing").split()
CM = 72 / 2.54


def _words(start: int, count: int) -> str:
    return " ".join(WORDS[(start + i) % len(WORDS)] for i in range(count))


def _long_question_set() -> dict:
    """Groups of one to four questions of many lengths, so that some group's heading would fall at the foot of a
    page if nothing kept it with its questions."""
    groups, number = [], 0
    for group in range(24):
        questions = []
        for _ in range(1 + group * 7 % 4):
            number += 1
            questions.append({"id": f"q{number}", "text": f"Question {number}: {_words(number, 6 + number * 5 % 30)}?",
                              "answer": ("yes-no", "text", "figure")[number % 3],
                              "prompts": [f"Prompt {number}.{k}: {_words(k, 4 + number * k % 12)}."
                                          for k in range(1 + number % 3)]})
        groups.append({"title": f"Group {group + 1}: {_words(group, 2 + group % 4)}", "questions": questions})
    return {"id": "fixture-grouped", "title": "Section A: Grouped questions", "short_title": "Grouped questions",
            "audience": "Questions for employers", "groups": groups}


LISTS = Document(title="Lists", blocks=[Items(("First point", "Second point")),
                                        Items(("First step", "Second step"), numbered=True)])


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory, libreoffice_profile: Path):  # noqa: ANN201
    """The long checklist's question set, and its Word, OpenDocument and Excel files, and a document of lists in
    Word and OpenDocument, as LibreOffice prints them."""
    project = copy_project(tmp_path_factory.mktemp("long-checklist"))
    (project / "toolkit_data" / "question_sets" / "fixture-grouped.yml").write_text(
        yaml.safe_dump(_long_question_set(), sort_keys=False), encoding="utf-8")
    content = validate(project / "toolkit_data")
    toolkit, qs = content.toolkits[TOOLKIT.id], content.question_sets["fixture-grouped"]
    out = project / "files"
    out.mkdir()
    files = {f"long-checklist{extension}": data
             for extension, data in zip((".docx", ".odt", ".xlsx"), jobs.checklist(toolkit, [qs]))}
    files |= {"lists.docx": to_docx(LISTS), "lists.odt": to_odt(LISTS)}
    for name, data in files.items():
        (out / name).write_bytes(data)
    pdfs = to_pdf([out / name for name in files], project / "printed", libreoffice_profile)
    return qs, {file.name: read_pdf(pdf) for file, pdf in pdfs.items()}, out


@pytest.mark.parametrize("extension", [".docx", ".odt"])
def test_a_group_heading_is_printed_on_the_page_of_its_first_question(made, extension: str) -> None:  # noqa: ANN001
    qs, pdfs, _ = made
    pdf = pdfs[f"long-checklist{extension}"]
    assert len(pdf.pages) > 5
    for group in qs.groups:
        assert pdf.page_of(group.title) == pdf.page_of(group.questions[0].text), group.title


@pytest.mark.parametrize("extension", [".docx", ".odt"])
def test_no_question_row_is_split_across_pages(made, extension: str) -> None:  # noqa: ANN001
    """Each question, and each of its prompts, is printed whole on one page (page_of finds the whole text)."""
    qs, pdfs, _ = made
    pdf = pdfs[f"long-checklist{extension}"]
    for question in qs.all_questions():
        assert {pdf.page_of(text) for text in (question.text, *question.prompts)} == {pdf.page_of(question.text)}


@pytest.mark.parametrize("extension", [".docx", ".odt", ".xlsx"])
def test_a_long_checklist_prints_cleanly_on_every_page(made, extension: str) -> None:  # noqa: ANN001
    _, pdfs, _ = made
    pages = pdfs[f"long-checklist{extension}"].pages
    for page in pages:
        assert page.page_number() == (page.number, len(pages))
        assert page.overprints() == [] and page.text_across_borders() == [], f"page {page.number}"
        assert page.number == 1 or page.find(labels.NUMBER) is not None, \
            f"page {page.number} does not repeat the table's column headings"


def test_a_long_checklist_spreadsheet_prints_every_question_whole(made) -> None:  # noqa: ANN001
    qs, pdfs, _ = made
    assert len(pdfs["long-checklist.xlsx"].pages) > 3
    _prints_every_question_whole(pdfs["long-checklist.xlsx"], qs.all_questions())


def test_a_long_checklist_in_opendocument_is_valid(made) -> None:  # noqa: ANN001
    _, _, out = made
    assert _schema_errors(out / "long-checklist.odt") == []


@pytest.mark.parametrize("extension", [".docx", ".odt"])
def test_each_list_item_has_one_marker(made, extension: str) -> None:  # noqa: ANN001
    _, pdfs, _ = made
    lines = pdfs[f"lists{extension}"].pages[0].lines()
    for bullets in LISTS.blocks:
        assert isinstance(bullets, Items)
        for number, item in enumerate(bullets.items, start=1):
            [line] = [line for line in lines if line.endswith(item)]
            marker = line.removesuffix(item).strip()
            assert marker == f"{number}." if bullets.numbered else len(marker) == 1 and not marker.isalnum(), line


# --- the ODF schema ---------------------------------------------------------------------------------------------

ODF_SCHEMA = Path(__file__).parent / "odf-schema"


@functools.cache
def _relax_ng(name: str) -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(ODF_SCHEMA / name)))


def _schema_errors(path: Path) -> list[str]:
    """Every part of an OpenDocument file the ODF 1.2 schema covers, checked against it (the manifest against its
    own schema); the errors, if any."""
    errors = []
    with zipfile.ZipFile(path) as package:
        assert package.namelist()[0] == "mimetype" and package.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        for name in package.namelist():
            if not name.endswith(".xml"):
                continue
            schema = _relax_ng("OpenDocument-v1.2-os-manifest-schema.rng" if name == "META-INF/manifest.xml"
                               else "OpenDocument-v1.2-os-schema.rng")
            if not schema.validate(etree.fromstring(package.read(name))):
                errors += [f"{name}: {error.message}" for error in schema.error_log]
    return errors


def test_a_long_toolkit_title_is_shortened_in_word_properties_not_refused() -> None:
    """Word's core properties hold 255 characters at most: a longer title or description is cut, not an error."""
    long_title = "A toolkit title far longer than any property holds, " * 8
    data = to_docx(Document(title=long_title, toolkit=long_title, publisher="A publisher", description="Checklist"))
    properties = docx.Document(io.BytesIO(data)).core_properties
    for value in (properties.title, properties.subject, properties.comments):
        assert len(value) <= 255 and value.endswith("…"), value
    assert long_title.startswith(properties.title[:-1]) and properties.subject == properties.title


def test_a_question_with_more_prompts_than_a_row_holds_goes_on_in_the_rows_below(
        tmp_path: Path, libreoffice_profile: Path) -> None:
    """Excel keeps no row taller than 409 points: a question whose prompts need more goes on in the rows below, its
    other cells merged down beside them, and every prompt is printed, at full size, with no row sized past it."""
    project = copy_project(tmp_path / "project")
    many = {"id": "many-prompts", "text": "Which of these sixty steps have you taken?", "answer": "yes-no",
            "prompts": [f"Step number {k}: {_words(k, 3 + k % 5)}." for k in range(60)]}
    (project / "toolkit_data" / "question_sets" / "fixture-grouped.yml").write_text(yaml.safe_dump({
        "id": "fixture-grouped", "title": "Section A: Grouped questions", "short_title": "Grouped questions",
        "audience": "Questions for employers", "groups": [{"title": "Many prompts", "questions": [
            many, {"id": "after", "text": "And the question after it?", "answer": "text", "prompts": ["One."]}]}]},
        sort_keys=False), encoding="utf-8")
    content = validate(project / "toolkit_data")
    qs = content.question_sets["fixture-grouped"]
    data = jobs.checklist(content.toolkits[TOOLKIT.id], [qs])[2]
    path = tmp_path / "many-prompts.xlsx"
    path.write_bytes(data)
    sheet = load_workbook(path).worksheets[0]
    assert max(dimension.height for dimension in sheet.row_dimensions.values() if dimension.height) <= 409
    assert len(sheet.merged_cells.ranges) == 4  # No., Group, Y/N and Response, down the question's rows
    [pdf] = to_pdf([path], tmp_path / "printed", libreoffice_profile).values()
    _prints_every_question_whole(read_pdf(pdf), qs.all_questions())
