"""The words readers see for what the content says, or does not say, in one place.

Pages (through the Jinja environment, as ``labels``) and downloads (Word, OpenDocument, Excel, CSV and
calendar files) take their labels from here, so a page and the file offered beside it never describe the
same fact in different words. Where two places disagreed, the wording kept is the one that says honestly
what the source lacks ("Mode not stated in the source", not "Mode not stated"). The self-assessment script
has its own few words ("Yes", "No"): it is not built from Python.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType
from typing import Mapping, Sequence

# --- what the source does not give -----------------------------------------------------------------
NOT_STATED = "Not stated in the source"
VENUE_TO_BE_CONFIRMED = "Venue to be confirmed"
LINK_NOT_PROVIDED = "Link not yet provided"
#: After a link in running text to a resource the source gives no address for: on the page and in the downloads.
LINK_NOT_PROVIDED_IN_TEXT = f"({LINK_NOT_PROVIDED.lower()})"

# --- resource lists ----------------------------------------------------------------------------------
#: Before the name of a resource's publisher, where the source names one.
PUBLISHER = "Publisher"

# --- training sessions: how each is held, and the headings of the schedule its calendar file repeats --
MODES: Mapping[str, str] = MappingProxyType({
    "microsoft-teams": "Microsoft Teams",
    "face-to-face": "Face to face",
    "not-stated": "Mode not stated in the source",
})
WHO_SHOULD_ATTEND = "Who should attend"
HOW_TO_BOOK = "How to book"
#: In place of "How to book" above a schedule whose sessions have all taken place: what booking was, not an offer.
HOW_IT_WAS_BOOKED = "How sessions were booked"
#: Beside a session held before the day the site was built, in its schedule and where its calendar file is offered.
TAKEN_PLACE = "Taken place"
#: Above a schedule whose sessions have all taken place.
ALL_TAKEN_PLACE = "Every session in this schedule has taken place."
#: The title of the editors' note on a schedule's dates (a year the source does not give, say).
ABOUT_THE_DATES = "About the dates"
#: In the "How to book" cell of a session that has taken place, before the source's words on booking it.
BOOKING_CLOSED = "No longer offered: the session has taken place. The source said:"
#: Beside a session's detail that the source prints once for several sessions, not beside this one (``derived``).
PRINTED_ONCE = "printed once in the source, for several sessions"

# --- checklists: the columns the page, the Word and OpenDocument files, the workbook and the CSV share --
YES = "Y"
NO = "N"
NUMBER = "No."
GROUP = "Group"
QUESTION = "Question"
YES_NO = f"{YES}/{NO}"
#: After a toolkit's title, heading the page of every checklist section printed together.
CHECKLIST = "checklist"
RESPONSE = "Response"
PROMPTS = "Prompts for next steps"
CHECKLIST_COLUMNS = (NUMBER, QUESTION, YES_NO, RESPONSE, PROMPTS)
WHO_THIS_IS_FOR = "Who this is for"
#: In the Y/N column of a question that is not answered yes or no: read out on the page (where a dash shows).
NOT_YES_NO: Mapping[str, str] = MappingProxyType({
    "text": "Not a yes or no question",
    "figure": "Not a yes or no question: give a figure",
})
#: The same, printed in the narrow Y/N column of a download, where it must fit in a few characters.
NOT_YES_NO_CELL: Mapping[str, str] = MappingProxyType({
    "text": "n/a: write a response",
    "figure": "n/a: give a figure",
})

# --- job descriptions: the person specification's columns, and the heading the site adds -----------
#: Above a person specification the source gives no heading, and over its column of requirements where the
#: source names none: both are the editors' words, marked as added.
PERSON_SPECIFICATION = "Person specification"
REQUIREMENT = "Requirement"
ESSENTIAL = "Essential"
DESIRABLE = "Desirable"
#: After the Essential or Desirable of a row whose column the source does not show (``column: editors-reading``).
EDITORS_READING = "editors' reading"
#: In both columns of a row whose column the source does not show and the editors do not read (``not-legible``).
COLUMN_NOT_LEGIBLE = "Not legible in the source"
#: Before a key the source prints to its person specification's codes.
KEY = "Key"


def person_spec_columns(requirement: str | None, measured: str | None) -> list[tuple[str, bool]]:
    """A person specification's column names, each with whether the editors added it: the source's names as printed,
    and 'Requirement' only where the source names no column of requirements."""
    columns = [(requirement or REQUIREMENT, requirement is None), (ESSENTIAL, False), (DESIRABLE, False)]
    return columns + ([(measured, False)] if measured else [])


# --- documents from the source's time ------------------------------------------------------------
#: What a historical document is, by the kind's noun, as the page, the file and the downloads list say it.
HISTORICAL_NOUNS: Mapping[str, str] = MappingProxyType({
    "job_descriptions": "Example job description",
    "templates": "Example document",
})
#: Beside a resource whose address dates from the source's time and no longer leads where it did.
HISTORICAL_ADDRESS = "historical address, from the source's time; it may no longer work"


def when(dated: str) -> str:
    """A date the source may give only in part (2006, 2005-01), in words: '2006', 'January 2005', '3 May 2005'."""
    parts = [int(part) for part in dated.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    day = dt.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return f"{day:%B %Y}" if len(parts) == 2 else long_date(day)


def historical(kind: str, dated: str) -> str:
    """A historical document's status, the same on its page, in its files and in the downloads list: 'Example job
    description from 2006, not a current template'."""
    return f"{HISTORICAL_NOUNS[kind]} from {when(dated)}, not a current template"


