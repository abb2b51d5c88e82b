"""The YAML parser's own wording, translated into what the editor did and how to fix it.

PyYAML (and libyaml under it) says what its grammar expected: "mapping values are not allowed
here", "did not find expected key". An editor needs to hear what they wrote ("this text contains a
colon and a space") and what to do ("put the text in quotes"), at the place to change, which is
not always where the parser stopped: for an unquoted ``: `` it is the start of the text, where the
opening quote goes. Each rule below recognises one common mistake from the parser's message (in
libyaml's wording and in pure PyYAML's) and the tokens read before it; a message no rule knows
still reads plainly, with the parser's words at the end for whoever needs them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from .errors import ContentError, Position

#: A word that reads as a key of the content (keys are lowercase words joined by '_' or '-').
_KEY_LIKE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
#: What an excerpt of the editor's text is cut to inside a message.
_EXCERPT = 40
_QUOTE_IT = 'put the whole text in double quotes, "like this"'


@dataclass
class _Failure:
    """One parser error, with the file's text and the tokens the scanner could read before it."""

    path: str
    lines: list[str]
    text: str
    problem: str
    context: str
    mark: tuple[int, int]  # where the parser stopped: line and column, from 0
    context_mark: tuple[int, int] | None  # where what it was reading began
    loader: Any

    @cached_property
    def tokens(self) -> list[yaml.Token]:
        """The tokens before the place the parser stopped, as far as the scanner can read."""
        tokens: list[yaml.Token] = []
        try:
            for token in yaml.scan(self.text, Loader=self.loader):
                if (token.start_mark.line, token.start_mark.column) >= self.mark:
                    break
                tokens.append(token)
        except yaml.YAMLError:
            pass
        return tokens

    def at(self, line: int, column: int) -> Position:
        return Position(self.path, line + 1, column + 1)

    def char(self, line: int, column: int) -> str:
        """The character at a place, or '' past the end of its line."""
        text = self.lines[line] if line < len(self.lines) else ""
        return text[column] if column < len(text) else ""

    def indent(self, line: int) -> int:
        text = self.lines[line] if line < len(self.lines) else ""
        return len(text) - len(text.lstrip(" "))

    def says(self, *wordings: str) -> bool:
        """Whether the parser's message (context and problem) holds any of these wordings."""
        return any(wording in f"{self.context} {self.problem}" for wording in wordings)


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= _EXCERPT else text[:_EXCERPT - 1].rstrip() + "…"


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line, mark.column


def _content_end(line: str) -> int:
    """Where a line's text ends: before trailing spaces and a comment."""
    comment = re.search(r"\s#", line)
    return len((line[: comment.start()] if comment else line).rstrip())


# --- a colon and a space in unquoted text -----------------------------------------------------------


def _colon_in_text(failure: _Failure) -> ContentError | None:
    """'mapping values are not allowed': a ': ' inside unquoted text, a key indented under text, or a key
    that lost its colon on the line before (YAML then reads both lines as one text)."""
    if not failure.says("mapping values are not allowed"):
        return None
    line, column = failure.mark
    scalars = [token for token in failure.tokens if isinstance(token, yaml.ScalarToken)]
    if not scalars:
        return ContentError(failure.at(line, column), f"this ': ' (a colon and a space) is read by YAML as the start of "
                            f"a new key, which cannot go here: if it is part of a text, {_QUOTE_IT}")
    text = scalars[-1]
    start_line, start_column = _mark(text.start_mark)
    written = "\n".join(failure.lines[start_line:line + 1])[start_column:]
    quote_hint = ' (a " inside the text is then written \\")' if '"' in written else ""
    if start_line == line:
        return ContentError(failure.at(start_line, start_column), f"this text contains {_colon(failure, line, column)}, "
                            f"which YAML reads as the start of a new key: {_QUOTE_IT}{quote_hint}")
    indent = failure.indent(line)
    lead = failure.lines[line][indent:column].rstrip()
    first_line = failure.lines[start_line]
    starts_its_line = first_line[:start_column].strip() in ("", "-")
    end = _content_end(first_line)
    word = first_line[start_column:end]
    if starts_its_line and indent == start_column and _KEY_LIKE.fullmatch(word):
        return ContentError(failure.at(start_line, end), f"'{_excerpt(word)}' has no ': ' after it, so YAML reads it and line "
                            f"{line + 1} as one text: a key is followed by ': ' and its value; add the colon here, "
                            "or delete the line")
    key = _key_of(failure.tokens, text)
    if key is not None and _KEY_LIKE.fullmatch(lead):
        above = f"'{_excerpt(key.value)}' (line {key.start_mark.line + 1}, column {key.start_mark.column + 1})"
        lead = _excerpt(lead)
        return ContentError(failure.at(line, indent), f"'{lead}' is indented more than {above}, so YAML reads this "
                            f"line as more of that text: if '{lead}' is a key, line it up with the key above it; if it "
                            f"is part of the text, {_QUOTE_IT}{quote_hint}")
    return ContentError(failure.at(start_line, start_column), f"the text that starts here goes on to line {line + 1}, "
                        f"which contains {_colon(failure, line, column)}, read by YAML as the start "
                        f"of a new key: {_QUOTE_IT}{quote_hint}")


