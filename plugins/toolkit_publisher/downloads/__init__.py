"""Downloads (the write side of rendering): every file a trust can take away, planned from validated content.

Word and OpenDocument for every document, Excel and CSV for checklists, iCalendar for training.
Planning is cheap and imports no file-format library: it says which files there will be, where, and
from which inputs. :mod:`.produce` makes the bytes (in worker processes, or from the cache), and
:mod:`.jobs` is what a worker runs. Files are pure functions of the content and SOURCE_DATE_EPOCH:
two builds give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import secrets
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Iterable

from .. import kinds, labels, urls
from ..cache import key
from ..plain import expect, expect_keys, expect_list, expect_str, to_plain
from ..validate.content import target

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
    "atom": "Atom feed",
    "json": "JSON file",
}
#: What each format is for: said once, on the downloads page, rather than beside every file.
PURPOSES = {
    "docx": "To fill in on screen, or print: opens in Microsoft Word, and in LibreOffice, Google Docs and Pages.",
    "odt": "The same document in the open standard format, for LibreOffice Writer and other office programs.",
    "xlsx": "A checklist as a spreadsheet to fill in, sort and filter, in Excel or LibreOffice Calc, with a Y or N "
            "to choose for each yes or no question.",
    "csv": "A checklist's rows as plain data, to import into a spreadsheet or another system.",
    "ics": "To add training sessions to a calendar: Outlook, Google Calendar, Apple Calendar or Thunderbird.",
    "atom": "A toolkit's changes, to follow in a feed reader (such as Thunderbird, Feedly or Outlook's RSS feeds), "
            "so you hear when a page you rely on changes.",
    "json": "The content as structured data, for another system to read; its JSON Schema is published beside it.",
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
    #: What the file holds, in a few words ("12 questions in 3 groups, ..."): the same for each format of a document.
    holds: str = ""
    #: For a calendar file, the day of its session (of its last session, for a whole schedule's): once it has taken
    #: place, pages no longer offer the file (nobody can book what is over), though it is still made.
    held_on: dt.date | None = None
    #: For a document from the source's time, what it is and when from ("Example job description from 2006, not a
    #: current template"): shown wherever the file is offered, marked as historical.
    historical: str = ""

    def taken_place(self, today: dt.date) -> bool:
        """Whether this is the calendar file of sessions all held before ``today``."""
        return self.held_on is not None and self.held_on < today

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
        return [self.path, self.title, self.page, self.holds, self.held_on.isoformat() if self.held_on else "",
                self.historical]

    @classmethod
    def from_plain(cls, value: Any) -> Download:
        path, title, page, holds, held_on, historical = (expect_str(part) for part in expect_list(value, length=6))
        if path.rsplit(".", 1)[-1] not in FORMATS:
            raise ValueError(f"not a download's path: {path!r}")
        return cls(path, title, page, holds, dt.date.fromisoformat(held_on) if held_on else None, historical)


@dataclass(frozen=True)
class Offer:
    """Files as a page offers them: the formats of one document under its title, or (``title`` None) a run of
    single files that hold the same kind of thing, such as each session's calendar, listed by their own titles."""

    title: str | None
    holds: str
    files: tuple[Download, ...]


def offers(downloads: Iterable[Download]) -> list[Offer]:
    """In the order planned, which is the order pages offer them (a schedule's sessions by date; Jinja's groupby
    would sort them by title): each document's formats together, and single files in a row that hold the same kind
    of thing in one list, so what they hold is said once."""
    groups: dict[str, list[Download]] = {}
    for download in downloads:
        groups.setdefault(download.title, []).append(download)
    found: list[Offer] = []
    for title, files in groups.items():
        previous = found[-1] if found else None
        if (len(files) == 1 and previous is not None and previous.holds == files[0].holds
                and (previous.title is None or len(previous.files) == 1)):
            found[-1] = Offer(None, previous.holds, (*previous.files, files[0]))
        else:
            found.append(Offer(title, files[0].holds, tuple(files)))
    return found


def formats_offered(downloads: Iterable[Download]) -> list[tuple[str, str, str]]:
    """Each format among these files, as its extension, name and purpose, in the order of :data:`FORMATS`."""
    present = {download.extension for download in downloads}
    return [(extension, name, PURPOSES[extension]) for extension, name in FORMATS.items() if extension in present]


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


def _files(base: str, extensions: tuple[str, ...], title: str, page: str, holds: str,
           historical: str = "") -> tuple[Download, ...]:
    return tuple(Download(f"{base}.{extension}", title, page, holds, historical=historical) for extension in extensions)


def _questions(sections: list[Any]) -> str:
    """What a checklist's files hold: its questions, in groups or sections, with space to answer."""
    questions = sum(len(qs.all_questions()) for qs in sections)
    if len(sections) > 1:
        where = f", in {labels.counted(len(sections), 'section')} (a sheet for each in the spreadsheet)"
    else:
        where = f" in {labels.counted(len(sections[0].groups), 'group')}" if sections[0].groups else ""
    return f"{labels.counted(questions, 'question')}{where}, with space for each answer and the prompts for next steps"


def holds_job_description(entity: Any) -> str:
    """What a job description's files hold: its sections, with the counts a reader weighs them by."""
    requirements = len(entity.requirements())
    spec = f", with the person specification ({labels.counted(requirements, 'requirement')})" if requirements else ""
    what = "The example job description" if entity.status == "historical" else "The job description to adapt"
    return f"{what}: {labels.counted(len(entity.sections), 'section')} as the source prints them{spec}"