def historical_title(title: str, kind: str, dated: str) -> str:
    """A historical document's title in its files (metadata and the title printed on its first page)."""
    status = historical(kind, dated)
    return f"{title}: {status[0].lower()}{status[1:]}"


#: A cell's words and the editorial mark they carry (editorial.py's kind), or None where they are the source's.
Cell = tuple[str, str | None]


def person_spec_cells(essential: bool, desirable: bool, column: str) -> tuple[Cell, Cell]:
    """A person-specification row's Essential and Desirable cells, the same on the page and in the downloads: a
    reading the source does not show is marked as the editors' ('derived', shown "Essential (editors' reading)" by
    the page's mark and by the files' words for it), never written as if the source printed it."""
    if column == "not-legible":
        return (COLUMN_NOT_LEGIBLE, None), (COLUMN_NOT_LEGIBLE, None)
    mark = "derived" if column == "editors-reading" else None
    return ((ESSENTIAL, mark) if essential else ("", None)), ((DESIRABLE, mark) if desirable else ("", None))


def person_spec_note(rows: Sequence[tuple[str, str]]) -> str:
    """The editor's note's sentences naming exactly the rows (requirement, column) whose column the source does not
    show, so a reader knows which marks to check against the original; empty when the source shows every row's."""
    read = [text for text, column in rows if column == "editors-reading"]
    not_legible = [text for text, column in rows if column == "not-legible"]
    sentences = []
    shown_as = f"shown as \u2018{EDITORS_READING}\u2019"
    if read and len(read) == len(rows):
        sentences.append("The source does not show which column (Essential or Desirable) any row of the person "
                         f"specification is in: every mark here is the editors' reading, {shown_as}.")
    elif read:
        sentences.append("The source does not show which column (Essential or Desirable) these rows of the person "
                         f"specification are in, so their marks here are the editors' reading, {shown_as}: "
                         + _quoted(read) + ".")
    if not_legible:
        sentences.append("The source does not show whether these are essential or desirable, and the editors make no "
                         "reading: " + _quoted(not_legible) + ".")
    return " ".join(sentences)


def _quoted(texts: Sequence[str]) -> str:
    return "; ".join(f"\u2018{text}\u2019" for text in texts)


