"""The plugin lives as long as the MkDocs command: `mkdocs serve` keeps one set of download workers for all its
rebuilds, and neither it (once stopped) nor `mkdocs build` leaves a worker process or a temporary file behind.
Among other plugins, it checks and signs each page after they have changed it."""

from __future__ import annotations

import base64
import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, mkdocs_build
from processes import descendants, running
from test_serve_errors import serving
from watched_mkdocs import AFTER, AT_SHUTDOWN

#: The tests of processes read the process table from /proc.
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table from /proc")

WATCHED = str(ROOT / "tests" / "watched_mkdocs.py")
SECTION = Path("toolkit_data/question_sets/fixture-grouped.yml")
QUESTION = "for the support workforce?"
PAGE = "/toolkits/fixture-readiness/fixture-grouped/"
CHECKLIST = "/downloads/checklists/fixture-readiness/fixture-grouped.csv"
#: Made by the plugin for its downloads (tempfile's folder for them), and removed when it shuts down.
MADE_FILES = "toolkit-publisher-downloads-*"
#: Every temporary folder of the plugin's: the made files, and the pages a preview rebuilds from.
TEMPORARY = "toolkit-publisher-*"


def _reported(printed: str, label: str) -> dict[int, int]:
    """The processes (pid: parent) a watched MkDocs command reported under itself at ``label``."""
    lines = [line for line in printed.splitlines() if line.startswith(label)]
    assert len(lines) == 1, f"expected one report {label!r}:\n{printed}"
    return {int(pid): int(parent) for pid, parent in (item.split(":") for item in lines[0][len(label):].split())}


def _workers(under: dict[int, int], mkdocs: int) -> set[int]:
    """The worker processes among those under MkDocs: each is started by the fork server, not by MkDocs itself."""
    return {pid for pid, parent in under.items() if parent != mkdocs}


def _files(folder: Path) -> set[str]:
    return {path.name for path in folder.rglob("*") if path.is_file()}


def _all_end(pids: set[int]) -> None:
    """Wait, bounded, for processes to end: the fork server and resource tracker end as their build exits."""
    for _ in range(600):
        if not running(pids):
            return
        time.sleep(0.05)
    raise AssertionError(f"still running: {sorted(running(pids))}")


