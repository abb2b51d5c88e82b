"""A document template (such as the outline joint workforce plan) to fill in: guidance, then room to write."""

from __future__ import annotations

from typing import Mapping

from .. import editorial, labels
from .. import models as m
from .document import Block, Document, Heading, Paragraph, Table, WritingSpace, markdown_blocks


def _section(section: m.TemplateSection, heading: str, links: Mapping[str, str] | None) -> list[Block]:
    blocks: list[Block] = [Heading(heading, 1)]
    for block in markdown_blocks(section.guidance, heading_offset=1, links=links):
        blocks.append(Paragraph(block.text, italic=True) if isinstance(block, Paragraph) else block)
    for note in section.notes:
        blocks += [Paragraph(f"{labels.SOURCE_NOTE}: {b.text}", italic=True) if isinstance(b, Paragraph) else b
                   for b in markdown_blocks(note, links=links)]
    if section.table:
        rows = tuple((row.heading,) if row.heading else tuple(cell or "" for cell in row.cells)
                     for row in section.table.rows)
        blocks.append(Table(tuple(section.table.columns), rows, caption=section.table.caption or ""))
        if section.table.note:
            blocks.append(Paragraph(section.table.note, italic=True))
    if section.editor_note:  # after what it is about, as on the page; before the space to write in
        blocks.append(_editor_note(section.editor_note))
    if not section.table:
        blocks.append(WritingSpace(6))
    return blocks


def _editor_note(note: str) -> Paragraph:
    """An editor's note, headed as the page's is ("Editor's note (editors' reading)"), so it never reads as the
    source's."""
    return Paragraph(f"{editorial.words(labels.EDITORS_NOTE, 'derived')}: {note}", italic=True)


def document(template: m.DocumentTemplate, source_title: str, publisher: str = "",
             links: Mapping[str, str] | None = None) -> Document:
    """``links``: the address of each resource its text links to (downloads.resource_links)."""
    if template.status == "historical" and template.dated:
        title = labels.historical_title(editorial.said_words(template, "title"), "templates", template.dated)
        description = labels.historical("templates", template.dated)
    else:
        title, description = editorial.said_words(template, "title"), "Document template to fill in"
    doc = Document(title=title, subtitle=template.subtitle or "", toolkit=source_title, publisher=publisher,
                   description=description)
    doc.add(Paragraph(f"From {source_title}" + (f", {template.source_detail}." if template.source_detail else "."),
                      italic=True))
    if template.editor_note:
        doc.add(_editor_note(template.editor_note))
    doc.add(*markdown_blocks(template.intro, heading_offset=1, links=links))
    doc.add(Paragraph("Guidance from the source is in italics; write your plan in the space after it.", italic=True))
    for section in template.sections:
        doc.add(*_section(section, section.heading, links))
    for annex in template.annexes:
        doc.add(*_section(annex, labels.annex(annex.letter, annex.heading), links))
    return doc
