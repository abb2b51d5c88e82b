"""Checklist downloads: each section, and each whole toolkit, as Word, OpenDocument, Excel and CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from .. import labels
from .. import models as m
from .document import Document, Heading, PageBreak, Paragraph, Table
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
    groups = [(g.title, g.questions) for g in qs.groups] if qs.groups is not None else [("", qs.questions or [])]
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
    blocks: list = [Heading(qs.title, 1), Paragraph(f"{labels.WHO_THIS_IS_FOR}: {qs.audience}", italic=True)]
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
    title = sections[0].title if len(sections) == 1 else f"{toolkit.title}: checklist"
    doc = Document(title=title, subtitle=f"{toolkit.title}. {_facts(toolkit)}" if len(sections) == 1 else _facts(toolkit),
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


def to_xlsx(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    when = build_time().replace(tzinfo=None)
    workbook.properties.created = when
    workbook.properties.modified = when
    workbook.properties.title = toolkit.title
    workbook.properties.creator = "toolkit-publisher"
    header_fill = PatternFill("solid", fgColor="005EB8")
    wrap = Alignment(wrap_text=True, vertical="top")
    used: set[str] = set()
    for qs in sections:
        sheet = workbook.create_sheet(_sheet_title(qs, used))
        columns = [(labels.NUMBER, 6), (labels.GROUP, 18), (labels.QUESTION, 50), (labels.YES_NO, 8),
                   (labels.RESPONSE, 50), (labels.PROMPTS, 55)]
        for index, (title, width) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=title)
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = header_fill
            cell.alignment = wrap
            sheet.column_dimensions[cell.column_letter].width = width
        either = f"{labels.YES} or {labels.NO}"
        choice = DataValidation(type="list", formula1=f'"{labels.YES},{labels.NO}"', allow_blank=True,
                                showDropDown=False, promptTitle=labels.YES_NO, prompt=f"Choose {either}",
                                showInputMessage=True, errorTitle=either, error=f"Choose {either} from the list",
                                showErrorMessage=True)
        sheet.add_data_validation(choice)
        for offset, row in enumerate(rows(qs), start=2):
            sheet.cell(row=offset, column=1, value=row.number)
            _text(sheet.cell(row=offset, column=2), row.group)
            _text(sheet.cell(row=offset, column=3), row.question.text)
            yes_no = sheet.cell(row=offset, column=4)
            if row.question.answer == "yes-no":
                choice.add(yes_no.coordinate)
            else:
                _text(yes_no, labels.NOT_YES_NO_CELL[row.question.answer])
            _text(sheet.cell(row=offset, column=6), row.prompts)
            for column in range(1, 7):
                sheet.cell(row=offset, column=column).alignment = wrap
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.oddHeader.center.text = f"{toolkit.title}: {qs.title}".replace("&", "&&")  # & starts a code
        sheet.oddFooter.center.text = "Page &P of &N"
    out = io.BytesIO()
    workbook.save(out)
    return normalise_zip(out.getvalue())
