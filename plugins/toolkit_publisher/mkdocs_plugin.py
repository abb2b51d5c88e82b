"""The thin MkDocs adapter: validated, rendered content in as generated files; content errors out as a failed build,
or, while `mkdocs serve` previews the site, as a page at every address (error_site.py) until they are fixed.

The plugin lives as long as the MkDocs command: what rebuilds reuse (the caches, the download worker processes, the
folder of made files) is made in on_startup and closed in on_shutdown, so `mkdocs serve` keeps one set for all its
rebuilds and leaves nothing running when it stops. What belongs to one build is reset in on_config. Where the order
against other plugins matters, an event names its priority (MkDocs runs 100 first, -100 last; 0 by default)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import mkdocs
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler
from jinja2 import Environment

from . import admin_site, error_site, mkdocs_warnings, page_assets, page_store, page_verdicts, site_cache, vendor
from .csp import add_policy, script_hashes
from .incremental import Preview, Published, QuietDirtyWarning, fingerprint, remove
from .cache import BytesCache, ValidationMemo, remove_leftovers
from .downloads.made_files import MadeFiles
from .downloads.produce import MissingDownload, Production, Workers, fill_sizes, sized
from .downloads.reproducible import settle_source_date_epoch
from .termination import restore_sigterm, stop_as_interrupt_on_sigterm
from .errors import ContentError, ContentErrors, Position, make_logs_printable
from .docs_sources import PUBLISHED_AS_IS, check_written_pages, published_unchecked, written_pages
from .files import unsafe_files
from .markdown_limits import markdown_hazard
from .page_check import PageProblem, check_page, publishable, report, source_files
from .search_index import RowSection, add_row_sections, prepare
from .site import (NAV_PLACEHOLDER, NAV_TOOLKIT_LIMIT, PUBLICATIONS_MARKER, NavItem, RenderedSite, expand_nav,
                   render_publications)
from .site_url import bad_site_url, missing_site_url

log = logging.getLogger(f"mkdocs.plugins.{__name__}")
#: The engine's own loggers' root: "mkdocs", or "properdocs" under ProperDocs, which answers MkDocs' imports with its
#: own modules (so they log under its name) and hangs MkDocs' logger, which plugins log to, under its own.
ENGINE_LOG = mkdocs.__name__

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = page_assets.ASSET_URI
#: The page template that adds a page's own stylesheets and scripts (page_assets.TEMPLATE), added to the theme's.
THEME = Path(__file__).parent / "theme"
#: Material's instant navigation swaps a page's content without loading the scripts the new page lists.
INSTANT_NAVIGATION = "navigation.instant"
#: Theme features that read text back as HTML: Material's tooltips insert a title attribute as markup.
UNSAFE_THEME_FEATURES = {"content.tooltips": "it shows link and abbreviation titles as HTML"}


class ToolkitConfig(Config):
    data_dir = opt.Type(str, default="toolkit_data")
    #: Generated downloads are kept here by content hash, so the next build reuses unchanged ones.
    cache_dir = opt.Optional(opt.Type(str))
    #: Up to this many toolkits each get a sidebar section; past it, the sidebar has one page listing them.
    nav_toolkit_limit = opt.Type(int, default=NAV_TOOLKIT_LIMIT)


class ToolkitPlugin(BasePlugin[ToolkitConfig]):
    """Reads toolkit_data/ once per build and publishes it as pages of the site."""

    def __init__(self) -> None:
        self.site: RenderedSite | None = None
        self.data_dir: Path | None = None
        self.production: Production | None = None
        self.serving = False
        self.page_problems: list[PageProblem] = []
        #: Content errors of this build while serving: the build makes the error site instead of the site.
        self.errors: list[ContentError] = []
        self.project: Path | None = None
        #: While serving: MkDocs' warnings of this build, which would stop the (strict) published build.
        self.warnings_seen: mkdocs_warnings.WarningsSeen | None = None
        #: Each page's table rows that are search sections of their own, by the page's URL.
        self.search_rows: dict[str, tuple[RowSection, ...]] = {}
        #: The URLs of the pages this build rendered (while previewing, not every page).
        self.built_urls: set[str] = set()
        #: The plugin's stylesheets and scripts every page loads: more with instant navigation (see _add_assets).
        self.everywhere: tuple[str, ...] = ()
        #: Each page's own stylesheets and scripts beyond those, by the page's URL.
        self.own_assets: dict[str, page_assets.PageAssets] = {}
        #: This build's downloads as MkDocs files, taken out of MkDocs' files before it copies them (see on_env).
        self.download_files: list[File] = []
        self.withheld: list[File] = []
        #: Pages written with the sizes of files still being made, filled in once they are: (source, written path).
        self.unsized: list[tuple[str, Path]] = []
        # What every build of this plugin's life reuses, from on_startup to on_shutdown (see _start).
        self.dirty = False
        self.downloads: BytesCache | None = None
        self.memo: ValidationMemo | None = None
        self.workers: Workers | None = None
        self.made: MadeFiles | None = None
        #: While `mkdocs serve --dirty` previews the site: what one build keeps for the next (see incremental.py).
        self.preview: Preview | None = None
        #: While previewing: the last render's options, day, content and pages, to render again only what changed.
        self.rendered: tuple[Any, dict[str, str]] | None = None
        #: While previewing: this build's :func:`.incremental.fingerprint`, taken once the configuration is complete.
        self.fingerprint = ""
        #: The cache folder, the code pages are made and checked by (page_store.code()), and the pages checked
        #: before (see page_verdicts.py).
        self.cache: Path | None = None
        self.code = ""
        self.verdicts: page_verdicts.Verdicts | None = None
        #: The SIGTERM handler that stood before the command started (see termination.py).
        self.sigterm: Any = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        self.sigterm = stop_as_interrupt_on_sigterm()
        self._start()

    def _start(self) -> None:
        """What each build reuses: the files made and the files validated (by content hash), the worker processes
        (started only once a file must be made) and the folder MkDocs copies the downloads from."""
        self._close()  # a second start (MkDocs' Python API allows one) replaces, never leaks, the first's
        self.downloads = BytesCache()
        self.memo = ValidationMemo()
        self.workers = Workers()
        self.made = MadeFiles()
        if self.serving and self.dirty:
            self.preview = Preview()
            logging.getLogger(f"{ENGINE_LOG}.commands.build").addFilter(_QUIET_DIRTY_WARNING)

    def on_shutdown(self) -> None:
        self._close()
        restore_sigterm(self.sigterm)
        self.sigterm = None

    def _close(self) -> None:
        """Stop the worker processes (returning once they have exited), remove the made files, forget the caches."""
        if self.production is not None:
            self.production.cancel()
        if self.workers is not None:
            self.workers.close()
        if self.made is not None:
            self.made.close()
        if self.preview is not None:
            self.preview.close()
            logging.getLogger(f"{ENGINE_LOG}.commands.build").removeFilter(_QUIET_DIRTY_WARNING)
        self.production = self.downloads = self.memo = self.workers = self.made = self.preview = None
        self.rendered = self.verdicts = None

    # First: logs are made printable before anything (another plugin included) can log what the content holds, and
    # a mkdocs.yml that cannot be published stops the build before other plugins do any work.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before MkDocs reads any content.
        make_logs_printable(logging.getLogger("mkdocs"), logging.getLogger(ENGINE_LOG), logging.getLogger())
        if self.workers is None:  # built through MkDocs' Python API, without on_startup: start now, close on_shutdown
            self._start()
        _refuse_unsafe_features(config)
        bad_epoch = settle_source_date_epoch()  # MkDocs itself reads it while building, and would crash
        if bad_epoch is not None:
            raise PluginError(bad_epoch)
        if not config.site_url and not self.serving:  # serve sets its own; a site to publish needs its address
            raise PluginError(str(missing_site_url(Path(config.config_file_path))))
        # Written unescaped into every page's head: only a plain address will do (serve uses its own).
        unusable = bad_site_url(Path(config.config_file_path), config.site_url) if not self.serving else None
        if unusable is not None:
            raise PluginError(str(unusable))
        self.page_problems = []
        self.errors = []
        self.built_urls = set()
        self.own_assets = {}
        self.download_files, self.withheld = [], []
        self.unsized = []
        self.site = self.production = None  # nothing of a previous build (while serving) carries over
        if self.serving:
            self._collect_warnings(config)
        project = self.project = Path(config.config_file_path).parent
        self.data_dir = project / self.config.data_dir
        # Before anything reads either folder (the site cache's key reads every data file): no links, no giants.
        unsafe = unsafe_files(Path(config.docs_dir), project) + unsafe_files(self.data_dir, project)
        unsafe = unsafe or check_written_pages(Path(config.docs_dir), project)
        if unsafe:
            return self._fail(unsafe, config)
        cache = self.cache = project / (self.config.cache_dir or ".cache/toolkit-publisher")
        remove_leftovers(cache)
        self.code = page_store.code()  # once per build: every page's verdict is keyed by it
        # Pages checked before: the last build's in this process (while serving), else the last build's on disk.
        self.verdicts = (self.verdicts.next_build(whole=self.preview is None or self.preview.everything)
                         if self.verdicts is not None else page_verdicts.load(cache, self.code))
        assert self.downloads is not None
        self.downloads.use_folder(cache / "downloads")
        # The written pages' titles are in the page index (a data file), so in the site's key too.
        options = {"directory_urls": config.use_directory_urls, "nav_toolkit_limit": self.config.nav_toolkit_limit,
                   "written_pages": written_pages(Path(config.docs_dir))}
        key = site_cache.site_key(self.data_dir, options)
        self.site = site_cache.load(cache, key)
        if self.site is not None:
            try:
                self.production = Production(self.site.batches, self.workers, cache=self.downloads,
                                             size_nonce=self.site.size_nonce)
            except ValueError as exc:  # kept inputs of a file to make do not fit its job: ignore the cache
                log.debug("ignoring the site cache: %s", exc)
                self.site = None
        if self.site is None:
            try:
                self.site = self._render(options, cache)
            except ContentErrors as exc:
                return self._fail(exc.errors, config)
            site_cache.save(cache, key, self.site)
        if self.site.warnings:
            log.info("%d things in the content need attention (not errors): run ./scripts/validate, "
                     "or see the content-health page", self.site.warnings)
        config.nav = _expand_nav(config.nav, self.site.nav)
        self._add_assets(config)
        if self.preview is not None:
            self.fingerprint = fingerprint(config)
            self.preview.everything = self.preview.needs_everything(self.site, self.fingerprint)
        if self.preview is None or self.preview.everything:
            self.search_rows = {}
        return config

    def _add_assets(self, config: MkDocsConfig) -> None:
        """Every page's stylesheets and scripts, for the theme to list; each page's own are added by the page template
        (on_page_content). With instant navigation, a page's scripts must be loaded before it is reached, so every
        page loads them all, as the theme's own bundle."""
        features = config.theme.get("features") or []
        if INSTANT_NAVIGATION in features:
            styles, scripts = page_assets.all_styles(), page_assets.all_scripts()
        else:
            styles, scripts = page_assets.EVERY_PAGE_STYLES, page_assets.EVERY_PAGE_SCRIPTS
        self.everywhere = styles + scripts
        config.extra_css.extend(f"{ASSET_URI}/{name}" for name in styles)
        config.extra_javascript.extend(f"{ASSET_URI}/{name}" for name in scripts)
        if str(THEME) not in config.theme.dirs:
            config.theme.dirs.append(str(THEME))  # last: only its own template's name is looked up there

    def _render(self, options: dict[str, Any], cache: Path) -> RenderedSite:
        """Validate and render (loaded only now: a build served from the site cache needs neither)."""
        from .downloads import plan_downloads
        from .page_spec import changed_entries
        from .render import Reuse, render_site
        from .validate import validate

        assert self.data_dir is not None and self.workers is not None
        self.workers.start()  # their imports overlap validation
        content = validate(self.data_dir, self.memo)
        # Downloads start before the pages are rendered: they take longer, and pages need only their sizes.
        batches = plan_downloads(content)
        self.production = Production(batches, self.workers, cache=self.downloads)
        # While previewing, the pages no edit reached are taken from the last render (same options: a change to
        # mkdocs.yml makes a new plugin configuration, and a new day a new site key, but not a new plugin).
        reuse = None
        if self.rendered is not None and self.rendered[0][0] == options and self.rendered[0][1] == dt.date.today():
            previous = self.rendered[0][2]
            reuse = Reuse(self.rendered[1], changed_entries(previous, content))
        # In a new process, the pages whose key is unchanged since the last build come from the page store.
        code = self.code
        stored = page_store.load(cache, code) if reuse is None else None
        site = render_site(content, batches=batches, reuse=reuse, stored=stored, code=code, **options)
        self.production.add(site.batches[len(batches):])  # the data files, planned with the pages
        if stored is not None:
            rendered = sum(1 for key in site.page_keys.values() if key not in stored)
            if rendered < len(site.pages):
                log.info("%d of %d generated pages rendered; the others are unchanged since the last build",
                         rendered, len(site.pages))
            page_store.save(cache, site, code)
        if self.preview is not None:
            self.rendered = ((options, dt.date.today(), content), site.pages)
        return site

    def _fail(self, errors: list[ContentError], config: MkDocsConfig) -> MkDocsConfig:
        """A content error fails `mkdocs build`; while serving, the build goes on to make the error site instead.

        From here MkDocs builds nothing of the site: no nav (whose entries may be generated pages), no files
        (pages and templates a later stage found wrong are skipped as they are written)."""
        if not self.serving:
            raise PluginError(ContentErrors(errors).report())
        self.errors += errors
        config.nav = []
        return config

    # Early: plugins that look at every file must find ours (privacy, at -100, checks our stylesheet and scripts for
    # external addresses; a plugin that lists or rewrites pages should see the generated ones).
    @event_priority(50)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.errors:
            return Files([])
        assert self.site is not None and self.made is not None
        docs = Path(config.docs_dir).name
        errors = _unchecked_files(files, config) + [
            ContentError(Position(f"{docs}/{path}"), "this file would be overwritten by a generated page of the same "
                         "path; rename or remove it")
            for path in self.site.pages if files.get_file_from_path(path) is not None]
        if errors:
            self._fail(errors, config)
            return Files([])
        if self.preview is not None:
            self._add_preview_pages(files, config)
        else:
            for path, markdown in self.site.pages.items():
                # Entity pages are reached from index pages, not the sidebar: no "not in nav" notice for them.
                files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        assert self.production is not None
        # Each download is a file MkDocs knows (so links to it are checked), copied from where it will be once made.
        self.download_files = [
            File.generated(config, download.path, abs_src_path=str(self.made.path(self.production.name(download.path))))
            for download in self.site.downloads]
        for file in self.download_files:
            files.append(file)
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_URI}/{asset.name}", abs_src_path=str(asset)))
        try:
            served = vendor.files()
        except vendor.MissingLibrary as missing:
            raise PluginError(str(missing)) from None
        for name, source in served:
            files.append(File.generated(config, f"{ASSET_URI}/vendor/{name}", abs_src_path=str(source)))
        return files

    def _add_preview_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The generated pages as files MkDocs' dirty mode rebuilds only when changed; every page written in the docs
        folder rebuilt; every page, after a change that reaches them all (see incremental.py)."""
        assert self.preview is not None and self.site is not None and self.production is not None
        changed = self.preview.sources.write(self.site.pages)
        names = {download.path: self.production.name(download.path) for download in self.site.downloads}
        changed |= self.preview.sizes_changed(self.site.pages, names)
        if self.preview.everything:
            _empty(Path(config.site_dir))
        for path in self.site.pages:
            file = File.generated(config, path, abs_src_path=str(self.preview.sources.path(path)),
                                  inclusion=InclusionLevel.NOT_IN_NAV)
            files.append(file)
            if path in changed:
                remove(file.abs_dest_path)
        for file in files.documentation_pages():
            if not file.generated_by:
                remove(file.abs_dest_path)

    # Last: the Markdown is measured as python-markdown will get it, after any other plugin has changed it.
    @event_priority(-100)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if PUBLICATIONS_MARKER in markdown and self.site is not None:
            listing = render_publications(self.site, page.file.src_uri)
            markdown = markdown.replace(PUBLICATIONS_MARKER, listing)
        # Each field and docs page was measured on its own; a page puts many together, so measure it whole
        # before MkDocs renders it. A page that would stall or crash rendering is not rendered at all.
        hazard = markdown_hazard(markdown)
        if hazard is not None:
            offset, message = hazard
            needle = markdown[offset:offset + 40].split("\n", 1)[0].strip()
            self.page_problems.append(PageProblem(page.file.src_uri, message, needle, _written(page, config)))
            return ""
        return markdown

    # Last: the page is checked (and published as the sanitiser wrote it) after any other plugin has changed its HTML.
    # The search plugin reads it later, in on_page_context, so it indexes what this returns.
    @event_priority(-100)
    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page, generated or written in the docs folder, is checked as the HTML it became."""
        written = _written(page, config)
        assert self.verdicts is not None
        # Size markers name this process (see downloads.SIZE_NONCE): kept verdicts name none, so a new process's
        # pages find the last build's.
        marker = self.production.marker_start if self.production is not None else None
        name = page_verdicts.key(self.code, page_verdicts.portable(html, marker), page.file.src_uri,
                                 page.title, page.meta, written, self.everywhere)
        verdict = self.verdicts.get(name, partial(self._check_page, html, page, written, marker))
        self.built_urls.add(page.url)
        if verdict is None:
            return ""  # the build stops before any page is written (on_env), and this one is never published
        self.search_rows[page.url] = verdict.rows
        if verdict.assets:  # after the check, which refuses a template chosen in the page's front matter
            self.own_assets[page.url] = verdict.assets
            page.meta["template"] = page_assets.TEMPLATE
        return page_verdicts.local(verdict.html, marker)

    def _check_page(self, html: str, page: Page, written: str | None,
                    marker: str | None) -> page_verdicts.Verdict | None:
        """The page checked, published as the sanitiser wrote it, prepared for search; None if it has a problem."""
        published = publishable(html, written)
        problems = check_page(html, page.file.src_uri, page.title, page.meta, written, published)
        if problems:
            self.page_problems += problems
            return None
        searchable = prepare(published)  # after the check: it adds only whitespace and the theme's search mark
        return page_verdicts.Verdict(page_verdicts.portable(searchable.html, marker), searchable.rows,
                                     page_assets.for_page(searchable.html, everywhere=self.everywhere))

    def on_page_context(self, context: Any, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        """The page's own stylesheets and scripts, for the page template (page_assets.TEMPLATE)."""
        assets = self.own_assets.get(page.url, page_assets.PageAssets())
        context["toolkit_assets"] = {name: [f"{ASSET_URI}/{asset}" for asset in getattr(assets, name)]
                                     for name in ("styles", "scripts", "no_script")}
        return context

    # Last: every other plugin has seen the downloads among the files (privacy adds its own at 50) before they are
    # taken out; MkDocs copies the files straight after this event.
    @event_priority(-100)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """All pages are HTML now and none is written yet: stop here if any holds what the policy refuses.

        MkDocs copies files next, before it writes the pages; the downloads are still being made, and waiting for
        them here would make the pages wait too. So they leave MkDocs' files now (their links were checked as the
        pages were read) and are copied, by MkDocs' own File.copy_file, once made (on_post_build), as Material's
        privacy plugin does with the files it fetches. One another plugin replaced is left to MkDocs."""
        if self.page_problems:
            assert self.data_dir is not None
            sources = source_files(self.data_dir, Path(config.docs_dir))
            self._fail(report(self.page_problems, sources), config)
        self.withheld = [file for file in self.download_files if files.src_uris.get(file.src_uri) is file]
        for file in self.withheld:
            files.remove(file)
        return env

    # Last: the Content Security Policy holds the hashes of the page's inline scripts as it is written, so no plugin
    # may change the page after it (privacy rewrites links at -50).
    @event_priority(-100)
    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.errors:
            return ""  # MkDocs writes no page that comes out empty
        assert self.production is not None
        hashes = script_hashes if self.verdicts is None else partial(self.verdicts.script_hashes, make=script_hashes)
        output = add_policy(output, page.content or "", live_reload=self.serving, hashes=hashes)
        try:
            # A page does not wait for files still being made: its sizes are filled once they are (_write_downloads).
            output = fill_sizes(output, self.production, page.file.src_uri, wait=False)
        except MissingDownload as exc:
            raise PluginError(str(exc)) from None
        if not sized(output, self.production):
            self.unsized.append((page.file.src_uri, Path(page.file.abs_dest_path)))
        return output

    @event_priority(-100)  # last, as on_post_page: the policy's hashes are of the page as written
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) carry the same policy as content pages."""
        if self.errors:
            return ""  # the error site has its own 404 page
        if template_name.endswith(".html"):
            return add_policy(output_content, "", live_reload=self.serving)
        return output_content

    def _collect_warnings(self, config: MkDocsConfig) -> None:
        """Strict mode would stop the preview on MkDocs' first warning; collect them for the error site instead."""
        logger = logging.getLogger(ENGINE_LOG)  # where the strict counter is, and every warning reaches
        if self.warnings_seen is not None:
            logger.removeHandler(self.warnings_seen)
        self.warnings_seen = mkdocs_warnings.WarningsSeen(_SHOWN)
        logger.addHandler(self.warnings_seen)
        for handler in logger.handlers:  # strict mode's counter, made anew for each build before on_config
            if isinstance(handler, CountHandler):
                handler.addFilter(_Previewing())

    # Late: after the theme's search index and other plugins' files are written (at the default priority), so an
    # error site replaces everything the build wrote; before the search rows (-100), which then find no index.
    @event_priority(-50)
    def _write_downloads(self, config: MkDocsConfig) -> None:
        """The downloads, saved and copied as each is made (see on_env). While previewing content with problems,
        the error site instead."""
        if self.serving and not self.errors and self.warnings_seen is not None and self.warnings_seen.records:
            assert self.project is not None
            self.errors = mkdocs_warnings.as_errors(self.warnings_seen.records, Path(config.docs_dir), self.project)
            _empty(Path(config.site_dir))  # the pages were written: none may stay at its address
        if self.errors:
            self._write_error_site(config)
            return
        production, made = self.production, self.made
        assert production is not None and made is not None
        for file in self.withheld:
            made.save(production.name(file.src_uri), partial(production.data, file.src_uri))
            file.copy_file(self.dirty)
        made.keep_only(production.name(file.src_uri) for file in self.withheld)
        for page, written in self.unsized:  # every file is made now: the pages that showed one being made
            written.write_text(fill_sizes(written.read_text(encoding="utf-8"), production, page), encoding="utf-8")

    def _write_error_site(self, config: MkDocsConfig) -> None:
        """The error site, and the same words in the terminal (not counted as a failure by strict mode)."""
        if self.preview is not None:
            self.preview.last = None  # the next build rebuilds every page
        _empty(Path(config.site_dir))  # a dirty preview's folder still holds the last site: no page of it may stay
        if self.production is not None:
            self.production.cancel()
        assert self.project is not None
        base = urlsplit(config.site_url or "/").path
        error_site.write(Path(config.site_dir), self.errors, self.project, site_name=config.site_name, base=base)
        where = f" at {config.site_url}" if config.site_url else ""
        _log_shown(f"{ContentErrors(self.errors).report()}\nThe preview{where} shows these problems at every "
                   "address until they are fixed; save the file and it reloads by itself.")

    @event_priority(-100)
    def _add_search_rows(self, config: MkDocsConfig) -> None:
        """Questions and sessions as search results of their own, once the theme has written its index."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if path.is_file():
            path.write_text(add_row_sections(path.read_text(encoding="utf-8"), self.search_rows), encoding="utf-8")

    # Before the search plugin writes its index (at the default priority), so it writes the whole of it.
    @event_priority(10)
    def _complete_search(self, config: MkDocsConfig) -> None:
        """While previewing, the pages not rebuilt keep their search entries (see incremental.py)."""
        if self.preview is None:
            return
        if self.errors:
            self.preview.last = None
            return
        search = next((plugin for name, plugin in config.plugins.items() if name.split("/")[-1] == "search"), None)
        assert self.site is not None
        if search is not None:
            self.preview.complete_search(search, self.built_urls)
        self.preview.last = Published(self.site, self.fingerprint)

    @event_priority(-100)
    def _keep_verdicts(self, config: MkDocsConfig) -> None:
        """The pages checked in this build, for the next process's build (a preview checks only some: not kept)."""
        if self.preview is None and not self.errors and self.verdicts is not None and self.cache is not None:
            checked = len(self.verdicts.used.keys() - self.verdicts.kept.keys())
            if checked < len(self.built_urls):
                log.info("%d of %d pages checked; the others came out as the same HTML as in the last build",
                         checked, len(self.built_urls))
            page_verdicts.save(self.cache, self.code, self.verdicts)

    # After the downloads (-50): an error site (written there) has no editor.
    @event_priority(-60)
    def _write_editor(self, config: MkDocsConfig) -> None:
        """The content editor at /admin/ (admin_site.py), beside the site it edits."""
        if self.errors:
            return
        try:
            admin_site.write(Path(config.site_dir), data_dir=self.config.data_dir, site_url=config.site_url,
                             extra_css=[str(css) for css in config.extra_css])
        except admin_site.EditorMissing as exc:
            raise PluginError(str(exc)) from None

    on_post_build = CombinedEvent(_complete_search, _write_downloads, _write_editor, _add_search_rows, _keep_verdicts)

    def on_build_error(self, error: Exception) -> None:
        if self.preview is not None:
            self.preview.last = None
        if self.production is not None:
            self.production.cancel()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.data_dir is not None:
            server.watch(str(self.data_dir))
        _reload_error_pages(server)
        return server


