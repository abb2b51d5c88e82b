"""Making the downloads' bytes: from the content-hash cache, or in worker processes while MkDocs renders pages.

Python-docx and friends take most of a cold build's time, and none of it is needed to render a page but
each file's size. So the plugin starts every batch the cache lacks at the start of the build, renders
pages with a marker where each size goes, fills the sizes in as each page is written, and writes the
files at the end. On a machine with one core, or with TOOLKIT_PUBLISHER_WORKERS=0, files are made
in the building process when first asked for.

The worker processes belong to a :class:`Workers`, owned by whoever runs the builds (the plugin, from
`on_startup` to `on_shutdown`, so `mkdocs serve` reuses them across rebuilds), never to this module. Its
close() stops them; and each exits by itself if the build process is gone, however it ended.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import re
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import TracebackType
from typing import Any, Callable

from ..cache import BytesCache
from . import SIZE_MARKER, SIZE_NONCE, Batch, Download, format_size


def worker_count() -> int:
    """One core is left to MkDocs; TOOLKIT_PUBLISHER_WORKERS overrides (0 makes files in this process)."""
    configured = os.environ.get("TOOLKIT_PUBLISHER_WORKERS", "").strip()
    if configured.isdigit():
        return int(configured)
    return max(0, (os.cpu_count() or 1) - 1)


class Workers:
    """The processes that make download files beside the build, and the thread that hands them their batches.

    Nothing starts until a file must be made (a process pool starts a helper process even before it is given
    work); from then on the same processes serve every build of their owner, until close(). A one-off
    command uses it as a context manager. With no workers, files are made in the calling process.
    """

    def __init__(self, count: int | None = None) -> None:
        self.count = worker_count() if count is None else count
        self._pool: ProcessPoolExecutor | None = None
        #: Submits batches to the pool off the caller's thread: starting a worker process can block for its imports.
        self._submitter: ThreadPoolExecutor | None = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    def start(self) -> None:
        """Start the processes now, in the background, so their imports are done before the first batch."""
        self._submit(_ready)

    def submit(self, job: str, args: tuple) -> Future[Future[list[bytes]]] | None:
        """One batch to make in a worker; None if there are no workers (the caller makes it when it needs it)."""
        return self._submit(_make, job, args)

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Future[Any]] | None:
        if self.count == 0:
            return None
        if self._pool is None:
            # forkserver (spawn on Windows): forking a process that runs threads, as `mkdocs serve` does, is unsafe.
            context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")
            if sys.platform != "win32":
                context.set_forkserver_preload(["toolkit_publisher.downloads.jobs"])
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context,
                                             initializer=_exit_with_the_build)
        if self._submitter is None:
            self._submitter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="toolkit-downloads")
        return self._submitter.submit(self._pool.submit, function, *args)

    def broken(self) -> None:
        """A worker died (killed, out of memory) and the pool takes no more work: the next batch starts a new one."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Drop the batches not yet started and stop every worker, returning once they have exited."""
        submitter, pool = self._submitter, self._pool
        self._submitter = self._pool = None
        if submitter is not None:
            submitter.shutdown(wait=True, cancel_futures=True)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _exit_with_the_build() -> None:
    """Run first in each worker: a thread that ends the worker as soon as the build process is gone.

    Otherwise workers outlive a build that was killed: each waits on a queue whose other end it holds
    itself. A worker's parent is the fork server, not the build, so it watches the build through the
    sentinel multiprocessing gives every child (ready once the build has exited, however it exited).
    The fork server exits by itself once the build and every worker are gone.
    """
    build = multiprocessing.parent_process()
    if build is not None:
        threading.Thread(target=_exit_when_ready, args=(build.sentinel,), name="toolkit-build-watch",
                         daemon=True).start()


def _exit_when_ready(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])
    os._exit(1)  # no clean-up to wait for: the build that would use this worker's files is gone


def _ready() -> None:
    from . import jobs  # noqa: F401 - what every batch needs


def _make(job: str, args: tuple) -> list[bytes]:
    """One batch's files, in a worker or here: the file-format libraries are loaded only where files are made."""
    from .jobs import run

    return run(job, args)


class _Making:
    """One batch being made: in a worker (if there are any) or, when first asked for, here."""

    def __init__(self, batch: Batch, args: tuple, workers: Workers | None) -> None:
        self.batch = batch
        self.args = args
        self.workers = workers
        self.submitted = None if workers is None else workers.submit(batch.job, args)

    def result(self) -> list[bytes]:
        if self.submitted is None:
            return _make(self.batch.job, self.args)
        try:
            return self.submitted.result().result()
        except BrokenProcessPool:  # a worker died (killed, out of memory): make the files here instead
            if self.workers is not None:
                self.workers.broken()
            return _make(self.batch.job, self.args)

    def ready(self) -> bool:
        """Whether a worker has made the files, so asking for them would not wait."""
        if self.submitted is None or not self.submitted.done():
            return False
        return self.submitted.exception() is not None or self.submitted.result().done()

    def cancel(self) -> None:
        """Drop the batch if no worker has started it."""
        if self.submitted is not None and not self.submitted.cancel() and self.submitted.exception() is None:
            self.submitted.result().cancel()


