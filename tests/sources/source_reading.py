"""Reading a built page as the source comparisons need: the source's own text apart from the site's furniture (the
elements ./scripts/faithfulness counts as the site's own words) and from what the editors marked as theirs."""

from __future__ import annotations

import copy
import sys

from bs4 import Tag

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import faithfulness  # noqa: E402 - the script's module, beside it in scripts/


#: The site's furniture, as one CSS selector.
FURNITURE = ", ".join(faithfulness.INTERFACE_SELECTORS)


def is_furniture(tag: Tag) -> bool:
    """Whether ``tag`` is, or is inside, the site's own furniture (a downloads offer, "Use this data", a review
    note...), which no source prints: the same list of elements ./scripts/faithfulness leaves out."""
    return any(node.css.match(FURNITURE) for node in (tag, *tag.parents) if isinstance(node, Tag))


def source_elements(article: Tag, selector: str) -> list[Tag]:
    """The elements ``selector`` finds that are not the site's furniture: a page's own headings, say."""
    return [tag for tag in article.select(selector) if not is_furniture(tag)]


def unmarked(tag: Tag, kind: str | None = None) -> Tag:
    """A copy of ``tag`` without what the editors marked as theirs (every element with `data-editorial`, or with
    `data-editorial` of that ``kind``), so what is left must be the source's."""
    copied = copy.copy(tag)
    for mark in copied.select(f'[data-editorial="{kind}"]' if kind else "[data-editorial]"):
        mark.decompose()
    return copied


def only_marked(tag: Tag, kind: str) -> bool:
    """Whether every word of ``tag`` is inside an editors' mark of that ``kind`` (`data-editorial="added"`, say)."""
    return tag.get("data-editorial") == kind or not unmarked(tag, kind).get_text(strip=True)
