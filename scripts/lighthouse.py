"""Lighthouse on one page of each kind of the real site: what a reader on a phone gets.

Builds the site for a free port of 127.0.0.1, serves it there compressed with gzip (as GitHub Pages and most
web servers serve text), and runs Lighthouse (pinned in scripts/lighthouse-package/, installed with `npm ci` into
.cache/lighthouse/) with its default mobile preset and simulated throttling on each page. Prints a Markdown table.

A kind's page is the largest of its kind (most bytes of HTML), so the table shows the worst case, and is found
from the built site (its address and what its HTML holds), never named here, so the script follows the content.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "lighthouse-package"
INSTALLED = ROOT / ".cache" / "lighthouse"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
#: Text types the server compresses, as GitHub Pages does.
COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


# --- Lighthouse, pinned, in a folder of its own ----------------------------------------------------------

def install_lighthouse() -> Path:
    """`npm ci` from the committed lock into .cache/lighthouse/, again only when the lock changed."""
    lock = (PACKAGE / "package-lock.json").read_bytes()
    want = hashlib.sha256((PACKAGE / "package.json").read_bytes() + lock).hexdigest()
    stamp = INSTALLED / ".installed"
    cli = INSTALLED / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not (stamp.is_file() and stamp.read_text() == want and cli.is_file()):
        shutil.rmtree(INSTALLED, ignore_errors=True)
        INSTALLED.mkdir(parents=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(PACKAGE / name, INSTALLED / name)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                       cwd=INSTALLED, check=True)
        stamp.write_text(want)
    return cli


# --- the site, built and served with gzip ----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build(site: Path, address: str) -> None:
    """The real site, as `mkdocs build --strict` makes it for this address."""
    env = {**os.environ, "SITE_URL": address, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
                   cwd=ROOT, env=env, check=True)


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """The built site's files, text compressed with gzip for a client that asks, and 404.html for a missing one."""

    def send_head(self):  # noqa: ANN201 - the base class's contract: a file-like body or None
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

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
def serve(site: Path, port: int) -> Iterator[None]:
    handler = functools.partial(_GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield
    finally:
        server.shutdown()
        server.server_close()


# --- one page of each kind --------------------------------------------------------------------------------

def _holds(*markers: str) -> Callable[[str], bool]:
    return lambda html: any(marker in html for marker in markers)


def _lacks(*markers: str) -> Callable[[str], bool]:
    return lambda html: not any(marker in html for marker in markers)


#: Each kind: where its pages are (a glob in the built site) and what its HTML holds.
KINDS: dict[str, tuple[str, Callable[[str], bool]]] = {
    "home": ("index.html", _holds("")),
    "toolkit overview": ("toolkits/*/index.html", _holds("")),
    "guidance page": ("toolkits/*/*/index.html", _lacks("data-tk-assessment", "tk-resources", "tk-checklist")),
    "checklist section": ("toolkits/*/*/index.html", _holds("data-tk-assessment")),
    "print checklist": ("toolkits/*/print-checklist/index.html", _holds("")),
    "resources": ("toolkits/*/*/index.html", _holds('class="tk-resources"')),
    "training": ("training/*/index.html", _holds("")),
    "case-study list": ("case-studies/index.html", _holds("")),
    "case study": ("case-studies/*/index.html", _holds("")),
    "organisation": ("organisations/*/index.html", _holds("")),
    "job description": ("job-descriptions/*/index.html", _holds("")),
    "document template": ("document-templates/*/index.html", _holds("")),
    "downloads": ("downloads/index.html", _holds("")),
    "content health": ("content-health/index.html", _holds("")),
    "404": ("404.html", _holds("")),
}


def pages_by_kind(site: Path) -> dict[str, str]:
    """The address (under the site) of the largest page of each kind."""
    chosen = {}
    for kind, (pattern, fits) in KINDS.items():
        found = [path for path in site.glob(pattern) if fits(path.read_text(encoding="utf-8"))]
        if not found:
            print(f"note: no page of the kind '{kind}' in this site", file=sys.stderr)
            continue
        largest = max(sorted(found), key=lambda path: path.stat().st_size)
        relative = largest.relative_to(site).as_posix()
        chosen[kind] = relative.removesuffix("index.html")
    return chosen


# --- Lighthouse's figures ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Result:
    scores: dict[str, int]
    cls: float
    lcp_ms: float


def lighthouse(cli: Path, url: str, report: Path | None) -> Result:
    """One Lighthouse run: the default (mobile) preset, simulated throttling."""
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        subprocess.run(["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}",
                        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
                       env={**os.environ, "CHROME_PATH": chrome}, check=True)
        data = json.loads(out.read_text(encoding="utf-8"))
        if report is not None:
            shutil.copy(out, report)
    if data.get("runtimeError"):
        raise SystemExit(f"Lighthouse could not measure {url}: {data['runtimeError'].get('message')}")
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    audits = data["audits"]
    return Result(scores, audits["cumulative-layout-shift"]["numericValue"],
                  audits["largest-contentful-paint"]["numericValue"])


def median_run(results: list[Result]) -> Result:
    """The run whose performance is the median (the lower middle of an even number)."""
    ordered = sorted(results, key=lambda result: result.scores["performance"])
    return ordered[(len(ordered) - 1) // 2]


def table(rows: dict[str, tuple[str, Result]]) -> str:
    lines = ["| Kind of page | Page | Performance | Accessibility | Best practices | SEO | CLS | LCP (s) |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for kind, (page, result) in rows.items():
        s = result.scores
        lines.append(f"| {kind} | /{page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | "
                     f"{s['seo']} | {result.cls:.3f} | {result.lcp_ms / 1000:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median (by performance) is shown")
    parser.add_argument("--only", action="append", choices=list(KINDS), help="only this kind of page (repeatable)")
    parser.add_argument("--reports", type=Path, help="keep each run's JSON report in this folder")
    args = parser.parse_args()
    cli = install_lighthouse()
    port = free_port()
    address = f"http://127.0.0.1:{port}/"
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-site-") as folder:
        site = Path(folder) / "site"
        build(site, address)
        chosen = pages_by_kind(site)
        rows = {}
        with serve(site, port):
            for kind, page in chosen.items():
                if args.only and kind not in args.only:
                    continue
                runs = []
                for run in range(args.runs):
                    name = f"{kind.replace(' ', '-')}-{run + 1}.json"
                    runs.append(lighthouse(cli, address + page, args.reports / name if args.reports else None))
                rows[kind] = (page, median_run(runs))
                print(f"{kind}: {rows[kind][1].scores['performance']}", file=sys.stderr, flush=True)
    print(table(rows))


if __name__ == "__main__":
    main()
