"""Stage 1, load: read YAML files into plain data, remembering where every key and value stood.

Text is clean at the door: characters that no content needs and that tools disagree about are
refused wherever they stand, comments included, each with its position. Control characters and
lone carriage returns crash or corrupt the downloads; U+2028, U+2029 and U+0085 end a line for
this loader but not for YAML 1.2 tools (VS Code, GitHub's diff), so a key can hide from a reviewer;
non-characters and lone surrogates are not text at all. Bidirectional embeddings, overrides and
isolates are refused everywhere too, not only in titles: in a key, a comment or a link they can make
a pull request read differently from what is published ("Trojan Source"), and English content
never needs them. Windows line endings (CRLF) are accepted and read as LF.

Nesting is measured from the token stream (an iterative scan) before libyaml composes anything, as
its composer recurses in C and deep enough input would crash the process. Anchors and aliases are
refused: no content needs them, and each alias would repeat a whole subtree.

PyYAML's constructors are not used. They turn an unquoted ``yes`` into ``True``, ``1:30``
into ``90`` and silently keep the last of two duplicate keys: traps for editors of a Y/N
toolkit. Instead the file is composed into nodes (which carry line and column), and each
scalar is kept as the exact text the editor wrote. Types come later, from the models.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Position
from .files import MAX_FILE_BYTES, read_bytes
from .yaml_errors import explain

#: libyaml's parser when PyYAML has it (its wheels do): some twenty times faster, with the same positions.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Plain (unquoted) scalars that mean "no value"; anything else is text.
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: Bounds that keep a careless or hostile file from exhausting the build.
MAX_DEPTH = 32
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]
#: The tags plain YAML resolves to by itself; an explicit other tag (!!python/object, !!binary) is refused.
ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                         ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))


# --- characters no content may hold -------------------------------------------------------------

#: Control characters but tab, LF and CR; U+0085 NEXT LINE is among the C1 controls.
_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_SEPARATORS = r"\u2028\u2029"
_BIDI = r"\u202a-\u202e\u2066-\u2069"
_SURROGATES = r"\ud800-\udfff"
_NONCHARACTERS = r"\ufdd0-\ufdef" + "".join(f"\\U{plane:04x}fffe\\U{plane:04x}ffff" for plane in range(17))
_FORBIDDEN = f"[{_CONTROLS}{_SEPARATORS}{_BIDI}{_SURROGATES}{_NONCHARACTERS}]"
#: In a file, a CR is allowed only as half of a Windows line ending.
FORBIDDEN_IN_FILE = re.compile(rf"{_FORBIDDEN}|\r(?!\n)")
#: In a value (where a double-quoted escape such as "\r" or "\x1b" can put one), no CR at all.
FORBIDDEN_IN_VALUE = re.compile(rf"{_FORBIDDEN}|\r")
#: Names unicodedata does not give (control characters have none there).
_CONTROL_NAMES = {0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
                  0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}
#: After unquoted text, on its line: whitespace, then a '#' with a word right after it (not a '# comment').
_COMMENTED_WORD = re.compile(r"[ \t]+#(?=[^\s#])")
#: At most this many characters are reported per file; one more message says how many were left out.
MAX_REPORTED = 100


def describe_character(char: str) -> str:
    """'U+2028 LINE SEPARATOR', or a description where Unicode gives no name."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name:
        name = ("(a control character)" if unicodedata.category(char) == "Cc" else
                "(half of a surrogate pair, on its own)" if 0xD800 <= code <= 0xDFFF else "(a non-character)")
    return f"U+{code:04X} {name}"


def _fix(char: str) -> str:
    """What to do about a forbidden character, by kind."""
    code = ord(char)
    if char == "\r":
        return "a carriage return on its own ends lines only in old Mac files: save the file with LF line endings"
    if char in "\u2028\u2029\x85":
        return ("YAML 1.2 tools such as VS Code and GitHub do not read it as a line break, though this loader does: "
                "replace it with an ordinary line break, or a space")
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return ("it reorders how text is shown, so what reviewers read can differ from what is published: "
                "delete it (the character is invisible: your editor may show it as a marker)")
    if 0xD800 <= code <= 0xDFFF:
        return "it is half of a character, broken by copying: delete it and type the character again"
    if unicodedata.category(char) == "Cc":
        return "it is invisible and often comes from text copied out of a PDF or a word processor: delete it"
    return "it is not a character text may hold: delete it"


