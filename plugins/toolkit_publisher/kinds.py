"""The registry of content kinds: one declaration per kind of content in toolkit_data/, read by every stage.

A kind says where its files are, the model that validates them, how its entries are named in messages, where its
pages are published, its schema and scaffold, whether it is a part of a toolkit, and the functions that check its
references, render its pages and plan and make its downloads. Loading, validation, the schemas, the scaffold,
rendering and the downloads all take the list of kinds from here, so adding a kind is one declaration (with its
model and templates), made with :func:`register`, and no stage edited::

    GLOSSARY = Kind("glossary", GlossaryTerm, "glossary term", "glossary terms", section="glossary",
                    aliases=("glossary-term",), scaffold="glossary_term.yml.j2", templates=Path("my_templates"),
                    pages=glossary_pages)
    with registered(GLOSSARY):  # or register(GLOSSARY), for as long as the process runs
        ...

What a new kind cannot do without a change to the models: be a part of a toolkit (a part's keys are the fields of
:class:`.models.Part`, and so of the toolkits' schema). Nor can a kind registered while the program runs have its
files made in the download workers, which start from the built-in kinds: its downloads need
TOOLKIT_PUBLISHER_WORKERS=0, which makes files in the build's own process.

The stages import this module, so it cannot import them: a stage's function is named here as ``Named("module:name")``
and imported when first called.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator, Literal

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PackageLoader
from pydantic import BaseModel

from . import models as m
from . import urls

#: The kind every other is published under: a toolkit's parts are its pages, and other kinds name it as their source.
TOOLKITS = "toolkits"
#: The link scheme for one resource of a resource list, [words](resource:ID): an entry of a kind, not a kind.
RESOURCE_LINK = "resource"


@dataclass(frozen=True)
class Named:
    """A function of another stage, named 'module:qualified.name' within this package and imported when first called."""

    target: str

    def resolve(self) -> Callable[..., Any]:
        return _resolve(f"{__package__}.{self.target}")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)


@lru_cache(maxsize=None)  # kept for the process: a module's functions do not change while it runs
def _resolve(name: str) -> Callable[..., Any]:
    return pkgutil.resolve_name(name)


#: A stage's function for a kind: a callable, or one named in this package.
Hook = Callable[..., Any]


@dataclass(frozen=True)
class Downloads:
    """The files a kind's entries are offered as: planned in the build, made by a job in a worker process."""

    #: The folder under the site's downloads/ its files are published in.
    folder: str
    #: The job's name, as a batch of files records it (and the site cache keeps it).
    job: str
    #: The job's arguments as the content model types them, to read them back, checked, from the site cache.
    arguments: Any
    #: ``plan(content, kind) -> list[Batch]``: every file of the kind, in the order its pages offer them.
    plan: Hook
    #: ``make(*arguments) -> list[bytes]``: the files of one batch, in the order of its downloads (run in a worker).
    make: Hook
    #: ``holds(entry) -> str``: what one entry's files hold, as the downloads page says it (for a kind whose entries
    #: are documents in their own right; a checklist's plan says it itself).
    holds: Hook | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of content: everything the stages need to load, check, publish and scaffold it."""

    #: Its folder under toolkit_data/, one YAML file per entry named by its id; also the kind's name in the
    #: validated content (``content.of(folder)``), in review keys and in its schema's file name.
    folder: str
    #: The model that validates one file (or, for a kind kept in one file, the whole file).
    model: type[BaseModel]
    #: How one entry and several are named in messages: "case study", "case studies".
    singular: str
    plural: str
    #: The field holding an entry's id, which is also its file's name.
    id_field: str = "id"
    #: A kind kept in one file of toolkit_data/ (such as themes.yml) rather than a folder, and the field of its
    #: model that lists the entries.
    file: str | None = None
    entries: str | None = None
    #: The URL section its pages are published under (its entries at SECTION/ID/, its index at SECTION/).
    section: str | None = None
    #: The heading of its index page and sidebar entry, and of its group on a toolkit's home page.
    title: str | None = None
    #: If it is a part of a toolkit: the key naming it in a toolkit's parts (its pages are the toolkit's).
    part: str | None = None
    #: How readers' pages name one entry and several, where that differs from ``singular`` and ``plural`` (a
    #: "question set" is a "checklist section" to a reader).
    shown_as: tuple[str, str] | None = None
    #: Its group in the home page's list of material: the group's heading and the words of the link to its index.
    home: tuple[str, str] | None = None
    #: The scheme of a Markdown link to one of its entries by id: [words](SCHEME:ID).
    link: str | None = None
    #: Whether each entry names the toolkit it comes from in its 'source' field (checked, and shown on its page).
    from_toolkit: bool = False
    #: What editors type for `./scripts/new KIND` (its folder's name works too).
    aliases: tuple[str, ...] = ()
    #: The template a new file is made from (in the package's templates/ or in ``templates``), or None with the
    #: reason there is none.
    scaffold: str | None = None
    no_scaffold: str | None = None
    #: A folder of its own page and scaffold templates, for a kind declared outside this package.
    templates: Path | None = None
    #: ``check(checker, content, entry, file)``: its references and Markdown fields, beyond what its model checks.
    check: Hook | None = None
    #: ``pages(content, options) -> list[PageSpec]``: its pages and index, specified (see :mod:`.page_spec`); a part
    #: of a toolkit is published with its toolkit.
    pages: Hook | None = None
    #: ``review_toolkits(content) -> {id: toolkit id}``: where its entries inherit an owner and review dates from,
    #: for a kind that is neither a part of a toolkit nor from one.
    review_toolkits: Hook | None = None
    #: ``embed(words, entry, own_page) -> Markdown``: how an entry is printed where a page's text places it,
    #: ``![words](LINK:ID)`` (the source prints it there; its own page is at ``own_page``). None: it cannot be.
    embed: Hook | None = None
    #: The list field whose items are the rows of its data CSV (a programme's sessions: one row each, with the
    #: programme's own fields beside), where a row per entry would hide them in one cell. None: a row per entry.
    data_rows: str | None = None
    downloads: Downloads | None = None

    @property
    def schema(self) -> str:
        """The file its JSON Schema is written to, in schemas/."""
        return f"{self.folder}.schema.json"

    def shown(self, number: int) -> str:
        """A number of its entries, as readers' pages name them: "1 checklist section", "3 case studies"."""
        singular, plural = self.shown_as or (self.singular, self.plural)
        return f"{number} {singular if number == 1 else plural}"

    @property
    def shown_plural(self) -> str:
        return (self.shown_as or (self.singular, self.plural))[1]

    @property
    def publishable(self) -> bool:
        """Whether its entries have an owner and review dates (their own or their toolkit's)."""
        return issubclass(self.model, m.Publishable)


