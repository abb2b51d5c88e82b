"""The build trusts nothing it finds on disk, survives a cache it cannot write, and leaves nothing behind.

Each test plants or breaks what an attacker, a full disk or a kill would, builds, and looks at what a
visitor gets: the pages, the downloads (opened with their own libraries) and the build's messages.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import pickle
import re
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import docx
import pytest
from mkdocs.exceptions import PluginError
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import P
from openpyxl import load_workbook

from conftest import copy_project, mkdocs_build
from processes import descendants, running
from test_validation import QUESTIONS, TOOLKIT, write_data
from toolkit_publisher import build, cache, site_cache
from toolkit_publisher.cache import BytesCache, read_entry
from toolkit_publisher.downloads import SIZE_MARKER, SIZE_NONCE, plan_downloads
from toolkit_publisher.errors import ContentErrors
from toolkit_publisher.downloads.produce import MissingDownload, Production, fill_sizes
from toolkit_publisher.load import MAX_FILE_BYTES
from toolkit_publisher.mkdocs_plugin import ToolkitPlugin
from toolkit_publisher.site import RenderedSite
from toolkit_publisher.validate import validate

QUESTION = "Is this the first question?"
CHECKLIST = Path("downloads/checklists/demo/demo-questions")
OPTIONS = {"directory_urls": True, "nav_toolkit_limit": 12}


def _project(root: Path, files: dict[str, str] | None = None) -> Path:
    """A site of the test fixture's content (tests/test_validation.py), with the real mkdocs.yml and content/."""
    (root / "project").mkdir(parents=True)
    return copy_project(root / "project", write_data(root / "source", files or {}))


def _cache(project: Path) -> Path:
    return project / ".cache" / "toolkit-publisher"


def _build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project built once, its cache filled; each test works on a copy."""
    project = _project(tmp_path_factory.mktemp("built"))
    _build(project, project / "site")
    return project


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A copy of the built project, its cache with it (cache keys do not depend on where the project is)."""
    copy = tmp_path / "copy"
    shutil.copytree(built, copy, symlinks=True)
    shutil.rmtree(copy / "site")
    return copy


def _entry(payload: bytes, key: str) -> bytes:
    """A cache file as the cache writes it: a header naming the key and the payload's digest, then the payload."""
    digest = hashlib.sha256(payload).hexdigest()
    return f"toolkit-publisher-cache-1 {key} {digest}\n".encode() + payload


# --- 1. the cache cannot execute or substitute anything ------------------------------------------


class _RunsCode:
    """Unpickling this creates a file: what a planted pickle would do, harmlessly."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # noqa: ANN204
        return (Path.touch, (self.marker,))


def _site_key(project: Path) -> str:
    header = (_cache(project) / site_cache.FILE).read_bytes().split(b"\n", 1)[0]
    return header.split()[1].decode()


@pytest.mark.parametrize("planted", ["a pickle", "a pickle under the right key and digest", "another site, damaged",
                                     "JSON of another shape under the right key and digest"])
def test_a_planted_or_damaged_site_cache_is_never_used(project: Path, tmp_path: Path, planted: str) -> None:
    ran = tmp_path / "code-ran"
    evil = pickle.dumps(_RunsCode(ran))
    pickle.loads(pickle.dumps(_RunsCode(tmp_path / "control")))
    assert (tmp_path / "control").exists()  # the plant is genuine: unpickling it runs code
    key = _site_key(project)
    genuine = (_cache(project) / site_cache.FILE).read_bytes()
    (_cache(project) / "site.pickle").write_bytes(pickle.dumps((key, _RunsCode(ran))))  # the old name, old layout
    planted_file = {
        "a pickle": evil,
        "a pickle under the right key and digest": _entry(evil, key),
        "another site, damaged": genuine.replace(QUESTION.encode(), b"PLANTED text?"),
        "JSON of another shape under the right key and digest": _entry(b'{"pages": {"index.md": 1}}', key),
    }[planted]
    (_cache(project) / site_cache.FILE).write_bytes(planted_file)

    _build(project, project / "site")

    assert not ran.exists()
    page = (project / "site" / "toolkits" / "demo" / "demo-questions" / "index.html").read_text(encoding="utf-8")
    assert QUESTION in page and "PLANTED" not in page
    assert (_cache(project) / site_cache.FILE).read_bytes().split(b"\n")[0].split()[1].decode() == key
    assert read_entry(_cache(project) / site_cache.FILE, key) is not None  # rendered afresh and kept again
    assert not (_cache(project) / "site.pickle").exists()  # what no version reads any more is removed


def test_kept_inputs_that_do_not_fit_the_content_model_are_ignored(project: Path) -> None:
    """The right key and digest, but a job's inputs of another shape, and a file to make from them."""
    key = _site_key(project)
    kept = json.loads((_cache(project) / site_cache.FILE).read_bytes().split(b"\n", 1)[1])
    kept["downloads"]["inputs"] = kept["downloads"]["inputs"].replace('"text":', '"txet":')
    (_cache(project) / site_cache.FILE).write_bytes(_entry(json.dumps(kept).encode(), key))
    shutil.rmtree(_cache(project) / "downloads")  # so the files must be made from those inputs

    _build(project, project / "site")

    assert QUESTION in _published_text(project / "site" / CHECKLIST.with_suffix(".docx"))
    assert json.loads(read_entry(_cache(project) / site_cache.FILE, key) or b"")["downloads"]["inputs"].count(
        '"text":') > 0  # rendered afresh and kept again


