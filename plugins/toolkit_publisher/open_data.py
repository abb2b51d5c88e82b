"""The content as data files at stable addresses: what each holds, as models (so each file's JSON Schema is generated
from the same models that validate the content), and each document made from validated content.

Addresses depend only on ids, never on titles (see :func:`data_files`); a dot cannot be in an id (models.Slug), so
no entry's file can take another's or a schema's name:

- ``data/toolkits/ID.json``: one toolkit whole, its parts in order; ``ID.questions.csv`` and ``ID.resources.csv``
  its questions and resources; ``toolkit.schema.json`` the schema beside them.
- ``data/SECTION.json`` and ``data/SECTION.csv`` for every other kind with its own pages (case studies, job
  descriptions, training, ...: each kind in the registry, so a kind registered later gets its files), and
  ``SECTION.schema.json`` beside them.
- ``data/page-index.json``: every generated page, its owner and review dates, and the entry it comes from.

Editors' words are told as the content model tells them: each entry keeps its ``editors_wrote``, and
``editors_words`` beside it lists every field whose words are the editors' (those and the fields that always are).
Markdown fields are kept as written, links by id (``resource:ID``) and editorial marks (``{added: ...}``) included.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Iterable, TypeVar, Union, get_args

from pydantic import BaseModel, ConfigDict, Field

from . import editorial, kinds, labels, urls
from . import models as m
from .validate.content import target

if TYPE_CHECKING:
    from .page_spec import PageSpec
    from .validate import Content

ROOT = "data"
DATA_PAGE = f"{ROOT}/index.md"
PAGE_INDEX = f"{ROOT}/page-index.json"
TOOLKIT_SCHEMA = f"{ROOT}/{urls.TOOLKITS}/toolkit.schema.json"
QUESTION_COLUMNS = ("Toolkit", "Checklist section", "Group", "Number", "Question id", "Question", "Answer type",
                    "Prompts introduction", "Prompts", "Resource ids")
RESOURCE_COLUMNS = ("Toolkit", "Resource list", "Categories", "Resource id", "Title", "Link", "Link status",
                    "Publisher", "Description", "Note", "Editors' words")

T = TypeVar("T")


class Document(BaseModel):
    """A data file's JSON: it names its schema, published beside it."""

    model_config = ConfigDict(populate_by_name=True, extra="forbid")

    schema_: str = Field(alias="$schema", description="The JSON Schema of this file, beside it.")


class QuestionRow(BaseModel):
    """One question as a checklist shows it: numbered in order across its section's groups."""

    number: int
    id: str
    group: str | None = Field(description=(
        "The title of the group it is in, if its section has groups; one the editors wrote says so, as on the page "
        "(\"… (editors' addition)\")."))
    text: str
    answer: str = Field(description="yes-no, text or figure.")
    prompts_intro: str | None
    prompts: list[str]
    resources: list[str] = Field(description="The ids of the resources it names, in the toolkit's resources.")


class ResourceRow(BaseModel):
    """One resource of a resource list, with the categories it is under."""

    id: str
    categories: list[str] = Field(description=(
        "The titles of the categories it is under, outermost first; one the editors wrote says so, as on the page "
        "(\"… (editors' addition)\"), and 'categories' is then among the row's editors_words."))
    title: str
    link: str | None = Field(description="Its address; null where the source gives none.")
    link_provided: bool = Field(description="False where the source gives no address (the site says "
                                            f"'{labels.LINK_NOT_PROVIDED}').")
    link_status: str
    publisher: str | None
    description: str | None
    note: str | None
    editors_words: list[str]


class EntryData(BaseModel, Generic[T]):
    """One entry as the content holds it, with its page and every field whose words are the editors'."""

    id: str
    url: str | None = Field(description="Its page, relative to the site's address; null if it has none.")
    editors_words: list[str] = Field(description=(
        "Every field of the entry whose words are the editors', not the source's: those its editors_wrote names and "
        "those that always are (a summary: the sources have none)."))
    entry: T


def _part_models() -> Any:
    return Union[tuple(kind.model for kind in kinds.parts())]  # type: ignore[return-value]


