"""OpenDocument Text (.odt) layout of a Document, with odfpy, as the NHS service manual asks beside Word.

Valid against the ODF 1.2 schema (tests/odf-schema/, checked by tests/test_office_files.py): odfpy writes the
elements it is given in the order given, so each style's properties are added in the schema's order (paragraph,
then text), and the two things odfpy writes itself are put right once the file is written: the manifest's
version, which ODF 1.2 requires, and the generator, which odfpy sets to its own name.
"""

from __future__ import annotations

import io
import re
import zipfile

from odf.config import ConfigItem, ConfigItemSet
from odf.dc import Creator, Date, Description, Language, Subject, Title
from odf.meta import CreationDate, InitialCreator
from odf.opendocument import OpenDocumentText
from odf.style import (DefaultStyle, Footer, FooterStyle, HeaderFooterProperties, ListLevelProperties, MasterPage,
                       PageLayout, PageLayoutProperties, ParagraphProperties, Style, TableCellProperties,
                       TableColumnProperties, TableProperties, TableRowProperties, TextProperties)
from odf.table import CoveredTableCell, TableCell, TableColumn, TableHeaderRows, TableRow
from odf.table import Table as OdfTable
from odf.text import H, List, ListItem, ListLevelStyleBullet, ListLevelStyleNumber, ListStyle, P, PageCount, PageNumber

from .document import (GENERATOR, LANGUAGE, Block, Document, Heading, Items, PageBreak, Paragraph, Table,
                       WritingSpace)
from .reproducible import build_time, normalise_zip

MARGIN_CM = 2.0
#: The height of one line of handwriting in a WritingSpace, in cm.
WRITING_LINE_CM = 0.8


