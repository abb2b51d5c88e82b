"""Property-based tests: whatever an editor or an attacker feeds the loader and validator, the outcome is
a valid model or a clean, positioned error, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import ROOT, examples
from toolkit_publisher.errors import ContentError, ContentErrors
from toolkit_publisher.sanitise import rendered_unsafe_html, unsafe_html
from toolkit_publisher.validate import validate
from toolkit_publisher.load import load_text

REAL_FILES = sorted((ROOT / "toolkit_data").rglob("*.yml"))
YAML_PIECES = ["\n", " ", "  ", "- ", ": ", "#", "'", '"', "|", ">", "&a ", "*a", "!!", "!tag ", "{", "}", "[", "]",
               ",", "?", "---", "...", "%YAML 1.2", "yes", "no", "~", "null", "1:30", "2025-02-30", "\t", "\ufeff",
               "<script>", "id", "title", "=1+1", "\\", "\x00", "é"]


def _check_errors(errors: list[ContentError], lines: int) -> None:
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.position.line >= 1 and error.position.column >= 1
        assert error.position.line <= lines + 2, str(error)
        assert error.message and "Traceback" not in error.message


@settings(max_examples=examples(300), deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    loaded, errors = load_text(raw, "f.yml")
    assert loaded is not None or errors
    _check_errors(errors, raw.count(b"\n") + 1)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=8), max_size=60).map("".join))
@example("0\x1e\x1e\x1e\t")  # found at random: an error put on line 4 (splitlines ends lines at \x1e)
def test_yaml_like_text_loads_or_fails_cleanly(text: str) -> None:
    loaded, errors = load_text(text, "f.yml")
    assert loaded is not None or errors
    _check_errors(errors, text.count("\n") + 1)


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[Path, str]:
    """A real content file with a few edits of the kinds editors make by mistake."""
    path = draw(st.sampled_from(REAL_FILES))
    lines = path.read_text(encoding="utf-8").split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        action = draw(st.sampled_from(["delete", "duplicate", "indent", "dedent", "insert", "truncate", "replace"]))
        line = lines[index] if lines else ""
        if action == "delete" and lines:
            lines.pop(index)
        elif action == "duplicate":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line[2:] if line.startswith("  ") else line
        elif action == "insert":
            lines.insert(index, draw(st.sampled_from(YAML_PIECES)) + draw(st.text(max_size=10)))
        elif action == "truncate" and line:
            lines[index] = line[: draw(st.integers(0, len(line)))]
        elif action == "replace" and ":" in line:
            key, _, _ = line.partition(":")
            lines[index] = f"{key}: {draw(st.sampled_from(YAML_PIECES))}"
    return path, "\n".join(lines)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_file())
def test_mutated_real_content_validates_or_fails_cleanly(tmp_path: Path, case: tuple[Path, str]) -> None:
    path, text = case
    data = tmp_path / "toolkit_data"
    if data.exists():
        shutil.rmtree(data)
    shutil.copytree(ROOT / "toolkit_data", data)
    target = data / path.relative_to(ROOT / "toolkit_data")
    target.write_text(text, encoding="utf-8")
    try:
        validate(data)
    except ContentErrors as exc:
        assert exc.errors
        _check_errors(exc.errors, max(text.count("\n") + 1, 2000))
        for error in exc.errors:
            assert error.position.path.startswith("toolkit_data/"), str(error)


#: Pieces of Markdown and HTML that matter to the sanitiser, and plain words around them.
MARKDOWN_PIECES = ["<", ">", "{", "}", "|", "[", "]", "(", ")", ":", "!", "#", "*", "_", "`", "&", ";", "=", '"',
                   "\n", "\n\n", "    ", "- ", "1. ", "> ", "!!! note", "??? note", "---", "|:--|", "{: .x }",
                   "{ onclick=x }", "<b>", "<script>", "javascript:x", "](#)", "](javascript:x)", "[a]: x",
                   "&lt;", "&#60;", "http://x", "<http://x>", "word", " "]


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.sampled_from(MARKDOWN_PIECES) | st.text(max_size=4), max_size=40).map("".join))
def test_the_sanitiser_shortcut_never_passes_what_rendering_would_catch(text: str) -> None:
    if unsafe_html(text) is None:
        assert rendered_unsafe_html(text) is None, text
