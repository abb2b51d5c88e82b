"""Markdown that would make python-markdown recurse deeply or slow down more than in proportion, found before it
is rendered.

python-markdown (3.11, with the site's extensions) reads some text more than once:

- every '[' or '![' makes six link patterns read ahead to its ']' (to the end of the paragraph if there is
  none), and every '](' reads ahead to its ')';
- a run of backticks with no run of the same length after it reads to the end of the paragraph;
- every inline match (a link, code, an escape, emphasis, an HTML tag or entity) copies the rest of its paragraph;
- every heading, rule, box ('!!!', '???') or link definition splits its run of lines, and the rest of the run
  goes round every block processor again;
- a list item is built up one line at a time, and an indented block one blank line at a time, each time copied;
- the HTML parser reads from each '<' to the end of its tag, and to the end of the text if there is none;
  md_in_html copies the rest of the text at the end of each HTML block and at each comment, and rebuilds an
  element with markdown="1" once for each HTML element inside it;
- attr_list reads from each '{' to the end of its line;
- the theme's search plugin looks each heading up in the whole table of contents;
- lists, quotes, indented blocks, boxes and HTML elements are parsed one recursion per level, and the sanitiser
  (html5ever) slows down with the depth of what it parses.

Each limit below bounds one of these, so that under all of them the work grows in proportion to the length of
the text (`./scripts/bench --worst-case` measures it). The limits are far above what real content uses.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass
from collections.abc import Iterator
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.util import AtomicString

from .sanitise import MARKDOWN_EXTENSIONS

#: Lists, quotes, indented blocks, boxes and HTML elements inside one another.
MAX_NESTING = 16
#: '[' (or '![') not yet closed by ']', and link addresses '](' not yet closed by ')', at once in one paragraph.
MAX_OPEN = 10
#: Runs of backticks in one paragraph with no run of the same length after them.
MAX_UNPAIRED_BACKTICKS = 10
#: Emphasis and links inside one another in one paragraph.
MAX_INLINE_NESTING = 32
#: Links, emphasis, code, escapes, HTML tags and entities in one paragraph.
MAX_MARKUP = 1000
#: '{' on one line.
MAX_BRACES = 10
#: Backticks on one line that holds a '|': the tables extension splits a row by matching each backtick
#: against the others, so a row of '`|' repeated costs the square of its length (found by an outside test).
MAX_ROW_BACKTICKS = 100
#: Headings, rules, boxes and link definitions in one run of lines without a blank line.
MAX_SPLITS = 32
#: Headings in the whole text (the search plugin's work grows with their square: 5,000 cost it about 2 s).
MAX_HEADINGS = 5000
#: Lines in one list item, with what is nested in it, up to the next item at its level, without a blank line.
MAX_ITEM_LINES = 1000
#: Blank lines inside or after one indented (code) block.
MAX_CODE_GAPS = 1000
#: '<' that do not begin a complete HTML tag, comment or declaration, in the whole text.
MAX_STRAY_TAGS = 10
#: HTML blocks, comments, declarations, and HTML elements inside elements with markdown="1", in the whole text.
MAX_HTML_BLOCKS = 1000

Hazard = tuple[int, str]


def markdown_hazard(text: str, *, nested: int = 0) -> Hazard | None:
    """A place where ``text`` would make rendering recurse deeply or slow down out of proportion, if any.

    Returns the offset into ``text`` and a message to follow the name of what holds the text (as in
    ``f"'body' {message}"``): what was found, the limit, and how to fix it; None if there is nothing.
    ``nested`` is how many levels deep the page places the text (a note inside an admonition: 1). Works on a
    field or a whole page; the limits counted over the whole text (stray '<', HTML blocks) are shared by all a
    page holds. The text is read a fixed number of times; python-markdown parses it only if some run of lines
    has more of something than one paragraph may hold, to find the paragraphs it really makes.
    """
    return _line_hazard(text, nested) or _paragraph_hazard(text)


# --- the whole text, line by line -----------------------------------------------------------------------------

_TAG_OPEN = re.compile(r"<[A-Za-z/!?]")
_NAME = r"""[^\s/>"'<=`]"""
#: Complete tags, as html.parser reads them to their '>'. Nothing here matches '<', so trying one costs no more
#: than the text up to the next '<'.
_START_TAG = re.compile(rf"""<([A-Za-z]{_NAME}*+)(?:[\s/]++{_NAME}++(?:\s*+=\s*+(?:"[^"<>`]*+"|'[^'<>`]*+'|"""
                        rf"""[^\s"'<>=`]++))?+)*+[\s/]*+>""")
_END_TAG = re.compile(rf"</([A-Za-z]{_NAME}*+)\s*+>")
_DECLARATION = re.compile(r"<![^<>]*+>|<\?[^<>]*+\?>")
_MARKDOWN_ATTRIBUTE = re.compile(r"""\smarkdown(?:\s*=\s*(["']?)([^"'\s>]*)\1)?""")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
#: What may begin a line: indentation, '>' and list markers, as many as a line has.
_PREFIX = re.compile(r"[ \t]++|>|[*+-](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_QUOTES = re.compile(r"(?:[ ]{0,3}>[ ]?)*")
_HEADING_LINE = re.compile(r"[ \t>]*+(?:#|[=-]++[ \t]*+$)")
_HTML_HEADING = re.compile(r"<h[1-6][\s/>]", re.IGNORECASE)
_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}\.)[ \t]")
#: Lines that make python-markdown split their run of lines: headings, boxes, link definitions, rules and
#: setext underlines.
_SPLIT = re.compile(r"[ \t>]*+(?:#|!!!|\?\?\?|\[[^\[\]\n]*+\]:|[=*_-][=*_ \t-]*+$)")