def forbidden_message(char: str) -> str:
    return f"{describe_character(char)} is not allowed in content; {_fix(char)}"


def forbidden_characters(text: str, path: str) -> list[ContentError]:
    """Every forbidden character in a file, with its line and column: one linear pass of one regex."""
    errors: list[ContentError] = []
    line, line_start, scanned, count = 1, 0, 0, 0
    for match in FORBIDDEN_IN_FILE.finditer(text):
        start = match.start()
        count += 1
        if count > MAX_REPORTED:
            continue
        line += text.count("\n", scanned, start)
        newline = text.rfind("\n", scanned, start)
        if newline >= 0:
            line_start = newline + 1
        scanned = start
        errors.append(ContentError(Position(path, line, start - line_start + 1), forbidden_message(match.group())))
    if count > MAX_REPORTED:  # at the last one listed, so it sorts after them
        errors.append(ContentError(errors[-1].position, f"and {count - MAX_REPORTED:,} more characters that are not "
                                   f"allowed, not listed one by one; fix the ones above, then check again"))
    return errors


@dataclass
class LoadedFile:
    """One YAML file's data and the position of each value and key, by path."""

    path: str
    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The nearest known position for a path: errors deep in a missing branch point at its parent."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(self.path))


class _Composer:
    """Turns composed nodes into dicts, lists and strings, recording positions and problems."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.lines = text.split("\n")  # only LF ends a line: str.splitlines also ends one at \x1c-\x1e, \x85
        self.file = LoadedFile(path, None)
        self.errors: list[ContentError] = []
        self.nodes = 0

    def at(self, mark: yaml.Mark) -> Position:
        return Position(self.path, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.nodes += 1
        if depth > MAX_DEPTH:
            raise _Abort(self.at(node.start_mark), f"the content is nested more than {MAX_DEPTH} levels deep; flatten it")
        if self.nodes > MAX_NODES:
            raise _Abort(self.at(node.start_mark), f"the file has more than {MAX_NODES} values; split it into smaller files")
        self.file.values[path] = self.at(node.start_mark)
        if node.tag not in ALLOWED_TAGS:
            self.errors.append(ContentError(
                self.at(node.start_mark),
                f"the YAML tag '{node.tag}' is not allowed; remove it and write the value as plain text",
            ))
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, path + (index,), depth + 1) for index, item in enumerate(node.value)]
        if node.style in ("|", ">"):
            self.file.values[path] = self.block_start(node)
        self.clean(node)
        self.cut_by_a_comment(node, path)
        self.item_read_as_text(node)
        if not node.style and node.value in NULLS:  # plain style: None from PyYAML, "" from libyaml
            return None
        return node.value

    def clean(self, node: yaml.ScalarNode) -> None:
        """A double-quoted escape ("\\x1b", "\\u2028") can put a character in a value that the file itself does not hold."""
        if node.style != '"':
            return
        for char in dict.fromkeys(FORBIDDEN_IN_VALUE.findall(node.value)):
            self.errors.append(ContentError(self.at(node.start_mark), f"{describe_character(char)}, written as an "
                                            "escape in this quoted text, is not allowed in content: remove the "
                                            "escape (for a new line, write \\n)"))

    def cut_by_a_comment(self, node: yaml.ScalarNode, path: Path_) -> None:
        """Unquoted text that goes on with ' #' and a word ('Band #4 roles', '- #1 priority'): YAML reads the rest
        of the line as a comment, so the text would be published cut short, or empty, with no error. A comment
        after a value is written with a space after its '#', so '#' and a word is taken to be part of the text."""
        if node.style not in (None, ""):
            return
        end = node.end_mark
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        found = _COMMENTED_WORD.match(line, end.column)
        if found is None:
            return
        at = Position(self.path, end.line + 1, found.end())  # the '#'
        rest = line[found.end() - 1:].strip()
        rest = rest if len(rest) <= 40 else rest[:39].rstrip() + "…"
        tail = node.value if len(node.value) <= 30 else "…" + node.value[-29:].lstrip()
        kept = f"the text stops at '{tail}'" if node.value else "the value is empty"
        if not node.value:
            self.file.values[path] = at  # where a check of the (empty) value points too: the one place to fix
        self.errors.append(ContentError(
            at,
            f"a '#' after a space starts a comment in YAML, so '{rest}' is left out and {kept}: if it is part of "
            'the text, put the whole text in double quotes, "like this"; if it is a comment, write a space after '
            "the '#'",
        ))

    def item_read_as_text(self, node: yaml.ScalarNode) -> None:
        """Unquoted text that goes on to a line starting '- ': a list item indented deeper than the one above it,
        which YAML reads as more of that item's text ('- a' then '    - b' is the one prompt 'a - b')."""
        if node.style not in (None, "") or node.start_mark.line == node.end_mark.line:
            return
        for number in range(node.start_mark.line + 1, node.end_mark.line + 1):
            line = self.lines[number]
            stripped = line.lstrip(" ")
            if stripped.startswith("- ") or stripped == "-":
                column = len(line) - len(stripped)
                above = self.lines[node.start_mark.line]
                item = re.match(r" *- ", above)
                fix = (f"if it is a new item, line its '-' up with the item above, at column {len(item.group()) - 1}"
                       if item else "if it is meant to start a list, end the text above and put the list under a key")
                self.errors.append(ContentError(
                    Position(self.path, number + 1, column + 1),
                    f"this line starts with '- ' but is indented more than the text above it (line "
                    f"{node.start_mark.line + 1}), so YAML reads it as more of that text, not as an item of its own: "
                    f'{fix}; if it is part of the text, put the whole text in double quotes, "like this"'))
                return

    def block_start(self, node: yaml.ScalarNode) -> Position:
        """A block scalar's text starts on the line after its '|': point there, so offsets count lines."""
        number = node.start_mark.line + 1
        following = [line for line in self.lines[number:] if line.strip()]
        line = following[0] if following else ""
        return Position(self.path, number + 1, len(line) - len(line.lstrip(" ")) + 1)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.errors.append(ContentError(
                    self.at(key_node.start_mark),
                    "YAML merge keys ('<<') are not supported; write the fields out in full",
                ))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.errors.append(ContentError(self.at(key_node.start_mark), "a key must be plain text, not a list or mapping"))
                continue
            key = key_node.value
            self.clean(key_node)
            if key in seen:
                first = seen[key]
                self.errors.append(ContentError(
                    self.at(key_node.start_mark),
                    f"duplicate key '{key}' (first given at line {first.line + 1}, column {first.column + 1}); "
                    "keep one of them",
                ))
                continue
            seen[key] = key_node.start_mark
            self.file.keys[path + (key,)] = self.at(key_node.start_mark)
            result[key] = self.convert(value_node, path + (key,), depth + 1)
        return result


