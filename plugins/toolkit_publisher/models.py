"""The content model: one typed class per kind of YAML file, the single definition of what is valid.

The same classes validate the YAML and generate the JSON Schemas that editors' tools use,
so the two can never disagree. Every field's description is shown to editors in those tools.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator,
                      model_validator)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
NOT_PROVIDED = "not-yet-provided"
TO_BE_CONFIRMED = "to-be-confirmed"
NOT_ASSIGNED = "not-yet-assigned"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80), Field(
    description="A stable id: lowercase letters, digits and single hyphens, such as 'regional-readiness'.")]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(lambda value: _not_blank(value))]
Markdown = Annotated[Text, Field(description=(
    "Text in Markdown. Link to other content by id: [words](resource:ID), and likewise toolkit:, page:, training:, "
    "template:, job-description:, case-study: and organisation:."))]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("text must not be blank")
    return value


_MARKUP = re.compile(r"[<>]|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def _plain_title(value: str) -> str:
    """Titles reach page titles, the sidebar and search, where themes treat them as HTML: keep markup out. A title
    is one line: a heading ends at a line break, so the rest would be published as a paragraph below it."""
    found = _MARKUP.search(value)
    if found:
        raise ValueError(f"a title cannot contain '{found.group(0)}'; write it in words, without HTML or entities")
    if "\n" in value.strip():
        raise ValueError("a title is one line, and this one has a line break: write it on one line (in quoted "
                         "text, remove the \\n)")
    return value


Title = Annotated[Text, AfterValidator(_plain_title)]


def _partial_date(value: str) -> str:
    """A year, a year and month, or a full date: sources often give no more than a year."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    try:
        dt.datetime.strptime(value, formats[len(value)])
    except (KeyError, ValueError):
        raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2021 or 2021-03-15") from None
    return value


PartialDate = Annotated[str, AfterValidator(_partial_date), Field(
    description="YYYY, YYYY-MM or YYYY-MM-DD: give only as much as the source states.")]

#: Characters no link needs that would end or break out of a Markdown link or an HTML attribute, or hide
#: in a log: whitespace, quotes, angle brackets, backslashes, backticks and control characters.
_LINK_UNSAFE = re.compile(r"""[\s"'<>\\`\x00-\x1f\x7f-\x9f]""")
_HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_EXPECTED_LINK = f"expected an https:// or http:// address, or '{NOT_PROVIDED}' when the source gives no link"


def _balanced(value: str) -> bool:
    """Parentheses in pairs (as in Wikipedia addresses); a stray ')' would end a Markdown link early."""
    depth = 0
    for char in value:
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0


def _host_problem(host: str) -> str | None:
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return f"the host name '{host}' is not a valid domain name"
    if not all(_HOST_LABEL.match(label) for label in ascii_host.lower().rstrip(".").split(".")):
        return f"the host name '{host}' is not a valid domain name"
    return None


def link_problem(value: str) -> str | None:
    """Why a link is not a safe absolute web address, or None: parsed, not pattern-matched.

    A path within the site ('/about/') is refused: published under a project path (as GitHub Pages
    publishes), it would lead off the site; a page of the site is linked by id from a text instead."""
    unsafe = _LINK_UNSAFE.search(value)
    if unsafe:
        char = unsafe.group()
        shown = "a space" if char == " " else f"'{char}'" if char.isprintable() else f"U+{ord(char):04X}"
        return f"a link cannot contain {shown}; percent-encode it (a space is %20) or remove it"
    if not _balanced(value):
        return "a link's parentheses must come in pairs; write a stray '(' as %28 and ')' as %29"
    if value.startswith("/"):
        return ("a path within this site would lead off it where the site is published under a path; link to a "
                "page of this site from a text by its id instead, such as [words](toolkit:ID)")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return "the address cannot be read as a web address"
    if parts.scheme not in ("https", "http"):
        return "a link must start with https:// or http://"
    if "@" in parts.netloc:
        return "an address cannot name a user before its host ('...@'); link to the host itself"
    if not parts.hostname:
        return "the address has no host name after '//'"
    return _host_problem(parts.hostname)


