"""Word (.docx) layout of a Document, with python-docx."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .document import Document, Heading, Items, PageBreak, Paragraph, Table, WritingSpace
from .reproducible import build_time, normalise_zip


def _repeat_header(row) -> None:  # noqa: ANN001 - python-docx row
    """The header row repeats on every printed page, and no row splits across pages."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _keep_rows_whole(table) -> None:  # noqa: ANN001
    for row in table.rows:
        properties = row._tr.get_or_add_trPr()
        cant_split = OxmlElement("w:cantSplit")
        cant_split.set(qn("w:val"), "true")
        properties.append(cant_split)


def _table(doc, block: Table, width_cm: float, grid) -> None:  # noqa: ANN001
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = grid
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, title in zip(table.rows[0].cells, block.columns):
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
    _repeat_header(table.rows[0])
    for values in block.rows:
        cells = table.add_row().cells
        if len(values) == 1 and len(block.columns) > 1:
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(values[0]).bold = True
            continue
        for cell, value in zip(cells, values):
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    _keep_rows_whole(table)
    if block.widths:
        total = sum(block.widths)
        for row in table.rows:
            for cell, share in zip(row.cells, block.widths):
                cell.width = Cm(width_cm * share / total)


def to_docx(document: Document, landscape: bool = False) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    usable = (section.page_width - section.left_margin - section.right_margin) / Cm(1)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    when = build_time().replace(tzinfo=None)
    doc.core_properties.title = document.title
    doc.core_properties.author = ""
    doc.core_properties.created = when
    doc.core_properties.modified = when
    doc.core_properties.last_modified_by = ""
    doc.core_properties.revision = 1
    # Style ids looked up once. Assigning a style object costs python-docx a search of every style in
    # the document per paragraph (a third of the time of a long document); the resolved id is the same.
    styles = {name: doc.styles[name].style_id for name in ("Title", "Subtitle", "Caption", "List Number",
                                                           "List Bullet", "Heading 1", "Heading 2", "Heading 3",
                                                           "Heading 4")}

    def styled(text: str, style: str) -> None:
        paragraph = doc.add_paragraph(text)
        paragraph._p.style = styles[style]  # what Paragraph.style does once it has found the id

    styled(document.title, "Title")
    if document.subtitle:
        styled(document.subtitle, "Subtitle")
    for block in document.blocks:
        if isinstance(block, Heading):
            styled(block.text, f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            run = doc.add_paragraph().add_run(block.text)
            run.italic, run.bold = block.italic, block.bold
        elif isinstance(block, Items):
            for item in block.items:
                styled(item, "List Number" if block.numbered else "List Bullet")
        elif isinstance(block, Table):
            if block.caption:
                styled(block.caption, "Caption")
            _table(doc, block, usable, doc.styles["Table Grid"])
            doc.add_paragraph()
        elif isinstance(block, WritingSpace):
            for _ in range(block.lines):
                doc.add_paragraph("_" * 80)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())
