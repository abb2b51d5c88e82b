"""The pages of each built-in kind, as specifications (see :mod:`.page_spec`): one function per kind, named in its
declaration in :mod:`.kinds`, each a pure function of the validated content.

A part of a toolkit (a guidance page, a checklist section, a resource list) is published with its toolkit, so the
toolkits' function makes those pages too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Callable

from . import answers_tools, editorial, embeds, kinds, labels
from . import models as m
from . import urls
from .downloads import feed_path, session_download
from .page_spec import Options, PageBuilder, PageSpec, every, which
from .validate import Content


# --- toolkits and their parts -------------------------------------------------------------------


def toolkit_pages(content: Content, options: Options) -> list[PageSpec]:
    """Each toolkit's overview, parts and print checklist. Up to ``nav_toolkit_limit`` toolkits are each a sidebar
    section of one "Toolkits" section (with navigation.prune only the one being read is expanded); past it, one
    "Toolkits" page lists them all, since every page carries the whole sidebar."""
    kind = kinds.get(kinds.TOOLKITS)
    in_nav = len(content.toolkits) <= options.nav_toolkit_limit
    specs: list[PageSpec] = []
    drawn = _drawn_from_toolkits(content)
    for toolkit in content.toolkits.values():
        specs += _toolkit(content, options, toolkit, in_nav, drawn)
    if not in_nav:
        items = [{"title": t.title, "description": t.summary, "path": urls.toolkit(t.id),
                  "wrote": _wrote(t, title="title", description="summary")}
                 for t in sorted(content.toolkits.values(), key=lambda t: t.title.lower())]
        specs += index_page(content, options, kind, "Every toolkit published on this site.", items)
    return specs


def _wrote(entry: Any, **shown: str) -> list[str]:
    """Which of a listed item's words (its title, its description) are the editors', by the field of ``entry``
    each shows, so a list marks them as the entry's own page does."""
    theirs = editorial.wrote(entry)
    return [item for item, field in shown.items() if field in theirs]


def _part_item(page: PageBuilder, part: m.Part) -> dict[str, Any]:
    """A part as its toolkit's list of parts shows it: its title, the site's count of what it holds, and the line
    that describes it (the page's summary, or who answers the checklist)."""
    if part.page:
        guidance = page.follow(part.page)
        return {"title": guidance.title, "count": None, "description": guidance.summary,
                "wrote": _wrote(guidance, title="title", description="summary")}
    if part.checklist:
        qs = page.follow(part.checklist)
        return {"title": qs.title, "count": labels.counted(len(qs.all_questions()), "question"),
                "description": qs.audience, "wrote": _wrote(qs, title="title", description="audience")}
    resource_list = page.follow(part.ref)
    count = sum(1 for _ in _resources_in(resource_list.categories))
    return {"title": resource_list.title, "count": labels.counted(count, "resource"), "description": None,
            "wrote": _wrote(resource_list, title="title")}


def _toolkit(content: Content, options: Options, toolkit: m.Toolkit, in_nav: bool, drawn: _Drawn) -> list[PageSpec]:
    label = toolkit.short_title or toolkit.title
    home = PageBuilder(content, options, urls.toolkit(toolkit.id))
    home.depends((kinds.TOOLKITS, toolkit.id), which(kinds.TOOLKITS))  # how many toolkits: in the sidebar or not
    parts = [{**_part_item(home, part), "path": urls.part(toolkit.id, part.ref)} for part in toolkit.parts]
    has_checklist = any(part.checklist for part in toolkit.parts)
    specs = [home.spec("toolkit.md.j2", toolkit.title, ("Toolkits", label, "Overview") if in_nav else (),
                       editors_title="title" in toolkit.wrote(),
                       toolkit=toolkit, parts=parts, related=_related(home, toolkit.id, drawn),
                       review=home.review(kinds.TOOLKITS, toolkit.id),
                       print_path=urls.checklist_print(toolkit.id) if has_checklist else None,
                       answers_path=urls.check_answers(toolkit.id) if has_checklist else None,
                       compare_path=urls.compare_answers(toolkit.id) if has_checklist else None,
                       team_path=urls.team_answers(toolkit.id) if has_checklist else None,
                       changes=_latest_changes(toolkit, parts), change_count=len(toolkit.changes),
                       feed_path=feed_path(toolkit.id))]
    for position, part in enumerate(toolkit.parts, start=1):
        specs.append(_part(content, options, toolkit, position, in_nav, label))
    if has_checklist:
        specs.append(_checklist_print(content, options, toolkit))
        specs.append(_check_answers(content, options, toolkit))
        specs += answers_tools.pages(content, options, toolkit)
    return specs


