"""Rules on the plugin's stylesheets' text: each colour is written once, as a custom property, and every rule
uses the property, so a change of palette is one edit; an !important says why it is needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

STYLESHEETS = sorted((ROOT / "plugins" / "toolkit_publisher" / "assets").glob("*.css"))
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_BLOCK = re.compile(r"\{([^{}]*)\}")  # the innermost blocks: declarations (an @media's body has blocks in it)
_COLOUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(", re.IGNORECASE)


def declarations(css: str) -> list[tuple[int, str, str]]:
    """Each declaration as (line, property, value), comments taken out (line numbers kept)."""
    text = _COMMENT.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), css)
    found = []
    for block in _BLOCK.finditer(text):
        offset = block.start(1)
        for part in re.finditer(r"[^;]+", block.group(1)):
            name, colon, value = part.group(0).partition(":")
            if colon and name.strip():
                line = text.count("\n", 0, offset + part.start() + len(name) - len(name.lstrip())) + 1
                found.append((line, name.strip(), value.strip()))
    return found


def problems(css: str) -> list[str]:
    """Colours written outside a custom property's definition, colours defined twice, and !importants with
    no comment on their line saying why."""
    found = []
    defined: dict[str, str] = {}
    for line, name, value in declarations(css):
        colours = _COLOUR.findall(value)
        if not colours:
            continue
        if not name.startswith("--"):
            found.append(f"line {line}: {name}: {value} writes a colour; use the custom property that defines it "
                         "(var(--tk-...)), or define one at the top of the stylesheet")
        elif value.lower() in defined:
            found.append(f"line {line}: {name} repeats {value}, already {defined[value.lower()]}: "
                         f"use var({defined[value.lower()]})")
        else:
            defined[value.lower()] = name
    for number, text in enumerate(css.splitlines(), start=1):
        if "!important" in _COMMENT.sub("", text) and not re.search(r"/\*.+\*/", text):
            found.append(f"line {number}: an !important with no comment saying why it is needed (only to beat the "
                         "theme's own !important or an inline style)")
    return found


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_colours_are_written_once_as_custom_properties(stylesheet: Path) -> None:
    assert problems(stylesheet.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(("css", "expected"), [
    (":root { --tk-blue: #005eb8; }\na { color: var(--tk-blue); }", []),
    (":root { --tk-blue: #005eb8; }\na {\n  color: #005eb8;\n}",
     ["line 3: color: #005eb8 writes a colour; use the custom property that defines it (var(--tk-...)), or "
      "define one at the top of the stylesheet"]),
    ("@media print { a { border: 1px solid rgb(0 0 0); } }",
     ["line 1: border: 1px solid rgb(0 0 0) writes a colour; use the custom property that defines it "
      "(var(--tk-...)), or define one at the top of the stylesheet"]),
    (":root { --a: #ffffff; --b: #FFFFFF; }", ["line 1: --b repeats #FFFFFF, already --a: use var(--a)"]),
    ("/* #005eb8 in a comment */ #main { color: var(--tk-blue); }", []),
    ("a { display: none !important; }",
     ["line 1: an !important with no comment saying why it is needed (only to beat the theme's own "
      "!important or an inline style)"]),
    ("a { display: none !important; /* beats the theme's inline style */ }", []),
])
def test_the_rule_finds_each_kind_of_problem(css: str, expected: list[str]) -> None:
    assert problems(css) == expected