def _link(value: str) -> str:
    if value == NOT_PROVIDED:
        return value
    problem = link_problem(value)
    if problem:
        raise ValueError(f"{problem}; {_EXPECTED_LINK}")
    return value


Link = Annotated[str, AfterValidator(_link), Field(
    description=f"An https:// address, or '{NOT_PROVIDED}' when the source gives none.")]


class Model(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise vanish without a word."""

    model_config = ConfigDict(extra="forbid", frozen=True)


EditorNote = Annotated[Text | None, Field(
    description="An editor's note, shown apart from the source's words: what the source lacks or what was inferred.")]


Owner = Annotated[Text, Field(description=(
    f"Who keeps this content up to date: a team or role, never a person's e-mail address; '{NOT_ASSIGNED}' "
    "until someone is."))]


#: A summary of an entry: the sources have none, so it is always the editors' words, and shown marked as theirs.
Summary = Annotated[Text, Field(description=(
    "A sentence or two in the editors' words saying what this is; shown marked as the editors' addition."))]


def _wrote_field() -> Any:
    return Field(default_factory=list, description=(
        "The fields of this entry whose words are the editors', not the source's, such as [title] where the source "
        "gives no title: each is shown marked as the editors' addition wherever it appears."))


class EditorsWords(Model):
    """Content whose words a reader sees: it can say which of them the editors wrote, not the source, so a page never
    passes the editors' words off as the source's. Each kind declares ``editors_wrote`` as a list of the fields it
    may name (so its schema lists them, and a wrong name is an error at that name); ``ALWAYS`` are the fields that
    are the editors' by their nature (a summary: the sources have none), never named."""

    ALWAYS: ClassVar[tuple[str, ...]] = ()

    @field_validator("editors_wrote", check_fields=False)
    @classmethod
    def _names_given_once_each(cls, names: list[str], info: ValidationInfo) -> list[str]:
        """On ``editors_wrote``, declared after the fields it names (so they are checked first), so the message
        points at it."""
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} is listed more than once; list each field once")
        missing = [name for name in dict.fromkeys(names) if name in info.data and not info.data[name]]
        if missing:
            raise ValueError(f"it names {', '.join(missing)}, which is not given here; give it, or take it out")
        return names

    def wrote(self) -> frozenset[str]:
        """The fields whose words are the editors'."""
        return frozenset((*self.ALWAYS, *getattr(self, "editors_wrote", ())))


class Publishable(Model):
    """Content with an owner and review dates; left out, they are inherited from the toolkit it belongs to."""

    owner: Owner | None = None
    last_reviewed: dt.date | None = Field(None, description="When the content was last checked against its source.")
    review_due: dt.date | None = Field(None, description="When it must next be reviewed.")

    @field_validator("review_due")
    @classmethod
    def _due_after_reviewed(cls, review_due: dt.date | None, info: ValidationInfo) -> dt.date | None:
        """On ``review_due`` (after ``last_reviewed``, which is checked first), so the message points at it."""
        last_reviewed = info.data.get("last_reviewed")
        if isinstance(last_reviewed, dt.date) and review_due and review_due <= last_reviewed:
            raise ValueError(f"it ({review_due}) must come after 'last_reviewed' ({last_reviewed}): give the date "
                             "the next review is due")
        return review_due


# --- toolkits and their parts ---------------------------------------------------------------


