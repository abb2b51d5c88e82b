"""Markdown that would make the build recurse deeply or slow down out of proportion is refused where it is
written, with what to change; content just under every limit validates and builds."""

from __future__ import annotations

import textwrap
from pathlib import Path
from unittest import mock

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor

from conftest import copy_project, examples, mkdocs_build
from test_validation import TOOLKIT, errors_for, write_data
from toolkit_publisher import markdown_limits
from toolkit_publisher.markdown_limits import (
    MAX_BRACES, MAX_CODE_GAPS, MAX_HEADINGS, MAX_HTML_BLOCKS, MAX_INLINE_NESTING, MAX_ITEM_LINES, MAX_MARKUP,
    MAX_NESTING, MAX_OPEN, MAX_SPLITS, MAX_STRAY_TAGS, MAX_UNPAIRED_BACKTICKS, markdown_hazard,
)
from toolkit_publisher.sanitise import MARKDOWN_EXTENSIONS

PAGE_TOOLKIT = TOOLKIT + "  - page: notes\n"


def page(body: str) -> dict[str, str]:
    """A page whose body starts on line 4, column 3 of pages/notes.yml, with the toolkit that publishes it."""
    text = "id: notes\ntitle: Notes\nbody: |\n" + textwrap.indent(body, "  ", lambda _: True)
    return {"pages/notes.yml": text, "toolkits/demo.yml": PAGE_TOOLKIT}


def only_error(tmp_path: Path, files: dict[str, str]) -> tuple[str, str]:
    errors = errors_for(tmp_path, files)
    assert len(errors) == 1, errors
    where, message = errors[0].split(": error: ")
    return where, message


def _nested_list(levels: int) -> str:
    return "".join("    " * level + f"- level {level}\n" for level in range(levels))


@pytest.mark.parametrize(("body", "line", "column", "says"), [
    # The findings of issue 13: each '[' (or '![') reads on to the end of its paragraph.
    ("Intro.\n\n" + "[" * 400 + "\n", 6, 3 + MAX_OPEN, f"has more than {MAX_OPEN} '[' open at once in one paragraph"),
    ("![" * 400 + "\n", 4, 3 + 2 * MAX_OPEN, f"has more than {MAX_OPEN} '[' open at once"),
    ("1. " * 500 + "\n", 4, 3 + 3 * MAX_NESTING, f"{500} levels deep here; the limit is {MAX_NESTING}: flatten it"),
    (_nested_list(40), 4 + MAX_NESTING, 3 + 4 * MAX_NESTING, f"levels deep here; the limit is {MAX_NESTING}"),
    ("> " * 30 + "quoted\n", 4, 3 + 2 * MAX_NESTING, "nests lists, quotes, indented blocks, boxes or HTML elements"),
    ('<div markdown="1">\n' * 20 + "Text\n" + "</div>\n" * 20, 4 + MAX_NESTING, 3, "HTML elements 17 levels deep"),
    ("".join("    " * level + "!!! note\n" for level in range(20)), 5 + MAX_NESTING, 3 + 4 * (MAX_NESTING + 1),
     "17 levels deep"),
    ("Some " + "".join("`" * k + " a " for k in range(1, 20)) + "\n", 4, 3 + 5 + sum(k + 3 for k in range(1, 11)),
     f"has more than {MAX_UNPAIRED_BACKTICKS} runs of backticks (`) with no matching run"),
    ("[a](" * 20 + "\n", 4, 3 + 4 * MAX_OPEN + 2, f"has more than {MAX_OPEN} link addresses '](' without their ')'"),
    ("\\* " * (MAX_MARKUP + 5) + "\n", 4, 3 + 3 * MAX_MARKUP, f"has more than {MAX_MARKUP} pieces of markup"),
    ("A paragraph.\n\n" + "**a " * 40 + "b" + " c**" * 40 + "\n", 6, 3,
     f"nests emphasis and links more than {MAX_INLINE_NESTING} deep in one paragraph"),
    ("# Title" + " {x" * 20 + "\n", 4, 3 + 7 + 3 * MAX_BRACES + 1, f"has more than {MAX_BRACES} '{{' on one line"),
    ("# Heading\n" * 40, 4 + MAX_SPLITS, 3, f"has more than {MAX_SPLITS} headings, rules, boxes or link definitions"),
    ("a <b " * 20 + "\n", 4, 3 + 5 * MAX_STRAY_TAGS + 2, f"has more than {MAX_STRAY_TAGS} '<' that do not begin"),
    ("<p>x</p>\n\n" * (MAX_HTML_BLOCKS + 5), 4 + 2 * MAX_HTML_BLOCKS, 7, f"has more than {MAX_HTML_BLOCKS} HTML blocks"),
    ("<!-- c -->\n" * (MAX_HTML_BLOCKS + 5), 4 + MAX_HTML_BLOCKS, 3, "HTML blocks, comments, or HTML elements"),
    ('<div markdown="1">\n' + "<p>x</p>\n" * (MAX_HTML_BLOCKS + 5) + "</div>\n", 5 + MAX_HTML_BLOCKS, 3,
     'or HTML elements inside elements with markdown="1"'),
    ("- item\n" + "more of the item\n" * (MAX_ITEM_LINES + 5), 5 + MAX_ITEM_LINES, 3,
     f"has a list item of more than {MAX_ITEM_LINES} lines"),
    ("Intro.\n\n    code\n" + "\n" * (MAX_CODE_GAPS + 5) + "Text.\n", 7 + MAX_CODE_GAPS, 3,
     f"has more than {MAX_CODE_GAPS} blank lines inside or after one indented block"),
    ("`a` " * (MAX_MARKUP + 5) + "\n", 4, 3 + 4 * MAX_MARKUP, f"has more than {MAX_MARKUP} pieces of markup"),
    ("## Heading\n\n" * (MAX_HEADINGS + 5), 4 + 2 * MAX_HEADINGS, 3, f"has more than {MAX_HEADINGS} headings"),
], ids=["brackets", "images", "ordered-list-markers", "indented-list", "quotes", "html-boxes", "admonitions",
        "backticks", "link-addresses", "markup", "emphasis", "braces", "headings-in-a-run", "stray-tags",
        "html-blocks", "comments", "elements-in-markdown-boxes", "list-item-lines", "blank-lines-in-code",
        "code-spans", "headings"])
