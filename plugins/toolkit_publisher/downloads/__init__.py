"""Downloads (the write side of rendering): every file a trust can take away, as bytes, from validated content.

Word and OpenDocument for every document, Excel and CSV for checklists, iCalendar for training.
Pure functions of the content and SOURCE_DATE_EPOCH: two builds give byte-identical files.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from .. import models as m
from .. import urls
from ..cache import DOWNLOADS, key
from ..validate import Content
from . import calendars, checklists, job_descriptions, templates
from .document import Document
from .opendocument import to_odt
from .word import to_docx

FORMATS = {
    "docx": "Word document",
    "odt": "OpenDocument text",
    "xlsx": "Excel spreadsheet",
    "csv": "CSV file",
    "ics": "Calendar file",
}
ROOT = "downloads"


@dataclass(frozen=True)
class Download:
    """One file: where it is published, what it holds, and the page that offers it."""

    path: str
    data: bytes
    title: str
    page: str

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def label(self) -> str:
        """As GOV.UK describes an attachment: its format and size, such as 'Word document, 21 KB'."""
        return f"{FORMATS[self.extension]}, {format_size(len(self.data))}"


def format_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _cached(path: str, inputs: tuple, make: Callable[[], bytes]) -> bytes:
    """Generated once per distinct input: an unchanged entity's files are reused, not rebuilt."""
    return DOWNLOADS.get(key(path, inputs), make)


def _documents(path: str, title: str, page: str, inputs: tuple, build: Callable[[], Document],
               landscape: bool = False) -> list[Download]:
    made: list[Document] = []

    def document() -> Document:
        if not made:
            made.append(build())
        return made[0]

    return [Download(f"{path}.docx", _cached(f"{path}.docx", inputs, lambda: to_docx(document(), landscape)), title, page),
            Download(f"{path}.odt", _cached(f"{path}.odt", inputs, lambda: to_odt(document())), title, page)]


def _checklists(content: Content) -> list[Download]:
    found: list[Download] = []
    for toolkit in content.toolkits.values():
        sections = [content.question_sets[p.ref] for p in toolkit.parts if p.checklist]
        if not sections:
            continue
        folder = f"{ROOT}/checklists/{toolkit.id}"
        for qs in sections:
            page = urls.part(toolkit.id, qs.id)
            inputs = (toolkit, qs)
            base = f"{folder}/{qs.id}"
            found += _documents(base, qs.title, page, inputs, lambda qs=qs: checklists.document(toolkit, [qs]),
                                landscape=True)
            found.append(Download(f"{base}.xlsx", _cached(f"{base}.xlsx", inputs,
                                                          lambda qs=qs: checklists.to_xlsx(toolkit, [qs])), qs.title, page))
            found.append(Download(f"{base}.csv", _cached(f"{base}.csv", inputs,
                                                         lambda qs=qs: checklists.to_csv(toolkit, [qs])), qs.title, page))
        whole = f"{toolkit.title}: every checklist section"
        page = urls.toolkit(toolkit.id)
        base = f"{folder}/{toolkit.id}-checklist"
        inputs = (toolkit, *sections)
        found += _documents(base, whole, page, inputs, lambda: checklists.document(toolkit, sections), landscape=True)
        found.append(Download(f"{base}.xlsx", _cached(f"{base}.xlsx", inputs,
                                                      lambda: checklists.to_xlsx(toolkit, sections)), whole, page))
        found.append(Download(f"{base}.csv", _cached(f"{base}.csv", inputs,
                                                     lambda: checklists.to_csv(toolkit, sections)), whole, page))
    return found


def _documents_of(table: dict[str, m.JobDescription] | dict[str, m.DocumentTemplate], folder: str, section: str,
                  build: Callable[[m.JobDescription | m.DocumentTemplate, str], Document],
                  content: Content) -> list[Download]:
    """Word and OpenDocument files for each entity of a kind that is a document in its own right."""
    found: list[Download] = []
    for entity in table.values():
        source = content.toolkits[entity.source].title
        found += _documents(f"{ROOT}/{folder}/{entity.id}", entity.title, urls.entity(section, entity.id),
                            (entity, source), lambda e=entity, s=source: build(e, s))
    return found


def _training(content: Content) -> list[Download]:
    found: list[Download] = []
    for programme in content.training.values():
        page = urls.entity(urls.TRAINING, programme.id)
        ordered = sorted(programme.sessions, key=lambda s: (s.date, s.start))
        path = f"{ROOT}/training/{programme.id}.ics"
        found.append(Download(path, _cached(path, (programme,), lambda p=programme, o=ordered: calendars.to_ics(p, o)),
                              f"{programme.title}: every session", page))
        for session in ordered:
            path = f"{ROOT}/training/{programme.id}/{session.id}.ics"
            data = _cached(path, (programme, session), lambda p=programme, s=session: calendars.to_ics(p, [s]))
            found.append(Download(path, data, f"{session.title}, {session.date:%-d %B %Y}", page))
    return found


def build_downloads(content: Content) -> list[Download]:
    """Every download of the site, in a stable order."""
    return (_checklists(content)
            + _documents_of(content.job_descriptions, "job-descriptions", urls.JOB_DESCRIPTIONS,
                            job_descriptions.document, content)
            + _documents_of(content.templates, "templates", urls.TEMPLATES, templates.document, content)
            + _training(content))


def session_download(programme: m.TrainingProgramme, session: m.Session) -> str:
    return f"{ROOT}/training/{programme.id}/{session.id}.ics"
