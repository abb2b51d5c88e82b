"""Stage 2, validate: typed models from loaded YAML, then every cross-reference resolved.

Every problem in every file is collected before anything is reported, and each names the
file, line and column, what was expected and how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from . import calendar_revisions, kinds
from . import models as m
from .errors import ContentError, ContentErrors, Position
from .cache import Memo, ValidationMemo
from .files import Entry, display, problems as unsafe_entries, read_bytes, walk
from .load import LoadedFile, Path_, load_file, load_text
from .markdown_limits import markdown_hazard
from .sanitise import SAFE_LINK, unsafe_html

#: Where a Markdown link goes: [words](destination) or a reference definition '[name]: destination'.
LINK_DESTINATION = re.compile(r"\]\(\s*<?(?P<inline>[^\s<>)]+)"
                              r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s<>]+)>?[ \t]*"
                              r"(?:(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\))[ \t]*)?$", flags=re.MULTILINE)
#: A destination with a scheme (by id, a web address; others are the sanitiser's to refuse) or within the page.
_NOT_A_PATH = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|#")
_NOT_FOLLOWABLE = ("the link '{}' is a path or file name, which this page cannot link to (the published build would "
                   "stop on it, and it would break where the site is published under a path): link to other content "
                   "by its id, [words](toolkit:ID) (likewise resource:, training:, template:, job-description:, "
                   "case-study: and organisation:), or to a web page by its whole address, starting https://")


def _followable(destination: str) -> bool:
    """A generated page is not where its fields' files are, so only a link by id or a whole address leads anywhere."""
    return bool(_NOT_A_PATH.match(destination))


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class Review:
    """Who owns a page and when it was and will be reviewed, after inheriting from its toolkit."""

    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    #: Where the review_due date is written, for warnings.
    due_position: Position

    @property
    def overdue(self) -> bool:
        return self.review_due < dt.date.today()


@dataclass
class Content:
    """Everything validated, by kind and id, in a stable order; the input of rendering.

    A kind's entries are ``content.of(folder)``, or as an attribute named by its folder (``content.case_studies``).
    """

    #: Each kind's entries by id, by the kind's folder (see :mod:`.kinds`); every kind registered has its table.
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Each resource by id, with the list and category path it sits in.
    resource_index: dict[str, tuple[m.Resource, str, tuple[m.ResourceCategory, ...]]] = field(default_factory=dict)
    #: Where each resource is written, for editors' reports.
    resource_positions: dict[str, Position] = field(default_factory=dict)
    #: For each part id ("page", id), the toolkit that publishes it.
    part_owner: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The resolved owner and review dates of each publishable entity, by (folder, id).
    reviews: dict[tuple[str, str], Review] = field(default_factory=dict)
    #: Content that needs an editor's attention but does not stop the build.
    warnings: list[ContentError] = field(default_factory=list)
    #: Resources that some question or Markdown link uses.
    used_resources: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for kind in kinds.all_kinds():
            self.entries.setdefault(kind.folder, {})

    def of(self, folder: str) -> dict[str, Any]:
        """The entries of the kind kept in this folder, by id."""
        return self.entries[folder]

    def __getattr__(self, name: str) -> dict[str, Any]:
        """``content.toolkits``: a kind's entries by its folder's name, as the stages that know a kind name it."""
        entries = self.__dict__.get("entries")
        if entries is None or name not in entries:
            raise AttributeError(name)
        return entries[name]


#: References to one resource of a resource list name it as a kind of its own; the lists are in RESOURCE_LISTS.
RESOURCE = kinds.RESOURCE_LINK
RESOURCE_LISTS = "resources"


def kind_name(folder: str) -> str:
    """How an entry of the kind kept in this folder (or a resource of a list) is named in messages."""
    return RESOURCE if folder == RESOURCE else kinds.get(folder).singular


def _where(folder: str) -> str:
    """Where an editor finds the entries of a kind (or the resources), for messages."""
    if folder == RESOURCE:
        return f"the resource lists in toolkit_data/{RESOURCE_LISTS}/"
    kind = kinds.get(folder)
    return f"toolkit_data/{kind.file}" if kind.file else f"toolkit_data/{kind.folder}/"


# --- turning pydantic's errors into editors' messages -------------------------------------