def _colon(failure: _Failure, line: int, column: int) -> str:
    """The colon YAML stopped at, as the editor sees it: before a space, or at the end of the line."""
    if failure.lines[line][column + 1:].strip() and not failure.lines[line][column + 1:].lstrip().startswith("#"):
        return f"': ' (a colon and a space, at column {column + 1})"
    return f"a ':' at the end of the line (column {column + 1})"


def _key_of(tokens: list[yaml.Token], value: yaml.Token) -> yaml.ScalarToken | None:
    """The key whose value starts with this token, when there is one (a list item has none)."""
    index = tokens.index(value)
    if index >= 2 and isinstance(tokens[index - 1], yaml.ValueToken) and isinstance(tokens[index - 2], yaml.ScalarToken):
        return tokens[index - 2]
    return None


# --- quotes -------------------------------------------------------------------------------------------


def _unclosed_quote(failure: _Failure) -> ContentError | None:
    """A quoted text runs to the end of the file: its closing quote is missing."""
    if not (failure.says("quoted scalar") and failure.says("end of stream") and failure.context_mark):
        return None
    quote = failure.char(*failure.context_mark) or '"'
    return ContentError(failure.at(*failure.context_mark), f"the quote {quote} that opens this text is never closed: "
                        f"add the closing {quote} where the text ends")


def _text_after_quotes(failure: _Failure) -> ContentError | None:
    """More text after a closing quote (an apostrophe in single quotes, a '"' in double quotes), or a text
    written as a list ('[a, b] c'): the parser expected the next key."""
    if not failure.says("expected key", "expected <block end>") or not failure.tokens:
        return None
    last = failure.tokens[-1]
    line, column = failure.mark
    if last.end_mark.line != line or failure.lines[line][last.end_mark.column:column].strip():
        return None
    if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
        quote = last.style
        inside = ('a " inside double-quoted text is written \\"' if quote == '"' else
                  "an apostrophe inside single-quoted text is written twice ('') or, simpler, put the text in "
                  'double quotes instead')
        if last.start_mark.line == line:
            return ContentError(failure.at(line, last.end_mark.column - 1), f"the text in quotes ends at this {quote}, "
                                f"but the line goes on after it: put all of the text inside the quotes; {inside}")
        first = last.start_mark.line
        return ContentError(failure.at(first, _content_end(failure.lines[first])), f"the text in quotes that starts on "
                            f"this line is not closed on it, so YAML reads on to the {quote} on line {line + 1}: add "
                            f"the closing {quote} at the end of the text here")
    if isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        opener = "[" if isinstance(last, yaml.FlowSequenceEndToken) else "{"
        start = _flow_start(failure.tokens)
        return ContentError(failure.at(*start), f"text that starts with '{opener}' is read by YAML as a "
                            f"{'list' if opener == '[' else 'mapping'} written on one line, and more text follows it: "
                            f"{_QUOTE_IT}")
    return None


def _flow_start(tokens: list[yaml.Token]) -> tuple[int, int]:
    """Where the outermost '[' or '{' that the last token closes was opened."""
    depth = 0
    for token in reversed(tokens):
        if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            depth += 1
        elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
            depth -= 1
            if depth == 0:
                return _mark(token.start_mark)
    return _mark(tokens[-1].start_mark)


def _bad_escape(failure: _Failure) -> ContentError | None:
    r"""A backslash in double-quoted text that starts no escape YAML knows ('C:\files')."""
    if not failure.says("escape"):
        return None
    line, column = failure.mark
    if failure.char(line, column) != "\\" and column and failure.char(line, column - 1) == "\\":
        column -= 1
    sequence = failure.lines[line][column:column + 2]
    return ContentError(failure.at(line, column), f"'{sequence}' in double-quoted text is not an escape YAML knows: "
                        "write a backslash as two (\\\\), or put the text in single quotes, where a backslash is "
                        "just a backslash")


# --- indentation and structure --------------------------------------------------------------------------


