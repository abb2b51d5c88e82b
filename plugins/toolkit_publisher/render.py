"""Stage 3, render: validated content into Markdown pages and a navigation, through Jinja templates.

Every kind's page function (see :mod:`.kind_pages`) returns its pages as specifications; then the pages about the
whole site (:mod:`.site_pages`) are specified from those; then each page is rendered by :func:`render_page`, a pure
function of its specification, and the sidebar is built from the specifications' places in it. The MkDocs plugin
and the command line both call :func:`render_site` and get the same pages, so another engine can build them later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from functools import partial
from typing import Any, Callable, Mapping

from jinja2 import Environment

from . import kinds
from . import urls
from .downloads import Batch, Download, plan_downloads
from .page_spec import Entry, Options, PageSpec, affected, navigation
from .site import NAV_TOOLKIT_LIMIT, RenderedSite
from .downloads.data import plan_data
from .open_data import DATA_PAGE, data_files
from .site_pages import content_health_page, data_page, downloads_page, publications
from .templating import environment
from .validate import Content


@dataclass(frozen=True)
class Reuse:
    """The pages of an earlier render of the same site (same options, code and day), and the entries changed since:
    a page that depends on none of them is taken as it was."""

    pages: Mapping[str, str]
    changed: frozenset[Entry]


def page_key(spec: PageSpec, content: Content, options: Options, code: str) -> str:
    """A digest of everything a page's Markdown is made from: the code, the options, the day, its template and path,
    and the files of every entry it depends on. Kept with the Markdown, it lets a new process reuse the page."""
    digest = hashlib.sha256(f"{code}\0{options}\0{dt.date.today()}\0{spec.path}\0{spec.template}".encode())
    for entry in sorted(spec.depends_on):
        digest.update(f"\0{entry[0]}\0{entry[1]}\0{content.digest(entry)}".encode())
    return digest.hexdigest()


def page_specs(content: Content, options: Options, downloads: list[Download]) -> list[PageSpec]:
    """Every generated page, specified: the kinds' pages in the registry's order (which is the sidebar's), then the
    pages about the whole site."""
    specs: list[PageSpec] = []
    for kind in kinds.all_kinds():
        if kind.pages is not None:
            specs += kind.pages(content, options)
    titles = {spec.path: spec.title for spec in specs}
    editors_titles = frozenset(spec.path for spec in specs if spec.editors_title)
    return (specs + downloads_page(content, options, downloads, titles, editors_titles)
            + content_health_page(content, options, titles)
            + data_page(content, options, data_files(content), titles, editors_titles,
                        [download for download in downloads if download.path.endswith(".atom")]))


def render_page(spec: PageSpec, env: Environment, options: Options, downloads: list[Download],
                data: list[tuple[Download, bool]] | None = None) -> str:
    """A page's Markdown. Besides its own context, every template gets ``link`` and ``href`` (to another page,
    relative to this one, for Markdown and for raw HTML), ``here``, the page's ``downloads`` and its ``review``.
    A page that data files describe ends with a link to each ("Use this data"), whatever its template, with its size
    where ``data`` says so."""
    link: Callable[[str], str] = partial(urls.relative, source=spec.path)
    href: Callable[[str], str] = partial(urls.href, source=spec.path, directory_urls=options.directory_urls)
    context: dict[str, Any] = {"downloads": downloads, "review": None, **spec.context}
    text = env.get_template(spec.template).render(link=link, href=href, here=spec.path, **context)
    if data:
        text += "\n\n" + env.get_template("_data_link.md.j2").render(link=link, data_files=data,
                                                                       data_page=DATA_PAGE)
    return _titled(re.sub(r"\n{3,}", "\n\n", text).strip() + "\n", spec.title)


def _titled(text: str, title: str) -> str:
    """The page with its title in its front matter: the browser's title and search's then read the title as the
    sidebar does, without the mark its heading may carry (the editors' words are marked in the page, where they are
    seen and heard in their place)."""
    line = f"title: {json.dumps(title)}\n"  # a JSON string is a YAML double-quoted scalar, whatever it holds
    if text.startswith("---\n"):
        return f"---\n{line}{text[4:]}"
    return f"---\n{line}---\n\n{text}"


def render_site(content: Content, directory_urls: bool = True, nav_toolkit_limit: int = NAV_TOOLKIT_LIMIT,
                batches: list[Batch] | None = None, reuse: Reuse | None = None,
                stored: Mapping[str, str] | None = None, code: str = "",
                written_pages: tuple[tuple[str, str], ...] = ()) -> RenderedSite:
    """Every generated page and the navigation that reaches them, from validated content.

    ``directory_urls`` must match MkDocs' ``use_directory_urls``. ``batches`` are the downloads as
    :func:`plan_downloads` plans them, if the caller has planned them already. With ``reuse``, only the pages an
    edit can have changed are rendered again; with ``stored`` (Markdown by :func:`page_key`, from an earlier
    process, for the code named ``code``), only the pages whose key is not in it. The site records each page's key.
    ``written_pages``: the docs folder's own pages (path, title), for the page index.
    """
    options = Options(directory_urls, nav_toolkit_limit)
    batches = plan_downloads(content) if batches is None else batches
    downloads = [download for batch in batches for download in batch.downloads]
    offered: dict[str, list[Download]] = {}
    for download in downloads:
        offered.setdefault(download.page, []).append(download)
    specs = page_specs(content, options, downloads)
    # The data files, after the pages: the page index lists them. Each page they describe links to them.
    batches = [*batches, *plan_data(content, options, specs, written_pages)]
    # Each page they describe links to them; the first (a toolkit's home, a kind's index) with their sizes, the others
    # (a toolkit's parts) by format alone, so an edit to one part does not make every other part's page again.
    described: dict[str, list[tuple[Download, bool]]] = {}
    for file in data_files(content):
        for number, page_path in enumerate(file.describes):
            if page_path != DATA_PAGE:
                download = Download(file.path, file.title, page_path, file.holds)
                described.setdefault(page_path, []).append((download, number == 0))
    env = environment()
    keys = {spec.path: page_key(spec, content, options, code) for spec in specs} if stored is not None else {}
    pages = {}
    for spec in specs:
        if reuse is not None and spec.path in reuse.pages and not affected(spec, reuse.changed):
            pages[spec.path] = reuse.pages[spec.path]
        elif stored is not None and keys[spec.path] in stored:
            pages[spec.path] = stored[keys[spec.path]]
        else:
            pages[spec.path] = render_page(spec, env, options, offered.get(spec.path, []), described.get(spec.path))
    site = RenderedSite(pages, navigation(specs), batches, publications(content), len(content.warnings))
    site.page_keys = keys
    return site
