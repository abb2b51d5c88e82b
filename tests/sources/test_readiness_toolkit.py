"""The readiness toolkit is published completely and faithfully: checked against the source document itself."""

from __future__ import annotations

import html
import re

import pytest

from conftest import SEEDS, BuiltSite
from source_reading import only_marked, unmarked

#: Checks against the source documents: run on demand with ./scripts/check-sources, not on pull requests.
pytestmark = pytest.mark.sources

TOOLKIT = "toolkits/ahp-support-workforce-readiness"


@pytest.fixture(scope="module")
def readiness_seed() -> str:
    path = SEEDS / "003_133d3833f8c4517f.txt"
    assert path.is_file(), f"the source document is missing: {path} (shared/seeds must sit beside the repository)"
    return path.read_text(encoding="utf-8")


SECTIONS = {"Section 1": "regional-readiness", "Section 2": "system-readiness", "Section 3": "employer-readiness"}


def _norm(text: str) -> str:
    """Compare text as a reader sees it: spacing, bullets and quote styles aside. The source's text spaces some
    quotations inside their quotes (' state of readiness for future care '): a quote with a space either side opens
    one, and its closing quote is the next with a space before it and none after. An apostrophe ("editors'
    addition", "AHP's") is none of these, so it never pairs with a quote."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("•", " ").replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<!\S)'\s+([^']*?)\s+'(?!\w)", r"'\1'", text)
    text = re.sub(r"\s+([?.,;:])", r"\1", text)
    return " ".join(text.split())


def source_rows(seed: str) -> dict[str, list[tuple[str, str]]]:
    """Each section's question rows from the source: (question text, prompts cell)."""
    rows: dict[str, list[tuple[str, str]]] = {}
    section = None
    for line in seed.splitlines():
        heading = re.match(r"(Section \d):", line)
        if heading:
            section = heading.group(1)
            rows[section] = []
            continue
        row = re.match(r"(\d+)\. (.+?)\t\t\t(.*)$", line)
        if row and section:
            rows[section].append((row.group(2), row.group(3)))
    return rows


def source_resources(seed: str) -> list[str]:
    listing = seed.split("Supporting resources", 1)[1].split("Acknowledgements", 1)[0]
    return re.findall(r"\[([^\]]+)\]\(#\)", listing)


def test_source_has_39_questions(readiness_seed: str) -> None:
    rows = source_rows(readiness_seed)
    assert [len(rows[s]) for s in SECTIONS] == [10, 10, 19]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_question_and_prompt_is_on_its_section_page(real_site: BuiltSite, readiness_seed: str, section: str) -> None:
    article = real_site.article(f"{TOOLKIT}/{SECTIONS[section]}/")
    published = article.select("tr[data-question]")
    expected = source_rows(readiness_seed)[section]
    assert len(published) == len(expected)
    for number, ((question, prompts), row) in enumerate(zip(expected, published), start=1):
        assert row.select_one(".tk-col-number").get_text(strip=True) == str(number)
        assert _norm(row.select_one("th").get_text(" ")) == _norm(question)
        # What is left of the cell once the editors' marked words are taken out is the source's prompts, whole.
        cell = unmarked(row.select_one(".tk-col-prompts"))
        assert _norm(cell.get_text(" ")) == _norm(prompts), f"{section} question {number}: prompts differ"


@pytest.mark.parametrize("section", SECTIONS)
def test_every_question_offers_the_source_s_columns_and_no_unmarked_input(real_site: BuiltSite, readiness_seed: str,
                                                                          section: str) -> None:
    """The source's tables give every question a Y/N and a Response column: so does the page, and anything more (a
    figure field or any other answer input, the resources linked to a question, which the source does not have) is
    marked as the editors' (inside an element marked `data-editorial="added"`)."""
    part = readiness_seed.split(f"{section}:", 1)[1].split("Section ", 1)[0]
    headers = [line for line in part.splitlines() if line.startswith("Question\t")]
    assert headers and all(line.split("\t")[1:3] == ["Y/N", "Response"] for line in headers)
    for row in real_site.article(f"{TOOLKIT}/{SECTIONS[section]}/").select("tr[data-question]"):
        number = row.select_one(".tk-col-number").get_text(strip=True)
        assert {r["value"] for r in row.select(".tk-col-yn input[type=radio]")} == {"Y", "N"}, number
        assert row.select_one(".tk-col-response textarea"), number
        sources_inputs = {id(field) for field in
                          row.select(".tk-col-yn input[type=radio], .tk-col-response textarea.tk-response")}
        for field in row.select("input, textarea, select"):
            if id(field) not in sources_inputs:
                assert field.find_parent(attrs={"data-editorial": "added"}), f"{section} question {number}: {field}"
        for extra in row.select(".tk-see-also"):
            assert only_marked(extra, "added"), f"{section} question {number}: {extra.get_text(' ', strip=True)}"


