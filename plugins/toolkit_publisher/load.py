"""Stage 1, load: read YAML files into plain data, remembering where every key and value stood.

PyYAML's constructors are not used. They turn an unquoted ``yes`` into ``True``, ``1:30``
into ``90`` and silently keep the last of two duplicate keys: traps for editors of a Y/N
toolkit. Instead the file is composed into nodes (which carry line and column), and each
scalar is kept as the exact text the editor wrote. Types come later, from the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Position

#: libyaml's parser when PyYAML has it (its wheels do): some twenty times faster, with the same positions.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: Plain (unquoted) scalars that mean "no value"; anything else is text.
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
#: Bounds that keep a careless or hostile file from exhausting the build.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 32
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]
#: The tags plain YAML resolves to by itself; an explicit other tag (!!python/object, !!binary) is refused.
ALLOWED_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                         ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))


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
        self.lines = text.splitlines()
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
        if not node.style and node.value in NULLS:  # plain style: None from PyYAML, "" from libyaml
            return None
        return node.value

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


def _decode(raw: bytes, path: str) -> tuple[str | None, list[ContentError]]:
    """Check the bytes are UTF-8 text an editor's tools will agree with, before YAML sees them."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [ContentError(Position(path), f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}: split it")]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [ContentError(Position(path), "the file starts with a byte-order mark; save it as UTF-8 without BOM")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [ContentError(
            Position(path, line, column),
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it with UTF-8 encoding",
        )]
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        return None, [ContentError(Position(path), "the file is empty; add its content or delete the file")]
    return text, []


def _tab_indent(text: str, path: str) -> list[ContentError]:
    """YAML forbids tabs in indentation, and PyYAML's own message for them is obscure."""
    errors = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            errors.append(ContentError(
                Position(path, number, indent.index("\t") + 1),
                "a tab is used for indentation; YAML needs spaces: replace the tab with spaces",
            ))
    return errors


def load_text(text_or_bytes: str | bytes, path: str) -> tuple[LoadedFile | None, list[ContentError]]:
    """Parse one file; return its data with positions, or the problems that stopped it."""
    raw = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    text, errors = _decode(raw, path)
    if text is None:
        return None, errors
    errors = _tab_indent(text, path)
    if errors:
        return None, errors
    try:
        nodes = list(yaml.compose_all(text, Loader=LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        position = Position(path, mark.line + 1, mark.column + 1) if mark else Position(path)
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, [ContentError(position, f"this is not valid YAML: {problem}; check the indentation and quoting here")]
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
    """Read and parse a file on disk; ``display`` is the name shown to editors."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [ContentError(Position(display), f"the file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}: split it")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [ContentError(Position(display), f"the file cannot be read: {exc.strerror}")]
    return load_text(raw, display)
