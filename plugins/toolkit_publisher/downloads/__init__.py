"""Downloads (the write side of rendering): every file a trust can take away, planned from validated content.

Word and OpenDocument for every document, Excel and CSV for checklists, iCalendar for training.
Planning is cheap and imports no file-format library: it says which files there will be, where, and
from which inputs. :mod:`.produce` makes the bytes (in worker processes, or from the cache), and
:mod:`.jobs` is what a worker runs. Files are pure functions of the content and SOURCE_DATE_EPOCH:
two builds give byte-identical files.
"""

from __future__ import annotations

import json
import math
import secrets
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .. import kinds, urls
from ..cache import key
from ..plain import expect, expect_keys, expect_list, expect_str, to_plain

if TYPE_CHECKING:
    from pydantic import TypeAdapter

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
SIZE_MARKER = "%%tk-size-{nonce}:{path}%%"
#: Drawn afresh by each process that renders pages and kept with what it rendered, so no text in the
#: content, written before the build, can be taken for a marker (see :class:`~..site.RenderedSite`).
SIZE_NONCE = secrets.token_hex(8)


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
        return SIZE_MARKER.format(nonce=SIZE_NONCE, path=self.path)

    def to_plain(self) -> list[str]:
        return [self.path, self.title, self.page]

    @classmethod
    def from_plain(cls, value: Any) -> Download:
        path, title, page = (expect_str(part) for part in expect_list(value, length=3))
        if path.rsplit(".", 1)[-1] not in FORMATS:
            raise ValueError(f"not a download's path: {path!r}")
        return cls(path, title, page)


@cache  # kept for the process: one adapter per job's argument types, built from the models alone, whatever the content
def _adapter(arguments: Any) -> TypeAdapter[Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(arguments)


def arguments_adapter(job: str) -> TypeAdapter[Any]:
    """A job's arguments as the content model types them (as its kind declares them), to read them back checked.

    Built only when a file must be made."""
    downloads = kinds.by_job(job)
    if downloads is None:
        raise ValueError(f"no kind makes files with the job {job!r}")
    return _adapter(downloads.arguments)


class Inputs:
    """Every job's inputs as JSON text, read back through the content model only if a file must be made.

    So a build that finds every file in the cache never parses them, nor loads the content models.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._loaded: list[Any] | None = None

    def get(self, index: int, job: str) -> tuple[Any, ...]:
        """One job's arguments; ValueError if they are not what the job takes (pydantic's errors are ValueErrors)."""
        if self._loaded is None:
            try:
                self._loaded = expect_list(json.loads(self.text))
            except RecursionError:
                raise ValueError("the inputs are nested too deep") from None
        if not 0 <= index < len(self._loaded):
            raise ValueError(f"no inputs at {index}")
        return tuple(arguments_adapter(job).validate_python(self._loaded[index]))


@dataclass(frozen=True)
class Batch:
    """Files made together by one job of :mod:`.jobs` from the same inputs, in the order the job returns them."""

    downloads: tuple[Download, ...]
    job: str
    #: The job's arguments, or (read back from the site cache) where they are kept: ``(Inputs, index)``.
    args: tuple[Any, ...] | tuple[Inputs, int]
    #: A digest per file of everything it depends on (its path, the job, the job's inputs): its cache key.
    names: tuple[str, ...] = field(default=())

    @classmethod
    def of(cls, downloads: tuple[Download, ...], job: str, args: tuple[Any, ...]) -> Batch:
        return cls(downloads, job, args, tuple(key(download.path, job, args) for download in downloads))

    def arguments(self) -> tuple[Any, ...]:
        if len(self.args) == 2 and isinstance(self.args[0], Inputs):
            return self.args[0].get(self.args[1], self.job)
        return self.args

    def to_plain(self, index: int) -> dict[str, Any]:
        """As plain data, its inputs referred to by ``index`` (see :func:`batches_to_plain`)."""
        return {"downloads": [d.to_plain() for d in self.downloads], "job": self.job, "names": list(self.names),
                "inputs": index}

    @classmethod
    def from_plain(cls, value: Any, inputs: Inputs) -> Batch:
        fields = expect_keys(value, {"downloads", "job", "names", "inputs"})
        downloads = tuple(Download.from_plain(d) for d in expect_list(fields["downloads"]))
        names = tuple(expect_str(n) for n in expect_list(fields["names"], length=len(downloads)))
        job, index = expect_str(fields["job"]), expect(fields["inputs"], int)
        if kinds.by_job(job) is None or any(len(n) != 64 or n.strip("0123456789abcdef") for n in names):
            raise ValueError(f"not a batch: job {job!r}, names {names!r}")
        return cls(downloads, job, (inputs, index), names)


def batches_to_plain(batches: list[Batch]) -> dict[str, Any]:
    """Batches as plain data; their inputs as one JSON text, so reading them back leaves the inputs unparsed."""
    inputs = json.dumps([to_plain(batch.arguments()) for batch in batches], ensure_ascii=False, separators=(",", ":"))
    return {"batches": [batch.to_plain(index) for index, batch in enumerate(batches)], "inputs": inputs}


def batches_from_plain(value: Any) -> list[Batch]:
    """What :func:`batches_to_plain` wrote; raises ValueError on anything else. Inputs are checked when used."""
    fields = expect_keys(value, {"batches", "inputs"})
    inputs = Inputs(expect_str(fields["inputs"]))
    batches = [Batch.from_plain(batch, inputs) for batch in expect_list(fields["batches"])]
    if [batch.args[1] for batch in batches] != list(range(len(batches))):
        raise ValueError("the batches' inputs are out of order")
    return batches


def format_size(size: int) -> str:
    """As GOV.UK describes an attachment's size: '21 KB', '1.2 MB'."""
    if size < 1024 * 1024:
        return f"{max(1, math.ceil(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _files(base: str, extensions: tuple[str, ...], title: str, page: str) -> tuple[Download, ...]:
    return tuple(Download(f"{base}.{extension}", title, page) for extension in extensions)


