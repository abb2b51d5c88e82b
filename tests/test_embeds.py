"""Entries printed in a page's running text where the source prints them (embeds.py), on the fixture site: a case
study's box inside the page's text with its page linking back, an organisation's background in an appendix, and a
cross-reference to an appendix by page id that resolves."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, BuiltSite
from test_validation import RESOURCES, errors_for
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
PAGE = "toolkits/fixture-programme/fixture-programme-page/"
APPENDIX = "toolkits/fixture-programme/fixture-appendix-z/"


def _text(node) -> str:  # noqa: ANN001 - a BeautifulSoup element
    return " ".join(node.get_text(" ").split())


def test_a_box_is_printed_in_the_running_text_between_the_paragraphs_around_it(fixture_site: BuiltSite) -> None:
    study = CONTENT.case_studies["fixture-board-sponsor"]
    article = fixture_site.article(PAGE)
    box = article.select_one(f"#case-study--{study.id}")
    assert box is not None and box.get("role") == "note"
    before, after = box.find_previous_sibling("p"), box.find_next_sibling("p")
    assert _text(before).startswith("1.") and _text(after).startswith("2.")
    assert _text(box.find("p")) == f"Best practice: {' '.join(study.what_they_did.split())}"
    added = box.select_one("[data-editorial=added]")
    assert added is not None and _text(added) == f"Case study: {study.title} (editors' addition)"
    assert added.a["href"] == "../../../case-studies/fixture-board-sponsor/"


def test_the_case_study_page_links_its_source_detail_to_where_the_box_is_printed(fixture_site: BuiltSite) -> None:
    study = CONTENT.case_studies["fixture-board-sponsor"]
    facts = fixture_site.article("case-studies/fixture-board-sponsor/").select_one("dl.tk-facts")
    link = facts.find("a", string=study.source_detail)
    assert link is not None
    assert link["href"] == f"../../{PAGE}#case-study--{study.id}"


def test_an_appendix_prints_each_profile_under_its_heading_and_links_to_it(fixture_site: BuiltSite) -> None:
    org = CONTENT.organisations["fixture-trust"]
    article = fixture_site.article(APPENDIX)
    heading = article.select_one("h2#organisation--fixture-trust")
    assert heading is not None and _text(heading) == "Fixture Trust, as the appendix heads it"
    assert _text(heading.find_next_sibling("p")) == org.description.split("\n\n")[0].strip()
    added = article.select_one("[data-editorial=added]")
    assert _text(added) == f"Organisation page: {org.name} (editors' addition)"
    back = fixture_site.article("organisations/fixture-trust/").select_one("[data-editorial=added] a")
    assert back["href"] == f"../../{APPENDIX}#organisation--fixture-trust"


def test_a_cross_reference_to_an_appendix_by_page_id_resolves_to_its_page(fixture_site: BuiltSite) -> None:
    link = fixture_site.article(PAGE).find("a", string="Appendix Z")
    assert link is not None and link["href"] == "../fixture-appendix-z/"
    assert _text(fixture_site.article(APPENDIX).h1).startswith("Appendix Z")


PAGE_WITH = """\
id: demo-page
title: A page
body: |
  Some text.

  {line}