class MissingDownload(Exception):
    """A page shows the size of a file that was never planned: a fault in the publisher, reported with the page."""


class Production:
    """The bytes of every planned download, each available by path once made; cached files are there at once."""

    def __init__(self, batches: list[Batch], workers: Workers | None = None, *, cache: BytesCache | None = None,
                 size_nonce: str = SIZE_NONCE) -> None:
        """``workers`` make the files the ``cache`` lacks (without them, this process makes each when first asked
        for); a new, empty cache if none is given. ``size_nonce`` is the one in the pages' size markers: this
        process's, or the one kept with a cached site.

        Raises ValueError, before any file is started, if the inputs of a file to be made were kept (in the
        site cache) in a shape its job does not take.
        """
        self.cache = BytesCache() if cache is None else cache
        self.downloads: list[Download] = [d for batch in batches for d in batch.downloads]
        self._planned = {download.path for download in self.downloads}
        #: Each file's cache key (a digest of its path, its job and the job's inputs), by its path.
        self._names = {d.path: name for batch in batches for d, name in zip(batch.downloads, batch.names)}
        self.marker_start = SIZE_MARKER.format(nonce=size_nonce, path="").removesuffix("%%")
        self.marker = re.compile(re.escape(self.marker_start) + r"([^%\s]*)%%")
        #: Each file's bytes: made here or in a worker, or read from the cache and verified.
        self._data: dict[str, bytes] = {}
        self._waiting: dict[str, _Making] = {}
        self._workers = workers
        self._start(batches)

    def add(self, batches: list[Batch]) -> None:
        """More files to make: those planned once the pages are (the data files, whose page index lists them)."""
        self.downloads += [d for batch in batches for d in batch.downloads]
        self._planned |= {d.path for batch in batches for d in batch.downloads}
        self._names.update((d.path, name) for batch in batches for d, name in zip(batch.downloads, batch.names))
        self._start(batches)

    def _start(self, batches: list[Batch]) -> None:
        """Each batch from the cache, or started in a worker."""
        workers = self._workers
        missing: list[tuple[Batch, tuple]] = []
        for batch in batches:
            cached = [self.cache.find(name) for name in batch.names]
            if all(found is not None for found in cached):
                self._data.update((d.path, found) for d, found in zip(batch.downloads, cached) if found is not None)
            else:
                missing.append((batch, batch.arguments()))
        for batch, args in missing:
            self.cache.made += len(batch.downloads)
            making = _Making(batch, args, workers)
            for download in batch.downloads:
                self._waiting[download.path] = making

    def cancel(self) -> None:
        """A failed build stops here: batches not yet started are dropped rather than made and thrown away."""
        for making in set(self._waiting.values()):
            making.cancel()
        self._waiting.clear()

    def planned(self, path: str) -> bool:
        return path in self._planned

    def ready(self, path: str) -> bool:
        """Whether the file is made (or cached), so its bytes and size are there without waiting."""
        return path in self._data or (path in self._waiting and self._waiting[path].ready())

    def name(self, path: str) -> str:
        """The file's cache key: the same name for the same bytes, a new one whenever they change."""
        return self._names[path]

    def _made(self, path: str) -> bytes:
        if path not in self._data:
            making = self._waiting.pop(path)
            for download, data, name in zip(making.batch.downloads, making.result(), making.batch.names):
                self.cache.put(name, data)
                self._data[download.path] = data
                self._waiting.pop(download.path, None)
        return self._data[path]

    def data(self, path: str) -> bytes:
        return self._made(path)

    def size(self, path: str) -> int:
        return len(self._made(path))

    def write(self, folder: Path) -> None:
        """Every file into a site folder, once all are made."""
        for download in self.downloads:
            target = folder / download.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self._made(download.path))

    def files(self) -> dict[str, bytes]:
        """Every file by path, in the planned order, once all are made."""
        return {d.path: self.data(d.path) for d in self.downloads}


def fill_sizes(text: str, production: Production, page: str, *, wait: bool = True) -> str:
    """Each size marker in ``page`` replaced by its file's size, waiting for files still being made; or, without
    ``wait``, only those of files already made (the others stay markers, to fill once they are: see
    :func:`sized`).

    Only a marker with the production's nonce is one: any other text, such as a marker's likeness written
    in the content, stays as written. Raises MissingDownload, naming the page, for a file never planned.
    """
    if production.marker_start not in text:
        return text

    def size(match: re.Match[str]) -> str:
        if not production.planned(match.group(1)):
            raise MissingDownload(f"the page {page} shows the size of a download that was never planned "
                                  f"({match.group(1)!r}): this is a fault in the publisher, not in the content")
        if not wait and not production.ready(match.group(1)):
            return match.group(0)
        return format_size(production.size(match.group(1)))

    return production.marker.sub(size, text)


def sized(text: str, production: Production) -> bool:
    """Whether every size marker of the page is filled."""
    return production.marker_start not in text


def make_downloads(batches: list[Batch], workers: Workers | None = None,
                   cache: BytesCache | None = None) -> dict[str, bytes]:
    """Every file of a plan, made (or taken from ``cache``, if given) before returning."""
    return Production(batches, workers, cache=cache).files()
