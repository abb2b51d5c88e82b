"""Checklist downloads: each section, and each whole toolkit, as Word, OpenDocument, Excel and CSV."""

from __future__ import annotations

import csv
import io
import textwrap
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .. import editorial, labels
from .. import models as m
from .document import GENERATOR, LANGUAGE, Document, Heading, PageBreak, Paragraph, Table
from .reproducible import build_time, is_formula_like, neutralise, normalise_zip

#: Spelled out for a data file ("Number", not "No."), whose columns are read by name.
CSV_COLUMNS = ("Toolkit", "Section", labels.GROUP, "Number", labels.QUESTION, "Answer type", labels.YES_NO,
               labels.RESPONSE, labels.PROMPTS)
#: The Y/N column's entry on paper, with room between the letters to circle one.
YES_OR_NO_ON_PAPER = f"{labels.YES}  /  {labels.NO}"


@dataclass(frozen=True)
class Row:
    """One question as the downloads show it."""

    number: int
    group: str
    question: m.Question

    @property
    def prompts(self) -> str:
        lines = [self.question.prompts_intro] if self.question.prompts_intro else []
        return "\n".join(lines + [f"• {prompt}" for prompt in self.question.prompts])


def rows(qs: m.QuestionSet) -> list[Row]:
    groups = ([(editorial.said_words(g, "title"), g.questions) for g in qs.groups] if qs.groups is not None
              else [("", qs.questions or [])])
    numbered, number = [], 0
    for title, questions in groups:
        for question in questions:
            number += 1
            numbered.append(Row(number, title, question))
    return numbered


def _facts(toolkit: m.Toolkit) -> str:
    parts = [toolkit.publisher or "", f"Published {toolkit.published}" if toolkit.published else "",
             f"Version {toolkit.version}" if toolkit.version else ""]
    return ". ".join(p for p in parts if p)


def section_blocks(toolkit: m.Toolkit, qs: m.QuestionSet) -> list:
    blocks: list = [Heading(editorial.said_words(qs, "title"), 1),
                    Paragraph(f"{labels.WHO_THIS_IS_FOR}: {editorial.said_words(qs, 'audience')}", italic=True)]
    current = None
    table_rows: list[tuple[str, ...]] = []
    for row in rows(qs):
        if row.group and row.group != current:
            table_rows.append((row.group,))
            current = row.group
        yes_no = YES_OR_NO_ON_PAPER if row.question.answer == "yes-no" else labels.NOT_YES_NO_CELL[row.question.answer]
        table_rows.append((str(row.number), row.question.text, yes_no, "", row.prompts))
    blocks.append(Table(labels.CHECKLIST_COLUMNS, tuple(table_rows), widths=(0.6, 4, 1.2, 4, 4)))
    return blocks