#: How many changes a toolkit's home page lists, newest first; its feed lists them all.
LATEST_CHANGES = 5


def _latest_changes(toolkit: m.Toolkit, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest changes, each with the parts it touched as its home page lists them (title, page)."""
    by_id = dict(zip((part.ref for part in toolkit.parts), parts))
    return [{"change": change, "parts": [by_id[part_id] for part_id in change.parts]}
            for change in toolkit.latest_changes()[:LATEST_CHANGES]]


def _part(content: Content, options: Options, toolkit: m.Toolkit, position: int, in_nav: bool,
          toolkit_label: str) -> PageSpec:
    """One part's page. Out of the sidebar, it links to the parts either side of it."""
    part = toolkit.parts[position - 1]
    page = PageBuilder(content, options, urls.part(toolkit.id, part.ref))
    page.depends((kinds.TOOLKITS, toolkit.id), which(kinds.TOOLKITS))  # in the sidebar, or links either side
    kind = kinds.by_part(part.kind)
    footer: dict[str, Any] = {"toolkit": toolkit, "toolkit_path": urls.toolkit(toolkit.id), "position": position,
                              "part_count": len(toolkit.parts), "previous": None, "next": None,
                              "review": page.review(kind.folder, part.ref), "changes": toolkit.changes_to(part.ref)}
    if not in_nav:
        for key, neighbour in (("previous", position - 2), ("next", position)):
            if 0 <= neighbour < len(toolkit.parts):
                other = toolkit.parts[neighbour]
                footer[key] = {"title": _part_item(page, other)["title"], "path": urls.part(toolkit.id, other.ref)}
    item = _part_item(page, part)
    title, editors_title = item["title"], "title" in item["wrote"]
    if part.page:
        guidance = page.follow(part.page)
        nav = (guidance.title,)
        spec = page.spec("page.md.j2", title, editors_title=editors_title, page=guidance,
                         body=page.markdown(embeds.expand(page, guidance.body)), **footer)
    elif part.checklist:
        qs = page.follow(part.checklist)
        nav = (qs.short_title or qs.title,)
        spec = page.spec("checklist.md.j2", title, editors_title=editors_title, qs=qs,
                         groups=_checklist_groups(page, qs), intro=page.markdown(qs.intro),
                         print_path=urls.checklist_print(toolkit.id),
                         answers_path=urls.check_answers(toolkit.id), **footer)
    else:
        resource_list = page.follow(part.ref)
        nav = (resource_list.title,)
        spec = page.spec("resources.md.j2", title, editors_title=editors_title, resource_list=resource_list,
                         categories=resource_list.categories, intro=page.markdown(resource_list.intro),
                         not_provided=m.NOT_PROVIDED, resource_anchor=urls.resource_anchor, **footer)
    if not in_nav:
        return spec
    return PageSpec(spec.path, spec.title, spec.template, spec.context, spec.depends_on,
                    ("Toolkits", toolkit_label, *nav), spec.editors_title)


def _checklist_groups(page: PageBuilder, qs: m.QuestionSet) -> list[dict[str, Any]]:
    """The section's questions, numbered in order across its groups, with links to their resources."""
    groups: list[tuple[str | None, list[m.Question], list[str]]] = (
        [(group.title, group.questions, _wrote(group, title="title")) for group in qs.groups] if qs.groups is not None
        else [(None, qs.questions or [], [])])
    number = 0
    shaped = []
    for title, questions, wrote in groups:
        items = []
        for question in questions:
            number += 1
            resources = [{"title": page.resource(r).title, "href": page.resource_href(r, for_html=True)}
                         for r in question.resources]
            items.append({"question": question, "number": number, "resources": resources,
                          "version": question_version(question)})
        shaped.append({"title": title, "questions": items, "wrote": wrote})
    return shaped


def _checklist_print(content: Content, options: Options, toolkit: m.Toolkit) -> PageSpec:
    """Every section of a toolkit's checklist on one page, for printing; kept out of search and the sidebar."""
    page = PageBuilder(content, options, urls.checklist_print(toolkit.id))
    page.depends((kinds.TOOLKITS, toolkit.id))
    sections = [page.follow(part.ref) for part in toolkit.parts if part.checklist]
    # Each section's own review, so a section past its date is named on the first sheet and says so on its own.
    return page.spec("checklist_print.md.j2", f"{toolkit.title}: checklist", toolkit=toolkit,
                     sections=[{"qs": qs, "groups": _checklist_groups(page, qs), "changes": toolkit.changes_to(qs.id),
                                "review": page.review(kinds.by_part("checklist").folder, qs.id)}
                               for qs in sections],
                     review=page.review(kinds.TOOLKITS, toolkit.id))


def _check_answers(content: Content, options: Options, toolkit: m.Toolkit) -> PageSpec:
    """A toolkit's "Your answers" page: each section's questions as the check-answers pattern lists them (with a
    link to change each), their prompts and resources for the action plan, and the toolkit's version of its
    questions, which a saved file records. Its script (check-answers.js) fills in the answers; kept out of search
    and the sidebar, and linked from the toolkit's home page and each section's self-assessment panel."""
    page = PageBuilder(content, options, urls.check_answers(toolkit.id))
    sections, shaped = answer_sections(page, toolkit)
    return page.spec("check_answers.md.j2", f"{toolkit.title}: your answers", toolkit=toolkit, sections=shaped,
                     questions_version=questions_version(toolkit, sections),
                     compare_path=urls.compare_answers(toolkit.id), team_path=urls.team_answers(toolkit.id))


def answer_sections(page: PageBuilder, toolkit: m.Toolkit) -> tuple[list[m.QuestionSet], list[dict[str, Any]]]:
    """A toolkit's checklist sections, which a page about its answers depends on, each with its questions as that
    page lists them and the address of the section's own page (where each answer is changed)."""
    page.depends((kinds.TOOLKITS, toolkit.id))
    sections = [page.follow(part.ref) for part in toolkit.parts if part.checklist]
    return sections, [{"qs": qs, "groups": _checklist_groups(page, qs), "path": urls.part(toolkit.id, qs.id)}
                      for qs in sections]


def questions_version(toolkit: m.Toolkit, sections: list[m.QuestionSet]) -> str:
    """What a toolkit's saved answers were given against: the day its content was last reviewed, and a hash of every
    section's question ids and versions in order, which changes when a question is added, removed, moved or
    reworded (see schemas/answers/saved-answers.schema.json, "toolkitVersion")."""
    listed = "".join(f"{qs.id}:{question.id}:{question_version(question)}\n"
                     for qs in sections for question in qs.all_questions())
    return f"{toolkit.last_reviewed.isoformat()}+{hashlib.sha256(listed.encode('utf-8')).hexdigest()[:12]}"



#: Each kind's entries drawn from each toolkit (by kind, then the toolkit's id), in the kind's order.
_Drawn = dict[str, dict[str, list[tuple[str, Any]]]]


def _drawn_from_toolkits(content: Content) -> _Drawn:
    """The entries each toolkit's home page lists, grouped once for every toolkit (not searched for each)."""
    drawn: _Drawn = {}
    for kind in kinds.all_kinds():
        if kind.from_toolkit and kind.section and kind.title:
            by_toolkit = drawn.setdefault(kind.folder, {})
            for entry_id, entry in content.of(kind.folder).items():
                by_toolkit.setdefault(entry.source, []).append((entry_id, entry))
    return drawn


def _related(page: PageBuilder, toolkit_id: str, drawn: _Drawn) -> list[dict[str, Any]]:
    """Entries drawn from this toolkit, listed on its home page under their kind's title."""
    sections = []
    for kind in kinds.all_kinds():
        if kind.folder not in drawn:
            continue
        assert kind.section is not None
        page.depends(every(kind.folder))
        items = [{"title": entry.title, "description": None, "path": urls.entity(kind.section, entry_id),
                  "wrote": _wrote(entry, title="title")}
                 for entry_id, entry in drawn[kind.folder].get(toolkit_id, [])]
        if items:
            sections.append({"title": kind.title, "entries": items})
    return sections


def _resources_in(categories: list[m.ResourceCategory]) -> list[m.Resource]:
    found: list[m.Resource] = []
    for category in categories:
        found += category.resources
        found += _resources_in(category.categories)
    return found


def question_version(question: m.Question) -> str:
    """Changes when a question is reworded, so an answer saved in a browser is never shown against other words."""
    return hashlib.sha256(f"{question.answer}\n{question.text}".encode("utf-8")).hexdigest()[:12]


# --- kinds with pages of their own ------------------------------------------------------------


def index_page(content: Content, options: Options, kind: kinds.Kind, intro: str, items: list[dict[str, Any]],
                in_nav: bool = True, depends_on: frozenset[tuple[str, str]] = frozenset()) -> list[PageSpec]:
    """A kind's index page, at its section and with its title; none for a kind with no entries."""
    assert kind.section is not None and kind.title is not None
    if not items:
        return []
    page = PageBuilder(content, options, urls.index(kind.section))
    page.depends(*depends_on, every(kind.folder))
    return [page.spec("list_index.md.j2", kind.title, (kind.title,) if in_nav else (), title=kind.title,
                      intro=intro, items=items)]


def _entry_pages(content: Content, options: Options, folder: str, template: str, intro: str,
                 shape: Callable[[PageBuilder, Any], dict[str, Any]], describe: Callable[[Any], str | None]
                 ) -> list[PageSpec]:
    """Each entry of a kind drawn from a toolkit, on a page of its own naming that toolkit and its review, and the
    kind's index; ``shape`` gives the page's own context, ``describe`` its line in the index."""
    kind = kinds.get(folder)
    specs, items = [], []
    for entry in content.of(folder).values():
        page = PageBuilder(content, options, urls.entity(kind.section or "", entry.id))
        page.depends((folder, entry.id))
        specs.append(page.spec(template, entry.title, editors_title="title" in entry.wrote(), **shape(page, entry),
                               **page.source(entry.source), review=page.review(folder, entry.id)))
        items.append({"title": entry.title, "description": describe(entry), "path": page.path,
                      "wrote": _wrote(entry, title="title")})
    return specs + index_page(content, options, kind, intro, items)


def job_description_pages(content: Content, options: Options) -> list[PageSpec]:
    def shape(page: PageBuilder, jd: m.JobDescription) -> dict[str, Any]:
        sections = [{**dict(section), "body": page.markdown(section.body)} for section in jd.sections]
        return {"jd": jd, "sections": sections, "historical": _historical("job_descriptions", jd),
                "column_note": labels.person_spec_note([(req.requirement, req.column) for req in jd.requirements()])}

    return _entry_pages(content, options, "job_descriptions", "job_description.md.j2", "Example job descriptions and "
                        "person specifications, as their sources print them; each says whether it is a current "
                        "template or an example from the source's time.", shape, lambda jd: _described("job_descriptions", jd))


def _historical(folder: str, entry: Any) -> str:
    """A historical document's status line ('Example job description from 2006, not a current template'), or ''."""
    return labels.historical(folder, entry.dated) if entry.status == "historical" and entry.dated else ""


def _described(folder: str, entry: Any) -> str | None:
    """An entry's line in its kind's index: where in the source it is, and whether it is historical."""
    parts = [part for part in (entry.source_detail, _historical(folder, entry)) if part]
    return ". ".join(parts) or None


def template_pages(content: Content, options: Options) -> list[PageSpec]:
    def shape(page: PageBuilder, template: m.DocumentTemplate) -> dict[str, Any]:
        def part(section: m.TemplateSection) -> dict[str, Any]:
            return {"id": section.id, "heading": section.heading, "table": section.table,
                    "guidance": page.markdown(section.guidance), "notes": [page.markdown(n) for n in section.notes],
                    "editor_note": section.editor_note}

        return {"template": template, "intro": page.markdown(template.intro),
                "historical": _historical("templates", template),
                "sections": [part(s) for s in template.sections],
                "annexes": [{**part(annex), "letter": annex.letter} for annex in template.annexes]}

    def describe(template: m.DocumentTemplate) -> str:
        status = _historical("templates", template)
        return f"{status}. {template.summary}" if status else template.summary

    return _entry_pages(content, options, "templates", "document_template.md.j2", "Documents to download and fill in, "
                        "with the source's guidance on each part; each says whether it is current or an example from "
                        "the source's time.", shape, describe)


def training_pages(content: Content, options: Options) -> list[PageSpec]:
    def shape(page: PageBuilder, programme: m.TrainingProgramme) -> dict[str, Any]:
        sessions = [{**session_text(s), "calendar": session_download(programme, s)}
                    for s in sorted(programme.sessions, key=lambda s: (s.date, s.start))]
        return {"programme": programme, "sessions": sessions, "anchor": urls.anchor}

    return _entry_pages(content, options, "training", "training.md.j2", "Training programmes with their sessions, "
                        "dates and how to book.", shape,
                        lambda programme: f"{len(programme.sessions)} sessions. {programme.organisation}.")


def _time_text(time: dt.time) -> str:
    """12-hour times as NHS content style writes them: 9.30am, 3pm."""
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}.{time.minute:02d}{suffix}"