def test_employer_section_has_the_five_headings(real_site: BuiltSite) -> None:
    headings = [h.get_text(strip=True) for h in real_site.article(f"{TOOLKIT}/employer-readiness/").select("h2:not(.tk-assessment__title)")]
    assert headings[:5] == ["Strategy", "Workforce planning", "Roles and responsibilities", "Recruitment and retention",
                        "Training and education"]


def test_every_source_resource_is_listed_without_a_guessed_link(real_site: BuiltSite, readiness_seed: str) -> None:
    titles = source_resources(readiness_seed)
    assert len(titles) == 20
    article = real_site.article(f"{TOOLKIT}/readiness-supporting-resources/")
    entries = {_norm(li.select_one(".tk-resource-title").get_text()): li for li in article.select("ul.tk-resources > li")}
    for title in titles:
        entry = entries.get(_norm(title))
        assert entry is not None, f"resource missing: {title}"
        assert entry.select_one("a.tk-resource-title") is None, f"{title} has a link the source does not give"
        assert "Link not yet provided" in entry.get_text()


def test_care_certificate_and_apprenticeships_sit_under_training_and_education(real_site: BuiltSite) -> None:
    article = real_site.article(f"{TOOLKIT}/readiness-supporting-resources/")
    headings = [(h.name, h.get_text(strip=True)) for h in article.select("h2, h3")]
    position = headings.index(("h2", "Training and Education"))
    assert headings[position + 1: position + 3] == [("h3", "Care Certificate"), ("h3", "Apprenticeships")]


def test_prose_pages_are_complete(real_site: BuiltSite, readiness_seed: str) -> None:
    pages = {
        "readiness-introduction": ["considering current AHP workforce supply", "Agenda for Change bands 2, 3 and 4",
                                   "speech and language therapists"],
        "readiness-how-to-use": ["Involving key stakeholders", "Chair of the AHP Faculty",
                                 "Chief AHP, organisational AHP lead or equivalent"],
        "readiness-practical-steps": ["Convene a steering group", "Define and scope", "Measure and understand",
                                      "driver diagram", "plan, do, study, act (PDSA)", "Handover and sustain"],
        "readiness-acknowledgements": ["Naomi McVey", "Professor Richard Griffin", "Harry Reynolds"],
    }
    for page, phrases in pages.items():
        text = real_site.text(f"{TOOLKIT}/{page}/")
        for phrase in phrases:
            assert phrase in text, f"{page}: '{phrase}' missing"
            assert phrase in readiness_seed or phrase.startswith(("Define", "Measure", "Handover")), phrase


def test_blank_source_links_are_shown_as_not_provided(real_site: BuiltSite) -> None:
    article = real_site.article(f"{TOOLKIT}/readiness-introduction/")
    link = article.find("a", string="our website")
    assert link is not None and link["href"].startswith("../readiness-supporting-resources/#")
    assert "(link not yet provided)" in link.parent.get_text()
    for anchor in real_site.root.rglob("*.html"):
        assert 'href="#"' not in anchor.read_text(encoding="utf-8"), f"{anchor} has an empty link"


def test_search_index_holds_every_question_prompt_and_resource(real_site: BuiltSite, readiness_seed: str) -> None:
    index = real_site.search_index()
    corpus = _norm(" ".join(doc["title"] + " " + doc["text"] for doc in index["docs"]))
    rows = source_rows(readiness_seed)
    for section in SECTIONS:
        for question, prompts in rows[section]:
            assert _norm(question) in corpus
            assert _norm(prompts)[:60] in corpus
    for title in source_resources(readiness_seed):
        assert _norm(title) in corpus
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    for slug in SECTIONS.values():
        assert f"{TOOLKIT}/{slug}/" in locations
