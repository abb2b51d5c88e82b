"""OpenDocument Text (.odt) layout of a Document, with odfpy, as the NHS service manual asks beside Word."""

from __future__ import annotations

import io

from odf.opendocument import OpenDocumentText
from odf.dc import Date, Title
from odf.meta import CreationDate, Generator
from odf.style import (MasterPage, PageLayout, PageLayoutProperties, ParagraphProperties, Style, TableCellProperties,
                       TableColumnProperties, TableProperties, TableRowProperties, TextProperties)
from odf.table import Table as OdfTable
from odf.table import TableCell, TableColumn, TableHeaderRows, TableRow
from odf.text import H, List, ListItem, P

from .document import Document, Heading, Items, PageBreak, Paragraph, Table, WritingSpace
from .reproducible import build_time, normalise_zip


class _Styles:
    """The handful of styles the downloads use, registered once per document."""

    def __init__(self, doc: OpenDocumentText):
        layout = PageLayout(name="A4")
        layout.addElement(PageLayoutProperties(pagewidth="21cm", pageheight="29.7cm", margin="2cm",
                                               printorientation="portrait"))
        doc.automaticstyles.addElement(layout)
        doc.masterstyles.addElement(MasterPage(name="Standard", pagelayoutname=layout))
        self.title = self._paragraph(doc, "Title", fontsize="20pt", fontweight="bold")
        self.subtitle = self._paragraph(doc, "Subtitle", fontsize="13pt")
        self.headings = {level: self._paragraph(doc, f"Heading {level}", fontsize=f"{17 - 2 * level}pt",
                                                fontweight="bold", outline=level) for level in range(1, 5)}
        self.body = self._paragraph(doc, "Body", fontsize="11pt")
        self.italic = self._paragraph(doc, "Guidance", fontsize="11pt", fontstyle="italic")
        self.bold = self._paragraph(doc, "Strong", fontsize="11pt", fontweight="bold")
        self.ruled = self._paragraph(doc, "Writing line", fontsize="11pt")
        self.page_break = Style(name="Page break", family="paragraph")
        self.page_break.addElement(ParagraphProperties(breakbefore="page"))
        doc.automaticstyles.addElement(self.page_break)
        self.cell = Style(name="Cell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        doc.automaticstyles.addElement(self.cell)
        self.row = Style(name="Row", family="table-row")
        self.row.addElement(TableRowProperties(keeptogether="always"))
        doc.automaticstyles.addElement(self.row)

    @staticmethod
    def _paragraph(doc: OpenDocumentText, name: str, outline: int | None = None, **text: str) -> Style:
        style = Style(name=name, family="paragraph", **({"defaultoutlinelevel": str(outline)} if outline else {}))
        style.addElement(TextProperties(fontfamily="Arial", **text))
        style.addElement(ParagraphProperties(marginbottom="0.2cm"))
        doc.styles.addElement(style)
        return style


def _table(doc: OpenDocumentText, styles: _Styles, block: Table, index: int) -> None:
    table_style = Style(name=f"Table{index}", family="table")
    table_style.addElement(TableProperties(width="17cm", align="left"))
    doc.automaticstyles.addElement(table_style)
    table = OdfTable(name=f"Table{index}", stylename=table_style)
    total = sum(block.widths) if block.widths else len(block.columns)
    for column_index, _ in enumerate(block.columns):
        share = block.widths[column_index] if block.widths else 1
        column_style = Style(name=f"Table{index}.C{column_index}", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth=f"{17 * share / total:.2f}cm"))
        doc.automaticstyles.addElement(column_style)
        table.addElement(TableColumn(stylename=column_style))
    header = TableHeaderRows()
    row = TableRow(stylename=styles.row)
    for title in block.columns:
        cell = TableCell(stylename=styles.cell, valuetype="string")
        cell.addElement(P(stylename=styles.bold, text=title))
        row.addElement(cell)
    header.addElement(row)
    table.addElement(header)
    for values in block.rows:
        row = TableRow(stylename=styles.row)
        if len(values) == 1 and len(block.columns) > 1:
            cell = TableCell(stylename=styles.cell, valuetype="string", numbercolumnsspanned=str(len(block.columns)))
            cell.addElement(P(stylename=styles.bold, text=values[0]))
            row.addElement(cell)
        else:
            for value in values:
                cell = TableCell(stylename=styles.cell, valuetype="string")
                for line in value.split("\n") or [""]:
                    cell.addElement(P(stylename=styles.body, text=line))
                row.addElement(cell)
        table.addElement(row)
    doc.text.addElement(table)


def to_odt(document: Document) -> bytes:
    doc = OpenDocumentText()
    styles = _Styles(doc)
    when = build_time().strftime("%Y-%m-%dT%H:%M:%S")
    doc.meta.addElement(Title(text=document.title))
    doc.meta.addElement(CreationDate(text=when))
    doc.meta.addElement(Date(text=when))
    for child in list(doc.meta.childNodes):
        if child.qname[1] == "generator":
            doc.meta.removeChild(child)
    doc.meta.addElement(Generator(text="toolkit-publisher"))
    doc.text.addElement(P(stylename=styles.title, text=document.title))
    if document.subtitle:
        doc.text.addElement(P(stylename=styles.subtitle, text=document.subtitle))
    tables = 0
    pending_break = False
    for block in document.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if pending_break:
            doc.text.addElement(P(stylename=styles.page_break, text=""))
            pending_break = False
        if isinstance(block, Heading):
            doc.text.addElement(H(outlinelevel=block.level, stylename=styles.headings[block.level], text=block.text))
        elif isinstance(block, Paragraph):
            style = styles.italic if block.italic else styles.bold if block.bold else styles.body
            doc.text.addElement(P(stylename=style, text=block.text))
        elif isinstance(block, Items):
            items = List()
            for number, text in enumerate(block.items, start=1):
                item = ListItem()
                item.addElement(P(stylename=styles.body, text=f"{number}. {text}" if block.numbered else f"• {text}"))
                items.addElement(item)
            doc.text.addElement(items)
        elif isinstance(block, Table):
            if block.caption:
                doc.text.addElement(P(stylename=styles.bold, text=block.caption))
            tables += 1
            _table(doc, styles, block, tables)
        elif isinstance(block, WritingSpace):
            for _ in range(block.lines):
                doc.text.addElement(P(stylename=styles.ruled, text="_" * 80))
    out = io.BytesIO()
    doc.write(out)
    return normalise_zip(out.getvalue())
