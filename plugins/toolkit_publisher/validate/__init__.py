"""Stage 2, validate: typed models from loaded YAML, then every cross-reference resolved.

Every problem in every file is collected before anything is reported, and each names the
file, line and column, what was expected and how to fix it. One job per module, run in this order, each
returning what it found rather than changing what it checks:

- :mod:`.reading`: every file read and validated against its kind's model (:mod:`.messages` words the errors);
- :mod:`.references`: ids unique, references and links by id resolved, Markdown fields safe, parts published;
- :mod:`.resolve`: each resolved reference made an object (:class:`.content.Ref`) naming its entry;
- :mod:`.reviews`: each page's owner and review dates, from itself or its toolkit;
- :mod:`.attention`: warnings, which do not stop the build;

and the result is a read-only :class:`.content.Content`.
"""

from __future__ import annotations

from pathlib import Path

from .. import kinds
from ..cache import ValidationMemo
from ..errors import ContentError, ContentErrors, Position
from .attention import needs_attention
from .content import RESOURCE, Content, Ref, Review, target
from .messages import PLACEHOLDER
from .reading import read_entries, shown
from .references import Checker, check_all, index_entries
from .resolve import resolve_references
from .reviews import resolve_reviews

__all__ = ["Content", "PLACEHOLDER", "Ref", "Review", "target", "validate"]


def validate(root: Path, memo: ValidationMemo | None = None) -> Content:
    """Load and validate every file under ``root``; raise ContentErrors listing every problem.

    ``memo``: what earlier validations by the same owner found, reused where the files are unchanged (the plugin
    keeps one while `mkdocs serve` runs); without it, nothing is kept past this call."""
    if not root.is_dir():
        raise ContentErrors([ContentError(Position(root.as_posix()), "the content folder does not exist; create it")])
    memo = ValidationMemo() if memo is None else memo
    digests: dict[tuple[str, str], str] = {}
    entities, in_one_file, broken, errors = read_entries(root, memo.files, digests)
    draft, more = index_entries(in_one_file, entities)
    check = Checker(draft, broken, memo.fields, memo.hazards)
    check_all(draft, entities, check)
    errors += more + check.errors
    if not draft.toolkits and not errors:
        errors.append(ContentError(Position(shown(root / kinds.TOOLKITS, root)), "there is no toolkit; add one"))
    if errors:
        raise ContentErrors(errors)
    resolve_references(draft, check.found, RESOURCE)
    reviews = resolve_reviews(draft, entities)
    return Content.of_draft(draft, reviews, needs_attention(entities, check.used_resources, reviews),
                            check.used_resources, digests)
