"""Cross-references: ids unique within their kind, every reference and link by id resolved, every Markdown field
safe to render, every part published by exactly one toolkit. Each kind's own checks are the registry's ``check``.
"""

from __future__ import annotations

import re
import typing
from typing import Iterator

from .. import kinds
from .. import models as m
from ..cache import Memo
from ..editorial import problems as mark_problems
from ..errors import ContentError, Position
from ..embeds import Unplaceable, as_links, placements, unplaceable
from ..load import LoadedFile, Path_
from ..markdown_limits import markdown_hazard
from ..sanitise import SAFE_LINK, unsafe_html
from .content import RESOURCE, RESOURCE_LISTS, Draft
from .messages import field_name, kind_name, suggest, where
from .reading import Entity
from .resolve import Found

#: Where a Markdown link goes: [words](destination) or a reference definition '[name]: destination'.
LINK_DESTINATION = re.compile(r"\]\(\s*<?(?P<inline>[^\s<>)]+)"
                              r"|^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<reference>[^\s<>]+)>?[ \t]*"
                              r"(?:(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\))[ \t]*)?$", flags=re.MULTILINE)
#: A destination with a scheme (by id, a web address; others are the sanitiser's to refuse) or within the page.
_NOT_A_PATH = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:|#")
_NOT_FOLLOWABLE = ("the link '{}' is a path or file name, which this page cannot link to (the published build would "
                   "stop on it, and it would break where the site is published under a path): link to other content "
                   "by its id, [words](toolkit:ID) (likewise page:, resource:, training:, template:, job-description:, "
                   "case-study: and organisation:), or to a web page by its whole address, starting https://")


def _followable(destination: str) -> bool:
    """A generated page is not where its fields' files are, so only a link by id or a whole address leads anywhere."""
    return bool(_NOT_A_PATH.match(destination))


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _unimaged(text: str, images: list[Unplaceable]) -> str:
    """The text with each image of a content link read as the link it should be (already reported, not again as
    HTML the sanitiser removes)."""
    for image in reversed(images):
        text = text[:image.offset] + text[image.offset + 1:]
    return text


def _as_checked(text: str, images: list[Unplaceable], embeds: bool) -> str:
    """The text the sanitiser's check reads: links where the field prints entries or shows images of content."""
    text = _unimaged(text, images)
    return as_links(text) if embeds else text