_BUILT_IN = (
    Kind(TOOLKITS, m.Toolkit, "toolkit", "toolkits", section=urls.TOOLKITS, title="Toolkits", link="toolkit",
         aliases=("toolkit",), scaffold="scaffold/toolkits.yml.j2", check=Named("validate.references:check_toolkit"),
         pages=Named("kind_pages:toolkit_pages"),
         downloads=Downloads("feeds", "feed", tuple[m.Toolkit, dict[str, str]],
                             plan=Named("downloads:plan_feeds"), make=Named("downloads.jobs:feed"))),
    Kind("pages", m.Page, "page", "pages", shown_as=("guidance page", "guidance pages"), part="page", link="page",
         aliases=("page",), scaffold="scaffold/pages.yml.j2",
         check=Named("validate.references:check_page")),
    Kind("question_sets", m.QuestionSet, "question set", "question sets", part="checklist",
         shown_as=("checklist section", "checklist sections"),
         aliases=("question-set", "checklist"), scaffold="scaffold/question_sets.yml.j2",
         check=Named("validate.references:check_question_set"),
         downloads=Downloads("checklists", "checklist", tuple[m.Toolkit, list[m.QuestionSet]],
                             plan=Named("downloads:plan_checklists"), make=Named("downloads.jobs:checklist"))),
    Kind("resources", m.ResourceList, "resource list", "resource lists", part="resources",
         aliases=("resources", "resource-list", "resource"), scaffold="scaffold/resources.yml.j2",
         check=Named("validate.references:check_resource_list")),
    Kind("training", m.TrainingProgramme, "training programme", "training programmes", section="training", data_rows="sessions",
         title="Training schedules", link="training", shown_as=("training schedule", "training schedules"),
         home=("Training schedules", "All training schedules"), from_toolkit=True, aliases=("training", "training-programme"),
         scaffold="scaffold/training.yml.j2", check=Named("validate.references:check_training"),
         pages=Named("kind_pages:training_pages"),
         downloads=Downloads("training", "calendar", tuple[m.TrainingProgramme, list[m.Session]],
                             plan=Named("downloads:plan_training"), make=Named("downloads.jobs:calendar"))),
    # Not "templates" in its URL: MkDocs excludes folders of that name from the docs by default.
    Kind("templates", m.DocumentTemplate, "document template", "document templates", section="document-templates",
         title="Templates", link="template", from_toolkit=True, home=("Document templates", "All document templates"),
         no_scaffold="document templates are long: copy an existing file in toolkit_data/templates/ instead",
         check=Named("validate.references:check_template"), pages=Named("kind_pages:template_pages"),
         downloads=Downloads("templates", "template", tuple[m.DocumentTemplate, str, str, dict[str, str]],
                             plan=Named("downloads:plan_documents"), make=Named("downloads.jobs:template"),
                             holds=Named("downloads:holds_template"))),
    Kind("job_descriptions", m.JobDescription, "job description", "job descriptions", section="job-descriptions",
         title="Job descriptions", link="job-description", from_toolkit=True, aliases=("job-description",),
         home=("Example job descriptions", "All example job descriptions"),
         scaffold="scaffold/job_descriptions.yml.j2", check=Named("validate.references:check_job_description"),
         pages=Named("kind_pages:job_description_pages"),
         downloads=Downloads("job-descriptions", "job_description", tuple[m.JobDescription, str, str, dict[str, str]],
                             plan=Named("downloads:plan_documents"), make=Named("downloads.jobs:job_description"),
                             holds=Named("downloads:holds_job_description"))),
    Kind("case_studies", m.CaseStudy, "case study", "case studies", section="case-studies", title="Case studies",
         link="case-study", from_toolkit=True, aliases=("case-study",), scaffold="scaffold/case_studies.yml.j2",
         home=("Case studies", "All case studies, by theme and organisation"),
         check=Named("validate.references:check_case_study"), pages=Named("kind_pages:case_study_pages"),
         embed=Named("embeds:box")),
    Kind("organisations", m.Organisation, "organisation", "organisations", section="organisations",
         title="Organisations", link="organisation", aliases=("organisation",),
         scaffold="scaffold/organisations.yml.j2", check=Named("validate.references:check_organisation"),
         pages=Named("kind_pages:organisation_pages"), review_toolkits=Named("validate.reviews:organisation_toolkits"),
         embed=Named("embeds:profile")),
    Kind("themes", m.Themes, "theme", "themes", file="themes.yml", entries="themes"),
)