class _Styles:
    """The styles the downloads use, registered once per document."""

    def __init__(self, doc: OpenDocumentText, landscape: bool):
        width, height = (29.7, 21.0) if landscape else (21.0, 29.7)
        self.usable_cm = width - 2 * MARGIN_CM
        self._page(doc, width, height, landscape)
        language, country = LANGUAGE.split("-")
        default = DefaultStyle(family="paragraph")
        default.addElement(TextProperties(fontfamily="Arial", fontsize="11pt", language=language, country=country))
        doc.styles.addElement(default)
        self.title = self._paragraph(doc, "Title", keep=True, fontsize="20pt", fontweight="bold")
        self.subtitle = self._paragraph(doc, "Subtitle", keep=True, fontsize="13pt")
        self.headings = {level: self._paragraph(doc, f"Heading {level}", outline=level, keep=True,
                                                fontsize=f"{17 - 2 * level}pt", fontweight="bold")
                         for level in range(1, 5)}
        #: Paragraph styles by (italic, bold) and by whether the paragraph keeps with the next.
        self.text = {(italic, bold, keep): self._paragraph(
            doc, " ".join(filter(None, ("Guidance" if italic else "Strong" if bold else "Body",
                                        "kept with next" if keep else ""))),
            keep=keep, **({"fontstyle": "italic"} if italic else {}), **({"fontweight": "bold"} if bold else {}))
            for italic, bold in ((False, False), (True, False), (False, True)) for keep in (False, True)}
        self.page_break = Style(name="Page break", family="paragraph")
        self.page_break.addElement(ParagraphProperties(breakbefore="page"))
        doc.automaticstyles.addElement(self.page_break)
        self.cell = Style(name="Cell", family="table-cell")
        self.cell.addElement(TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        doc.automaticstyles.addElement(self.cell)
        self.row = Style(name="Row", family="table-row")
        self.row.addElement(TableRowProperties(keeptogether="always"))  # a row is never split across pages
        doc.automaticstyles.addElement(self.row)
        self.bullets = self._list(doc, "Bullets", ListLevelStyleBullet(level=1, bulletchar="•"))
        self.numbers = self._list(doc, "Numbers", ListLevelStyleNumber(level=1, numformat="1", numsuffix="."))

    @staticmethod
    def _page(doc: OpenDocumentText, width: float, height: float, landscape: bool) -> None:
        """A4, with "Page X of Y" in the footer of every page."""
        layout = PageLayout(name="A4")
        layout.addElement(PageLayoutProperties(pagewidth=f"{width}cm", pageheight=f"{height}cm",
                                               margin=f"{MARGIN_CM}cm",
                                               printorientation="landscape" if landscape else "portrait"))
        footer_style = FooterStyle()
        footer_style.addElement(HeaderFooterProperties(minheight="0.6cm", margintop="0.3cm"))
        layout.addElement(footer_style)
        doc.automaticstyles.addElement(layout)
        centred = Style(name="Footer", family="paragraph")
        centred.addElement(ParagraphProperties(textalign="center"))
        centred.addElement(TextProperties(fontsize="9pt"))
        doc.styles.addElement(centred)
        master = MasterPage(name="Standard", pagelayoutname=layout)
        footer = Footer()
        numbers = P(stylename=centred, text="Page ")
        numbers.addElement(PageNumber(selectpage="current", text="1"))
        numbers.addText(" of ")
        numbers.addElement(PageCount(text="1"))
        footer.addElement(numbers)
        master.addElement(footer)
        doc.masterstyles.addElement(master)

    @staticmethod
    def _paragraph(doc: OpenDocumentText, name: str, outline: int | None = None, keep: bool = False,
                   **text: str) -> Style:
        style = Style(name=name, family="paragraph", **({"defaultoutlinelevel": str(outline)} if outline else {}))
        style.addElement(ParagraphProperties(margintop="0.4cm" if outline else "0cm", marginbottom="0.2cm",
                                             **({"keepwithnext": "always"} if keep else {})))
        style.addElement(TextProperties(fontfamily="Arial", **text))
        doc.styles.addElement(style)
        return style

    @staticmethod
    def _list(doc: OpenDocumentText, name: str, level) -> ListStyle:  # noqa: ANN001 - an odfpy list level style
        """One marker per item, drawn by the list style (the items' text holds none)."""
        style = ListStyle(name=name)
        level.addElement(ListLevelProperties(spacebefore="0.25cm", minlabelwidth="0.6cm"))
        style.addElement(level)
        doc.styles.addElement(style)
        return style

    def paragraph(self, block: Paragraph, keep: bool = False) -> Style:
        return self.text[(block.italic, block.bold and not block.italic, keep)]


def _new_table(doc: OpenDocumentText, name: str, shares: tuple[float, ...], usable_cm: float) -> OdfTable:
    """A table across the page's width, its columns in these proportions."""
    table_style = Style(name=name, family="table")
    table_style.addElement(TableProperties(width=f"{usable_cm:.2f}cm", align="left", marginbottom="0.3cm",
                                           bordermodel="collapsing"))
    doc.automaticstyles.addElement(table_style)
    table = OdfTable(name=name, stylename=table_style)
    total = sum(shares)
    for index, share in enumerate(shares):
        column_style = Style(name=f"{name}.C{index}", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth=f"{usable_cm * share / total:.2f}cm"))
        doc.automaticstyles.addElement(column_style)
        table.addElement(TableColumn(stylename=column_style))
    return table


def _cell(styles: _Styles, lines: list[str], keep: bool, bold: bool = False, span: int = 1) -> TableCell:
    cell = TableCell(stylename=styles.cell, valuetype="string",
                     **({"numbercolumnsspanned": str(span)} if span > 1 else {}))
    for line in lines:
        cell.addElement(P(stylename=styles.text[(False, bold, keep)], text=line))
    return cell


def _table(doc: OpenDocumentText, styles: _Styles, block: Table, index: int) -> None:
    table = _new_table(doc, f"Table{index}", block.widths or (1.0,) * len(block.columns), styles.usable_cm)
    header = TableHeaderRows()
    row = TableRow(stylename=styles.row)
    for title in block.columns:
        row.addElement(_cell(styles, [title], keep=True, bold=True))  # never the column headings alone on a page
    header.addElement(row)
    table.addElement(header)
    for values in block.rows:
        row = TableRow(stylename=styles.row)
        if len(values) == 1 and len(block.columns) > 1:
            # A group's heading row, kept with the group's first row.
            row.addElement(_cell(styles, [values[0]], keep=True, bold=True, span=len(block.columns)))
            for _ in block.columns[1:]:
                row.addElement(CoveredTableCell())
        else:
            for value in values:
                row.addElement(_cell(styles, value.split("\n"), keep=False))
        table.addElement(row)
    doc.text.addElement(table)


