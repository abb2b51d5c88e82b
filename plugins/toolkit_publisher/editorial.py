"""Editorial marks: what the editors added, left out, worked out or kept from the source's time, shown as such.

A site that publishes another body's documents must not pass its own words off as the source's. Editors write a
mark in any Markdown field as ``{KIND: words}``; every mark becomes one element whose outermost tag carries
``data-editorial="KIND"`` (the contract the faithfulness script reads), with the same visible words on the page,
in print and in the Word and OpenDocument downloads (which are made from the same HTML):

- ``{added: Step 1}``: words the editors wrote; shown "Step 1 (editors' addition)";
- ``{derived: the dates here are in 2025}``: worked out from the source; shown "… (editors' reading)";
- ``{historical: [kc.nimhe.org.uk](http://kc.nimhe.org.uk/)}``: an address or document of the source's time,
  not current; shown "… (historical address)";
- ``{omitted: contact details omitted}`` and ``{omitted}`` (a cut sentence or passage): shown in square
  brackets, "[contact details omitted]" and "[…]", and heard as left out by the editors.

Templates emit the same element with :func:`mark` (the Jinja filter ``editorial``); a template that writes a
marked block itself (an editor's note) gives it the class ``tk-editorial`` and places :func:`tag` (the Jinja global
``editorial_tag``) in its title. Downloads get plain text with :func:`words`. :func:`problems` finds a malformed
mark for the validator, so it is never published as text; braces in code (inline, or a code block) are the code's,
published as written, and are not marks.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree
from typing import Any, Literal, Mapping

from markdown import Extension, Markdown
from markdown.extensions import toc
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString
from markupsafe import Markup, escape

from . import labels

Kind = Literal["added", "omitted", "derived", "historical"]
#: The marks, in the order the About page and CONTRIBUTING.md explain them.
KINDS: tuple[Kind, ...] = ("added", "omitted", "derived", "historical")
#: What each mark says after its words, visibly, in every format. An omission says it in its brackets instead.
TAGS: dict[str, str] = {"added": "editors' addition", "derived": labels.EDITORS_READING,
                        "historical": "historical address"}
#: What a screen reader hears after an omission's brackets ("[…]" alone is read as punctuation).
OMITTED_HEARD = "left out by the editors"
#: What an omission shows when the editor gives no words: a cut sentence or passage.
CUT = "…"
#: The class of each part, styled in toolkit.css; ``tk-visually-hidden`` is heard and not shown.
CLASS, TEXT_CLASS, TAG_CLASS, HIDDEN_CLASS = "tk-editorial", "tk-editorial__text", "tk-editorial__tag", "tk-visually-hidden"

#: A well-formed mark: a kind, then ': ' and its words (optional for an omission), then '}'; no braces inside.
MARK = re.compile(r"\{(?P<kind>added|omitted|derived|historical)(?::[ \t]*(?P<words>[^{}]*?))?[ \t]*\}")
#: Anything an editor may have meant as a mark: '{' then a word, then ':' or '}' or a space. attr_list's own
#: syntax starts '{:', '{.', '{#' or '{ ' and a key=value, so it never looks like this.
_LOOKS_LIKE_A_MARK = re.compile(r"(?<!\\)\{(?P<word>[A-Za-z][A-Za-z'-]*)(?P<after>[:} \t\n]|$)")
#: Inline code, whose braces are the code's, not marks: within one paragraph, as Markdown reads it (a backtick run
#: left open in one paragraph does not hide the next paragraphs' marks, nor is it searched for past its own).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
#: Where a mark would change a link rather than mark words: an inline link's destination and title, a reference
#: definition's line, an autolink.
_IN_LINK = re.compile(r"\]\([^)\n]*\)|^ {0,3}\[[^\]\n]+\]:[^\n]*$|<[A-Za-z][A-Za-z0-9+.-]*:[^<>\s]*>", re.M)


def _parts(kind: str, words: str) -> tuple[str, str]:
    """The visible words and the tag after them: an omission is bracketed and heard, the others are tagged."""
    if kind == "omitted":
        return f"[{words or CUT}]", OMITTED_HEARD
    return words, TAGS[kind]


def mark(text: Any, kind: str) -> Markup:
    """A mark as HTML for a template to place in a page (``{{ "Step 1"|editorial("added") }}``); ``text`` is escaped.

    The same element the Markdown syntax makes, so a mark looks and reads the same whoever wrote it."""
    if kind not in KINDS:
        raise ValueError(f"unknown editorial mark {kind!r}: expected one of {', '.join(KINDS)}")
    if kind == "omitted":
        shown, tag = _parts(kind, str(text))
        return Markup(f'<span class="{CLASS}" data-editorial="omitted">{escape(shown)}'
                      f'<span class="{HIDDEN_CLASS}"> ({tag})</span></span>')
    # Text already made safe (Markup, such as a link a template built) is kept as it is; anything else is escaped.
    shown, tag = escape(text), TAGS[kind]
    return Markup(f'<span class="{CLASS}" data-editorial="{kind}"><span class="{TEXT_CLASS}">{shown}</span> '
                  f'<span class="{TAG_CLASS}">({tag})</span></span>')


def tag(kind: str) -> Markup:
    """A mark's tag alone, "(editors' reading)", for a mark whose element a template writes itself because it holds
    a block or a form field (an editor's note, an added input): the template places the tag where the block is read
    first (the note's title, the field's label), inside the element that carries ``data-editorial`` and the class
    :data:`CLASS`, so the block is seen, printed and heard as the editors' just as an inline mark is."""
    if kind not in TAGS:
        raise ValueError(f"no tag for the mark {kind!r}: expected one of {', '.join(TAGS)} (an omission is bracketed)")
    return Markup(f'<span class="{TAG_CLASS}">({TAGS[kind]})</span>')


#: What a mark adds after its words, as a heading's text reads once its tags are stripped: never a heading's own words.
_TAG_TEXTS = tuple(f"({tag})" for tag in (*TAGS.values(), OMITTED_HEARD))


def slugify(value: str, separator: str) -> str:
    """A heading's anchor, made by Markdown's toc extension (mkdocs.yml names this as its ``slugify``) from the
    heading's own words without a mark's tag: a heading the editors wrote ("Step 1 (editors' addition)") is anchored
    "step-1" as the same words unmarked would be, so marking a heading or naming it in ``editors_wrote`` (or
    unmarking it) does not move its anchor and break links to it."""
    for text in _TAG_TEXTS:
        value = value.replace(text, " ")
    return toc.slugify(value, separator)


def words(text: str, kind: str) -> str:
    """A mark as plain text, for a download's text that is not made from Markdown: the words a printed copy shows."""
    shown, tag = _parts(kind, text)
    return shown if kind == "omitted" else f"{shown} ({tag})"


def wrote(owner: Any) -> frozenset[str]:
    """The fields of an entry (a model with ``wrote()``, or a page's item with a ``wrote`` key) the editors wrote."""
    if isinstance(owner, Mapping):
        return frozenset(owner.get("wrote", ()))
    found = getattr(owner, "wrote", None)
    return found() if callable(found) else frozenset()


def said(text: Any, owner: Any, field: str) -> Any:
    """A field's words as a template places them, marked as the editors' addition where the entry says they wrote
    them (``editors_wrote``, or a field that is always theirs, such as a summary): ``{{ x.title|md|said(x, "title") }}``."""
    return mark(text, "added") if field in wrote(owner) else text


def said_text(text: Any, owner: Any, field: str) -> str:
    """As :func:`said`, as plain text, for where a template can place no element (an attribute, a caption read
    out only): "Title (editors' addition)"."""
    return words(str(text), "added") if field in wrote(owner) else str(text)


def said_words(owner: Any, field: str) -> str:
    """A field's words in a download, as a printed copy shows them: with "(editors' addition)" where :func:`said`
    marks them on the page."""
    return said_text(getattr(owner, field), owner, field)


class _MarkProcessor(InlineProcessor):
    """``{kind: words}`` into the mark's element; the words go on through the inline patterns (links, emphasis)."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # noqa: N802 (Markdown's)
        kind, text = m.group("kind"), (m.group("words") or "").strip()
        shown, tag = _parts(kind, text)
        outer = etree.Element("span", {"data-editorial": kind, "class": CLASS})
        if kind == "omitted":
            outer.text = AtomicString(shown)  # the words of an omission are plain, never a link
            hidden = etree.SubElement(outer, "span", {"class": HIDDEN_CLASS})
            hidden.text = AtomicString(f" ({tag})")
            return outer, m.start(0), m.end(0)
        inner = etree.SubElement(outer, "span", {"class": TEXT_CLASS})
        inner.text = shown
        inner.tail = " "
        label = etree.SubElement(outer, "span", {"class": TAG_CLASS})
        label.text = AtomicString(f"({tag})")
        return outer, m.start(0), m.end(0)


class EditorialMarks(Extension):
    """The mark syntax, for the site's Markdown (mkdocs.yml) and the validator's and downloads' (sanitise.py)."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's name)
        # Above links (160) and references (170), so a link inside a mark is made inside it; below escapes
        # (180) and code (190), so '\{' and `{added: x}` stay text.
        md.inlinePatterns.register(_MarkProcessor(MARK.pattern, md), "editorial_mark", 175)


