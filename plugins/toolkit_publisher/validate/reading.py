"""Reading the data folder: every file of every kind, parsed and validated against its kind's model, each problem
positioned; a file unchanged since the last build is taken from the memo, not parsed again."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from .. import kinds
from ..cache import Memo
from ..errors import ContentError, Position
from ..files import Entry, display, problems as unsafe_entries, read_bytes, walk
from ..load import LoadedFile, load_file, load_text
from .messages import describe, model_errors, placeholders


@dataclass
class Entity:
    kind: str
    model: BaseModel
    file: LoadedFile


def _relative(entry: Entry, root: Path) -> tuple[str, ...]:
    """The entry's path inside ``root``, as its parts (by the strings: walk() joined them, so they are plain)."""
    text, base = str(entry.path), str(root)
    if text.startswith(base + os.sep):
        return tuple(text[len(base) + 1:].split(os.sep))
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


def shown(path: Path, root: Path) -> str:
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
            Position(shown(entry.path, root)),
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
        got = "text" if isinstance(loaded.data, str) else describe(loaded.data)  # never the whole file echoed
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


def read_entries(root: Path, checked_files: Memo[_Checked], digests: dict[tuple[str, str], str]
                 ) -> tuple[list[Entity], dict[str, dict[str, Any]], set[tuple[str, str]], list[ContentError]]:
    """Every entity that validates, the entries of each kind kept in one file, the (kind, id) of those that do not
    validate, and the problems found. ``digests`` gets the digest of each entry's file, by (kind, id): what a page
    made from the entry is a function of (with the code).

    ``checked_files`` holds earlier outcomes by content hash: an unchanged file is not parsed or validated again."""
    entries = list(walk(root))
    errors = unsafe_entries(entries, root.parent)
    unsafe = {error.position.path for error in errors}
    errors += _stray_files(entries, root)
    entities: list[Entity] = []
    broken = _unread(entries, root)
    names_seen: dict[tuple[str, str], str] = {}
    for folder, path in data_files(entries, root):
        kind = kinds.get(folder)
        display = shown(path, root)
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
        digest = hashlib.sha256(raw).hexdigest()
        checked = checked_files.get(f"{folder}\0{display}\0{digest}", lambda: _check_file(kind, raw, display))
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
        entities.append(Entity(folder, entity, loaded))
        digests[(folder, entity_id)] = digest
    in_one_file = {}
    for kind in kinds.in_one_file():
        in_one_file[kind.folder], more = _load_one_file(kind, root, entries, unsafe, broken)
        errors += more
        if in_one_file[kind.folder]:
            digest = hashlib.sha256((root / (kind.file or "")).read_bytes()).hexdigest()
            digests.update({(kind.folder, item_id): digest for item_id in in_one_file[kind.folder]})
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
    name = shown(path, root)
    readable = entry.kind == "file" and name not in unsafe
    loaded, errors = load_file(path, name) if readable else (None, [])
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