class Checker:
    """Resolves every reference between entities, collecting what does not resolve."""

    def __init__(self, content: Draft, broken: set[tuple[str, str]], verdicts: Memo[tuple[str, str] | None],
                 hazards: Memo[tuple[int, str] | None] | None = None) -> None:
        self.content = content
        self.broken = broken
        #: The sanitiser's and the Markdown limits' verdicts on each field text checked before (see
        #: cache.ValidationMemo): the same text, the same verdict.
        self.verdicts = verdicts
        self.hazards: Memo[tuple[int, str] | None] = hazards if hazards is not None else Memo(50_000)
        self.errors: list[ContentError] = []
        #: The resources some question or Markdown link names.
        self.used_resources: set[str] = set()
        #: Each entry a page's text prints (by kind's folder and id): the page and the place that prints it first.
        self.placed: dict[tuple[str, str], tuple[str, Position]] = {}
        #: The entry whose references are being checked, and every reference that resolved (see resolve.py).
        self.entity: Entity | None = None
        self.found: list[Found] = []

    def unsure(self, kind: str, wanted: str) -> bool:
        """A reference into a file that failed to validate is not reported again: one fix, one message."""
        if kind == RESOURCE:
            return any(k == RESOURCE_LISTS for k, _ in self.broken)
        return (kind, wanted) in self.broken or (kind, "*") in self.broken

    def ref(self, file: LoadedFile, path: Path_, wanted: str, kind: str, known: typing.Collection[str]) -> bool:
        """Whether ``wanted`` is one of ``known``, the ids of a kind (by its folder, or RESOURCE); if not, says so."""
        if kind == RESOURCE:
            self.used_resources.add(wanted)
        if wanted in known:  # the kind's table (a mapping): looked up, not searched
            if self.entity is not None:
                self.found.append((self.entity, path, kind, wanted))
            return True
        if self.unsure(kind, wanted):
            return False
        known = list(known)
        self.errors.append(ContentError(
            file.position(path),
            f"there is no {kind_name(kind)} with the id '{_excerpt(wanted)}'{suggest(wanted, known)} "
            f"It must be the id of one in {where(kind)}",
        ))
        return False

    @staticmethod
    def _at(start: Position, text: str, offset: int) -> Position:
        """The position of a character of a Markdown field: block text keeps its lines, so count them."""
        line = text.count("\n", 0, offset)
        line_start = text.rfind("\n", 0, offset) + 1
        return Position(start.path, start.line + line, start.column + (offset - line_start))

    def markdown(self, file: LoadedFile, path: Path_, text: str | None, nested: int = 0, embeds: bool = False) -> None:
        """Check a Markdown field: nothing that would stall or crash the build, no HTML the sanitiser would remove,
        and every [words](kind:ID) link resolves. ``nested``: how many levels deep the page places the field.
        ``embeds``: whether the field may place entries in its text (a page's body; see embeds.py)."""
        if not text:
            return
        start = file.position(path)
        content_link = kinds.content_link()
        hazard = self.hazards.get(f"{nested}\0{text}", lambda: markdown_hazard(text, nested=nested))
        images = list(unplaceable(text, embeds)) if not hazard else []
        for image in images:
            self.errors.append(ContentError(self._at(start, text, image.offset), f"'{field_name(path)}': "
                               f"{_excerpt(image.written)} would show as an empty image: {image.why}. To link to "
                               f"the entry instead, leave out the '!': {_excerpt(image.link)}"))
        if hazard:
            # Rendering it is what the limits spare, so the sanitiser's check waits until it is fixed.
            offset, message = hazard
            self.errors.append(ContentError(self._at(start, text, offset), f"'{field_name(path)}' {message}"))
        elif unsafe := unsafe_html(content_link.sub(SAFE_LINK, _as_checked(text, images, embeds)), self.verdicts):
            what, needle = unsafe
            found = text.find(needle) if needle else -1
            reserved = "data-editorial" in what or "tk-" in what.lower()
            self.errors.append(ContentError(
                self._at(start, text, found) if found >= 0 else start,
                f"'{field_name(path)}' contains HTML that is not allowed: {what}. " + (
                    "A class starting 'tk-' and a data-editorial attribute are the site's own (its furniture and "
                    "the editors' marks): remove it; to mark your own words, write {added: your words}"
                    if reserved else "Only Markdown formatting and https:, http: or mailto: links may be used; "
                    "remove it or write it in Markdown"),
            ))
        for offset, message in mark_problems(text) if not hazard else ():
            self.errors.append(ContentError(self._at(start, text, offset), f"'{field_name(path)}': {message}"))
        for match in LINK_DESTINATION.finditer(text) if not hazard else ():
            destination = match.group("inline") or match.group("reference") or ""
            if not _followable(destination):
                self.errors.append(ContentError(self._at(start, text, match.start("inline") if match.group("inline")
                                                         else match.start("reference")),
                                                f"'{field_name(path)}': {_NOT_FOLLOWABLE.format(_excerpt(destination))}"))
        for match in content_link.finditer(text):
            scheme, wanted = match.group(1), match.group(2)
            linked = kinds.by_link(scheme)
            kind = linked.folder if linked else RESOURCE
            if kind == RESOURCE:
                self.used_resources.add(wanted)
            known = self.content.resource_index if kind == RESOURCE else self.content.of(kind)
            if wanted in known or self.unsure(kind, wanted):
                continue
            position = self._at(start, text, match.start() + 2)
            self.errors.append(ContentError(
                position,
                f"the link '{scheme}:{_excerpt(wanted)}' names no {kind_name(kind)}{suggest(wanted, known)} "
                f"It must be the id of one in {where(kind)}",
            ))


def walk_categories(categories: list[m.ResourceCategory], path: Path_,
                     trail: tuple[m.ResourceCategory, ...] = ()) -> Iterator[tuple[m.Resource, Path_, tuple[m.ResourceCategory, ...]]]:
    for ci, category in enumerate(categories):
        here = trail + (category,)
        for ri, resource in enumerate(category.resources):
            yield resource, path + (ci, "resources", ri), here
        yield from walk_categories(category.categories, path + (ci, "categories"), here)


def _question_paths(qs: m.QuestionSet) -> Iterator[tuple[m.Question, Path_]]:
    if qs.groups is not None:
        for gi, group in enumerate(qs.groups):
            for qi, question in enumerate(group.questions):
                yield question, ("groups", gi, "questions", qi)
    else:
        for qi, question in enumerate(qs.questions or []):
            yield question, ("questions", qi)