def plan_checklists(content: Content, kind: kinds.Kind) -> list[Batch]:
    """Each checklist section's files, then the whole checklist's, for each toolkit with a checklist."""
    assert kind.downloads is not None
    batches: list[Batch] = []
    for toolkit in content.toolkits.values():
        sections = [content.of(kind.folder)[p.ref] for p in toolkit.parts if p.kind == kind.part]
        if not sections:
            continue
        folder = f"{ROOT}/{kind.downloads.folder}/{toolkit.id}"
        for qs in sections:
            batches.append(Batch.of(_files(f"{folder}/{qs.id}", ("docx", "odt", "xlsx", "csv"), qs.title,
                                        urls.part(toolkit.id, qs.id)), kind.downloads.job, (toolkit, [qs])))
        whole = f"{toolkit.title}: every checklist section"
        batches.append(Batch.of(_files(f"{folder}/{toolkit.id}-checklist", ("docx", "odt", "xlsx", "csv"), whole,
                                    urls.toolkit(toolkit.id)), kind.downloads.job, (toolkit, sections)))
    return batches


def plan_documents(content: Content, kind: kinds.Kind) -> list[Batch]:
    """Word and OpenDocument files for each entity of a kind that is a document in its own right, with the title and
    publisher of the toolkit it comes from (named in the files and their metadata)."""
    assert kind.downloads is not None and kind.section is not None
    return [Batch.of(_files(f"{ROOT}/{kind.downloads.folder}/{entity.id}", ("docx", "odt"), entity.title,
                            urls.entity(kind.section, entity.id)),
                     kind.downloads.job, (entity, content.toolkits[entity.source].title,
                                          content.toolkits[entity.source].publisher or ""))
            for entity in content.of(kind.folder).values()]


def session_download(programme: m.TrainingProgramme, session: m.Session) -> str:
    """One session's calendar file."""
    return f"{_training_folder(programme)}/{session.id}.ics"


def _training_folder(programme: m.TrainingProgramme) -> str:
    downloads = kinds.get("training").downloads
    assert downloads is not None
    return f"{ROOT}/{downloads.folder}/{programme.id}"


def plan_training(content: Content, kind: kinds.Kind) -> list[Batch]:
    """A calendar file of every session of a programme, and one of each session."""
    assert kind.downloads is not None and kind.section is not None
    batches: list[Batch] = []
    for programme in content.of(kind.folder).values():
        page = urls.entity(kind.section, programme.id)
        ordered = sorted(programme.sessions, key=lambda s: (s.date, s.start))
        batches.append(Batch.of((Download(f"{_training_folder(programme)}.ics", f"{programme.title}: every session",
                                          page),), kind.downloads.job, (programme, ordered)))
        for session in ordered:
            title = f"{session.title}, {session.date:%-d %B %Y}"
            batches.append(Batch.of((Download(session_download(programme, session), title, page),),
                                    kind.downloads.job, (programme, [session])))
    return batches


def plan_downloads(content: Content) -> list[Batch]:
    """Every download of the site, in a stable order (the order pages offer them), as each kind plans its own."""
    batches: list[Batch] = []
    for kind in kinds.with_downloads():
        assert kind.downloads is not None
        batches += kind.downloads.plan(content, kind)
    return batches
