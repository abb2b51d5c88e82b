"""Worst-case timings: pathological Markdown and YAML, each validated (./scripts/validate) and built (a full
`mkdocs build --strict`) in a fixture project of its own, at several sizes, so the growth can be seen.

Run it with ./scripts/bench --worst-case [--worst-sizes 50000,100000] [--worst-mixed 990000]. Most shapes sit
just under a limit of plugins/toolkit_publisher/markdown_limits.py or of the YAML loader and must pass; those
marked "refused" are the findings of issue 13, which must now fail at once with a message. Each time is the CPU
time (user and system) of the process, which a busy machine disturbs less than wall time (the build's download
worker processes are not in it; its wall time is shown too). "x2" is the ratio of the time above a baseline (a
project whose page holds one line) to that of the size before: about 2 for twice the size means linear, 4
quadratic; it is left out where the difference is too small to measure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from toolkit_publisher.markdown_limits import (  # noqa: E402
    MAX_BRACES, MAX_CODE_GAPS, MAX_HEADINGS, MAX_HTML_BLOCKS, MAX_ITEM_LINES, MAX_MARKUP, MAX_NESTING, MAX_OPEN,
    MAX_SPLITS, MAX_STRAY_TAGS, MAX_UNPAIRED_BACKTICKS,
)

TOOLKIT = """\
id: worst
title: Worst-case toolkit
summary: Pathological content for the worst-case timings.
publisher: Bench
published: "2024"
audiences:
  - Everyone