def _tags(text: str) -> tuple[list[tuple[int, int]], Hazard | None]:
    """The HTML nesting depth after each tag that changes it, and the first '<' or HTML block past its limit.

    A '<' that begins no complete tag makes html.parser read on, maybe to the end of the text. An HTML block
    (from a block-level tag at the start of a line, or just after another block on its line, to the end tag
    that closes it, as md_in_html reads them), a comment, a declaration, a block-level tag standing alone, and
    a block-level element inside one with markdown="1" each count as one of the HTML blocks. A comment or CDATA
    section is skipped to its end, found by one forward search shared by all of them.
    """
    block_level = _block_level()
    events: list[tuple[int, int]] = []
    depth = strays = html_blocks = 0
    closes = {"-->": -1, "]]>": -1}
    blocks: list[str] = []  # the block-level elements open in the HTML block we are in
    markdown_block, tail = False, range(0)  # tail: the rest of the line on which an HTML block ended
    position = 0
    while (found := _TAG_OPEN.search(text, position)) is not None:
        start = found.start()
        end, counts = -1, False
        for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
            if text.startswith(opener, start):
                if closes[closer] != len(text) and closes[closer] < start + len(opener):
                    at = text.find(closer, start + len(opener))
                    closes[closer] = at if at >= 0 else len(text)
                if closes[closer] < len(text):
                    end, counts = closes[closer] + len(closer), True
                break
        else:
            if (tag := _START_TAG.match(text, start)) is not None:
                end, name = tag.end(), tag.group(1).lower()
                if name in _VOID or tag.group().endswith("/>"):
                    counts = name in block_level and not blocks
                else:
                    depth += 1
                    events.append((start, depth))
                    if name in block_level and blocks:
                        counts = markdown_block
                        if len(blocks) <= MAX_NESTING:
                            blocks.append(name)
                    elif name in block_level and (_at_line_start(text, start) or start in tail):
                        attribute = _MARKDOWN_ATTRIBUTE.search(tag.group())
                        blocks, markdown_block = [name], attribute is not None and attribute.group(2) != "0"
            elif (tag := _END_TAG.match(text, start)) is not None:
                end, name = tag.end(), tag.group(1).lower()
                if depth:
                    depth -= 1
                    events.append((start, depth))
                if name in blocks:
                    del blocks[len(blocks) - 1 - blocks[::-1].index(name):]
                    counts = not blocks
                    if not blocks:
                        line_end = text.find("\n", end)
                        tail = range(end, line_end if line_end >= 0 else len(text))
            elif (tag := _DECLARATION.match(text, start)) is not None:
                end, counts = tag.end(), True
        if counts:
            html_blocks += 1
            if html_blocks > MAX_HTML_BLOCKS:
                return events, (start, f"has more than {MAX_HTML_BLOCKS} HTML blocks, comments, or HTML elements "
                                       "inside elements with markdown=\"1\" (each makes the build copy the rest "
                                       "of the text); write it in Markdown instead")
        if end < 0:
            strays += 1
            if strays > MAX_STRAY_TAGS:
                return events, (start, f"has more than {MAX_STRAY_TAGS} '<' that do not begin a complete HTML tag "
                                       "(each makes the build read on, maybe to the end); write &lt; for a '<' "
                                       "that is only text, or finish the tag with '>'")
            end = start + 1
        position = end
    return events, None


