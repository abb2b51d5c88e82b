"""The Jinja environment every page template renders in, with the filters the templates use."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup, escape

from . import editorial, kinds, labels
from .downloads import offers

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|])")


def md(value: Any) -> Markup:
    """Text from YAML placed in Markdown: HTML-escaped, and Markdown punctuation taken literally."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(value))))


def partial_date(value: str | None) -> str:
    """A date the source may give only in part (2025, 2025-03), written as far as it is known, as the downloads
    write it (labels.when); or that the source does not give one."""
    return labels.when(value) if value else labels.NOT_STATED


def environment() -> Environment:
    """Templates take their words for missing facts and shared headings from ``labels``, as downloads do. They are
    the package's, then those of any kind registered from outside it (see :func:`.kinds.template_loader`).

    One per set of template folders for the process: compiling the templates again for every render would cost
    more than rendering the pages an edit reaches."""
    env = _environment(tuple(kind.templates for kind in kinds.all_kinds() if kind.templates is not None))
    #: The day the pages are rendered, which says which training sessions have taken place and which pages are past
    #: their review date (the pages and the site cache are kept by the day too, see site_cache.py). Set at each call,
    #: not when the environment is made, so a preview left running past midnight renders the new day.
    env.globals["today"] = dt.date.today()
    return env


@lru_cache(maxsize=4)
def _environment(folders: tuple[Any, ...]) -> Environment:
    env = Environment(
        loader=kinds.template_loader(),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["partial_date"] = partial_date
    env.filters["long_date"] = labels.long_date
    env.filters["offers"] = offers
    #: An editorial mark a template emits, the same element as the Markdown syntax: {{ "Step 1"|editorial("added") }}.
    env.filters["editorial"] = editorial.mark
    #: A field's words, marked where the editors wrote them (models.EditorsWords): {{ x.title|md|said(x, "title") }}.
    env.filters["said"] = editorial.said
    env.filters["said_text"] = editorial.said_text
    #: The same mark's tag alone, for a block a template marks itself: {{ editorial_tag("derived") }}.
    env.globals["editorial_tag"] = editorial.tag
    env.globals["labels"] = labels
    return env
