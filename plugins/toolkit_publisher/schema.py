"""JSON Schemas for each kind of YAML file, generated from the same models that validate it.

Editors' tools (the YAML language server in VS Code and others) use them to complete keys and
flag mistakes as the editor types, before the build does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import models as m
from .validate import KINDS, THEMES_FILE

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, dict[str, Any]]:
    """One schema per kind, keyed by the file name it is written to."""
    kinds: dict[str, type[m.Model]] = {folder: model for folder, model in KINDS.items()}
    kinds[THEMES_FILE.removesuffix(".yml")] = m.Themes
    schemas = {}
    for name, model in kinds.items():
        schema = model.model_json_schema()
        schema = {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}
        schemas[f"{name}.schema.json"] = schema
    return schemas


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = out / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
