"""Errors where the editor is looking: the YAML parser's wording translated into what the editor did and how to
fix it, and `mkdocs serve` showing the problems at every address, then the site once they are fixed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from bs4 import BeautifulSoup

from browser import free_port
from conftest import ENGINE_COMMANDS, copy_project, mkdocs_build
from test_accessibility import _report, run_axe
from test_validation import QUESTIONS, errors_for, write_data
from toolkit_publisher import error_site
from toolkit_publisher.errors import ContentError, Position
from toolkit_publisher.load import load_text

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

QUOTE_IT = 'put the whole text in double quotes, "like this"'


# --- the YAML parser's wording, translated ------------------------------------------------------------

@pytest.mark.parametrize(("snippet", "expected"), [
    pytest.param("id: x\ntitle: Why: because\n",
                 "2:8: this text contains ': ' (a colon and a space, at column 11), which YAML reads as the start of "
                 f"a new key: {QUOTE_IT}", id="colon-in-text"),
    pytest.param("items:\n  - id: a\n    text: Is it so: really?\n",
                 "3:11: this text contains ': ' (a colon and a space, at column 19), which YAML reads as the start "
                 f"of a new key: {QUOTE_IT}", id="colon-in-text-of-a-list-item"),
    pytest.param('id: x\ntitle: He said: "no"\n',
                 "2:8: this text contains ': ' (a colon and a space, at column 15), which YAML reads as the start of "
                 f'a new key: {QUOTE_IT} (a " inside the text is then written \\")', id="colon-and-quotes-in-text"),
    pytest.param("id: x\ntitle: Consider:\n",
                 "2:8: this text contains a ':' at the end of the line (column 16), which YAML reads as the start of a "
                 f"new key: {QUOTE_IT}", id="colon-at-the-end-of-text"),
    pytest.param("text: Hello there\n  and here: more\n",
                 "1:7: the text that starts here goes on to line 2, which contains ': ' (a colon and a space, at "
                 f"column 11), read by YAML as the start of a new key: {QUOTE_IT}", id="colon-on-a-later-line"),
    pytest.param("id: x\ntitle: y\n  summary: z\n",
                 "3:3: 'summary' is indented more than 'title' (line 2, column 1), so YAML reads this line as more of "
                 f"that text: if 'summary' is a key, line it up with the key above it; if it is part of the text, "
                 f"{QUOTE_IT}", id="key-indented-under-text"),
    pytest.param("id: x\nitems:\n  title\n  summary: y\n",
                 "3:8: 'title' has no ': ' after it, so YAML reads it and line 4 as one text: a key is followed by "
                 "': ' and its value; add the colon here, or delete the line", id="key-without-colon-before-a-key"),
    pytest.param("id: x\ntitle\nsummary: y\n",
                 "2:6: 'title' is on a line of its own with no ': ' after it: a key is followed by ': ' and its "
                 "value, so add the colon here; if the line is text that belongs to the line above, indent it like "
                 "that text", id="key-without-colon"),
    pytest.param("id: x\ntitle:y\n",
                 "2:7: 'title:y' has no space after its colon: a key is followed by ': ' (a colon and a space) and "
                 "its value, so add a space here", id="no-space-after-colon"),
    pytest.param('id: x\ntitle: "Hello\nsummary: y\n',
                 '2:8: the quote " that opens this text is never closed: add the closing " where the text ends',
                 id="unclosed-double-quote"),
    pytest.param("prompts:\n  - 'Hello\n  - again\n",
                 "2:5: the quote ' that opens this text is never closed: add the closing ' where the text ends",
                 id="unclosed-single-quote"),
    pytest.param('id: x\ntitle: "He said "no" to it"\n',
                 '2:17: the text in quotes ends at this ", but the line goes on after it: put all of the text inside '
                 'the quotes; a " inside double-quoted text is written \\"', id="quote-inside-double-quotes"),
    pytest.param("id: x\ntitle: 'Don't do it'\n",
                 "2:12: the text in quotes ends at this ', but the line goes on after it: put all of the text inside "
                 "the quotes; an apostrophe inside single-quoted text is written twice ('') or, simpler, put the text "
                 "in double quotes instead", id="apostrophe-inside-single-quotes"),
    pytest.param('id: x\ntitle: "Hello\nsummary: "Goodbye"\n',
                 '2:14: the text in quotes that starts on this line is not closed on it, so YAML reads on to the " '
                 'on line 3: add the closing " at the end of the text here', id="quote-closed-on-a-later-line"),
    pytest.param('id: x\nlink: "C:\\plans\\2025"\n',
                 "2:10: '\\p' in double-quoted text is not an escape YAML knows: write a backslash as two (\\\\), or "
                 "put the text in single quotes, where a backslash is just a backslash", id="backslash-in-quotes"),
    pytest.param("prompts:\n  - a\n - b\n",
                 "3:2: this list item is not lined up with the item on line 2: put its '-' at column 3, like the "
                 "others", id="list-item-out-of-line"),
    pytest.param("id: x\ntitle: y\n- z\n",
                 "3:1: a list item ('- ') is here, where YAML expected a key lined up with the keys above: if it "
                 "belongs to a list, line it up with that list's other items; if it starts a list, put it under a "
                 "key (the key, a colon, then the items on the lines below, indented)", id="list-item-among-keys"),
    pytest.param("parts:\n  - a: 1\n   b: 2\n",
                 "3:4: this line is not lined up with the list that starts on line 2: a new item starts with '- ' at "
                 "column 3, like the others; if it belongs to the item above, line it up with that item's first key, "
                 "at column 5", id="key-out-of-line-in-a-list"),
    pytest.param("a:\n  b: text\n more: x\n",
                 "3:2: this line is not lined up with the lines it belongs with (the line above starts at column 3): "
                 f"keys of the same mapping start in the same column, so indent it to match them; if it is text that "
                 f"goes with the line above, {QUOTE_IT}", id="key-out-of-line"),
    pytest.param("id: x\nbody: |\n  First line.\n Second line.\n",
                 "4:2: this line is indented less than the text of 'body' above it (a block after '|') but more than "
                 "a key: if it is part of that text, indent it like the text's first line (column 3); if it is a new "
                 "key, line it up with 'body'", id="line-under-block-text"),
    pytest.param("id: x\n: y\n",
                 "2:1: this line starts with ':' and has no key before it: write the key, then ': ' and the value",
                 id="line-starting-with-colon"),
    pytest.param("id: x\ntitle: @home\n",
                 f"2:8: unquoted text cannot start with '@', which YAML reserves: {QUOTE_IT}", id="at-sign-first"),
    pytest.param("id: x\ntitle: `code`\n",
                 f"2:8: unquoted text cannot start with '`', which YAML reserves: {QUOTE_IT}", id="backtick-first"),
    pytest.param("id: x\ntitle: *bold* text\n",
                 "2:8: text that starts with '*' must be in quotes, because YAML reads a '*' at the start as a "
                 f"reference to another value: {QUOTE_IT}", id="asterisk-first"),
    pytest.param("id: x\ntitle: & more\n",
                 "2:8: text that starts with '&' must be in quotes, because YAML reads a '&' at the start as a label "
                 f"for the value: {QUOTE_IT}", id="ampersand-first"),
    pytest.param("id: x\ntitle: [draft\n",
                 "2:8: text that starts with '[' is read by YAML as a list written on one line, and this one is not "
                 f"closed: {QUOTE_IT}", id="unclosed-bracket-first"),
    pytest.param("id: x\ntitle: [Draft] plan\n",
                 "2:8: text that starts with '[' is read by YAML as a list written on one line, and more text follows "
                 f"it: {QUOTE_IT}", id="bracketed-word-first"),
    pytest.param("id: x\nbody: | First line.\n  more\n",
                 "2:9: nothing may follow '|' on its line: the text goes on the lines below, indented; if the text is "
                 f"meant to start with '|', {QUOTE_IT}", id="text-after-block-indicator"),
    pytest.param("id: x\ntitle: - first\n",
                 "2:8: text that starts with '- ' is read by YAML as a list, which cannot start on the line of its "
                 f"key: if it is text, {QUOTE_IT}; if it is a list, start it on the next line, indented",
                 id="dash-first"),
    pytest.param("id: x\n...\ntitle: y\n",
                 "2:1: a line '...' ends the YAML, so nothing may follow it: delete the line (if it is text, indent it "
                 f"under its key and {QUOTE_IT})", id="document-end-marker"),
    pytest.param("id: x\nlist:\n  -\tx\n",
                 "3:4: a tab is here; YAML needs spaces: replace the tab with a space", id="tab-after-dash"),
])
def test_yaml_mistakes_are_told_as_what_the_editor_did(snippet: str, expected: str) -> None:
    loaded, errors = load_text(snippet, "f.yml")
    assert loaded is None
    assert [str(error) for error in errors] == [f"f.yml:{expected.replace(': ', ': error: ', 1)}"]


@pytest.mark.parametrize(("snippet", "expected"), [
    pytest.param("id: x\ntitle: Band #4 roles\n", "2:13: a '#' after a space starts a comment in YAML, so '#4 roles' is "
                 f"left out and the text stops at 'Band': if it is part of the text, {QUOTE_IT}; if it is a comment, "
                 "write a space after the '#'", id="hash-inside-text"),
    pytest.param("prompts:\n  - #1 Agree a lead.\n", "2:5: a '#' after a space starts a comment in YAML, so '#1 Agree a "
                 f"lead.' is left out and the value is empty: if it is part of the text, {QUOTE_IT}; if it is a comment, "
                 "write a space after the '#'", id="hash-first-in-a-list-item"),
])
def test_text_cut_short_by_a_hash_is_an_error_not_a_silent_loss(snippet: str, expected: str) -> None:
    """YAML drops ' #' and the rest of a line as a comment: the published text would be cut short, or empty."""
    _, errors = load_text(snippet, "f.yml")
    assert [str(error) for error in errors] == [f"f.yml:{expected.replace(': ', ': error: ', 1)}"]


def test_a_list_item_indented_under_the_one_above_is_not_merged_into_its_text() -> None:
    """'- a' then '    - b' is valid YAML: the one text 'a - b'. Two prompts were meant; the page showed one."""
    _, errors = load_text("prompts:\n  - Agree a lead.\n    - Review the data.\n", "f.yml")
    assert [str(error) for error in errors] == [
        "f.yml:3:5: error: this line starts with '- ' but is indented more than the text above it (line 2), so YAML "
        "reads it as more of that text, not as an item of its own: if it is a new item, line its '-' up with the item "
        f"above, at column 3; if it is part of the text, {QUOTE_IT}"]


@pytest.mark.parametrize("snippet", ["id: x\ntitle: Band 4 roles  # checked with the source\n",
                                     "id: x\ntitle: 'Band' #4\n", "id: x\nlink: https://example.org/#part\n",
                                     "id: x\nbody: |\n  Text #4 stays.\n", "id: x\ntitle: Section#4\n"])
def test_comments_and_hashes_that_lose_nothing_are_accepted(snippet: str) -> None:
    loaded, errors = load_text(snippet, "f.yml")
    assert loaded is not None and errors == []


def test_a_question_emptied_by_a_hash_is_one_problem_at_the_hash(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("text: Is this the first question?", "text: #1 Is this the first question?")
    line = questions.split("\n").index("    text: #1 Is this the first question?") + 1
    errors = errors_for(tmp_path, {"question_sets/demo-questions.yml": questions})
    assert len(errors) == 1 and errors[0].startswith(f"toolkit_data/question_sets/demo-questions.yml:{line}:11: error: "
                                                     "a '#' after a space starts a comment in YAML"), errors


def test_an_empty_list_item_says_to_fill_it_or_delete_the_line(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("      - Think about it.", "      - Think about it.\n      -")
    line = questions.split("\n").index("      -") + 1
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions}) == [
        f"toolkit_data/question_sets/demo-questions.yml:{line}:8: error: an item of 'prompts' is empty: write its text "
        "after the '- ', or delete the line"]


def test_a_yaml_mistake_no_rule_knows_still_reads_plainly() -> None:
    _, errors = load_text('id: x\ntitle: "first\n---\nsecond"\n', "f.yml")
    assert [str(error) for error in errors] == [
        "f.yml:3:1: error: YAML cannot read the file from here: check that this line is lined up with the lines it "
        "belongs with (keys of one mapping in one column, list items starting '- ' in one column), and put any text "
        "that contains ': ' or starts with a quote or one of - [ { # & * ! | > % @ ` in double quotes (the YAML "
        "parser says: while scanning a quoted scalar found unexpected document indicator)",
    ]


def test_a_list_item_with_a_colon_is_told_to_be_quoted(tmp_path: Path) -> None:
    """'- Think: hard' is valid YAML (a mapping), so the type check is where it is caught: say why."""
    questions = QUESTIONS.replace("      - Think about it.", "      - Think: about it.")
    line = questions.split("\n").index("      - Think: about it.") + 1
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions}) == [
        f"toolkit_data/question_sets/demo-questions.yml:{line}:9: error: 'prompts' must be text, and this text "
        f"contains ': ' (a colon and a space), which YAML reads as a key and its value: {QUOTE_IT}",
    ]


# --- the error page ------------------------------------------------------------------------------------

def test_the_error_page_escapes_what_the_content_says(tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script> "quoted" & <b>bold</b>'
    (tmp_path / "toolkit_data").mkdir()
    (tmp_path / "toolkit_data" / "x.yml").write_text(f"id: x\ntitle: {hostile}\n", encoding="utf-8")
    error = ContentError(Position("toolkit_data/x.yml", 2, 8), f"the text {hostile} is wrong")
    page = BeautifulSoup(error_site.render([error], tmp_path, site_name="Site <i>", base="/sub/"), "html.parser")
    assert page.find("script") is None and page.find("b") is None and page.find("i") is None
    assert page.select_one("link[rel=stylesheet]")["href"] == f"/sub/{error_site.STYLESHEET_NAME}"
    assert page.select_one(".message").get_text() == f"The text {hostile} is wrong"
    assert page.select_one(".reference").get_text() == "toolkit_data/x.yml:2:8"
    assert page.select_one("h2").get_text() == "toolkit_data/x.yml, line 2, column 8"
    assert page.select_one("mark").get_text() == "<"
    assert page.select_one(".source pre").get_text() == f"2title: {hostile}"
    assert "'unsafe-inline'" in page.select_one("meta[http-equiv=Content-Security-Policy]")["content"]


def test_the_error_page_lists_the_first_problems_reading_each_file_once(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """One slip in a long file can make thousands of problems: the page stays small and quick to make (it took a
    minute and made megabytes for 20,000), and says how many more the terminal lists."""
    (tmp_path / "toolkit_data").mkdir()
    (tmp_path / "toolkit_data" / "x.yml").write_text("".join(f"k{n}: v\n" for n in range(300)), encoding="utf-8")
    errors = [ContentError(Position("toolkit_data/x.yml", n, 1), f"unknown key 'k{n - 1}'") for n in range(1, 301)]
    reads = []
    original = error_site.read_bytes
    monkeypatch.setattr(error_site, "read_bytes", lambda *args: reads.append(args) or original(*args))
    page = BeautifulSoup(error_site.render(errors, tmp_path, site_name="Site", base="/"), "html.parser")
    assert len(page.select("ol.problems > li")) == error_site.SHOWN and len(reads) == 1
    assert "300 problems to fix" in page.select_one("h1").get_text()
    assert page.select_one(".more").get_text(" ", strip=True).startswith(f"And {300 - error_site.SHOWN} more, listed "
                                                                         "in the terminal")


def test_a_content_error_still_fails_the_build(tmp_path: Path) -> None:
    questions, position = _broken(QUESTIONS)
    project = copy_project(tmp_path, write_data(tmp_path / "data", {"question_sets/demo-questions.yml": questions}))
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"{position}: error: this text contains ': '" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


# --- mkdocs serve ----------------------------------------------------------------------------------------

#: Long enough for a first build on a slow, busy machine; every wait ends as soon as its state is reached.
PATIENCE = 180
HEADING = "The site cannot be shown"
QUESTION = "Is this the first question?"


def _broken(questions: str) -> tuple[str, str]:
    """The fixture's questions with an unquoted ': ' in the first question, and where the editor must change it."""
    line = next(number for number, text in enumerate(questions.split("\n"), start=1) if QUESTION in text)
    column = questions.split("\n")[line - 1].index(QUESTION) + 1
    path = "toolkit_data/question_sets/demo-questions.yml"
    return questions.replace(QUESTION, "Is this: the first question?"), f"{path}:{line}:{column}"


