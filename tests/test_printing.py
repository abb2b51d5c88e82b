"""Checklists printed from a browser, as trusts print them for meetings: checked on the PDF itself."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from browser import print_to_pdf
from conftest import FIXTURE, BuiltSite
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
CHECKLISTS = [(toolkit, CONTENT.question_sets[part.ref]) for toolkit in CONTENT.toolkits.values()
              for part in toolkit.parts if part.checklist]
#: Text that belongs to the screen: navigation, search, buttons, downloads.
SCREEN_ONLY = ["Table of contents", "Search", "Print this checklist", "Download this checklist", "Word document",
               "Skip to content", "Introduction to the fixture", "Back to top", "Made with"]


def _squash(text: str) -> str:
    """Text to compare, whatever the PDF's font did: ligatures (a printed "ﬁ") become their letters."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("’", "'")


@pytest.mark.parametrize(("toolkit", "qs"), CHECKLISTS, ids=[qs.id for _, qs in CHECKLISTS])
def test_section_prints_cleanly_on_a4(fixture_site: BuiltSite, tmp_path: Path, toolkit, qs) -> None:  # noqa: ANN001
    page = fixture_site.root / "toolkits" / toolkit.id / qs.id / "index.html"
    reader = PdfReader(print_to_pdf(page, tmp_path / f"{qs.id}.pdf"))
    text = "\n".join(p.extract_text() for p in reader.pages)
    squashed = _squash(text)
    for question in qs.all_questions():
        assert _squash(question.text) in squashed, question.text
        for prompt in question.prompts:
            assert _squash(prompt) in squashed, prompt
    for chrome in SCREEN_ONLY:
        assert chrome not in text, f"'{chrome}' is printed"
    assert not re.search(r"Part \d+ of \d+", text), "the part's place in its toolkit is printed"
    assert _squash(toolkit.title) in squashed
    assert "Version:" in text and "Published:" in text
    for box in reader.pages[0].mediabox, reader.pages[-1].mediabox:
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 portrait, in points
    questions = len(qs.all_questions())
    assert 1 <= len(reader.pages) <= max(2, questions // 3), f"{len(reader.pages)} pages for {questions} questions"


def test_whole_toolkit_prints_each_section_on_a_new_page(fixture_site: BuiltSite, tmp_path: Path) -> None:
    toolkit = CONTENT.toolkits["fixture-readiness"]
    page = fixture_site.root / "toolkits" / toolkit.id / "print-checklist" / "index.html"
    reader = PdfReader(print_to_pdf(page, tmp_path / "all.pdf"))
    pages = [p.extract_text() for p in reader.pages]
    sections = [CONTENT.question_sets[part.ref] for part in toolkit.parts if part.checklist]
    starts = []
    for qs in sections:
        # The first sheet may name a later section too (one past its review date is listed there).
        found = [i for i, text in enumerate(pages) if qs.title in text] if qs is sections[0] else [
            i for i, text in enumerate(pages) if text.lstrip().startswith(qs.title)]
        assert found, f"{qs.title} does not start a page"
        starts.append(found[0])
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    squashed = _squash("".join(pages))
    assert all(_squash(q.text) in squashed for qs in sections for q in qs.all_questions())
