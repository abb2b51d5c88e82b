"""The thin MkDocs adapter: validated, rendered content in as generated files; content errors out as a failed build."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from jinja2 import Environment

from . import site_cache
from .csp import add_policy
from .cache import DOWNLOADS, remove_leftovers
from .downloads.produce import MissingDownload, Production, fill_sizes, start_workers, worker_pool
from .errors import ContentError, ContentErrors, Position, make_logs_printable
from .docs_sources import check_written_pages
from .files import unsafe_files
from .markdown_limits import markdown_hazard
from .page_check import PageProblem, check_page, publishable, report, source_files
from .site import NAV_TOOLKIT_LIMIT, NavItem, RenderedSite, render_publications
from .site_url import missing_site_url

log = logging.getLogger(f"mkdocs.plugins.{__name__}")

ASSETS = Path(__file__).parent / "assets"
ASSET_URI = "assets/toolkit"
#: Written in mkdocs.yml's nav where the generated toolkits and indexes belong.
NAV_PLACEHOLDER = "@toolkits"
#: Written in a Markdown page of content/ where the list of publications belongs.
PUBLICATIONS_MARKER = "<!-- toolkit:publications -->"
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

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        make_logs_printable(logging.getLogger("mkdocs"), logging.getLogger())  # before MkDocs reads any content
        _refuse_unsafe_features(config)
        if not config.site_url and not self.serving:  # serve sets its own; a site to publish needs its address
            raise PluginError(str(missing_site_url(Path(config.config_file_path))))
        self.page_problems = []
        project = Path(config.config_file_path).parent
        self.data_dir = project / self.config.data_dir
        # Before anything reads either folder (the site cache's key reads every data file): no links, no giants.
        unsafe = unsafe_files(Path(config.docs_dir), project) + unsafe_files(self.data_dir, project)
        unsafe = unsafe or check_written_pages(Path(config.docs_dir), project)
        if unsafe:
            raise PluginError(ContentErrors(unsafe).report())
        cache = project / (self.config.cache_dir or ".cache/toolkit-publisher")
        remove_leftovers(cache)
        DOWNLOADS.use_folder(cache / "downloads")
        options = {"directory_urls": config.use_directory_urls, "nav_toolkit_limit": self.config.nav_toolkit_limit}
        key = site_cache.site_key(self.data_dir, options)
        self.site = site_cache.load(cache, key)
        if self.site is not None:
            try:
                self.production = Production(self.site.batches, worker_pool, self.site.size_nonce)
            except ValueError as exc:  # kept inputs of a file to make do not fit its job: ignore the cache
                log.debug("ignoring the site cache: %s", exc)
                self.site = None
        if self.site is None:
            self.site = self._render(options)
            site_cache.save(cache, key, self.site)
        if self.site.warnings:
            log.info("%d things in the content need attention (not errors): run ./scripts/validate, "
                     "or see the content-health page", self.site.warnings)
        config.nav = _expand_nav(config.nav, self.site.nav)
        for asset in sorted(ASSETS.glob("*.css")):
            config.extra_css.append(f"{ASSET_URI}/{asset.name}")
        for asset in sorted(ASSETS.glob("*.js")):  # in name order: _on-page.js, which the others use, first
            config.extra_javascript.append(f"{ASSET_URI}/{asset.name}")
        return config

    def _render(self, options: dict[str, Any]) -> RenderedSite:
        """Validate and render (loaded only now: a build served from the site cache needs neither)."""
        from .downloads import plan_downloads
        from .render import render_site
        from .validate import validate

        assert self.data_dir is not None
        start_workers()  # their imports overlap validation
        try:
            content = validate(self.data_dir)
        except ContentErrors as exc:
            raise PluginError(exc.report()) from None
        # Downloads start before the pages are rendered: they take longer, and pages need only their sizes.
        batches = plan_downloads(content)
        self.production = Production(batches, worker_pool)
        return render_site(content, batches=batches, **options)

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None
        _refuse_unchecked_files(files, config)
        for path, markdown in self.site.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"content/{path} would be overwritten by a generated page of the same path; "
                                  "rename or remove that file")
            # Entity pages are reached from index pages, not the sidebar: no "not in nav" notice for them.
            files.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        assert self.production is not None
        for download in self.site.downloads:
            files.append(_DownloadFile.of(config, download.path, self.production))
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"{ASSET_URI}/{asset.name}", abs_src_path=str(asset)))
        return files

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

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Every page, generated or written in the docs folder, is checked as the HTML it became."""
        written = _written(page, config)
        published = publishable(html, written)
        self.page_problems += check_page(html, page.file.src_uri, page.title, page.meta, written, published)
        return published

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """All pages are HTML now and none is written yet: stop here if any holds what the policy refuses."""
        if self.page_problems:
            assert self.data_dir is not None
            sources = source_files(self.data_dir, Path(config.docs_dir))
            raise PluginError(ContentErrors(report(self.page_problems, sources)).report())
        return env

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.production is not None
        output = add_policy(output, page.content or "", live_reload=self.serving)
        try:
            return fill_sizes(output, self.production, page.file.src_uri)
        except MissingDownload as exc:
            raise PluginError(str(exc)) from None

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """The theme's own pages (404.html) carry the same policy as content pages."""
        if template_name.endswith(".html"):
            return add_policy(output_content, "", live_reload=self.serving)
        return output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The downloads, written once made: MkDocs copies other files before rendering pages."""
        assert self.production is not None
        self.production.write(Path(config.site_dir))

    def on_build_error(self, error: Exception) -> None:
        if self.production is not None:
            self.production.cancel()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server


class _DownloadFile(File):
    """A download in MkDocs' list of files (so links to it are checked), written by the plugin, not MkDocs."""

    production: Production

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, production: Production) -> _DownloadFile:
        file = cls.generated(config, path, content=b"")
        assert isinstance(file, _DownloadFile)
        file.production = production
        return file

    @property
    def content_bytes(self) -> bytes:  # type: ignore[override]
        return self.production.data(self.src_uri)

    def copy_file(self, dirty: bool = False) -> None:
        pass  # written in on_post_build, once made: MkDocs copies files before it renders pages


