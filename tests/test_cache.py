"""The content-hash caches: an edit regenerates only what it touched, and a cache never serves stale output."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE, copy_project, mkdocs_build
from toolkit_publisher import page_store, page_verdicts, site_cache
from toolkit_publisher.render import render_site
from toolkit_publisher.site_cache import site_key
from toolkit_publisher.errors import ContentErrors
from toolkit_publisher.validate import validate
from toolkit_publisher.cache import BytesCache, ValidationMemo
from toolkit_publisher.downloads import plan_downloads
from toolkit_publisher.downloads.produce import Workers, make_downloads

SECTION = "question_sets/fixture-grouped.yml"
EDIT = ("for the support workforce?", "for the whole support workforce?")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "toolkit_data"
    shutil.copytree(FIXTURE / "toolkit_data", target)
    return target


def _fresh(content) -> dict[str, bytes]:  # noqa: ANN001
    """Every download made from scratch: with no cache given, nothing is reused."""
    return make_downloads(plan_downloads(content))


def test_an_edit_regenerates_only_the_downloads_it_touches(data: Path) -> None:
    cache = BytesCache()  # as the plugin keeps one from build to build
    first = make_downloads(plan_downloads(validate(data)), cache=cache)
    path = data / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))
    before = cache.made
    content = validate(data)
    second = make_downloads(plan_downloads(content), cache=cache)
    changed = sorted(p for p in second if second[p] != first[p])
    folder = "downloads/checklists/fixture-readiness"
    assert changed == sorted(f"{folder}/{name}.{ext}" for name in ("fixture-grouped", "fixture-readiness-checklist")
                             for ext in ("docx", "odt", "xlsx", "csv"))
    assert cache.made - before == len(changed)
    assert second == _fresh(content)  # what the cache served is exactly what a fresh build makes


def test_source_date_epoch_is_part_of_the_key(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = validate(data)
    cache = BytesCache()
    first = make_downloads(plan_downloads(content), cache=cache)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")
    second = make_downloads(plan_downloads(content), cache=cache)
    assert second != first and second == _fresh(content)


def test_the_disk_cache_is_reused_by_the_next_build(data: Path, tmp_path: Path) -> None:
    content = validate(data)
    cache = BytesCache()
    cache.use_folder(tmp_path / "cache")
    first = make_downloads(plan_downloads(content), cache=cache)
    cache = BytesCache()  # a new process: memory empty, disk kept
    cache.use_folder(tmp_path / "cache")
    second = make_downloads(plan_downloads(content), cache=cache)
    assert cache.made == 0 and second == first


def test_validation_never_serves_a_stale_result(data: Path) -> None:
    memo = ValidationMemo()  # as the plugin keeps one from build to build
    validate(data, memo)
    path = data / SECTION
    original = path.read_text()
    path.write_text(original.replace("    text:", "    txet:", 1))
    with pytest.raises(ContentErrors) as caught:
        validate(data, memo)
    assert "unknown key 'txet'" in str(caught.value)
    path.write_text(original)
    assert validate(data, memo).question_sets["fixture-grouped"]


def test_worker_processes_make_exactly_the_files_this_process_makes(data: Path) -> None:
    content = validate(data)
    here = make_downloads(plan_downloads(content), Workers(0))
    with Workers(1) as workers:
        assert make_downloads(plan_downloads(content), workers) == here


def test_the_site_cache_serves_an_unchanged_site_and_nothing_stale(data: Path, tmp_path: Path) -> None:
    options = {"directory_urls": True, "nav_toolkit_limit": 12}
    site = render_site(validate(data))
    key = site_key(data, options)
    site_cache.save(tmp_path / "cache", key, site)
    kept = site_cache.load(tmp_path / "cache", key)
    assert kept is not None and kept.pages == site.pages and kept.nav == site.nav
    assert kept.downloads == site.downloads and [b.arguments() for b in kept.batches] == [b.args for b in site.batches]
    assert site_key(data, options) == key
    assert site_key(data, {**options, "nav_toolkit_limit": 2}) != key
    path = data / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))
    assert site_key(data, options) != key and site_cache.load(tmp_path / "cache", site_key(data, options)) is None
    (tmp_path / "cache" / site_cache.FILE).write_bytes(b"not a pickle")
    assert site_cache.load(tmp_path / "cache", key) is None


def test_a_build_after_an_edit_shows_the_edit(tmp_path: Path) -> None:
    """Two builds in two processes sharing one cache folder, as on an editor's machine."""
    project = copy_project(tmp_path)
    first = mkdocs_build(project, tmp_path / "site")
    assert first.returncode == 0, first.stderr
    assert (project / ".cache" / "toolkit-publisher" / site_cache.FILE).is_file()
    path = project / "toolkit_data" / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))
    second = mkdocs_build(project, tmp_path / "site")
    assert second.returncode == 0, second.stderr
    page = (tmp_path / "site" / "toolkits" / "fixture-readiness" / "fixture-grouped" / "index.html")
    assert EDIT[1] in page.read_text(encoding="utf-8")


