"""What validation returns: every entry by kind and id, resolved and read-only, with the reviews and warnings.

While the jobs of validation run, the entries found so far are a :class:`Draft` (the references check fills in
which toolkit publishes each part); the result is a :class:`Content`, frozen, that no later stage can change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import types
from dataclasses import dataclass, field
from typing import Any, Mapping

from .. import kinds
from .. import models as m
from ..errors import ContentError, Position

#: References to one resource of a resource list name it as a kind of its own; the lists are in RESOURCE_LISTS.
RESOURCE = kinds.RESOURCE_LINK
RESOURCE_LISTS = "resources"
#: Each resource with the list and category path it sits in.
ResourceIndex = Mapping[str, tuple[m.Resource, str, tuple[m.ResourceCategory, ...]]]


class Ref(str):
    """A reference by id, resolved: still the id (in addresses, sorting and comparisons, and in the models' JSON),
    and it carries what it names, so no stage after validation looks an id up again.

    ``entry`` is the entry a page depends on when it follows the reference (for a resource, its list); ``target``
    is the entry or resource itself. It compares and hashes as its id, so a change to what it names is a change to
    that entry, not to the one naming it; it crosses a process boundary as its plain id.
    """

    entry: tuple[str, str]
    target: Any

    def __new__(cls, value: str, entry: tuple[str, str]) -> Ref:
        ref = super().__new__(cls, value)
        object.__setattr__(ref, "entry", entry)
        object.__setattr__(ref, "target", None)
        return ref

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a reference is read-only; '{name}' cannot be set")

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return (str, (str(self),))


def target(ref: str) -> Any:
    """What a validated reference names (the typed models declare references as ids, the ``str`` they are)."""
    if not isinstance(ref, Ref):
        raise TypeError(f"'{ref}' is an id, not a validated reference")
    return ref.target


@dataclass(frozen=True)
class Review:
    """Who owns a page and when it was and will be reviewed, after inheriting from its toolkit."""

    owner: str
    last_reviewed: dt.date
    review_due: dt.date
    #: Where the review_due date is written, for warnings.
    due_position: Position
    #: The toolkit it inherits any of these from, if any: a change to that toolkit can change them.
    toolkit: str | None = None

    @property
    def overdue(self) -> bool:
        return self.review_due < dt.date.today()



class _ByKind:
    """``content.case_studies``: a kind's entries by its folder's name, as the stages that know a kind name it."""

    entries: Mapping[str, Mapping[str, Any]]

    def of(self, folder: str) -> Mapping[str, Any]:
        """The entries of the kind kept in this folder, by id."""
        return self.entries[folder]

    def __getattr__(self, name: str) -> Any:
        entries = self.__dict__.get("entries")
        if entries is None or name not in entries:
            raise AttributeError(name)
        return entries[name]


@dataclass
class Draft(_ByKind):
    """The entries that validated, by kind and id, while their references are checked."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    resource_index: dict[str, tuple[m.Resource, str, tuple[m.ResourceCategory, ...]]] = field(default_factory=dict)
    #: Where each resource is written, for editors' reports.
    resource_positions: dict[str, Position] = field(default_factory=dict)
    #: For each part ("page", id), the toolkit that publishes it: filled in as the toolkits' parts are checked.
    part_owner: dict[tuple[str, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in kinds.all_kinds():
            self.entries.setdefault(kind.folder, {})


@dataclass(frozen=True)
class Content(_ByKind):
    """Everything validated, by kind and id, in a stable order; the input of rendering and of the downloads.

    A kind's entries are ``content.of(folder)``, or an attribute named by its folder (``content.case_studies``).
    Read-only: its tables are mapping proxies, so nothing downstream can change what was checked.
    """

    #: Each kind's entries by id, by the kind's folder (see :mod:`.kinds`); every kind registered has its table.
    entries: Mapping[str, Mapping[str, Any]]
    #: Each resource by id, with the list and category path it sits in.
    resource_index: ResourceIndex
    #: Where each resource is written, for editors' reports.
    resource_positions: Mapping[str, Position]
    #: For each part id ("page", id), the toolkit that publishes it.
    part_owner: Mapping[tuple[str, str], str]
    #: The resolved owner and review dates of each publishable entity, by (folder, id).
    reviews: Mapping[tuple[str, str], Review]
    #: Content that needs an editor's attention but does not stop the build.
    warnings: tuple[ContentError, ...]
    #: Resources that some question or Markdown link uses.
    used_resources: frozenset[str]
    #: The digest of each entry's file, by (kind, id): the same digest, the same entry.
    digests: Mapping[tuple[str, str], str] = field(default_factory=lambda: types.MappingProxyType({}))
    #: The digest of every entry of each kind, and of every entry of every kind ("*"), by kind.
    kind_digests: Mapping[str, str] = field(default_factory=lambda: types.MappingProxyType({}))

    @classmethod
    def of_draft(cls, draft: Draft, reviews: dict[tuple[str, str], Review], warnings: list[ContentError],
                 used_resources: set[str], digests: dict[tuple[str, str], str] | None = None) -> Content:
        """The finished content, read-only."""
        proxy = types.MappingProxyType
        digests = digests or {}
        return cls(proxy({folder: proxy(dict(table)) for folder, table in draft.entries.items()}),
                   proxy(dict(draft.resource_index)), proxy(dict(draft.resource_positions)),
                   proxy(dict(draft.part_owner)), proxy(dict(reviews)), tuple(warnings), frozenset(used_resources),
                   proxy(dict(digests)), proxy(_kind_digests(digests)))

    def digest(self, entry: tuple[str, str]) -> str:
        """What a page depending on this entry (or on a whole kind, (kind, "*"), or on everything) is made from."""
        folder, entry_id = entry
        if entry_id == "#":  # which entries the kind has
            return self.kind_digests.get(f"{folder}#", "absent")
        if entry_id != "*":
            return self.digests.get(entry, "absent")
        return self.kind_digests.get(folder, "absent")


def _kind_digests(digests: dict[tuple[str, str], str]) -> dict[str, str]:
    """Each kind's entries' digests, and all of them ("*"), folded into one digest each, in a stable order."""
    by_kind: dict[str, list[str]] = {"*": []}
    for (folder, entry_id), digest in sorted(digests.items()):
        line = f"{folder}\0{entry_id}\0{digest}"
        by_kind.setdefault(folder, []).append(line)
        by_kind["*"].append(line)
    for folder in [folder for folder in by_kind if folder != "*"]:
        by_kind[f"{folder}#"] = sorted(line.split("\0")[1] for line in by_kind[folder])
    return {folder: hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest() for folder, lines in by_kind.items()}
