"""Hostile and careless content: what would put a script on an NHS page is refused with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_validation import TOOLKIT, errors_for

PAGE = "id: intro\ntitle: Intro\nbody: |\n  A first line.\n\n  {markdown}\n"


@pytest.mark.parametrize(("markdown", "column", "what"), [
    ("Hello <script>alert(1)</script>", 9, "<script>"),
    ("<img src=x onerror=alert(1)>", 3, "<img onerror=alert(1) src=x>"),  # the whole tag goes
    ("[click](javascript:alert(1))", 11, "<a href=javascript:alert(1)>"),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", 10, "<a href=data:text/html;base64,PHNjcmlwdD4=>"),
    ('<a href="https://nhs.uk" onclick="steal()">x</a>', 37, "<a href=https://nhs.uk onclick=steal()>"),
    ('<iframe src="https://example.org"></iframe>', 3, "<iframe src=https://example.org>"),
    ("<style>body { display: none }</style>", 3, "<style>"),
    ("<!-- hidden -->", 3, "an HTML comment <!-- -->"),
])
def test_unsafe_markdown_is_an_error_at_its_place(tmp_path: Path, markdown: str, column: int, what: str) -> None:
    files = {"pages/intro.yml": PAGE.format(markdown=markdown), "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"}
    errors = errors_for(tmp_path, files)
    assert len(errors) == 1
    position, message = errors[0].split(": error: ")
    assert message == (f"'body' contains HTML that is not allowed: {what}. Only Markdown formatting and https:, "
                       "http: or mailto: links may be used; remove it or write it in Markdown")
    assert position == f"toolkit_data/pages/intro.yml:6:{column}"


# --- downloads: formula cells and calendar text ------------------------------------------------

import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402

from icalendar import Calendar  # noqa: E402
from openpyxl import load_workbook  # noqa: E402

from conftest import BuiltSite, copy_project, mkdocs_build  # noqa: E402
from toolkit_publisher.validate import validate  # noqa: E402
from toolkit_publisher.downloads import plan_downloads  # noqa: E402
from toolkit_publisher.downloads.produce import make_downloads  # noqa: E402
from test_validation import QUESTIONS, RESOURCES, write_data  # noqa: E402

FORMULAS = ["=HYPERLINK(\"https://evil.example/\",\"Click\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTabbed"]  # a CR is refused at load
def _hostile_questions() -> str:
    """A question set whose texts and prompts are formula-like; JSON strings are valid YAML double-quoted text."""
    lines = ["id: demo-questions", "title: Demo questions", "audience: \"<script>alert('audience')</script>\"",
             "questions:"]
    for index, text in enumerate(FORMULAS):
        lines += [f"  - id: q{index}", f"    text: {json.dumps(text)}", "    prompts:", f"      - {json.dumps(text)}"]
    return "\n".join(lines) + "\n"


HOSTILE_QUESTIONS = _hostile_questions()
HOSTILE_TRAINING = """\
id: hostile-training
title: "Sessions; with, punctuation"
organisation: "Trust, with; separators"
source: demo
summary: A summary.
booking: "Email: nobody, anywhere"
sessions:
  - id: one
    title: "Title, with; a comma"
    audience: "Everyone; really"
    date: 2025-03-03
    start: "09:30"
    end: "10:30"
    mode: face-to-face
    venue: "Room 1, Building; 2\\nand a new line"
