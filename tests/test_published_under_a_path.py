"""A site published under a path, as GitHub Pages publishes a project's site (https://ORG.github.io/REPO/).

Built for such an address, every link of the 404 page (shown at any missing address) and every page the
sitemap lists resolves there, and so does every link on those pages. A build for publishing without the
address fails, saying where to set it; `mkdocs serve` needs none.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from browser import free_port, serve, until_serving
from conftest import copy_project, mkdocs_build
from test_validation import write_data
from toolkit_publisher.site_url import missing_site_url

PATH = "/project/"
#: Where pages link to other files of the site, by element.
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
#: Straight to 127.0.0.1, whatever proxy the environment names.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
EXAMPLE_LINE = "site_url: https://<your-organisation>.github.io/<repository>/"


def fetch(url: str) -> tuple[int, bytes]:
    """The status and body a browser would get (following redirects)."""
    try:
        with OPENER.open(url, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def links(html: bytes, page_url: str) -> set[str]:
    """Every address the page links to, resolved as a browser resolves it from ``page_url``, without fragments."""
    soup = BeautifulSoup(html, "html.parser")
    return {urldefrag(urljoin(page_url, element[attribute]))[0]
            for tag, attribute in LINKING.items() for element in soup.find_all(tag, attrs={attribute: True})}


def _unresolved(pages: dict[str, bytes], origin: str) -> dict[str, str]:
    """Each link of these pages to the site's own server that does not give 200, with the page it is on."""
    found = {link: page for page, html in pages.items() for link in links(html, page)
             if link.startswith(origin + "/")}
    checked = {link: fetch(link)[0] for link in found}
    return {link: f"{status} (on {found[link]})" for link, status in checked.items() if status != 200}


def _project(root: Path) -> Path:
    (root / "project").mkdir(parents=True)
    return copy_project(root / "project", write_data(root / "source", {}))


def test_under_a_path_the_404_page_and_every_page_in_the_sitemap_link_only_to_what_is_there(tmp_path: Path) -> None:
    project, site = _project(tmp_path), tmp_path / "site"
    with serve(site, under=PATH) as origin:
        site_url = origin + PATH
        result = mkdocs_build(project, site, site_url=site_url)
        assert result.returncode == 0, result.stderr

        missing = f"{site_url}no/such/page/"
        status, not_found = fetch(missing)
        assert status == 404 and b"404" in not_found
        from_404 = links(not_found, missing)
        stylesheets = {urljoin(missing, link["href"]) for link in
                       BeautifulSoup(not_found, "html.parser").select("link[rel=stylesheet]")}
        assert stylesheets and site_url in from_404  # styled, and a way home
        assert _unresolved({missing: not_found}, origin) == {}

        status, sitemap = fetch(f"{site_url}sitemap.xml")
        assert status == 200
        listed = [loc.text or "" for loc in ElementTree.fromstring(sitemap).iter()
                  if loc.tag.endswith("}loc")]
        built = {f"{site_url}{page.parent.relative_to(site).as_posix()}/".replace("/./", "/")
                 for page in site.rglob("index.html") if page.relative_to(site).parts[0] != "admin"}  # not the editor
        assert set(listed) == built and len(listed) == len(built)
        pages = {}
        for url in listed:
            status, html = fetch(url)
            assert status == 200, url
            pages[url] = html
        assert _unresolved(pages, origin) == {}


def _without_site_url() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key != "SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}


def test_a_build_for_publishing_without_the_site_address_fails_saying_what_to_set(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(config, 1) if text.startswith("site_url:"))
    column = config[line - 1].index("!ENV") + 1
    expected = (f"mkdocs.yml:{line}:{column}: error: site_url is taken from the environment variable SITE_URL, which "
                "is not set: build with it set to the address the site is published at, ending in '/', such as "
                "SITE_URL=https://<your-organisation>.github.io/<repository>/ ./scripts/build; without it, the 404 "
                "page's links and sitemap.xml are wrong when the site is published under a path")
    plain = mkdocs_build(project, tmp_path / "site", site_url=None)
    assert plain.returncode != 0 and expected in plain.stderr and "Traceback" not in plain.stderr
    assert not (tmp_path / "site" / "index.html").exists()

    # What ./scripts/build runs.
    wrapped = subprocess.run([sys.executable, "-m", "toolkit_publisher", "build", "--site-dir", str(project / "site"),
                              "--", "-f", str(project / "mkdocs.yml")], capture_output=True, text=True, cwd=project,
                             env=_without_site_url(), check=False)
    assert wrapped.returncode != 0 and expected in wrapped.stderr and "Traceback" not in wrapped.stderr
    assert "The build failed, so site/ was left as it was." in wrapped.stderr


