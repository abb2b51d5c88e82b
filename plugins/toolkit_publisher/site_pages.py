"""The pages about the whole site rather than one entry: every download in one place, the editors' content-health
page, and the home page's list of publications. Each is a pure function of the validated content and the other
pages' specifications (for their titles), so they are made after the kinds' pages, never before.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import kinds
from . import models as m
from . import urls
from .downloads import Download, formats_offered
from .open_data import DATA_PAGE, PAGE_INDEX, DataFile, toolkit_paths
from .open_data import ROOT as DATA_ROOT
from .page_spec import EVERYTHING, Options, PageBuilder, PageSpec
from .validate import Content, target

DOWNLOADS_PAGE = "downloads/index.md"
CONTENT_HEALTH_PAGE = "content-health/index.md"


def downloads_page(content: Content, options: Options, downloads: list[Download], titles: dict[str, str],
                   editors_titles: frozenset[str] = frozenset()) -> list[PageSpec]:
    """Every download in one place, under the page that offers it; not the calendar files of sessions that have taken
    place, which their page no longer offers either (the page is made again each day, see site_cache.py)."""
    today = dt.date.today()
    downloads = [download for download in downloads if not download.taken_place(today)]
    if not downloads:
        return []
    groups: dict[str, list[Download]] = {}
    for download in downloads:
        groups.setdefault(download.page, []).append(download)
    pages = [{"path": page, "title": titles.get(page, page), "files": files,
              "wrote": ["title"] if page in editors_titles else []} for page, files in groups.items()]
    page = PageBuilder(content, options, DOWNLOADS_PAGE)
    page.depends(*EVERYTHING)
    return [page.spec("downloads_index.md.j2", "Downloads", ("Downloads",), pages=pages,
                      formats=formats_offered(downloads))]


def content_health_page(content: Content, options: Options, titles: dict[str, str]) -> list[PageSpec]:
    """The editors' page: overdue and upcoming reviews, missing owners and links, unused resources, counts."""
    page = PageBuilder(content, options, CONTENT_HEALTH_PAGE)
    page.depends(*EVERYTHING)
    reviewed = []
    for (kind, entity_id), review in content.reviews.items():
        path = page.entity_path(kind, entity_id)
        owner = "not yet assigned" if review.owner == m.NOT_ASSIGNED else review.owner
        reviewed.append({"title": titles.get(path, entity_id), "path": path, "review": review, "owner": owner})
    reviewed.sort(key=lambda item: (item["review"].review_due, item["title"]))
    today = dt.date.today()
    resources = []
    for resource_id, (resource, list_id, _trail) in content.resource_index.items():
        position = content.resource_positions[resource_id]
        resources.append({"id": resource_id, "resource": resource, "title": resource.title,
                          "path": f"{page.entity_path('resources', list_id)}#{urls.resource_anchor(resource_id)}",
                          "file": position.path, "line": position.line})
    counts = []
    for kind in kinds.in_folders():
        counts.append((kind.shown_plural.capitalize(), len(content.of(kind.folder))))
        if kind.folder == "question_sets":
            counts.append(("Questions", sum(len(qs.all_questions()) for qs in content.question_sets.values())))
        if kind.folder == "resources":
            counts.append(("Resources", len(content.resource_index)))
    return [page.spec(
        "content_health.md.j2", "Content health", counts=counts,
        overdue=[i for i in reviewed if i["review"].review_due < today],
        due_soon=[i for i in reviewed if today <= i["review"].review_due <= today + dt.timedelta(days=90)],
        unowned=[i for i in reviewed if i["path"].endswith("/index.md") and i["path"].startswith(urls.TOOLKITS)
                 and i["owner"] == "not yet assigned"],
        missing_links=[r for r in resources if r["resource"].link == m.NOT_PROVIDED],
        unused=[r for r in resources if r["id"] not in content.used_resources],
        # Every warning, those the sections above group and the rest (calendar revisions to record, say).
        warnings=[{"where": str(w.position), "message": w.message} for w in content.warnings])]


def publications(content: Content) -> dict[str, Any]:
    """What the home page lists: every publication, what each holds, and every kind of material, as plain values."""
    toolkits = []
    checklists, libraries = [], []
    for toolkit in content.toolkits.values():
        contents = [kind.shown(number) for kind in kinds.parts()
                    for number in [sum(1 for part in toolkit.parts if part.kind == kind.part)] if number]
        contents += [kind.shown(number) for kind in kinds.all_kinds() if kind.from_toolkit
                     for number in [sum(1 for e in content.of(kind.folder).values() if e.source == toolkit.id)] if number]
        about = {"title": toolkit.title, "summary": toolkit.summary, "publisher": toolkit.publisher,
                 "published": toolkit.published, "wrote": sorted(toolkit.wrote())}
        toolkits.append({"toolkit": about, "path": urls.toolkit(toolkit.id), "contents": contents})
        for part in toolkit.parts:
            if part.checklist:
                qs = target(part.ref)
                checklists.append({"title": qs.title, "path": urls.part(toolkit.id, part.ref), "of": None,
                                   "wrote": sorted(qs.wrote() & {"title"})})
            elif part.resources:
                # The toolkit's name is the site's words, beside the list's own title.
                libraries.append({"title": target(part.ref).title, "path": urls.part(toolkit.id, part.ref),
                                  "of": toolkit.short_title or toolkit.title,
                                  "wrote": sorted(target(part.ref).wrote() & {"title"})})
    listed = [{"title": "Readiness checklists", "entries": checklists}, {"title": "Resources", "entries": libraries}]
    listed += [{"title": heading,
                "entries": [{"title": words, "path": urls.index(kind.section or ""), "wrote": [], "of": None}]}
               for kind in kinds.all_kinds() if kind.home and content.of(kind.folder) for heading, words in [kind.home]]
    return {"toolkits": toolkits, "kinds": [k for k in listed if k["entries"]]}


def data_page(content: Content, options: Options, files: list[DataFile], titles: dict[str, str],
              editors_titles: frozenset[str] = frozenset(), feeds: list[Download] | None = None) -> list[PageSpec]:
    """Every data file: its address, format and size, what it holds, its licence and when its content was last
    reviewed, grouped as the files are (a toolkit's, a kind's, the page index, the schemas)."""
    page = PageBuilder(content, options, DATA_PAGE)
    page.depends(*EVERYTHING)
    groups: dict[str, dict[str, Any]] = {}
    for file in files:
        described = file.describes[0]
        about = None if described == DATA_PAGE else {
            "path": described, "title": titles.get(described, described),
            "wrote": ["title"] if described in editors_titles else []}
        group = groups.setdefault(file.group, {"heading": file.group, "page": about, "files": []})
        group["files"].append({"file": file, "name": file.path.rsplit("/", 1)[-1],
                               "download": Download(file.path, file.title, described, file.holds)})
    listed_feeds = [{"download": feed, "name": feed.path.rsplit("/", 1)[-1], "page": feed.page,
                     "title": titles.get(feed.page, feed.page),
                     "wrote": ["title"] if feed.page in editors_titles else []} for feed in feeds or []]
    return [page.spec("data_index.md.j2", "Data", ("Data",), groups=list(groups.values()), page_index=PAGE_INDEX,
                      feeds=listed_feeds,
                      toolkit=toolkit_paths("ID"), kind=f"{DATA_ROOT}/SECTION")]
