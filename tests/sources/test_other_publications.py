"""The job-planning roll-out and the AHP workforce programme, checked against their source documents."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS, BuiltSite
from source_reading import source_elements

#: Checks against the source documents: run on demand with ./scripts/check-sources, not on pull requests.
pytestmark = pytest.mark.sources

TRAINING = "training/electronic-job-planning-training/"


@pytest.fixture(scope="module")
def job_planning_seed() -> str:
    return (SEEDS / "000_bcb46f8a07295e0a.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def programme_seed() -> str:
    return (SEEDS / "001_94e48912b6e496e7.txt").read_text(encoding="utf-8")


def _sessions(site: BuiltSite) -> list[list[str]]:
    rows = site.article(TRAINING).select("table.tk-schedule tbody tr")
    for row in rows:
        for link in row.select("a.tk-calendar-link"):
            link.decompose()
    return [[" ".join(cell.get_text(" ").split()).replace(" ,", ",") for cell in row.select("th, td")] for row in rows]


def test_all_ten_sessions_with_their_local_times(real_site: BuiltSite, job_planning_seed: str) -> None:
    rows = _sessions(real_site)
    assert len(rows) == 10
    expected = [
        ("Launch session", "Thursday 6 February 2025, 3.30pm to 4.30pm", "Microsoft Teams"),
        ("Admin training session", "Wednesday 26 February 2025, 9.30am to 1.30pm", "Face to face Hollins Park"),
        ("Manager training session", "Wednesday 26 February 2025, 2pm to 4pm", "Face to face Hollins Park"),
        ("Clinician training session 1", "Thursday 27 February 2025, 1pm to 3pm", "Face to face Venue to be confirmed"),
        ("Drop in session", "Friday 28 February 2025, 1pm to 2pm", "Microsoft Teams"),
        ("Clinician training session 2", "Monday 3 March 2025, 9.30am to 11.30am", "Microsoft Teams"),
        ("Clinician training session 3", "Monday 3 March 2025, 12pm to 2pm", "Mode not stated in the source"),
        ("Drop in session", "Wednesday 5 March 2025, 3.30pm to 4.30pm", "Microsoft Teams"),
        ("Drop in session", "Monday 10 March 2025, 9.30am to 10.30am", "Microsoft Teams"),
        ("Drop in session", "Thursday 27 March 2025, 1pm to 2pm", "Microsoft Teams"),
    ]
    for row, (title, when, mode) in zip(rows, expected):
        assert row[0].startswith(title)
        assert row[2].startswith(when)
        assert row[3].startswith(mode)
    # Every weekday-and-date the source gives is on the page.
    for weekday, day, month in re.findall(r"^ ?(Monday|Tuesday|Wednesday|Thursday|Friday), (\d+) (\w+)$",
                                          job_planning_seed, flags=re.M):
        assert any(f"{weekday} {day} {month} 2025" in row[2] for row in rows), (weekday, day, month)


def test_inferred_year_and_missing_booking_address_are_said(real_site: BuiltSite) -> None:
    text = real_site.text(TRAINING)
    assert "that year is inferred, not stated" in text
    assert "The source page gives no email address" in text


def test_programme_page_has_remit_case_benefits_and_milestones(real_site: BuiltSite, programme_seed: str) -> None:
    article = real_site.article("toolkits/cheshire-merseyside-ahp-workforce-programme/ahp-workforce-programme/")
    text = " ".join(article.get_text(" ").split())
    for bullet in re.findall(r"^\s+• (.+)$", programme_seed, flags=re.M):
        assert bullet.replace("’", "'").strip() in text.replace("’", "'")
    milestones = [li.select_one(".tk-timeline__title").get_text(strip=True) for li in article.select("ol.tk-timeline > li")]
    assert milestones == [
        "Recruitment to C&M AHP Workforce Lead or contract extension for existing personnel",
        "Delivery infrastructure for key workstreams in place and associated KPIs",
        "Agreed integration and connectivity with wider system workstreams",
        "Implementation of key activities and actions across the programme",
        "Business plan for role beyond March 2024",
        "End of programme report",
    ]


def test_no_personal_email_addresses_or_phone_numbers(real_site: BuiltSite) -> None:
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    phone = re.compile(r"\b0\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b")
    for page in real_site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not email.search(text), f"{page}: {email.search(text).group(0)}"
        assert not phone.search(text), f"{page}: {phone.search(text).group(0)}"
    search = (real_site.root / "search" / "search_index.json").read_text(encoding="utf-8")
    assert not email.search(search)


def test_job_planning_page_has_the_source_text_in_its_order_and_marks_the_rest(real_site: BuiltSite,
                                                                             job_planning_seed: str) -> None:
    """Every paragraph before the schedule, in the source's order, then its closing heading; nothing the editors
    wrote there unmarked (no heading of their own)."""
    article = real_site.article("toolkits/electronic-job-planning/job-planning-purpose/")
    for mark in article.select("[data-editorial]"):
        mark.decompose()
    text = " ".join(article.get_text(" ").split()).replace(" ,", ",")
    before_schedule = job_planning_seed.split("Who should attend?")[0]
    paragraphs = [" ".join(p.replace("•", "").split()) for p in before_schedule.split("\n\n") if p.strip()]
    position = 0
    for paragraph in paragraphs:
        paragraph = re.sub(r"\s*\($", "", paragraph)  # the source's link is cut off after 'pdf ('
        found = text.find(paragraph.replace(" ,", ","), position)
        assert found >= 0, f"not on the page after what precedes it: {paragraph[:80]}"
        position = found
    last_heading = job_planning_seed.strip().splitlines()[-1].strip()
    headings = [h.get_text(" ", strip=True) for h in source_elements(article, "h2, h3")]
    assert headings == [last_heading]
