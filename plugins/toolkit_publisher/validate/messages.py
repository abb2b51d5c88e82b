"""Editors' words for what pydantic rejects: each error as what was expected, where, and how to fix it."""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import kinds
from ..errors import ContentError
from ..load import LoadedFile, Path_
from .content import RESOURCE, RESOURCE_LISTS


def kind_name(folder: str) -> str:
    """How an entry of the kind kept in this folder (or a resource of a list) is named in messages."""
    return RESOURCE if folder == RESOURCE else kinds.get(folder).singular


def where(folder: str) -> str:
    """Where an editor finds the entries of a kind (or the resources), for messages."""
    if folder == RESOURCE:
        return f"the resource lists in toolkit_data/{RESOURCE_LISTS}/"
    kind = kinds.get(folder)
    return f"toolkit_data/{kind.file}" if kind.file else f"toolkit_data/{kind.folder}/"



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


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping of keys"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:ECHO_LIMIT]}...'" if len(text) > ECHO_LIMIT else f"'{text}'"


def field_name(loc: tuple[str | int, ...]) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    return names[-1] if names else "the file"


def _message(error: dict[str, Any], root: type[BaseModel]) -> tuple[str, bool]:
    """The message for one pydantic error, and whether it points at a key rather than a value."""
    kind, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    name = field_name(loc)
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
                f"got {describe(value)}: write '{fixed}' instead", False)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']*)'", expected)
        close = suggest(str(value), choices) if isinstance(value, str) else "."
        return f"'{name}' must be one of {expected}; got {describe(value)}{close.rstrip('.')}", False
    if kind == "string_type":
        if value is None and loc and isinstance(loc[-1], int):  # a '-' with nothing after it
            return f"an item of '{name}' is empty: write its text after the '- ', or delete the line", False
        if value is None:
            return f"'{name}' is empty; write its text, or remove the key if it is optional", False
        if isinstance(value, dict) and len(value) == 1 and not isinstance(next(iter(value.values())), (dict, list)):
            return (f"'{name}' must be text, and this text contains ': ' (a colon and a space), which YAML reads as a "
                    'key and its value: put the whole text in double quotes, "like this"', False)
        return f"'{name}' must be text; got {describe(value)}: write it on one line, or quote it", False
    if kind == "string_too_short":
        return f"'{name}' is empty; write its text", False
    if kind == "list_type":
        return f"'{name}' must be a list (each item on a line starting with '- '); got {describe(value)}", False
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"'{name}' must be a mapping of keys and values; got {describe(value)}", False
    if kind == "too_short":
        return f"'{name}' must list at least one item", False
    if kind.startswith("date") :
        return f"'{name}' must be a real date written YYYY-MM-DD, such as 2025-02-06; got {describe(value)}", False
    if kind.startswith("time"):
        return f"'{name}' must be a 24-hour time written HH:MM, such as 15:30; got {describe(value)}", False
    if kind.startswith("bool"):
        return f"'{name}' must be true or false; got {describe(value)}", False
    if kind == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        where = f"'{name}': " if loc else ""
        return f"{where}{text}", False
    return f"'{name}': {error.get('msg')}; got {describe(value)}", False


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
            found.append((path, ContentError(loaded.position(path), f"'{field_name(path)}' still holds the "
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