#: Files of the docs folder that are published as they are, unchecked: pictures that cannot hold script.
#: Anything else (an .html page, a .js or .svg file) would be served from the site's own origin, where the
#: Content Security Policy trusts it; Markdown pages are checked as they are rendered.
PUBLISHED_AS_IS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})


def _written(page: Page, config: MkDocsConfig) -> str | None:
    """The docs-folder file a page is written in, as editors name it; None for a generated page."""
    return None if page.file.generated_by else f"{Path(config.docs_dir).name}/{page.file.src_uri}"


def _refuse_unchecked_files(files: Files, config: MkDocsConfig) -> None:
    """The docs folder holds Markdown pages and pictures only: anything else would be published unchecked."""
    docs = Path(config.docs_dir).resolve()
    errors = [ContentError(Position(f"{docs.name}/{file.src_uri}"), "this file would be published as it is, without "
                           "being checked; the docs folder may hold only Markdown pages (.md) and pictures ("
                           f"{', '.join(sorted(PUBLISHED_AS_IS))}): remove it, or write it as a Markdown page")
              for file in files
              if file.src_dir and Path(file.src_dir).resolve() == docs and not file.is_documentation_page()
              and Path(file.src_uri).suffix.lower() not in PUBLISHED_AS_IS]
    if errors:
        raise PluginError(ContentErrors(errors).report())


def _refuse_unsafe_features(config: MkDocsConfig) -> None:
    """A theme feature that turns text into HTML would undo the page check; say so rather than publish."""
    features = config.theme.get("features") or []
    for feature, why in UNSAFE_THEME_FEATURES.items():
        if feature in features:
            raise PluginError(f"mkdocs.yml: the theme feature '{feature}' cannot be used: {why}, so text in "
                              "the content could run as script; remove it from theme.features")


def _expand_nav(nav: list[NavItem] | None, generated: list[NavItem]) -> list[NavItem]:
    """Put the generated sections where mkdocs.yml says, or after the home page when it does not say."""
    if not nav:
        return ["index.md", *generated]
    expanded: list[NavItem] = []
    found = False
    for item in nav:
        if item == NAV_PLACEHOLDER:
            expanded += generated
            found = True
        else:
            expanded.append(item)
    if not found:
        log.warning("mkdocs.yml's nav has no '%s' entry, so the toolkits are not in the navigation", NAV_PLACEHOLDER)
    return expanded