def toolkit_document_model() -> type[Document]:
    """A toolkit whole: its facts, and each part in order with its entry; a checklist's questions numbered, a
    resource list's resources flat. Made from the registry's parts, so it follows the models."""

    class PartData(EntryData[_part_models()]):  # type: ignore[misc]
        kind: str = Field(description="What the part is: " + ", ".join(k.part or "" for k in kinds.parts()) + ".")
        questions: list[QuestionRow] = Field(default_factory=list, description="A checklist's questions, numbered.")
        resources: list[ResourceRow] = Field(default_factory=list, description="A resource list's resources.")

    class ToolkitDocument(Document):
        id: str
        url: str
        editors_words: list[str]
        toolkit: m.Toolkit
        parts: list[PartData]

    return ToolkitDocument


def kind_document_model(kind: kinds.Kind) -> type[Document]:
    """Every entry of one kind, in id order."""
    entry = EntryData[kind.model]  # type: ignore[name-defined]

    class KindDocument(Document):
        kind: str = Field(description="The kind of content, as its folder in toolkit_data/ names it.")
        entries: list[entry]  # type: ignore[valid-type]

    KindDocument.__name__ = KindDocument.__qualname__ = f"{kind.model.__name__}Data"
    return KindDocument


class EntityName(BaseModel):
    kind: str
    id: str


class PageEntry(BaseModel):
    title: str
    url: str = Field(description="Relative to the site's address.")
    owner: str | None = Field(description=f"Who keeps it up to date ('{m.NOT_ASSIGNED}' until someone is); null for a "
                                          "page about the whole site.")
    last_reviewed: dt.date | None
    review_due: dt.date | None
    entity: EntityName | None = Field(description="The entry it is made from; null for a list or a site page.")


class PageIndex(Document):
    pages: list[PageEntry]


@dataclass(frozen=True)
class DataFile:
    """One data file: where it is, what it holds, the pages it describes, its licence and its content's last review."""

    path: str
    title: str
    #: The pages it describes (each links to it), first the one it is listed under.
    describes: tuple[str, ...]
    holds: str
    licence: str
    #: The latest last_reviewed of the entries it holds (their own, or their toolkit's); None for a schema.
    reviewed: dt.date | None
    #: The group the data page lists it in.
    group: str
    #: For a JSON file, its schema's path (beside it); for a schema, the files it describes.
    schema: str = ""
    #: The latest change in the change logs of the publications it holds; None where none records one.
    changed: dt.date | None = None


def _section(kind: kinds.Kind) -> str:
    return kind.section or kind.folder.replace("_", "-")


def data_kinds() -> list[kinds.Kind]:
    """The kinds with a JSON and a CSV of their own: every kind kept in a folder that is neither a toolkit nor a part
    of one (those are in their toolkit's file)."""
    return [kind for kind in kinds.in_folders() if kind.folder != kinds.TOOLKITS and not kind.part]


def kind_paths(kind: kinds.Kind) -> tuple[str, str, str]:
    """A kind's JSON, CSV and schema."""
    base = f"{ROOT}/{_section(kind)}"
    return f"{base}.json", f"{base}.csv", f"{base}.schema.json"


def toolkit_paths(toolkit_id: str) -> tuple[str, str, str]:
    """A toolkit's JSON, questions CSV and resources CSV."""
    base = f"{ROOT}/{urls.TOOLKITS}/{toolkit_id}"
    return f"{base}.json", f"{base}.questions.csv", f"{base}.resources.csv"


def _toolkits_of(content: Content, kind: kinds.Kind, entry_id: str, entry: Any) -> set[str]:
    """The toolkits an entry comes from (for its licence)."""
    if kind.folder == kinds.TOOLKITS:
        return {entry_id}
    if kind.part:
        return {content.part_owner[(kind.part, entry_id)]}
    if kind.from_toolkit:
        return {str(entry.source)}
    if kind.review_toolkits is not None:
        found = kind.review_toolkits(content).get(entry_id)
        return {found} if found else set()
    return set()


def _licence(content: Content, toolkit_ids: Iterable[str], any_without: bool = False) -> str:
    """The licences the publications state, or that they state none."""
    stated = {content.toolkits[t].licence or labels.NOT_STATED for t in toolkit_ids if t in content.toolkits}
    if any_without or not stated:
        stated.add(labels.NOT_STATED)
    return "; ".join(sorted(stated))


def _changed(content: Content, toolkit_ids: Iterable[str]) -> dt.date | None:
    """The latest change the change logs of these publications record."""
    dates = [change.date for toolkit_id in set(toolkit_ids) if toolkit_id in content.toolkits
             for change in content.toolkits[toolkit_id].changes]
    return max(dates, default=None)