def makeExtension(**kwargs: Any) -> EditorialMarks:  # noqa: N802 (the name Markdown looks for)
    return EditorialMarks(**kwargs)


def problems(text: str) -> list[tuple[int, str]]:
    """Each malformed mark in a Markdown field: its offset and what to write instead. A mark that does not match
    the syntax would be published as braces and words, the editors' words then reading as the source's.

    One pass over the text: each candidate looks up the next brace or blank line among those found once, so a
    field of many broken marks costs no more than its length (see markdown_limits.py)."""
    code = [(m.start(), m.end()) for m in _CODE_SPAN.finditer(text)]
    stops = [(m.start(), m.group(0)[0]) for m in _STOPS.finditer(text)]
    positions = [position for position, _ in stops]
    found: list[tuple[int, str]] = []
    in_code = 0
    for m in _LOOKS_LIKE_A_MARK.finditer(text):
        while in_code < len(code) and code[in_code][1] <= m.start():
            in_code += 1
        if in_code < len(code) and code[in_code][0] <= m.start():
            continue
        after = bisect.bisect_left(positions, m.end("word"))
        if message := _problem(text, m, stops[after][1] if after < len(stops) else ""):
            found.append((m.start(), message))
    links = [(m.start(), m.end()) for m in _IN_LINK.finditer(text)]
    starts = [start for start, _ in links]
    for m in MARK.finditer(text):
        at = bisect.bisect_right(starts, m.start()) - 1
        if at >= 0 and m.start() < links[at][1]:
            found.append((m.start(), f"the mark '{{{m.group('kind')}' is inside a link's address or title, where it "
                                     "would change the link instead of marking words: put the whole link inside the "
                                     "mark, as {historical: [words](https://…)}"))
    return sorted(_outside_code(text, found)) if found else []