owner: Bench
last_reviewed: 2026-01-01
review_due: 2030-01-01
parts:
"""
WORDS = "Plain words of an ordinary sentence, to fill the paragraph out. "
#: Just under the limits counted over a whole text, leaving room for the other shapes' in the page of them all,
#: and for the HTML blocks the page's template puts around the field (the whole page is measured again).
HTML_BLOCKS = MAX_HTML_BLOCKS - 50
HEADINGS = MAX_HEADINGS - 500


def _repeat(unit: str, size: int) -> str:
    """``unit`` repeated to about ``size`` characters, whole units only."""
    return unit * max(1, size // len(unit))


def _fill(head: str, size: int) -> str:
    """One paragraph: ``head``, then plain words to about ``size`` characters."""
    return head + _repeat(WORDS, size - len(head))


def _page(body: str) -> dict[str, str]:
    return {"toolkits/worst.yml": TOOLKIT + "  - page: worst\n",
            "pages/worst.yml": "id: worst\ntitle: Worst case\nbody: |2\n" + textwrap.indent(body, "  ")}


def _nested_lists(size: int) -> str:
    levels = MAX_NESTING - 1
    return _repeat("".join("    " * level + f"- item at level {level}\n" for level in range(levels)) + "\n", size)


def _nested_html(size: int) -> str:
    """One box in a box, as deep as allowed, holding the text (the HTML blocks in one text are limited too)."""
    levels = MAX_NESTING - 1
    return '<div markdown="1">\n' * levels + _repeat(WORDS + "\n\n", size) + "</div>\n" * levels


#: Markdown bodies of one page, by size in characters; each at a limit, or (a table) with none.
MARKDOWN: dict[str, Callable[[int], str]] = {
    f"lists nested {MAX_NESTING - 1} deep": _nested_lists,
    f"quotes nested {MAX_NESTING - 1} deep": lambda n: _repeat("> " * (MAX_NESTING - 1) + WORDS + "\n", n),
    f"HTML boxes nested {MAX_NESTING - 1} deep": _nested_html,
    f"{MAX_OPEN} '[' open, one paragraph": lambda n: _fill("[" * MAX_OPEN, n),
    f"{MAX_OPEN} '![' open, one paragraph": lambda n: _fill("![" * MAX_OPEN, n),
    f"{MAX_OPEN} '](' open, one paragraph": lambda n: _fill("[a](" * MAX_OPEN, n),
    f"{MAX_UNPAIRED_BACKTICKS} unpaired backtick runs, one paragraph":
        lambda n: _fill("".join("`" * k + " a " for k in range(1, MAX_UNPAIRED_BACKTICKS + 1)), n),
    f"{MAX_MARKUP} escapes, one paragraph": lambda n: _fill("\\* " * (MAX_MARKUP - 1), n),
    f"{MAX_MARKUP} pieces of markup per paragraph":
        lambda n: _repeat("*a* `b` \\* [c](https://example.org/) &amp; " * (MAX_MARKUP // 7) + "\n\n", n),
    "emphasis nested 15 deep": lambda n: _repeat("**a " * 15 + "b" + " c**" * 15 + "\n\n", n),
    f"{MAX_SPLITS} headings, then one long run of lines":
        lambda n: "".join(f"# Heading {i}\n" for i in range(MAX_SPLITS)) + _repeat(WORDS + "\n", n),
    f"{MAX_BRACES} '{{' on each heading line":
        lambda n: _repeat("# Title" + " {x" * MAX_BRACES + " " + WORDS * 20 + "\n\n", n),
    f"{MAX_STRAY_TAGS} stray '<', one paragraph": lambda n: _fill("<a " * MAX_STRAY_TAGS, n),
    f"{HTML_BLOCKS} HTML blocks, then plain text": lambda n: _fill("<p>x</p>\n\n" * HTML_BLOCKS, n),
    f"{HTML_BLOCKS} HTML elements in a markdown box, then plain text":
        lambda n: _fill('<div markdown="1">\n' + "<p>x</p>\n" * HTML_BLOCKS + "</div>\n\n", n),
    f"{HEADINGS} headings, then plain text": lambda n: _fill("## A heading\n\n" * HEADINGS, n),
    "a table": lambda n: "| A | B |\n| --- | --- |\n" + _repeat("| cell | [link](https://example.org/) |\n", n),
    f"list items of {MAX_ITEM_LINES} lines": lambda n: _repeat("- item\n" + (WORDS + "\n") * MAX_ITEM_LINES, n),
    f"indented blocks with {MAX_CODE_GAPS} blank lines":
        lambda n: _repeat("    code\n" + "\n" * MAX_CODE_GAPS + "Text.\n\n", n),
}
#: Findings of issue 13, refused now.
REFUSED: dict[str, Callable[[int], str]] = {
    "'[' repeated (refused)": lambda n: "[" * n,
    "'![' repeated (refused)": lambda n: "![" * (n // 2),
    "'1. ' repeated (refused)": lambda n: "1. " * (n // 3),
}


def _questions(size: int) -> dict[str, str]:
    unit = "  - id: q{0}\n    text: Is part {0} of the plan ready?\n    prompts:\n      - Think about part {0}.\n"
    count = max(1, size // len(unit.format(0)))
    return {"toolkits/worst.yml": TOOLKIT + "  - checklist: worst-questions\n",
            "question_sets/worst-questions.yml": "id: worst-questions\ntitle: Questions\naudience: Everyone\n"
                                                  "questions:\n" + "".join(unit.format(i) for i in range(count))}


def _categories(size: int) -> dict[str, str]:
    """Resource categories nested as deep as the YAML loader allows (two YAML levels each), side by side."""
    depth = 13
    chains, text = 0, ""
    while len(text) < size or not chains:
        chain = ""
        for level in range(depth):
            pad = "  " * (2 * level)
            chain += f"{pad}- id: c{chains}-{level}\n{pad}  title: Category {level}\n{pad}  categories:\n"
        pad = "  " * (2 * depth)
        chain += (f"{pad}- id: c{chains}-{depth}\n{pad}  title: Innermost\n{pad}  resources:\n"
                  f"{pad}    - id: r{chains}\n{pad}      title: A resource\n{pad}      link: https://example.org/\n")
        text += chain
        chains += 1
    return {"toolkits/worst.yml": TOOLKIT + "  - resources: worst-resources\n",
            "resources/worst-resources.yml": "id: worst-resources\ntitle: Resources\ncategories:\n"
                                             + textwrap.indent(text, "  ")}


#: YAML shapes, by size in characters of the file that varies.
YAML: dict[str, Callable[[int], dict[str, str]]] = {
    "YAML: one long scalar": lambda n: _page(_repeat(WORDS, n)),
    "YAML: a huge list": _questions,
    "YAML: categories nested 13 deep": _categories,
    "YAML: many unknown keys (refused)": lambda n: {
        "toolkits/worst.yml": TOOLKIT + "  - page: worst\n",
        "pages/worst.yml": "id: worst\ntitle: Worst case\nbody: Text.\n"
                           + "".join(f"key{i}: value\n" for i in range(max(1, n // 16)))},
}


def _mixed(size: int) -> dict[str, str]:
    """One page holding every Markdown shape, in equal parts, its file no larger than ``size`` bytes (HTML
    elements in a markdown box left out: they share the limit of HTML blocks with the HTML blocks). The stray
    '<' come last: python-markdown reads HTML blocks after them as inline HTML, which the sanitiser refuses."""
    parts = [make for name, make in sorted(MARKDOWN.items(), key=lambda item: "stray" in item[0])
             if "markdown box" not in name]
    share = size // len(parts)
    while True:
        files = _page("\n\n".join(make(share) for make in parts))
        if len(files["pages/worst.yml"].encode()) <= size:
            return files
        share -= share // 50


def _timed(command: list[str], cwd: Path) -> tuple[float, float, int, str]:
    """Wall seconds, CPU seconds (user and system), exit status and output of one process."""
    # A benchmark site is never published, but a build needs an address (see site_url.py): any will do.
    env = {"SITE_URL": "http://127.0.0.1:8000/", **os.environ, "NO_MKDOCS_2_WARNING": "1",
           "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), output


def measure(files: dict[str, str], refused: bool) -> tuple[float, float, float, int]:
    """CPU seconds of ./scripts/validate and of a full build of a fixture project holding ``files``, the build's
    wall seconds, and the size of the largest file; exits if a shape that must pass fails, or one that must fail
    passes."""
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        shutil.copytree(ROOT / "content", project / "content")
        for name, text in files.items():
            path = project / "toolkit_data" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        largest = max(len(text.encode()) for text in files.values())
        _, validate_cpu, status, output = _timed([sys.executable, "-m", "toolkit_publisher", "validate"], project)
        if (status != 0) != refused:
            raise SystemExit(f"validate {'passed' if refused else 'failed'}:\n{output[-2000:]}")
        build_wall, build_cpu, status, output = _timed(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", "site"], project)
        if (status != 0) != refused:
            raise SystemExit(f"the build {'passed' if refused else 'failed'}:\n{output[-2000:]}")
    return validate_cpu, build_cpu, build_wall, largest


def _ratio(now: float, before: float | None, base: float) -> str:
    """Growth of the time above the baseline; blank when the time before was too close to the baseline."""
    return f"{(now - base) / (before - base):.1f}" if before is not None and before - base > 0.1 else ""


def main(sizes: list[int], mixed: int) -> None:
    cases: list[tuple[str, Callable[[int], dict[str, str]], bool]] = [
        *((name, (lambda make: lambda n: _page(make(n)))(make), False) for name, make in MARKDOWN.items()),
        *((name, (lambda make: lambda n: _page(make(n)))(make), True) for name, make in REFUSED.items()),
        *((name, make, "refused" in name) for name, make in YAML.items()),
    ]
    base_validate, base_build, base_wall, _ = measure(_page("Text.\n"), False)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}. Baseline, a page of one line: "
          f"validate {base_validate:.2f} s, build {base_build:.2f} s CPU ({base_wall:.2f} s wall).")
    print("| Shape | File size | Validate (s) | x2 | Build (s) | x2 | Build, wall (s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, make, refused in cases:
        before: tuple[float, float] | None = None
        for size in sizes:
            validate_cpu, build_cpu, build_wall, largest = measure(make(size), refused)
            print(f"| {name} | {largest:,} | {validate_cpu:.2f} | "
                  f"{_ratio(validate_cpu, before and before[0], base_validate)} | {build_cpu:.2f} | "
                  f"{_ratio(build_cpu, before and before[1], base_build)} | {build_wall:.2f} |", flush=True)
            before = (validate_cpu, build_cpu)
    if mixed:
        validate_cpu, build_cpu, build_wall, largest = measure(_mixed(mixed), False)
        print(f"| every shape above in one page | {largest:,} | {validate_cpu:.2f} | | {build_cpu:.2f} | | "
              f"{build_wall:.2f} |")
