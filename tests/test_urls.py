"""Where pages are published: the engine-independent core keeps its own rule for the links it writes as raw HTML
(MkDocs rewrites only Markdown links), so it must be MkDocs' rule exactly, with directory URLs and without."""

from __future__ import annotations

import itertools
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File

from conftest import FIXTURE, copy_project, mkdocs_build
from toolkit_publisher import urls
from toolkit_publisher.render import render_site
from toolkit_publisher.validate import validate

#: The fixture's own pages in content/, which generated pages link to as well.
DOCS_PAGES = sorted(path.relative_to(FIXTURE / "content").as_posix() for path in (FIXTURE / "content").rglob("*.md"))


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "no-directory-urls"])
def test_the_core_puts_every_page_where_mkdocs_publishes_it(directory_urls: bool) -> None:
    site = render_site(validate(FIXTURE / "toolkit_data"), directory_urls=directory_urls)
    published = {path: File(path, src_dir=None, dest_dir="site", use_directory_urls=directory_urls)
                 for path in [*site.pages, *DOCS_PAGES]}
    assert site.pages and DOCS_PAGES
    for path, file in published.items():
        assert urls.page_url(path, directory_urls) == file.url, path
    for source, target in itertools.product(published, repeat=2):
        expected = published[target].url_relative_to(published[source])
        assert urls.href(target, source, directory_urls) == expected, (source, target)
        assert urls.href(f"{target}#part", source, directory_urls) == f"{expected}#part", (source, target)


def test_without_directory_urls_every_link_of_every_page_leads_to_a_file(tmp_path: Path) -> None:
    """A site built with use_directory_urls: false is read from a disk, where a folder's address is no page."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("use_directory_urls: true",
                                                                 "use_directory_urls: false"), encoding="utf-8")
    assert "use_directory_urls: false" in config.read_text(encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    root = site.resolve().as_uri() + "/"
    broken = []
    for page in sorted(site.rglob("*.html")):
        address = page.resolve().as_uri()
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("a[href]"):
            target = urldefrag(urljoin(address, link["href"]))[0]
            if not target.startswith(root):
                continue  # another site, or mailto:
            if not Path(unquote(urlsplit(target).path)).is_file():
                broken.append(f"{page.relative_to(site)}: {link['href']}")
    assert not broken, broken
