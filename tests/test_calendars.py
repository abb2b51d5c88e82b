"""The calendar files, opened as calendar programs open them: every .ics of the fixture site is read by several
independent parsers, and each event must start and end at the moment the training page gives in UK time, in
winter (GMT), in summer (BST), on the nights the clocks change and on the days after.

The readers differ where it matters: icalendar looks the TZID up in the time-zone database, while dateutil (given
the file's own VTIMEZONE), vobject and ical.js (which Thunderbird and many web calendars use) work the times out
from the VTIMEZONE written in the file, as Outlook and Google Calendar do.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar, Event

from conftest import FIXTURE, ROOT, BuiltSite
from toolkit_publisher.downloads import plan_downloads
from toolkit_publisher.downloads.produce import make_downloads
from toolkit_publisher.validate import validate

LONDON = ZoneInfo("Europe/London")
UTC = dt.timezone.utc
#: What a reader gives for each event: its UID, and its start and end in UTC.
Times = dict[str, tuple[dt.datetime, dt.datetime]]


def calendar_files(site: BuiltSite) -> list[Path]:
    files = sorted((site.root / "downloads").rglob("*.ics"))
    assert files, "the site has no calendar files"
    return files


# --- the page, as a reader sees it ----------------------------------------------------------------------

_WHEN = re.compile(r"\w+day (?P<day>\d+ \w+ \d{4}), (?P<start>[\d.]+[ap]m) to (?P<end>[\d.]+[ap]m)")


def _clock(text: str) -> dt.time:
    """'9.30am', '12pm', '12.30am' as the page writes them."""
    parsed = dt.datetime.strptime(text if "." in text else text[:-2] + ".00" + text[-2:], "%I.%M%p")
    return parsed.time()


def page_times(site: BuiltSite, programme: str) -> Times:
    """Each session's start and end as the schedule shows them in UK time, in UTC; by the UID its file gives."""
    times: Times = {}
    for row in site.article(f"training/{programme}/").select("table.tk-schedule tbody tr"):
        cell = row.select_one('td[data-label="Date and time"]')
        match = _WHEN.search(" ".join(cell.get_text(" ").split()).replace(" ,", ","))
        assert match, cell
        day = dt.datetime.strptime(match["day"], "%d %B %Y").date()
        start, end = (dt.datetime.combine(day, _clock(match[key]), tzinfo=LONDON).astimezone(UTC)
                      for key in ("start", "end"))
        session = row["id"].removeprefix("session--")
        times[f"{programme}.{session}@toolkit-publisher.invalid"] = (start, end)
    return times


# --- the readers ----------------------------------------------------------------------------------------

def _utc(moment: dt.datetime) -> dt.datetime:
    assert moment.tzinfo is not None, f"{moment} is a floating time, which a calendar places in its own zone"
    return moment.astimezone(UTC)


