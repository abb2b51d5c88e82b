"""The data files planned as downloads are (one batch each, made by the 'data' job, cached by a digest of their
inputs): the documents are made from the validated content while planning (cheap, and in the content model's terms),
and the job writes their bytes, the same from build to build."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any, Literal

from .. import kinds, open_data
from . import Batch, Download
from .reproducible import neutralise

if TYPE_CHECKING:
    from ..page_spec import Options, PageSpec
    from ..validate import Content

JOB = "data"
#: The job's arguments: the file's format and what it holds, as plain data.
ARGUMENTS = tuple[Literal["json", "csv"], Any]


def downloads(files: list[open_data.DataFile]) -> list[Download]:
    """Each data file as a download, offered on the first page it describes."""
    return [Download(file.path, file.title, file.describes[0], file.holds) for file in files]


def plan_data(content: Content, options: Options, specs: list[PageSpec],
              written_pages: tuple[tuple[str, str], ...] = ()) -> list[Batch]:
    """Every data file, in the data page's order."""
    files = open_data.data_files(content)
    made: dict[str, tuple[str, Any]] = {}
    for toolkit in content.toolkits.values():
        json_path, questions, resources = open_data.toolkit_paths(toolkit.id)
        document = open_data.toolkit_document(content, toolkit, options.directory_urls)
        question_rows, resource_rows = open_data.toolkit_rows(document)
        made.update({json_path: ("json", document), questions: ("csv", question_rows),
                     resources: ("csv", resource_rows)})
    for kind in open_data.data_kinds():
        json_path, csv_path, _schema = open_data.kind_paths(kind)
        document = open_data.kind_document(content, kind, options.directory_urls)
        made.update({json_path: ("json", document), csv_path: ("csv", open_data.kind_rows(document, kind))})
    made[open_data.PAGE_INDEX] = ("json", open_data.page_index(content, specs, options.directory_urls,
                                                               written_pages))
    made.update((path, ("json", schema)) for path, schema in open_data.schemas().items())
    return [Batch.of((download,), JOB, made[download.path]) for download in downloads(files)]


def make(form: str, value: Any) -> list[bytes]:
    """A JSON file (two-space indents, keys in the models' order, UTF-8) or a CSV file (UTF-8 with a byte-order mark,
    so Excel shows £ and curly quotes; formula-like cells neutralised)."""
    if form == "json":
        return [(json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in value:
        writer.writerow([neutralise(cell) for cell in row])
    return [("\ufeff" + out.getvalue()).encode("utf-8")]


def plan_none(content: Content, kind: kinds.Kind | None) -> list[Batch]:
    """Data files are planned with the pages (their page index lists the pages): see :func:`plan_data`."""
    return []
