"""Downloads (the write side of rendering): every file a trust can take away, planned from validated content.

Word and OpenDocument for every document, Excel and CSV for checklists, iCalendar for training.
Planning is cheap and imports no file-format library: it says which files there will be, where, and
from which inputs. :mod:`.produce` makes the bytes (in worker processes, or from the cache), and
:mod:`.jobs` is what a worker runs. Files are pure functions of the content and SOURCE_DATE_EPOCH:
two builds give byte-identical files.
"""

from __future__ import annotations

import math
import pickle
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import urls
from ..cache import key

if TYPE_CHECKING:
    from .. import models as m
    from ..validate import Content

FORMATS = {
    "docx": "Word document",
    "odt": "OpenDocument text",
    "xlsx": "Excel spreadsheet",
    "csv": "CSV file",
    "ics": "Calendar file",
}
ROOT = "downloads"
#: Stands for a file's size in rendered pages until the file is made; see :func:`.produce.fill_sizes`.
SIZE_MARKER = "%%tk-size:{}%%"


@dataclass(frozen=True)
class Download:
    """One file: where it is published, what it holds, and the page that offers it."""

    path: str
    title: str
    page: str

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def format_name(self) -> str:
        return FORMATS[self.extension]

    @property
    def label(self) -> str:
        """As GOV.UK describes an attachment: its format and size, such as 'Word document, 21 KB'."""
        return f"{self.format_name}, {self.size_marker}"

    @property
    def size_marker(self) -> str:
        """Replaced by the size once the file is made, so pages need not wait for their downloads."""
        return SIZE_MARKER.format(self.path)


class Inputs:
    """A job's inputs (content models), kept pickled: a build that finds every file in the cache never loads them."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self._loaded: list[tuple[Any, ...]] | None = None

    def get(self, index: int) -> tuple[Any, ...]:
        if self._loaded is None:
            self._loaded = pickle.loads(self.blob)
        return self._loaded[index]

    def __getstate__(self) -> bytes:
        return self.blob

    def __setstate__(self, blob: bytes) -> None:
        self.__init__(blob)  # type: ignore[misc]


@dataclass(frozen=True)
class Batch:
    """Files made together by one job of :mod:`.jobs` from the same inputs, in the order the job returns them."""

    downloads: tuple[Download, ...]
    job: str
    #: The job's arguments, or where they are kept pickled (see :func:`detach_inputs`).
    args: tuple[Any, ...] | tuple[Inputs, int]
    #: A digest per file of everything it depends on (its path, the job, the job's inputs): its cache key.
    names: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, downloads: tuple[Download, ...], job: str, args: tuple[Any, ...]) -> Batch:
        return cls(downloads, job, args, tuple(key(download.path, job, args) for download in downloads))

    def arguments(self) -> tuple[Any, ...]:
        if len(self.args) == 2 and isinstance(self.args[0], Inputs):
            return self.args[0].get(self.args[1])
        return self.args


def detach_inputs(batches: list[Batch]) -> list[Batch]:
    """The same batches with their inputs pickled together, to be unpickled only if a file must be made."""
    inputs = Inputs(pickle.dumps([batch.arguments() for batch in batches], protocol=pickle.HIGHEST_PROTOCOL))
    return [Batch(batch.downloads, batch.job, (inputs, index), batch.names) for index, batch in enumerate(batches)]


def format_size(size: int) -> str:
    """As GOV.UK describes an attachment's size: '21 KB', '1.2 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _files(base: str, extensions: tuple[str, ...], title: str, page: str) -> tuple[Download, ...]:
    return tuple(Download(f"{base}.{extension}", title, page) for extension in extensions)


def _checklists(content: Content) -> list[Batch]:
    batches: list[Batch] = []
    for toolkit in content.toolkits.values():
        sections = [content.question_sets[p.ref] for p in toolkit.parts if p.checklist]
        if not sections:
            continue
        folder = f"{ROOT}/checklists/{toolkit.id}"
        for qs in sections:
            batches.append(Batch.of(_files(f"{folder}/{qs.id}", ("docx", "odt", "xlsx", "csv"), qs.title,
                                        urls.part(toolkit.id, qs.id)), "checklist", (toolkit, [qs])))
        whole = f"{toolkit.title}: every checklist section"
        batches.append(Batch.of(_files(f"{folder}/{toolkit.id}-checklist", ("docx", "odt", "xlsx", "csv"), whole,
                                    urls.toolkit(toolkit.id)), "checklist", (toolkit, sections)))
    return batches


def _documents(table: dict[str, m.JobDescription] | dict[str, m.DocumentTemplate], folder: str, section: str,
               job: str, content: Content) -> list[Batch]:
    """Word and OpenDocument files for each entity of a kind that is a document in its own right."""
    return [Batch.of(_files(f"{ROOT}/{folder}/{entity.id}", ("docx", "odt"), entity.title, urls.entity(section, entity.id)),
                  job, (entity, content.toolkits[entity.source].title))
            for entity in table.values()]


def session_download(programme: m.TrainingProgramme, session: m.Session) -> str:
    return f"{ROOT}/training/{programme.id}/{session.id}.ics"


def _training(content: Content) -> list[Batch]:
    batches: list[Batch] = []
    for programme in content.training.values():
        page = urls.entity(urls.TRAINING, programme.id)
        ordered = sorted(programme.sessions, key=lambda s: (s.date, s.start))
        batches.append(Batch.of((Download(f"{ROOT}/training/{programme.id}.ics", f"{programme.title}: every session", page),),
                             "calendar", (programme, ordered)))
        for session in ordered:
            title = f"{session.title}, {session.date:%-d %B %Y}"
            batches.append(Batch.of((Download(session_download(programme, session), title, page),),
                                 "calendar", (programme, [session])))
    return batches


def plan_downloads(content: Content) -> list[Batch]:
    """Every download of the site, in a stable order (the order pages offer them)."""
    return (_checklists(content)
            + _documents(content.job_descriptions, "job-descriptions", urls.JOB_DESCRIPTIONS, "job_description", content)
            + _documents(content.templates, "templates", urls.TEMPLATES, "template", content)
            + _training(content))
