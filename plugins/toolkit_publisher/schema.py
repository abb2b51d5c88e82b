"""JSON Schemas for each kind of YAML file, generated from the same models that validate it.

Editors' tools (the YAML language server in VS Code and others) use them to complete keys and
flag mistakes as the editor types, before the build does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import kinds

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, dict[str, Any]]:
    """One schema per kind in the registry, keyed by the file name it is written to."""
    schemas = {}
    for kind in kinds.all_kinds():
        schema = _text_as_written(kind.model.model_json_schema())
        schemas[kind.schema] = {"$schema": SCHEMA_DIALECT, "$id": kind.schema, **schema}
    return schemas


#: What editors' tools make of unquoted text (YAML 1.2): 2025 and 1.5 are numbers, true a boolean. The loader keeps
#: every value as the text written, so the validator takes 'published: 2025' or 'version: 2' as text; a schema that
#: said "string" would underline in the editor (and fail the schema check) what the validator accepts.
TEXT_AS_WRITTEN = ["string", "number", "boolean"]


def _text_as_written(schema: Any) -> Any:
    """The schema with every text value also allowed as the number or boolean an editor's tool reads it as (a
    pattern or length still applies to text; a choice of words, a date or a time still refuses any other)."""
    if isinstance(schema, dict):
        found = {key: _text_as_written(value) for key, value in schema.items()}
        if found.get("type") == "string" and not {"enum", "const", "format"} & found.keys():
            found["type"] = TEXT_AS_WRITTEN
        return found
    if isinstance(schema, list):
        return [_text_as_written(item) for item in schema]
    return schema


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def data_schemas() -> dict[str, dict[str, Any]]:
    """The published data files' schemas (open_data.py), by their path under the site, which is their path under
    schemas/ too: the build publishes the same text."""
    from .open_data import schemas

    return schemas()


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in {**json_schemas(), **data_schemas()}.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
