"""Who owns each page and when it is reviewed: its own dates, or its toolkit's, field by field."""

from __future__ import annotations

import typing

from .. import kinds
from ..errors import Position
from .content import Draft, Review
from .reading import Entity


def organisation_toolkits(content: Draft) -> dict[str, str]:
    """An organisation takes its review from the first toolkit (by id) whose case studies name it."""
    named_in: dict[str, str] = {}
    for study in content.case_studies.values():
        for organisation in study.organisations:
            if organisation not in named_in or study.source < named_in[organisation]:
                named_in[organisation] = study.source
    return named_in


def resolve_reviews(content: Draft, entities: list[Entity]) -> dict[tuple[str, str], Review]:
    """Each publishable entity's owner and review dates, field by field from itself or its toolkit."""
    reviews: dict[tuple[str, str], Review] = {}
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
            reviews[(kind.folder, entity_id)] = Review(owner, reviewed, due, position, toolkit_id if toolkit else None)
    return reviews


def _toolkit_of(content: Draft, kind: kinds.Kind, entity_id: str, model: typing.Any,
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

