"""The content editor at /admin/: Decap CMS, as ./scripts/node-packages installed it from cms/package-lock.json, with
its configuration generated from the models (cms_config.py), the set-up script that styles its previews, and a page
with its own Content Security Policy.

Written into the built site after MkDocs has written the rest, as plain files: not pages, so not in the search index,
the sitemap or the navigation, and not read by the theme's plugins (the privacy plugin would otherwise search the
editor's 5 MB script for addresses). The page says `noindex` too.

The editor's policy is its own, looser than the site's (csp.py), and only on this page: Decap CMS styles itself with
inline styles (emotion), compiles its configuration's schema at run time (ajv: 'unsafe-eval'), previews in a frame
and talks to GitHub's API (signing in and each pull request) or to the local proxy on this computer. No page a reader
opens carries it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .cms_config import LOCAL_PROXY_PORT, cms_config, config_text

#: The folder ./scripts/node-packages installs Decap CMS in (beside this package, at the top of the repository).
CMS_FOLDER = Path(__file__).resolve().parents[2] / "cms"
DIST = CMS_FOLDER / "node_modules" / "decap-cms" / "dist"
OWN = Path(__file__).parent / "admin"
#: Where in the site the editor is.
FOLDER = "admin"

#: Hosts the GitHub backend reaches: its API (content, pull requests) and the pictures of signed-in users.
GITHUB_HOSTS = ("https://api.github.com", "https://avatars.githubusercontent.com")


class EditorMissing(RuntimeError):
    """Decap CMS is not installed: the build cannot publish /admin/."""


def proxy_port() -> int:
    """The local proxy's port: CMS_PROXY_PORT (as ./scripts/edit and the tests set it), else the usual 8081."""
    value = os.environ.get("CMS_PROXY_PORT", "")
    return int(value) if value.isdigit() else LOCAL_PROXY_PORT


def policy(auth_url: str | None, port: int) -> str:
    """The editor page's Content Security Policy (see the module's docstring for why each part is looser)."""
    local = f"http://127.0.0.1:{port} http://localhost:{port}"
    auth = f" {_origin(auth_url)}" if auth_url else ""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {GITHUB_HOSTS[1]}",
        "font-src 'self' data:",
        f"connect-src 'self' {local} {GITHUB_HOSTS[0]}{auth}",
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _dist_files() -> list[Path]:
    """Decap CMS's script, the chunks and WebAssembly it loads beside it, and its licence notices (no source maps)."""
    if not (DIST / "decap-cms.js").is_file():
        raise EditorMissing(f"the content editor (Decap CMS) is not installed in {CMS_FOLDER / 'node_modules'}: run "
                            "./scripts/setup, which installs it with ./scripts/node-packages")
    return sorted(path for path in DIST.iterdir()
                  if path.name.endswith(("decap-cms.js", ".wasm")) or path.name == "decap-cms.js.LICENSE.txt")


def _copy(source: Path, target: Path) -> None:
    """Copy unless the same file is already there (a preview rebuilds often; the editor is 6 MB)."""
    if target.is_file():
        have, want = target.stat(), source.stat()
        if have.st_size == want.st_size and int(have.st_mtime) == int(want.st_mtime):
            return
    shutil.copy2(source, target)


def stylesheets(site_dir: Path, base: str, extra_css: list[str]) -> list[str]:
    """The site's stylesheets as every page links them (the theme's, then the site's own), for the preview pane."""
    theme = sorted(path.relative_to(site_dir).as_posix()
                   for path in (site_dir / "assets" / "stylesheets").glob("*.min.css"))
    theme.sort(key=lambda name: not name.startswith("assets/stylesheets/main."))
    return [base + name for name in (*theme, *extra_css)]


def write(site_dir: Path, *, data_dir: str, site_url: str | None, extra_css: list[str]) -> None:
    """Write /admin/ into the built site."""
    files = _dist_files()
    folder = site_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for source in files:
        _copy(source, folder / source.name)
    _copy(OWN / "cms-setup.js", folder / "cms-setup.js")
    repo = os.environ.get("CMS_REPO") or None
    auth_url = os.environ.get("CMS_AUTH_URL") or None
    port = proxy_port()
    config = cms_config(data_dir=data_dir, site_url=site_url, auth_url=auth_url,
                        **({"repo": repo} if repo else {}), **({"branch": os.environ["CMS_BRANCH"]}
                                                                 if os.environ.get("CMS_BRANCH") else {}))
    config["local_backend"]["url"] = f"http://127.0.0.1:{port}/api/v1"
    (folder / "config.yml").write_text(config_text(config), encoding="utf-8")
    base = urlsplit(site_url or "/").path or "/"
    env = Environment(loader=FileSystemLoader(OWN), autoescape=select_autoescape(default=True))
    page = env.get_template("index.html.j2").render(policy=policy(auth_url, port),
                                                   styles=stylesheets(site_dir, base, extra_css))
    (folder / "index.html").write_text(page, encoding="utf-8")
