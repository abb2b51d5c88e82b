"""Content that stays current: a page past its review date says so near its top, on screen and in print, and
./scripts/reviews tells editors what falls due, grouped by owner."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from browser import print_to_pdf
from conftest import FIXTURE, ROOT, BuiltSite
from toolkit_publisher import labels, reviews_due
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
#: The fixture's checklist section whose own review date is long past, and one of its toolkit's not yet due.
PAST, NOT_DUE = "fixture-flat", "fixture-grouped"
TOOLKIT = "fixture-readiness"


def _notice(site: BuiltSite, url: str):  # noqa: ANN202 - a BeautifulSoup element or None
    return site.article(url).select_one(".tk-review-due")


def test_a_page_past_its_review_date_says_so_near_its_top(fixture_site: BuiltSite) -> None:
    due = CONTENT.reviews[("question_sets", PAST)].review_due
    notice = _notice(fixture_site, f"toolkits/{TOOLKIT}/{PAST}/")
    assert notice is not None
    assert " ".join(notice.get_text(" ").split()) == f"{labels.REVIEW_DUE} {labels.review_overdue(due)}"
    assert f"due for review on {due.day} {due:%B %Y}" in notice.get_text()
    # A note a screen reader names, straight after the page's heading, and kept out of search.
    assert notice.get("role") == "note" and notice.get("aria-label") == labels.REVIEW_DUE
    assert notice.find_previous_sibling().name == "h1"
    assert notice.has_attr("data-search-exclude")
    searched = " ".join(doc["text"] for doc in fixture_site.search_index()["docs"])
    assert labels.review_overdue(due) not in searched


def test_a_page_not_yet_due_has_no_notice(fixture_site: BuiltSite) -> None:
    assert CONTENT.reviews[("question_sets", NOT_DUE)].overdue is False
    for url in (f"toolkits/{TOOLKIT}/{NOT_DUE}/", f"toolkits/{TOOLKIT}/", "case-studies/fixture-board-sponsor/",
                "training/fixture-training/"):
        assert _notice(fixture_site, url) is None, url


def test_the_printed_checklist_names_each_section_past_its_review_date(fixture_site: BuiltSite, tmp_path: Path) -> None:
    """Its first sheet names the sections past their date (the toolkit itself is not), each linked to where it
    starts; and the section's own sheet says so under its heading, as the section's page does at its top."""
    due = CONTENT.reviews[("question_sets", PAST)].review_due
    assert CONTENT.reviews[("toolkits", TOOLKIT)].overdue is False
    title = CONTENT.question_sets[PAST].title
    printout = fixture_site.article(f"toolkits/{TOOLKIT}/print-checklist/")
    top, *own = printout.select(".tk-review-due")
    assert top.find_previous_sibling().name == "h1"
    assert labels.SECTIONS_OVERDUE in top.get_text()
    named = [" ".join(item.get_text(" ").split()) for item in top.select("li")]
    assert named == [f"{title} : {labels.section_overdue(due)}"]
    assert top.select_one("li a")["href"] == f"#{PAST}"
    assert labels.review_overdue(due) not in top.get_text()  # the printout as a whole is not the page that is due
    assert [notice.find_previous_sibling("h2")["id"] for notice in own] == [PAST]
    assert labels.review_overdue(due) in " ".join(own[0].get_text(" ").split())
    for url in (f"toolkits/{TOOLKIT}/{PAST}/index.html", f"toolkits/{TOOLKIT}/print-checklist/index.html"):
        reader = PdfReader(print_to_pdf(fixture_site.root / url, tmp_path / "printed.pdf"))
        first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
        expected = labels.review_overdue(due) if PAST in url else labels.section_overdue(due)
        assert expected in first, url


# --- ./scripts/reviews: what falls due, by owner ------------------------------------------------------------

#: The day the command counts from in these tests (its --today), so what is due never depends on the calendar.
DAY = "2026-06-01"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's content with reviews falling due around DAY: the second toolkit (no owner yet, which every page
    of it and the entries drawn from it inherit) within 30 days, a case study of its own owner's within 60, and the
    checklist section long overdue (its own owner)."""
    target = tmp_path_factory.mktemp("reviews") / "toolkit_data"
    shutil.copytree(FIXTURE / "toolkit_data", target)
    toolkit = target / "toolkits" / "fixture-programme.yml"
    toolkit.write_text(re.sub(r"review_due: .*", "review_due: 2026-06-20", toolkit.read_text(encoding="utf-8")),
                       encoding="utf-8")
    study = target / "case_studies" / "fixture-board-sponsor.yml"
    study.write_text(study.read_text(encoding="utf-8") + "owner: Case study editors\nlast_reviewed: 2026-01-01\n"
                     "review_due: 2026-07-15\n", encoding="utf-8")
    return target