def _at_line_start(text: str, at: int) -> bool:
    """Whether at most three spaces come before ``at`` on its line, as python-markdown requires of an HTML block."""
    line_start = text.rfind("\n", max(0, at - 4), at) + 1
    return at - line_start <= 3 and not text[line_start:at].strip()


@lru_cache(maxsize=1)
def _block_level() -> frozenset[str]:
    return frozenset(_markdown().block_level_elements)


def _prefix(line: str) -> tuple[list[int], int, int]:
    """The offsets of the '>' and list markers that begin a line, the columns of indentation that may nest (all
    before the first marker, and after a '>' all but its one optional space; the spaces after a list marker only
    separate it from the item's text), and where the markers end."""
    markers: list[int] = []
    columns = end = 0
    after = ""
    while (token := _PREFIX.match(line, end)) is not None:
        text = token.group()
        if text[0] in " \t":
            width = text.count(" ") + 4 * text.count("\t")
            columns += width if not after else max(0, width - 1) if after == ">" else 0
        else:
            markers.append(token.start())
            after = text if text == ">" else "list"
        end = token.end()
    return markers, columns, end


def _line_hazard(text: str, nested: int) -> Hazard | None:
    """What is measured on the text as it stands: HTML, nesting, '{' on a line, and runs of lines."""
    events, found = _tags(text)
    lines = text.split("\n")
    return (found or _nesting(lines, events, nested) or _braces(lines) or _row_backticks(lines) or _runs(lines)
            or _headings(lines))


def _offsets(lines: list[str]) -> Iterator[tuple[int, str]]:
    offset = 0
    for line in lines:
        yield offset, line
        offset += len(line) + 1