def test_a_config_with_no_site_url_line_is_told_the_line_to_add(tmp_path: Path) -> None:
    project = _project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text("\n".join(line for line in config.read_text(encoding="utf-8").split("\n")
                                if not line.startswith("site_url:")), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", site_url=None)
    assert result.returncode != 0
    missing = f"mkdocs.yml:1:1: error: site_url is missing: add the line '{EXAMPLE_LINE}' with the address"
    assert missing in result.stderr

    # Written in mkdocs.yml instead, the address needs no environment variable.
    config.write_text(f"site_url: http://127.0.0.1:8000/docs/\n{config.read_text(encoding='utf-8')}", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", site_url=None)
    assert result.returncode == 0, result.stderr
    assert "<loc>http://127.0.0.1:8000/docs/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("config", "expected"), [
    ("site_name: A\nsite_url:\n", "mkdocs.yml:2:10: error: site_url is empty: write the address the site is "
     f"published at, ending in '/', such as '{EXAMPLE_LINE}'"),
    ("site_name: A\nsite_url: !ENV PAGES_URL\n", "mkdocs.yml:2:11: error: site_url is taken from the environment "
     "variable PAGES_URL, which is not set"),
    ("site_name: A\nsite_url: !ENV [PAGES_URL, OTHER_URL, null]\n", "mkdocs.yml:2:11: error: site_url is taken "
     "from the environment variable PAGES_URL, which is not set"),
    ("site_name: A\n", f"mkdocs.yml:1:1: error: site_url is missing: add the line '{EXAMPLE_LINE}'"),
])
def test_the_message_says_where_the_address_is_set(tmp_path: Path, config: str, expected: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert str(missing_site_url(tmp_path / "mkdocs.yml")).startswith(expected)


def test_serving_for_a_preview_needs_no_site_address(tmp_path: Path) -> None:
    project = _project(tmp_path)
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "--dev-addr", address,
                               "-f", str(project / "mkdocs.yml")], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              text=True, env=_without_site_url(), cwd=project)
    try:
        assert server.stderr is not None
        output = until_serving(server.stderr)
        assert "Serving on" in output[-1], "".join(output)
        assert fetch(f"http://{address}/")[0] == 200
        status, not_found = fetch(f"http://{address}/no/such/page/")
        assert status == 404 and b"404" in not_found
    finally:
        server.terminate()
        server.wait()


@pytest.mark.parametrize("address", [
    'https://example.org/a"><script>alert(1)</script>/',  # the theme writes the address unescaped into <head>
    "javascript://example.org/%0aalert(1)//", "ftp://example.org/p/", "https://example.org/a b/",
    "https://example.org/it's/", "https://example.org/../../", "https://example.org/p/?q=1",
    "https://example.org/p/#top", "https://example.org/%0d%0a/", "https:///p/",
])
def test_an_address_that_is_not_a_plain_web_address_is_refused(address: str) -> None:
    from toolkit_publisher.site_url import site_url_problem

    assert site_url_problem(address)


@pytest.mark.parametrize("address", ["https://example.org/", "https://my-org.github.io/my-repository/",
                                     "http://127.0.0.1:8000/", "https://example.org/a/b%20c/"])
def test_plain_web_addresses_are_accepted(address: str) -> None:
    from toolkit_publisher.site_url import site_url_problem

    assert site_url_problem(address) is None


def test_a_build_for_an_address_holding_markup_fails_before_writing_anything(tmp_path: Path) -> None:
    """An address with a quote would add markup (and an inline script the page's policy then allows) to the head
    of every page: the build stops at the line that sets it, naming the variable."""
    project = _project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    line = next(number for number, text in enumerate(config, 1) if text.startswith("site_url:"))
    column = config[line - 1].index("!ENV") + 1
    address = 'https://example.org/a"><script>alert(1)</script>/'
    result = mkdocs_build(project, tmp_path / "site", site_url=address)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert (f"mkdocs.yml:{line}:{column}: error: the environment variable SITE_URL holds '{address}', which cannot "
            "be the site's address: a link cannot contain '\"'") in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_the_preview_script_serves_at_its_own_address_whatever_site_url_is_set(tmp_path: Path) -> None:
    """An editor who exported SITE_URL to build for publishing still finds the preview where the guides say:
    MkDocs would otherwise serve it under the published address's path, and every other address is missing."""
    from conftest import ROOT

    project = _project(tmp_path)
    address = f"127.0.0.1:{free_port()}"
    env = _without_site_url() | {"SITE_URL": "https://example.org/repository/"}
    server = subprocess.Popen([str(ROOT / "scripts" / "serve"), "--no-livereload", "--dev-addr", address,
                               "-f", str(project / "mkdocs.yml")], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              text=True, env=env, cwd=project, start_new_session=True)
    try:
        assert server.stderr is not None
        output = until_serving(server.stderr)
        assert f"Serving on http://{address}/\n" in output[-1], "".join(output)
        status, about = fetch(f"http://{address}/about/")
        assert status == 200 and b"About the fixture" in about
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait()
