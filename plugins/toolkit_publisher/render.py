"""Stage 3, render: validated content into Markdown pages and a navigation, through Jinja templates.

Pure functions of the content: the MkDocs plugin and the command line both call
:func:`render_site` and get the same pages, so another engine can build them later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from functools import partial
from typing import Any, Callable

from markupsafe import Markup

from . import kinds, labels
from . import models as m
from . import urls
from .downloads import Batch, Download, formats_offered, plan_downloads, session_download
from .site import NAV_TOOLKIT_LIMIT, NavItem, RenderedSite
from .templating import environment
from .validate import Content


def _time_text(time: dt.time) -> str:
    """12-hour times as NHS content style writes them: 9.30am, 3pm."""
    hour = time.hour % 12 or 12
    suffix = "am" if time.hour < 12 else "pm"
    return f"{hour}{suffix}" if time.minute == 0 else f"{hour}.{time.minute:02d}{suffix}"


class _Renderer:
    """Renders one site; holds the content and the templates so each page function stays small.

    Each kind's ``pages`` (see :mod:`.kinds`) is called with it, and may use :meth:`emit`, :meth:`index`,
    :meth:`markdown`, :meth:`source`, :meth:`entity_path` and :attr:`content`.
    """

    def __init__(self, content: Content, directory_urls: bool, downloads: list[Download],
                 nav_toolkit_limit: int = NAV_TOOLKIT_LIMIT):
        self.content = content
        self.directory_urls = directory_urls
        self.nav_toolkit_limit = nav_toolkit_limit
        self.downloads: dict[str, list[Download]] = {}
        for download in downloads:
            self.downloads.setdefault(download.page, []).append(download)
        self.env = environment()
        self.site = RenderedSite()
        self.page_titles: dict[str, str] = {}
        self.listed_studies: list[dict[str, Any]] = []

    # -- helpers ---------------------------------------------------------------------------

    def emit(self, path: str, template_name: str, **context: Any) -> None:
        link: Callable[[str], str] = partial(urls.relative, source=path)
        href: Callable[[str], str] = partial(urls.href, source=path, directory_urls=self.directory_urls)
        context.setdefault("downloads", self.downloads.get(path, []))
        context.setdefault("review", None)
        text = self.env.get_template(template_name).render(link=link, href=href, here=path, **context)
        self.site.pages[path] = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
        heading = re.match(r"# (.+)", self.site.pages[path])
        if heading:
            self.page_titles[path] = html.unescape(re.sub(r"\\(.)", r"\1", heading.group(1)))

    def resource_href(self, resource_id: str, here: str, for_html: bool = False) -> str:
        """Where a resource is listed: a Markdown link, or (for raw HTML) the published URL."""
        resource, list_id, _trail = self.content.resource_index[resource_id]
        target = f"{urls.part(self.content.part_owner[('resources', list_id)], list_id)}#{urls.resource_anchor(resource.id)}"
        if for_html:
            return urls.href(target, here, self.directory_urls)
        path, _, anchor = target.partition("#")
        return f"{urls.relative(path, here)}#{anchor}"

    def markdown(self, text: str | None, here: str) -> Markup:
        """Resolve [words](kind:ID) links. A resource with no address links to its library entry, which says so."""
        if not text:
            return Markup("")

        def replace(match: re.Match[str]) -> str:
            scheme, target = match.group(1), match.group(2)
            if scheme == "resource":
                resource = self.content.resource_index[target][0]
                if resource.link == m.NOT_PROVIDED:
                    return f"]({self.resource_href(resource.id, here)}) ({labels.LINK_NOT_PROVIDED.lower()})"
                return f"](<{resource.link}>)"  # a pointy-bracketed destination: nothing in it can end the link
            kind = kinds.by_link(scheme)
            assert kind is not None
            return f"]({urls.relative(self.entity_path(kind.folder, target), here)})"

        return Markup(kinds.content_link().sub(replace, text))

    def entity_path(self, folder: str, entity_id: str) -> str:
        """The page of an entry of a kind: a toolkit's home, a part's page in its toolkit, or one in the kind's section."""
        kind = kinds.get(folder)
        if kind.folder == kinds.TOOLKITS:
            return urls.toolkit(entity_id)
        if kind.part:
            return urls.part(self.content.part_owner[(kind.part, entity_id)], entity_id)
        assert kind.section is not None, f"the kind '{folder}' has no pages of its own"
        return urls.entity(kind.section, entity_id)

    def source(self, toolkit_id: str) -> dict[str, str]:
        toolkit = self.content.toolkits[toolkit_id]
        return {"source_path": urls.toolkit(toolkit_id), "source_title": toolkit.title}

    # -- toolkits and parts ----------------------------------------------------------------

    def part_title(self, part: m.Part) -> tuple[str, str | None]:
        if part.page:
            page = self.content.pages[part.page]
            return page.title, page.summary
        if part.checklist:
            qs = self.content.question_sets[part.checklist]
            count = len(qs.all_questions())
            return qs.title, f"{count} questions. {qs.audience}."
        resource_list = self.content.resources[part.resources or ""]
        count = sum(1 for _ in _resources_in(resource_list.categories))
        return resource_list.title, f"{count} resources, by category."

    def toolkit(self, toolkit: m.Toolkit, in_nav: bool = True) -> None:
        """A toolkit's overview and parts. Out of the sidebar, each part links to the parts either side of it."""
        parts = []
        nav: list[NavItem] = [{"Overview": urls.toolkit(toolkit.id)}]
        titled = [(part, *self.part_title(part)) for part in toolkit.parts]
        for position, (part, title, description) in enumerate(titled, start=1):
            path = urls.part(toolkit.id, part.ref)
            parts.append({"title": title, "description": description, "path": path})
            footer = {"toolkit": toolkit, "toolkit_path": urls.toolkit(toolkit.id),
                      "position": position, "part_count": len(toolkit.parts), "previous": None, "next": None}
            if not in_nav:
                before = titled[position - 2] if position > 1 else None
                after = titled[position] if position < len(titled) else None
                footer["previous"] = before and {"title": before[1], "path": urls.part(toolkit.id, before[0].ref)}
                footer["next"] = after and {"title": after[1], "path": urls.part(toolkit.id, after[0].ref)}
            footer["review"] = self.content.reviews.get((kinds.by_part(part.kind).folder, part.ref))
            if part.page:
                self.page(self.content.pages[part.page], path, footer)
            elif part.checklist:
                self.checklist(self.content.question_sets[part.checklist], path, footer)
            else:
                self.resource_list(self.content.resources[part.ref], path, footer)
            nav_title = (part.checklist and self.content.question_sets[part.ref].short_title) or title
            nav.append({html.escape(nav_title): path})
        related = self.related(toolkit.id)
        self.checklist_print(toolkit)
        has_checklist = any(part.checklist for part in toolkit.parts)
        self.emit(urls.toolkit(toolkit.id), "toolkit.md.j2", toolkit=toolkit, parts=parts, related=related,
                  review=self.content.reviews.get((kinds.TOOLKITS, toolkit.id)),
                  print_path=urls.checklist_print(toolkit.id) if has_checklist else None)
        if in_nav:
            self.site.nav.append({html.escape(toolkit.short_title or toolkit.title): nav})

    def toolkits(self) -> None:
        """Up to ``nav_toolkit_limit`` toolkits, each a sidebar section; past it, one "Toolkits" page lists them all.

        Every page carries the whole sidebar, so hundreds of toolkits in it would make every page heavier
        as the content grows (with ``navigation.prune`` only the open toolkit is expanded, but every title is listed).
        """
        in_nav = len(self.content.toolkits) <= self.nav_toolkit_limit
        for toolkit in self.content.toolkits.values():
            self.toolkit(toolkit, in_nav)
        if in_nav:
            # One "Toolkits" section: with navigation.prune, only the toolkit being read is expanded.
            self.site.nav = [{"Toolkits": self.site.nav}] if self.site.nav else []
            return
        items = [{"title": t.title, "description": t.summary, "path": urls.toolkit(t.id)}
                 for t in sorted(self.content.toolkits.values(), key=lambda t: t.title.lower())]
        self.kind_index(kinds.get(kinds.TOOLKITS), "Every toolkit published on this site.", items)

    def related(self, toolkit_id: str) -> list[dict[str, Any]]:
        """Entities drawn from this toolkit, listed on its home page under their kind's title."""
        sections = []
        for kind in kinds.all_kinds():
            if not (kind.from_toolkit and kind.section and kind.title):
                continue
            items = [{"title": e.title, "description": None, "path": urls.entity(kind.section, entity_id)}
                     for entity_id, e in self.content.of(kind.folder).items() if e.source == toolkit_id]
            if items:
                sections.append({"title": kind.title, "entries": items})
        return sections

    def page(self, page: m.Page, path: str, footer: dict[str, Any]) -> None:
        self.emit(path, "page.md.j2", page=page, body=self.markdown(page.body, path), **footer)

    def checklist_groups(self, qs: m.QuestionSet, path: str) -> list[dict[str, Any]]:
        """The section's questions, numbered in order across its groups, with links to their resources."""
        groups: list[tuple[str | None, list[m.Question]]] = (
            [(group.title, group.questions) for group in qs.groups] if qs.groups is not None
            else [(None, qs.questions or [])])
        number = 0
        shaped = []
        for title, questions in groups:
            items = []
            for question in questions:
                number += 1
                resources = [{"title": self.content.resource_index[r][0].title, "href": self.resource_href(r, path, for_html=True)}
                             for r in question.resources]
                items.append({"question": question, "number": number, "resources": resources,
                              "version": question_version(question)})
            shaped.append({"title": title, "questions": items})
        return shaped

    def checklist(self, qs: m.QuestionSet, path: str, footer: dict[str, Any]) -> None:
        self.emit(path, "checklist.md.j2", qs=qs, groups=self.checklist_groups(qs, path),
                  intro=self.markdown(qs.intro, path),
                  print_path=urls.checklist_print(footer["toolkit"].id), **footer)

    def checklist_print(self, toolkit: m.Toolkit) -> None:
        """Every section of a toolkit's checklist on one page, for printing; kept out of search and the sidebar."""
        sections = [self.content.question_sets[part.ref] for part in toolkit.parts if part.checklist]
        if not sections:
            return
        path = urls.checklist_print(toolkit.id)
        self.emit(path, "checklist_print.md.j2", toolkit=toolkit,
                  sections=[{"qs": qs, "groups": self.checklist_groups(qs, path)} for qs in sections])

    def resource_list(self, resource_list: m.ResourceList, path: str, footer: dict[str, Any]) -> None:
        self.emit(path, "resources.md.j2", resource_list=resource_list, categories=resource_list.categories,
                  intro=self.markdown(resource_list.intro, path), not_provided=m.NOT_PROVIDED,
                  resource_anchor=urls.resource_anchor, **footer)

    # -- entities with pages of their own ----------------------------------------------------

    def job_descriptions(self) -> None:
        kind = kinds.get("job_descriptions")
        items = []
        for jd in self.content.of(kind.folder).values():
            path = self.entity_path(kind.folder, jd.id)
            sections = [{"heading": s.heading, "body": self.markdown(s.body, path)} for s in jd.sections]
            self.emit(path, "job_description.md.j2", jd=jd, sections=sections, **self.source(jd.source),
                      review=self.content.reviews.get((kind.folder, jd.id)))
            items.append({"title": jd.title, "description": jd.source_detail, "path": path})
        self.kind_index(kind, "Example job descriptions and person specifications to adapt for your own roles.", items)

    def templates(self) -> None:
        kind = kinds.get("templates")
        items = []
        for template in self.content.of(kind.folder).values():
            path = self.entity_path(kind.folder, template.id)

            def shape(section: m.TemplateSection) -> dict[str, Any]:
                return {"id": section.id, "heading": section.heading, "table": section.table,
                        "guidance": self.markdown(section.guidance, path),
                        "notes": [self.markdown(note, path) for note in section.notes]}

            annexes = [{**shape(annex), "letter": annex.letter} for annex in template.annexes]
            self.emit(path, "document_template.md.j2", template=template, intro=self.markdown(template.intro, path),
                      sections=[shape(s) for s in template.sections], annexes=annexes, **self.source(template.source),
                      review=self.content.reviews.get((kind.folder, template.id)))
            items.append({"title": template.title, "description": template.summary, "path": path})
        self.kind_index(kind, "Documents to download and fill in, with the source's guidance on each part.", items)

    def training(self) -> None:
        kind = kinds.get("training")
        items = []
        for programme in self.content.of(kind.folder).values():
            path = self.entity_path(kind.folder, programme.id)
            sessions = [{**self.session(s), "calendar": session_download(programme, s)}
                        for s in sorted(programme.sessions, key=lambda s: (s.date, s.start))]
            self.emit(path, "training.md.j2", programme=programme, sessions=sessions, anchor=urls.anchor,
                      summary=self.markdown(programme.summary, path), **self.source(programme.source),
                      review=self.content.reviews.get((kind.folder, programme.id)))
            items.append({"title": programme.title, "description": f"{len(sessions)} sessions. {programme.organisation}.",
                          "path": path})
        self.kind_index(kind, "Training programmes with their sessions, dates and how to book.", items)

    @staticmethod
    def session(session: m.Session) -> dict[str, Any]:
        venue = labels.VENUE_TO_BE_CONFIRMED if session.venue == m.TO_BE_CONFIRMED else session.venue
        return {
            "session": session,
            "start_iso": dt.datetime.combine(session.date, session.start).isoformat(timespec="minutes"),
            "date_text": f"{session.date:%A} {session.date.day} {session.date:%B %Y}",
            "time_text": f"{_time_text(session.start)} to {_time_text(session.end)}",
            "mode_text": labels.MODES[session.mode],
            "venue_text": venue,
        }

    def case_studies(self) -> None:
        """Each case study, and an index filterable by theme and organisation (by theme without JavaScript)."""
        kind, organisations = kinds.get("case_studies"), kinds.get("organisations")
        assert kind.section is not None and organisations.section is not None
        index_path = urls.index(kind.section)
        listed = []
        for study in self.content.of(kind.folder).values():
            path = self.entity_path(kind.folder, study.id)
            orgs = [self.content.of(organisations.folder)[o] for o in study.organisations]
            themes = [self.content.themes[t] for t in study.themes]
            self.emit(path, "case_study.md.j2", study=study, index_path=index_path,
                      organisations=[{"name": o.name, "path": self.entity_path(organisations.folder, o.id)} for o in orgs],
                      themes=themes, what_they_did=self.markdown(study.what_they_did, path),
                      outcome=self.markdown(study.outcome, path), **self.source(study.source),
                      review=self.content.reviews.get((kind.folder, study.id)))
            listed.append({"study": study, "path": path, "theme_ids": study.themes, "organisation_ids": study.organisations,
                           "theme_titles": [t.title for t in themes], "organisation_names": [o.name for o in orgs]})
        listed.sort(key=lambda item: item["study"].title.lower())
        self.listed_studies = listed
        if not listed:
            return
        themes = [{"id": t.id, "title": t.title, "description": t.description,
                   "studies": [i for i in listed if t.id in i["theme_ids"]]} for t in self.content.themes.values()]
        used_orgs = sorted((o for o in self.content.of(organisations.folder).values()
                            if any(o.id in i["organisation_ids"] for i in listed)), key=lambda o: o.name)
        self.emit(index_path, "case_studies_index.md.j2", studies=listed, organisations=used_orgs,
                  organisations_path=urls.index(organisations.section), themes=[t for t in themes if t["studies"]])
        self.site.nav.append({kind.title: index_path})

    def organisations(self) -> None:
        """A profile of each organisation with the case studies that name it; reached from those, not the sidebar."""
        kind = kinds.get("organisations")
        items = []
        for org in sorted(self.content.of(kind.folder).values(), key=lambda o: o.name):
            path = self.entity_path(kind.folder, org.id)
            studies = [i for i in self.listed_studies if org.id in i["organisation_ids"]]
            self.emit(path, "organisation.md.j2", org=org, studies=studies,
                      description=self.markdown(org.description, path),
                      review=self.content.reviews.get((kind.folder, org.id)))
            items.append({"title": org.name, "description": org.region, "path": path})
        self.kind_index(kind, "Organisations named in the case studies.", items, in_nav=False)

    def downloads_page(self, downloads: list[Download]) -> None:
        """Every download in one place, under the page that offers it."""
        if not downloads:
            return
        path = "downloads/index.md"
        groups: dict[str, list[Download]] = {}
        for download in downloads:
            groups.setdefault(download.page, []).append(download)
        pages = [{"path": page, "title": self.page_titles.get(page, page), "files": files} for page, files in groups.items()]
        self.emit(path, "downloads_index.md.j2", pages=pages, formats=formats_offered(downloads))
        self.site.nav.append({"Downloads": path})

    def content_health(self) -> None:
        """The editors' page: overdue and upcoming reviews, missing owners and links, unused resources, counts."""
        reviewed = []
        for (kind, entity_id), review in self.content.reviews.items():
            path = self.entity_path(kind, entity_id)
            owner = "not yet assigned" if review.owner == m.NOT_ASSIGNED else review.owner
            reviewed.append({"title": self.page_titles.get(path, entity_id), "path": path, "review": review,
                             "owner": owner})
        reviewed.sort(key=lambda item: (item["review"].review_due, item["title"]))
        today = dt.date.today()
        resources = []
        for resource_id, (resource, list_id, _trail) in self.content.resource_index.items():
            position = self.content.resource_positions[resource_id]
            resources.append({"id": resource_id, "resource": resource, "title": resource.title,
                              "path": f"{urls.part(self.content.part_owner[('resources', list_id)], list_id)}"
                                      f"#{urls.resource_anchor(resource_id)}",
                              "file": position.path, "line": position.line})
        counts = [(label, len(self.content.of(kind))) for kind, label in (
            ("toolkits", "Toolkits"), ("pages", "Guidance pages"), ("question_sets", "Checklist sections"),
            ("resources", "Resource lists"), ("training", "Training programmes"), ("templates", "Document templates"),
            ("job_descriptions", "Job-description templates"), ("case_studies", "Case studies"),
            ("organisations", "Organisations"))]
        counts.insert(3, ("Questions", sum(len(qs.all_questions()) for qs in self.content.question_sets.values())))
        counts.insert(5, ("Resources", len(self.content.resource_index)))
        self.emit("content-health/index.md", "content_health.md.j2", counts=counts,
                  overdue=[i for i in reviewed if i["review"].review_due < today],
                  due_soon=[i for i in reviewed if today <= i["review"].review_due <= today + dt.timedelta(days=90)],
                  unowned=[i for i in reviewed if i["path"].endswith("/index.md") and i["path"].startswith(urls.TOOLKITS)
                           and i["owner"] == "not yet assigned"],
                  missing_links=[r for r in resources if r["resource"].link == m.NOT_PROVIDED],
                  unused=[r for r in resources if r["id"] not in self.content.used_resources])

    def kind_index(self, kind: kinds.Kind, intro: str, items: list[dict[str, Any]], in_nav: bool = True) -> None:
        """A kind's index page, at its section and with its title."""
        assert kind.section is not None and kind.title is not None
        self.index(kind.section, kind.title, intro, items, in_nav)

    def index(self, section: str, title: str, intro: str, items: list[dict[str, Any]], in_nav: bool = True) -> None:
        if not items:
            return
        path = urls.index(section)
        self.emit(path, "list_index.md.j2", title=title, intro=intro, items=items)
        if in_nav:
            self.site.nav.append({title: path})