def _writing_space(doc: OpenDocumentText, styles: _Styles, block: WritingSpace, index: int) -> None:
    """A box to write in: a table of one cell as tall as the lines asked for, growing as text is typed into it."""
    table = _new_table(doc, f"Table{index}", (1.0,), styles.usable_cm)
    height = Style(name=f"Table{index}.R", family="table-row")
    height.addElement(TableRowProperties(minrowheight=f"{WRITING_LINE_CM * block.lines:.1f}cm", keeptogether="always"))
    doc.automaticstyles.addElement(height)
    row = TableRow(stylename=height)
    row.addElement(_cell(styles, [""], keep=False))
    table.addElement(row)
    doc.text.addElement(table)


def _metadata(doc: OpenDocumentText, document: Document) -> None:
    when = build_time().strftime("%Y-%m-%dT%H:%M:%S")
    doc.meta.addElement(Title(text=document.title))
    if document.toolkit:
        doc.meta.addElement(Subject(text=document.toolkit))
    words = f"{document.description} from {document.toolkit}" if document.toolkit else document.description
    doc.meta.addElement(Description(text=f"{words}, published by {document.publisher}." if document.publisher
                                    else f"{words}."))
    if document.publisher:
        doc.meta.addElement(InitialCreator(text=document.publisher))
        doc.meta.addElement(Creator(text=document.publisher))
    doc.meta.addElement(Language(text=LANGUAGE))
    doc.meta.addElement(CreationDate(text=when))
    doc.meta.addElement(Date(text=when))


def _keep_rows_with_next(doc: OpenDocumentText) -> None:
    """LibreOffice keeps a table row whose first paragraph keeps with the next (a group's heading row) with the
    row after it only when this compatibility setting is on, as it is for every Word file it opens. (It reads the
    setting only with the "ooo" prefix of the set's name declared, which odfpy does and ``normalise_zip`` keeps.)"""
    settings = ConfigItemSet(name="ooo:configuration-settings")
    settings.addElement(ConfigItem(name="TableRowKeep", type="boolean", text="true"))
    doc.settings.addElement(settings)


_GENERATOR = re.compile(rb"<meta:generator>[^<]*</meta:generator>")


def _finish(data: bytes) -> bytes:
    """What odfpy writes itself, put right: the manifest's version (required by ODF 1.2), and the generator."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "META-INF/manifest.xml":
                body = body.replace(b"<manifest:manifest ", b'<manifest:manifest manifest:version="1.2" ', 1)
            elif info.filename == "meta.xml":
                body = _GENERATOR.sub(f"<meta:generator>{GENERATOR}</meta:generator>".encode(), body)
            target.writestr(info, body)
    return out.getvalue()


def _leads_in(block: Block, following: Block | None) -> bool:
    """A paragraph that introduces the table or writing space after it, so stays on its page."""
    return isinstance(block, Paragraph) and isinstance(following, (Table, WritingSpace))


def to_odt(document: Document) -> bytes:
    doc = OpenDocumentText()
    styles = _Styles(doc, document.landscape)
    _metadata(doc, document)
    _keep_rows_with_next(doc)
    doc.text.addElement(P(stylename=styles.title, text=document.title))
    if document.subtitle:
        doc.text.addElement(P(stylename=styles.subtitle, text=document.subtitle))
    tables = 0
    pending_break = False
    blocks = document.blocks
    for position, block in enumerate(blocks):
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if pending_break:
            doc.text.addElement(P(stylename=styles.page_break, text=""))
            pending_break = False
        if isinstance(block, Heading):
            doc.text.addElement(H(outlinelevel=block.level, stylename=styles.headings[block.level], text=block.text))
        elif isinstance(block, Paragraph):
            following = blocks[position + 1] if position + 1 < len(blocks) else None
            doc.text.addElement(P(stylename=styles.paragraph(block, keep=_leads_in(block, following)),
                                  text=block.text))
        elif isinstance(block, Items):
            items = List(stylename=styles.numbers if block.numbered else styles.bullets)
            for text in block.items:
                item = ListItem()
                item.addElement(P(stylename=styles.text[(False, False, False)], text=text))
                items.addElement(item)
            doc.text.addElement(items)
        elif isinstance(block, Table):
            if block.caption:
                doc.text.addElement(P(stylename=styles.text[(False, True, True)], text=block.caption))
            tables += 1
            _table(doc, styles, block, tables)
        elif isinstance(block, WritingSpace):
            tables += 1
            _writing_space(doc, styles, block, tables)
    out = io.BytesIO()
    doc.write(out)
    return normalise_zip(_finish(out.getvalue()))