def _site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but the compressed sitemap (gzip records when it was written)."""
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*")
            if path.is_file() and path.name != "sitemap.xml.gz"}


def test_a_build_in_a_new_process_renders_only_the_pages_an_edit_reached(tmp_path: Path) -> None:
    """The page store: after an edit, a new process takes every page the edit did not reach from the last build,
    and the site is the one a build with no cache at all makes."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "first").returncode == 0
    path = project / "toolkit_data" / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))
    second = mkdocs_build(project, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    counted = re.search(r"(\d+) of (\d+) generated pages rendered", second.stderr)
    assert counted is not None, second.stderr
    assert 0 < int(counted.group(1)) < int(counted.group(2)) / 2
    checked = re.search(r"(\d+) of (\d+) pages checked", second.stderr)  # the page check, likewise
    assert checked is not None, second.stderr
    assert 0 < int(checked.group(1)) < int(checked.group(2)) / 2
    shutil.rmtree(project / ".cache")
    afresh = mkdocs_build(project, tmp_path / "afresh")
    assert afresh.returncode == 0, afresh.stderr
    assert _site_files(tmp_path / "second") == _site_files(tmp_path / "afresh")


@pytest.mark.parametrize(("store", "used"), [(page_store.FILE, "generated pages rendered"),
                                           (page_verdicts.FILE, "pages checked")], ids=["pages", "page-verdicts"])
def test_a_damaged_or_planted_store_is_ignored(tmp_path: Path, store: str, used: str) -> None:
    """A store whose bytes do not match its header's digest is never used: every page is rendered (or checked)
    afresh, and nothing planted in it is published."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "first").returncode == 0
    kept = project / ".cache" / "toolkit-publisher" / store
    header, payload = kept.read_bytes().split(b"\n", 1)
    assert b"Grouped questions" in payload
    kept.write_bytes(header + b"\n" + payload.replace(b"Grouped questions", b"Planted questions"))
    path = project / "toolkit_data" / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))  # so the site cache does not serve the site whole
    second = mkdocs_build(project, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    assert used not in second.stderr  # the store was not used
    assert b"Planted" not in b"".join(_site_files(tmp_path / "second").values())


def test_a_page_store_holding_text_that_is_not_unicode_is_ignored(tmp_path: Path) -> None:
    """JSON's escapes can spell a lone surrogate, with a digest that matches: never a traceback, never published."""
    project = copy_project(tmp_path / "project")
    assert mkdocs_build(project, tmp_path / "first").returncode == 0
    store = project / ".cache" / "toolkit-publisher" / page_store.FILE
    header, payload = store.read_bytes().split(b"\n", 1)
    payload = payload.replace(b"Grouped questions", b"Grouped \\ud800 questions", 1)
    name, key, _digest = header.split(b" ")
    store.write_bytes(b" ".join([name, key, hashlib.sha256(payload).hexdigest().encode()]) + b"\n" + payload)
    path = project / "toolkit_data" / SECTION
    path.write_text(path.read_text().replace(*EDIT, 1))
    second = mkdocs_build(project, tmp_path / "second")
    assert second.returncode == 0, second.stderr
    assert "generated pages rendered" not in second.stderr  # the store was not used


def test_a_page_with_a_problem_is_reported_in_every_build(tmp_path: Path) -> None:
    """Only pages that pass the check are kept: the same problem stops the next build too, however warm."""
    project = copy_project(tmp_path / "project")
    page = next((project / "content").glob("*.md"))
    page.write_text(page.read_text() + "\n\n<script>alert(1)</script>\n")
    for run in ("first", "second"):
        result = mkdocs_build(project, tmp_path / run)
        assert result.returncode != 0 and "not allowed" in result.stderr, (run, result.stderr)


def test_a_kept_verdict_never_passes_front_matter_of_another_type(tmp_path: Path) -> None:
    """Front matter is part of what a page's verdict is kept by, types and all: a date is not the text of one, and
    a key that is not text is the page check's positioned error, never a traceback."""
    project = copy_project(tmp_path / "project")
    page = project / "content" / "about.md"
    body = page.read_text(encoding="utf-8").split("---", 2)[-1] if page.read_text().startswith("---") else page.read_text()
    page.write_text('---\ndescription: "datetime.date(2020, 1, 1)"\n---\n' + body, encoding="utf-8")
    assert mkdocs_build(project, tmp_path / "first").returncode == 0
    for front in ("description: 2020-01-01", "1: one"):
        page.write_text(f"---\n{front}\n---\n" + body, encoding="utf-8")
        result = mkdocs_build(project, tmp_path / "second")
        assert result.returncode != 0 and "content/about.md" in result.stderr, (front, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
