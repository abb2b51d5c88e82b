"""Saved answers are data, never code (issue 13, finding 10): in Chromium, a hostile or broken file of
answers, or hostile values in this device's storage, give a clear message and change nothing; files over
the stated limit are refused before reading; a failed save says so; and the self-assessment needs no
inline script or eval, so it works under a Content-Security-Policy of script-src 'self'.

The questions, their versions and the storage key are read from the page itself, so nothing here depends
on the wording or number of the real questions."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from test_browser import SECTION

MESSAGE = ".tk-assessment__message"
PROGRESS = ".tk-progress"
CONSENT = "[data-tk-assessment] input[type=checkbox]"
FILE_INPUT = "[data-tk-assessment] input[type=file]"
LIMIT = 1024 * 1024

#: After any of these, Object.prototype must be as it was: nothing polluted, nothing replaced.
PROTOTYPE_INTACT = """() => ({}).polluted === undefined && Object.prototype.polluted === undefined
    && typeof ({}).hasOwnProperty === 'function' && ({}).constructor === Object
    && Object.getPrototypeOf({}) === Object.prototype && Object.keys(Object.prototype).length === 0"""


@dataclass
class Visit:
    """A checklist page with every uncaught error and console error it reports."""

    page: Page
    errors: list[str] = field(default_factory=list)

    def question(self, kind: str = "yes-no") -> dict[str, str]:
        """The first question of a kind on the page: its id and version, as a saved answer needs them."""
        row = self.page.locator(f"tr[data-question][data-answer='{kind}']").first
        return {"id": row.get_attribute("data-question"), "version": row.get_attribute("data-version")}

    def panel(self, name: str) -> str:
        return self.page.get_attribute("[data-tk-assessment]", f"data-{name}")

    @property
    def key(self) -> str:
        return f"tk-answers:{self.panel('toolkit')}:{self.panel('section')}"

    def field_id(self, question: dict[str, str], suffix: str) -> str:
        return f"#tk-{self.panel('section')}-{question['id']}-{suffix}"

    def state(self) -> dict[str, object]:
        """Everything a person could see or keep: every control on the checklist, and all of storage."""
        return self.page.evaluate("""() => ({
            controls: Array.from(document.querySelectorAll('table.tk-checklist input, table.tk-checklist textarea'))
                .map(e => [e.id, e.type === 'radio' ? e.checked : e.value]),
            progress: document.querySelector('.tk-progress').textContent,
            storage: Object.keys(localStorage).sort().map(k => [k, localStorage.getItem(k)]),
        })""")

    def open_file(self, content: bytes) -> None:
        self.page.set_input_files(FILE_INPUT, files=[{"name": "answers.json", "mimeType": "application/json",
                                                      "buffer": content}])

    def assert_healthy(self) -> None:
        assert self.page.evaluate(PROTOTYPE_INTACT), "Object.prototype was changed"
        assert self.errors == []


def watch(page: Page) -> Visit:
    visit = Visit(page)
    page.on("pageerror", lambda error: visit.errors.append(f"uncaught: {error}"))
    page.on("console", lambda message: visit.errors.append(f"console: {message.text}")
            if message.type == "error" else None)
    return visit


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def visit(context: BrowserContext, site_url: str) -> Visit:
    visit = watch(context.new_page())
    visit.page.goto(site_url + SECTION)
    return visit


def saved_file(visit: Visit, answers: dict[str, object], **header: object) -> dict[str, object]:
    """A file as the page saves it, for this section, with the given answers and header fields."""
    return {"format": "nhs-workforce-toolkit-answers", "version": 1, "toolkit": visit.panel("toolkit"),
            "section": visit.panel("section"), "saved": "2026-01-01T00:00:00.000Z", "answers": answers, **header}


def answer_on_screen(visit: Visit) -> None:
    """Saving on, one question answered Y with a response: what a bad file must leave alone."""
    first = visit.question()
    visit.page.check(CONSENT)
    visit.page.check(visit.field_id(first, "Y"))
    visit.page.fill(visit.field_id(first, "response"), "Answered before the file")
    total = visit.page.locator("tr[data-question]").count()
    expect(visit.page.locator(PROGRESS)).to_have_text(f"1 of {total} answered")


def unchanged(data: dict, answer: dict) -> None:
    """No change: the file opens."""


def a_file(visit: Visit, change: Callable[[dict, dict], None] = unchanged) -> bytes:
    """A file that opens (answering the first question N, so it changes what is on screen) with one change."""
    first = visit.question()
    data = saved_file(visit, {first["id"]: {"version": first["version"], "yn": "N", "response": "From the file"}})
    change(data, data["answers"][first["id"]])
    return json.dumps(data).encode("utf-8")


def set_field(name: str, value: object) -> Callable[[dict, dict], None]:
    return lambda data, answer: data.__setitem__(name, value)


def set_answer_field(name: str, value: object) -> Callable[[dict, dict], None]:
    return lambda data, answer: answer.__setitem__(name, value)


def add_answer(question_id: str, value: object) -> Callable[[dict, dict], None]:
    return lambda data, answer: data["answers"].__setitem__(question_id, value)


POLLUTER = {"polluted": "yes", "hasOwnProperty": "no", "version": "x"}

#: Each hostile file, and words of the message the person must see.
BAD_FILES: dict[str, tuple[Callable[[dict, dict], None], str]] = {
    "__proto__ field": (set_field("__proto__", POLLUTER), 'a field "__proto__"'),
    "constructor field": (set_field("constructor", {"prototype": POLLUTER}), 'a field "constructor"'),
    "hasOwnProperty field": (set_field("hasOwnProperty", "x"), 'a field "hasOwnProperty"'),
    "__proto__ as a question id": (add_answer("__proto__", POLLUTER), '"__proto__", which is not a question id'),
    "hasOwnProperty as a question id": (add_answer("hasOwnProperty", {"version": "x"}),
                                        '"hasOwnProperty", which is not a question id'),
    "__proto__ in an answer": (set_answer_field("__proto__", POLLUTER), 'a field "__proto__"'),
    "constructor in an answer": (set_answer_field("constructor", {"prototype": POLLUTER}), 'a field "constructor"'),
    "answers null": (set_field("answers", None), '"answers" is null where a set of answers belongs'),
    "answers a list": (set_field("answers", []), '"answers" is a list where a set of answers belongs'),
    "an answer null": (lambda data, answer: data["answers"].update({k: None for k in data["answers"]}),
                       "is null where a set of fields belongs"),
    "an object where text belongs": (set_answer_field("response", {"toString": "x"}),
                                     'a set of fields where the text of "response" belongs'),
    "a number where text belongs": (set_answer_field("figure", 12), 'a number where the text of "figure" belongs'),
    "a list where text belongs": (set_answer_field("version", ["x"]), 'a list where the text of "version" belongs'),
    "an answer that is not Y or N": (set_answer_field("yn", "<b>maybe</b>"), '"<b>maybe</b>" where "Y" or "N" belongs'),
    "a response over the length limit": (set_answer_field("response", "x" * 10_001), "longer than 10,000 characters"),
    "wrong format name": (set_field("format", "something-else"), "not a file of answers saved from this site"),
    "no format name": (lambda data, answer: data.pop("format"), "not a file of answers saved from this site"),
    "a newer format version": (set_field("version", 3), "newer version of this site"),
    "another section": (set_field("section", "another-section"), "different checklist section"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_file_says_what_is_wrong_and_changes_nothing(visit: Visit, case: str) -> None:
    change, words = BAD_FILES[case]
    answer_on_screen(visit)
    before = visit.state()
    visit.open_file(a_file(visit, change))
    message = visit.page.locator(MESSAGE)
    expect(message).to_contain_text("That file could not be opened")
    expect(message).to_contain_text(words)
    expect(message).to_contain_text("Nothing was changed.")
    assert visit.state() == before
    visit.assert_healthy()


@pytest.mark.parametrize("content", [b"{not json", b"", b"null", b"[1, 2]", b'"text"', b"\xff\xfe\x00garbage",
                                     b"[" * 100_000 + b"]" * 100_000])
def test_a_file_that_is_not_saved_answers_changes_nothing(visit: Visit, content: bytes) -> None:
    answer_on_screen(visit)
    before = visit.state()
    visit.open_file(content)
    expect(visit.page.locator(MESSAGE)).to_contain_text(
        "That file could not be opened: it is not a file of saved answers")
    assert visit.state() == before
    visit.assert_healthy()


def test_a_file_over_the_limit_is_refused_before_it_is_read(visit: Visit) -> None:
    """A valid file padded past 1 MB with white space (still valid JSON) is refused by its size alone."""
    answer_on_screen(visit)
    before = visit.state()
    visit.page.evaluate("() => { window.tkReads = 0; const read = FileReader.prototype.readAsText;"
                        " FileReader.prototype.readAsText = function (...a) {"
                        " window.tkReads++; return read.apply(this, a); }; }")
    content = a_file(visit) + b" " * LIMIT
    visit.open_file(content)
    message = visit.page.locator(MESSAGE)
    expect(message).to_contain_text("That file could not be opened")
    expect(message).to_contain_text("larger than the 1 MB limit")
    assert visit.page.evaluate("window.tkReads") == 0
    assert visit.state() == before
    expect(visit.page.locator("[data-tk-assessment]")).to_contain_text("up to 1 MB")
    visit.assert_healthy()


def test_the_page_states_the_limits_the_script_enforces(visit: Visit) -> None:
    """The panel and the controls are built with the page; the limits are the saved-answers format's (in the
    script): the panel states its file limit, and each field takes no more than a saved answer may hold."""
    visit.page.wait_for_function("document.querySelector('[data-tk-assessment]').dataset.tkReady === 'true'")
    limits = visit.page.evaluate("[tkSavedAnswers.MAX_FILE_SIZE_TEXT, tkSavedAnswers.MAX_RESPONSE,"
                                 " tkSavedAnswers.MAX_FIGURE]")
    expect(visit.page.locator("[data-tk-assessment]")).to_contain_text(f"up to {limits[0]} in size")
    for selector, limit in (("textarea.tk-response", limits[1]), ("input.tk-figure", limits[2])):
        fields = visit.page.locator(f"table.tk-checklist {selector}")
        assert fields.count() > 0, selector
        assert {fields.nth(i).get_attribute("maxlength") for i in range(fields.count())} == {str(limit)}, selector
    visit.assert_healthy()


def test_a_file_just_under_the_limit_opens(visit: Visit) -> None:
    first = visit.question()
    content = a_file(visit)
    visit.open_file(content + b" " * (LIMIT - len(content)))
    expect(visit.page.locator(MESSAGE)).to_have_text("Opened 1 answer.")
    expect(visit.page.locator(visit.field_id(first, "N"))).to_be_checked()
    expect(visit.page.locator(visit.field_id(first, "response"))).to_have_value("From the file")
    visit.assert_healthy()


def test_a_question_id_that_names_an_object_method_is_only_an_unknown_question(visit: Visit) -> None:
    """"constructor" is a well-formed id: it is data in a Map, left out like any removed question."""
    first = visit.question()
    visit.open_file(a_file(visit, add_answer("constructor", {"version": "x", "response": "Not shown"})))
    expect(visit.page.locator(MESSAGE)).to_have_text(
        "Opened 1 answer. 1 answer was for questions that have since changed or been removed, so it was left out.")
    expect(visit.page.locator(visit.field_id(first, "response"))).to_have_value("From the file")
    assert "Not shown" not in visit.page.content()
    visit.assert_healthy()


#: Values planted in storage under the page's own key, each of which broke every page load before.
BAD_STORAGE = {
    "__proto__ field": '{"__proto__": {"polluted": "yes"}, "answers": {}}',
    "object method ids": '{"answers": {"constructor": {"version": "x"}, "hasOwnProperty": {"version": "x"},'
                         ' "__proto__": {"version": "x"}}}',
    "answers null": '{"answers": null}',
    "an object where text belongs": '{"answers": {"QUESTION": {"version": "VERSION", "response": {"toString": 1}}}}',
    "not JSON": "{oops",
    "null": "null",
    "a list": "[]",
}


@pytest.mark.parametrize("case", BAD_STORAGE)
def test_bad_storage_is_ignored_and_the_checklist_still_works(visit: Visit, case: str) -> None:
    first = visit.question()
    value = BAD_STORAGE[case].replace("QUESTION", first["id"]).replace("VERSION", first["version"])
    visit.page.evaluate("([key, value]) => { localStorage.setItem('tk-save-answers', 'yes');"
                        " localStorage.setItem(key, value); }", [visit.key, value])
    visit.page.reload()
    expect(visit.page.locator(MESSAGE)).to_contain_text(
        "The answers saved on this device could not be read, so they were not used")
    total = visit.page.locator("tr[data-question]").count()
    expect(visit.page.locator(PROGRESS)).to_have_text(f"0 of {total} answered")
    visit.page.check(visit.field_id(first, "Y"))
    visit.page.fill(visit.field_id(first, "response"), "Works after bad storage")
    expect(visit.page.locator(PROGRESS)).to_have_text(f"1 of {total} answered")
    visit.page.reload()  # the new answer replaced the bad record
    expect(visit.page.locator(visit.field_id(first, "response"))).to_have_value("Works after bad storage")
    expect(visit.page.locator(MESSAGE)).to_have_text("")
    visit.assert_healthy()


def test_answers_stored_before_the_format_had_a_header_still_load(visit: Visit) -> None:
    first = visit.question()
    stored = {"saved": "2026-01-01T00:00:00.000Z",
              "answers": {first["id"]: {"version": first["version"], "yn": "Y", "response": "Stored earlier"}}}
    visit.page.evaluate("([key, value]) => { localStorage.setItem('tk-save-answers', 'yes');"
                        " localStorage.setItem(key, value); }", [visit.key, json.dumps(stored)])
    visit.page.reload()
    expect(visit.page.locator(visit.field_id(first, "response"))).to_have_value("Stored earlier")
    expect(visit.page.locator(visit.field_id(first, "Y"))).to_be_checked()
    visit.assert_healthy()


FULL_STORAGE = """(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
        if (window.tkStorageFull) { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }
        return setItem.call(this, key, value);
    };
})();"""


def test_when_storage_refuses_everything_saving_is_not_claimed(context: BrowserContext, site_url: str) -> None:
    context.add_init_script("window.tkStorageFull = true;" + FULL_STORAGE)
    visit = watch(context.new_page())
    visit.page.goto(site_url + SECTION)
    visit.page.click(CONSENT)  # not check(): the box must spring back unticked
    message = visit.page.locator(MESSAGE)
    expect(message).to_contain_text("could not be saved on this device")
    expect(message).not_to_contain_text("now saved")
    expect(visit.page.locator(CONSENT)).not_to_be_checked()
    first = visit.question()
    visit.page.check(visit.field_id(first, "Y"))
    expect(message).to_contain_text("could not be saved on this device")
    assert visit.page.evaluate("localStorage.length") == 0
    visit.assert_healthy()


def test_when_storage_fills_up_the_person_is_told_and_told_again_when_it_works(context: BrowserContext,
                                                                               site_url: str) -> None:
    context.add_init_script(FULL_STORAGE)
    visit = watch(context.new_page())
    visit.page.goto(site_url + SECTION)
    first = visit.question()
    visit.page.check(CONSENT)
    message = visit.page.locator(MESSAGE)
    expect(message).to_have_text("Your answers are now saved on this device as you type.")
    visit.page.check(visit.field_id(first, "Y"))
    stored = visit.page.evaluate("key => localStorage.getItem(key)", visit.key)
    visit.page.evaluate("window.tkStorageFull = true")
    visit.page.fill(visit.field_id(first, "response"), "Typed while storage is full")
    expect(message).to_contain_text("Your latest answers could not be saved on this device")
    expect(message).to_contain_text("Save your answers to a file")
    expect(message).not_to_contain_text("now saved")
    assert visit.page.evaluate("key => localStorage.getItem(key)", visit.key) == stored
    visit.page.evaluate("window.tkStorageFull = false")
    visit.page.fill(visit.field_id(first, "response"), "Typed after space was freed")
    expect(message).to_have_text("Your answers are saved on this device again.")
    assert "Typed after space was freed" in visit.page.evaluate("key => localStorage.getItem(key)", visit.key)
    visit.assert_healthy()


def test_a_file_opened_while_storage_is_full_says_it_was_not_saved(context: BrowserContext, site_url: str) -> None:
    context.add_init_script(FULL_STORAGE)
    visit = watch(context.new_page())
    visit.page.goto(site_url + SECTION)
    visit.page.check(CONSENT)
    visit.page.evaluate("window.tkStorageFull = true")
    visit.open_file(a_file(visit))
    message = visit.page.locator(MESSAGE)
    expect(message).to_contain_text("Opened 1 answer.")
    expect(message).to_contain_text("could not be saved on this device")
    visit.assert_healthy()


def test_when_storage_refuses_to_remove_answers_the_person_is_told(visit: Visit) -> None:
    """Unticking the box removes what was kept; if storage refuses, no message claims it was removed, and the
    box shows that answers are still kept."""
    first = visit.question()
    visit.page.check(CONSENT)
    visit.page.check(visit.field_id(first, "Y"))
    visit.page.evaluate("() => { Storage.prototype.removeItem = function () {"
                        " throw new DOMException('denied', 'SecurityError'); }; }")
    visit.page.click(CONSENT)
    message = visit.page.locator(MESSAGE)
    expect(message).to_contain_text("Your saved answers could not be removed from this device")
    expect(message).not_to_contain_text("were removed")
    expect(visit.page.locator(CONSENT)).to_be_checked()
    assert visit.page.evaluate("key => localStorage.getItem(key)", visit.key) is not None
    visit.assert_healthy()


def test_a_problem_message_passes_axe(browser: Browser, site_url: str) -> None:
    """The problem styling (colour, border) keeps the message readable: axe finds nothing with it shown."""
    from test_accessibility import check_page

    def open_bad_file(page: Page) -> None:
        visit = watch(page)
        visit.open_file(a_file(visit, set_field("answers", None)))
        expect(page.locator(".tk-assessment__message--problem")).to_contain_text("could not be opened")

    check_page(browser, site_url + SECTION, prepare=open_bad_file)


# --- under a Content-Security-Policy of script-src 'self' (plus the theme's own inline scripts) ------------

def with_policy(route: Route) -> None:
    """Serves each page with script-src 'self' and the hashes of the page's own inline scripts only."""
    response = route.fetch()
    if "text/html" not in response.headers.get("content-type", ""):
        route.fulfill(response=response)
        return
    html = response.text()
    hashes = [f"'sha256-{base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode()}'"
              for s in BeautifulSoup(html, "html.parser").find_all("script", src=False)
              if s.string and s.get("type") in (None, "text/javascript")]
    policy = f"script-src 'self' {' '.join(hashes)}; object-src 'none'; base-uri 'self'; connect-src 'self'"
    route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})


