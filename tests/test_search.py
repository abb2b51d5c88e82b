"""Search finds what the page shows, and ranks what a page is about above what it mentions in passing.

Built on the small site in tests/fixtures/search/, made for these tests: a question set with a question
about Agenda for Change band 4, a job description with a band in its title, a case study that mentions
band 4 in passing, a page whose headings are numbered steps, a training programme whose schedule puts
mode and venue in one cell, a toolkit about job planning and pages that mention a job plan in passing,
and a page in content/ with a Markdown table and hand-written HTML.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import string
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from bs4 import Tag
from playwright.sync_api import Browser, Page

from browser import serve
from conftest import BuiltSite, mkdocs_build
from toolkit_publisher.search_index import BOUNDARIES, add_row_sections, prepare

FIXTURE = Path(__file__).parent / "fixtures" / "search"
#: How the theme's search splits text into words (its English separator), and what it strips from them.
SEPARATOR = re.compile(r"[\s\-]+")
PUNCTUATION = string.punctuation + "‘’“”–—…"

#: What a reader or editor would type, and the page that should come among the first three results.
QUERIES = [
    ("band 4", "toolkits/support-worker-readiness/support-worker-roles/"),  # a question about band 4
    ("band 4", "job-descriptions/band-4-assistant-practitioner/"),  # a job title with the band
    ("job plan", "toolkits/job-planning/"),  # the toolkit about it, not the pages that mention one
    ("protected study time", "toolkits/support-worker-readiness/support-worker-roles/"),
    ("assistant practitioner", "job-descriptions/band-4-assistant-practitioner/"),
    ("Greystoke", "training/therapy-skills-training/"),  # a venue, after the mode in the same cell
    ("moving and handling", "training/therapy-skills-training/"),  # a session's title
    ("record keeping", "training/therapy-skills-training/"),
    ("rotational posts", "case-studies/rotational-posts/"),
    ("Ashgrove", "job-descriptions/band-4-assistant-practitioner/"),  # a job detail's value
    ("Rostering", "about/"),  # a cell of a Markdown table in content/
    ("Marrowby", "about/"),  # a cell of a table written in HTML, with no space between the cells
    ("Zennor", "about/"),  # a definition written in HTML
]


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory, engine: str) -> BuiltSite:
    project = tmp_path_factory.mktemp(f"search-{engine}-project") / "project"
    shutil.copytree(FIXTURE, project)
    site_dir = tmp_path_factory.mktemp(f"search-{engine}-site")
    result = mkdocs_build(project, site_dir, engine=engine)
    assert result.returncode == 0, f"the search fixture did not build:\n{result.stdout}\n{result.stderr}"
    return BuiltSite(site_dir, result)


@pytest.fixture(scope="module")
def search_url(search_site: BuiltSite) -> Iterator[str]:
    with serve(search_site.root) as url:
        yield url


def _words(text: str) -> set[str]:
    """The words the theme's search makes of some text, lowercased and without surrounding punctuation."""
    return {word for word in (w.strip(PUNCTUATION).lower() for w in SEPARATOR.split(text)) if word}


