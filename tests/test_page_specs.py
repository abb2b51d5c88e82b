"""Pages as data: each kind's page function is a pure function of the validated content, needs no other to have
run, declares every entry its pages read, and titles each page as the page itself is headed.

What the dependencies are for: an edit to one entry need make again only the pages that declare it. So the test
that matters is the one that changes each entry of the fixture in turn and checks that every page whose Markdown
changed had declared that entry.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import FIXTURE
from toolkit_publisher import kinds
from toolkit_publisher.downloads import plan_downloads
from toolkit_publisher.page_spec import EVERYTHING, Options, PageSpec, affected, changed_entries, navigation
from toolkit_publisher.render import Reuse, page_specs, render_site
from toolkit_publisher.validate import Content, validate
from toolkit_publisher.validate.content import _kind_digests

#: Text fields an entry's pages may show, changed one at a time to see which pages show them.
SHOWN_FIELDS = ("title", "short_title", "name", "summary", "description", "audience", "intro", "body", "region",
                "what_they_did", "outcome", "organisation", "purpose")


@pytest.fixture(scope="module")
def content() -> Content:
    return validate(FIXTURE / "toolkit_data")


def _specs(content: Content, options: Options = Options()) -> list[PageSpec]:
    return page_specs(content, options, [d for batch in plan_downloads(content) for d in batch.downloads])


def _rendered(content: Content, options: Options = Options()) -> dict[str, str]:
    return render_site(content, options.directory_urls, options.nav_toolkit_limit).pages


@pytest.mark.parametrize("options", [Options(), Options(directory_urls=False, nav_toolkit_limit=1)],
                         ids=["sidebar-sections", "toolkits-page"])
def test_each_page_is_titled_as_it_is_headed(content: Content, options: Options) -> None:
    pages = _rendered(content, options)
    specs = _specs(content, options)
    assert [spec.path for spec in specs] == list(pages)  # one specification per page, none twice
    for spec in specs:
        heading = re.search(r"^# (.+)$", pages[spec.path], flags=re.MULTILINE)
        assert heading is not None, spec.path
        # A title the editors wrote is marked in the heading (editorial.py): its words are still the title's.
        words = re.sub(r"<[^>]+>", "", re.sub(r'<span class="tk-editorial__tag">[^<]*</span>', "", heading.group(1)))
        assert html.unescape(re.sub(r"\\(.)", r"\1", words)).strip() == spec.title


def test_page_functions_need_no_other_to_have_run(content: Content) -> None:
    """Each kind's pages are the same made alone, in reverse order, or twice: nothing passes between them."""
    options = Options()
    together = [spec for spec in _specs(content, options) if not spec.depends_on >= EVERYTHING]
    alone = [spec for kind in reversed(kinds.all_kinds()) if kind.pages is not None
             for spec in kind.pages(content, options)]
    assert sorted(together, key=lambda s: s.path) == sorted(alone, key=lambda s: s.path)
    assert _specs(content, options) == _specs(content, options)


def test_the_sidebar_is_built_from_the_pages_places(content: Content) -> None:
    specs = _specs(content)
    nav = navigation(specs)
    placed = [spec for spec in specs if spec.nav]
    assert placed and nav == render_site(content).nav

    def leaves(items: list, trail: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str]]:
        for item in items:
            (title, target), = item.items()
            if isinstance(target, list):
                yield from leaves(target, (*trail, html.unescape(title)))
            else:
                yield (*trail, html.unescape(title)), target

    assert list(leaves(nav)) == [(spec.nav, spec.path) for spec in placed]


def test_two_sections_of_the_same_title_stay_two() -> None:
    specs = [PageSpec(f"{n}.md", "T", "t", nav=("Toolkits", "Same", "Overview")) for n in "ab"]
    specs.insert(1, PageSpec("between.md", "T", "t", nav=("Toolkits", "Other", "Overview")))
    assert navigation(specs) == [{"Toolkits": [{"Same": [{"Overview": "a.md"}]}, {"Other": [{"Overview": "between.md"}]},
                                               {"Same": [{"Overview": "b.md"}]}]}]


def _changed(content: Content) -> Iterator[tuple[tuple[str, str], Content]]:
    """The content with one shown field of one entry changed, for every such field of every entry (its file's
    digest changed too, as an edit changes it: the same digest is the same entry)."""
    for kind in kinds.all_kinds():
        for entry_id, entry in content.of(kind.folder).items():
            for name in SHOWN_FIELDS:
                if isinstance(getattr(entry, name, None), str):
                    edited = entry.model_copy(update={name: getattr(entry, name) + " changed"})
                    entries = {**content.entries, kind.folder: {**content.of(kind.folder), entry_id: edited}}
                    yield (kind.folder, entry_id), _redigested(dataclasses.replace(content, entries=entries),
                                                               (kind.folder, entry_id))
    for resource_id, (_resource, list_id, _trail) in content.resource_index.items():
        resource_list = content.resources[list_id]
        data = resource_list.model_dump()
        _retitle(data["categories"], resource_id)
        edited = type(resource_list).model_validate(data)
        index = {**content.resource_index, **_index_of(edited)}
        entries = {**content.entries, "resources": {**content.resources, list_id: edited}}
        yield ("resources", list_id), _redigested(dataclasses.replace(content, entries=entries, resource_index=index),
                                                  ("resources", list_id))


