"""The content editor's configuration (Decap CMS's config.yml at /admin/), generated from the content models.

The same models that validate the YAML and make schemas/ give the editor its forms: a collection per kind in the
registry (kinds.py), a widget per field chosen from the field's type, its description as the hint, its pattern,
its choices and whether it is required. So the editor's forms can never drift from what the validator accepts
(cms/config.yml is committed, for review, and a test fails while it is stale; the build writes the same from the
registry, so a kind registered later gets its own collection).

What a form cannot say is listed in :data:`KEPT_AS_WRITTEN` (a field the editor leaves as the file has it) and checked
by the validator on the pull request, as any other edit is.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from . import kinds
from . import models as m

#: Where the local proxy (decap-server) listens: `./scripts/edit` starts it there, on this computer only.
LOCAL_PROXY_PORT = 8081
#: The repository the committed configuration names; the build names the publisher's (CMS_REPO, see CONTRIBUTING.md).
PLACEHOLDER_REPO = "your-organisation/your-repository"
#: Where the editor's media library puts an uploaded file, inside the content folder: never published, no kind reads
#: it, and a reviewer sees it in the pull request.
MEDIA_FOLDER = "uploads"
#: How deep a category may hold categories in the form (the model allows any depth; the sources use two levels).
CATEGORY_DEPTH = 2

#: Fields a form leaves as the file has them, and why: the editor keeps their value on save, and the validator checks
#: them on the pull request.
KEPT_AS_WRITTEN = {
    ("TrainingProgramme", "calendar_revisions"): (
        "written by ./scripts/record-calendar-changes, never by hand: a hidden field, kept as it is"),
    ("ResourceCategory", "categories"): (
        f"categories nest {CATEGORY_DEPTH} deep in the form (as deep as the sources go); deeper ones are kept as "
        "written"),
}

#: Fields the form holds but does not show (by model and field name): kept as they are on save.
HIDDEN = frozenset({("TrainingProgramme", "calendar_revisions")})

_HEADER = """\
# The content editor's configuration (Decap CMS, served at /admin/), generated from the content models by
# ./scripts/schemas (plugins/toolkit_publisher/cms_config.py): do not edit it by hand. The build writes the same to
# the site, naming the publisher's repository (CMS_REPO) and sign-in service (CMS_AUTH_URL): see CONTRIBUTING.md.
"""


@dataclass(frozen=True)
class Relation:
    """A field holding the id of another entry, chosen from that entry's collection by its title."""

    collection: str
    value: str = "id"
    shown: str = "title"
    file: str | None = None

    def widget(self) -> dict[str, Any]:
        found: dict[str, Any] = {"widget": "relation", "collection": self.collection}
        if self.file:
            found["file"] = self.file
        found.update({"value_field": self.value, "search_fields": [self.shown], "display_fields": [self.shown]})
        return found


def _relations() -> dict[tuple[type[BaseModel], str], Relation]:
    """The references a form offers as a choice of entries: the toolkit a document comes from, a toolkit's parts, a
    case study's organisations and themes, a question's resources. Others (a change's parts) are ids to type."""
    found: dict[tuple[type[BaseModel], str], Relation] = {
        (m.CaseStudy, "organisations"): Relation("organisations", shown="name"),
        (m.CaseStudy, "themes"): Relation("themes", "themes.*.id", "themes.*.title", file="themes"),
        (m.Question, "resources"): Relation("resources", "categories.*.resources.*.id",
                                            "categories.*.resources.*.title"),
    }
    for kind in kinds.all_kinds():
        if kind.from_toolkit:
            found[(kind.model, "source")] = Relation(kinds.TOOLKITS)
        if kind.part:
            found[(m.Part, kind.part)] = Relation(kind.folder)
    return found


# --- reading a field's type ----------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """A field's type with its layers taken apart: the base type, every constraint on it, and whether it may be
    left out."""

    base: Any
    metadata: tuple[Any, ...]
    optional: bool

    def has(self, alias: Any) -> bool:
        """Whether the field is of this annotated type of the models (Title, Slug, Markdown...): all its marks on it."""
        return all(any(mark is own for own in self.metadata) for mark in alias.__metadata__)


def shape(annotation: Any) -> Shape:
    """Annotated layers and '| None' taken off, in any order, their metadata kept."""
    metadata: list[Any] = []
    optional = False
    while True:
        if typing.get_origin(annotation) is Annotated:
            metadata.extend(annotation.__metadata__)
            annotation = annotation.__origin__
            continue
        if typing.get_origin(annotation) in (Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            optional = optional or len(args) < len(typing.get_args(annotation))
            if len(args) == 1:
                annotation = args[0]
                continue
        return Shape(annotation, tuple(metadata), optional)


def _pattern(metadata: tuple[Any, ...]) -> str | None:
    return next((mark.pattern for mark in metadata if getattr(mark, "pattern", None)), None)


def label(name: str) -> str:
    """A field's label: its key in words ('what_they_did': 'What they did')."""
    return name.replace("_", " ").capitalize()


