"""What needs an editor's attention but does not stop the build: links not yet provided, resources nothing uses,
toolkits without an owner, reviews overdue, changes dated after today."""

from __future__ import annotations

import datetime as dt

from .. import calendar_revisions, kinds
from .. import models as m
from ..errors import ContentError
from .content import RESOURCE_LISTS, Review
from .reading import Entity
from .references import walk_categories


def needs_attention(entities: list[Entity], used_resources: set[str],
                    reviews: dict[tuple[str, str], Review]) -> list[ContentError]:
    """Content that needs attention: links not yet provided, resources nothing uses, reviews overdue."""
    warnings = []
    for entity in entities:
        if entity.kind == RESOURCE_LISTS:
            for resource, path, _trail in walk_categories(entity.model.categories, ("categories",)):
                if resource.link == m.NOT_PROVIDED:
                    warnings.append(ContentError(entity.file.position(path + ("link",)), f"the resource "
                                    f"'{resource.id}' has no link yet; add its address when the source gives one",
                                    "warning"))
                if resource.id not in used_resources:
                    warnings.append(ContentError(entity.file.position(path + ("id",)), f"no question or page "
                                    f"links to the resource '{resource.id}'; link to it with "
                                    f"[words](resource:{resource.id}) or from a question's resources", "warning"))
        if entity.kind == "training":
            warnings += [ContentError(entity.file.position(("sessions", index, "id")), message, "warning")
                         for index, message in calendar_revisions.problems(entity.model)]
        if entity.kind == kinds.TOOLKITS:
            warnings += _changes_to_come(entity)
        if entity.kind == kinds.TOOLKITS and entity.model.owner == m.NOT_ASSIGNED:
            warnings.append(ContentError(entity.file.position(("owner",)), f"the toolkit '{entity.model.id}' has no "
                            "owner yet; name the team or role that keeps it up to date", "warning"))
    overdue = {review.due_position: review for review in reviews.values() if review.overdue}
    for position, review in overdue.items():
        warnings.append(ContentError(position, f"the review was due on {review.review_due:%-d %B %Y}; review the "
                        "content, then update 'last_reviewed' and 'review_due'", "warning"))
    return sorted(warnings, key=lambda w: (w.position, w.message))


def _changes_to_come(entity: Entity) -> list[ContentError]:
    """A change dated after today: it would head the change log and set the feed's date until then, a change that
    has not happened (most often a mistyped year)."""
    today = dt.date.today()
    return [ContentError(entity.file.position(("changes", index, "date")), f"this change is dated "
                         f"{change.date:%-d %B %Y}, after today; give the day it was published on this site",
                         "warning")
            for index, change in enumerate(entity.model.changes) if change.date > today]