#: Files the site makes that are no one kind's: the data files (open_data.py), planned with the pages (their page
#: index lists the pages: see render.py), made by this job like any download.
SITE_DOWNLOADS = (
    Downloads("data", "data", tuple[Literal["json", "csv"], Any], plan=Named("downloads.data:plan_none"),
              make=Named("downloads.data:make")),
)

#: Every kind, in the order the site presents them (its sidebar, its counts); built-in kinds first.
_kinds: dict[str, Kind] = {kind.folder: kind for kind in _BUILT_IN}


# --- reading the registry ---------------------------------------------------------------------


def all_kinds() -> tuple[Kind, ...]:
    """Every kind, in the order the site presents them."""
    return tuple(_kinds.values())


def get(folder: str) -> Kind:
    """The kind kept in this folder of toolkit_data/ (or, for a kind kept in one file, of that name)."""
    return _kinds[folder]


def in_folders() -> tuple[Kind, ...]:
    """The kinds kept one file per entry in a folder of their own."""
    return tuple(kind for kind in _kinds.values() if kind.file is None)


def in_one_file() -> tuple[Kind, ...]:
    """The kinds kept in one file that lists their entries."""
    return tuple(kind for kind in _kinds.values() if kind.file is not None)


def parts() -> tuple[Kind, ...]:
    """The kinds that are parts of a toolkit."""
    return tuple(kind for kind in _kinds.values() if kind.part)


def by_part(key: str) -> Kind:
    """The kind a toolkit's part names with this key ('checklist': question sets)."""
    return next(kind for kind in _kinds.values() if kind.part == key)


def by_link(scheme: str) -> Kind | None:
    """The kind a Markdown link's scheme names ('case-study'), or None (a resource, or no kind)."""
    return next((kind for kind in _kinds.values() if kind.link == scheme), None)


def by_alias(word: str) -> Kind | None:
    """The kind an editor means by this word (an alias, or a folder's name), or None."""
    return next((kind for kind in in_folders() if word in kind.aliases or word == kind.folder), None)


