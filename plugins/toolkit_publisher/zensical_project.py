"""A project Zensical builds as it stands: the plugin's work done ahead, since Zensical runs no MkDocs plugin.

Zensical (from Material's authors) reads ``mkdocs.yml`` (after ``zensical.toml``, which it prefers) and Material's
Markdown extensions, but ignores third-party plugins: it can only build Markdown already on disk. So this writes
what the plugin would have given MkDocs, into one folder:

- ``docs/``: the pages written in the docs folder (the home page's list of publications filled in), every
  generated page (download sizes filled in), every download, and the plugin's stylesheets and scripts;
- ``mkdocs.yml``: the project's own, with the navigation expanded where it says ``@toolkits``, the docs folder
  pointed at ``docs/``, every stylesheet and script listed for every page (as the plugin does under the theme's
  instant navigation), Material's classic look, and only the plugins Zensical itself provides.

What Zensical does not do that the plugin does (the Content Security Policy, the whole-page check, questions as
search results of their own, each page loading only its own scripts) is listed in the README.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import page_assets, urls, vendor
from .docs_sources import PUBLISHED_AS_IS, check_written_pages, published_unchecked, written_pages
from .errors import ContentError, ContentErrors, Position
from .files import unsafe_files
from .downloads.produce import Production, Workers, fill_sizes
from .render import render_site
from .site import NAV_TOOLKIT_LIMIT, PUBLICATIONS_MARKER, NavItem, RenderedSite, expand_nav, render_publications
from .validate import validate

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = page_assets.ASSET_URI
#: The plugins of mkdocs.yml Zensical provides itself; any other (this project's own included) is left out.
ZENSICAL_PLUGINS = frozenset({"search"})
DOCS = "docs"


@dataclass(frozen=True)
class EnvTag:
    """A ``!ENV`` value of mkdocs.yml (such as the site's address), written back as it was for Zensical to read."""

    value: Any


@dataclass(frozen=True)
class PythonName:
    """A ``!!python/name:`` value of mkdocs.yml (such as the headings' slugify function), written back as it was, never
    imported here: Zensical imports it, from its own environment, where this package is installed."""

    name: str


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as written, its ``!ENV`` and ``!!python/name:`` values kept rather than read or imported here."""


class _Dumper(yaml.SafeDumper):
    """Writes an :class:`EnvTag` back as ``!ENV``, and a :class:`PythonName` as ``!!python/name:``."""


_Loader.add_constructor("!ENV", lambda loader, node: EnvTag(
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_scalar(node)))
_Dumper.add_representer(EnvTag, lambda dumper, tag: (
    dumper.represent_sequence("!ENV", tag.value) if isinstance(tag.value, list)
    else dumper.represent_scalar("!ENV", tag.value)))
_PYTHON_NAME = "tag:yaml.org,2002:python/name:"
_Loader.add_multi_constructor(_PYTHON_NAME, lambda loader, suffix, node: PythonName(suffix))
_Dumper.add_representer(PythonName, lambda dumper, value: dumper.represent_scalar(_PYTHON_NAME + value.name, ""))


@dataclass(frozen=True)
class Written:
    """What :func:`write_project` wrote, for the command's summary."""

    pages: int
    downloads: int


def write_project(project: Path, data: Path, out: Path) -> Written:
    """The Zensical project for ``project`` (its mkdocs.yml and docs folder) and the content in ``data``."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader) or {}
    source = project / config.get("docs_dir", "docs")
    # The checks the plugin makes of both folders before reading them (see mkdocs_plugin.on_config).
    problems = unsafe_files(source, project) + unsafe_files(data, project) or check_written_pages(source, project)
    problems += [published_unchecked(f"{source.name}/{path.relative_to(source).as_posix()}")
                 for path in _published(source) if path.suffix != ".md" and path.suffix.lower() not in PUBLISHED_AS_IS]
    try:
        served = vendor.files()  # the libraries the site serves, as the plugin adds them to a MkDocs build
    except vendor.MissingLibrary as missing:
        problems.append(ContentError(Position("plugins/toolkit_publisher/vendor"), str(missing)))
    if problems:
        raise ContentErrors(problems)
    site = render_site(validate(data), directory_urls=bool(config.get("use_directory_urls", True)),
                       nav_toolkit_limit=int(_plugin_options(config).get("nav_toolkit_limit", NAV_TOOLKIT_LIMIT)),
                       written_pages=written_pages(source))
    docs = out / DOCS
    docs.mkdir(parents=True, exist_ok=True)
    _copy_written_pages(source, docs, site)
    with Workers() as workers:  # stopped, and waited for, before this returns
        production = Production(site.batches, workers)
        for path, markdown in site.pages.items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            markdown = links_from_file(markdown, path, bool(config.get("use_directory_urls", True)))
            target.write_text(fill_sizes(markdown, production, path), encoding="utf-8")
        production.write(docs)
    shutil.copytree(ASSETS, docs / ASSET_URI, dirs_exist_ok=True)
    (docs / ASSET_URI / "vendor").mkdir(exist_ok=True)
    for name, library in served:
        shutil.copy(library, docs / ASSET_URI / "vendor" / name)
    (out / "mkdocs.yml").write_text(
        "# Written by `python -m toolkit_publisher generate --zensical`, from the project's mkdocs.yml: build it with\n"
        "# `zensical build` in this folder. Edit the project's files, not these.\n"
        + yaml.dump(zensical_config(config, site.nav), Dumper=_Dumper, sort_keys=False, allow_unicode=True),
        encoding="utf-8")
    return Written(len(site.pages), len(site.downloads))


#: A link or picture address in the templates' raw HTML (urls.href made it): relative, so neither a scheme, nor
#: from the site's root, nor within the page.
_RAW_ADDRESS = re.compile(r'(?P<attribute>\s(?:href|src)=")(?P<address>(?![a-z][a-z0-9+.-]*:|/|#)[^"]*)"')


def links_from_file(markdown: str, path: str, directory_urls: bool) -> str:
    """The templates' raw-HTML addresses made relative to the page's file rather than its URL.

    MkDocs leaves raw HTML as it is, so the templates write each address from the page's URL (urls.href). Zensical
    reads a relative address anywhere in a page as relative to the Markdown file and rewrites it for the page's
    URL, one folder deeper than the file for every page but an index: so, for Zensical, addresses from the file."""
    url_folder = urls.page_url(path, directory_urls)
    url_folder = url_folder if url_folder.endswith("/") else posixpath.dirname(url_folder) + "/"
    file_folder = posixpath.dirname(path)
    if url_folder.rstrip("/") == file_folder or (url_folder == "./" and not file_folder):
        return markdown

    def from_file(match: re.Match[str]) -> str:
        address, hash_, fragment = match["address"].partition("#")
        target = posixpath.normpath(posixpath.join(url_folder, address or "."))
        moved = posixpath.relpath(target, file_folder or ".")
        if address.endswith("/") or not address:
            moved = "./" if moved == "." else moved + "/"
        return f'{match["attribute"]}{moved}{hash_}{fragment}"'

    return _RAW_ADDRESS.sub(from_file, markdown)


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """This project's plugin's options in mkdocs.yml (``- toolkit: {...}``), as the plugin would read them."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "toolkit" in plugin:
            return dict(plugin["toolkit"] or {})
    return {}


def _published(source: Path) -> list[Path]:
    """The docs folder's files that are published: hidden ones are left out, as MkDocs leaves them out."""
    return [path for path in sorted(source.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(source).parts)]


def _copy_written_pages(source: Path, docs: Path, site: RenderedSite) -> None:
    """The docs folder's own pages and pictures, the home page's list of publications filled in as the plugin does."""
    for path in _published(source):
        target = docs / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            if PUBLICATIONS_MARKER in text:
                text = text.replace(PUBLICATIONS_MARKER, render_publications(site, path.relative_to(source).as_posix()))
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(path, target)


def zensical_config(config: dict[str, Any], generated_nav: list[NavItem]) -> dict[str, Any]:
    """The project's configuration as Zensical needs it (see the module's docstring)."""
    written = {key: value for key, value in config.items() if key not in {"docs_dir", "site_dir", "strict"}}
    written["docs_dir"] = DOCS
    written["site_dir"] = "site"
    written["nav"] = expand_nav(config.get("nav"), generated_nav)[0]
    theme = dict(config.get("theme") or {})
    # Material's look (Zensical's own "modern" one has other fonts and icons), and no web font: the default
    # fetches the theme's fonts from another host.
    theme["variant"] = "classic"
    theme["font"] = False
    written["theme"] = theme
    written["plugins"] = [plugin for plugin in config.get("plugins") or []
                          if (next(iter(plugin)) if isinstance(plugin, dict) else plugin) in ZENSICAL_PLUGINS]
    written["extra_css"] = [*config.get("extra_css", []), *(f"{ASSET_URI}/{name}" for name in page_assets.all_styles())]
    written["extra_javascript"] = [*config.get("extra_javascript", []),
                                   *(f"{ASSET_URI}/{name}" for name in page_assets.all_scripts())]
    return written
