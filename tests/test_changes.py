"""A change log per publication: the toolkit's YAML lists its changes; its home page shows the latest, each part the
changes that touched it, and an Atom feed (made like a download: planned, reproducible, cached) lists them all."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import FIXTURE, BuiltSite, copy_project, mkdocs_build
from test_validation import TOOLKIT, errors_for
from toolkit_publisher import labels
from toolkit_publisher.downloads import feed_path
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")
#: The fixture toolkit with a change log, and one without.
LOGGED, UNLOGGED = CONTENT.toolkits["fixture-readiness"], CONTENT.toolkits["fixture-programme"]
ATOM = "{http://www.w3.org/2005/Atom}"


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_the_home_page_lists_the_latest_changes_marked_as_the_editors(fixture_site: BuiltSite) -> None:
    article = fixture_site.article(f"toolkits/{LOGGED.id}/")
    heading = article.find("h2", string=labels.LATEST_CHANGES)
    assert heading is not None
    items = heading.find_next_sibling("ul").select("li")
    newest_first = sorted(LOGGED.changes, key=lambda change: change.date, reverse=True)
    assert [item.time["datetime"] for item in items] == [change.date.isoformat() for change in newest_first]
    for item, change in zip(items, newest_first):
        summary = item.select_one('[data-editorial="added"] .tk-editorial__text')
        assert summary is not None and summary.get_text() == change.summary  # the editors' words, marked
        linked = [a["href"] for a in item.select("a")]
        assert linked == [f"{part_id}/" for part_id in change.parts]
    feed = article.find("a", string=labels.SUBSCRIBE_TO_CHANGES)
    assert feed is not None and feed["href"] == f"../../{feed_path(LOGGED.id)}"
    assert feed.find_parent(attrs={"data-search-exclude": True}) is not None
    # A toolkit with no change log shows none, and offers no feed.
    other = fixture_site.article(f"toolkits/{UNLOGGED.id}/")
    assert other.find("h2", string=labels.LATEST_CHANGES) is None
    assert other.find("a", string=labels.SUBSCRIBE_TO_CHANGES) is None
    assert not (fixture_site.root / feed_path(UNLOGGED.id)).exists()


def test_each_part_shows_the_changes_that_touched_it(fixture_site: BuiltSite) -> None:
    for part in LOGGED.parts:
        note = fixture_site.article(f"toolkits/{LOGGED.id}/{part.ref}/").select_one(".tk-changes")
        touched = [change for change in sorted(LOGGED.changes, key=lambda c: c.date, reverse=True)
                   if part.ref in change.parts]
        if not touched:
            assert note is None, part.ref
            continue
        assert note.get("role") == "note" and note.get("aria-label") == labels.CHANGES_TO_THIS_PAGE
        shown = [_squash(li.get_text(" ")) for li in note.select("li")]
        assert shown == [_squash(f"{labels.long_date(c.date)} : {c.summary} (editors' addition)") for c in touched]


def _feed(root: Path, toolkit_id: str) -> ET.Element:
    return ET.parse(root / feed_path(toolkit_id)).getroot()


def test_the_feed_is_atom_listing_every_change_newest_first(fixture_site: BuiltSite) -> None:
    feed = _feed(fixture_site.root, LOGGED.id)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == LOGGED.title
    newest_first = sorted(LOGGED.changes, key=lambda change: change.date, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == f"{newest_first[0].date.isoformat()}T00:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [c.summary for c in newest_first]
    assert [e.findtext(f"{ATOM}updated")[:10] for e in entries] == [c.date.isoformat() for c in newest_first]
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    # Each link, resolved against the feed's own address, is a page of the built site.
    base = (fixture_site.root / feed_path(LOGGED.id)).parent
    links = [feed.find(f"{ATOM}link[@rel='alternate']").get("href")]
    links += [e.find(f"{ATOM}link").get("href") for e in entries]
    for href in links:
        assert (base / href / "index.html").resolve().is_file(), href
    # Listed on the downloads page, not offered among the checklist's files on the home page.
    assert feed_path(LOGGED.id).split("/", 1)[1] in (fixture_site.root / "downloads" / "index.html").read_text("utf-8")
    offers = fixture_site.article(f"toolkits/{LOGGED.id}/").select(".tk-downloads a")
    assert offers and not any(a["href"].endswith(".atom") for a in offers)


def test_the_feed_is_the_same_bytes_from_build_to_build(fixture_site: BuiltSite, tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    path = feed_path(LOGGED.id)
    assert (tmp_path / "site" / path).read_bytes() == (fixture_site.root / path).read_bytes()


def test_a_change_naming_a_part_not_of_its_toolkit_is_an_error_at_that_part(tmp_path: Path) -> None:
    toolkit = TOOLKIT + ("changes:\n  - date: 2026-02-01\n    summary: First published.\n"
                         "  - date: 2026-03-01\n    summary: Reworded.\n    parts: [demo-question, demo-questions, "
                         "demo-questions]\n")
    lines = toolkit.splitlines()
    row = next(i for i, line in enumerate(lines, start=1) if "demo-question," in line)
    errors = errors_for(tmp_path, {"toolkits/demo.yml": toolkit})
    first, again = lines[row - 1].index("demo-question") + 1, lines[row - 1].rindex("demo-questions") + 1
    assert errors == [
        f"toolkit_data/toolkits/demo.yml:{row}:{first}: error: this change names the part 'demo-question', which is "
        "not a part of the toolkit 'demo'; did you mean 'demo-questions'? Name one of its parts (demo-questions, "
        "demo-resources), or leave 'parts' out for a change to the whole toolkit",
        f"toolkit_data/toolkits/demo.yml:{row}:{again}: error: this change names the part 'demo-questions' twice; "
        "name each part once"]


def test_a_change_without_a_date_or_with_a_bad_one_is_an_error_at_it(tmp_path: Path) -> None:
    toolkit = TOOLKIT + "changes:\n  - date: 2026-02-30\n    summary: First published.\n  - summary: Undated.\n"
    errors = errors_for(tmp_path, {"toolkits/demo.yml": toolkit})
    lines = toolkit.splitlines()
    bad = next(i for i, line in enumerate(lines, start=1) if "2026-02-30" in line)
    assert len(errors) == 2, errors
    assert errors[0].startswith(f"toolkit_data/toolkits/demo.yml:{bad}:11: error:") and "date" in errors[0]
    assert errors[1].startswith(f"toolkit_data/toolkits/demo.yml:{bad + 2}:") and "date" in errors[1]
