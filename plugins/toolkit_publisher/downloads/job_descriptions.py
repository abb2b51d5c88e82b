"""Job descriptions as documents: the source's sections in its order, numbered and headed as it prints them."""

from __future__ import annotations

from typing import Mapping

from .. import editorial, labels
from .. import models as m
from .document import Block, Document, Heading, Items, Paragraph, Table, markdown_blocks


def _added(text: str) -> str:
    """Words the editors wrote, said to be theirs in print in the words the page's mark shows."""
    return editorial.words(text, "added")


def _heading(section: m.JobSection) -> str:
    heading = section.heading or _added(labels.PERSON_SPECIFICATION)
    return f"{section.number} {heading}" if section.number else heading


def _details(details: list[m.JobDetail]) -> list[Block]:
    """Each detail as the source prints it, 'Hours: 30'; a list under a label as a bulleted list."""
    blocks: list[Block] = []
    for detail in details:
        value = detail.value or ("" if detail.items else _added(labels.NOT_STATED))
        blocks.append(Paragraph(f"{detail.label}: {value}".rstrip()))
        if detail.items:
            blocks.append(Items(tuple(detail.items)))
    return blocks


def _items(items: list[m.JobItem]) -> list[Block]:
    """Numbered items keep the source's numbers (1., 4.10) as text; bullets stay a bulleted list."""
    if any(item.number for item in items):
        return [Paragraph(f"{item.number} {item.text}" if item.number else item.text) for item in items]
    return [Items(tuple(item.text for item in items))]


def _person_specification(spec: m.PersonSpecification) -> list[Block]:
    columns = labels.person_spec_columns(spec.requirement_column, spec.measured_column)
    rows: list[tuple[str, ...]] = []
    for group in spec.groups:
        rows.append((group.heading, "", "", group.measured) if group.measured and spec.measured_column
                    else (group.heading,))
        for req in group.requirements:
            marks = (editorial.words(text, mark) if mark else text
                     for text, mark in labels.person_spec_cells(req.essential, req.desirable, req.column))
            rows.append((req.requirement, *marks, *([req.measured or ""] if spec.measured_column else [])))
    key = [Paragraph(line) for line in spec.key]
    widths = (4, 1.3, 1.3, 2)[:len(columns)]
    return [*key, Table(tuple(_added(name) if added else name for name, added in columns), tuple(rows), widths=widths)]


def document(jd: m.JobDescription, source_title: str, publisher: str = "",
             links: Mapping[str, str] | None = None) -> Document:
    """``links``: the address of each resource its text links to (downloads.resource_links)."""
    where = f"From {source_title}" + (f", {jd.source_detail}." if jd.source_detail else ".")
    if jd.status == "historical" and jd.dated:
        title = labels.historical_title(editorial.said_words(jd, "title"), "job_descriptions", jd.dated)
        description = labels.historical("job_descriptions", jd.dated)
    else:
        title, description = editorial.said_words(jd, "title"), "Job description template"
    doc = Document(title=title, subtitle=where, toolkit=source_title, publisher=publisher, description=description)
    if jd.summary:
        doc.add(Paragraph(editorial.said_words(jd, "summary"), italic=True))
    for section in jd.sections:
        doc.add(*(Paragraph(line, bold=True) for line in section.preamble), Heading(_heading(section), 1))
        if section.details:
            doc.add(*_details(section.details))
        if section.items:
            doc.add(*_items(section.items))
        doc.add(*markdown_blocks(section.body, heading_offset=1, links=links))
        if section.person_specification:
            doc.add(*_person_specification(section.person_specification))
    column_note = labels.person_spec_note([(req.requirement, req.column) for req in jd.requirements()])
    if jd.editor_note or column_note:
        doc.add(Heading(editorial.words(labels.EDITORS_NOTE, "derived"), 2),  # as the page's note is headed
                *(Paragraph(text, italic=True) for text in (jd.editor_note, column_note) if text))
    return doc