# --- one field -----------------------------------------------------------------------------------


class _Builder:
    """Builds the fields of a model, following nested models (a recursive one only as deep as CATEGORY_DEPTH)."""

    def __init__(self) -> None:
        self.relations = _relations()

    def fields(self, model: type[BaseModel], trail: tuple[type[BaseModel], ...] = ()) -> list[dict[str, Any]]:
        hints = typing.get_type_hints(model, include_extras=True)
        found = []
        for name in field_order(model):
            info = model.model_fields[name]
            if trail.count(model) >= CATEGORY_DEPTH - 1 and shape(hints[name]).base == list[model]:
                continue  # deeper than the form goes: kept as written (KEPT_AS_WRITTEN)
            found.append(self.field(model, name, info, hints[name], (*trail, model)))
        return found

    def field(self, model: type[BaseModel], name: str, info: FieldInfo, annotation: Any,
              trail: tuple[type[BaseModel], ...]) -> dict[str, Any]:
        found: dict[str, Any] = {"name": name, "label": label(name)}
        if (model.__name__, name) in HIDDEN:
            return {**found, "widget": "hidden", "required": False}
        typed = shape(annotation)
        typed = Shape(typed.base, (*typed.metadata, *info.metadata), typed.optional)  # Field(min_length=...) too
        found.update(self.widget(model, name, typed, trail))
        required = info.is_required() and not typed.optional
        if not required:
            found["required"] = False
        if info.default not in (None, PydanticUndefined) and not isinstance(info.default, (list, dict)):
            found["default"] = info.default
        hint = info.description or next((getattr(mark, "description", None) for mark in typed.metadata
                                         if isinstance(mark, FieldInfo) and mark.description), None)
        if hint:
            found["hint"] = _LINK_EXAMPLE.sub(r"`\1`", hint)  # shown as written, not made a link
        return found

    def widget(self, model: type[BaseModel], name: str, typed: Shape,
               trail: tuple[type[BaseModel], ...]) -> dict[str, Any]:
        """The widget for a field of this type, with its constraints."""
        relation = self.relations.get((model, name))
        base = typed.base
        if typing.get_origin(base) is list:
            item = shape(typing.get_args(base)[0])
            minimum = next((mark.min_length for mark in typed.metadata if getattr(mark, "min_length", None)), None)
            bounds = {"min": minimum} if minimum else {}
            if relation is not None:
                return {**relation.widget(), "multiple": True, **bounds}
            if typing.get_origin(item.base) is Literal:
                return {"widget": "select", "multiple": True, "options": list(typing.get_args(item.base)), **bounds}
            if isinstance(item.base, type) and issubclass(item.base, BaseModel):
                nested = self.fields(item.base, trail)
                return {"widget": "list", "collapsed": True, "summary": _summary(nested), **bounds, "fields": nested}
            return {"widget": "list", "collapsed": False, **bounds, "field": {"name": "item", "label": label(name), **self.widget(
                model, "", item, trail)}}
        if relation is not None:
            return relation.widget()
        return self.scalar(typed, trail)

    def scalar(self, typed: Shape, trail: tuple[type[BaseModel], ...]) -> dict[str, Any]:
        base = typed.base
        if isinstance(base, type) and issubclass(base, BaseModel):
            return {"widget": "object", "collapsed": True, "fields": self.fields(base, trail)}
        if typing.get_origin(base) is Literal:
            return {"widget": "select", "options": list(typing.get_args(base))}
        if base is bool:
            return {"widget": "boolean"}
        if base is int:
            low = next((mark.ge for mark in typed.metadata if getattr(mark, "ge", None) is not None), None)
            return {"widget": "number", "value_type": "int", **({"min": low} if low is not None else {})}
        if base is dt.date:
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                    "picker_utc": True}
        if base is dt.time:
            return {"widget": "datetime", "format": "HH:mm", "date_format": False, "time_format": "HH:mm",
                    "picker_utc": True}
        if typed.has(m.Markdown):
            return {"widget": "markdown", "modes": ["raw"], "buttons": [], "editor_components": []}
        found: dict[str, Any] = {"widget": "string" if typed.has(m.Title) or _pattern(typed.metadata) else "text"}
        for alias, pattern, message in _PATTERNS:
            if typed.has(alias):
                found["pattern"] = [pattern, message]
                break
        else:
            pattern = _pattern(typed.metadata)
            if pattern:
                found["pattern"] = [pattern, f"must match {pattern}"]
        return found