# --- any page --------------------------------------------------------------------------------------
EDITORS_NOTE = "Editor's note"
#: The headings of a toolkit's home page, over its parts and over the editors' account of its source (CONTENTS is
#: also above a template's list of its own sections and annexes: the site's way round the page).
CONTENTS = "Contents"
ABOUT_THIS_CONTENT = "About this content"
#: The offer, on a toolkit's home page, of every checklist section printed together.
PRINT_EVERY_SECTION = "Print every checklist section"
EACH_ON_A_NEW_PAGE = "each starting on a new page"
#: The toolkit's "Your answers" page (check_answers.md.j2), as its home page and the self-assessment panel link it.
YOUR_ANSWERS = "Your answers and action plan"
#: After the toolkit's title in the heading of that page.
CHECK_ANSWERS = "your answers"
YOUR_ANSWERS_HINT = ("every section's answers saved on this device or in a file, a readiness summary, and an action "
                     "plan made from the prompts for next steps")


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A number of things, as pages and downloads say it: '1 question', '27 resources', '2 annexes'."""
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"


#: The author of a toolkit's feed of changes: its entries are the editors' summaries of what changed on this site.
FEED_AUTHOR = "The editors of this site"
#: The data page's heading over the publications' feeds of changes.
FEEDS_OF_CHANGES = "Feeds of changes"
#: On the data page, where no change log records a change to what a file holds (a schema).
NOT_RECORDED = "Not recorded"


# --- case studies and organisations ---------------------------------------------------------------
WHAT_THEY_DID = "What they did"
OUTCOME = "Outcome"
#: Under "Outcome", where the source states none for the example.
NO_OUTCOME = "The source does not state an outcome for this example."
CASE_STUDIES = "Case studies"
#: On an organisation's page, where no case study names it.
NO_CASE_STUDY = "No case study names this organisation yet."

# --- document templates ----------------------------------------------------------------------------
#: Above each note the source prints within a section (shaded, or in square brackets), on the page and in the files.
SOURCE_NOTE = "Note from the source"


def annex(letter: str, heading: str) -> str:
    """An annex's heading, the same in the page's contents, its heading and the Word file."""
    return f"Annex {letter}: {heading}"


# --- reviews: a page past its review date says so, near its top and in print -------------------------
#: The notice's title, and the name a screen reader gives it.
REVIEW_DUE = "Review due"


def long_date(day: dt.date) -> str:
    """A day as pages write it: '23 November 2027'."""
    return f"{day.day} {day:%B %Y}"


def review_overdue(due: dt.date) -> str:
    """What a page past its review date says near its top, worked out on the day the site is built."""
    return f"This page was due for review on {long_date(due)}. The content may be out of date."


#: Above the list of a printout's sections past their review date (the printed checklist), each named with its date.
SECTIONS_OVERDUE = "These sections were due for review, so their content may be out of date:"


def section_overdue(due: dt.date) -> str:
    """What follows a section's title in that list."""
    return f"due for review on {long_date(due)}"


# --- change logs: a toolkit's home page, each part a change touched, and the toolkit's feed ------------------
LATEST_CHANGES = "Latest changes"
#: The link to a toolkit's Atom feed of its changes, under its latest changes.
SUBSCRIBE_TO_CHANGES = "Subscribe to changes (Atom feed)"
#: Near the top of a part that changes touched: the note's title, and the name a screen reader gives it.
CHANGES_TO_THIS_PAGE = "Changes to this page"
#: Before the parts a change on a toolkit's home page touched.
PARTS_CHANGED = "Parts changed"


def all_changes(number: int) -> str:
    """Under a home page's latest changes, where there are more than it shows."""
    return f"The feed lists all {number} changes."


def feed_subtitle(title: str) -> str:
    """An Atom feed's subtitle: what it lists, and whose words its entries are."""
    return f"Changes to \u2018{title}\u2019 published on this site, each summarised in the editors' words."


#: The pages that work on files of saved answers (answers_tools.py), as the toolkit's home page and its "Your
#: answers" page link them.
COMPARE_ANSWERS = "Compare saved answers"
COMPARE_ANSWERS_HINT = "open two files of saved answers, say from March and September, and see what changed"
TEAM_ANSWERS = "Combine a team's answers"
TEAM_ANSWERS_HINT = ("open several people's files of saved answers and see where they agree and differ, with one "
                     "action plan")