"""


def test_an_embedded_entry_that_does_not_exist_is_a_positioned_error(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, {"pages/demo-page.yml": PAGE_WITH.format(line="![Best practice](case-study:nowhere)")})
    errors = [error for error in errors if "nowhere" in error]
    assert len(errors) == 1 and ":6:" in errors[0] and "demo-page.yml" in errors[0]


@pytest.mark.parametrize(("line", "why"), [
    ("![A guide](resource:a-guide)", "a page's text can print only 'case-study:' and 'organisation:' entries"),
    ("![Job](job-description:a-job)", "a page's text can print only 'case-study:' and 'organisation:' entries"),
    ("See ![Best practice](case-study:a-study) here.",
     "an entry is printed only by a paragraph that holds nothing else"),
])
def test_an_image_of_content_that_is_not_an_embedding_says_what_it_is(tmp_path: Path, line: str, why: str) -> None:
    """Markdown would make it an empty image: the editor is told why it prints nothing and how to link instead,
    at the '!', and not again as HTML the sanitiser removes."""
    errors = errors_for(tmp_path, {"pages/demo-page.yml": PAGE_WITH.format(line=line)})
    image = line[line.index("!["):line.index(")") + 1]
    column = line.index("![") + 3
    [error] = [error for error in errors if "empty image" in error]
    assert f"demo-page.yml:6:{column}: error: 'body': {image} would show as an empty image: {why}" in error
    assert f"leave out the '!': {image[1:]}" in error
    assert not [error for error in errors if "not allowed" in error]


RESOURCES_WITH_INTRO = RESOURCES.replace("title: Resources\n",
                                        "title: Resources\nintro: |\n  ![Box](page:demo-page)\n", 1)


def test_only_a_pages_body_prints_entries(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, {"resources/demo-resources.yml": RESOURCES_WITH_INTRO})
    [error] = [error for error in errors if "empty image" in error]
    assert "only a page's body can print an entry in its text" in error and "demo-resources.yml:4:3:" in error


def test_an_embeddings_words_are_text_wherever_they_are_placed(tmp_path: Path) -> None:
    """The field check reads the words as a link's; in the box they are bold text, where an attribute list would
    set attributes the site's scripts act on. They are printed as the characters written."""
    from conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "project")
    page = project / "toolkit_data" / "pages" / "fixture-programme-page.yml"
    text = page.read_text(encoding="utf-8")
    hostile = 'Best**{: data-tk-assessment="" aria-hidden="true" }** practice'
    assert "![Best practice](case-study:" in text
    page.write_text(text.replace("![Best practice](case-study:", f"![{hostile}](case-study:", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup((tmp_path / "site" / PAGE / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select("[data-tk-assessment]") == [] and soup.select("article [aria-hidden]") == []
    assert soup.select_one(".tk-box strong").get_text() == f"{hostile}:"


def _errors(data: Path) -> list[str]:
    from toolkit_publisher.errors import ContentErrors

    try:
        validate(data)
    except ContentErrors as found:
        return [str(error) for error in found.errors]
    return []


def test_an_entry_placed_a_second_time_is_an_error_at_the_second_naming_the_first(tmp_path: Path) -> None:
    """In the same page or another: its anchor is its one place, and its own page links back there."""
    import shutil

    data = shutil.copytree(FIXTURE / "toolkit_data", tmp_path / "toolkit_data")
    appendix = data / "pages" / "fixture-appendix-z.yml"
    lines = appendix.read_text(encoding="utf-8").splitlines()
    [(number, placing)] = [(n, line) for n, line in enumerate(lines, 1) if line.strip().startswith("![")]
    entry = placing.strip().split(":")[-1].rstrip(")")
    appendix.write_text("\n".join(lines + ["", placing]) + "\n", encoding="utf-8")
    [again] = [error for error in _errors(data) if "placed already" in error]
    column = placing.index("!") + 1
    assert again.startswith(f"{appendix.relative_to(tmp_path).as_posix()}:{len(lines) + 2}:{column}: error: ")
    assert f"'{entry}', which is placed already earlier in this page" in again

    appendix.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = data / "pages" / "fixture-introduction.yml"
    other.write_text(other.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + placing + "\n", encoding="utf-8")
    errors = [error for error in _errors(data) if "placed already" in error]
    first = f"{appendix.relative_to(tmp_path).as_posix()}:{number}:{column}"
    # The files are read in their names' order: the appendix's placement is the first.
    [error] = errors
    assert error.startswith(f"{other.relative_to(tmp_path).as_posix()}:")
    assert f"'{entry}', which is placed already in the page 'fixture-appendix-z' ({first})" in error