def aliases() -> list[str]:
    """Every word `./scripts/new` takes for a kind, in alphabetical order."""
    return sorted(alias for kind in _kinds.values() for alias in kind.aliases)


def with_downloads() -> list[Kind]:
    """The kinds with downloads, in the order of their folders under downloads/ (the order the site lists them)."""
    return sorted((kind for kind in _kinds.values() if kind.downloads), key=lambda kind: kind.downloads.folder)


def by_job(job: str) -> Downloads | None:
    """The downloads whose batches this job makes, or None (a name no kind declares)."""
    found = (*(kind.downloads for kind in _kinds.values() if kind.downloads), *SITE_DOWNLOADS)
    return next((downloads for downloads in found if downloads.job == job), None)


def content_link() -> re.Pattern[str]:
    """Markdown links to content by id, such as [the guide](resource:some-guide): the scheme and the id."""
    return _content_link(tuple(kind.link for kind in _kinds.values() if kind.link))


@lru_cache(maxsize=8)
def _content_link(schemes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(scheme) for scheme in (RESOURCE_LINK, *schemes))
    return re.compile(rf"\]\(({alternatives}):([^)\s]*)\)")


def template_loader() -> BaseLoader:
    """The package's templates, then each kind's own folder of templates: pages and scaffolds are found in both."""
    own = [FileSystemLoader(kind.templates) for kind in _kinds.values() if kind.templates is not None]
    return ChoiceLoader([PackageLoader("toolkit_publisher", "templates"), *own])


def fingerprint() -> str:
    """What a kind declared outside this package adds to the site cache's key (the package's own code is in it)."""
    digest = hashlib.sha256()
    for kind in _kinds.values():
        digest.update(f"{kind.folder}\0{kind.model.__module__}.{kind.model.__qualname__}\0".encode())
        if kind in _BUILT_IN:
            continue
        sources = [Path(inspect.getfile(kind.model))]
        if kind.templates is not None:
            sources += sorted(path for path in kind.templates.rglob("*") if path.is_file())
        for path in sources:
            digest.update(path.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


# --- adding kinds ---------------------------------------------------------------------------


def register(kind: Kind) -> Kind:
    """Add a kind for as long as the process runs (see :func:`registered` for a while); raises ValueError if it
    would take a folder, file, URL section, link scheme, alias or download job another kind has."""
    clash = _clash(kind)
    if clash:
        raise ValueError(f"the kind '{kind.folder}' cannot be registered: {clash}")
    _kinds[kind.folder] = kind
    return kind


def unregister(folder: str) -> None:
    """Remove a kind that :func:`register` added; the built-in kinds stay."""
    if any(kind.folder == folder for kind in _BUILT_IN):
        raise ValueError(f"the kind '{folder}' is built in, and stays")
    _kinds.pop(folder, None)


@contextlib.contextmanager
def registered(kind: Kind) -> Iterator[Kind]:
    """The kind registered within the block, and removed after it (so a test's kind never reaches another test)."""
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind.folder)


def _clash(kind: Kind) -> str | None:
    """What the kind would share with a registered one, or None."""
    if not re.fullmatch(r"[a-z0-9_]+", kind.folder):
        return "its folder's name must be lowercase letters, digits and underscores"
    if (kind.file is None) != (kind.entries is None):
        return "a kind kept in one file names both the file and the field listing its entries"
    if kind.part is not None and kind.part not in m.Part.model_fields:
        return f"a toolkit's parts can name only {', '.join(m.Part.model_fields)} (the fields of models.Part)"
    for other in _kinds.values():
        shared = [what for what, mine, theirs in (
            ("folder", kind.folder, other.folder), ("file", kind.file, other.file),
            ("URL section", kind.section, other.section), ("link scheme", kind.link, other.link),
            ("download job", kind.downloads and kind.downloads.job, other.downloads and other.downloads.job),
        ) if mine is not None and mine == theirs]
        shared += [f"alias '{alias}'" for alias in set(kind.aliases) & set(other.aliases)]
        if shared:
            return f"the kind '{other.folder}' has the same {' and '.join(shared)}"
    if kind.downloads is not None and by_job(kind.downloads.job) in SITE_DOWNLOADS:
        return f"the download job '{kind.downloads.job}' is the site's own"
    if kind.link == RESOURCE_LINK:
        return f"the link scheme '{RESOURCE_LINK}' names a resource of a resource list"
    return None
