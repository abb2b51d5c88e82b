"""Training sessions as iCalendar files: Europe/London times with a VTIMEZONE, stable UIDs, text escaped by icalendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .. import labels
from .. import models as m
from .reproducible import build_time

LONDON = ZoneInfo("Europe/London")
#: UIDs end in a reserved domain: unique to this publisher, and never a real host.
UID_DOMAIN = "toolkit-publisher.invalid"


def uid(programme: m.TrainingProgramme, session: m.Session) -> str:
    """Stable across builds and edits, so re-importing a file updates the event rather than adding it twice."""
    return f"{programme.id}.{session.id}@{UID_DOMAIN}"


def _location(session: m.Session) -> str:
    venue = labels.VENUE_TO_BE_CONFIRMED if session.venue == m.TO_BE_CONFIRMED else session.venue
    return ", ".join(part for part in (labels.MODES[session.mode], venue) if part)


def _event(programme: m.TrainingProgramme, session: m.Session) -> Event:
    event = Event()
    event.add("uid", uid(programme, session))
    event.add("dtstamp", build_time())
    event.add("summary", session.title)
    event.add("dtstart", dt.datetime.combine(session.date, session.start, tzinfo=LONDON))
    event.add("dtend", dt.datetime.combine(session.date, session.end, tzinfo=LONDON))
    event.add("location", _location(session))
    lines = [session.description, f"{labels.WHO_SHOULD_ATTEND}: {session.audience}" if session.audience else None,
             session.choice, f"{labels.HOW_TO_BOOK}: {session.booking or programme.booking}",
             f"Organised by {programme.organisation}.", programme.dates_note]
    event.add("description", "\n".join(line for line in lines if line))
    return event


def to_ics(programme: m.TrainingProgramme, sessions: list[m.Session]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//NHS workforce toolkits//toolkit-publisher//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", programme.title)
    calendar.add("x-wr-timezone", programme.timezone)
    for session in sessions:
        calendar.add_component(_event(programme, session))
    calendar.add_missing_timezones()
    return calendar.to_ical()