def _missing_colon(failure: _Failure) -> ContentError | None:
    """A line of its own that YAML takes for a key without its ':'."""
    if not failure.says("could not find expected ':'") or not failure.context_mark:
        return None
    line, column = failure.context_mark
    end = _content_end(failure.lines[line])
    word = _excerpt(failure.lines[line][column:end])
    glued = re.search(r":(?=\S)", failure.lines[line][column:end])
    if glued:
        return ContentError(failure.at(line, column + glued.end()), f"'{word}' has no space after its colon: a key is "
                            "followed by ': ' (a colon and a space) and its value, so add a space here")
    return ContentError(failure.at(line, end), f"'{word}' is on a line of its own with no ': ' after it: a key is "
                        "followed by ': ' and its value, so add the colon here; if the line is text that belongs to "
                        "the line above, indent it like that text")


def _list_item_in_mapping(failure: _Failure) -> ContentError | None:
    """A '- ' item where YAML expected the next key: a list item out of line with its list."""
    if not failure.says("expected key", "expected <block end>") or failure.char(*failure.mark) != "-":
        return None
    line, column = failure.mark
    for above in range(line - 1, -1, -1):
        stripped = failure.lines[above].lstrip(" ")
        if stripped.startswith("- ") or stripped == "-":
            item = failure.indent(above)
            if item != column:
                return ContentError(failure.at(line, column), f"this list item is not lined up with the item on line "
                                    f"{above + 1}: put its '-' at column {item + 1}, like the others")
            break
    return ContentError(failure.at(line, column), "a list item ('- ') is here, where YAML expected a key lined up with "
                        "the keys above: if it belongs to a list, line it up with that list's other items; if it "
                        "starts a list, put it under a key (the key, a colon, then the items on the lines below, "
                        "indented)")


def _under_block_text(failure: _Failure) -> ContentError | None:
    """A line less indented than the block of text ('|' or '>') it follows."""
    if not failure.says("expected key", "expected <block end>") or not failure.tokens:
        return None
    last = failure.tokens[-1]
    if not (isinstance(last, yaml.ScalarToken) and last.style in ("|", ">")):
        return None
    line, column = failure.mark
    first = next((number for number in range(last.start_mark.line + 1, line) if failure.lines[number].strip()), None)
    needed = f" (column {failure.indent(first) + 1})" if first is not None else ""
    key = _key_of(failure.tokens, last)
    owner = f"'{_excerpt(key.value)}'" if key else "the line above"
    return ContentError(failure.at(line, column), f"this line is indented less than the text of {owner} above it (a "
                        f"block after '{last.style}') but more than a key: if it is part of that text, indent it like "
                        f"the text's first line{needed}; if it is a new key, line it up with {owner}")


def _stray_colon(failure: _Failure) -> ContentError | None:
    """A line that starts with ':' has no key."""
    if not failure.says("expected key", "expected <block end>") or failure.char(*failure.mark) != ":":
        return None
    return ContentError(failure.at(*failure.mark), "this line starts with ':' and has no key before it: write the "
                        "key, then ': ' and the value")


def _out_of_line_key(failure: _Failure) -> ContentError | None:
    """Any other line YAML cannot fit into the mapping around it: its indentation matches no key above."""
    if not failure.says("expected key", "expected <block end>"):
        return None
    line, column = failure.mark
    above = next((number for number in range(line - 1, -1, -1)
                  if failure.lines[number].strip() and not failure.lines[number].lstrip().startswith("#")), None)
    compare = f" (the line above starts at column {failure.indent(above) + 1})" if above is not None else ""
    return ContentError(failure.at(line, column), f"this line is not lined up with the lines it belongs with{compare}: "
                        "keys of the same mapping start in the same column, so indent it to match them; if it is "
                        f"text that goes with the line above, {_QUOTE_IT}")


def _out_of_line_item(failure: _Failure) -> ContentError | None:
    """A line inside a list that is neither a new item ('- ') nor lined up with the keys of the item above."""
    if not (failure.says("block collection") and failure.says("'-' indicator", "expected <block end>")
            and failure.context_mark):
        return None
    list_line, dash = failure.context_mark
    line, column = failure.mark
    key_column = None
    for number in range(line - 1, list_line - 1, -1):
        text = failure.lines[number]
        if failure.indent(number) == dash and text.lstrip(" ").startswith("-"):
            rest = text[dash + 1:]
            key_column = dash + 1 + len(rest) - len(rest.lstrip(" "))
            break
    keys = (f"; if it belongs to the item above, line it up with that item's first key, at column {key_column + 1}"
            if key_column is not None and key_column > dash + 1 else "")
    return ContentError(failure.at(line, column), f"this line is not lined up with the list that starts on line "
                        f"{list_line + 1}: a new item starts with '- ' at column {dash + 1}, like the others{keys}")


# --- characters that mean something at the start of a value -------------------------------------------