def session_text(session: m.Session) -> dict[str, Any]:
    """A session's date, time, mode and venue as the schedule writes them."""
    venue = labels.VENUE_TO_BE_CONFIRMED if session.venue == m.TO_BE_CONFIRMED else session.venue
    return {
        "session": session,
        "start_iso": dt.datetime.combine(session.date, session.start).isoformat(timespec="minutes"),
        "date_text": f"{session.date:%A} {session.date.day} {session.date:%B %Y}",
        "time_text": f"{_time_text(session.start)} to {_time_text(session.end)}",
        "mode_text": labels.MODES[session.mode],
        "venue_text": venue,
    }


# --- case studies and the organisations they name ----------------------------------------------------


def _study_listing(page: PageBuilder) -> list[dict[str, Any]]:
    """Every case study as the index and the organisations' pages list it, by title."""
    kind, organisations = kinds.get("case_studies"), kinds.get("organisations")
    listed = []
    page.depends(every(kind.folder), every(organisations.folder), every(kinds.get("themes").folder))
    for study in page.content.of(kind.folder).values():
        orgs = [page.follow(o) for o in study.organisations]
        themes = [page.follow(t) for t in study.themes]
        listed.append({"study": study, "path": urls.entity(kind.section or "", study.id), "theme_ids": study.themes,
                       "organisation_ids": study.organisations, "theme_titles": [t.title for t in themes],
                       "organisation_names": [editorial.said_text(o.name, o, "name") for o in orgs]})
    return sorted(listed, key=lambda item: item["study"].title.lower())