class _Abort(Exception):
    def __init__(self, position: Position, message: str):
        self.error = ContentError(position, message)


#: Tokens that open and close a collection; an indentless sequence ("key:\n- item") has neither, but
#: cannot nest without a mapping that does, and the composer checks its depth again.
_OPENERS = (yaml.BlockMappingStartToken, yaml.BlockSequenceStartToken, yaml.FlowMappingStartToken,
            yaml.FlowSequenceStartToken)
_CLOSERS = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def _structure(text: str, path: str) -> list[ContentError]:
    """Refuse deep nesting and anchors or aliases from the token stream, before anything is composed.

    Scanning is iterative (libyaml keeps its stacks on the heap), so this pass is linear in the size
    of the file whatever its shape; it stops at the first collection nested too deep.
    """
    errors = []
    depth = 0
    for token in yaml.scan(text, Loader=LOADER):
        if isinstance(token, _OPENERS):
            depth += 1
            if depth > MAX_DEPTH:
                mark = token.start_mark
                return errors + [ContentError(Position(path, mark.line + 1, mark.column + 1),
                                              f"the content is nested more than {MAX_DEPTH} levels deep; flatten it")]
        elif isinstance(token, _CLOSERS):
            depth -= 1
        elif isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            sign = "&" if isinstance(token, yaml.AnchorToken) else "*"
            mark = token.start_mark
            errors.append(ContentError(
                Position(path, mark.line + 1, mark.column + 1),
                f"YAML anchors and aliases ('{sign}{token.value}') are not supported: write the value out in full. "
                f"If this is text that starts with '{sign}', put it in double quotes",
            ))
    return errors