def test_the_self_assessment_works_under_a_strict_script_policy(context: BrowserContext, site_url: str) -> None:
    context.route("**/*", with_policy)
    context.add_init_script("window.tkViolations = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.tkViolations.push(e.violatedDirective + ' ' + e.blockedURI));")
    visit = watch(context.new_page())
    response = visit.page.goto(site_url + SECTION)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    first = visit.question()
    visit.page.check(CONSENT)
    visit.page.check(visit.field_id(first, "Y"))
    expect(visit.page.locator(PROGRESS)).to_contain_text("1 of")
    visit.open_file(a_file(visit))
    expect(visit.page.locator(MESSAGE)).to_have_text("Opened 1 answer.")
    expect(visit.page.locator(visit.field_id(first, "N"))).to_be_checked()
    visit.open_file(a_file(visit, set_field("__proto__", POLLUTER)))
    expect(visit.page.locator(MESSAGE)).to_contain_text("could not be opened")
    with visit.page.expect_download() as download:
        visit.page.click("text=Save answers to a file")
    assert json.loads(open(download.value.path(), encoding="utf-8").read())["answers"][first["id"]]["yn"] == "N"
    visit.page.reload()
    expect(visit.page.locator(visit.field_id(first, "response"))).to_have_value("From the file")
    assert visit.page.evaluate("window.tkViolations") == []
    visit.assert_healthy()
    # The policy is really in force: an injected inline handler is blocked and reported.
    visit.page.evaluate("document.body.insertAdjacentHTML('beforeend',"
                        " '<img src=\"data:,\" onerror=\"window.tkRan = 1\">')")
    visit.page.wait_for_function("window.tkViolations.length > 0")
    assert visit.page.evaluate("window.tkRan") is None