def _special_first_character(failure: _Failure) -> ContentError | None:
    """Unquoted text that starts with a character YAML reserves ('@', '`', '%', ']', '}', ',', '?', '!') or a tab."""
    if failure.says("cannot start any token", "node content", "mapping keys are not allowed", "tag handle"):
        place = failure.mark
    elif failure.says("directive", "a tag") and failure.context_mark:
        place = failure.context_mark
    else:
        return None
    char = failure.char(*place)
    if char == "\t":
        return ContentError(failure.at(*place), "a tab is here; YAML needs spaces: replace the tab with a space")
    return ContentError(failure.at(*place), f"unquoted text cannot start with '{char}', which YAML reserves: "
                        f"{_QUOTE_IT}")


def _alias_or_anchor(failure: _Failure) -> ContentError | None:
    """Text that starts with '*' or '&', which YAML reads as a reference to a value or a label for one."""
    if not failure.says("while scanning an alias", "while scanning an anchor") or not failure.context_mark:
        return None
    char = failure.char(*failure.context_mark)
    meaning = "a reference to another value" if char == "*" else "a label for the value"
    return ContentError(failure.at(*failure.context_mark), f"text that starts with '{char}' must be in quotes, because "
                        f"YAML reads a '{char}' at the start as {meaning}: {_QUOTE_IT}")


def _unclosed_flow(failure: _Failure) -> ContentError | None:
    """Text that starts with '[' or '{', which YAML reads as a list or mapping written on one line."""
    if not failure.says("flow sequence", "flow mapping") or not failure.context_mark:
        return None
    char = failure.char(*failure.context_mark)
    kind = "list" if char == "[" else "mapping"
    return ContentError(failure.at(*failure.context_mark), f"text that starts with '{char}' is read by YAML as a {kind} "
                        f"written on one line, and this one is not closed: {_QUOTE_IT}")


def _after_block_indicator(failure: _Failure) -> ContentError | None:
    """Something after '|' or '>' on its own line: the text of a block starts on the next line."""
    if not failure.says("block scalar") or not failure.context_mark:
        return None
    indicator = failure.char(*failure.context_mark)
    return ContentError(failure.at(*failure.mark), f"nothing may follow '{indicator}' on its line: the text goes on "
                        f"the lines below, indented; if the text is meant to start with '{indicator}', {_QUOTE_IT}")


def _list_on_key_line(failure: _Failure) -> ContentError | None:
    """'key: - text': a list cannot start on the line of its key."""
    if not failure.says("sequence entries are not allowed"):
        return None
    return ContentError(failure.at(*failure.mark), "text that starts with '- ' is read by YAML as a list, which cannot "
                        f"start on the line of its key: if it is text, {_QUOTE_IT}; if it is a list, start it on the "
                        "next line, indented")


def _after_document_end(failure: _Failure) -> ContentError | None:
    """Content after a '...' line, which ends a YAML document."""
    if not failure.says("document start"):
        return None
    line, column = failure.mark
    marker = next((number for number in range(line - 1, -1, -1) if failure.lines[number].rstrip() == "..."), None)
    if marker is None:
        return ContentError(failure.at(line, column), "YAML has read everything above as one complete value, so nothing "
                            "more may follow it: a content file is keys and their values ('key: value'), from its first "
                            f"line; check the lines above for text outside a key and, if it is text, {_QUOTE_IT}")
    return ContentError(failure.at(marker, 0), "a line '...' ends the YAML, so nothing may follow it: delete the line "
                        f"(if it is text, indent it under its key and {_QUOTE_IT})")


_RULES: tuple[Callable[[_Failure], ContentError | None], ...] = (
    _colon_in_text, _unclosed_quote, _bad_escape, _missing_colon, _text_after_quotes, _list_item_in_mapping,
    _under_block_text, _stray_colon, _out_of_line_item, _out_of_line_key, _special_first_character,
    _alias_or_anchor, _unclosed_flow, _after_block_indicator, _list_on_key_line, _after_document_end,
)


def explain(error: yaml.MarkedYAMLError, text: str, path: str, loader: Any) -> ContentError:
    """The parser's error as the editor's mistake and its fix, at the place to change."""
    mark = error.problem_mark or error.context_mark
    failure = _Failure(
        path=path, lines=text.split("\n"), text=text, problem=error.problem or "", context=error.context or "",
        mark=_mark(mark) if mark else (0, 0), context_mark=_mark(error.context_mark) if error.context_mark else None,
        loader=loader,
    )
    for rule in _RULES:
        explained = rule(failure)
        if explained is not None:
            return explained
    said = " ".join(part for part in (error.context, error.problem) if part)
    return ContentError(failure.at(*failure.mark), "YAML cannot read the file from here: check that this line is "
                        "lined up with the lines it belongs with (keys of one mapping in one column, list items "
                        "starting '- ' in one column), and put any text that contains ': ' or starts with a quote or "
                        f"one of - [ {{ # & * ! | > % @ ` in double quotes (the YAML parser says: {said})")
