"""The preview rebuilds only what an edit changed (`mkdocs serve --dirty`, as ./scripts/serve runs it), and never
serves a stale page: after every kind of edit, every file of the preview is the file a full rebuild makes.

The preview is driven here as `mkdocs serve` drives it (one plugin for every rebuild, the configuration read again
each time, builds into one folder); the full rebuild runs in a process of its own, so it shares nothing with it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import TEST_SITE_URL, copy_project
from toolkit_publisher import mkdocs_plugin

FULL_REBUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
project, site, url = sys.argv[1:]
config = load_config(project + "/mkdocs.yml", site_dir=site)
config.plugins.on_startup(command="serve", dirty=False)
config.site_url = url
try:
    build(config, serve_url=url, dirty=False)
finally:
    config.plugins.on_shutdown()
"""


def _full_rebuild(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", FULL_REBUILD, str(project), str(site), TEST_SITE_URL],
                            capture_output=True, text=True, env=env, cwd=project, check=False)
    assert result.returncode == 0, result.stderr


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def _search_entries(path: Path) -> list[tuple[str, str, str]]:
    index = json.loads(path.read_text(encoding="utf-8"))
    return sorted((d["location"], d["title"], d["text"]) for d in index["docs"])


def assert_same_site(preview: Path, full: Path) -> None:
    """Every file the same, byte for byte; the search index the same entries (its order is not the site's)."""
    previewed, rebuilt = _files(preview), _files(full)
    assert sorted(previewed) == sorted(rebuilt)
    for name, path in rebuilt.items():
        if name.endswith("sitemap.xml.gz"):  # gzip records when it was written; sitemap.xml is compared
            continue
        if name == "search/search_index.json":
            assert _search_entries(previewed[name]) == _search_entries(path)
            continue
        assert previewed[name].read_bytes() == path.read_bytes(), name


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    edit.__name__ = f"{relative}: {old!r} -> {new!r}"
    return edit


def _add_case_study(project: Path) -> None:
    folder = project / "toolkit_data" / "case_studies"
    text = (folder / "fixture-board-sponsor.yml").read_text(encoding="utf-8")
    text = text.replace("id: fixture-board-sponsor", "id: fixture-added").replace(
        "title: A board sponsor for workforce planning", "title: An added case study")
    (folder / "fixture-added.yml").write_text(text, encoding="utf-8")


def _remove_case_study(project: Path) -> None:
    (project / "toolkit_data" / "case_studies" / "fixture-added.yml").unlink()


def _nothing(project: Path) -> None:
    """A rebuild with no change (a file saved as it was)."""


#: (the edit, whether it can reach every page): each is applied to the project as the previous ones left it.
EDITS: list[tuple[Callable[[Path], None], bool]] = [
    (_replace("toolkit_data/question_sets/fixture-grouped.yml", "Do you offer apprenticeships to support workers?",
              "Do you offer apprenticeships to your support workers?"), False),
    (_replace("toolkit_data/job_descriptions/fixture-planning-officer.yml", "title: Fixture Planning Officer (band 4)",
              "title: Fixture Planning Officer (band 5)"), False),
    (_nothing, False),
    # A case study printed in a page's text: its words change there too; taken out, its page stops linking there.
    (_replace("toolkit_data/case_studies/fixture-board-sponsor.yml", "staff on band 4", "staff on band 5"), False),
    (_replace("toolkit_data/pages/fixture-programme-page.yml", "  ![Best practice](case-study:fixture-board-sponsor)\n",
              ""), False),
    # Longer prompts make the checklist's files bigger: the pages that give their sizes show the new ones.
    (_replace("toolkit_data/question_sets/fixture-grouped.yml", "Review the guide.",
              "Review the guide. " + " ".join(f"word{n}" for n in range(900))), False),
    (_replace("toolkit_data/toolkits/fixture-readiness.yml", "short_title: Fixture readiness toolkit",
              "short_title: Fixture readiness"), True),  # the sidebar changes: every page shows it
    (_add_case_study, True),  # a new page
    (_replace("toolkit_data/training/fixture-training.yml", "  - id: autumn-clinic", "  - id: [broken"), True),
    (_replace("toolkit_data/training/fixture-training.yml", "  - id: [broken", "  - id: autumn-clinic"), True),
    (_replace("content/about.md", "# About the fixture", "# About this fixture"), True),
    (_remove_case_study, True),  # its page must not stay at its address
]


@pytest.fixture
def preview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path, Callable[[], object]]]:
    """A project, the folder its preview is built in, and a function that rebuilds the preview (returning the plugin).

    The plugin's theme folder is inside the project, as it is in this repository (a preview that told its own
    theme folder apart from the project's only after the build rebuilt every page every time)."""
    project = copy_project(tmp_path / "project")
    theme = shutil.copytree(mkdocs_plugin.THEME, project / "plugins" / "theme")
    monkeypatch.setattr(mkdocs_plugin, "THEME", theme)
    site = tmp_path / "preview"
    site.mkdir()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)

    def rebuild() -> object:
        fresh = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        fresh.site_url = TEST_SITE_URL
        build(fresh, serve_url=TEST_SITE_URL, dirty=True)
        return fresh.plugins["toolkit"]

    try:
        yield project, site, rebuild
    finally:
        config.plugins.on_shutdown()


def test_after_every_kind_of_edit_the_preview_is_the_full_rebuild(preview: tuple[Path, Path, Callable[[], object]],
                                                                   tmp_path: Path) -> None:
    project, site, rebuild = preview
    rebuild()
    for number, (edit, reaches_every_page) in enumerate(EDITS):
        edit(project)
        plugin = rebuild()
        full = tmp_path / f"full-{number}"
        _full_rebuild(project, full)
        assert_same_site(site, full)
        if plugin.errors:
            continue  # the error site, at every address, in both
        pages = sum(1 for p in site.rglob("index.html") if p.relative_to(site).parts[0] != "admin")  # one for each page, with directory URLs
        rebuilt = len(plugin.built_urls)
        if reaches_every_page:
            assert rebuilt == pages, edit.__name__
        else:
            assert rebuilt < pages / 2, (edit.__name__, sorted(plugin.built_urls))


def test_an_edit_rebuilds_the_pages_that_show_it_and_few_others(preview: tuple[Path, Path, Callable[[], object]]) -> None:
    project, _site, rebuild = preview
    rebuild()
    _replace("toolkit_data/question_sets/fixture-grouped.yml", "Do you offer apprenticeships to support workers?",
             "Do you offer apprenticeships to your support workers?")(project)
    plugin = rebuild()
    rebuilt = {url for url in plugin.built_urls if not re.fullmatch(r"(about|accessibility)/|", url)}
    # The section's page, the toolkit's print page (every section) and the downloads and editors' pages.
    assert "toolkits/fixture-readiness/fixture-grouped/" in rebuilt
    assert "toolkits/fixture-readiness/print-checklist/" in rebuilt
    assert "toolkits/fixture-readiness/fixture-flat/" not in rebuilt
    assert not any(url.startswith(("case-studies/", "training/", "organisations/")) for url in rebuilt)