def index_entries(in_one_file: dict[str, dict[str, typing.Any]], entities: list[Entity]) -> tuple[Draft, list[ContentError]]:
    """Entities by kind and id, and resources by id across every list, rejecting an id used twice."""
    draft = Draft(entries=in_one_file)
    errors: list[ContentError] = []
    first_seen: dict[tuple[str, str], Position] = {}
    for entity in entities:
        kind = kinds.get(entity.kind)
        entity_id = getattr(entity.model, kind.id_field)
        key = (entity.kind, entity_id)
        if key in first_seen:
            errors.append(ContentError(entity.file.position((kind.id_field,)), f"the {kind.singular} id "
                                       f"'{entity_id}' is already used at {first_seen[key]}; choose another id"))
            continue
        first_seen[key] = entity.file.position((kind.id_field,))
        draft.entries[entity.kind][entity_id] = entity.model
    resource_seen: dict[str, Position] = {}
    for entity in entities:
        if entity.kind != RESOURCE_LISTS:
            continue
        for resource, path, trail in walk_categories(entity.model.categories, ("categories",)):
            position = entity.file.position(path + ("id",))
            if resource.id in resource_seen:
                errors.append(ContentError(position, f"the resource id '{resource.id}' is already used at "
                                           f"{resource_seen[resource.id]}; resource ids are unique across all lists"))
                continue
            resource_seen[resource.id] = position
            draft.resource_index[resource.id] = (resource, entity.model.id, trail)
            draft.resource_positions[resource.id] = position
    return draft, errors


# --- each kind's own references and Markdown fields (the registry's ``check`` of each kind) ----------


def check_toolkit(check: Checker, content: Draft, model: m.Toolkit, file: LoadedFile) -> None:
    """Each part is an entry of its kind that no other toolkit has."""
    for index, part in enumerate(model.parts):
        kind = kinds.by_part(part.kind)
        path = ("parts", index, part.kind)
        if not check.ref(file, path, part.ref, kind.folder, content.of(kind.folder)):
            continue
        owner = content.part_owner.get((part.kind, part.ref))
        if owner:
            check.errors.append(ContentError(file.position(path), f"the {kind.singular} '{part.ref}' is "
                                f"already a part of the toolkit '{owner}'; a part belongs to one toolkit"))
        content.part_owner[(part.kind, part.ref)] = model.id
    _check_changes(check, model, file)


def _check_changes(check: Checker, model: m.Toolkit, file: LoadedFile) -> None:
    """Each part a change names is a part of this toolkit, named once."""
    own = [part.ref for part in model.parts]
    for index, change in enumerate(model.changes):
        for part_index, part_id in enumerate(change.parts):
            position = file.position(("changes", index, "parts", part_index))
            if part_id not in own:
                check.errors.append(ContentError(position, f"this change names the part '{part_id}', which is not a "
                                    f"part of the toolkit '{model.id}'{suggest(part_id, own)} Name one of its parts "
                                    f"({', '.join(own)}), or leave 'parts' out for a change to the whole toolkit"))
            elif part_id in change.parts[:part_index]:
                check.errors.append(ContentError(position, f"this change names the part '{part_id}' twice; name "
                                    "each part once"))


def check_page(check: Checker, content: Draft, model: m.Page, file: LoadedFile) -> None:
    """An entry is printed in one place (its anchor is its place, and its own page links back there): a second
    placement, in this page or another, is the editor's slip, reported at the second with where the first is."""
    check.markdown(file, ("body",), model.body, embeds=True)
    start = file.position(("body",))
    for offset, embed in placements(model.body):
        here = Checker._at(start, model.body or "", offset)
        first = check.placed.setdefault((embed.folder, embed.entry_id), (model.id, here))
        if first[1] == here:
            continue
        where_first = "earlier in this page" if first[0] == model.id else f"in the page '{first[0]}' ({first[1]})"
        check.errors.append(ContentError(here, f"'body' places the {kinds.get(embed.folder).singular} "
                            f"'{embed.entry_id}', which is placed already {where_first}; an entry is printed in one "
                            "place: keep the one where the source prints it, and link to it elsewhere"))


def check_question_set(check: Checker, content: Draft, model: m.QuestionSet, file: LoadedFile) -> None:
    """Question ids unique within the set (saved answers are keyed by them); each resource named exists."""
    check.markdown(file, ("intro",), model.intro)
    ids: dict[str, Path_] = {}
    for question, path in _question_paths(model):
        if question.id in ids:
            check.errors.append(ContentError(file.position(path + ("id",)), f"the question id '{question.id}' "
                                f"is used twice in this question set; each question needs its own id"))
        ids[question.id] = path
        for ri, wanted in enumerate(question.resources):
            check.ref(file, path + ("resources", ri), wanted, RESOURCE, content.resource_index)