def read_with_icalendar(path: Path) -> Times:
    """icalendar: the TZID looked up in the time-zone database."""
    return {str(event["UID"]): (_utc(event.decoded("DTSTART")), _utc(event.decoded("DTEND")))
            for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def read_with_the_file_s_vtimezone(path: Path) -> Times:
    """icalendar's parser with dateutil working the zone out from the VTIMEZONE in the file (not its name)."""
    calendar = Calendar.from_ical(path.read_bytes())
    zones = {str(zone["TZID"]): zone.to_tz(lookup_tzid=False) for zone in calendar.walk("VTIMEZONE")}

    def moment(event, key: str) -> dt.datetime:  # noqa: ANN001
        value = event.get(key)
        return _utc(value.dt.replace(tzinfo=zones[value.params["TZID"]]))

    return {str(event["UID"]): (moment(event, "DTSTART"), moment(event, "DTEND")) for event in calendar.walk("VEVENT")}


def read_with_vobject(path: Path) -> Times:
    """vobject, as a program that has not seen the zone before: it keeps the first VTIMEZONE it meets for a TZID
    for as long as it runs, so its memory is cleared and each file is read with its own."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    registry.clear()
    vobject.icalendar.registerTzid("UTC", vobject.icalendar.utc)
    calendar = vobject.readOne(path.read_text(encoding="utf-8"))
    return {event.uid.value: (_utc(event.dtstart.value), _utc(event.dtend.value))
            for event in getattr(calendar, "vevent_list", [])}


#: ical.js and the script that runs it under Node, installed by scripts/node-packages (as ./scripts/test does).
NODE_READERS = ROOT / "tests" / "calendar_readers"


def read_with_ical_js(path: Path) -> Times:
    """ical.js under Node: as Thunderbird and many web calendars read a file, zones from its own VTIMEZONE."""
    assert (NODE_READERS / "node_modules" / "ical.js").is_dir(), "ical.js is not installed: run ./scripts/node-packages"
    result = subprocess.run(["node", "read-with-ical-js.mjs", str(path)], cwd=NODE_READERS, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout)[str(path)]
    times: Times = {}
    for uid, (start, end) in events.items():
        assert start and end, f"ical.js read {uid} as a floating time, which a calendar places in its own zone"
        times[uid] = (dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end))
    return times


READERS: dict[str, Callable[[Path], Times]] = {
    "icalendar": read_with_icalendar, "dateutil-vtimezone": read_with_the_file_s_vtimezone,
    "vobject": read_with_vobject, "ical.js": read_with_ical_js}


@pytest.mark.parametrize("reader", READERS)
def test_every_event_is_at_the_time_the_page_gives_in_every_reader(fixture_site: BuiltSite, reader: str) -> None:
    programmes = sorted(p.stem for p in (fixture_site.root / "downloads" / "training").glob("*.ics"))
    on_pages: Times = {}
    for programme in programmes:
        on_pages |= page_times(fixture_site, programme)
    seen: set[str] = set()
    for path in calendar_files(fixture_site):
        read = READERS[reader](path)
        assert read, f"{path.name}: {reader} found no event"
        for uid, moments in read.items():
            assert moments == on_pages[uid], f"{path.name}: {uid} in {reader}"
            seen.add(uid)
    assert seen == set(on_pages)


def test_the_fixture_has_sessions_on_both_sides_of_each_clock_change(fixture_site: BuiltSite) -> None:
    """What the test above needs: sessions in GMT and BST, on both clock-change Sundays and the days after."""
    starts = [start for start, _ in page_times(fixture_site, "fixture-training").values()]
    offsets = {start.astimezone(LONDON).utcoffset() for start in starts}
    assert offsets == {dt.timedelta(0), dt.timedelta(hours=1)}
    changes = {day for day in (start.astimezone(LONDON).date() for start in starts)
               if _offsets_of(day)[0] != _offsets_of(day)[1]}
    assert {day.month for day in changes} == {3, 10}
    assert {day + dt.timedelta(days=1) for day in changes} <= {start.astimezone(LONDON).date() for start in starts}


def _offsets_of(day: dt.date) -> tuple[dt.timedelta | None, dt.timedelta | None]:
    """The UK's offset from UTC as a day starts and as it ends."""
    return (dt.datetime.combine(day, dt.time(0), tzinfo=LONDON).utcoffset(),
            dt.datetime.combine(day, dt.time(23, 59), tzinfo=LONDON).utcoffset())


# --- the VTIMEZONE itself -------------------------------------------------------------------------------

def test_the_time_zone_is_a_standard_and_a_daylight_rule_with_nothing_historical(fixture_site: BuiltSite) -> None:
    for path in calendar_files(fixture_site):
        raw = path.read_bytes()
        calendar = Calendar.from_ical(raw)
        [zone] = calendar.walk("VTIMEZONE")
        assert str(zone["TZID"]) == "Europe/London"
        assert [c.name for c in zone.subcomponents] == ["DAYLIGHT", "STANDARD"], path.name
        for component in zone.subcomponents:
            assert "RDATE" not in component and "COMMENT" not in component
            assert component["RRULE"]["FREQ"] == ["YEARLY"] and component["RRULE"]["BYDAY"] == ["-1SU"]
        assert b"RDATE" not in raw and b"COMMENT" not in raw
        # Before the events that name it, as calendar programs write it.
        assert raw.index(b"BEGIN:VTIMEZONE") < raw.index(b"BEGIN:VEVENT")


def test_the_rule_written_agrees_with_the_time_zone_database_in_every_year_to_2099(fixture_site: BuiltSite) -> None:
    """Should the UK change its clocks, this fails when tzdata is updated, before a calendar is wrong: every day at
    noon, and a minute either side of each change the VTIMEZONE gives, in the file's zone and in the database's."""
    raw = calendar_files(fixture_site)[0].read_bytes()
    [zone] = Calendar.from_ical(raw).walk("VTIMEZONE")
    written = zone.to_tz(lookup_tzid=False)
    moments = [dt.datetime(1996, 1, 1, 12, tzinfo=UTC) + dt.timedelta(days=n)
               for n in range((dt.date(2100, 1, 1) - dt.date(1996, 1, 1)).days)]
    for year in range(1996, 2100):
        for month in (3, 10):
            last_sunday = max(day for day in (dt.date(year, month, n) for n in range(25, 32)) if day.weekday() == 6)
            change = dt.datetime.combine(last_sunday, dt.time(1), tzinfo=UTC)
            moments += [change - dt.timedelta(minutes=1), change, change + dt.timedelta(minutes=1)]
    for moment in moments:
        assert moment.astimezone(written).utcoffset() == moment.astimezone(LONDON).utcoffset(), moment


# --- the schedule's page ----------------------------------------------------------------------------------

def test_a_schedule_whose_sessions_have_all_taken_place_says_so_once_and_offers_nothing_to_book(
        tmp_path: Path) -> None:
    from test_validation import write_data
    from toolkit_publisher import urls
    from toolkit_publisher.render import render_site

    training = """\
        id: past
        title: Sessions already held
        organisation: A trust
        source: demo
        summary: Held last year and the year before.
        booking: Ask the team.
        sessions:
          - {id: second, title: The second, date: 2024-05-02, start: "10:00", end: "11:00", mode: face-to-face}
          - {id: first, title: The first, date: 2023-05-02, start: "10:00", end: "11:00", mode: face-to-face}
        """
    site = render_site(validate(write_data(tmp_path, {"training/past.yml": training})))
    page = site.pages[urls.entity("training", "past")]
    assert page.count("Every session in this schedule has taken place.") == 1
    assert page.index("The first") < page.index("The second")
    # No calendar file, no "How to book" offered for what is over (the files are still made, for links saved before).
    assert ".ics" not in page and "Add to your calendar" not in page and "<dt>How to book" not in page
    assert ("How sessions were booked</dt><dd><span class=\"tk-editorial\" data-editorial=\"derived\">"
            "<span class=\"tk-editorial__text\">Ask the team.</span>") in page
    assert "downloads/training/past/first.ics" not in site.pages.get("downloads/index.md", "")


def test_a_schedule_with_a_session_to_come_does_not_say_all_have_taken_place(fixture_site: BuiltSite) -> None:
    assert "Every session in this schedule has taken place" not in fixture_site.text("training/fixture-training/")


# --- revisions: a session's SEQUENCE, DTSTAMP and LAST-MODIFIED -------------------------------------------

def _events(raw: bytes) -> dict[str, Event]:
    return {str(event["UID"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}


def _record(data: Path) -> subprocess.CompletedProcess[str]:
    """./scripts/record-calendar-changes, as an editor runs it."""
    return subprocess.run([sys.executable, "-m", "toolkit_publisher", "record-calendar-changes", "--data", str(data)],
                          capture_output=True, text=True, check=False, cwd=data.parent)


def _calendars(data: Path) -> dict[str, bytes]:
    made = make_downloads(plan_downloads(validate(data)))
    return {path: raw for path, raw in made.items() if path.endswith(".ics")}


def test_a_session_moved_gets_a_later_revision_and_nothing_else_changes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = shutil.copytree(FIXTURE / "toolkit_data", tmp_path / "toolkit_data")
    programme = validate(data).training["fixture-training"]
    before = _calendars(data)
    # Unchanged content gives the same bytes, whenever it is built: no stamp is the build's time.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert _calendars(data) == before

    # An editor moves the summer workshop an hour later, in the browser, with no script to run: the site publishes
    # it one revision on, and a warning at the session asks for it to be recorded.
    path = data / "training" / "fixture-training.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count('start: "09:30"') == 1
    path.write_text(text.replace('start: "09:30"', 'start: "10:30"'), encoding="utf-8")
    line = text.split("\n").index("  - id: summer-workshop") + 1
    assert [str(w) for w in validate(data).warnings if "summer-workshop" in w.message] == [
        f"toolkit_data/training/fixture-training.yml:{line}:9: warning: the session 'summer-workshop' has changed (or "
        "the programme's organisation, booking or dates note, which its calendar event repeats) since its calendar "
        "revision 0 was recorded; it is published as revision 1, but a further change would not reach calendars that "
        "imported it until this one is recorded: run ./scripts/record-calendar-changes and commit this file"]
    moved = f"{programme.id}.summer-workshop@toolkit-publisher.invalid"
    whole = f"downloads/training/{programme.id}.ics"
    unrecorded = _events(_calendars(data)[whole])[moved]
    assert unrecorded["SEQUENCE"] == 1  # newer than the version calendars have, by both its number and its stamp
    assert unrecorded.decoded("DTSTAMP") > _events(before[whole])[moved].decoded("DTSTAMP")
    assert unrecorded.decoded("LAST-MODIFIED") == unrecorded.decoded("DTSTAMP")

    recorded = _record(data)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    assert recorded.stdout == "toolkit_data/training/fixture-training.yml: recorded 'summer-workshop' (revision 1)\n"
    edited = path.read_text(encoding="utf-8")
    block = edited.index("calendar_revisions:")
    assert edited[:block] == text.replace('start: "09:30"', 'start: "10:30"')[:block]  # the editor's lines, as written
    after = _calendars(data)
    old, new = _events(before[whole]), _events(after[whole])
    assert new[moved]["SEQUENCE"] == old[moved]["SEQUENCE"] + 1 == 1
    assert new[moved].decoded("DTSTAMP") > old[moved].decoded("DTSTAMP")
    assert new[moved].decoded("LAST-MODIFIED") == new[moved].decoded("DTSTAMP")
    for uid in set(old) - {moved}:
        assert new[uid].to_ical() == old[uid].to_ical(), uid
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {whole, f"downloads/training/{programme.id}/summer-workshop.ics"}
    assert _calendars(data) == after  # and built again, the same bytes

    # Recording again changes nothing: the file is left byte for byte.
    again = _record(data)
    assert again.returncode == 0 and again.stdout == "" and path.read_text(encoding="utf-8") == edited


def test_a_session_not_yet_recorded_is_a_warning_and_recording_adds_the_block(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from test_validation import write_data

    training = """\
        id: course
        title: A course
        organisation: A trust
        source: demo
        summary: A summary.
        booking: Ask the team.
        sessions:
          # An editor's comment, kept.
          - id: one
            title: The session
            date: 2025-03-03
            start: "09:30"
            end: "10:30"
            mode: face-to-face
        """
    data = write_data(tmp_path, {"training/course.yml": training})
    content = validate(data)
    assert [str(w) for w in content.warnings if "calendar" in w.message] == [
        "toolkit_data/training/course.yml:9:9: warning: the session 'one' has no calendar revision recorded yet, so a "
        "later change to it could not reach calendars that imported it: run ./scripts/record-calendar-changes and "
        "commit this file"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    [event] = _events(_calendars(data)["downloads/training/course.ics"]).values()
    assert event["SEQUENCE"] == 0 and "LAST-MODIFIED" not in event
    assert event.decoded("DTSTAMP") == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)

    path = data / "training" / "course.yml"
    written = path.read_text(encoding="utf-8")
    start = dt.datetime.now(UTC).replace(microsecond=0)
    assert _record(data).returncode == 0
    recorded = path.read_text(encoding="utf-8")
    assert recorded.startswith(written) and "# An editor's comment, kept." in recorded
    assert not [w for w in validate(data).warnings if "calendar" in w.message]
    [event] = _events(_calendars(data)["downloads/training/course.ics"]).values()
    assert event["SEQUENCE"] == 0 and start <= event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED")


def test_the_block_is_replaced_where_it_is_and_nothing_around_it(tmp_path: Path) -> None:
    """Should an editor's file have its block before other keys, only the block's own lines are rewritten."""
    from toolkit_publisher import models as m
    from toolkit_publisher.calendar_revisions import rewrite

    when = dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    text = ('id: course\ncalendar_revisions:\n  one: {sequence: 0, changed: "2024-01-01T00:00:00Z", digest: "00"}\n\n'
            "# About the sessions\nsessions:\n  - id: one\n")
    revised = rewrite(text, 2, {"one": m.CalendarRevision(sequence=1, changed=when, digest="0123456789abcdef")})
    assert revised == ('id: course\ncalendar_revisions:\n  one: {sequence: 1, changed: "2025-01-02T03:04:05Z", '
                       'digest: "0123456789abcdef"}\n\n# About the sessions\nsessions:\n  - id: one\n')


def test_a_programme_that_does_not_read_is_not_recorded(tmp_path: Path) -> None:
    data = shutil.copytree(FIXTURE / "toolkit_data", tmp_path / "toolkit_data")
    path = data / "training" / "fixture-training.yml"
    broken = path.read_text(encoding="utf-8").replace('start: "09:30"', 'start: "soon"')
    path.write_text(broken, encoding="utf-8")
    result = _record(data)
    assert result.returncode == 1 and path.read_text(encoding="utf-8") == broken
    assert "toolkit_data/training/fixture-training.yml:" in result.stdout and "start" in result.stdout
    assert "not recorded: fix the problems above first" in result.stderr


# --- details the source prints once for several sessions ---------------------------------------------------

def test_a_derived_detail_must_be_given_and_named_once(tmp_path: Path) -> None:
    from test_validation import errors_for

    training = """\
        id: t
        title: Sessions
        organisation: A trust
        source: demo
        summary: Two sessions.
        booking: Ask the team.
        sessions:
          - id: one
            title: The first
            date: 2099-05-02
            start: "10:00"
            end: "11:00"
            mode: not-stated
            derived: [mode, audience]
          - id: two
            title: The second
            date: 2099-05-03
            start: "10:00"
            end: "11:00"
            mode: face-to-face
            derived: [mode, mode]
        """
    errors = errors_for(tmp_path, {"training/t.yml": training})
    assert any(e.startswith("toolkit_data/training/t.yml:8:5: error:") and "'derived' names mode, audience, which this "
               "session does not give" in e for e in errors), errors
    assert any(e.startswith("toolkit_data/training/t.yml:21:14: error:") and "mode is listed more than once" in e
               for e in errors), errors


def test_a_derived_detail_is_said_so_in_the_calendar_file(fixture_site: BuiltSite) -> None:
    from toolkit_publisher import labels
    from toolkit_publisher.downloads.calendars import uid

    programme = validate(FIXTURE / "toolkit_data").training["fixture-training"]
    raw = (fixture_site.root / "downloads" / "training" / f"{programme.id}.ics").read_bytes()
    described = {str(e["UID"]): str(e["DESCRIPTION"]) for e in Calendar.from_ical(raw).walk("VEVENT")}
    for session in programme.sessions:
        said = labels.PRINTED_ONCE in described[uid(programme, session)]
        assert said == bool(session.derived), session.id
