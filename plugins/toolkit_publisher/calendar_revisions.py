"""Which revision of each training session calendars have been given: its event's SEQUENCE, DTSTAMP and
LAST-MODIFIED, stored in the content so that every build of the same content gives the same bytes.

A calendar that imported a session replaces it only with a version it can tell is newer (RFC 5546: a higher
SEQUENCE, or the same SEQUENCE and a later DTSTAMP). Neither may come from the build: a build's clock would change the
files of every build, and git's history is not there on a shallow clone (CI checks out one commit) nor in a copy of
the files. So each programme's file stores, at its end, each session's last revision::

    calendar_revisions:
      launch-session: {sequence: 1, changed: "2025-03-02T10:15:00Z", digest: "0f3a5c7e9b1d2f4a"}

``digest`` is a digest of everything the session's event is made from (its fields, and the programme's id,
organisation, booking and dates note). ``./scripts/record-calendar-changes`` (:func:`record`) adds one to
``sequence`` and sets ``changed`` to the time it is run for each session whose digest no longer matches, and records
new sessions at 0; nothing else writes it. Validation warns (:func:`problems`) of a session whose details differ
from its recorded digest, which is published one revision past its record, stamped one second after it (so an
editor's change made in the browser, with no script to run, still reaches calendars once), and of a session not
yet recorded, which is published at SEQUENCE 0 stamped with SOURCE_DATE_EPOCH. Only a second unrecorded change
would go unseen: the warning says to record. Entries of sessions that are gone are kept, so a session put back
under the same id goes on from its last revision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass

from . import models as m

#: Where editors are sent to record a change.
SCRIPT = "./scripts/record-calendar-changes"
KEY = "calendar_revisions"
#: Written above the block when it is first added to a file.
COMMENT = (f"# What calendars have been told of each session, kept by {SCRIPT}: leave it as it is.\n"
           "# When a session changes, run that script, so that calendars that imported the session take the change.\n")


@dataclass(frozen=True)
class Revision:
    """What a session's event says of its version: a SEQUENCE, and when it was recorded (None: not yet)."""

    sequence: int
    changed: dt.datetime | None


def digest(programme: m.TrainingProgramme, session: m.Session) -> str:
    """Of everything the session's event is made from; a field left out (or an empty list) does not count, so adding
    an optional field to the model changes no digest."""
    fields = {name: value for name, value in session.model_dump(mode="json", exclude_none=True).items()
              if value != []}  # an empty list, like None, is a field left out
    made_from = {"session": fields,
                 "programme": programme.model_dump(mode="json", exclude_none=True,
                                                   include={"id", "organisation", "booking", "dates_note", "timezone"})}
    text = json.dumps(made_from, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def revision(programme: m.TrainingProgramme, session: m.Session) -> Revision:
    """The revision its calendar event carries: as recorded, or 0 and not yet recorded.

    A session changed since it was recorded (a warning) is one past its record, stamped one second after it: later
    than the version calendars have, and the same in every build until the change is recorded."""
    recorded = programme.calendar_revisions.get(session.id)
    if recorded is None:
        return Revision(0, None)
    if recorded.digest != digest(programme, session):
        return Revision(recorded.sequence + 1, recorded.changed + dt.timedelta(seconds=1))
    return Revision(recorded.sequence, recorded.changed)


def problems(programme: m.TrainingProgramme) -> list[tuple[int, str]]:
    """Each session whose calendar revision is out of date or not recorded, as the index of the session and the
    message (a warning: the site is right either way, and an editor without the script can still publish)."""
    found = []
    for index, session in enumerate(programme.sessions):
        recorded = programme.calendar_revisions.get(session.id)
        if recorded is None:
            found.append((index, f"the session '{session.id}' has no calendar revision recorded yet, so "
                          "a later change to it could not reach calendars that imported it: run "
                          f"{SCRIPT} and commit this file"))
        elif recorded.digest != digest(programme, session):
            found.append((index, f"the session '{session.id}' has changed (or the programme's "
                          "organisation, booking or dates note, which its calendar event repeats) since its calendar "
                          f"revision {recorded.sequence} was recorded; it is published as revision "
                          f"{recorded.sequence + 1}, but a further change would not reach calendars that imported "
                          f"it until this one is recorded: run {SCRIPT} and commit this file"))
    return found


def record(programme: m.TrainingProgramme, now: dt.datetime) -> dict[str, m.CalendarRevision]:
    """Every session's revision as it is now: the same if unchanged, one more and stamped ``now`` if changed, 0 if
    new; entries of sessions that are gone are kept (see the module's docstring)."""
    stamp = now.astimezone(dt.timezone.utc).replace(microsecond=0)
    revisions = dict(programme.calendar_revisions)
    for session in programme.sessions:
        current, recorded = digest(programme, session), revisions.get(session.id)
        if recorded is None:
            revisions[session.id] = m.CalendarRevision(sequence=0, changed=stamp, digest=current)
        elif recorded.digest != current:
            revisions[session.id] = m.CalendarRevision(sequence=recorded.sequence + 1, changed=stamp, digest=current)
    ordered = [session.id for session in programme.sessions]
    ordered += [session_id for session_id in revisions if session_id not in ordered]
    return {session_id: revisions[session_id] for session_id in ordered}


def as_yaml(revisions: dict[str, m.CalendarRevision]) -> str:
    """The block as it is written at the end of a programme's file: one line a session, so a change is one line."""
    lines = [f"{KEY}:"]
    for session_id, entry in revisions.items():
        changed = entry.changed.strftime("%Y-%m-%dT%H:%M:%SZ")
        lines.append(f'  {session_id}: {{sequence: {entry.sequence}, changed: "{changed}", digest: "{entry.digest}"}}')
    return "\n".join(lines) + "\n"


_TOP_LEVEL = re.compile(r"^\S", flags=re.MULTILINE)


def rewrite(text: str, key_line: int | None, revisions: dict[str, m.CalendarRevision]) -> str:
    """A programme file's text with its block replaced (from its key, on line ``key_line``, up to the next line that
    starts at the margin), or added at the end: none of the editor's lines is touched."""
    block = as_yaml(revisions)
    if key_line is None:
        return text.rstrip("\n") + "\n\n" + COMMENT + block
    start = sum(len(line) + 1 for line in text.split("\n")[:key_line - 1])
    line_end = text.find("\n", start)
    after = _TOP_LEVEL.search(text, line_end + 1) if line_end >= 0 else None
    end = after.start() if after else len(text)
    region = text[start:end]
    return text[:start] + block + region[len(region.rstrip("\n")) + 1:] + text[end:]