def check_resource_list(check: Checker, content: Draft, model: m.ResourceList, file: LoadedFile) -> None:
    check.markdown(file, ("intro",), model.intro)


def check_template(check: Checker, content: Draft, model: m.DocumentTemplate, file: LoadedFile) -> None:
    check.markdown(file, ("intro",), model.intro)
    for group in ("sections", "annexes"):
        for index, section in enumerate(getattr(model, group)):
            check.markdown(file, (group, index, "guidance"), section.guidance)
            for note_index, note in enumerate(section.notes):
                # The page puts each note in an admonition, one level deeper.
                check.markdown(file, (group, index, "notes", note_index), note, nested=1)


def check_job_description(check: Checker, content: Draft, model: m.JobDescription, file: LoadedFile) -> None:
    for index, section in enumerate(model.sections):
        check.markdown(file, ("sections", index, "body"), section.body)


def check_case_study(check: Checker, content: Draft, model: m.CaseStudy, file: LoadedFile) -> None:
    for index, wanted in enumerate(model.organisations):
        check.ref(file, ("organisations", index), wanted, "organisations", content.organisations)
    for index, wanted in enumerate(model.themes):
        check.ref(file, ("themes", index), wanted, "themes", content.themes)
    check.markdown(file, ("what_they_did",), model.what_they_did)
    check.markdown(file, ("outcome",), model.outcome)
    if repeated := _repeated_sentence(model.outcome, model.what_they_did):
        check.errors.append(ContentError(file.position(("outcome",)), (
            f"the outcome repeats a sentence of 'what_they_did' ('{_excerpt(repeated)}'): a sentence the source "
            "prints once must not be shown twice, once as what was done and once as its result. Keep it where the "
            "source prints it, and leave 'outcome' out where the source states no outcome (the page then says so)")))


#: Where a sentence ends: after '.', '!' or '?' and a space.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _repeated_sentence(outcome: str | None, what_they_did: str) -> str | None:
    """The first sentence of the outcome (six words or more: shorter is a common phrase, not a repeat) that
    ``what_they_did`` also holds, if any."""
    if not outcome:
        return None
    done = " ".join(what_they_did.split()).casefold()
    for sentence in _SENTENCE_END.split(" ".join(outcome.split())):
        if len(sentence.split()) >= 6 and sentence.casefold().rstrip(".!?") in done:
            return sentence
    return None


def check_training(check: Checker, content: Draft, model: m.TrainingProgramme, file: LoadedFile) -> None:
    """Session ids unique within the programme (each session's calendar file is named by it). Calendar revisions
    out of date or not recorded are warnings (see attention.py and calendar_revisions.py)."""
    seen: set[str] = set()
    for index, session in enumerate(model.sessions):
        if session.id in seen:
            check.errors.append(ContentError(file.position(("sessions", index, "id")), f"the session id "
                                f"'{session.id}' is used twice in this programme; give each its own id"))
        seen.add(session.id)


def check_organisation(check: Checker, content: Draft, model: m.Organisation, file: LoadedFile) -> None:
    check.markdown(file, ("description",), model.description)



def check_all(content: Draft, entities: list[Entity], check: Checker) -> None:
    """Every entity's references: the toolkit it comes from, then what its kind checks of its own."""
    for entity in entities:
        kind = kinds.get(entity.kind)
        check.entity = entity
        if kind.from_toolkit:
            check.ref(entity.file, ("source",), getattr(entity.model, "source"), kinds.TOOLKITS,
                      content.of(kinds.TOOLKITS))
        if kind.check is not None:
            kind.check(check, content, entity.model, entity.file)
    check.entity = None
    # A page, checklist or resource list that no toolkit names would never be published.
    if any(kind == kinds.TOOLKITS for kind, _ in check.broken):
        return
    for entity in entities:
        kind = kinds.get(entity.kind)
        entity_id = getattr(entity.model, kind.id_field)
        if kind.part and (kind.part, entity_id) not in content.part_owner \
                and content.of(entity.kind).get(entity_id) is entity.model:
            check.errors.append(ContentError(entity.file.position((kind.id_field,)), f"the {kind.singular} "
                                f"'{entity_id}' is not a part of any toolkit, so it would not be published; "
                                f"add '- {kind.part}: {entity_id}' to a toolkit's parts, or delete this file"))