"""


@pytest.fixture(scope="module")
def hostile_content(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    root = tmp_path_factory.mktemp("hostile")
    data = write_data(root, {"question_sets/demo-questions.yml": HOSTILE_QUESTIONS,
                             "training/hostile-training.yml": HOSTILE_TRAINING})
    return validate(data)


def test_question_texts_survive_exactly(hostile_content) -> None:  # noqa: ANN001
    texts = [q.text for q in hostile_content.question_sets["demo-questions"].all_questions()]
    assert texts == FORMULAS


def test_csv_cells_that_would_be_formulas_are_neutralised(hostile_content) -> None:  # noqa: ANN001
    data = make_downloads(plan_downloads(hostile_content))
    raw = data["downloads/checklists/demo/demo-questions.csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))[1:]
    assert [row[4] for row in rows] == [f"'{text}" for text in FORMULAS]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_excel_cells_that_would_be_formulas_stay_text(hostile_content) -> None:  # noqa: ANN001
    data = make_downloads(plan_downloads(hostile_content))
    workbook = load_workbook(io.BytesIO(data["downloads/checklists/demo/demo-questions.xlsx"]))
    sheet = workbook.worksheets[0]
    for index, text in enumerate(FORMULAS, start=2):
        cell = sheet.cell(row=index, column=3)
        assert cell.data_type == "s" and cell.value == text
        assert cell.quotePrefix, f"{text!r} has no quote prefix"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_calendar_text_is_escaped_by_the_library(hostile_content) -> None:  # noqa: ANN001
    data = make_downloads(plan_downloads(hostile_content))
    raw = data["downloads/training/hostile-training/one.ics"]
    assert b"SUMMARY:Title\\, with\\; a comma\r\n" in raw  # a title is one line
    assert b"LOCATION:Face to face\\, Room 1\\, Building\\; 2\\nand a new line" in raw
    event = next(iter(Calendar.from_ical(raw).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Title, with; a comma"
    assert str(event["LOCATION"]) == "Face to face, Room 1, Building; 2\nand a new line"


def test_built_pages_carry_no_injected_markup(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    data = project / "toolkit_data"
    (data / "question_sets" / "demo-questions.yml").write_text(HOSTILE_QUESTIONS, encoding="utf-8")
    (data / "resources" / "demo-resources.yml").write_text(RESOURCES, encoding="utf-8")
    (data / "toolkits" / "demo.yml").write_text(TOOLKIT.replace("summary: A toolkit for tests.",
                                                                "summary: \"Demo <img src=x onerror=alert(1)>\""),
                                                encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = BuiltSite(tmp_path / "site", result)
    page = (site.root / "toolkits" / "demo" / "demo-questions" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(" in page and "audience" in page
    home = (site.root / "toolkits" / "demo" / "index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in home and "onerror=alert(1)&gt;" in home
    index = (site.root / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in index and "<img" not in index


@pytest.mark.parametrize("title", ["<script>alert(1)</script>", "&lt;/title&gt;&lt;script&gt;", "A &#60; B", "x > y"])
def test_titles_cannot_carry_markup(tmp_path: Path, title: str) -> None:
    """Themes put titles into <title>, the sidebar and search as HTML, unescaping entities on the way."""
    toolkit = TOOLKIT.replace("title: Demo toolkit", f"title: {json.dumps(title)}")
    errors = errors_for(tmp_path, {"toolkits/demo.yml": toolkit})
    assert len(errors) == 1
    assert errors[0].startswith("toolkit_data/toolkits/demo.yml:2:8: error: 'title': a title cannot contain")
    assert errors[0].endswith("; write it in words, without HTML or entities")


# --- ids and file names -------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "/absolute", "UPPER", "a/b", "a\\\\b", "con.", "a--b", "-a"])
def test_ids_that_could_become_unsafe_paths_are_refused(tmp_path: Path, bad_id: str) -> None:
    resources = RESOURCES.replace("  - id: guides", f'  - id: "{bad_id}"')
    errors = errors_for(tmp_path, {"resources/demo-resources.yml": resources})
    assert len(errors) == 1 and "must be an id of lowercase letters, digits and single hyphens" in errors[0]


def test_file_names_differing_only_by_case_are_refused(tmp_path: Path) -> None:
    page = "id: intro\ntitle: Intro\nbody: Hello.\n"
    files = {"pages/intro.yml": page, "pages/Intro.yml": page, "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"}
    errors = errors_for(tmp_path, files)
    assert any("differs only in case" in e for e in errors), errors


# --- oversized and malicious YAML ---------------------------------------------------------------

from toolkit_publisher.load import MAX_DEPTH, MAX_FILE_BYTES, load_text  # noqa: E402


def test_a_huge_file_is_refused() -> None:
    raw = b"id: x\nbody: |\n" + b"  " + b"a" * (MAX_FILE_BYTES + 1) + b"\n"
    _, errors = load_text(raw, "big.yml")
    assert [str(e) for e in errors] == [f"big.yml:1:1: error: the file is {len(raw):,} bytes; the limit is "
                                        f"{MAX_FILE_BYTES:,}: split it"]


def test_deep_nesting_is_refused() -> None:
    raw = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    _, errors = load_text(raw, "deep.yml")
    assert len(errors) == 1 and f"nested more than {MAX_DEPTH} levels deep" in str(errors[0])


def test_an_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        prev = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 10)}]")
    _, errors = load_text("\n".join(lines) + "\n", "bomb.yml")
    # Refused before anything is composed: every anchor and alias is named, none is expanded.
    assert str(errors[0]).startswith("bomb.yml:1:4: error: YAML anchors and aliases ('&a') are not supported")
    assert len(errors) == 9 + 80 and all("anchors and aliases" in str(e) for e in errors)


def test_the_sanitiser_check_renders_markdown_as_the_site_does() -> None:
    """If mkdocs.yml enabled an extension the check does not use, editors' HTML could slip past it."""
    import yaml as pyyaml

    from conftest import ROOT
    from toolkit_publisher.sanitise import MARKDOWN_EXTENSIONS

    config = pyyaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=pyyaml.BaseLoader)
    enabled = {next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]}
    assert enabled - {"toc"} == set(MARKDOWN_EXTENSIONS)