def suggest(wrong: str, choices: typing.Iterable[str]) -> str:
    """A 'did you mean' clause, or nothing when no choice is close."""
    close = difflib.get_close_matches(wrong, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else "."


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Optional[...], Annotated[...] and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that a location inside ``model`` refers to, for listing its keys."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            candidates = [typing.get_args(t)[0] for t in _unwrap(current) if typing.get_origin(t) is list]
        else:
            classes = [t for t in _unwrap(current) if isinstance(t, type) and issubclass(t, BaseModel)]
            if not classes or step not in classes[0].model_fields:
                return None
            candidates = [classes[0].model_fields[step].annotation]
        if not candidates:
            return None
        current = candidates[0]
    classes = [t for t in _unwrap(current) if isinstance(t, type) and issubclass(t, BaseModel)]
    return classes[0] if classes else None


#: A value echoed in a message is cut to this many characters: a whole file read as one text is never printed.
ECHO_LIMIT = 60


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:ECHO_LIMIT]}...'" if len(text) > ECHO_LIMIT else f"'{text}'"


def _field_name(loc: tuple[str | int, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return names[-1] if names else "the file"


def _message(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at a key rather than a value."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    name = _field_name(loc)
    parent = _model_at(root, loc[:-1]) if loc else root
    if kind == "extra_forbidden":
        allowed = sorted(parent.model_fields) if parent else []
        return (f"unknown key '{loc[-1]}'{suggest(str(loc[-1]), allowed)} "
                f"Allowed keys here: {', '.join(allowed)}", True)
    if kind == "missing":
        owner = _model_at(root, loc[:-1])
        described = owner.model_fields[str(loc[-1])].description if owner and str(loc[-1]) in owner.model_fields else None
        hint = f" ({described})" if described else ""
        return f"missing required key '{loc[-1]}'{hint}; add it", False
    if kind == "string_pattern_mismatch":
        fixed = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        return (f"'{name}' must be an id of lowercase letters, digits and single hyphens; "
                f"got {_describe(value)}: write '{fixed}' instead", False)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']*)'", expected)
        close = suggest(str(value), choices) if isinstance(value, str) else "."
        return f"'{name}' must be one of {expected}; got {_describe(value)}{close.rstrip('.')}", False
    if kind == "string_type":
        if value is None and loc and isinstance(loc[-1], int):  # a '-' with nothing after it
            return f"an item of '{name}' is empty: write its text after the '- ', or delete the line", False
        if value is None:
            return f"'{name}' is empty; write its text, or remove the key if it is optional", False
        if isinstance(value, dict) and len(value) == 1 and not isinstance(next(iter(value.values())), (dict, list)):
            return (f"'{name}' must be text, and this text contains ': ' (a colon and a space), which YAML reads as a "
                    'key and its value: put the whole text in double quotes, "like this"', False)
        return f"'{name}' must be text; got {_describe(value)}: write it on one line, or quote it", False
    if kind == "string_too_short":
        return f"'{name}' is empty; write its text", False
    if kind == "list_type":
        return f"'{name}' must be a list (each item on a line starting with '- '); got {_describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping of keys and values; got {_describe(value)}", False
    if kind == "too_short":
        return f"'{name}' must list at least one item", False
    if kind.startswith("date") :
        return f"'{name}' must be a real date written YYYY-MM-DD, such as 2025-02-06; got {_describe(value)}", False
    if kind.startswith("time"):
        return f"'{name}' must be a 24-hour time written HH:MM, such as 15:30; got {_describe(value)}", False
    if kind.startswith("bool"):
        return f"'{name}' must be true or false; got {_describe(value)}", False
    if kind == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        where = f"'{name}': " if loc else ""
        return f"{where}{text}", False
    return f"'{name}': {error.get('msg')}; got {_describe(value)}", False


PLACEHOLDER = "FILL IN"


def placeholders(loaded: LoadedFile) -> list[tuple[Path_, ContentError]]:
    """Every value still holding a scaffold's "FILL IN" text: published, it would be nonsense."""
    found: list[tuple[Path_, ContentError]] = []

    def walk(value: Any, path: Path_) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, path + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, path + (index,))
        elif isinstance(value, str) and PLACEHOLDER in value:
            hint = value.split(PLACEHOLDER, 1)[1].lstrip(": ").strip()
            found.append((path, ContentError(loaded.position(path), f"'{_field_name(path)}' still holds the "
                                             f"placeholder '{PLACEHOLDER}'; replace it with {hint or 'the text'}")))

    walk(loaded.data, ())
    return found


def model_errors(exc: ValidationError, loaded: LoadedFile, model: type[BaseModel]) -> list[ContentError]:
    """Positioned messages for everything pydantic rejected in one file."""
    raw = [{**e, "loc": tuple(s for s in e["loc"] if not (isinstance(s, str) and s.startswith("function-")))}
           for e in exc.errors(include_url=False)]
    # A misspelt key is one mistake: report the unknown key with its "did you mean", not also the missing one.
    missing = {e["loc"] for e in raw if e["type"] == "missing"}
    explained = set()
    for e in raw:
        if e["type"] == "extra_forbidden":
            parent = _model_at(model, e["loc"][:-1])
            fields = list(parent.model_fields) if parent else []
            close = difflib.get_close_matches(str(e["loc"][-1]), fields, n=1, cutoff=0.6)
            if close and e["loc"][:-1] + (close[0],) in missing:
                explained.add(e["loc"][:-1] + (close[0],))
    errors = []
    for error in raw:
        if error["type"] == "missing" and error["loc"] in explained:
            continue
        message, at_key = _message(error, model)
        errors.append(ContentError(loaded.position(error["loc"], key=at_key), message))
    return errors


# --- reading the data folder -------------------------------------------------------------


@dataclass
class _Entity:
    kind: str
    model: BaseModel
    file: LoadedFile


def _relative(entry: Entry, root: Path) -> tuple[str, ...]:
    return entry.path.relative_to(root).parts


def _in_a_kinds_folder(entry: Entry, parts: tuple[str, ...], folders: dict[str, int]) -> bool:
    return len(parts) == 2 and parts[0] in folders and entry.path.suffix in (".yml", ".yaml")


def data_files(entries: list[Entry], root: Path) -> Iterator[tuple[str, Path]]:
    """Every YAML file of every kind kept in a folder, in a stable order: ordinary files only, never a link."""
    folders = {kind.folder: index for index, kind in enumerate(kinds.in_folders())}
    found = [(folders[parts[0]], entry.path) for entry in entries if entry.kind == "file"
             for parts in [_relative(entry, root)] if _in_a_kinds_folder(entry, parts, folders)]
    for _, path in sorted(found):
        yield path.parent.name, path


def _display(path: Path, root: Path) -> str:
    return display(path, root.parent)


def _stray_files(entries: list[Entry], root: Path) -> list[ContentError]:
    """A file in the wrong place would otherwise be ignored without a word (links are reported on their own)."""
    folders = {kind.folder: index for index, kind in enumerate(kinds.in_folders())}
    files = [kind.file for kind in kinds.in_one_file() if kind.file]
    errors = []
    for entry in entries:
        if entry.kind != "file" or entry.path.name.startswith("."):
            continue
        parts = _relative(entry, root)
        if (len(parts) == 1 and parts[0] in files) or _in_a_kinds_folder(entry, parts, folders):
            continue
        errors.append(ContentError(
            Position(_display(entry.path, root)),
            f"this file is not read: YAML files go in one of the folders {', '.join(folders)} "
            f"(or {' or '.join(files)}); move it there",
        ))
    return errors


@dataclass(frozen=True)
class _Checked:
    """One file's outcome, kept by content hash so an unchanged file is not parsed or validated again."""

    loaded: LoadedFile | None
    errors: tuple[ContentError, ...]
    entity: BaseModel | None



def _check_file(kind: kinds.Kind, raw: bytes, display: str) -> _Checked:
    loaded, problems = load_text(raw, display)
    if loaded is None:
        return _Checked(None, tuple(problems), None)
    if not isinstance(loaded.data, dict):
        got = "text" if isinstance(loaded.data, str) else _describe(loaded.data)  # never the whole file echoed
        return _Checked(loaded, (*problems, ContentError(loaded.position(()), f"a {kind.singular} file must be a "
                        f"mapping of keys (such as '{kind.id_field}: ...'); got {got}")), None)
    model = kind.model
    unfilled = placeholders(loaded)
    errors = [*problems, *(error for _, error in unfilled)]
    try:
        entity = model.model_validate(loaded.data)
    except ValidationError as exc:
        # A placeholder that is also the wrong type (a date, say) is one mistake: name the placeholder. Likewise a
        # value the loader has already explained (a text left empty by a '#' read as a comment).
        explained = {p.position for _, p in unfilled} | {p.position for p in problems}
        errors += [e for e in model_errors(exc, loaded, model) if e.position not in explained]
        return _Checked(loaded, tuple(errors), None)
    return _Checked(loaded, tuple(errors), entity)


def _unread(entries: list[Entry], root: Path) -> set[tuple[str, str]]:
    """The (kind, id) of files, or whole kinds (id '*'), that are links or special files: references into
    them are not reported again, as the link is the one thing to fix."""
    folders = {kind.folder for kind in kinds.in_folders()}
    unread = set()
    for entry in entries:
        parts = _relative(entry, root)
        if entry.kind not in ("file", "folder") and parts and parts[0] in folders and len(parts) <= 2:
            unread.add((parts[0], entry.path.stem if len(parts) == 2 else "*"))
    return unread


def _load_entities(root: Path, checked_files: Memo[_Checked]) -> tuple[list[_Entity], dict[str, dict[str, Any]],
                                                                      set[tuple[str, str]], list[ContentError]]:
    """Every entity that validates, the entries of each kind kept in one file, the (kind, id) of those that do not
    validate, and the problems found.

    ``checked_files`` holds earlier outcomes by content hash: an unchanged file is not parsed or validated again."""
    entries = list(walk(root))
    errors = unsafe_entries(entries, root.parent)
    unsafe = {error.position.path for error in errors}
    errors += _stray_files(entries, root)
    entities: list[_Entity] = []
    broken = _unread(entries, root)
    names_seen: dict[tuple[str, str], str] = {}
    for folder, path in data_files(entries, root):
        kind = kinds.get(folder)
        display = _display(path, root)
        folded = (folder, path.stem.lower())
        if folded in names_seen:
            errors.append(ContentError(Position(display), f"this file name differs only in case from "
                                       f"{names_seen[folded]}; rename one of them"))
            continue
        names_seen[folded] = display
        raw, problems = (None, []) if display in unsafe else read_bytes(path, display)
        if raw is None:
            errors += problems
            broken.add((folder, path.stem))
            continue
        checked = checked_files.get(f"{folder}\0{display}\0{hashlib.sha256(raw).hexdigest()}",
                               lambda: _check_file(kind, raw, display))
        errors += checked.errors
        loaded, entity = checked.loaded, checked.entity
        if loaded is None or entity is None or checked.errors:
            # Its id is its file name: references to a broken file are not reported a second time.
            data_id = loaded.data.get(kind.id_field) if loaded is not None and isinstance(loaded.data, dict) else None
            broken.add((folder, str(data_id or path.stem)))
            continue
        entity_id = getattr(entity, kind.id_field)
        if path.stem != entity_id:
            broken.add((folder, entity_id))
            errors.append(ContentError(loaded.position((kind.id_field,)), f"the id '{entity_id}' does not match the "
                                       f"file name '{path.name}'; rename the file to '{entity_id}.yml' or change the id"))
            continue
        entities.append(_Entity(folder, entity, loaded))
    in_one_file = {}
    for kind in kinds.in_one_file():
        in_one_file[kind.folder], more = _load_one_file(kind, root, entries, unsafe, broken)
        errors += more
    return entities, in_one_file, broken, errors


def _load_one_file(kind: kinds.Kind, root: Path, entries: list[Entry], unsafe: set[str],
                   broken: set[tuple[str, str]]) -> tuple[dict[str, Any], list[ContentError]]:
    """The entries of a kind kept in one file (such as themes.yml), by id, and the problems found; a file that does
    not validate marks the whole kind broken."""
    assert kind.file is not None and kind.entries is not None
    found: dict[str, Any] = {}
    path = root / kind.file
    entry = next((entry for entry in entries if entry.path == path), None)
    if entry is None:
        return found, []
    shown = _display(path, root)
    readable = entry.kind == "file" and shown not in unsafe
    loaded, errors = load_file(path, shown) if readable else (None, [])
    if loaded is None or errors:
        broken.add((kind.folder, "*"))
        return found, errors
    try:
        parsed = kind.model.model_validate(loaded.data)
    except ValidationError as exc:
        broken.add((kind.folder, "*"))
        return found, model_errors(exc, loaded, kind.model)
    for index, item in enumerate(getattr(parsed, kind.entries)):
        item_id = getattr(item, kind.id_field)
        if item_id in found:
            errors.append(ContentError(loaded.position((kind.entries, index, kind.id_field)), f"duplicate "
                                       f"{kind.singular} id '{item_id}'; {kind.singular} ids must be unique"))
        found[item_id] = item
    return found, errors


# --- cross-references ---------------------------------------------------------------------


class _Checker:
    """Resolves every reference between entities, collecting what does not resolve."""

    def __init__(self, content: Content, broken: set[tuple[str, str]],
                 verdicts: Memo[tuple[str, str] | None]) -> None:
        self.content = content
        self.broken = broken
        #: The sanitiser's verdict on each field text checked before (see cache.ValidationMemo).
        self.verdicts = verdicts
        self.errors: list[ContentError] = []

    def unsure(self, kind: str, wanted: str) -> bool:
        """A reference into a file that failed to validate is not reported again: one fix, one message."""
        if kind == RESOURCE:
            return any(k == RESOURCE_LISTS for k, _ in self.broken)
        return (kind, wanted) in self.broken or (kind, "*") in self.broken

    def ref(self, file: LoadedFile, path: Path_, wanted: str, kind: str, known: typing.Iterable[str]) -> bool:
        """Whether ``wanted`` is one of ``known``, the ids of a kind (by its folder, or RESOURCE); if not, says so."""
        known = list(known)
        if kind == RESOURCE:
            self.content.used_resources.add(wanted)
        if wanted in known:
            return True
        if self.unsure(kind, wanted):
            return False
        self.errors.append(ContentError(
            file.position(path),
            f"there is no {kind_name(kind)} with the id '{wanted}'{suggest(wanted, known)} "
            f"It must be the id of one in {_where(kind)}",
        ))
        return False

    @staticmethod
    def _at(start: Position, text: str, offset: int) -> Position:
        """The position of a character of a Markdown field: block text keeps its lines, so count them."""
        line = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        return Position(start.path, start.line + line, start.column + (offset - line_start))

    def markdown(self, file: LoadedFile, path: Path_, text: str | None, nested: int = 0) -> None:
        """Check a Markdown field: nothing that would stall or crash the build, no HTML the sanitiser would remove,
        and every [words](kind:ID) link resolves. ``nested``: how many levels deep the page places the field."""
        if not text:
            return
        start = file.position(path)
        content_link = kinds.content_link()
        hazard = markdown_hazard(text, nested=nested)
        if hazard:
            # Rendering it is what the limits spare, so the sanitiser's check waits until it is fixed.
            offset, message = hazard
            self.errors.append(ContentError(self._at(start, text, offset), f"'{_field_name(path)}' {message}"))
        elif unsafe := unsafe_html(content_link.sub(SAFE_LINK, text), self.verdicts):
            what, needle = unsafe
            found = text.find(needle) if needle else -1
            self.errors.append(ContentError(
                self._at(start, text, found) if found >= 0 else start,
                f"'{_field_name(path)}' contains HTML that is not allowed: {what}. Only Markdown formatting and "
                "https:, http: or mailto: links may be used; remove it or write it in Markdown",
            ))
        for match in LINK_DESTINATION.finditer(text) if not hazard else ():
            destination = match.group("inline") or match.group("reference") or ""
            if not _followable(destination):
                self.errors.append(ContentError(self._at(start, text, match.start("inline") if match.group("inline")
                                                         else match.start("reference")),
                                                f"'{_field_name(path)}': {_NOT_FOLLOWABLE.format(_excerpt(destination))}"))
        for match in content_link.finditer(text):
            scheme, wanted = match.group(1), match.group(2)
            linked = kinds.by_link(scheme)
            kind = linked.folder if linked else RESOURCE
            if kind == RESOURCE:
                self.content.used_resources.add(wanted)
            known = self.content.resource_index if kind == RESOURCE else self.content.of(kind)
            if wanted in known or self.unsure(kind, wanted):
                continue
            position = self._at(start, text, match.start() + 2)
            self.errors.append(ContentError(
                position,
                f"the link '{scheme}:{wanted}' names no {kind_name(kind)}{suggest(wanted, known)} "
                f"It must be the id of one in {_where(kind)}",
            ))


def _walk_categories(categories: list[m.ResourceCategory], path: Path_,
                     trail: tuple[m.ResourceCategory, ...] = ()) -> Iterator[tuple[m.Resource, Path_, tuple[m.ResourceCategory, ...]]]:
    for ci, category in enumerate(categories):
        here = trail + (category,)
        for ri, resource in enumerate(category.resources):
            yield resource, path + (ci, "resources", ri), here
        yield from _walk_categories(category.categories, path + (ci, "categories"), here)


def _question_paths(qs: m.QuestionSet) -> Iterator[tuple[m.Question, Path_]]:
    if qs.groups is not None:
        for gi, group in enumerate(qs.groups):
            for qi, question in enumerate(group.questions):
                yield question, ("groups", gi, "questions", qi)
    else:
        for qi, question in enumerate(qs.questions or []):
            yield question, ("questions", qi)


def _register(content: Content, entities: list[_Entity], errors: list[ContentError]) -> None:
    """Index entities by id, rejecting ids used twice within a kind."""
    first_seen: dict[tuple[str, str], Position] = {}
    for entity in entities:
        kind = kinds.get(entity.kind)
        entity_id = getattr(entity.model, kind.id_field)
        key = (entity.kind, entity_id)
        if key in first_seen:
            errors.append(ContentError(entity.file.position((kind.id_field,)), f"the {kind.singular} id "
                                       f"'{entity_id}' is already used at {first_seen[key]}; choose another id"))
            continue
        first_seen[key] = entity.file.position((kind.id_field,))
        content.of(entity.kind)[entity_id] = entity.model
    resource_seen: dict[str, Position] = {}
    for entity in entities:
        if entity.kind != RESOURCE_LISTS:
            continue
        for resource, path, trail in _walk_categories(entity.model.categories, ("categories",)):
            position = entity.file.position(path + ("id",))
            if resource.id in resource_seen:
                errors.append(ContentError(position, f"the resource id '{resource.id}' is already used at "
                                           f"{resource_seen[resource.id]}; resource ids are unique across all lists"))
                continue
            resource_seen[resource.id] = position
            content.resource_index[resource.id] = (resource, entity.model.id, trail)
            content.resource_positions[resource.id] = position


# --- each kind's own references and Markdown fields (the registry's ``check`` of each kind) ----------


def check_toolkit(check: _Checker, content: Content, model: m.Toolkit, file: LoadedFile) -> None:
    """Each part is an entry of its kind that no other toolkit has."""
    for index, part in enumerate(model.parts):
        kind = kinds.by_part(part.kind)
        path = ("parts", index, part.kind)
        if not check.ref(file, path, part.ref, kind.folder, content.of(kind.folder)):
            continue
        owner = content.part_owner.get((part.kind, part.ref))
        if owner:
            check.errors.append(ContentError(file.position(path), f"the {kind.singular} '{part.ref}' is "
                                f"already a part of the toolkit '{owner}'; a part belongs to one toolkit"))
        content.part_owner[(part.kind, part.ref)] = model.id


def check_page(check: _Checker, content: Content, model: m.Page, file: LoadedFile) -> None:
    check.markdown(file, ("body",), model.body)


def check_question_set(check: _Checker, content: Content, model: m.QuestionSet, file: LoadedFile) -> None:
    """Question ids unique within the set (saved answers are keyed by them); each resource named exists."""
    check.markdown(file, ("intro",), model.intro)
    ids: dict[str, Path_] = {}
    for question, path in _question_paths(model):
        if question.id in ids:
            check.errors.append(ContentError(file.position(path + ("id",)), f"the question id '{question.id}' "
                                f"is used twice in this question set; each question needs its own id"))
        ids[question.id] = path
        for ri, wanted in enumerate(question.resources):
            check.ref(file, path + ("resources", ri), wanted, RESOURCE, content.resource_index)


def check_resource_list(check: _Checker, content: Content, model: m.ResourceList, file: LoadedFile) -> None:
    check.markdown(file, ("intro",), model.intro)


def check_template(check: _Checker, content: Content, model: m.DocumentTemplate, file: LoadedFile) -> None:
    check.markdown(file, ("intro",), model.intro)
    for group in ("sections", "annexes"):
        for index, section in enumerate(getattr(model, group)):
            check.markdown(file, (group, index, "guidance"), section.guidance)
            for note_index, note in enumerate(section.notes):
                # The page puts each note in an admonition, one level deeper.
                check.markdown(file, (group, index, "notes", note_index), note, nested=1)


def check_job_description(check: _Checker, content: Content, model: m.JobDescription, file: LoadedFile) -> None:
    for index, section in enumerate(model.sections):
        check.markdown(file, ("sections", index, "body"), section.body)


def check_case_study(check: _Checker, content: Content, model: m.CaseStudy, file: LoadedFile) -> None:
    for index, wanted in enumerate(model.organisations):
        check.ref(file, ("organisations", index), wanted, "organisations", content.organisations)
    for index, wanted in enumerate(model.themes):
        check.ref(file, ("themes", index), wanted, "themes", content.themes)
    check.markdown(file, ("what_they_did",), model.what_they_did)
    check.markdown(file, ("outcome",), model.outcome)


def check_training(check: _Checker, content: Content, model: m.TrainingProgramme, file: LoadedFile) -> None:
    """Session ids unique within the programme (each session's calendar file is named by it), and no session changed
    since its calendar revision was recorded (see calendar_revisions.py)."""
    check.markdown(file, ("summary",), model.summary)
    seen: set[str] = set()
    for index, session in enumerate(model.sessions):
        if session.id in seen:
            check.errors.append(ContentError(file.position(("sessions", index, "id")), f"the session id "
                                f"'{session.id}' is used twice in this programme; give each its own id"))
        seen.add(session.id)
    for index, severity, message in calendar_revisions.problems(model):
        if severity == "error":
            check.errors.append(ContentError(file.position(("sessions", index, "id")), message))


def check_organisation(check: _Checker, content: Content, model: m.Organisation, file: LoadedFile) -> None:
    check.markdown(file, ("description",), model.description)


def organisation_toolkits(content: Content) -> dict[str, str]:
    """An organisation takes its review from the first toolkit (by id) whose case studies name it."""
    named_in: dict[str, str] = {}
    for study in content.case_studies.values():
        for organisation in study.organisations:
            if organisation not in named_in or study.source < named_in[organisation]:
                named_in[organisation] = study.source
    return named_in


def _check(content: Content, entities: list[_Entity], check: _Checker) -> None:
    """Every entity's references: the toolkit it comes from, then what its kind checks of its own."""
    for entity in entities:
        kind = kinds.get(entity.kind)
        if kind.from_toolkit:
            check.ref(entity.file, ("source",), getattr(entity.model, "source"), kinds.TOOLKITS,
                      content.of(kinds.TOOLKITS))
        if kind.check is not None:
            kind.check(check, content, entity.model, entity.file)
    # A page, checklist or resource list that no toolkit names would never be published.
    if any(kind == kinds.TOOLKITS for kind, _ in check.broken):
        return
    for entity in entities:
        kind = kinds.get(entity.kind)
        entity_id = getattr(entity.model, kind.id_field)
        if kind.part and (kind.part, entity_id) not in content.part_owner \
                and content.of(entity.kind).get(entity_id) is entity.model:
            check.errors.append(ContentError(entity.file.position((kind.id_field,)), f"the {kind.singular} "
                                f"'{entity_id}' is not a part of any toolkit, so it would not be published; "
                                f"add '- {kind.part}: {entity_id}' to a toolkit's parts, or delete this file"))


def _resolve_reviews(content: Content, entities: list[_Entity]) -> None:
    """Each publishable entity's owner and review dates, field by field from itself or its toolkit."""
    files = {(e.kind, getattr(e.model, kinds.get(e.kind).id_field)): e.file for e in entities}
    for kind in kinds.in_folders():
        if not kind.publishable:
            continue
        inherited = kind.review_toolkits(content) if kind.review_toolkits is not None else {}
        for entity_id, model in content.of(kind.folder).items():
            toolkit_id = _toolkit_of(content, kind, entity_id, model, inherited)
            toolkit = content.toolkits.get(toolkit_id) if toolkit_id else None
            owner = model.owner or (toolkit.owner if toolkit else None)
            reviewed = model.last_reviewed or (toolkit.last_reviewed if toolkit else None)
            due = model.review_due or (toolkit.review_due if toolkit else None)
            if not (owner and reviewed and due):
                continue
            source = (kind.folder, entity_id) if model.review_due else (kinds.TOOLKITS, toolkit_id or "")
            position = files[source].position(("review_due",)) if source in files else Position("toolkit_data")
            content.reviews[(kind.folder, entity_id)] = Review(owner, reviewed, due, position)


def _toolkit_of(content: Content, kind: kinds.Kind, entity_id: str, model: typing.Any,
                inherited: dict[str, str]) -> str | None:
    """The toolkit an entry inherits its owner and review dates from: itself, the one it is a part of or comes
    from, or the one its kind says."""
    if kind.folder == kinds.TOOLKITS:
        return entity_id
    if kind.part:
        return content.part_owner.get((kind.part, entity_id))
    if kind.from_toolkit:
        return getattr(model, "source")
    return inherited.get(entity_id)


def _warnings(content: Content, entities: list[_Entity]) -> list[ContentError]:
    """Content that needs attention: links not yet provided, resources nothing uses, reviews overdue."""
    warnings = []
    for entity in entities:
        if entity.kind == RESOURCE_LISTS:
            for resource, path, _trail in _walk_categories(entity.model.categories, ("categories",)):
                if resource.link == m.NOT_PROVIDED:
                    warnings.append(ContentError(entity.file.position(path + ("link",)), f"the resource "
                                    f"'{resource.id}' has no link yet; add its address when the source gives one",
                                    "warning"))
                if resource.id not in content.used_resources:
                    warnings.append(ContentError(entity.file.position(path + ("id",)), f"no question or page "
                                    f"links to the resource '{resource.id}'; link to it with "
                                    f"[words](resource:{resource.id}) or from a question's resources", "warning"))
        if entity.kind == "training":
            warnings += [ContentError(entity.file.position(("sessions", index, "id")), message, "warning")
                         for index, severity, message in calendar_revisions.problems(entity.model)
                         if severity == "warning"]
        if entity.kind == kinds.TOOLKITS and entity.model.owner == m.NOT_ASSIGNED:
            warnings.append(ContentError(entity.file.position(("owner",)), f"the toolkit '{entity.model.id}' has no "
                            "owner yet; name the team or role that keeps it up to date", "warning"))
    overdue = {review.due_position: review for review in content.reviews.values() if review.overdue}
    for position, review in overdue.items():
        warnings.append(ContentError(position, f"the review was due on {review.review_due:%-d %B %Y}; review the "
                        "content, then update 'last_reviewed' and 'review_due'", "warning"))
    return sorted(warnings, key=lambda w: (w.position, w.message))


def validate(root: Path, memo: ValidationMemo | None = None) -> Content:
    """Load and validate every file under ``root``; raise ContentErrors listing every problem.

    ``memo``: what earlier validations by the same owner found, reused where the files are unchanged (the plugin
    keeps one while `mkdocs serve` runs); without it, nothing is kept past this call."""
    if not root.is_dir():
        raise ContentErrors([ContentError(Position(root.as_posix()), "the content folder does not exist; create it")])
    memo = ValidationMemo() if memo is None else memo
    entities, in_one_file, broken, errors = _load_entities(root, memo.files)
    content = Content(entries=in_one_file)
    _register(content, entities, errors)
    check = _Checker(content, broken, memo.fields)
    _check(content, entities, check)
    errors += check.errors
    if not content.toolkits and not errors:
        errors.append(ContentError(Position(_display(root / kinds.TOOLKITS, root)), "there is no toolkit; add one"))
    if errors:
        raise ContentErrors(errors)
    _resolve_reviews(content, entities)
    content.warnings = _warnings(content, entities)
    return content
