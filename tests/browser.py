"""Headless Chromium for tests: printing pages to PDF, and (with ChromeDriver) driving pages like a person."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: As the machine's probe found: without the background-networking flags Chromium tries Google's hosts.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--disable-extensions"]


def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        raise RuntimeError("Chromium is not installed: run ./scripts/browser (or apt-get install chromium chromium-driver)")
    return binary


def print_to_pdf(page: Path, pdf: Path) -> Path:
    """What a person gets from the browser's Print, saved as PDF (A4, no browser header or footer)."""
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run([chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
                                 f"--print-to-pdf={pdf}", page.resolve().as_uri()],
                                capture_output=True, text=True, timeout=120, check=False)
    assert pdf.is_file(), f"Chromium printed nothing:\n{result.stderr}"
    return pdf


# --- Playwright driving Debian's Chromium, against the site served on 127.0.0.1 --------------------

import functools  # noqa: E402
import http.server  # noqa: E402
import os  # noqa: E402
import threading  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A site's files under its path (as GitHub Pages serves a project's site), and its 404 page for the rest."""

    def __init__(self, *args: object, under: str = "/", **kwargs: object) -> None:
        self.under = under  # before the base class's __init__, which handles the request
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def translate_path(self, path: str) -> str:
        url_path = path.split("?", 1)[0].split("#", 1)[0]
        if not url_path.startswith(self.under):
            return os.path.join(os.devnull, "outside-the-site")  # no such file (os.devnull is no folder): 404
        return super().translate_path("/" + path[len(self.under):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serve(root: Path, under: str = "/") -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1 for the length of the block, at ``under`` (a path
    ending in '/'); yields the server's address, without the path. The folder is read at each request, so
    it may be built once the address is known."""
    handler = functools.partial(_QuietHandler, directory=str(root), under=under)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):  # noqa: ANN001, ANN201 - playwright's own types
    return playwright.chromium.launch(executable_path=chromium(), args=[f for f in CHROMIUM_FLAGS if f != "--headless"])


def with_reduced_motion(browser):  # noqa: ANN001, ANN201 - playwright's own types
    """Make every context (and page) this browser opens ask for reduced motion, as a person can in their
    system settings. Material then drops its transitions (its CSS honours prefers-reduced-motion), so no
    test, and no axe contrast check, sees a page mid-fade. Playwright sets the preference per context
    (overriding Chromium's own switch), hence the wrapper; a test may still pass another value."""
    for name in ("new_context", "new_page"):
        opened = getattr(browser, name)

        def opener(*args, _opened=opened, **options):  # noqa: ANN002, ANN003, ANN202
            options.setdefault("reduced_motion", "reduce")
            return _opened(*args, **options)

        setattr(browser, name, opener)
    return browser


_META = "document.querySelector('.md-search-result__meta').textContent"
#: Material's search has loaded its index: it no longer says "Initializing search".
_SEARCH_LOADED = f"() => !/Initializing/i.test({_META})"
#: The search shows its answer to an empty query.
_SEARCH_EMPTY = f"() => /Type to start/i.test({_META})"
#: The search shows its answer to a query of some words (results, or "No matching documents").
_SEARCH_ANSWERED = f"() => !/Initializing|Type to start/i.test({_META})"
#: No transition or animation is under way, but those that never end (a pulsing marker).
_SETTLED = ("() => document.getAnimations().every(a => a.playState !== 'running'"
            " || a.effect.getTiming().iterations === Infinity)")


def loaded(page) -> None:  # noqa: ANN001 - a Playwright page
    """Wait until a page has fetched all it fetches by itself: its load event, then Material's search index,
    which a worker fetches after it. A state to wait for, where 'networkidle' guesses (half a second quiet)."""
    page.wait_for_load_state("load")
    page.wait_for_function(_SEARCH_LOADED, timeout=60_000)


def search(page, words: str) -> None:  # noqa: ANN001 - a Playwright page
    """Search as a person would, and wait for exactly the state a test asserts on: the results for these
    words (not for a few of their letters), rendered, with the theme's fade-in finished.

    Material asks its worker again on every keyup and shows each answer as it arrives, so typing letter by
    letter shows the results for "T", then "Te", ... So the box is emptied (and the empty query answered),
    then the words are put in at once and one keyup sent: the next answer shown is the one for the words."""
    box = page.locator("input.md-search__input")
    loaded(page)
    box.fill("")
    box.press("End")  # Material reads the box on keyup
    page.wait_for_function(_SEARCH_EMPTY)
    box.fill(words)
    box.press("End")
    page.wait_for_function(_SEARCH_ANSWERED)
    page.wait_for_function(_SETTLED)
    if page.locator(".md-search-result__item").count() == 0:
        raise AssertionError(f"search for {words!r} showed no results: "
                             f"{page.inner_text('.md-search-result__meta')!r}")


def free_port() -> int:
    """A port on 127.0.0.1 nothing listens on, for a server a test starts."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def until_serving(stderr) -> list[str]:  # noqa: ANN001 - a text stream
    """What `mkdocs serve` printed, read until it says it serves (or stops): a state, not a wait."""
    output = []
    for line in stderr:
        output.append(line)
        if "Serving on" in line:
            break
    return output