def _written(page: Page, config: MkDocsConfig) -> str | None:
    """The docs-folder file a page is written in, as editors name it; None for a generated page."""
    return None if page.file.generated_by else f"{Path(config.docs_dir).name}/{page.file.src_uri}"


def _unchecked_files(files: Files, config: MkDocsConfig) -> list[ContentError]:
    """The docs folder holds Markdown pages and pictures only: anything else would be published unchecked. A file
    MkDocs leaves out of the site (``exclude_docs``: by default hidden files, such as a computer's .DS_Store) is not
    published, so it is not a problem."""
    docs = Path(config.docs_dir).resolve()
    return [published_unchecked(f"{docs.name}/{file.src_uri}")
              for file in files
            if file.src_dir and Path(file.src_dir).resolve() == docs and not file.is_documentation_page()
            and file.inclusion is not InclusionLevel.EXCLUDED
            and Path(file.src_uri).suffix.lower() not in PUBLISHED_AS_IS]


def _empty(folder: Path) -> None:
    """Remove what a build wrote (the preview's own temporary folder), keeping the folder (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    for child in folder.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


_QUIET_DIRTY_WARNING = QuietDirtyWarning()

#: Marks a log record of the problems an error site shows, so they are not collected again as MkDocs' warnings.
_SHOWN = "toolkit_error_site"


class _Previewing(logging.Filter):
    """While serving, strict mode counts nothing: what it would stop on is on the error site instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def _log_shown(message: str) -> None:
    """Print the error site's problems as an error. The error site is made only while serving, where strict mode
    counts nothing (_Previewing), so the preview goes on."""
    log.error(message, extra={_SHOWN: True})