@linux_only
@pytest.mark.parametrize("breaks", [False, True], ids=["build", "build-that-fails-on-a-content-error"])
def test_mkdocs_build_leaves_no_worker_running(tmp_path: Path, breaks: bool) -> None:
    project = copy_project(tmp_path / "project")
    if breaks:
        section = project / SECTION
        section.write_text(section.read_text(encoding="utf-8").replace("    text:", "    txet:", 1), encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_PUBLISHER_WORKERS": "1", "TMPDIR": str(temporary)}
    build = subprocess.Popen([sys.executable, WATCHED, "build", "--strict", "-f", str(project / "mkdocs.yml"),
                              "-d", str(tmp_path / "site")], cwd=project, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    printed, errors = build.communicate()
    assert build.returncode == (1 if breaks else 0), errors
    if breaks:
        assert "unknown key 'txet'" in errors

    at_shutdown, after = _reported(printed, AT_SHUTDOWN), _reported(printed, AFTER)
    if not breaks:  # (a build that fails at once may stop before its worker has started, and stops it if it has)
        assert _workers(at_shutdown, build.pid), f"the build's files were not made in a worker process: {printed}"
    assert _workers(after, build.pid) == set(), "a worker process was still running when MkDocs returned"
    _all_end(set(at_shutdown) | set(after))
    assert not list(temporary.glob(TEMPORARY)), "the made files or pages were left behind"


@linux_only
def test_serve_keeps_one_set_of_workers_for_its_rebuilds_and_leaves_none_when_stopped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    section = project / SECTION
    original = section.read_text(encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serving(project, workers=1, mkdocs=(WATCHED,), env={"TMPDIR": str(temporary)}) as preview:
        assert QUESTION in preview.get(PAGE)
        first: set[int] = set()
        preview.until(lambda: bool(first.update(_workers(descendants(preview.pid), preview.pid)) or first),
                      "the first build's worker process showing")
        assert len(first) == 1
        [made] = temporary.glob(MADE_FILES)
        downloads = _files(made)
        for edit in ("for the whole support workforce?", "for all of the support workforce?"):
            section.write_text(original.replace(QUESTION, edit, 1), encoding="utf-8")
            # The page and its checklist download both change: the download was made again, by a worker.
            preview.until(lambda: edit in preview.get(PAGE) and edit in preview.get(CHECKLIST), f"'{edit}' shown")
            assert _workers(descendants(preview.pid), preview.pid) == first, "the rebuild started other workers"
            # The files of the edit replace those of before: as many as there are downloads, however many edits.
            preview.until(lambda: len(_files(made)) == len(downloads) and _files(made) != downloads, "files replaced")
            downloads = _files(made)
    # Stopped as with Ctrl+C (SIGINT).
    at_shutdown, after = _reported(preview.printed(), AT_SHUTDOWN), _reported(preview.printed(), AFTER)
    assert _workers(at_shutdown, preview.pid) == first, "the workers were not the same until the preview stopped"
    assert _workers(after, preview.pid) == set(), "a worker process was still running when MkDocs returned"
    _all_end(set(at_shutdown) | set(after))
    assert not list(temporary.glob(TEMPORARY)), "the made files or pages were left behind"


@linux_only
def test_a_preview_stopped_by_sigterm_leaves_nothing_behind(tmp_path: Path) -> None:
    """As a closed terminal or a cancelled CI job stops it: the workers end, and the made files, the preview's
    pages and MkDocs' own served site are removed, as after Ctrl+C."""
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    with serving(project, workers=1, mkdocs=(WATCHED,), env={"TMPDIR": str(temporary)},
                 stop=signal.SIGTERM) as preview:
        assert QUESTION in preview.get(PAGE)
        preview.until(lambda: bool(_workers(descendants(preview.pid), preview.pid)), "a worker process showing")
        assert list(temporary.glob(MADE_FILES)), "the test needs made files to be there while it serves"
    assert "Shutting down" in preview.printed(), preview.printed()
    after = _reported(preview.printed(), AFTER)
    assert _workers(after, preview.pid) == set(), "a worker process was still running when MkDocs returned"
    assert not list(temporary.iterdir()), "files were left in the temporary folder"


# --- its place among other plugins -----------------------------------------------------------------------

#: A site's own hook (as another plugin would) that runs at the default priority, adding a script to the page.
HOOK = '''
SCRIPT = "<script>window.addedByAHook = true;</script>"


def on_{event}({arguments}, **kwargs):
    return {value}.replace("{marker}", SCRIPT + "{marker}", 1)
'''


def _with_hook(project: Path, event: str, arguments: str, value: str, marker: str) -> Path:
    (project / "hooks").mkdir()
    (project / "hooks" / "add_script.py").write_text(
        HOOK.format(event=event, arguments=arguments, value=value, marker=marker), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks/add_script.py\n", encoding="utf-8")
    return project


def test_a_page_another_plugin_changes_is_checked_as_changed(tmp_path: Path) -> None:
    """The page check runs after every other plugin's on_page_content: what it passes is what readers get."""
    project = _with_hook(copy_project(tmp_path / "project"), "page_content", "html", "html", "</p>")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0 and "script" in result.stderr, result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_policy_allows_a_script_another_plugin_adds_to_the_theme(tmp_path: Path) -> None:
    """The policy is computed after every other plugin's on_post_page, so it names the page's scripts as written."""
    project = _with_hook(copy_project(tmp_path / "project"), "post_page", "output", "output", "</body>")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    added = "window.addedByAHook = true;"
    assert [script for script in page.select("script:not([src])") if script.string == added]
    policy = page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"]
    digest = base64.b64encode(hashlib.sha256(added.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
