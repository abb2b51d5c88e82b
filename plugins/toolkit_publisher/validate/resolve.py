"""References as objects: each id the references check resolved is replaced, in a copy of its entry, by a
:class:`.content.Ref` carrying the entry it names, so pages and downloads follow references instead of looking ids
up again (and a page that follows one records what it read)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .. import kinds
from ..load import Path_
from .content import Draft, Ref
from .reading import Entity

#: Where a reference resolved: the entry it is in, the path to it, the kind it names (a folder, or RESOURCE) and id.
Found = tuple[Entity, Path_, str, str]


def resolve_references(draft: Draft, found: list[Found], resource_kind: str) -> None:
    """Replace each resolved id in the draft's entries by a reference to what it names (entries without
    references are left as they are: the same objects, which later validations compare at once)."""
    by_entry: dict[tuple[str, str], list[tuple[Path_, Ref]]] = {}
    named: list[tuple[Ref, Any]] = []
    for entity, path, kind, wanted in found:
        if kind == resource_kind:
            resource, list_id, _trail = draft.resource_index[wanted]
            ref = Ref(wanted, ("resources", list_id))
            named.append((ref, resource))
        else:
            ref = Ref(wanted, (kind, wanted))
            named.append((ref, None))
        entry_id = getattr(entity.model, kinds.get(entity.kind).id_field)
        by_entry.setdefault((entity.kind, entry_id), []).append((path, ref))
    for (folder, entry_id), replacements in by_entry.items():
        draft.entries[folder][entry_id] = _replaced(draft.entries[folder][entry_id], replacements)
    # Bound once every entry is final, so a reference names the entry as published, references and all.
    for ref, resource in named:
        object.__setattr__(ref, "target", resource if resource is not None else draft.entries[ref.entry[0]][str(ref)])


def _replaced(node: Any, replacements: list[tuple[Path_, Ref]]) -> Any:
    """A copy of ``node`` with the item at each path replaced: each node on the paths copied once, everything off
    them shared."""
    by_step: dict[str | int, list[tuple[Path_, Ref]]] = {}
    for path, value in replacements:
        by_step.setdefault(path[0], []).append((path[1:], value))
    changed = {step: _value(node[step] if isinstance(step, int) else getattr(node, step), below)
               for step, below in by_step.items()}
    if isinstance(node, BaseModel):
        return node.model_copy(update=changed)
    assert isinstance(node, list)
    copy = list(node)
    for step, value in changed.items():
        copy[int(step)] = value
    return copy


def _value(current: Any, below: list[tuple[Path_, Ref]]) -> Any:
    """The reference itself where its path ends here, or the item below with its own replacements."""
    ends = [value for path, value in below if not path]
    return ends[0] if ends else _replaced(current, below)