def structure_problems(text: str, path: str) -> list[ContentError]:
    """Nesting and anchors, measured before anything composes the YAML (for YAML another reader parses, such
    as a Markdown page's front matter, which MkDocs reads with libyaml); a text that is not YAML is left to
    that reader's own message."""
    try:
        return _structure(text, path)
    except yaml.YAMLError:
        return []


def decode_utf8(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """The text of a file's bytes, or where they stop being UTF-8. An encoded lone surrogate is let through,
    to get its own message from :func:`forbidden_characters`."""
    try:
        return raw.decode("utf-8", "surrogatepass"), []
    except UnicodeDecodeError as exc:
        return None, [ContentError(Position.of_offset(path, raw, exc.start), f"the file is not UTF-8 text "
                                   f"(byte 0x{raw[exc.start]:02x}); save it with UTF-8 encoding")]


def _decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """Check the bytes are UTF-8 text an editor's tools will agree with, before YAML sees them."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [ContentError(Position(path), f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}: split it")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [ContentError(Position(path), "the file starts with a byte-order mark; save it as UTF-8 without BOM")]
    text, errors = decode_utf8(raw, path)
    if text is None:
        return None, errors
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return None, [ContentError(Position(path), "the file is empty; add its content or delete the file")]
    return text, []


def _tab_indent(text: str, path: str) -> list[ContentError]:
    """YAML forbids tabs in indentation, and PyYAML's own message for them is obscure."""
    errors = []
    for number, line in enumerate(text.split("\n"), start=1):  # as positions count: LF alone ends a line
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(ContentError(
                Position(path, number, indent.index("\t") + 1),
                "a tab is used for indentation; YAML needs spaces: replace the tab with spaces",
            ))
    return errors


def load_text(text_or_bytes: str | bytes, path: str) -> tuple[LoadedFile | None, list[ContentError]]:
    """Parse one file; return its data with positions, or the problems that stopped it."""
    raw = text_or_bytes.encode("utf-8", "surrogatepass") if isinstance(text_or_bytes, str) else text_or_bytes
    text, errors = _decode(raw, path)
    if text is None:
        return None, errors
    errors = forbidden_characters(text, path)
    if errors:
        return None, errors
    text = text.replace("\r\n", "\n")
    errors = _tab_indent(text, path)
    if errors:
        return None, errors
    try:
        errors = _structure(text, path)
        if errors:
            return None, errors
        nodes = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        return None, [explain(exc, text, path, LOADER)]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
        return None, [ContentError(Position(path), f"this is not valid YAML: {exc}")]
    if len(nodes) != 1:
        second = nodes[1].start_mark if len(nodes) > 1 else None
        position = Position(path, second.line + 1, second.column + 1) if second else Position(path)
        return None, [ContentError(position, "the file holds more than one YAML document ('---'); keep one per file")]
    composer = _Composer(path, text)
    try:
        composer.file.data = composer.convert(nodes[0], (), 0)
    except _Abort as abort:
        return None, [abort.error]
    return composer.file, composer.errors


def load_file(path: Path, display: str) -> tuple[LoadedFile | None, list[ContentError]]:
    """Read and parse a file on disk (never a link, never over the size limit); ``display`` is its name for editors."""
    raw, errors = read_bytes(path, display)
    if raw is None:
        return None, errors
    return load_text(raw, display)