def _reviewed(content: Content, entries: Iterable[tuple[str, str]]) -> dt.date | None:
    dates = [content.reviews[e].last_reviewed for e in entries if e in content.reviews]
    return max(dates) if dates else None


def _toolkit_entries(content: Content, toolkit: m.Toolkit) -> list[tuple[str, str]]:
    return [(kinds.TOOLKITS, toolkit.id), *((kinds.by_part(p.kind).folder, p.ref) for p in toolkit.parts)]


def data_files(content: Content) -> list[DataFile]:
    """Every data file, in the order the data page lists them: each toolkit's, each kind's, the page index, then
    the schemas."""
    found: list[DataFile] = []
    for toolkit in content.toolkits.values():
        json_path, questions, resources = toolkit_paths(toolkit.id)
        describes = (urls.toolkit(toolkit.id), *(urls.part(toolkit.id, p.ref) for p in toolkit.parts))
        licence = _licence(content, [toolkit.id])
        changed = _changed(content, [toolkit.id])
        reviewed = _reviewed(content, _toolkit_entries(content, toolkit))
        group = toolkit.title
        found.append(DataFile(json_path, f"{toolkit.title}: the whole toolkit", describes,
                              "Every part in order: pages' text as Markdown, questions numbered, resources with their "
                              "links", licence, reviewed, group, TOOLKIT_SCHEMA, changed))
        found.append(DataFile(questions, f"{toolkit.title}: questions", describes,
                              "One row per question, in order", licence, reviewed, group, changed=changed))
        found.append(DataFile(resources, f"{toolkit.title}: resources", describes,
                              "One row per resource, in order", licence, reviewed, group, changed=changed))
    for kind in data_kinds():
        json_path, csv_path, schema = kind_paths(kind)
        entries = content.of(kind.folder)
        page = urls.index(kind.section) if kind.section and entries else DATA_PAGE
        toolkit_ids = [t for entry_id, entry in entries.items() for t in _toolkits_of(content, kind, entry_id, entry)]
        without = any(not _toolkits_of(content, kind, entry_id, entry) for entry_id, entry in entries.items())
        licence = _licence(content, toolkit_ids, without)
        reviewed = _reviewed(content, [(kind.folder, entry_id) for entry_id in entries])
        title = kind.title or kind.plural.capitalize()
        # Listed under the kind's index (with sizes), and linked from each entry's own page (by format alone).
        describes = (page, *(urls.entity(kind.section, entry_id) for entry_id in entries)) if page != DATA_PAGE \
            else (page,)
        rows = (f"One row per {kind.data_rows.removesuffix('s')}, beside its entry's fields"
                if kind.data_rows else "One row per entry") + "; lists and nested parts as JSON text"
        found.append(DataFile(json_path, f"{title}: every entry", describes, "Every entry whole, by id", licence,
                              reviewed, title, schema, _changed(content, toolkit_ids)))
        found.append(DataFile(csv_path, f"{title}: one row each", describes, rows, licence, reviewed, title,
                              changed=_changed(content, toolkit_ids)))
    everything = [(kind.folder, entry_id) for kind in kinds.in_folders() for entry_id in content.of(kind.folder)]
    found.append(DataFile(PAGE_INDEX, "Page index", (DATA_PAGE,), "Every page: its title, address, owner, "
                          "review dates and the entry it comes from", _licence(content, content.toolkits),
                          _reviewed(content, everything), "Pages", f"{ROOT}/page-index.schema.json",
                          _changed(content, content.toolkits)))
    for schema, documents in _schemas(found).items():
        found.append(DataFile(schema, f"JSON Schema of {', '.join(documents)}", (DATA_PAGE,),
                              "The shape of the JSON files beside it", "", None, "Schemas", ", ".join(documents)))
    return found


def _schemas(files: list[DataFile]) -> dict[str, list[str]]:
    named: dict[str, list[str]] = {}
    for file in files:
        if file.schema:
            named.setdefault(file.schema, []).append(file.path.rsplit("/", 1)[-1])
    return named


# --- the documents ------------------------------------------------------------------------------------


def _words(entry: Any) -> list[str]:
    return sorted(entry.wrote()) if isinstance(entry, m.EditorsWords) else []


def _url(path: str, directory_urls: bool) -> str:
    return urls.page_url(path, directory_urls)