def _resources_in(categories: list[m.ResourceCategory]) -> list[m.Resource]:
    found: list[m.Resource] = []
    for category in categories:
        found += category.resources
        found += _resources_in(category.categories)
    return found


def question_version(question: m.Question) -> str:
    """Changes when a question is reworded, so an answer saved in a browser is never shown against other words."""
    return hashlib.sha256(f"{question.answer}\n{question.text}".encode("utf-8")).hexdigest()[:12]


def _count(number: int, noun: str, plural: str | None = None) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {plural or noun + 's'}"


def publications(content: Content) -> dict[str, Any]:
    """What the home page lists: every publication and every kind of material, as plain values."""
    toolkits = []
    checklists, libraries = [], []
    for toolkit in content.toolkits.values():
        contents = []
        for kind, noun in (("page", "guidance page"), ("checklist", "checklist section"), ("resources", "resource list")):
            refs = [part.ref for part in toolkit.parts if part.kind == kind]
            if refs:
                contents.append(_count(len(refs), noun))
        for table, noun, plural in ((content.training, "training schedule", None),
                                    (content.templates, "document template", None),
                                    (content.job_descriptions, "job-description template", None),
                                    (content.case_studies, "case study", "case studies")):
            number = sum(1 for entity in table.values() if entity.source == toolkit.id)
            if number:
                contents.append(_count(number, noun, plural))
        about = {"title": toolkit.title, "summary": toolkit.summary, "publisher": toolkit.publisher,
                 "published": toolkit.published}
        toolkits.append({"toolkit": about, "path": urls.toolkit(toolkit.id), "contents": contents})
        for part in toolkit.parts:
            if part.checklist:
                checklists.append({"title": content.question_sets[part.ref].title, "path": urls.part(toolkit.id, part.ref)})
            elif part.resources:
                libraries.append({"title": content.resources[part.ref].title + f" ({toolkit.short_title or toolkit.title})",
                                  "path": urls.part(toolkit.id, part.ref)})
    listed = [
        {"title": "Readiness checklists", "entries": checklists},
        {"title": "Resources", "entries": libraries},
        {"title": "Training schedules", "entries": [{"title": "All training schedules", "path": _index_of("training")}]
         if content.training else []},
        {"title": "Templates to fill in", "entries": [{"title": "All templates", "path": _index_of("templates")}]
         if content.templates else []},
        {"title": "Job-description templates", "entries": [{"title": "All job-description templates",
                                                            "path": _index_of("job_descriptions")}]
         if content.job_descriptions else []},
        {"title": "Case studies", "entries": [{"title": "All case studies, by theme and organisation",
                                               "path": _index_of("case_studies")}] if content.case_studies else []},
    ]
    return {"toolkits": toolkits, "kinds": [k for k in listed if k["entries"]]}


def _index_of(folder: str) -> str:
    """The index page of a kind with pages of its own."""
    section = kinds.get(folder).section
    assert section is not None
    return urls.index(section)


def render_site(content: Content, directory_urls: bool = True, nav_toolkit_limit: int = NAV_TOOLKIT_LIMIT,
                batches: list[Batch] | None = None) -> RenderedSite:
    """Every generated page and the navigation that reaches them, from validated content.

    ``directory_urls`` must match MkDocs' ``use_directory_urls``: links inside raw HTML are
    written as published URLs, since MkDocs rewrites only Markdown links. ``batches`` are the
    downloads as :func:`plan_downloads` plans them, if the caller has planned them already.
    """
    batches = plan_downloads(content) if batches is None else batches
    downloads = [download for batch in batches for download in batch.downloads]
    renderer = _Renderer(content, directory_urls, downloads, nav_toolkit_limit)
    for kind in kinds.all_kinds():  # in the registry's order, which is the sidebar's
        if kind.pages is not None:
            kind.pages(renderer)
    renderer.downloads_page(downloads)
    renderer.content_health()
    renderer.site.batches = batches
    renderer.site.publications = publications(content)
    renderer.site.warnings = len(content.warnings)
    return renderer.site