def _nesting(lines: list[str], events: list[tuple[int, int]], nested: int) -> Hazard | None:
    """The deepest each line is nested: its markers, its indentation where it nests, and the HTML elements open."""
    html_depth = event = opened = 0
    for offset, line in _offsets(lines):
        deepest, deepest_at = html_depth, offset
        while event < len(events) and events[event][0] < offset + len(line):
            html_depth = events[event][1]
            if html_depth > deepest:
                deepest, deepest_at = html_depth, events[event][0]
            event += 1
        markers, columns, _ = _prefix(line)
        # Indentation nests only inside what an earlier line opened: deeper than that, it is a code block.
        indented = min(columns // 4, opened + 1)
        opened = max(opened, indented + len(markers))
        base = nested + deepest + indented
        if base + len(markers) > MAX_NESTING:
            over = MAX_NESTING - base
            at = (offset + markers[over] if 0 <= over < len(markers)
                  else deepest_at if deepest_at > offset else offset + len(line) - len(line.lstrip()))
            where = ", counting the box the page puts it in" if nested else ""
            return at, (f"nests lists, quotes, indented blocks, boxes or HTML elements {base + len(markers)} levels "
                        f"deep here{where}; the limit is {MAX_NESTING}: flatten it")
    return None


def _braces(lines: list[str]) -> Hazard | None:
    for offset, line in _offsets(lines):
        if line.count("{") > MAX_BRACES:
            at = -1
            for _ in range(MAX_BRACES + 1):
                at = line.index("{", at + 1)
            return offset + at, (f"has more than {MAX_BRACES} '{{' on one line (each makes the build read to the end "
                                 "of the line); write \\{ for a brace that is only text")
    return None


def _row_backticks(lines: list[str]) -> Hazard | None:
    for offset, line in _offsets(lines):
        if "|" in line and line.count("`") > MAX_ROW_BACKTICKS:
            at = -1
            for _ in range(MAX_ROW_BACKTICKS + 1):
                at = line.index("`", at + 1)
            return offset + at, (f"has more than {MAX_ROW_BACKTICKS} backticks on a line with '|' (a table row is "
                                 "split by matching each backtick against the others); split the row, or write "
                                 "\\` for a backtick that is only text")
    return None


def _runs(lines: list[str]) -> Hazard | None:
    """What python-markdown builds up one step at a time, each step copying or reading all of it again:

    - a run of lines without a blank line is split at each heading, rule, box or link definition;
    - a list item grows by one copy per line until the next item at its level (or a shallower one);
    - an indented (code) block grows by one copy per blank line inside it or after it.
    """
    splits = item_lines = code_gaps = 0
    item_indent: int | None = None
    in_code = False
    for offset, line in _offsets(lines):
        quoted = _QUOTES.match(line)
        assert quoted is not None
        content = line[quoted.end():]
        if not content.strip():
            splits, item_lines, item_indent = 0, 0, None
            code_gaps += in_code
            if code_gaps > MAX_CODE_GAPS:
                return offset, (f"has more than {MAX_CODE_GAPS} blank lines inside or after one indented block "
                                "(each makes the build copy the whole block again); remove the blank lines, or "
                                "un-indent what is not code")
            continue
        leading = content[:len(content) - len(content.lstrip(" \t"))]
        indent = leading.count(" ") + 4 * leading.count("\t")
        in_code = indent >= 4
        code_gaps = code_gaps if in_code else 0
        if _ITEM.match(content) and (item_indent is None or indent <= item_indent):
            item_indent, item_lines = indent, 0
        elif item_indent is not None:
            item_lines += 1
            if item_lines > MAX_ITEM_LINES:
                return offset, (f"has a list item of more than {MAX_ITEM_LINES} lines (with what is nested in it) "
                                "without a blank line (each line makes the build copy the item again); start a new "
                                "item, or put blank lines between its paragraphs")
        if _SPLIT.match(line):
            splits += 1
            if splits > MAX_SPLITS:
                return offset + len(line) - len(line.lstrip(" \t>")), (
                    f"has more than {MAX_SPLITS} headings, rules, boxes or link definitions in one run of lines "
                    "with no blank line between them (each makes the build read the rest of the run again); "
                    "put a blank line between them")
    return None


def _headings(lines: list[str]) -> Hazard | None:
    """Headings: '#' lines, lines of '=' or '-' under a line (setext), and HTML headings; rules count too."""
    count = 0
    for offset, line in _offsets(lines):
        count += bool(_HEADING_LINE.match(line)) + len(_HTML_HEADING.findall(line))
        if count > MAX_HEADINGS:
            return offset, (f"has more than {MAX_HEADINGS} headings (the site's search looks each one up in all "
                            "the others); split it into several pages")
    return None


# --- paragraphs ---------------------------------------------------------------------------------------------

_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@lru_cache(maxsize=1)
def _tokens() -> re.Pattern[str]:
    """What the paragraph limits look at: escapes (of the characters python-markdown escapes), backticks,
    brackets, link addresses, parentheses and quotes, emphasis, and the starts of HTML tags and entities."""
    escapes = "".join(re.escape(c) for c in _markdown().ESCAPED_CHARS)
    return re.compile(rf"\\[{escapes}]|`+|!?\[|\]\(?|[()'\"]|\*+|_+|<|&(?=[#A-Za-z0-9])|  \n")


def _may_exceed(block: str) -> bool:
    """Whether one paragraph within this run of lines could pass a paragraph limit: counts of every character
    that could begin what a limit counts, so no paragraph in a run within them can go beyond."""
    brackets, emphasis, backticks = block.count("["), block.count("*") + block.count("_"), block.count("`")
    markup = brackets + emphasis + backticks + sum(block.count(c) for c in ("\\", "<", "&", "  \n"))
    return (brackets > MAX_OPEN or block.count("](") > MAX_OPEN or backticks > MAX_UNPAIRED_BACKTICKS
            or _nestable(block) > MAX_INLINE_NESTING or markup > MAX_MARKUP)


def _paragraph_hazard(text: str) -> Hazard | None:
    """The paragraph limits, on python-markdown's own paragraphs, when a run of lines could hold one beyond them."""
    suspect = start = 0
    for separator in [*_BLANK_LINE.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if _may_exceed(text[start:end]):
            suspect = start
            break
        if separator is None:
            return None
        start = separator.end()
    md = _markdown()
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    paragraphs = list(_paragraphs(root))
    for _, paragraph in paragraphs:
        found = _inline_hazard(paragraph)
        if found:
            return _locate(text, paragraph, found[0], suspect), found[1]
    if not any(_nestable(paragraph) > MAX_INLINE_NESTING for _, paragraph in paragraphs):
        return None
    return _inline_nesting(md, root, paragraphs, text, suspect)


def _nestable(text: str) -> int:
    """An upper bound of how deep emphasis and links can nest in ``text``: each level needs one of these."""
    return text.count("[") + text.count("*") + text.count("_")


# The three caches of this module hold no content: the parser, configured once, and what is derived from its
# settings; the parser is reset before each use, so nothing read in one build is seen in the next.
@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """One parser with the site's extensions, reset before each use (the build and validation run one at a time)."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def _paragraphs(root: Element) -> Iterator[tuple[Element, str]]:
    """Each piece of text that inline processing will read, with the element that holds it: paragraphs, list
    items, headings, table cells. Code blocks are left as they are, so they are not among them."""
    for element in root.iter():
        if element.text and not isinstance(element.text, AtomicString):
            yield element, element.text
        if element.tail and element.tail.strip() and not isinstance(element.tail, AtomicString):
            yield element, element.tail


def _escaped(text: str, at: int) -> bool:
    """Whether the character at ``at`` follows an odd number of backslashes."""
    count = 0
    while at - count - 1 >= 0 and text[at - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _code_spans(paragraph: str) -> tuple[list[tuple[int, int]], Hazard | None]:
    """The code spans as python-markdown finds them, and the first unpaired run of backticks past the limit.

    An opening run pairs with the next run of the same length; with none, python-markdown reads the rest of the
    paragraph and falls back to the longest shorter run, if every run after it is shorter.
    """
    runs = [(m.start(), m.end()) for m in re.finditer("`+", paragraph)]
    by_length: dict[int, deque[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, deque()).append(index)
    spans: list[tuple[int, int]] = []
    unpaired = index = 0
    while index < len(runs):
        start, end = runs[index]
        if _escaped(paragraph, start):
            start += 1
        length = end - start
        closers = by_length.get(length, deque())
        while closers and closers[0] <= index:
            closers.popleft()
        if not length:
            index += 1
        elif closers:
            spans.append((start, runs[closers[0]][1]))
            index = closers[0] + 1
        else:
            unpaired += 1
            if unpaired > MAX_UNPAIRED_BACKTICKS:
                return spans, (start, f"has more than {MAX_UNPAIRED_BACKTICKS} runs of backticks (`) with no "
                                      "matching run after them in one paragraph (each makes the build read the "
                                      "rest of the paragraph); pair each, or write \\` for a backtick that is "
                                      "only text")
            longest = max((e - s for s, e in runs[index + 1:]), default=0)
            if 0 < longest < length:
                after = next(j for j in range(index + 1, len(runs)) if runs[j][1] - runs[j][0] == longest)
                spans.append((start, runs[after][1]))
                index = after + 1
            else:
                index += 1
    return spans, None


def _too_much_markup() -> str:
    return (f"has more than {MAX_MARKUP} pieces of markup (links, emphasis, code, escapes, HTML tags and entities) "
            "in one paragraph (each makes the build copy the rest of the paragraph); split it into shorter "
            "paragraphs with blank lines")


@dataclass
class _Address:
    """A link address '](...' as python-markdown reads it: parentheses still open, and the quote of a title."""

    parens: int = 1
    quote: str = ""
    quotes: int = 0

    def closes(self, character: str, paragraph: str, at: int) -> bool:
        """Read the next character that matters; True once the address is closed."""
        if not self.quote:
            if character in "'\"":
                self.quote, self.quotes = character, 1
            else:
                self.parens += {"(": 1, ")": -1}.get(character, 0)
            return self.parens == 0
        if character == self.quote:
            self.quotes += 1
            return False
        if character != ")" or self.quotes < 2:
            return False
        before = at - 1
        while before >= 0 and paragraph[before] == " ":
            before -= 1
        return before >= 0 and paragraph[before] == self.quote


def _inline_hazard(paragraph: str) -> Hazard | None:
    """Unpaired backticks; then open brackets, open link addresses and the amount of markup, outside code spans
    and escapes.

    A ']' inside a link address may be hidden from the link patterns, so it closes nothing here; an address
    ends at the ')' that balances its '(', or, once a quote has begun a title, at a ')' right after the
    quote's second appearance: never sooner than python-markdown's own reading.
    """
    spans, found = _code_spans(paragraph)
    if found:
        return found
    markup = brackets = span = 0
    addresses: list[_Address] = []
    for token in _tokens().finditer(paragraph):
        at, text = token.start(), token.group()
        while span < len(spans) and spans[span][1] <= at:
            span += 1
            markup += 1  # a code span, counted once it is passed
            if markup > MAX_MARKUP:
                return spans[span - 1][0], _too_much_markup()
        if span < len(spans) and spans[span][0] <= at or text[0] == "`":
            continue
        if text in ("(", ")", "'", '"', "]("):
            addresses = [a for a in addresses if not a.closes(text[-1], paragraph, at)]
        if text[0] == "]":
            if not addresses:
                brackets = max(0, brackets - 1)
            if text == "](":
                addresses.append(_Address())
                if len(addresses) > MAX_OPEN:
                    return at, (f"has more than {MAX_OPEN} link addresses '](' without their ')' at once in one "
                                "paragraph (each makes the build read the rest of the paragraph); close each "
                                "with ')'")
            continue
        if text in ("(", ")", "'", '"'):
            continue
        markup += 1
        if text[-1] == "[" and text[0] != "\\":
            brackets += 1
            if brackets > MAX_OPEN:
                return at, (f"has more than {MAX_OPEN} '[' open at once in one paragraph (a '[' stays open until "
                            "its ']', and each makes the build read the rest of the paragraph); close each '[' "
                            "with ']', or write \\[ for a bracket that is only text")
        if markup > MAX_MARKUP:
            return at, _too_much_markup()
    if markup + len(spans) - span > MAX_MARKUP:
        return spans[MAX_MARKUP - markup + span][0], _too_much_markup()
    return None


def _inline_nesting(md: markdown.Markdown, root: Element, paragraphs: list[tuple[Element, str]], text: str,
                    suspect: int) -> Hazard | None:
    """Emphasis and links inside one another, measured on the elements python-markdown makes of each paragraph.

    Only inline processing runs (it does not recurse with the depth it builds), and the depth is counted with a
    stack, after every other limit has held.
    """
    blocks = {id(element) for element in root.iter()}
    sources = {id(element): paragraph for element, paragraph in paragraphs}
    md.treeprocessors["inline"].run(root)
    stack: list[tuple[Element, int, int]] = [(root, 0, id(root))]
    while stack:
        element, depth, owner = stack.pop()
        if id(element) in blocks:
            depth, owner = 0, id(element)
        elif depth > MAX_INLINE_NESTING:
            paragraph = sources.get(owner, "")
            first = min((paragraph.find(c) for c in "*_[" if c in paragraph), default=0)
            return _locate(text, paragraph, first, suspect), (
                f"nests emphasis and links more than {MAX_INLINE_NESTING} deep in one paragraph; close each * or _ "
                "and each '[', or write \\* \\_ \\[ for characters that are only text")
        stack.extend((child, depth + 1, owner) for child in element)
    return None


def _locate(text: str, paragraph: str, at: int, suspect: int) -> int:
    """The offset in ``text`` of a character of one of python-markdown's paragraphs: its first line is found in
    the text, from the first run of lines under suspicion, and each line of the paragraph is a line of the text
    without the markers and indentation before it. The start of that run if the paragraph cannot be found."""
    lines = paragraph.split("\n")
    number = paragraph.count("\n", 0, at)
    column = at - (paragraph.rfind("\n", 0, at) + 1)
    first = next((line.strip()[:80] for line in lines if line.strip()), "")
    found = text.find(first, suspect) if first else -1
    if found < 0:
        return suspect
    line_start = text.rfind("\n", 0, found) + 1
    for _ in range(number - next(i for i, line in enumerate(lines) if line.strip())):
        line_start = text.find("\n", line_start) + 1 or len(text)
    line_end = text.find("\n", line_start)
    source = text[line_start:line_end if line_end >= 0 else len(text)]
    content = lines[number].lstrip()
    inside = source.find(content) if content else -1
    if inside >= 0:
        return line_start + inside + column - (len(lines[number]) - len(content))
    return line_start + len(source) - len(source.lstrip())