def question_rows(qs: m.QuestionSet) -> list[QuestionRow]:
    """A section's questions, numbered in order across its groups, as its page numbers them."""
    groups = ([(editorial.said_text(g.title, g, "title"), g.questions) for g in qs.groups] if qs.groups is not None
              else [(None, qs.questions or [])])
    rows, number = [], 0
    for title, questions in groups:
        for q in questions:
            number += 1
            rows.append(QuestionRow(number=number, id=q.id, group=title, text=q.text, answer=q.answer,
                                    prompts_intro=q.prompts_intro, prompts=list(q.prompts),
                                    resources=[str(r) for r in q.resources]))
    return rows


def resource_rows(resources: m.ResourceList) -> list[ResourceRow]:
    """A list's resources in order, each with the titles of the categories it is under."""
    rows: list[ResourceRow] = []

    def walk(category: m.ResourceCategory, trail: tuple[str, ...], theirs: bool) -> None:
        here = (*trail, editorial.said_text(category.title, category, "title"))
        theirs = theirs or "title" in category.wrote()
        for r in category.resources:
            provided = r.link != m.NOT_PROVIDED
            rows.append(ResourceRow(id=r.id, categories=list(here), title=r.title, link=r.link if provided else None,
                                    link_provided=provided, link_status=r.link_status, publisher=r.publisher,
                                    description=r.description, note=r.note,
                                    editors_words=sorted({*_words(r), *(["categories"] if theirs else [])})))
        for sub in category.categories:
            walk(sub, here, theirs)

    for category in resources.categories:
        walk(category, (), False)
    return rows


def toolkit_document(content: Content, toolkit: m.Toolkit, directory_urls: bool) -> dict[str, Any]:
    """A toolkit whole, as plain JSON data that its schema validates."""
    model = toolkit_document_model()
    parts = []
    for part in toolkit.parts:
        entry = target(part.ref)
        parts.append({"id": part.ref, "kind": part.kind, "url": _url(urls.part(toolkit.id, part.ref), directory_urls),
                      "editors_words": _words(entry), "entry": entry,
                      "questions": question_rows(entry) if isinstance(entry, m.QuestionSet) else [],
                      "resources": resource_rows(entry) if isinstance(entry, m.ResourceList) else []})
    document = model.model_validate({"$schema": TOOLKIT_SCHEMA.rsplit("/", 1)[-1], "id": toolkit.id,
                                     "url": _url(urls.toolkit(toolkit.id), directory_urls),
                                     # its change log's summaries are the editors' too (models.Change)
                                     "editors_words": sorted({*_words(toolkit),
                                                              *(["changes"] if toolkit.changes else [])}),
                                     "toolkit": toolkit, "parts": parts})
    return _plain(document)


def kind_document(content: Content, kind: kinds.Kind, directory_urls: bool) -> dict[str, Any]:
    """Every entry of a kind, in id order, as plain JSON data that its schema validates."""
    entries = [{"id": entry_id, "entry": entry, "editors_words": _words(entry),
                "url": _url(urls.entity(kind.section, entry_id), directory_urls) if kind.section else None}
               for entry_id, entry in sorted(content.of(kind.folder).items())]
    schema = kind_paths(kind)[2].rsplit("/", 1)[-1]
    document = kind_document_model(kind).model_validate({"$schema": schema, "kind": kind.folder, "entries": entries})
    return _plain(document)


