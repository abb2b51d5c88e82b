"""Hostile and careless content: what would put a script on an NHS page is refused with a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_validation import TOOLKIT, errors_for

PAGE = "id: intro\ntitle: Intro\nbody: |\n  A first line.\n\n  {markdown}\n"


@pytest.mark.parametrize(("markdown", "column", "what"), [
    ("Hello <script>alert(1)</script>", 9, "<script>"),
    ("<img src=x onerror=alert(1)>", 3, "<img onerror=alert(1) src=x>"),  # the whole tag goes
    ("[click](javascript:alert(1))", 11, "<a href=javascript:alert(1)>"),
    ("[data](data:text/html;base64,PHNjcmlwdD4=)", 10, "<a href=data:text/html;base64,PHNjcmlwdD4=>"),
    ('<a href="https://nhs.uk" onclick="steal()">x</a>', 37, "<a href=https://nhs.uk onclick=steal()>"),
    ('<iframe src="https://example.org"></iframe>', 3, "<iframe src=https://example.org>"),
    ("<style>body { display: none }</style>", 3, "<style>"),
    ("<!-- hidden -->", 3, "an HTML comment <!-- -->"),
])
def test_unsafe_markdown_is_an_error_at_its_place(tmp_path: Path, markdown: str, column: int, what: str) -> None:
    files = {"pages/intro.yml": PAGE.format(markdown=markdown), "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"}
    errors = errors_for(tmp_path, files)
    assert len(errors) == 1
    position, message = errors[0].split(": error: ")
    assert message == (f"'body' contains HTML that is not allowed: {what}. Only Markdown formatting and https:, "
                       "http: or mailto: links may be used; remove it or write it in Markdown")
    assert position == f"toolkit_data/pages/intro.yml:6:{column}"