# Each key of a part is the ``part`` of a kind in the registry (kinds.py), which says which folder its entry is in.
class Part(Model):
    """One part of a toolkit, in reading order: a guidance page, a checklist section or a resource list."""

    page: Slug | None = Field(None, description="The id of a page in toolkit_data/pages/.")
    checklist: Slug | None = Field(None, description="The id of a question set in toolkit_data/question_sets/.")
    resources: Slug | None = Field(None, description="The id of a resource list in toolkit_data/resources/.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Part:
        given = [name for name in type(self).model_fields if getattr(self, name)]
        if len(given) != 1:
            raise ValueError("each part names exactly one of 'page', 'checklist' or 'resources'")
        return self

    @property
    def kind(self) -> str:
        return "page" if self.page else "checklist" if self.checklist else "resources"

    @property
    def ref(self) -> str:
        return self.page or self.checklist or self.resources or ""


class Change(EditorsWords):
    """One change to a published toolkit, for its change log: its home page, the parts it touched and its Atom feed."""

    #: A summary of a change is the editors' account of what they did, never the source's words.
    ALWAYS: ClassVar[tuple[str, ...]] = ("summary",)

    date: dt.date = Field(description="The day the change was published, as YYYY-MM-DD.")
    summary: Text = Field(description=(
        "What changed, in a sentence or two of the editors' words, for readers who printed an earlier version."))
    parts: list[Slug] = Field(default_factory=list, description=(
        "The ids of the parts of this toolkit the change touched (each shows it); leave out for the whole toolkit."))


class Toolkit(Publishable, EditorsWords):
    """A published toolkit or guidance document: its facts and its parts in order.

    Its owner and review dates are required, and apply to every part and entity drawn from it
    that does not give its own.
    """

    ALWAYS: ClassVar[tuple[str, ...]] = ("summary", "audiences", "source")

    owner: Owner
    last_reviewed: dt.date = Field(description="When the content was last checked against its source.")
    review_due: dt.date = Field(description="When it must next be reviewed.")

    id: Slug
    title: Title
    subtitle: Text | None = None
    short_title: Title | None = Field(None, description="A shorter title for the navigation.")
    summary: Text = Field(description=(
        "One or two sentences in the editors' words, shown marked as theirs on the home page and in search results."))
    publisher: Text | None = Field(None, description="Who published it; leave out if the source does not say.")
    published: PartialDate | None = Field(None, description="When the source was published; leave out if it does not say.")
    version: Text | None = Field(None, description="The version or edition, only if the source states one.")
    licence: Text | None = Field(None, description=(
        "The licence the publication states for reuse, in its words; leave out if it states none (the data page then "
        "says 'Not stated in the source')."))
    audiences: list[Text] = Field(min_length=1, description="Who the toolkit is for, in the editors' words.")
    source: Text | None = Field(None, description=(
        "Where this content comes from, for readers checking it, in the editors' words."))
    parts: list[Part] = Field(min_length=1)
    changes: list[Change] = Field(default_factory=list, description=(
        "The change log: each change published on this site, with its date, a summary in the editors' words and "
        "the parts it touched. The home page shows the latest, each part those that touched it, and the toolkit's "
        "Atom feed all of them."))
    editors_wrote: list[Literal["title", "subtitle", "publisher"]] = _wrote_field()

    def changes_to(self, part_id: str) -> list[Change]:
        """The changes that touched one part, newest first."""
        return [change for change in self.latest_changes() if part_id in change.parts]

    def latest_changes(self) -> list[Change]:
        """Every change, newest first (two on one day in the order the file gives them)."""
        return sorted(self.changes, key=lambda change: change.date, reverse=True)


class Milestone(EditorsWords):
    """A step in a page's timeline."""

    title: Title
    date: PartialDate | None = Field(None, description="Only if the source gives one.")
    description: Text | None = None
    editors_wrote: list[Literal["title", "description"]] = _wrote_field()


class Page(Publishable, EditorsWords):
    """A page of guidance prose within a toolkit, optionally ending with milestones shown as a timeline."""

    ALWAYS: ClassVar[tuple[str, ...]] = ("summary",)

    id: Slug
    title: Title
    summary: Summary | None = None
    body: Markdown
    editor_note: EditorNote = None
    milestones_heading: Text | None = Field(None, description="The heading above the milestones, such as 'Key milestones'.")
    milestones: list[Milestone] = Field(default_factory=list, description="Ordered milestones, shown as a timeline.")
    editors_wrote: list[Literal["title"]] = _wrote_field()


# --- checklists -------------------------------------------------------------------------------


class Question(Model):
    """A readiness question with its answer columns and prompts for next steps."""

    id: Slug = Field(description="Stable within its question set; saved answers are keyed by it.")
    text: Text
    answer: Literal["yes-no", "text", "figure"] = Field("yes-no", description=(
        "The columns the source gives the question: yes-no (the usual), a Y/N column and a response; text, a response "
        "only, where the source has no Y/N column. figure, a number and a response, is the editors' addition, marked "
        "as such on the page: use it only where the source asks for a figure and has no Y/N column."))
    prompts_intro: Text | None = Field(None, description="A lead-in line before the prompts, such as 'Consider:'.")
    prompts: list[Text] = Field(default_factory=list, description="Prompts for next steps, in order.")
    resources: list[Slug] = Field(default_factory=list, description=(
        "Ids of resources that help with this question; listed under it as the editors' addition (marked as such), "
        "since a source's checklist seldom links them."))


class QuestionGroup(EditorsWords):
    """A heading within a checklist section, such as 'Strategy'."""


    title: Title
    questions: list[Question] = Field(min_length=1)
    editors_wrote: list[Literal["title"]] = _wrote_field()


class QuestionSet(Publishable, EditorsWords):
    """A checklist section: questions are numbered in the order given, across groups."""


    id: Slug
    title: Title
    short_title: Title | None = Field(None, description="A shorter title for the navigation.")
    audience: Text = Field(description="Who answers this section.")
    intro: Markdown | None = None
    questions: list[Question] | None = Field(None, description="The questions, when the section has no groups.")
    groups: list[QuestionGroup] | None = Field(None, description="Headed groups of questions, when the section has them.")
    editors_wrote: list[Literal["title", "audience"]] = _wrote_field()

    @model_validator(mode="after")
    def _questions_or_groups(self) -> QuestionSet:
        if (self.questions is None) == (self.groups is None):
            raise ValueError("give either 'questions' or 'groups', not both and not neither")
        if self.questions is not None and not self.questions:
            raise ValueError("'questions' must list at least one question")
        return self

    def all_questions(self) -> list[Question]:
        if self.groups is not None:
            return [question for group in self.groups for question in group.questions]
        return list(self.questions or [])


# --- resources --------------------------------------------------------------------------------


class Resource(EditorsWords):
    """A curated link. Its category is the category it is listed under."""


    id: Slug = Field(description="Unique across all resource lists.")
    title: Title
    link: Link
    link_status: Literal["current", "historical"] = Field("current", description=(
        "'historical' for an address from the source's time that no longer leads to what the source meant (a site "
        "since closed or moved): the site shows it as a historical address. 'current' (the default) otherwise."))
    publisher: Text | None = Field(None, description="Only if the source names it.")
    description: Text | None = None
    note: Text | None = Field(None, description="A short qualifier from the source, such as '(section 4)'.")
    editors_wrote: list[Literal["title", "description", "note", "publisher"]] = _wrote_field()


class ResourceCategory(EditorsWords):
    """A heading in a resource list; categories may hold sub-categories, as the source does."""


    id: Slug
    title: Title
    description: Text | None = None
    resources: list[Resource] = Field(default_factory=list)
    categories: list[ResourceCategory] = Field(default_factory=list)
    editors_wrote: list[Literal["title", "description"]] = _wrote_field()

    @model_validator(mode="after")
    def _not_empty(self) -> ResourceCategory:
        if not self.resources and not self.categories:
            raise ValueError("a category needs at least one resource or sub-category")
        return self


class ResourceList(Publishable, EditorsWords):
    """A toolkit's curated resources, grouped by category in the source's order."""


    id: Slug
    title: Title
    intro: Markdown | None = None
    categories: list[ResourceCategory] = Field(min_length=1)
    editors_wrote: list[Literal["title"]] = _wrote_field()


# --- job descriptions -------------------------------------------------------------------------


class JobDetail(Model):
    label: Text = Field(description="The label as the source prints it, without its colon, such as 'Hours'.")
    value: Text | None = Field(None, description="Leave empty where the source leaves it blank.")
    items: list[Text] = Field(default_factory=list, description=(
        "A list the source prints under the label instead of (or after) a value, one item each."))


class JobItem(Model):
    """A numbered or bulleted item of a section (a duty, a key result area), with its number as printed."""

    number: Text | None = Field(None, description=(
        "The item's number as the source prints it, such as '1.' or '4.10'; leave out for a bullet."))
    text: Text


#: Whether the source shows which of its Essential and Desirable columns a person-specification row is marked in.
ColumnReading = Literal["legible", "editors-reading", "not-legible"]


class Requirement(Model):
    """A row of a person specification. Where the source's mark cannot be placed in a column, the row says so, so
    that a guess is never shown in the source's voice."""

    requirement: Text
    essential: bool = False
    desirable: bool = False
    column: ColumnReading = Field("legible", description=(
        "Whether the source shows the row's column. 'legible' (the default): essential and desirable are as the "
        "source prints them. 'editors-reading': the source's mark cannot be placed in a column, so essential and "
        "desirable are the editors' reading, marked as such on the page and in the downloads (set at least one). "
        "'not-legible': the source's mark cannot be placed and the editors make no reading (set neither)."))
    measured: Text | None = Field(None, description=(
        "What the source prints in the row's measured column (named by 'measured_column'), as printed, such as "
        "'A/I'; leave out where it prints nothing."))

    @field_validator("column")
    @classmethod
    def _reading_matches_marks(cls, column: str, info: ValidationInfo) -> str:
        """Checked at 'column', where the editor says whose reading the marks are (declared before it)."""
        marked = info.data.get("essential") or info.data.get("desirable")
        if column == "editors-reading" and not marked:
            raise ValueError("'editors-reading' needs the editors' reading: set 'essential: true' or 'desirable: true', "
                             "or write 'not-legible' if the editors make no reading")
        if column == "not-legible" and marked:
            raise ValueError("'not-legible' says the source's column cannot be read, so 'essential' and 'desirable' "
                             "must both be false; write 'editors-reading' to give the editors' reading")
        return column


class RequirementGroup(Model):
    heading: Title
    measured: Text | None = Field(None, description=(
        "What the source prints in the measured column once for the whole group, as printed, such as "
        "'Application form'; give it on the rows instead where the source prints it on each row."))
    requirements: list[Requirement] = Field(min_length=1)


class PersonSpecification(Model):
    """A person specification's table, with its columns named as the source names them."""

    requirement_column: Text | None = Field(None, description=(
        "The name of the column of requirements, as printed, such as 'Requirements'; leave out where the source "
        "names none: the site then heads it 'Requirement', marked as the editors' addition."))
    measured_column: Text | None = Field(None, description=(
        "The name of the column saying how each requirement is tested, as printed, such as 'How measured' or "
        "'Where tested'; leave out where the source has no such column (the table then has none)."))
    key: list[Text] = Field(default_factory=list, description=(
        "The source's key to the codes in the measured column, a line each as printed, such as "
        "'AF = application form'."))
    groups: list[RequirementGroup] = Field(min_length=1)

    @model_validator(mode="after")
    def _measured_needs_its_column(self) -> PersonSpecification:
        if self.measured_column is None:
            if self.key or any(g.measured or any(r.measured for r in g.requirements) for g in self.groups):
                raise ValueError("'measured' and 'key' fill the measured column, which this person specification "
                                 "does not name: add 'measured_column' with its name as the source prints it, or "
                                 "remove them")
        return self


class JobSection(Model):
    """A section of a job description, in the source's order, with its number and heading as printed."""

    preamble: list[Text] = Field(default_factory=list, description=(
        "Lines the source prints above the section's heading, such as the employer's name and 'JOB DESCRIPTION'."))
    number: Text | None = Field(None, description="The section's number as printed, such as '1.'; leave out if none.")
    heading: Title | None = Field(None, description=(
        "The heading as the source prints it (capitals and colon included); leave out only for a person "
        "specification the source gives no heading, which the site then heads as the editors' addition."))
    details: list[JobDetail] = Field(default_factory=list, description="Labelled details, such as 'Hours: 30'.")
    items: list[JobItem] = Field(default_factory=list, description="Numbered or bulleted items, in order.")
    body: Markdown | None = Field(None, description="Paragraphs after any details and items.")
    person_specification: PersonSpecification | None = None

    @model_validator(mode="after")
    def _has_content(self) -> JobSection:
        if self.heading is None and self.person_specification is None:
            raise ValueError("a section needs its 'heading' as the source prints it (only a person specification "
                             "the source gives no heading may leave it out)")
        if not (self.details or self.items or self.body or self.person_specification or self.number):
            raise ValueError("a section needs its content: 'details', 'items', 'body' or 'person_specification'")
        return self


#: Whether a document is one to use today or an example kept from the source's time.
Status = Literal["current", "historical"]


def _historical_is_dated(status: str, dated: str | None, what: str) -> None:
    """A historical document says when it dates from: the page, the download and the downloads list show the year."""
    if status == "historical" and not dated:
        raise ValueError(f"a historical {what} needs 'dated': when it dates from, such as 2006")


class JobDescription(Publishable, EditorsWords):
    """An example job description, as the source prints it: its sections in order, then the source's facts."""


    id: Slug
    title: Title = Field(description="The job title.")
    source: Slug = Field(description="The id of the toolkit this comes from.")
    source_detail: Text | None = Field(None, description="Where in the source, such as 'Appendix G, example one'.")
    dated: PartialDate | None = Field(None, description=(
        "When the job description dates from, as far as the source says (the year of the report it is in)."))
    status: Status = Field("current", description=(
        "'historical' for a job description from a past report, shown as an example, not a current template "
        "(needs 'dated'); 'current' (the default) for one to adapt today."))
    summary: Text | None = Field(None, description=(
        "A sentence on what the example is for: the source's words where it gives them (the report describes each "
        "example before printing them), or the editors', named in 'editors_wrote'."))
    sections: list[JobSection] = Field(min_length=1, description="The sections, in the source's order.")
    editor_note: EditorNote = Field(None, description=(
        "An editor's note, shown apart from the source's words: what the source shows of the person "
        "specification's columns for this example. The rows whose column is the editors' reading or not legible "
        "are named after it, from each requirement's 'column'."))
    editors_wrote: list[Literal["title", "summary"]] = _wrote_field()

    @model_validator(mode="after")
    def _dated_if_historical(self) -> JobDescription:
        _historical_is_dated(self.status, self.dated, "job description")
        return self

    def requirements(self) -> list[Requirement]:
        """Every row of every person specification, in order."""
        return [req for section in self.sections if section.person_specification
                for group in section.person_specification.groups for req in group.requirements]


# --- document templates ---------------------------------------------------------------------


class TableRow(Model):
    """A row of a template's table: either a heading row or a row of cells (empty cells are left to fill in)."""

    heading: Text | None = None
    cells: list[Text | None] = Field(default_factory=list)

    @model_validator(mode="after")
    def _heading_or_cells(self) -> TableRow:
        if (self.heading is None) == (not self.cells):
            raise ValueError("a row has either a 'heading' or 'cells', not both")
        return self


class TemplateTable(Model):
    caption: Text | None = None
    columns: list[Text] = Field(min_length=1)
    rows: list[TableRow] = Field(min_length=1)
    note: Text | None = None

    @model_validator(mode="after")
    def _cells_fit(self) -> TemplateTable:
        for index, row in enumerate(self.rows, start=1):
            if row.cells and len(row.cells) != len(self.columns):
                raise ValueError(f"row {index} has {len(row.cells)} cells but the table has {len(self.columns)} columns")
        return self


class TemplateSection(Model):
    """A section of a fill-in document: what to write there, and the source's notes on it."""

    id: Slug
    heading: Title
    guidance: Markdown | None = Field(None, description="What to write in this section, as the source says.")
    notes: list[Markdown] = Field(default_factory=list, description="The source's advisory notes, often in [brackets].")
    table: TemplateTable | None = None
    editor_note: EditorNote = Field(None, description=(
        "An editor's note on this section or annex, shown after it apart from the source's words (marked as the "
        "editors'): what its source does not show, such as a column whose entries cannot be placed in rows."))


class TemplateAnnex(TemplateSection):
    letter: Annotated[str, StringConstraints(pattern=r"^[A-Z]$")] = Field(description="The annex letter, such as 'A'.")


class DocumentTemplate(Publishable, EditorsWords):
    """A document to fill in, such as an outline plan: its sections and annexes in order."""

    ALWAYS: ClassVar[tuple[str, ...]] = ("summary",)

    id: Slug
    title: Title
    subtitle: Text | None = None
    source: Slug = Field(description="The id of the toolkit this comes from.")
    source_detail: Text | None = None
    dated: PartialDate | None = Field(None, description="When the document dates from, as far as the source says.")
    status: Status = Field("current", description=(
        "'historical' for a document from the source's time, shown as an example, not a current template to fill "
        "in (needs 'dated'); 'current' (the default) for one to use today."))
    summary: Summary
    intro: Markdown | None = None
    sections: list[TemplateSection] = Field(min_length=1)
    annexes: list[TemplateAnnex] = Field(default_factory=list)
    editor_note: EditorNote = None
    editors_wrote: list[Literal["title", "subtitle"]] = _wrote_field()

    @model_validator(mode="after")
    def _dated_if_historical(self) -> DocumentTemplate:
        _historical_is_dated(self.status, self.dated, "document")
        return self


# --- training ---------------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


def _local_time(value: dt.time) -> dt.time:
    """Times are read as Europe/London clock times; an offset would make them mean something else."""
    if value.tzinfo is not None:
        raise ValueError("a time here is UK clock time (Europe/London), so it cannot carry a UTC offset or time zone "
                         "such as '+05:00' or 'Z'; write the time as the UK clock shows it, HH:MM, such as 09:30")
    return value


LocalTime = Annotated[dt.time, AfterValidator(_local_time)]


def clock_change_problem(day: dt.date, time: dt.time) -> str | None:
    """Why a UK clock time on a day is not one moment: skipped when the clocks go forward, or met twice when they go back."""
    moment = dt.datetime.combine(day, time)
    first, second = moment.replace(tzinfo=LONDON, fold=0), moment.replace(tzinfo=LONDON, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    when = f"{time:%H:%M} on {day.day} {day:%B %Y}"
    if first.astimezone(dt.timezone.utc).astimezone(LONDON).replace(tzinfo=None) != moment:
        return (f"{when} does not exist in UK time: the clocks go forward an hour that night and skip it; "
                "check the time with the source and give one outside the skipped hour")
    return (f"{when} happens twice in UK time: the clocks go back an hour that night, so a calendar cannot tell "
            "which is meant; check the time with the source and give one outside the repeated hour")


#: The details of a session the editors may give from what the source prints once for several sessions.
SessionDetail = Literal["title", "description", "audience", "mode", "venue", "booking", "choice"]


class Session(Model):
    """One training session; times are local to Europe/London."""

    id: Slug
    title: Title
    description: Text | None = None
    audience: Text | None = Field(None, description="Who should attend; leave out if the source does not say.")
    date: dt.date
    start: LocalTime
    end: LocalTime
    mode: Literal["microsoft-teams", "face-to-face", "not-stated"] = Field(
        description="How it is delivered; 'not-stated' where the source does not say.")
    venue: Text | None = Field(None, description=f"A venue name, or '{TO_BE_CONFIRMED}'.")
    booking: Text | None = Field(None, description="How to book, as the source says; leave out if it does not say.")
    choice: Text | None = Field(None, description="When this is one of several sessions to choose from, the source's words.")
    derived: list[SessionDetail] = Field(default_factory=list, description=(
        "The details the source does not print beside this session but once for several sessions (such as their "
        "audience, or how to book them all), given here for this one too: each is marked as the editors' on the "
        "page and said so in the calendar file. Leave out the session beside which the source prints it."))

    @field_validator("derived")
    @classmethod
    def _derived_once_each(cls, derived: list[str]) -> list[str]:
        repeated = sorted({detail for detail in derived if derived.count(detail) > 1})
        if repeated:
            raise ValueError(f"{', '.join(repeated)} is listed more than once; list each detail once")
        return derived

    @model_validator(mode="after")
    def _derived_are_given(self) -> Session:
        missing = [detail for detail in self.derived if getattr(self, detail) in (None, "not-stated")]
        if missing:
            raise ValueError(f"'derived' names {', '.join(missing)}, which this session does not give; give it, or "
                             "take it out of 'derived'")
        return self

    @field_validator("start", "end")
    @classmethod
    def _one_moment(cls, value: dt.time, info: ValidationInfo) -> dt.time:
        day = info.data.get("date")
        problem = clock_change_problem(day, value) if isinstance(day, dt.date) else None
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.time, info: ValidationInfo) -> dt.time:
        """On `end`, so the message points at the time to correct."""
        start = info.data.get("start")
        if isinstance(start, dt.time) and end <= start:
            raise ValueError(f"the session ends ({end:%H:%M}) before it starts ({start:%H:%M}): "
                             "correct the start or the end time")
        return end
        return self


class CalendarRevision(Model):
    """What calendars have been told of one session: written by ./scripts/record-calendar-changes, never by hand
    (see calendar_revisions.py)."""

    sequence: int = Field(ge=0, description="The event's SEQUENCE: one more each time the session changes.")
    changed: dt.datetime = Field(description="When that revision was recorded, in UTC: its DTSTAMP and LAST-MODIFIED.")
    digest: str = Field(pattern=r"^[0-9a-f]{16}$", description="A digest of the session's details at that revision.")

    @field_validator("changed")
    @classmethod
    def _in_utc(cls, value: dt.datetime) -> dt.datetime:
        if value.utcoffset() != dt.timedelta(0):
            raise ValueError("a recorded time is in UTC, ending in 'Z'; run ./scripts/record-calendar-changes "
                             "rather than editing calendar_revisions by hand")
        return value.astimezone(dt.timezone.utc)


class TrainingProgramme(Publishable, EditorsWords):
    """A training schedule; sessions are shown in date order."""

    ALWAYS: ClassVar[tuple[str, ...]] = ("summary",)

    id: Slug
    title: Title
    organisation: Text
    source: Slug = Field(description="The id of the toolkit this comes from.")
    summary: Summary
    timezone: Literal["Europe/London"] = "Europe/London"
    dates_note: Text | None = Field(None, description="Anything readers must know about the dates, such as an inferred year.")
    booking: Text = Field(description="How to book, in general.")
    sessions: list[Session] = Field(min_length=1)
    calendar_revisions: dict[Slug, CalendarRevision] = Field(default_factory=dict, description=(
        "Kept by ./scripts/record-calendar-changes: each session's revision, so calendars that imported it take a "
        "change. Leave it as it is."))
    editors_wrote: list[Literal["title"]] = _wrote_field()


# --- case studies -----------------------------------------------------------------------------


class Organisation(Publishable, EditorsWords):
    """An organisation that case studies can name."""


    id: Slug
    name: Title
    region: Text | None = None
    description: Markdown | None = None
    editor_note: EditorNote = None
    editors_wrote: list[Literal["name"]] = _wrote_field()


class Theme(Model):
    id: Slug
    title: Title
    description: Text | None = None


class Themes(Model):
    """The themes case studies are filed under, in display order."""

    themes: list[Theme] = Field(min_length=1)


class CaseStudy(Publishable, EditorsWords):
    """A best-practice example: who did what, and what came of it."""

    ALWAYS: ClassVar[tuple[str, ...]] = ("summary",)

    id: Slug
    title: Title
    organisations: list[Slug] = Field(min_length=1, description="Ids from toolkit_data/organisations/.")
    themes: list[Slug] = Field(min_length=1, description="Ids from toolkit_data/themes.yml.")
    source: Slug = Field(description="The id of the toolkit this comes from.")
    source_detail: Text | None = Field(None, description="Where in the source, such as 'paragraph 23'.")
    summary: Summary
    what_they_did: Markdown
    outcome: Markdown | None = Field(None, description="Leave out where the source states no outcome.")
    editor_note: EditorNote = None
    editors_wrote: list[Literal["title"]] = _wrote_field()