def reviews(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "toolkit_publisher.reviews_due", "--data", str(data),
                             "--today", DAY, *args], capture_output=True, text=True, check=False, cwd=data.parent)
    assert result.returncode == 0, result.stderr
    return result


def test_reviews_as_json_group_each_date_to_update_by_owner(data: Path) -> None:
    listed = json.loads(reviews(data, "--format", "json").stdout)
    assert listed["today"] == DAY and listed["days"] == 30 and listed["until"] == "2026-07-01"
    owners = {group["owner"]: group["reviews"] for group in listed["owners"]}
    assert list(owners) == ["Fixture checklist editors", reviews_due.NO_OWNER]  # no owner last
    [overdue] = owners["Fixture checklist editors"]
    assert (overdue["id"], overdue["overdue"], overdue["review_due"]) == (PAST, True, "2021-01-01")
    assert overdue["file"] == "toolkit_data/question_sets/fixture-flat.yml" and overdue["line"] > 1
    [toolkit] = owners[reviews_due.NO_OWNER]
    assert (toolkit["kind"], toolkit["id"], toolkit["overdue"]) == ("toolkits", "fixture-programme", False)
    # The toolkit's own page first, then every page that takes its dates from it: its parts, entries drawn from it.
    paths = [page["path"] for page in toolkit["pages"]]
    assert paths[0] == "toolkits/fixture-programme/"
    assert {"toolkits/fixture-programme/fixture-programme-page/", "training/fixture-training/",
            "case-studies/fixture-joint-database/"} <= set(paths)
    assert "case-studies/fixture-board-sponsor/" not in paths  # it has its own dates, not due within 30 days
    assert listed["count"] == 2
    # Sixty days reach the case study's own owner; nothing not yet due is listed from the first toolkit.
    wider = json.loads(reviews(data, "--days", "60", "--format", "json").stdout)
    assert [group["owner"] for group in wider["owners"]] == [
        "Case study editors", "Fixture checklist editors", reviews_due.NO_OWNER]
    assert not any(r["id"] == TOOLKIT for group in wider["owners"] for r in group["reviews"])


def test_reviews_as_text_and_markdown(data: Path) -> None:
    text = reviews(data).stdout  # text is the default
    assert text.startswith("2 reviews due by 1 July 2026 (within 30 days of 1 June 2026")
    owner_lines = [line for line in text.splitlines() if line and not line.startswith(" ")][1:]
    assert owner_lines == ["Fixture checklist editors", reviews_due.NO_OWNER]
    assert "  Section B: Questions without groups: overdue since 1 January 2021; update " \
           "toolkit_data/question_sets/fixture-flat.yml:" in text
    assert "  Fixture programme: due 20 June 2026; update toolkit_data/toolkits/fixture-programme.yml:" in text
    assert "    Fixture programme (toolkits/fixture-programme/)" in text
    markdown = reviews(data, "--format", "markdown").stdout
    assert re.findall(r"^## (.+)$", markdown, re.M) == ["Fixture checklist editors", reviews_due.NO_OWNER]
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and line[2:6] not in ("Revi", "--- ")]
    assert len(rows) == 2 and "overdue since 1 January 2021" in rows[0] and "due 20 June 2026" in rows[1]
    assert "`toolkit_data/toolkits/fixture-programme.yml` line" in rows[1]


def test_reviews_when_nothing_is_due(data: Path) -> None:
    early = reviews(data, "--today", "2020-01-01", "--format", "json")
    assert json.loads(early.stdout)["owners"] == []
    assert reviews(data, "--today", "2020-01-01").stdout.startswith("No review falls due by 31 January 2020")


def test_the_reviews_script_runs_on_the_real_content() -> None:
    result = subprocess.run([str(ROOT / "scripts" / "reviews"), "--days", "0"], capture_output=True, text=True,
                            check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "due by" in result.stdout


def test_the_weekly_workflow_keeps_one_issue_with_pinned_actions_only() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "reviews.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"]  # PyYAML reads the key 'on' as True
    steps = workflow["jobs"]["reminders"]["steps"]
    used = [step["uses"] for step in steps if "uses" in step]
    assert [name.split("@")[0] for name in used] == ["actions/checkout", "actions/setup-python"]
    assert all(re.fullmatch(r"[0-9a-f]{40}", name.split("@")[1]) for name in used)
    script = "\n".join(step.get("run", "") for step in steps)
    assert "./scripts/reviews --days 30 --format markdown" in script
    for command in ("gh issue list --label", "gh issue edit", "gh issue create", "gh issue close"):
        assert command in script
    # Only the workflow's own issue: one a person labels the same is never edited or closed.
    assert re.search(r'gh issue list --label "\$LABEL" --author "app/github-actions"', script)
