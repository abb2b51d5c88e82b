"""The words readers see for what the content says, or does not say, in one place.

Pages (through the Jinja environment, as ``labels``) and downloads (Word, OpenDocument, Excel, CSV and
calendar files) take their labels from here, so a page and the file offered beside it never describe the
same fact in different words. Where two places disagreed, the wording kept is the one that says honestly
what the source lacks ("Mode not stated in the source", not "Mode not stated"). The self-assessment script
has its own few words ("Yes", "No"): it is not built from Python.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

# --- what the source does not give -----------------------------------------------------------------
NOT_STATED = "Not stated in the source"
VENUE_TO_BE_CONFIRMED = "Venue to be confirmed"
LINK_NOT_PROVIDED = "Link not yet provided"

# --- training sessions: how each is held, and the headings of the schedule its calendar file repeats --
MODES: Mapping[str, str] = MappingProxyType({
    "microsoft-teams": "Microsoft Teams",
    "face-to-face": "Face to face",
    "not-stated": "Mode not stated in the source",
})
WHO_SHOULD_ATTEND = "Who should attend"
HOW_TO_BOOK = "How to book"
#: Beside a session held before the day the site was built, in its schedule and where its calendar file is offered.
TAKEN_PLACE = "Taken place"

# --- checklists: the columns the page, the Word and OpenDocument files, the workbook and the CSV share --
YES = "Y"
NO = "N"
NUMBER = "No."
GROUP = "Group"
QUESTION = "Question"
YES_NO = f"{YES}/{NO}"
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

# --- job descriptions: headings and the person specification's columns ------------------------------
JOB_DETAILS = "Job details"
JOB_PURPOSE = "Job purpose"
MAIN_DUTIES = "Main duties and responsibilities"
PERSON_SPECIFICATION = "Person specification"
REQUIREMENT = "Requirement"
ESSENTIAL = "Essential"
DESIRABLE = "Desirable"
HOW_ASSESSED = "How assessed"
ASSESSMENTS: Mapping[str, str] = MappingProxyType({
    "application-form": "Application form",
    "interview": "Interview",
    "assessment": "Assessment",
    "references": "References",
})

# --- any page --------------------------------------------------------------------------------------
EDITORS_NOTE = "Editor's note"


def annex(letter: str, heading: str) -> str:
    """An annex's heading, the same in the page's contents, its heading and the Word file."""
    return f"Annex {letter}: {heading}"