def case_study_pages(content: Content, options: Options) -> list[PageSpec]:
    """Each case study, and an index filterable by theme and organisation (by theme without JavaScript)."""
    kind, organisations = kinds.get("case_studies"), kinds.get("organisations")
    assert kind.section is not None and organisations.section is not None
    index_path = urls.index(kind.section)
    specs = []
    placed = embeds.places(content)
    for study in content.of(kind.folder).values():
        page = PageBuilder(content, options, urls.entity(kind.section, study.id))
        page.depends((kind.folder, study.id))
        orgs = [page.follow(o) for o in study.organisations]
        specs.append(page.spec(
            "case_study.md.j2", study.title, editors_title="title" in study.wrote(), study=study, index_path=index_path,
            organisations=[{"name": o.name, "path": page.entity_path(organisations.folder, o.id),
                            "wrote": _wrote(o, name="name")} for o in orgs],
            themes=[page.follow(t) for t in study.themes],
            what_they_did=page.markdown(study.what_they_did), outcome=page.markdown(study.outcome),
            printed_at=embeds.place(page, placed, kind.folder, study.id),
            **page.source(study.source), review=page.review(kind.folder, study.id)))
    if not specs:
        return specs
    index = PageBuilder(content, options, index_path)
    listed = _study_listing(index)
    themes = [{"id": t.id, "title": t.title, "description": t.description,
               "studies": [i for i in listed if t.id in i["theme_ids"]]}
              for t in content.of(kinds.get("themes").folder).values()]
    named = {org_id for item in listed for org_id in item["organisation_ids"]}
    used_orgs = sorted((o for o in content.of(organisations.folder).values() if o.id in named), key=lambda o: o.name)
    specs.append(index.spec("case_studies_index.md.j2", kind.title or "", (kind.title or "",), studies=listed,
                            organisations=used_orgs, organisations_path=urls.index(organisations.section),
                            themes=[t for t in themes if t["studies"]]))
    return specs