def page_index(content: Content, specs: list[PageSpec], directory_urls: bool,
               written_pages: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    """Every page: those written in the docs folder (the home page first; the site's own, with no owner or review
    dates), then every generated page, in the site's order, with its owner and review dates where it is an entry's."""
    from .page_spec import Options, PageBuilder

    builder = PageBuilder(content, Options(directory_urls), DATA_PAGE)
    entities: dict[str, tuple[str, str]] = {}
    for kind in kinds.in_folders():
        if kind.section is None and not kind.part and kind.folder != kinds.TOOLKITS:
            continue
        for entry_id in content.of(kind.folder):
            entities.setdefault(builder.entity_path(kind.folder, entry_id), (kind.folder, entry_id))
    pages = [PageEntry(title=title, url=_url(path, directory_urls), owner=None, last_reviewed=None, review_due=None,
                       entity=None) for path, title in written_pages]
    for spec in specs:
        entity = entities.get(spec.path)
        review = content.reviews.get(entity) if entity else None
        pages.append(PageEntry(title=spec.title, url=_url(spec.path, directory_urls),
                               owner=review.owner if review else None,
                               last_reviewed=review.last_reviewed if review else None,
                               review_due=review.review_due if review else None,
                               entity=EntityName(kind=entity[0], id=entity[1]) if entity else None))
    return _plain(PageIndex.model_validate({"$schema": "page-index.schema.json", "pages": pages}))


def _plain(document: BaseModel) -> dict[str, Any]:
    return document.model_dump(mode="json", by_alias=True)


def schemas() -> dict[str, dict[str, Any]]:
    """Each data file's JSON Schema by its path under the site, generated from the models."""
    from .schema import SCHEMA_DIALECT

    models: dict[str, type[BaseModel]] = {TOOLKIT_SCHEMA: toolkit_document_model()}
    models.update((kind_paths(kind)[2], kind_document_model(kind)) for kind in data_kinds())
    models[f"{ROOT}/page-index.schema.json"] = PageIndex
    return {path: {"$schema": SCHEMA_DIALECT, "$id": path.rsplit("/", 1)[-1],
                   **model.model_json_schema(mode="serialization", by_alias=True)}
            for path, model in models.items()}


def csv_value(value: Any) -> str:
    """A cell: text as it is, a list of texts one per line, anything else as JSON text."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n".join(value)
    return json.dumps(value, ensure_ascii=False)


def toolkit_rows(document: dict[str, Any]) -> tuple[list[list[str]], list[list[str]]]:
    """A toolkit's questions and resources as CSV rows, each with its heading row."""
    title = _said(document["toolkit"]["title"], document, "title")
    questions: list[list[str]] = [list(QUESTION_COLUMNS)]
    resources: list[list[str]] = [list(RESOURCE_COLUMNS)]
    for part in document["parts"]:
        part_title = _said(part["entry"]["title"], part, "title")
        for q in part["questions"]:
            questions.append([title, part_title, csv_value(q["group"]), str(q["number"]), q["id"],
                              q["text"], q["answer"], csv_value(q["prompts_intro"]), csv_value(q["prompts"]),
                              "; ".join(q["resources"])])
        for r in part["resources"]:
            resources.append([title, part_title, " > ".join(r["categories"]), r["id"], r["title"],
                              r["link"] or labels.LINK_NOT_PROVIDED, r["link_status"], csv_value(r["publisher"]),
                              csv_value(r["description"]), csv_value(r["note"]), "; ".join(r["editors_words"])])
    return questions, resources


def _said(text: str, owner: dict[str, Any], field: str) -> str:
    """A title in a CSV cell, saying it is the editors' where the document's ``editors_words`` name it: a cell can
    hold no mark, so its words say it, as a printed copy does."""
    return editorial.words(text, "added") if field in owner.get("editors_words", ()) else text


def kind_rows(document: dict[str, Any], kind: kinds.Kind) -> list[list[str]]:
    """One row per entry: its fields in the model's order (lists and nested parts as JSON text), its page, and the
    fields whose words are the editors'. For a kind whose entries hold rows of their own (``data_rows``: a
    programme's sessions), one row per item, its fields beside its entry's, so a spreadsheet can sort and filter
    them."""
    fields = list(kind.model.model_fields)
    if kind.data_rows is None:
        rows = [[*fields, "url", "editors_words"]]
        for item in document["entries"]:
            rows.append([*(csv_value(item["entry"].get(name)) for name in fields), csv_value(item["url"]),
                         "; ".join(item["editors_words"])])
        return rows
    own = [name for name in fields if name != kind.data_rows]
    inner = _item_fields(kind.model, kind.data_rows)
    prefix = f"{kind.data_rows.removesuffix('s')}_"
    rows = [[*own, *(prefix + name for name in inner), "url", "editors_words"]]
    for item in document["entries"]:
        entry = item["entry"]
        for inside in entry.get(kind.data_rows) or [{}]:
            rows.append([*(csv_value(entry.get(name)) for name in own),
                         *(csv_value(inside.get(name)) for name in inner),
                         csv_value(item["url"]), "; ".join(item["editors_words"])])
    return rows


def _item_fields(model: type[BaseModel], field: str) -> list[str]:
    """The fields of the items of a model's list field (a programme's sessions: a session's fields)."""
    (item,) = get_args(model.model_fields[field].annotation)
    return list(item.model_fields)
