"""The workforce planning best-practice report: a count per kind of what the source holds, and the site must show it all."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS, BuiltSite
from source_reading import source_elements

#: Checks against the source documents: run on demand with ./scripts/check-sources, not on pull requests.
pytestmark = pytest.mark.sources

TOOLKIT = "toolkits/workforce-planning-best-practice"


@pytest.fixture(scope="module")
def report() -> str:
    return (SEEDS / "002_1cf633e68057d127.txt").read_text(encoding="utf-8")


def _links(site: BuiltSite, index: str) -> list[str]:
    return [a["href"] for a in site.article(index).select("ul.tk-case-list a, ul li > a")]


def test_every_best_practice_example_is_a_case_study(real_site: BuiltSite, report: str) -> None:
    examples = re.findall(r"^(?:Postscript – )?Best practice: (.{30})", report, flags=re.M)
    assert len(examples) == 25
    studies = list((real_site.root / "case-studies").glob("*/index.html"))
    assert len(studies) >= len(examples)
    # The pages' text as a reader reads it (a link, such as the one to the appendix named, is its words).
    corpus = " ".join(real_site.text(f"case-studies/{p.parent.name}/") for p in studies).replace("’", "'")
    for opening in examples:
        words = " ".join(opening.split())
        assert words.replace("’", "'")[:25] in corpus, opening


def test_every_pilot_site_has_an_organisation_profile_linked_from_its_case_studies(real_site: BuiltSite,
                                                                                   report: str) -> None:
    paragraph = report.split("The pilot sites", 1)[1].split("11. London", 1)[0]
    sites = re.findall(r"^• (.+?);?$", paragraph, flags=re.M)
    assert len(sites) == 7
    profiles = {" ".join(real_site.article(f"organisations/{p.parent.name}/").select_one("h1").get_text().split()): p
                for p in (real_site.root / "organisations").glob("*/index.html")}
    for site in sites:
        key = site.split(" – ")[0].replace("economy-wide ", "").replace(", as one county-wide project", "")
        matches = [name for name in profiles if key.lower()[:20] in name.lower() or name.lower()[:20] in key.lower()]
        assert matches, f"no organisation profile for {site}"


def test_four_job_descriptions_with_duties_and_person_specifications(real_site: BuiltSite, report: str) -> None:
    appendix = report.split("Appendix G – Example job descriptions", 1)[1].split("Appendix H", 1)[0]
    assert re.findall(r"^\s*Example (one|two|three|four)\s*$", appendix, flags=re.M) == ["one", "two", "three", "four"]
    pages = sorted((real_site.root / "job-descriptions").glob("*/index.html"))
    assert len(pages) == 4
    printed = " ".join(appendix.split())
    for page in pages:
        article = real_site.article(f"job-descriptions/{page.parent.name}/")
        # Every heading is the source's, number and words as printed, unless marked as the editors'.
        for heading in source_elements(article, "h2"):
            if heading.select_one('[data-editorial="added"]'):
                continue
            words = " ".join(heading.get_text(" ").split())
            assert words in printed, f"{page.parent.name}: '{words}' is not a heading of Appendix G"
        assert article.select("table.tk-person-spec tbody tr th[scope=row]"), page
        columns = [th.get_text(strip=True) for th in article.select("table.tk-person-spec thead th")
                   if not th.select_one('[data-editorial="added"]')]
        for column in columns:
            assert column in printed, f"{page.parent.name}: the column '{column}' is not the source's"


def run_in_heading(line: str) -> str:
    """The heading a paragraph of the source opens with, run in as the source prints it: its words in capitals (a
    plural's 's' aside: "LITs", "SHAs/WDDs"), up to the first word that is not or to a colon, which it keeps; ''
    if it opens with none."""
    taken: list[str] = []
    for token in line.split():
        if re.search(r"[a-z]", re.sub(r"(?<=[A-Z])s(?=\W|$)", "", token)) or not re.search(r"[A-Z]", token):
            break
        taken.append(token)
        if token.endswith(":"):
            break
    return " ".join(taken) if sum(map(str.isalpha, "".join(taken))) > 1 else ""


def test_every_lesson_learnt_is_headed_by_its_run_in_heading_printed_once(real_site: BuiltSite, report: str) -> None:
    """Each lesson (paragraphs 21 to 45) opens with a heading run in, in capitals ("21. GUIDANCE: The best practice
    ...", "22. COMMITMENT, VISION AND OWNERSHIP at all levels. ..."): on the page it is a heading as printed, number
    and colon included, and the text after it goes on where the source's does, without the heading's words again."""
    lines = re.findall(r"^\s?(\d{2})\. (.*)$", report, flags=re.M)
    lessons = [(int(n), line, heading) for n, line in lines if 21 <= int(n) <= 45 and (heading := run_in_heading(line))]
    assert lessons and len(lessons) == len({n for n, _, _ in lessons})
    article = real_site.article(f"{TOOLKIT}/wpp-lessons-learnt/")
    headings = {" ".join(h.get_text(" ").split()): h for h in article.select("h2")}
    for number, line, heading in lessons:
        printed = f"{number}. {heading}"
        assert printed in headings, f"paragraph {number}: no heading '{printed}'"
        after = " ".join(line[len(heading):].split())
        if after:
            following = " ".join(headings[printed].find_next_sibling().get_text(" ").split())
            assert following.startswith(after), f"paragraph {number}: '{following[:80]}' is not '{after}'"


def test_case_studies_filter_by_theme_and_organisation(real_site: BuiltSite) -> None:
    article = real_site.article("case-studies/")
    theme_options = [o["value"] for o in article.select("#tk-filter-theme option") if o["value"]]
    org_options = [o["value"] for o in article.select("#tk-filter-organisation option") if o["value"]]
    items = article.select("ul.tk-case-list > li")
    assert len(theme_options) >= 10 and len(org_options) >= 7
    for item in items:
        assert set(item["data-themes"].split()) <= set(theme_options)
        assert set(item["data-organisations"].split()) <= set(org_options)
    # Without JavaScript, the same studies are listed under each theme heading.
    for theme in theme_options:
        assert article.select_one(f"#theme-{theme}") is not None


def test_search_finds_organisations_job_titles_and_sessions(real_site: BuiltSite) -> None:
    docs = real_site.search_index()["docs"]

    def found(words: str) -> set[str]:
        return {d["location"].split("#")[0] for d in docs if words.lower() in (d["title"] + " " + d["text"]).lower()}

    assert any(loc.startswith("case-studies/") for loc in found("Tees and North East Yorkshire NHS Trust"))
    assert any(loc.startswith("job-descriptions/") for loc in found("Workforce Planning Officer"))
    assert "training/electronic-job-planning-training/" in found("Clinician training session 3")


def test_outline_joint_workforce_plan_has_every_numbered_item_and_annex(real_site: BuiltSite, report: str) -> None:
    appendix = report.split("Joint Workforce Plan\nDraft Framework", 1)[1].split("Appendix G – Example job descriptions")[0]
    items = sorted(set(re.findall(r"^\s*(1\.\d+\.\d+|[B-G]\.\d+(?:\.\d+)?)\.? ", appendix, flags=re.M)))
    assert len(items) >= 60
    text = real_site.text("document-templates/outline-joint-workforce-plan/")
    for item in items:
        assert re.search(rf"(?<![\d.]){re.escape(item)}(?![\d])", text), item
    for letter in "ABCDEFG":
        assert f"Annex {letter}:" in text
