"""What a worker process runs to make one batch of downloads: each job returns its files' bytes in order.

Imported only where files are made, so a build whose downloads all come from the cache never loads
python-docx, openpyxl, odfpy or icalendar.
"""

from __future__ import annotations

from .. import kinds
from .. import models as m
from . import calendars, checklists, feeds, job_descriptions, templates
from .document import Document
from .opendocument import to_odt
from .word import to_docx


def _document_files(document: Document) -> list[bytes]:
    return [to_docx(document), to_odt(document)]


def checklist(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> list[bytes]:
    """Word, OpenDocument, Excel and CSV: the same questions, for whichever tool a trust uses."""
    return [*_document_files(checklists.document(toolkit, sections)),
            checklists.to_xlsx(toolkit, sections), checklists.to_csv(toolkit, sections)]


def job_description(entity: m.JobDescription, source_title: str, publisher: str, links: dict[str, str]) -> list[bytes]:
    return _document_files(job_descriptions.document(entity, source_title, publisher, links))


def template(entity: m.DocumentTemplate, source_title: str, publisher: str, links: dict[str, str]) -> list[bytes]:
    return _document_files(templates.document(entity, source_title, publisher, links))


def calendar(programme: m.TrainingProgramme, sessions: list[m.Session]) -> list[bytes]:
    return [calendars.to_ics(programme, sessions)]


def feed(toolkit: m.Toolkit, titles: dict[str, str]) -> list[bytes]:
    return [feeds.to_atom(toolkit, titles)]


def run(job: str, args: tuple) -> list[bytes]:
    """The entry point of a worker: jobs are named (each by the kind whose files it makes, in :mod:`..kinds`), so a
    batch pickles as plain data."""
    downloads = kinds.by_job(job)
    if downloads is None:
        raise ValueError(f"no kind makes files with the job {job!r}")
    return downloads.make(*args)
