"""Defects found by attacking issue 16 (open data, page index, review notices, change logs and feeds), each shown
by what a reuser, reader or editor meets. A test marked OPEN shows a defect not fixed yet (strict xfail)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURE, BuiltSite
from test_validation import TOOLKIT, write_data
from toolkit_publisher import reviews_due
from toolkit_publisher.validate import validate

ATOM = "{http://www.w3.org/2005/Atom}"
#: A test showing a defect still open: strict, so a fix makes it fail until its marker is dropped.
OPEN = pytest.mark.xfail(strict=True, reason="a defect found by the issue 16 attack, not yet fixed")


def rows(site: BuiltSite, path: str) -> list[dict[str, str]]:
    text = (site.root / path).read_text(encoding="utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_page_index_lists_every_page_including_the_sites_own(fixture_site: BuiltSite) -> None:
    """Issue 16: 'one JSON file listing every page'. The pages made from content/ (home, about...) are missing."""
    import json

    listed = {page["url"] for page in json.loads((fixture_site.root / "data/page-index.json").read_text())["pages"]}
    own = {"./" if p.stem == "index" else f"{p.stem}/" for p in (FIXTURE / "content").glob("*.md")}
    assert own <= listed, f"missing from the page index: {sorted(own - listed)}"


def test_the_data_page_lists_every_feed(fixture_site: BuiltSite) -> None:
    """Issue 16: 'The data files and feeds are linked ... from /data/'. No feed is."""
    feeds = sorted(p.name for p in (fixture_site.root / "downloads/feeds").glob("*.atom"))
    assert feeds
    linked = {a["href"].rsplit("/", 1)[-1] for a in fixture_site.article("data/").select("a[href]")}
    assert set(feeds) <= linked, f"feeds not on /data/: {sorted(set(feeds) - linked)}"


def test_training_sessions_are_rows_a_spreadsheet_can_use(fixture_site: BuiltSite) -> None:
    """Issue 16 names training sessions among the kinds with a CSV; each session is one JSON blob in one cell."""
    import yaml

    programme = yaml.safe_load((FIXTURE / "toolkit_data/training/fixture-training.yml").read_text(encoding="utf-8"))
    table = rows(fixture_site, "data/training.csv")
    assert len(table) >= len(programme["sessions"]), "one row per programme, its sessions as JSON text in a cell"


def test_an_editors_category_title_is_marked_in_the_resources_csv(fixture_site: BuiltSite) -> None:
    """A category whose title the editors wrote (editors_wrote: [title]) appears in the Categories column with
    nothing saying so; the row's 'Editors' words' cell is empty."""
    import yaml

    resources = yaml.safe_load((FIXTURE / "toolkit_data/resources/fixture-resources.yml").read_text(encoding="utf-8"))
    added = [c for c in resources["categories"] if "title" in c.get("editors_wrote", [])]
    assert added
    for row in rows(fixture_site, "data/toolkits/fixture-readiness.resources.csv"):
        if row["Categories"].startswith(added[0]["title"]):
            assert row["Editors' words"], f"{row['Resource id']}: the category title is the editors' but unmarked"
            break
    else:
        pytest.fail("no row under the editors' category")


def test_the_printed_checklist_shows_what_changed_since(fixture_site: BuiltSite) -> None:
    """Issue 16: 'A trust that printed a checklist ... needs to see what has changed since'. The part pages show
    their changes; the print view of the whole checklist shows none."""
    import yaml

    toolkit = yaml.safe_load((FIXTURE / "toolkit_data/toolkits/fixture-readiness.yml").read_text(encoding="utf-8"))
    checklists = {p["checklist"] for p in toolkit["parts"] if "checklist" in p}
    touched = [c for c in toolkit["changes"] if checklists & set(c.get("parts", []))]
    assert touched
    printed = fixture_site.text("toolkits/fixture-readiness/print-checklist/")
    for change in touched:
        assert change["summary"] in printed, f"the printed checklist does not show: {change['summary']}"


def test_the_feeds_author_is_not_the_source_publisher(fixture_site: BuiltSite) -> None:
    """Every entry is the editors' summary, but the feed names the source's publisher as its author."""
    import yaml

    toolkit = yaml.safe_load((FIXTURE / "toolkit_data/toolkits/fixture-readiness.yml").read_text(encoding="utf-8"))
    feed = ET.fromstring((fixture_site.root / "downloads/feeds/fixture-readiness.atom").read_bytes())
    authors = [name.text for name in feed.iter(f"{ATOM}name")]
    assert toolkit["publisher"] not in authors, "the editors' summaries are attributed to the source's publisher"


def test_a_change_dated_in_the_future_is_flagged(tmp_path: Path) -> None:
    """A change dated years ahead is published as the newest change, at the top of the home page and the feed
    (whose 'updated' becomes that date), with no warning to the editor."""
    toolkit = TOOLKIT + "changes:\n  - date: 2099-12-31\n    summary: Not yet happened.\n"
    content = validate(write_data(tmp_path, {"toolkits/demo.yml": toolkit}))
    line = len(toolkit.splitlines()) - 1  # the change's date
    assert any(str(w).startswith(f"toolkit_data/toolkits/demo.yml:{line}:") and "after today" in str(w)
               for w in content.warnings), [str(w) for w in content.warnings]


def test_reviews_with_a_huge_number_of_days_is_a_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """./scripts/reviews --days 99999999 ends in OverflowError: date value out of range (a traceback)."""
    try:
        code = reviews_due.main(["--days", "99999999", "--data", str(FIXTURE / "toolkit_data")])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2 and "--days" in capsys.readouterr().err


def test_an_entrys_page_links_the_data_that_holds_it(fixture_site: BuiltSite) -> None:
    """Issue 16: data files 'linked from the pages they describe'. A case study's page (held whole in
    case-studies.json) has no 'Use this data' link; only the list page has."""
    page = fixture_site.article("case-studies/fixture-board-sponsor/")
    hrefs = [a["href"] for a in page.select("a[href]")]
    assert any(h.endswith("case-studies.json") for h in hrefs)


def test_review_due_before_last_reviewed_is_positioned_at_the_date(tmp_path: Path) -> None:
    """(Pre-existing.) The error points at line 1, column 1, not at 'review_due'."""
    from toolkit_publisher.errors import ContentErrors

    bad = TOOLKIT.replace("review_due: 2030-01-01", "review_due: 2020-01-01")
    with pytest.raises(ContentErrors) as caught:
        validate(write_data(tmp_path, {"toolkits/demo.yml": bad}))
    line = next(i for i, text in enumerate(bad.splitlines(), start=1) if text.startswith("review_due"))
    assert any(f":{line}:" in str(e) for e in caught.value.errors), [str(e) for e in caught.value.errors]