def _indexed_words(index: dict, page: str) -> set[str]:
    """Every word the index holds for a page: its titles and texts, split at tags as the theme's search does."""
    words: set[str] = set()
    for doc in index["docs"]:
        if doc["location"].split("#", 1)[0] == page:
            words |= _words(html.unescape(re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}")))
    return words


def _pages(site: BuiltSite) -> list[str]:
    """Every page's address as the index writes it: '' for the home page, 'about/' for the others."""
    return sorted("" if path.parent == site.root else f"{path.parent.relative_to(site.root).as_posix()}/"
                  for path in site.root.rglob("index.html") if path.relative_to(site.root).parts[0] != "admin")


def _left_out(tag: Tag) -> bool:
    """Part of a page the templates leave out of search: review dates, and lists of downloads and of data files
    (whose mark the theme takes out once it has read it). Not a row: that is left out of the section around it
    only to be indexed on its own."""
    classes = tag.get("class", [])
    return (tag.name != "tr" and tag.has_attr("data-search-exclude")) or "tk-downloads" in classes \
        or "tk-data-files" in classes


def _searchable_text(element: Tag) -> str:
    """An element's text but for the parts of it left out of search (a question's controls to answer it)."""
    kept = []
    for text in element.find_all(string=True):
        parent = text.parent
        while parent is not element and not _left_out(parent):
            parent = parent.parent
        if parent is element:
            kept.append(text)
    return " ".join(kept)


def test_every_cell_term_description_and_item_is_words_of_its_own(search_site: BuiltSite) -> None:
    index = search_site.search_index()
    checked = 0
    for page in _pages(search_site):
        indexed = _indexed_words(index, page)
        if not indexed or page == "downloads/":
            continue  # left out of search (the printable checklist), or a list of files to download
        for element in search_site.article(page).select("td, th, dt, dd, li"):
            if element.find_parent(_left_out):
                continue
            missing = _words(_searchable_text(element)) - indexed
            assert not missing, f"{page or '/'}: {element.name} {element.get_text(' ')!r}: {sorted(missing)} not indexed"
            checked += 1
    assert checked > 20


def test_a_venue_is_a_word_of_its_own_in_its_session(search_site: BuiltSite) -> None:
    sessions = {doc["title"]: doc["text"] for doc in search_site.search_index()["docs"]
                if doc["location"].startswith("training/therapy-skills-training/#session-")}
    assert "Face to face Greystoke Hall" in sessions["Moving and handling refresher"]


def test_questions_and_sessions_are_search_sections_of_their_own(search_site: BuiltSite) -> None:
    """Each is indexed once, under its own title, and found at its own place on the page."""
    docs = search_site.search_index()["docs"]
    question = "Do support workers at Agenda for Change band 4 have protected time for study?"
    holding = [doc for doc in docs if "protected time for study" in doc["title"] + doc["text"]]
    assert [(doc["location"], doc["title"]) for doc in holding] == [
        ("toolkits/support-worker-readiness/support-worker-roles/#band-4-study-time", question)]
    page = search_site.html("toolkits/support-worker-readiness/support-worker-roles/")
    assert page.select_one("#band-4-study-time th").get_text(strip=True) == question
    sessions = [doc["title"] for doc in docs if doc["location"].startswith("training/therapy-skills-training/#session-")]
    assert sessions == ["Moving and handling refresher", "Record keeping"]


def test_a_page_left_out_of_search_gets_no_sections(search_site: BuiltSite) -> None:
    locations = [doc["location"] for doc in search_site.search_index()["docs"]]
    assert not [location for location in locations if "print-checklist" in location]
    assert (search_site.root / "toolkits" / "support-worker-readiness" / "print-checklist" / "index.html").is_file()


def _first_results(page: Page, url: str, query: str) -> list[str]:
    """The pages of the first three results, as a reader sees them.

    The query arrives as the theme's search link (?q=), so the search runs once, for the whole query, when
    its index is ready; the first results are drawn all at once, so the first result drawn means all are."""
    page.goto(f"{url}/?q={quote(query)}")
    page.wait_for_function("() => /matching document/i.test(document.querySelector('.md-search-result__meta').textContent)")
    assert page.input_value("input.md-search__input") == query
    links = page.eval_on_selector_all(".md-search-result__item > a:first-child", "links => links.map(a => a.href)")
    return [urlsplit(link).path.lstrip("/") for link in links[:3]]


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[f"{q}->{p}" for q, p in QUERIES])
def test_the_page_a_reader_wants_is_among_the_first_three(browser: Browser, search_url: str, query: str,
                                                          expected: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        first = _first_results(page, search_url, query)
        assert expected in first, f"searching {query!r} showed first {first}, not {expected}"
    finally:
        context.close()


#: Whitespace beside any boundary, taken out: the page as it would be if every boundary ran words together.
_JOINED = re.compile(rf"\s*(</?(?:{'|'.join(sorted(BOUNDARIES))})\b[^>]*>)\s*")


#: What the theme fixes over the page (its header, the back-to-top button), left out of a screenshot of the article.
_FIXED_HIDDEN = ".md-header, .md-top, .md-tabs { visibility: hidden !important; }"


@pytest.mark.parametrize("width", [1280, 320])
def test_the_line_breaks_search_needs_do_not_change_how_a_page_looks(browser: Browser, search_url: str,
                                                                     width: int) -> None:
    """Each kind of page, with every boundary run together and then with the line breaks the search needs,
    looks exactly the same, on a desktop and on a phone."""
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    try:
        for path in ["toolkits/support-worker-readiness/support-worker-roles/", "training/therapy-skills-training/",
                     "job-descriptions/band-4-assistant-practitioner/", "toolkits/support-worker-readiness/",
                     "case-studies/rotational-posts/", "about/"]:
            page.goto(f"{search_url}/{path}")
            joined = _JOINED.sub(r"\1", page.inner_html("article"))
            spaced = prepare(joined).html
            assert spaced != joined, path
            looks = []
            for version in (joined, spaced):
                page.eval_on_selector("article", "(article, html) => { article.innerHTML = html }", version)
                # From the same place each time, the page laid out: the theme's header, fixed over the page, takes a
                # shadow once scrolled (as the screenshot of a tall article scrolls), a frame or two later.
                page.evaluate("() => new Promise(done => { window.scrollTo(0, 0); "
                              "requestAnimationFrame(() => requestAnimationFrame(done)); })")
                looks.append((page.locator("article").screenshot(animations="disabled", style=_FIXED_HIDDEN),
                              page.inner_text("article")))
            assert looks[0] == looks[1], f"{path} looks different at {width} pixels wide"
    finally:
        context.close()


@pytest.mark.parametrize(("written", "spaced"), [
    ("<td>Face to face<br>Hollins Park</td>", "<td>Face to face<br>\nHollins Park</td>"),
    ("<dl><dt>Publisher</dt><dd>NHS</dd></dl>", "<dl><dt>Publisher</dt>\n<dd>NHS</dd></dl>"),
    ("<li>Item<ul><li>Sub</li></ul></li>", "<li>Item<ul>\n<li>Sub</li></ul></li>"),
    ("<p><strong>Bold</strong>er and <em>it</em>alic</p>", "<p><strong>Bold</strong>er and <em>it</em>alic</p>"),
    ("<td>a</td>\n<td>b</td>", "<td>a</td>\n<td>b</td>"),
    ("<pre>one<br>two</pre>", "<pre>one<br>two</pre>"),
    ("<p>Text</p><pre>code</pre>", "<p>Text</p><pre>code</pre>"),
])
def test_line_breaks_go_only_where_words_would_run_together(written: str, spaced: str) -> None:
    assert prepare(written).html == spaced


def test_a_row_is_indexed_as_text_after_its_page_with_the_page_boost() -> None:
    """The theme shows a section's title and text as HTML: markup written as text in a row stays text."""
    page = prepare('<table><tbody><tr id="q1"><th scope="row">Is &lt;img src=x&gt; shown?<br>A note</th>'
                   '<td>Yes</td></tr></tbody></table>')
    assert page.html.startswith('<table><tbody><tr data-search-exclude id="q1">')
    index = ('{"config":{},"docs":[{"location":"a/","title":"A","text":"","boost":2},'
             '{"location":"a/#h","title":"H","text":""},{"location":"b/","title":"B","text":""}]}')
    docs = json.loads(add_row_sections(index, {"a/": page.rows}))["docs"]
    assert [doc["location"] for doc in docs] == ["a/", "a/#h", "a/#q1", "b/"]
    assert docs[2] == {"location": "a/#q1", "title": "Is &lt;img src=x&gt; shown?", "text": "A note Yes", "boost": 2}


def test_what_a_row_leaves_out_of_search_is_not_in_its_entry() -> None:
    """A question's controls to answer it on screen (marked data-search-exclude, as the theme's search leaves out)
    are not words of its entry; the words around them are."""
    page = prepare('<table><tbody><tr id="q1"><th scope="row">Is there a plan?</th><td>Before '
                   '<fieldset data-search-exclude><legend>Question 1: yes or no</legend><label><input type="radio"> '
                   'Yes</label><div><span>nested</span></div></fieldset> after</td><td>Prompt</td></tr></tbody></table>')
    assert [(row.title, row.text) for row in page.rows] == [("Is there a plan?", "Before after Prompt")]


def test_the_self_assessment_is_not_searched(search_site: BuiltSite) -> None:
    """The panel and each question's controls are the same on every checklist section: none of their words is in
    the index, and a question's entry is its own words."""
    page = search_site.html("toolkits/support-worker-readiness/support-worker-roles/")
    assert page.select_one("[data-tk-assessment]") is not None and page.select_one("table.tk-checklist textarea")
    indexed = " ".join(f"{doc['title']} {doc['text']}" for doc in search_site.search_index()["docs"])
    for words in ("Answer on screen", "Save my answers on this device", "Response to question"):
        assert words not in indexed