#: An element of code in Markdown's HTML: its text is escaped, so it holds no '</code>' of its own.
_CODE_ELEMENT = re.compile(r"<code\b[^>]*>(.*?)</code>", re.S)


def _outside_code(text: str, found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The problems that are not in code as Markdown reads it (an indented code block, or a fence that Markdown reads
    as code), where braces are the code's and are published as they are, never as a mark.

    Which text is code is Markdown's own reading, not a guess at its rules (a line indented under a list item or an
    admonition is text): the text is rendered once, with a probe word placed at each problem, and the probes found
    inside code are those problems. Only text with a problem is rendered, and once, so a valid field costs nothing
    more and a field of many problems no more than one rendering."""
    from .sanitise import to_html  # sanitise imports this module; rendering is its job

    probe = "tkprobe"
    while probe in text:
        probe += "z"
    offsets = sorted({offset for offset, _ in found})
    pieces, last = [], 0
    for index, offset in enumerate(offsets):
        pieces += [text[last:offset], f"{probe}{index}x"]
        last = offset
    rendered = to_html("".join(pieces) + text[last:])
    in_code = {offsets[int(number)] for code in _CODE_ELEMENT.findall(rendered)
               for number in re.findall(rf"{probe}(\d+)x", code)}
    return [(offset, message) for offset, message in found if offset not in in_code]


#: What ends the search for a mark's closing brace: a brace, or a blank line (the end of the paragraph).
_STOPS = re.compile(r"[{}]|\n[ \t]*\n")
_SYNTAX = ("write {added: words}, {derived: words}, {historical: [address](https://…)}, "
           "{omitted: contact details omitted} or {omitted} for a cut passage")


def _problem(text: str, m: re.Match[str], next_stop: str) -> str | None:
    """What is wrong with the mark-like text at ``m``, given what comes first after its word: '}', '{', a blank
    line ('\\n') or nothing ('')."""
    word = m.group("word")
    if word not in KINDS:
        near = [kind for kind in KINDS if kind == word.lower() or _close(word.lower(), kind)]
        if not near and m.group("after") not in (":", "}"):
            return None  # braces around ordinary words, not a mark
        hint = f" Did you mean '{near[0]}'?" if near else ""
        return (f"'{{{word}' is not an editorial mark: a mark is one of {', '.join(KINDS)}, in lowercase.{hint} "
                f"To fix it, {_SYNTAX}")
    if next_stop in ("", "\n"):
        return f"the mark '{{{word}' is not closed: end it with '}}' in the same paragraph. To fix it, {_SYNTAX}"
    if next_stop == "{":
        return (f"the mark '{{{word}' holds a '{{': a mark cannot hold another mark or a brace. To fix it, "
                f"close the first mark before the next, {_SYNTAX}")
    whole = MARK.match(text, m.start())
    if whole is None:
        return f"the mark '{{{word}' needs ': ' before its words, as {{{word}: words}}. To fix it, {_SYNTAX}"
    if word != "omitted" and not (whole.group("words") or "").strip():
        return f"the mark '{{{word}' has no words: put the words it marks after the colon, as {{{word}: words}}"
    return None


def _close(word: str, kind: str) -> bool:
    """A likely misspelling of a mark's name (one letter added, dropped or changed, or two swapped)."""
    from difflib import SequenceMatcher
    return SequenceMatcher(None, word, kind).ratio() >= 0.8