def holds_template(entity: Any) -> str:
    """What a document template's files hold: its sections and annexes to fill in."""
    annexes = f" and {labels.counted(len(entity.annexes), 'annex', 'annexes')}" if entity.annexes else ""
    what = "The example document" if entity.status == "historical" else "The template to fill in"
    return f"{what}: {labels.counted(len(entity.sections), 'section')}{annexes}"


def plan_checklists(content: Content, kind: kinds.Kind) -> list[Batch]:
    """Each checklist section's files, then the whole checklist's, for each toolkit with a checklist."""
    assert kind.downloads is not None
    batches: list[Batch] = []
    for toolkit in content.toolkits.values():
        sections = [target(p.ref) for p in toolkit.parts if p.kind == kind.part]
        if not sections:
            continue
        folder = f"{ROOT}/{kind.downloads.folder}/{toolkit.id}"
        for qs in sections:
            batches.append(Batch.of(_files(f"{folder}/{qs.id}", ("docx", "odt", "xlsx", "csv"), qs.title,
                                           urls.part(toolkit.id, qs.id), _questions([qs])),
                                    kind.downloads.job, (toolkit, [qs])))
        whole = f"{toolkit.title}: every checklist section"
        batches.append(Batch.of(_files(f"{folder}/{toolkit.id}-checklist", ("docx", "odt", "xlsx", "csv"), whole,
                                       urls.toolkit(toolkit.id), _questions(sections)),
                                kind.downloads.job, (toolkit, sections)))
    return batches


def _historical(kind: kinds.Kind, entity: Any) -> str:
    """A historical document's status, for the lists that offer its files; '' for a current one."""
    if getattr(entity, "status", "current") == "historical" and entity.dated:
        return labels.historical(kind.folder, entity.dated)
    return ""


def resource_links(content: Content, entity: Any) -> dict[str, str]:
    """The address of each resource an entity's text links to by id (or ``not-yet-provided``), so its files say what
    its page says of each: the address, or that the source gives none."""
    named = {match.group(2) for match in kinds.content_link().finditer(entity.model_dump_json())
             if match.group(1) == kinds.RESOURCE_LINK}
    return {resource_id: content.resource_index[resource_id][0].link for resource_id in sorted(named)}


def plan_documents(content: Content, kind: kinds.Kind) -> list[Batch]:
    """Word and OpenDocument files for each entity of a kind that is a document in its own right, with the title and
    publisher of the toolkit it comes from (named in the files and their metadata), and the addresses of the
    resources its text links to."""
    assert kind.downloads is not None and kind.section is not None
    holds = kind.downloads.holds or (lambda entity: "")
    return [Batch.of(_files(f"{ROOT}/{kind.downloads.folder}/{entity.id}", ("docx", "odt"), entity.title,
                            urls.entity(kind.section, entity.id), holds(entity), _historical(kind, entity)),
                     kind.downloads.job, (entity, source.title, source.publisher or "", resource_links(content, entity)))
            for entity in content.of(kind.folder).values() for source in [target(entity.source)]]


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
        every = (f"All {len(ordered)} sessions, with their times (UK time), places and how to book" if len(ordered) > 1
                 else "The one session, with its time (UK time), place and how to book")
        batches.append(Batch.of((Download(f"{_training_folder(programme)}.ics", f"{programme.title}: every session",
                                          page, every, max(s.date for s in ordered)),),
                                kind.downloads.job, (programme, ordered)))
        for session in ordered:
            title = f"{session.title}, {session.date:%-d %B %Y}"
            batches.append(Batch.of((Download(session_download(programme, session), title, page,
                                              "One session, with its time (UK time), place and how to book",
                                              session.date),),
                                    kind.downloads.job, (programme, [session])))
    return batches


def feed_path(toolkit_id: str) -> str:
    """Where a toolkit's Atom feed of its changes is published: by its id alone, so the address never moves."""
    downloads = kinds.get(kinds.TOOLKITS).downloads
    assert downloads is not None
    return f"{ROOT}/{downloads.folder}/{toolkit_id}.atom"


def plan_feeds(content: Content, kind: kinds.Kind) -> list[Batch]:
    """An Atom feed of each toolkit's changes (for a toolkit with a change log), offered on its home page, made from
    the change log alone (its dates, never the build's), with the titles of the parts its changes name."""
    assert kind.downloads is not None
    batches = []
    for toolkit in content.toolkits.values():
        if not toolkit.changes:
            continue
        titles = {str(part.ref): str(getattr(target(part.ref), "title")) for part in toolkit.parts}
        holds = labels.counted(len(toolkit.changes), "change") + ", newest first, each with its date and summary"
        batches.append(Batch.of((Download(feed_path(toolkit.id), f"{toolkit.title}: changes", urls.toolkit(toolkit.id),
                                          holds),), kind.downloads.job, (toolkit, titles)))
    return batches


def plan_downloads(content: Content) -> list[Batch]:
    """Every download of the site, in a stable order (the order pages offer them), as each kind plans its own."""
    batches: list[Batch] = []
    for kind in kinds.with_downloads():
        assert kind.downloads is not None
        batches += kind.downloads.plan(content, kind)
    return batches