def _download_names(project: Path) -> dict[Path, str]:
    """Each download's cache name, computed here as the build computes it."""
    batches = plan_downloads(validate(project / "toolkit_data"))
    return {Path(d.path): name for batch in batches for d, name in zip(batch.downloads, batch.names)}


def _planted_word_document() -> bytes:
    document = docx.Document()
    document.add_paragraph("PLANTED: a document nobody wrote")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _word_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _published_text(path: Path) -> str:
    """The text a trust sees in a download, read with the library for its format."""
    if path.suffix == ".docx":
        return _word_text(path)
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).worksheets[0]
        return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    if path.suffix == ".odt":
        return "\n".join(teletype.extractText(p) for p in load_odt(str(path)).getElementsByType(P))
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(("suffix", "planted"), [
    (".docx", "a real document, without a header"),
    (".xlsx", "a pickle"),
    (".csv", "the right key, a wrong digest"),
    (".odt", "cut short"),
])
def test_a_planted_or_damaged_download_is_never_published(project: Path, tmp_path: Path, suffix: str,
                                                           planted: str) -> None:
    """One file of a batch is bad, the others good: only what checks out is used."""
    name = _download_names(project)[CHECKLIST.with_suffix(suffix)]
    entry = _cache(project) / "downloads" / name[:2] / name
    genuine = entry.read_bytes()
    ran = tmp_path / "code-ran"
    entry.write_bytes({
        "a real document, without a header": _planted_word_document(),
        "a pickle": pickle.dumps(_RunsCode(ran)),
        "the right key, a wrong digest": genuine.replace(genuine.split(b"\n", 1)[1], b"PLANTED,cells\n"),
        "cut short": genuine[: len(genuine) // 2],
    }[planted])

    _build(project, project / "site")

    published = project / "site" / CHECKLIST.with_suffix(suffix)
    text = _published_text(published)
    assert QUESTION in text and "PLANTED" not in text
    assert not ran.exists()
    assert entry.read_bytes() == genuine  # made afresh and written over
    assert read_entry(entry, name) == published.read_bytes()


def test_a_link_or_a_pipe_under_an_entry_name_is_never_opened(tmp_path: Path) -> None:
    key = "a" * 64
    genuine = tmp_path / "genuine"
    genuine.write_bytes(_entry(b"bytes", key))
    assert read_entry(genuine, key) == b"bytes"
    (tmp_path / "link").symlink_to(genuine)
    assert read_entry(tmp_path / "link", key) is None
    os.mkfifo(tmp_path / "pipe")  # reading would wait for a writer for ever
    assert read_entry(tmp_path / "pipe", key) is None
    (tmp_path / "folder").mkdir()
    assert read_entry(tmp_path / "folder", key) is None
    assert read_entry(genuine, "b" * 64) is None  # another key's


# --- 2. a cache that cannot be written; leftovers of interrupted runs --------------------------


def test_a_cache_folder_that_cannot_be_made_is_a_warning_not_a_failed_build(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _cache(project).parent.mkdir()
    _cache(project).write_text("a file where the cache folder should be")  # root ignores permissions; this it cannot

    result = _build(project, project / "site")  # --strict: a MkDocs warning would fail it

    assert "warning: the build cache in" in result.stderr and "could not be written" in result.stderr
    assert QUESTION in _word_text(project / "site" / CHECKLIST.with_suffix(".docx"))
    assert not list(project.rglob("*.tmp"))


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every cache write fails at its last step, with its temporary file written: as a disk filling up would."""
    def replace(source: object, target: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache.os, "replace", replace)


def test_a_full_disk_is_one_warning_and_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    _full_disk(monkeypatch)
    downloads = BytesCache()
    downloads.use_folder(tmp_path / "downloads")
    with caplog.at_level(logging.WARNING):
        for name in ("a" * 64, "b" * 64):
            downloads.put(name, b"bytes")
            assert downloads.find(name) == b"bytes"  # this build still has them
        site_cache.save(tmp_path, "c" * 64, RenderedSite())
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(messages) == 2 and all("No space left on device" in m for m in messages), messages
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    project = _project(tmp_path)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id that no longer runs: as a killed build's
    downloads = _cache(project) / "downloads" / "ab"
    downloads.mkdir(parents=True)
    stale = [downloads / f"{'a' * 64}.{gone.pid}.tmp", _cache(project) / f"site.json.{gone.pid}.tmp"]
    live = _cache(project) / f"site.json.{os.getpid()}.tmp"  # a running build's: never removed under it
    unknown = downloads / "notes.tmp"  # not named as the cache names its files: not the cache's to remove
    for path in [*stale, live, unknown]:
        path.write_bytes(b"half written")
    staging = [project / f".site-new-0a1b2c3d.{gone.pid}.tmp", project / ".site-new-k2j3h4g5"]  # ours, mkdtemp's
    for folder in staging:
        (folder / "assets").mkdir(parents=True)
        (folder / "index.html").write_text("half a site")

    assert build.build(project / "site", ["-f", str(project / "mkdocs.yml"), "-q"]) == 0

    assert [p for p in [*stale, *staging] if p.exists()] == []
    assert live.exists() and unknown.exists()
    assert (project / "site" / "index.html").is_file()
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


# --- 3. the site key reads nothing it should not --------------------------------------------------


def test_the_site_key_never_follows_a_link_nor_reads_a_large_pipe_or_unreadable_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = write_data(tmp_path, {})
    before = site_cache.site_key(data, OPTIONS)
    outside = tmp_path / "outside.yml"
    outside.write_text("secret: one\n")
    (data / "pages" / "linked.yml").parent.mkdir(exist_ok=True)
    (data / "pages" / "linked.yml").symlink_to(outside)
    linked = site_cache.site_key(data, OPTIONS)
    outside.write_text("secret: two\n")
    assert site_cache.site_key(data, OPTIONS) == linked != before  # the link counts; what it points at is not read
    (data / "pages" / "linked.yml").unlink()

    large = data / "pages" / "large.yml"
    large.write_bytes(b"a" * (MAX_FILE_BYTES + 1))
    keyed = site_cache.site_key(data, OPTIONS)
    times = large.stat()
    large.write_bytes(b"b" * (MAX_FILE_BYTES + 1))
    os.utime(large, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert site_cache.site_key(data, OPTIONS) == keyed != before  # known by its size and time, never read
    large.unlink()

    os.mkfifo(data / "pages" / "pipe.yml")  # reading would wait for a writer for ever
    assert site_cache.site_key(data, OPTIONS) not in (None, before)
    (data / "pages" / "pipe.yml").unlink()

    unreadable = data / "question_sets" / "demo-questions.yml"
    for module in (os, io):  # tests run as root, whom chmod does not stop: every way of opening it is refused
        monkeypatch.setattr(module, "open", _refusing(getattr(module, "open"), unreadable))
    assert site_cache.site_key(data, OPTIONS) is None  # no key: the site is rendered afresh and not kept...
    site_cache.save(tmp_path / "cache", None, RenderedSite())
    assert site_cache.load(tmp_path / "cache", None) is None and not (tmp_path / "cache").exists()
    with pytest.raises(ContentErrors) as caught:  # ...and validation says which file, where
        validate(data)
    assert "toolkit_data/question_sets/demo-questions.yml" in [e.position.path for e in caught.value.errors]


def _refusing(real_open: Callable[..., Any], refused: Path) -> Callable[..., Any]:
    """``real_open``, but a PermissionError for the file ``refused``."""
    def refusing_open(path: object, *args: object, **kwargs: object) -> Any:
        if isinstance(path, (str, os.PathLike)) and Path(path) == refused:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)
    return refusing_open


# --- 4. the published site's permissions -----------------------------------------------------------


def test_the_built_site_has_the_permissions_plain_mkdocs_gives(tmp_path: Path) -> None:
    project = _project(tmp_path)
    umask = os.umask(0o027)
    try:
        assert build.build(project / "site", ["-f", str(project / "mkdocs.yml"), "-q"]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o750  # 0o777 & ~umask, not mkdtemp's 0o700
    assert stat.S_IMODE((project / "site" / "downloads").stat().st_mode) == 0o750


# --- 5. workers do not outlive the build ---------------------------------------------------------

HELD_BUILD = textwrap.dedent("""
    import sys, time
    from toolkit_publisher.downloads.made_files import MadeFiles

    def hold(self, name, data):  # the build waits here, as it saves its first download, until it is killed
        print("holding", flush=True)
        time.sleep(600)

    MadeFiles.save = hold
    from mkdocs.__main__ import cli
    cli(sys.argv[1:])
""")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table from /proc")
def test_workers_exit_when_the_build_is_killed(tmp_path: Path) -> None:
    project = _project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_PUBLISHER_WORKERS": "1"}
    with (tmp_path / "stderr").open("w") as stderr:
        held = subprocess.Popen([sys.executable, "-c", HELD_BUILD, "build", "--strict", "-f", str(project / "mkdocs.yml"),
                                 "-d", str(tmp_path / "site")], stdout=subprocess.PIPE, stderr=stderr, text=True,
                                env=env, cwd=project)
    left: set[int] = set()
    try:
        assert held.stdout is not None and held.stdout.readline() == "holding\n", (tmp_path / "stderr").read_text()
        for _ in range(600):  # the pool's processes are all up by now; wait, bounded, until they show
            under = descendants(held.pid)
            workers = {pid for pid, parent in under.items() if parent != held.pid}
            if workers:
                break
            time.sleep(0.05)
        assert workers, f"no worker process under the build: {under}"
        left = set(under)  # the fork server, its workers, the resource tracker

        held.send_signal(signal.SIGKILL)
        held.wait()
        for _ in range(600):  # bounded: each should exit within moments of the build
            if not running(left):
                break
            time.sleep(0.05)
        assert running(left) == set()
    finally:
        if held.poll() is None:
            held.kill()
            held.wait()
        for pid in running(left):  # only the processes this test started
            os.kill(pid, signal.SIGKILL)


# --- 6. size markers cannot be forged ----------------------------------------------------------------

LITERALS = ["%%tk-size:downloads/checklists/demo/demo-questions.docx%%", "%%tk-size:nothing/at-all%%",
            f"%%tk-size-0123456789abcdef:{CHECKLIST}.docx%%"]


def test_marker_text_in_the_content_is_published_as_written(tmp_path: Path) -> None:
    body = " and ".join(LITERALS)
    question = f"Is {LITERALS[0]} or {LITERALS[1]} a size?"
    project = _project(tmp_path, {
        "pages/intro.yml": f"id: intro\ntitle: Intro\nbody: |\n  The markers {body} are text.\n",
        "toolkits/demo.yml": TOOLKIT + "  - page: intro\n",
        "question_sets/demo-questions.yml": QUESTIONS.replace(QUESTION, f'"{question}"'),
    })

    _build(project, project / "site")

    intro = (project / "site" / "toolkits" / "demo" / "intro" / "index.html").read_text(encoding="utf-8")
    for literal in LITERALS:
        assert literal in intro
    questions = (project / "site" / "toolkits" / "demo" / "demo-questions" / "index.html").read_text(encoding="utf-8")
    assert question in questions
    assert re.findall(r"%%tk-size-(\w+):", intro + questions) == ["0123456789abcdef"]  # no genuine marker left
    toolkit = (project / "site" / "toolkits" / "demo" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"Word document, \d+ KB", toolkit)  # while the genuine markers were filled in


def test_a_genuine_marker_for_an_unplanned_file_is_an_error_naming_the_page() -> None:
    production = Production([])
    text = "A file: " + SIZE_MARKER.format(nonce=SIZE_NONCE, path="downloads/never-planned.docx")
    with pytest.raises(MissingDownload, match=r"the page toolkits/demo/index\.md shows the size of a download"):
        fill_sizes(text, production, "toolkits/demo/index.md")
    plugin = ToolkitPlugin()
    plugin.production = production
    page = SimpleNamespace(file=SimpleNamespace(src_uri="toolkits/demo/index.md"), content=text)
    with pytest.raises(PluginError, match=r"toolkits/demo/index\.md.*never-planned\.docx"):
        plugin.on_post_page(text, page=page, config=None)  # type: ignore[arg-type]


def test_an_empty_source_date_epoch_is_taken_as_unset_and_a_malformed_one_is_refused_in_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MkDocs itself crashes on either (it reads the variable while building): a CI variable defined but left empty
    builds as if unset, and one that is not a number of seconds stops the build, and `generate`, before any work."""
    project = copy_project(tmp_path / "project")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    empty = mkdocs_build(project, tmp_path / "site")
    assert empty.returncode == 0, empty.stderr
    assert (tmp_path / "site" / "index.html").is_file()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    malformed = mkdocs_build(project, tmp_path / "refused")
    assert malformed.returncode != 0
    assert "Traceback" not in malformed.stderr
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in malformed.stderr
    assert "git log -1 --format=%ct" in malformed.stderr
    assert not (tmp_path / "refused" / "index.html").exists()

    generated = subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--data",
                                str(project / "toolkit_data"), "--out", str(tmp_path / "generated")],
                               capture_output=True, text=True, check=False)
    assert generated.returncode == 1
    assert "SOURCE_DATE_EPOCH is 'yesterday'" in generated.stderr and "Traceback" not in generated.stderr
    assert not (tmp_path / "generated").exists()