#: A Markdown link written as an example in a description ('[words](resource:ID)'): the CMS shows hints as Markdown.
_LINK_EXAMPLE = re.compile(r"(\[[^\]]*\]\([^)]*\))")

#: Patterns for the models' text types the form can check before saving (the validator checks them again).
_PATTERNS = (
    (m.Slug, m.SLUG_PATTERN, "lowercase letters, digits and single hyphens, such as 'regional-readiness'"),
    (m.PartialDate, r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", "YYYY, YYYY-MM or YYYY-MM-DD, such as 2021 or 2021-03"),
    (m.Link, rf"^(https?://[^\s\"'<>\\`]+|{m.NOT_PROVIDED})$",
     f"an https:// address, or '{m.NOT_PROVIDED}' when the source gives none"),
)


def field_order(model: type[BaseModel]) -> list[str]:
    """The form's order, which is also the order a save writes the keys in: as the files are written, the id and
    title first, the fields of the title the editors wrote beside it, owner and review dates last."""
    names = list(model.model_fields)
    late = [name for name in m.Publishable.model_fields if issubclass(model, m.Publishable)]
    names = [name for name in names if name not in late]
    shown = _identifier(model)
    if "editors_wrote" in names and shown in names:
        names.remove("editors_wrote")
        names.insert(names.index(shown) + 1, "editors_wrote")
    return names + late


def _summary(fields: list[dict[str, Any]]) -> str:
    """What a collapsed list item shows: its title, text or id, whichever it has first."""
    names = [field["name"] for field in fields]
    for name in ("title", "text", "heading", "label", "requirement", "name", "id", "date"):
        if name in names:
            return "{{fields." + name + "}}"
    return "{{fields." + names[0] + "}}"


# --- the whole configuration ---------------------------------------------------------------------


def _identifier(model: type[BaseModel]) -> str:
    return "title" if "title" in model.model_fields else "name" if "name" in model.model_fields else "id"


def collection(kind: kinds.Kind, data_dir: str, builder: _Builder) -> dict[str, Any]:
    """One kind's collection: a folder of entries, or (a kind kept in one file) that file."""
    name = (kind.title or kind.plural).capitalize() if kind.file is None else kind.plural.capitalize()
    fields = builder.fields(kind.model)
    if kind.file is not None:
        return {"name": kind.folder, "label": name, "editor": {"preview": False},
                "files": [{"name": kind.folder, "label": name, "file": f"{data_dir}/{kind.file}", "fields": fields}]}
    shown = _identifier(kind.model)
    return {"name": kind.folder, "label": name, "label_singular": kind.singular.capitalize(),
            "folder": f"{data_dir}/{kind.folder}", "extension": "yml", "format": "yml", "create": True,
            "slug": "{{" + kind.id_field + "}}", "identifier_field": shown, "summary": "{{" + shown + "}}",
            "fields": fields}


def cms_config(*, data_dir: str = "toolkit_data", repo: str = PLACEHOLDER_REPO, branch: str = "main",
               auth_url: str | None = None, site_url: str | None = None) -> dict[str, Any]:
    """Decap CMS's configuration for this registry's kinds: GitHub with the editorial workflow (each save a branch
    and a pull request), and the local proxy on this computer for `./scripts/edit`."""
    backend: dict[str, Any] = {"name": "github", "repo": repo, "branch": branch}
    if auth_url:
        backend["base_url"] = auth_url
    builder = _Builder()
    found: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "local_backend": {"url": f"http://127.0.0.1:{LOCAL_PROXY_PORT}/api/v1", "allowed_hosts": ["127.0.0.1",
                                                                                                   "localhost"]},
        # Required by Decap; no field takes a file (pictures go in content/, by pull request). Its media library can
        # still upload any file of any type there, so the folder is in the content's folder, which is never
        # published: under content/ (MkDocs' docs folder) an uploaded page or SVG would be served from the site's
        # own address with no policy, past the review a content file gets.
        "media_folder": f"{data_dir}/{MEDIA_FOLDER}",
        # File names made from an entry's id are only ever ASCII letters, digits and hyphens, whatever the form
        # lets through (its id pattern says the same, and the validator checks it again).
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if site_url:
        found["site_url"] = found["display_url"] = site_url
    found["collections"] = [collection(kind, data_dir, builder) for kind in kinds.all_kinds()]
    return found


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order built, long hints kept on one line each, and each part written out in full
    (no anchors: a reader of the file sees every field where it is)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def config_text(config: dict[str, Any]) -> str:
    return _HEADER + yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


def write_config(out: Path) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(config_text(cms_config()), encoding="utf-8")
    return out