def document(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> Document:
    title = (editorial.said_words(sections[0], "title") if len(sections) == 1
             else f"{editorial.said_words(toolkit, 'title')}: checklist")
    doc = Document(title=title, subtitle=f"{editorial.said_words(toolkit, 'title')}. {_facts(toolkit)}" if len(sections) == 1 else _facts(toolkit),
                   toolkit=toolkit.title, publisher=toolkit.publisher or "", description="Checklist", landscape=True)
    for index, qs in enumerate(sections):
        if index:
            doc.add(PageBreak())
        doc.add(*section_blocks(toolkit, qs))
    return doc


def to_csv(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows £ and curly quotes; formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for qs in sections:
        for row in rows(qs):
            cells = (toolkit.title, qs.title, row.group, str(row.number), row.question.text, row.question.answer,
                     "", "", row.prompts)
            writer.writerow([neutralise(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _sheet_title(qs: m.QuestionSet, used: set[str]) -> str:
    base = (qs.short_title or qs.title)
    for bad in '[]:*?/\\':
        base = base.replace(bad, " ")
    title = " ".join(base.split())[:31]
    suffix = 2
    while title in used:
        title = f"{title[:28]} {suffix}"
        suffix += 1
    used.add(title)
    return title


def _text(cell, value: str) -> None:  # noqa: ANN001 - openpyxl cell
    """Text that Excel must show, never run: a formula-like value is stored as text with a quote prefix."""
    cell.value = value
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


#: Each column's heading and width, in Excel's unit (the width of a digit in the default font, Calibri 11, about
#: 7 pixels): 134 in all, which prints across A4 landscape, within the margins, at full size.
XLSX_COLUMNS = ((labels.NUMBER, 5), (labels.GROUP, 14), (labels.QUESTION, 34), (labels.YES_NO, 9),
                (labels.RESPONSE, 40), (labels.PROMPTS, 32))
#: One line of Calibri 11 (Excel's default row height), and the room above and below a cell's text, in points.
LINE_POINTS, ROW_PADDING_POINTS = 15, 3
XLSX_MARGIN_INCHES = 0.6


def lines_at_width(text: str, width: float) -> int:
    """How many lines wrapped text takes in a column this wide. Excel's unit of width is a digit of Calibri 11,
    7 pixels, and a column leaves about 7 × width − 5 pixels for its text; prose in Calibri averages under 6
    pixels a character, so wrapping at 6.2 never gives fewer lines than Excel or Calc do (checked against Calc's
    own wrapping of every cell of the real checklists): a row may be a little tall, never cut short."""
    capacity = max(1, int((7 * width - 5) / 6.2))
    return sum(max(1, len(textwrap.wrap(line, capacity, break_long_words=True))) for line in text.split("\n"))


#: The tallest row Excel keeps (409 points), in lines: longer text goes on in the rows below (see _pieces).
MAX_ROW_LINES = (409 - ROW_PADDING_POINTS) // LINE_POINTS


def _pieces(text: str, width: float) -> list[str]:
    """Text that fits the tallest row Excel keeps, as it is; longer text cut between its lines (or, within a line
    too long for a row, at a space), each piece short enough for one row: a row sized past it is cut short by Excel
    and overprints the page's foot in Calc. No character is changed or lost: the pieces put together are the text."""
    if lines_at_width(text, width) <= MAX_ROW_LINES:
        return [text]
    # Half a row's worth of characters: however a piece this long wraps, it fits in one row.
    budget = max(1, int((7 * width - 5) / 6.2)) * MAX_ROW_LINES // 2
    pieces: list[str] = []
    current: list[str] = []
    used = 0
    for line in text.split("\n"):
        for part in _cut(line, budget):
            lines = lines_at_width(part, width)
            if current and used + lines > MAX_ROW_LINES:
                pieces.append("\n".join(current))
                current, used = [], 0
            current.append(part)
            used += lines
    pieces.append("\n".join(current))
    return pieces


def _cut(line: str, budget: int) -> list[str]:
    """A line in parts of at most ``budget`` characters, each ending at a space where there is one."""
    parts = []
    while len(line) > budget:
        cut = line.rfind(" ", 0, budget) + 1 or budget
        parts.append(line[:cut])
        line = line[cut:]
    return parts + [line]


def _fit_row(sheet, row: int) -> None:  # noqa: ANN001 - openpyxl worksheet
    """A height that shows every line of every cell of the row: neither Excel nor Calc fits a row to wrapped text
    by itself, so without one long text runs over the rows below."""
    lines = max(lines_at_width(str(sheet.cell(row=row, column=index).value or ""), width)
                for index, (_, width) in enumerate(XLSX_COLUMNS, start=1))
    sheet.row_dimensions[row].height = lines * LINE_POINTS + ROW_PADDING_POINTS


def _print_setup(sheet, toolkit: m.Toolkit, qs: m.QuestionSet, last_row: int) -> None:  # noqa: ANN001
    """Frozen headings on screen; on paper, A4 landscape, the headings on every page, page numbers."""
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.print_area = f"A1:{get_column_letter(len(XLSX_COLUMNS))}{last_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_margins.left = sheet.page_margins.right = XLSX_MARGIN_INCHES
    # No "fit to page": the columns fit the page's width as they are, and Calc shrinks a long sheet fitted to one
    # page's width a little even when it fits.
    sheet.oddHeader.center.text = f"{toolkit.title}: {qs.title}".replace("&", "&&")  # & starts a code
    sheet.oddFooter.center.text = "Page &P of &N"


def to_xlsx(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    when = build_time().replace(tzinfo=None)
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.title = toolkit.title
    workbook.properties.subject = "Checklist"
    workbook.properties.creator = toolkit.publisher or GENERATOR
    workbook.properties.language = LANGUAGE
    header_fill = PatternFill("solid", fgColor="005EB8")
    wrap = Alignment(wrap_text=True, vertical="top")
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    used: set[str] = set()
    for qs in sections:
        sheet = workbook.create_sheet(_sheet_title(qs, used))
        for index, (title, width) in enumerate(XLSX_COLUMNS, start=1):
            cell = sheet.cell(row=1, column=index, value=title)
            cell.font = Font(name="Calibri", size=11, bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = wrap
            cell.border = border
            sheet.column_dimensions[cell.column_letter].width = width
        _fit_row(sheet, 1)
        either = f"{labels.YES} or {labels.NO}"
        choice = DataValidation(type="list", formula1=f'"{labels.YES},{labels.NO}"', allow_blank=True,
                                showDropDown=False, promptTitle=labels.YES_NO, prompt=f"Choose {either}",
                                showInputMessage=True, errorTitle=either, error=f"Choose {either} from the list",
                                showErrorMessage=True)
        sheet.add_data_validation(choice)
        offset = 1
        for row in rows(qs):
            offset += 1
            sheet.cell(row=offset, column=1, value=row.number)
            _text(sheet.cell(row=offset, column=2), row.group)
            yes_no = sheet.cell(row=offset, column=4)
            if row.question.answer == "yes-no":
                choice.add(yes_no.coordinate)
            else:
                _text(yes_no, labels.NOT_YES_NO_CELL[row.question.answer])
            # A question or its prompts too long for one row go on in the rows below, its other cells (the answer
            # cells among them) merged down beside them, so nothing is cut off on screen or on paper.
            questions, prompts = _pieces(row.question.text, XLSX_COLUMNS[2][1]), _pieces(row.prompts, XLSX_COLUMNS[5][1])
            height = max(len(questions), len(prompts))
            for line in range(height):
                if line < len(questions):
                    _text(sheet.cell(row=offset + line, column=3), questions[line])
                if line < len(prompts):
                    _text(sheet.cell(row=offset + line, column=6), prompts[line])
                for column in range(1, len(XLSX_COLUMNS) + 1):
                    sheet.cell(row=offset + line, column=column).alignment = wrap
                    sheet.cell(row=offset + line, column=column).border = border
                _fit_row(sheet, offset + line)
            if height > 1:
                for column in (1, 2, 4, 5):
                    sheet.merge_cells(start_row=offset, start_column=column, end_row=offset + height - 1,
                                      end_column=column)
            offset += height - 1
        _print_setup(sheet, toolkit, qs, offset)
    out = io.BytesIO()
    workbook.save(out)
    return normalise_zip(out.getvalue())
