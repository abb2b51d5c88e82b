"""Word (.docx) layout of a Document, with python-docx.

Laid out for Word and for LibreOffice alike: LibreOffice sizes a table's columns from its grid (``w:gridCol``),
Word from its cells (``w:tcW``), so both say the same; LibreOffice honours "keep with next" in table rows as Word
does, which keeps a group's heading row with its first question.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, Twips
from docx.table import Table as DocxTable
from docx.table import _Row
from docx.text.paragraph import Paragraph as DocxParagraph

from .document import GENERATOR, LANGUAGE, Block, Document, Heading, Items, PageBreak, Paragraph, Table, WritingSpace
from .reproducible import build_time, normalise_zip

#: The height of one line of handwriting in a WritingSpace.
WRITING_LINE = Cm(0.8)
#: The longest text python-docx writes in a core property (title, subject, author, description).
CORE_PROPERTY_LIMIT = 255
#: Word 2010's copy of the styles, which later Word and LibreOffice ignore: a second place for the template's
#: American English, so it is left out.
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _on(parent, tag: str, **attributes: str):  # noqa: ANN001, ANN202 - python-docx oxml elements
    """A child element with these w: attributes, added at the end of ``parent``."""
    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    parent.append(element)
    return element


def _row_properties(row: _Row, *tags: str) -> None:
    """Row-level switches: w:tblHeader (repeat on every printed page), w:cantSplit (never split across pages)."""
    properties = row._tr.get_or_add_trPr()
    for tag in tags:
        _on(properties, tag, val="true")


def _keep_with_next(paragraphs: list[DocxParagraph]) -> None:
    for paragraph in paragraphs:
        paragraph.paragraph_format.keep_with_next = True


def _fixed_widths(table: DocxTable, widths: list[Length]) -> None:
    """The grid, the table's width and a fixed layout, so Word and LibreOffice both draw these columns."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = width  # the w:gridCol LibreOffice reads
    table_width = table._tbl.tblPr.find(qn("w:tblW"))  # python-docx makes every table with one, "auto"
    table_width.set(qn("w:type"), "dxa")
    table_width.set(qn("w:w"), str(sum(w.twips for w in widths)))


def _column_widths(block: Table, usable: Length) -> list[Length]:
    shares = block.widths or (1.0,) * len(block.columns)
    total = sum(shares)
    return [Twips(round(usable.twips * share / total)) for share in shares]  # whole twips, as the file holds them


def _table(doc: DocxDocument, block: Table, usable: Length, grid: str) -> None:
    widths = _column_widths(block, usable)
    table = doc.add_table(rows=1, cols=len(block.columns))
    table.style = grid
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, widths)
    header = table.rows[0]
    for cell, title, width in zip(header.cells, block.columns, widths):
        cell.width = width
        cell.paragraphs[0].add_run(title).bold = True
        _keep_with_next(cell.paragraphs)  # never the column headings alone at the foot of a page
    _row_properties(header, "w:tblHeader", "w:cantSplit")
    for values in block.rows:
        row = table.add_row()
        _row_properties(row, "w:cantSplit")
        cells = row.cells
        if len(values) == 1 and len(block.columns) > 1:
            merged = cells[0].merge(cells[-1])
            merged.width = Length(sum(widths))
            merged.paragraphs[0].add_run(values[0]).bold = True
            _keep_with_next(merged.paragraphs)  # a group's heading row stays with the group's first row
            continue
        for cell, value, width in zip(cells, values, widths):
            cell.width = width
            lines = value.split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def _writing_space(doc: DocxDocument, block: WritingSpace, usable: Length, grid: str) -> None:
    """A box to write in: a table of one cell as tall as the lines asked for, growing as text is typed into it."""
    table = doc.add_table(rows=1, cols=1)
    table.style = grid
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [usable])
    table.rows[0].cells[0].width = usable
    table.rows[0].height = Length(WRITING_LINE * block.lines)
    table.rows[0].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    _row_properties(table.rows[0], "w:cantSplit")
    _on(table._tbl.tblPr, "w:tblCaption", val="Space to write")