def _retitle(categories: list[dict], resource_id: str) -> None:
    for category in categories:
        for resource in category["resources"]:
            if resource["id"] == resource_id:
                resource["title"] += " changed"
        _retitle(category["categories"], resource_id)


def _index_of(resource_list: Any, categories: Any = None, trail: tuple = ()) -> dict[str, tuple]:
    """Each resource of a list by id, with the list's id and its category path, as validation indexes them."""
    found = {}
    for category in resource_list.categories if categories is None else categories:
        here = (*trail, category)
        found.update({r.id: (r, resource_list.id, here) for r in category.resources})
        found.update(_index_of(resource_list, category.categories, here))
    return found


@pytest.mark.parametrize("options", [Options(), Options(nav_toolkit_limit=1), Options(nav_toolkit_limit=2)],
                         ids=["sidebar-sections", "toolkits-page", "at-the-limit"])
def test_a_page_rendered_again_only_where_an_edit_reaches_is_the_page_rendered_afresh(content: Content,
                                                                                      options: Options) -> None:
    """Reusing the pages no changed entry reaches gives exactly the site rendered from nothing, for an edit to every
    shown field of every entry, and for an entry added to each kind that lists its entries elsewhere."""
    before = render_site(content, options.directory_urls, options.nav_toolkit_limit).pages
    tried = 0
    for entry, changed in [*_changed(content), *_added(content)]:
        difference = changed_entries(content, changed)
        assert entry in difference
        reused = render_site(changed, options.directory_urls, options.nav_toolkit_limit, reuse=Reuse(before, difference))
        afresh = render_site(changed, options.directory_urls, options.nav_toolkit_limit)
        assert reused.pages == afresh.pages, entry
        tried += 1
    assert tried > 20


def test_only_the_pages_an_edit_reaches_are_rendered_again(content: Content) -> None:
    """The point of declaring: most pages are reused. One job description reworded reaches its own page, its kind's
    index, its toolkit's home page and the pages about the whole site, and no checklist."""
    jd = next(iter(content.job_descriptions.values()))
    edited = jd.model_copy(update={"title": jd.title + " changed"})
    changed = _redigested(dataclasses.replace(content, entries={**content.entries, "job_descriptions": {
        **content.job_descriptions, jd.id: edited}}), ("job_descriptions", jd.id))
    reached = {spec.path for spec in _specs(changed) if affected(spec, changed_entries(content, changed))}
    assert f"job-descriptions/{jd.id}.md" in reached and "job-descriptions/index.md" in reached
    assert f"toolkits/{jd.source}/index.md" in reached
    assert not any(spec.template == "checklist.md.j2" for spec in _specs(changed) if spec.path in reached)
    assert len(reached) < len(_specs(changed)) / 2


def _added(content: Content) -> Iterator[tuple[tuple[str, str], Content]]:
    """The content with a copy of an entry added under a new id, for each kind that is not a part of a toolkit."""
    for kind in kinds.in_folders():
        if kind.part or not content.of(kind.folder):
            continue
        entry = next(iter(content.of(kind.folder).values()))
        # A toolkit added with no parts yet: one more toolkit can take the toolkits out of the sidebar.
        added = entry.model_copy(update={kind.id_field: "zz-added", **({"parts": []} if kind.folder == kinds.TOOLKITS
                                                                       else {})})
        entries = {**content.entries, kind.folder: {**content.of(kind.folder), "zz-added": added}}
        yield (kind.folder, "zz-added"), dataclasses.replace(content, entries=entries)


def _redigested(content: Content, entry: tuple[str, str]) -> Content:
    """The content with the file of one entry changed, as far as the digests tell (as after an edit to the file)."""
    digests = {**content.digests, entry: "edited"}
    return dataclasses.replace(content, digests=digests, kind_digests=_kind_digests(digests))


@pytest.mark.parametrize("options", [Options(), Options(nav_toolkit_limit=1), Options(nav_toolkit_limit=2)],
                         ids=["sidebar-sections", "toolkits-page", "at-the-limit"])
def test_a_page_whose_markdown_an_edit_changes_gets_a_new_key(content: Content, options: Options) -> None:
    """The page store serves a page by its key: for every edit of every entry, each page whose Markdown changed
    must have a key the edit changed, or a new process would publish the page as it was."""
    before = render_site(content, options.directory_urls, options.nav_toolkit_limit, stored={}, code="c")
    for entry, changed in [*_changed(content), *_added(content)]:
        after = render_site(_redigested(changed, entry), options.directory_urls, options.nav_toolkit_limit,
                            stored={}, code="c")
        for path, text in after.pages.items():
            if path in before.pages and text != before.pages[path]:
                assert after.page_keys[path] != before.page_keys[path], (entry, path)