@dataclass
class Preview:
    """A running `mkdocs serve` of a project, its address, its process id and what it has printed."""

    project: Path
    url: str
    log: Path
    pid: int

    def get(self, path: str) -> str:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as error:  # a missing address is a 404, with a page all the same
            return error.read().decode("utf-8")

    def until(self, check: Callable[[], bool], what: str) -> None:
        """Poll for a state (the server rebuilds in its own time), up to a generous limit."""
        deadline = time.monotonic() + PATIENCE
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"{what} did not happen in {PATIENCE}s; the server printed:\n{self.printed()}")
            time.sleep(0.2)

    def printed(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def answers(self) -> bool:
        try:
            self.get("/")
        except OSError:
            return False
        return True


@contextmanager
def serving(project: Path, workers: int = 0, mkdocs: tuple[str, ...] | None = None,
            env: dict[str, str] | None = None, dirty: bool = True, engine: str = "mkdocs",
            stop: signal.Signals = signal.SIGINT) -> Iterator[Preview]:
    """`mkdocs serve --livereload` on a free port, stopped (and its process group with it) whatever happens.

    ``workers``: download worker processes (none unless a test is about them); ``mkdocs``: how Python runs the
    engine (its module, by default); ``env``: more environment variables; ``dirty``: rebuild only what an edit
    changed, as ./scripts/serve does; ``engine``: MkDocs or ProperDocs (conftest.ENGINE_COMMANDS); ``stop``: the
    signal that stops it (Ctrl+C's unless told)."""
    port = free_port()
    log = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
           "TOOLKIT_PUBLISHER_WORKERS": str(workers), **(env or {})}
    python, *module = ENGINE_COMMANDS[engine]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            [python, *(mkdocs or module), "serve", "--livereload", *(["--dirty"] if dirty else []),
             "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    preview = Preview(project, f"http://127.0.0.1:{port}", log, process.pid)
    try:
        preview.until(lambda: process.poll() is not None or preview.answers(), "the server answering")
        assert process.poll() is None, f"mkdocs serve exited:\n{preview.printed()}"
        yield preview
    finally:
        if process.poll() is None:
            process.send_signal(stop)  # as Ctrl+C: MkDocs stops the server and removes its temporary site
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _shows_error(html: str, position: str) -> bool:
    page = BeautifulSoup(html, "html.parser")
    heading = page.find("h1")
    return heading is not None and HEADING in heading.get_text() and any(
        reference.get_text() == position for reference in page.select(".reference"))


def _open(browser: Browser, url: str) -> Page:
    page = browser.new_page()
    page.goto(url)
    return page


def _wait_for_text(page: Page, text: str, shown: bool = True) -> None:
    """Until the page shows (or no longer shows) ``text``; while it reloads it has no body yet, which is not yet."""
    page.wait_for_function("([text, shown]) => document.body !== null && document.body.innerText.includes(text) "
                           "=== shown", arg=[text, shown], timeout=PATIENCE * 1000)


@pytest.mark.parametrize("dirty", [True, False], ids=["serve-dirty", "serve"])
def test_serve_shows_the_problems_at_every_address_and_reloads_to_the_site(tmp_path: Path, browser: Browser,
                                                                           dirty: bool, engine: str) -> None:
    """As ./scripts/serve previews (rebuilding only what changed) and as plain `mkdocs serve` does."""
    questions, position = _broken(QUESTIONS)
    data = write_data(tmp_path / "data", {"question_sets/demo-questions.yml": questions})
    project = copy_project(tmp_path, data)
    target = project / "toolkit_data" / "question_sets" / "demo-questions.yml"  # the project's copy

    with serving(project, dirty=dirty, engine=engine) as preview:
        # The server did not stop: it serves the problem, at the home page and at any other address.
        for address in ("/", "/no/such/page/", "/toolkits/demo/"):
            html = preview.get(address)
            assert _shows_error(html, position), address
            shown = BeautifulSoup(html, "html.parser").select_one(".message").get_text()
            assert shown.startswith("This text contains ': '") and shown.endswith(QUOTE_IT)
        # The terminal says the same words, in the editors' file:line:column form.
        assert f"{position}: error: {shown[0].lower()}{shown[1:]}\n" in preview.printed()

        pages = {address: _open(browser, preview.url + address) for address in ("/", "/no/such/page/")}
        for page in pages.values():
            assert page.locator("h1").inner_text().startswith(HEADING)
            assert page.locator(".message").inner_text().startswith("This text contains ': '")
            assert page.evaluate("getComputedStyle(document.querySelector('mark')).backgroundColor") != \
                "rgba(0, 0, 0, 0)", "the page's stylesheet did not load"
        violations = run_axe(pages["/no/such/page/"])
        assert not violations, _report(violations)

        target.write_text(QUESTIONS, encoding="utf-8")  # the editor fixes the file

        # Each open page reloads itself: the home page to the site, the missing address to the site's 404 page.
        home, missing = pages["/"], pages["/no/such/page/"]
        _wait_for_text(home, "Demo toolkit")
        assert HEADING not in home.locator("body").inner_text()
        _wait_for_text(missing, HEADING, shown=False)
        assert missing.locator("h1").inner_text().startswith("404")
        assert not _shows_error(preview.get("/toolkits/demo/"), position)

        # A mistake made while the site is open shows at once where the editor is looking, and goes again.
        target.write_text(questions, encoding="utf-8")
        _wait_for_text(home, HEADING)
        assert home.locator(".reference").inner_text() == position
        target.write_text(QUESTIONS, encoding="utf-8")
        _wait_for_text(home, "Demo toolkit")
        for page in pages.values():
            page.close()


def test_a_broken_link_in_a_docs_page_is_shown_where_it_is_and_the_preview_goes_on(tmp_path: Path, engine: str) -> None:
    """MkDocs' own warnings stop the strict published build; while previewing they are shown as problems
    instead of stopping the server, and the site comes back once the link is fixed."""
    project = copy_project(tmp_path)
    about = project / "content" / "about.md"
    fixed = about.read_text(encoding="utf-8")
    about.write_text(fixed + "\nSee [the missing page](missing-page.md).\n", encoding="utf-8")
    line = fixed.count("\n") + 2
    position = f"content/about.md:{line}:{len('See [the missing page](') + 1}"
    with serving(project, engine=engine) as preview:
        for address in ("/", "/about/", "/no/such/page/"):
            html = preview.get(address)
            assert _shows_error(html, position), address
            assert "missing-page.md" in BeautifulSoup(html, "html.parser").select_one(".message").get_text()
        assert f"{position}: error: the link 'missing-page.md' leads to no page" in preview.printed()
        about.write_text(fixed, encoding="utf-8")
        preview.until(lambda: not _shows_error(preview.get("/about/"), position), "the site coming back")
        assert "About the fixture" in preview.get("/about/")


def _warning(message: str) -> "logging.LogRecord":
    import logging

    return logging.LogRecord("mkdocs.structure.pages", logging.WARNING, __file__, 1, message, None, None)


def test_each_kind_of_link_mkdocs_warns_about_is_told_as_what_is_wrong(tmp_path: Path) -> None:
    """MkDocs' warnings (in its 1.6 wording) while previewing: an absolute link is not a missing page, a missing
    anchor is not a missing page, and a huge link is cut short."""
    from toolkit_publisher.mkdocs_warnings import as_errors

    docs = tmp_path / "content"
    docs.mkdir()
    huge = "a" * 5000 + ".md"
    (docs / "about.md").write_text(f"[a](/about/) [b](../x/) [c](#nowhere) [d](gone.md) [e]({huge})\n", encoding="utf-8")
    records = [_warning(message) for message in [
        "Doc file 'about.md' contains an absolute link '/about/', it was left as is. Did you mean 'about.md'?",
        "Doc file 'about.md' contains an unrecognized relative link '../x/', it was left as is.",
        "Doc file 'about.md' contains a link '#nowhere', but there is no such anchor on this page.",
        "Doc file 'about.md' contains a link 'gone.md', but the target is not found among documentation files.",
        f"Doc file 'about.md' contains a link '{huge}', but the target is not found among documentation files.",
    ]]
    errors = [str(error) for error in as_errors(records, docs, tmp_path)]
    stops = "(the published build stops on it)"
    assert errors == [
        f"content/about.md:1:5: error: the link '/about/' starts with '/', which leads outside the site where it is "
        f"published under a path {stops}: link to the page's Markdown file, written from this page; it may be "
        "'about.md'",
        f"content/about.md:1:18: error: the link '../x/' is an address, not a page's Markdown file {stops}: link to "
        "the page's file, written from this page",
        f"content/about.md:1:29: error: the link '#nowhere' leads to a heading or place that is not on its page "
        f"{stops}: correct the part after '#' to a heading's anchor, or remove it",
        f"content/about.md:1:43: error: the link 'gone.md' leads to no page of the site {stops}: correct it, or "
        "remove it",
        f"content/about.md:1:56: error: the link '{'a' * 59}…' leads to no page of the site {stops}: correct it, or "
        "remove it",
    ]