def _page_numbers(doc: DocxDocument) -> None:
    """'Page X of Y' at the foot of every page, as fields Word and LibreOffice fill in."""
    paragraph = doc.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    for field, after in (("PAGE", " of "), ("NUMPAGES", "")):
        simple = _on(paragraph._p, "w:fldSimple", instr=f" {field} ")
        run = _on(simple, "w:r")
        _on(run, "w:t").text = "1"
        if after:
            paragraph.add_run(after)


def _british(doc: DocxDocument) -> None:
    """British English wherever the template says American: the default for every style, and the theme's."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    for lang in defaults.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
        lang.set(qn("w:eastAsia"), LANGUAGE)
    for lang in doc.settings.element.iter(qn("w:themeFontLang")):
        lang.set(qn("w:val"), LANGUAGE)
    doc.core_properties.language = LANGUAGE
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rel_id)


def _metadata(doc: DocxDocument, document: Document) -> None:
    """Title, toolkit and publisher in the file's properties; python-docx's own words and its template's blank
    thumbnail (no picture of the page can be made without laying the page out) left out."""
    when = build_time().replace(tzinfo=None)
    properties = doc.core_properties
    properties.title = _property(document.title)
    properties.subject = _property(document.toolkit)
    properties.author = _property(document.publisher)
    properties.last_modified_by = _property(document.publisher)
    properties.category = _property(document.description)
    properties.comments = _property(_description(document))
    properties.keywords = ""
    properties.created = when
    properties.modified = when
    properties.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package.rels.pop(rel_id)
            package.rels.related_parts.pop(rel_id, None)
    application = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, _app_xml(document), package)
    package.relate_to(application, RT.EXTENDED_PROPERTIES)


def _property(text: str) -> str:
    """A core property as Word (and python-docx) takes it: at most 255 characters, a longer one cut with '…'."""
    return text if len(text) <= CORE_PROPERTY_LIMIT else text[:CORE_PROPERTY_LIMIT - 1].rstrip() + "…"


def _description(document: Document) -> str:
    words = f"{document.description} from {document.toolkit}" if document.toolkit else document.description
    return f"{words}, published by {document.publisher}." if document.publisher else f"{words}."


def _app_xml(document: Document) -> bytes:
    """The extended properties: the application that made the file and the publisher (Word's "Company")."""
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>{GENERATOR}</Application><Company>{escape(document.publisher)}</Company>"
            "</Properties>").encode("utf-8")


def _leads_in(block: Block, following: Block | None) -> bool:
    """A paragraph that introduces the table or writing space after it, so stays on its page."""
    return isinstance(block, Paragraph) and isinstance(following, (Table, WritingSpace))


def to_docx(document: Document) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    if document.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_height, section.page_width = section.page_width, section.page_height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    usable = Length(section.page_width - section.left_margin - section.right_margin)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Title", "Subtitle", "Caption"):
        doc.styles[name].paragraph_format.keep_with_next = True  # as the template's headings already are
    _british(doc)
    _metadata(doc, document)
    _page_numbers(doc)
    # Style ids looked up once. Assigning a style object costs python-docx a search of every style in
    # the document per paragraph (a third of the time of a long document); the resolved id is the same.
    styles = {name: doc.styles[name].style_id for name in ("Title", "Subtitle", "Caption", "List Number",
                                                           "List Bullet", "Heading 1", "Heading 2", "Heading 3",
                                                           "Heading 4")}
    grid = doc.styles["Table Grid"]

    def styled(text: str, style: str) -> None:
        paragraph = doc.add_paragraph(text)
        paragraph._p.style = styles[style]  # what Paragraph.style does once it has found the id

    styled(document.title, "Title")
    if document.subtitle:
        styled(document.subtitle, "Subtitle")
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            styled(block.text, f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            paragraph = doc.add_paragraph()
            run = paragraph.add_run(block.text)
            run.italic, run.bold = block.italic, block.bold
            if _leads_in(block, blocks[index + 1] if index + 1 < len(blocks) else None):
                paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Items):
            for item in block.items:
                styled(item, "List Number" if block.numbered else "List Bullet")
        elif isinstance(block, Table):
            if block.caption:
                styled(block.caption, "Caption")
            _table(doc, block, usable, grid)
            doc.add_paragraph()
        elif isinstance(block, WritingSpace):
            _writing_space(doc, block, usable, grid)
            doc.add_paragraph()
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    out = io.BytesIO()
    doc.save(out)
    return normalise_zip(out.getvalue())