def _reload_error_pages(server: LiveReloadServer) -> None:
    """Give the pages served for missing addresses (404.html) the live-reload script too.

    MkDocs 1.6 injects it only into the HTML files it serves; a missing address gets 404.html as it is, so
    an error page (or the site's own 404 page) open there would never reload. Its own injection is used, so the
    script is the one every other page gets; a future MkDocs without it leaves 404 pages as they were."""
    inject = getattr(server, "_inject_js_into_html", None)
    condition = getattr(server, "_epoch_cond", None)
    if inject is None or condition is None:
        return
    served = server.error_handler

    def with_reload(code: int) -> bytes | None:
        page = served(code)
        if page is None:
            return None
        with condition:
            epoch = server._visible_epoch
        return inject(page, epoch)

    server.error_handler = with_reload


def _refuse_unsafe_features(config: MkDocsConfig) -> None:
    """A theme feature that turns text into HTML would undo the page check; say so rather than publish."""
    features = config.theme.get("features") or []
    for feature, why in UNSAFE_THEME_FEATURES.items():
        if feature in features:
            raise PluginError(f"mkdocs.yml: the theme feature '{feature}' cannot be used: {why}, so text in "
                              "the content could run as script; remove it from theme.features")


def _expand_nav(nav: list[NavItem] | None, generated: list[NavItem]) -> list[NavItem]:
    """Put the generated sections where mkdocs.yml says, or after the home page when it does not say."""
    expanded, found = expand_nav(nav, generated)
    if not found:
        log.warning("mkdocs.yml's nav has no '%s' entry, so the toolkits are not in the navigation", NAV_PLACEHOLDER)
    return expanded