def test_each_hazard_is_refused_where_it_is(tmp_path: Path, body: str, line: int, column: int, says: str) -> None:
    where, message = only_error(tmp_path, page(body))
    assert where == f"toolkit_data/pages/notes.yml:{line}:{column}"
    assert message.startswith("'body' ") and says in message
    assert any(fix in message for fix in ("write", "flatten", "split", "close", "put", "remove", "start"))


def test_a_note_counts_the_box_the_page_puts_it_in(tmp_path: Path) -> None:
    """A document template's note is published inside an admonition: one level deeper than it is written."""
    template = ("id: plan\ntitle: Plan\nsource: demo\nsummary: A plan.\nsections:\n  - id: one\n    heading: One\n"
                "    notes:\n      - |\n" + textwrap.indent(_nested_list(MAX_NESTING), "        "))
    where, message = only_error(tmp_path, {"templates/plan.yml": template})
    assert where == f"toolkit_data/templates/plan.yml:{10 + MAX_NESTING - 1}:{9 + 4 * (MAX_NESTING - 1)}"
    assert f"{MAX_NESTING + 1} levels deep here, counting the box the page puts it in" in message


def test_a_hazard_is_reported_instead_of_rendering(tmp_path: Path) -> None:
    """The sanitiser's check renders the field, which is what a hazard would stall: it waits for the fix."""
    with mock.patch("toolkit_publisher.validate.references.unsafe_html") as unsafe:
        only_error(tmp_path, page("![" * 5000 + "<script>x</script>\n"))
    unsafe.assert_not_called()


JUST_UNDER = f"""\
# Notes from the workshop

{_nested_list(MAX_NESTING - 1)}
> {"> " * (MAX_NESTING - 2)}A quotation, quoted again and again.

Footnote marks {"[" * (MAX_OPEN - 1)}left open, as in a draft. See [the guide](https://example.org/guide) too.

Code spans: {"".join("`" * k + " tick " for k in range(1, MAX_UNPAIRED_BACKTICKS + 1))}and `a pair`.

**Bold**, *emphasis*, ***both***, and {"**strong " * 10}at the core{" done**" * 10}.

Set notation {{a {"{" * (MAX_BRACES - 2)} is not markup here.

<p>A paragraph of HTML.</p>

When a<b and c<d {"x<y " * (MAX_STRAY_TAGS - 2)}the signs are text.

{"".join(f"## Point {i}{chr(10)}" for i in range(MAX_SPLITS))}
| Role | Hours |
| --- | --- |
| Lead | 37.5 |
"""


