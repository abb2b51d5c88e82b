"""What the plugin relies on beyond MkDocs' documented events and configuration, checked on every engine (MkDocs 1.6
and ProperDocs, conftest.BUILD_LEVEL), so a change in either fails here, at the behaviour that changed.

The plugin (plugins/toolkit_publisher/mkdocs_plugin.py and incremental.py) touches these:

1. Downloads are ``File.generated(abs_src_path=...)`` of files not made yet; taken out of the engine's ``Files`` in
   on_env (read through ``Files.src_uris``) so the engine does not copy them, and copied once made with
   ``File.copy_file`` in on_post_build: test_every_download_is_the_file_made.
2. ``config.theme.dirs`` gets the plugin's theme folder appended, and ``page.meta["template"]`` set in
   on_page_content picks its page template (a page's own scripts): test_a_page_loads_the_scripts_of_its_own_features.
3. on_post_page and on_post_template at priority -100 see the page as written (the policy's hashes):
   test_every_page_and_the_404_page_carry_the_policy.
4. The theme's search index, ``search/search_index.json``, is rewritten in on_post_build after the search plugin
   wrote it (test_search.py, on every engine); while previewing with --dirty, Material's plugin's
   ``search_index.entries`` and ``search_index_prev`` are completed by the plugin:
   test_a_dirty_preview_keeps_every_page_in_search.
5. MkDocs' log: the strict counter (``mkdocs.utils.CountHandler`` on the ``mkdocs`` logger) is silenced while
   serving, and the dirty build's warning (by its words, on ``mkdocs.commands.build``) is dropped:
   test_serve_errors.py (on every engine) and test_a_dirty_preview_keeps_every_page_in_search.
6. The live-reload server's ``error_handler``, ``_inject_js_into_html``, ``_epoch_cond`` and ``_visible_epoch``
   give a missing address's page the reload script: test_serve_errors.py, whose pages at missing addresses reload.
7. ``File.generated_by``, ``File.inclusion`` (``InclusionLevel``), ``Files.get_file_from_path``,
   ``Files.documentation_pages`` and ``File.abs_dest_path``: used by every build, so every build-level test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE, BuiltSite, copy_project
from test_serve_errors import serving

QUESTIONS = Path("toolkit_data") / "question_sets" / "fixture-flat.yml"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's downloads as made with no engine at all: the docs folder of `generate --zensical`."""
    out = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--zensical", "--out", str(out)],
                   check=True, capture_output=True, cwd=FIXTURE)
    return out / "docs"


def _downloads(made: Path) -> list[Path]:
    """Every file made that is not a page, a picture or one of the plugin's stylesheets and scripts."""
    return [path.relative_to(made) for path in sorted(made.rglob("*"))
            if path.is_file() and path.suffix != ".md" and not path.relative_to(made).as_posix().startswith("assets/")]


def test_every_download_is_the_file_made(fixture_site: BuiltSite, made: Path) -> None:
    downloads = _downloads(made)
    assert downloads
    for path in downloads:
        published = fixture_site.root / path
        assert published.is_file(), f"{path} was not published"
        assert published.read_bytes() == (made / path).read_bytes(), f"{path} is not the file made"


def test_a_page_loads_the_scripts_of_its_own_features(fixture_site: BuiltSite) -> None:
    def scripts(url: str) -> set[str]:
        return {Path(script["src"]).name for script in fixture_site.html(url).select("script[src]")}

    checklist = "toolkits/fixture-readiness/fixture-grouped/"
    assert "self-assessment.js" in scripts(checklist), "the plugin's page template was not used"
    assert fixture_site.html(checklist).select("noscript link[href$='no-script.css']")
    assert "self-assessment.js" not in scripts("about/")
    assert "toolkit.js" in scripts("about/")


def test_every_page_and_the_404_page_carry_the_policy(fixture_site: BuiltSite) -> None:
    pages = sorted(fixture_site.root.rglob("*.html"))
    assert fixture_site.root / "404.html" in pages
    for page in pages:
        policy = fixture_site.html(str(page.relative_to(fixture_site.root))).select_one(
            'meta[http-equiv="Content-Security-Policy"]')
        assert policy is not None and "script-src 'self'" in policy["content"], page



def test_a_dirty_preview_keeps_every_page_in_search(tmp_path: Path, engine: str) -> None:
    """An edit rebuilds one page; the search index still holds every other page's entries, and the edited page's
    new words (Material's own dirty merge assumes one page and is replaced by the plugin's)."""
    project = copy_project(tmp_path / "project")
    questions = project / QUESTIONS
    text = questions.read_text(encoding="utf-8")
    question = "Has your system agreed a lead for this work?"
    assert question in text
    with serving(project, engine=engine) as preview:
        before = json.loads(preview.get("/search/search_index.json"))["docs"]
        pages = {entry["location"].split("#", 1)[0] for entry in before}
        questions.write_text(text.replace(question, "Has your system agreed a lead for the harbour?"),
                             encoding="utf-8")
        preview.until(lambda: "harbour" in preview.get("/search/search_index.json"), "the edit reaching search")
        after = json.loads(preview.get("/search/search_index.json"))["docs"]
        assert {entry["location"].split("#", 1)[0] for entry in after} == pages
        assert len(after) == len(before)
        assert "'dirty' build" not in preview.printed()
