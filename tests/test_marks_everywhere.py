"""The editors' words are marked wherever they reach a reader (a checklist group, the print view, the home page,
the downloads list and files), an entry is placed once, and ./scripts/faithfulness does not piece a table's cell
together from words that are not the source's cell. Found by an outside review; each states what a reader, an editor
or an auditor should get."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, BuiltSite, copy_project, mkdocs_build
from content_rules import docx_text

sys.path.insert(0, str(ROOT / "scripts"))
import faithfulness  # noqa: E402 - the script's module, beside it in scripts/

TAG = "(editors' addition)"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The fixture with more fields named in editors_wrote: a checklist group's title, a toolkit's title and
    publisher, a checklist section's audience, a job description's title."""
    project = copy_project(tmp_path_factory.mktemp("attack-project"))
    data = project / "toolkit_data"
    _edit(data / "question_sets" / "fixture-grouped.yml", "  - title: Strategy\n",
          "  - title: Strategy\n    editors_wrote: [title]\n")
    _edit(data / "question_sets" / "fixture-grouped.yml", "audience: Questions for employers\n",
          "audience: Questions for employers\neditors_wrote: [audience]\n")
    _edit(data / "toolkits" / "fixture-readiness.yml", "publisher: Fixture publisher\n",
          "publisher: Fixture publisher\neditors_wrote: [title, publisher]\n")
    _edit(data / "job_descriptions" / "fixture-planning-officer.yml", "editors_wrote: [summary]\n",
          "editors_wrote: [title, summary]\n")
    _edit(data / "organisations" / "fixture-trust.yml", "name: Fixture NHS Trust\n",
          "name: Fixture NHS Trust\neditors_wrote: [name]\n")
    site = tmp_path_factory.mktemp("attack-site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return BuiltSite(site, result)


def _unmarked(soup: BeautifulSoup, words: str) -> list[str]:
    """Each element's text holding ``words`` outside any 'added' mark."""
    found = []
    for text in soup.find_all(string=re.compile(re.escape(words))):
        if text.find_parent(attrs={"data-editorial": "added"}) is None and TAG not in text:  # or said in words
            found.append(f"{text.parent.name}: {' '.join(text.split())}")
    return found


def test_a_checklist_groups_title_named_in_editors_wrote_is_marked(marked_site: BuiltSite) -> None:
    """QuestionGroup accepts editors_wrote, but _checklist_groups hands the template a dict without 'wrote'."""
    page = marked_site.article("toolkits/fixture-readiness/fixture-grouped/")
    assert _unmarked(page, "Strategy") == []


def test_the_case_studies_index_says_whose_an_organisations_name_is(marked_site: BuiltSite) -> None:
    """In the filter's choices and each case study's line, where no element can carry the mark: in words."""
    index = marked_site.article("case-studies/")
    options = [" ".join(o.get_text().split()) for o in index.select("#tk-filter-organisation option")]
    assert f"Fixture NHS Trust {TAG}" in options and "Fixture NHS Trust" not in options
    lines = [" ".join(m.get_text().split()) for m in index.select(".tk-meta")]
    assert any(f"Fixture NHS Trust {TAG}" in line for line in lines)
    assert not any(re.search(r"Fixture NHS Trust(?! \(editors)", line) for line in lines)


def test_the_home_page_marks_a_publisher_the_editors_wrote(marked_site: BuiltSite) -> None:
    """home_publications.md.j2's tk-meta line prints toolkit.publisher without said()."""
    assert _unmarked(marked_site.article(""), "Fixture publisher") == []


def test_the_print_view_marks_the_editors_title_and_audience(marked_site: BuiltSite) -> None:
    """checklist_print.md.j2 prints the toolkit's title (its h1) and each section's audience without said()."""
    page = marked_site.article("toolkits/fixture-readiness/print-checklist/")
    assert _unmarked(page, "Fixture readiness toolkit: a toolkit made for tests") == []
    assert _unmarked(page, "Questions for employers") == []


def test_the_downloads_list_and_the_word_file_mark_an_editors_title(marked_site: BuiltSite) -> None:
    assert _unmarked(marked_site.article("downloads/"), "Fixture Planning Officer") == []
    text = docx_text(marked_site.root / "downloads" / "job-descriptions" / "fixture-planning-officer.docx")
    title = next(line for line in text.split("\n") if "Fixture Planning Officer" in line)
    assert TAG in title, title


def _categories(page_html: str, sources: Path) -> dict[str, str]:
    report = faithfulness.compare_page("page/index.html", page_html, faithfulness.read_sources(sources))
    return {piece.text: piece.category for piece in report.pieces}


def test_a_table_cell_is_not_pieced_together_from_two_paragraphs(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Job planning enables the effective use of resources.\n"
                                   "It supports service redesign.\n", encoding="utf-8")
    page = "<article><table><tr><td>Job planning enables service redesign</td></tr></table></article>"
    assert _categories(page, sources)["Job planning enables service redesign"] == "unexplained"


def test_a_cells_dropped_middle_words_are_not_verbatim(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "a.txt").write_text("Educated (and achieved) to A level 3 A\nor equivalent (including NVQs)\n",
                                   encoding="utf-8")
    page = "<article><table><tr><td>Educated (and achieved) or equivalent (including NVQs)</td></tr></table></article>"
    assert _categories(page, sources)["Educated (and achieved) or equivalent (including NVQs)"] == "unexplained"


def test_an_entry_placed_twice_is_an_error_in_the_editors_file(tmp_path: Path) -> None:
    """./scripts/validate passes; the build fails at 'toolkits/…/page.md:1:1', a generated file no editor has."""
    project = copy_project(tmp_path / "project")
    _edit(project / "toolkit_data" / "pages" / "fixture-programme-page.yml", "  2\\. The work went on.",
          "  ![Org](organisation:fixture-trust)\n\n  ![Org again](organisation:fixture-trust)\n\n  2\\. The work went on.")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "toolkit_data/pages/fixture-programme-page.yml:" in result.stdout + result.stderr


def test_the_questions_data_says_whose_a_group_and_a_toolkit_title_are(marked_site: BuiltSite) -> None:
    """A CSV cell holds no mark: a title the editors wrote says so in its words, as a printed copy does."""
    import csv
    import io

    text = (marked_site.root / "data/toolkits/fixture-readiness.questions.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    groups = {row["Group"] for row in rows}
    assert f"Strategy {TAG}" in groups and "Strategy" not in groups
    assert all(row["Toolkit"].endswith(TAG) for row in rows)