def test_content_just_under_every_limit_validates_and_builds(tmp_path: Path) -> None:
    assert markdown_hazard(JUST_UNDER) is None
    data = write_data(tmp_path / "data", page(JUST_UNDER))
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", data)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "toolkits" / "demo" / "notes" / "index.html").read_text(encoding="utf-8")
    assert f"level {MAX_NESTING - 2}" in html and "A quotation, quoted again and again." in html
    assert "<strong>strong " in html and "at the core" in html and "<td>37.5</td>" in html
    assert html.count("Point ") >= MAX_SPLITS and "x&lt;y" in html


# --- every composition of the hazards' pieces --------------------------------------------------------------

PIECES = ["1. ", "- ", "* ", "> ", "    ", "\t", "\n", "\n\n", "[", "]", "![", "](", "(", ")", "'", '"', "`", "``",
          "*", "**", "_", "\\", "<a ", "<b>", "</b>", "<p>", "</p>", '<div markdown="1">\n', "</div>\n", "<!--",
          "-->", "{", "}", "# ", "!!! note\n", "??? note\n", "|", "---\n", "=\n", "a", "word ", "&amp;", "  \n",
          "[a]: /x\n", "<https://example.org/>"]
#: Small limits, so small examples reach them.
SMALL = {"MAX_NESTING": 3, "MAX_OPEN": 2, "MAX_UNPAIRED_BACKTICKS": 2, "MAX_INLINE_NESTING": 3, "MAX_MARKUP": 12,
         "MAX_BRACES": 2, "MAX_SPLITS": 2, "MAX_STRAY_TAGS": 2, "MAX_HTML_BLOCKS": 3, "MAX_ITEM_LINES": 4,
         "MAX_CODE_GAPS": 3, "MAX_HEADINGS": 4}


class _Depth(Treeprocessor):
    """Records the depth of the finished element tree, counted without recursion."""

    deepest = 0

    def run(self, root):  # type: ignore[no-untyped-def]
        stack, deepest = [(root, 0)], 0
        while stack:
            element, depth = stack.pop()
            deepest = max(deepest, depth)
            stack.extend((child, depth + 1) for child in element)
        _Depth.deepest = deepest


#: Runs of one piece, so that small examples nest, open and repeat things.
COMPOSITIONS = st.lists(st.tuples(st.sampled_from(PIECES), st.integers(1, 8)), max_size=25).map(
    lambda runs: "".join(piece * count for piece, count in runs))


@settings(max_examples=examples(400), deadline=None)
@given(COMPOSITIONS)
def test_any_composition_is_refused_with_a_position_or_renders_within_the_bounds(text: str) -> None:
    """Under (small) limits, whatever passes renders with no recursion error, to a tree no deeper than the limits
    allow (a list level is two elements, a table four), with the six link patterns reading ahead at most a fixed
    multiple of the text; what does not pass is refused at a place inside the text, with a message."""
    scanned = [0]

    def counted(method):  # type: ignore[no-untyped-def]
        def wrapper(self, data, index):  # type: ignore[no-untyped-def]
            result = method(self, data, index)
            scanned[0] += result[-2] - index
            return result
        return wrapper

    with mock.patch.multiple(markdown_limits, **SMALL):  # type: ignore[arg-type]
        found = markdown_hazard(text)
        if found is not None:
            offset, message = found
            assert 0 <= offset <= len(text) and message.split()[0] in ("has", "nests")
            return
        md = markdown.Markdown(extensions=[*MARKDOWN_EXTENSIONS, "toc"])
        md.treeprocessors.register(_Depth(md), "depth", 0)
        with mock.patch.object(LinkInlineProcessor, "getText", counted(LinkInlineProcessor.getText)), \
             mock.patch.object(LinkInlineProcessor, "getLink", counted(LinkInlineProcessor.getLink)):
            md.convert(text)
        nesting, open_ = SMALL["MAX_NESTING"], SMALL["MAX_OPEN"]
        assert _Depth.deepest <= 2 * (nesting + 1) + 4 + SMALL["MAX_INLINE_NESTING"]
        assert scanned[0] <= 6 * (open_ + 1) * (len(text) + 1)
