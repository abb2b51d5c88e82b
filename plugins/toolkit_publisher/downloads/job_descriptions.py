"""Job-description templates as documents: headings, a details table, numbered duties, the person specification."""

from __future__ import annotations

from .. import labels
from .. import models as m
from .document import Document, Heading, Items, Paragraph, Table, markdown_blocks


def document(jd: m.JobDescription, source_title: str, publisher: str = "") -> Document:
    doc = Document(title=jd.title, subtitle=f"Job description template. From {source_title}"
                   + (f", {jd.source_detail}." if jd.source_detail else "."),
                   toolkit=source_title, publisher=publisher, description="Job description template")
    if jd.summary:
        doc.add(Paragraph(jd.summary, italic=True))
    if jd.details:
        doc.add(Heading(labels.JOB_DETAILS, 1),
                Table(("Detail", ""), tuple((d.label, d.value or "") for d in jd.details), widths=(1, 2)))
    doc.add(Heading(labels.JOB_PURPOSE, 1), *(Paragraph(text) for text in jd.purpose))
    if jd.duties:
        doc.add(Heading(labels.MAIN_DUTIES, 1), Items(tuple(jd.duties), numbered=True))
    for section in jd.sections:
        doc.add(Heading(section.heading, 1), *markdown_blocks(section.body, heading_offset=1))
    if jd.person_specification:
        rows: list[tuple[str, ...]] = []
        for group in jd.person_specification:
            rows.append((group.heading,))
            for req in group.requirements:
                rows.append((req.requirement, *labels.person_spec_marks(req.essential, req.desirable, req.column),
                             ", ".join(labels.ASSESSMENTS[a] for a in req.assessed_by)))
        doc.add(Heading(labels.PERSON_SPECIFICATION, 1),
                Table((labels.REQUIREMENT, labels.ESSENTIAL, labels.DESIRABLE, labels.HOW_ASSESSED), tuple(rows),
                      widths=(4, 1.3, 1.3, 2)))
    column_note = labels.person_spec_note([(req.requirement, req.column) for req in jd.requirements()])
    if jd.editor_note or column_note:
        doc.add(Heading(labels.EDITORS_NOTE, 2),
                *(Paragraph(text, italic=True) for text in (jd.editor_note, column_note) if text))
    return doc