def organisation_pages(content: Content, options: Options) -> list[PageSpec]:
    """A profile of each organisation with the case studies that name it; reached from those, not the sidebar."""
    kind, case_studies = kinds.get("organisations"), kinds.get("case_studies")
    named_in: dict[str, list[m.CaseStudy]] = {}
    for study in sorted(content.of(case_studies.folder).values(), key=lambda study: study.title.lower()):
        for org_id in dict.fromkeys(study.organisations):
            named_in.setdefault(org_id, []).append(study)
    specs, items = [], []
    placed = embeds.places(content)
    for org in sorted(content.of(kind.folder).values(), key=lambda o: o.name):
        page = PageBuilder(content, options, urls.entity(kind.section or "", org.id))
        page.depends((kind.folder, org.id), every(case_studies.folder))
        studies = [{"study": s, "path": urls.entity(case_studies.section or "", s.id)} for s in named_in.get(org.id, [])]
        specs.append(page.spec("organisation.md.j2", org.name, editors_title="name" in org.wrote(), org=org,
                               studies=studies, printed_at=embeds.place(page, placed, kind.folder, org.id),
                               description=page.markdown(org.description), review=page.review(kind.folder, org.id)))
        items.append({"title": org.name, "description": org.region, "path": page.path,
                      "wrote": _wrote(org, title="name")})
    return specs + index_page(content, options, kind, "Organisations named in the case studies.", items, in_nav=False)
