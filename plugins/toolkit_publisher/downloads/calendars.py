"""Training sessions as iCalendar files: Europe/London times with a VTIMEZONE, stable UIDs, text escaped by icalendar.

The VTIMEZONE is written in the form calendar programs themselves publish for Europe/London (as Google Calendar
and Outlook export it): one STANDARD and one DAYLIGHT component, each repeating yearly by an RRULE. icalendar's own
(``add_missing_timezones``) lists every past change as RDATEs under a 1970 block that ical.js and vobject misread,
placing every session an hour early. The rule is the UK's since 1996 (the last Sunday of March and of October, at
1am UTC); tests/test_calendars.py checks it against the time-zone database for every year to 2099.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from .. import calendar_revisions, editorial, labels
from .. import models as m
from .reproducible import build_time

LONDON = ZoneInfo("Europe/London")
#: UIDs end in a reserved domain: unique to this publisher, and never a real host.
UID_DOMAIN = "toolkit-publisher.invalid"


def _onset(component: TimezoneStandard | TimezoneDaylight, name: str, first: dt.datetime,
           before: int, after: int) -> TimezoneStandard | TimezoneDaylight:
    """One change of the clocks, every year on the last Sunday of the month of ``first`` (its first time, in the
    local time before the change), from UTC+``before`` to UTC+``after``."""
    component.add("dtstart", first)
    component.add("rrule", {"freq": "yearly", "bymonth": first.month, "byday": "-1su"})
    component.add("tzname", name)
    component.add("tzoffsetfrom", dt.timedelta(hours=before))
    component.add("tzoffsetto", dt.timedelta(hours=after))
    return component


def london_timezone() -> Timezone:
    """Europe/London as Google Calendar exports it: BST from 1am on the last Sunday of March, GMT from 2am (BST) on
    the last Sunday of October, every year, first in 1970 (the 29 March and 25 October of 1970 were those Sundays)."""
    timezone = Timezone()
    timezone.add("tzid", "Europe/London")
    timezone.add("x-lic-location", "Europe/London")
    timezone.add_component(_onset(TimezoneDaylight(), "BST", dt.datetime(1970, 3, 29, 1), before=0, after=1))
    timezone.add_component(_onset(TimezoneStandard(), "GMT", dt.datetime(1970, 10, 25, 2), before=1, after=0))
    return timezone


def uid(programme: m.TrainingProgramme, session: m.Session) -> str:
    """Stable across builds and edits, so re-importing a file updates the event rather than adding it twice."""
    return f"{programme.id}.{session.id}@{UID_DOMAIN}"


def _location(session: m.Session) -> str:
    venue = labels.VENUE_TO_BE_CONFIRMED if session.venue == m.TO_BE_CONFIRMED else session.venue
    return ", ".join(part for part in (labels.MODES[session.mode], venue) if part)


def _event(programme: m.TrainingProgramme, session: m.Session) -> Event:
    event = Event()
    event.add("uid", uid(programme, session))
    # As recorded in the content (see calendar_revisions.py), so they move on when, and only when, the session changes.
    revision = calendar_revisions.revision(programme, session)
    event.add("sequence", revision.sequence)
    event.add("dtstamp", revision.changed or build_time())
    if revision.changed is not None:
        event.add("last-modified", revision.changed)
    event.add("summary", session.title)
    event.add("dtstart", dt.datetime.combine(session.date, session.start, tzinfo=LONDON))
    event.add("dtend", dt.datetime.combine(session.date, session.end, tzinfo=LONDON))
    event.add("location", _location(session))
    # As the schedule's row says it: a session whose source gives no way to book says so, as its row does, rather than
    # taking the programme's general words (which would tell a reader more than the source does of this session).
    lines = [session.description, f"{labels.WHO_SHOULD_ATTEND}: {session.audience}" if session.audience else None,
             session.choice, f"{labels.HOW_TO_BOOK}: {session.booking or labels.NOT_STATED}",
             f"Organised by {programme.organisation}.", _derived_line(session), programme.dates_note]
    event.add("description", "\n".join(line for line in lines if line))
    return event


def _derived_line(session: m.Session) -> str | None:
    """The page marks the details the source prints once for several sessions; the calendar says which they are."""
    if not session.derived:
        return None
    names = {"title": "title", "description": "description", "audience": labels.WHO_SHOULD_ATTEND.lower(),
             "mode": "mode", "venue": "venue", "booking": labels.HOW_TO_BOOK.lower(), "choice": "choice of sessions"}
    details = ", ".join(names[detail] for detail in session.derived)
    return f"Given here by the editors ({labels.PRINTED_ONCE}): {details}."


def to_ics(programme: m.TrainingProgramme, sessions: list[m.Session]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//NHS workforce toolkits//toolkit-publisher//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", editorial.said_words(programme, "title"))
    calendar.add("x-wr-timezone", programme.timezone)
    calendar.add_component(london_timezone())  # before the events, which name it
    for session in sessions:
        calendar.add_component(_event(programme, session))
    return calendar.to_ical()
