"""Nothing on a page moves once the reader can see it (issue 22, "for the reader"): the cumulative layout shift
of every kind of page stays under 0.1, Google's mark of a good page, on a phone and on a desktop.

A slow phone paints the page before its scripts have run; a fast test machine may run them first, and would
never see what moves. So each page's scripts are held back until all its content has been painted, then let
through, as on the slowest connection. The shift is read once every script has done its work: the page has loaded, each
self-assessment panel, case-study filter and print button says it is ready, and two frames have been drawn
since (a shift is recorded as the frame after a change is drawn). States, not time."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Route

from test_browser import KINDS_OF_PAGE

#: Every kind of page of the fixture site, with the two the reflow tests leave out.
PAGES = {**KINDS_OF_PAGE, "content health": "/content-health/", "page not found": "/no-such-page/"}
#: What Lighthouse's mobile preset emulates (a mid-range phone), and a desktop.
SCREENS = {
    "phone": {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
              "has_touch": True},
    "desktop": {"viewport": {"width": 1350, "height": 940}},
}
#: Google's threshold of a good cumulative layout shift.
GOOD = 0.1

#: The page has been parsed up to its first script file (the theme's, after all the content), where the
#: parser waits for it, and painted.
PARSED = ("() => document.body !== null && document.body.querySelector('script[src]') !== null"
          " && performance.getEntriesByType('paint').some(entry => entry.name === 'first-contentful-paint')")
#: Every part of the page a script enhances says it is ready.
ENHANCED = """() => [...document.querySelectorAll('[data-tk-assessment], form[data-tk-filter], [data-tk-print]')]
    .every(element => element.dataset.tkReady === 'true')"""
#: Resolves once two more frames have been drawn: any change made before now has been laid out and painted.
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
#: Every layout shift since the page started loading, with what moved. Those just after an input count too: the
#: test gives none, but Chromium's phone emulation reports one of its own as the page opens, which would hide them.
SHIFTS = """() => {
    const observer = new PerformanceObserver(() => {});
    observer.observe({type: 'layout-shift', buffered: true});
    const entries = observer.takeRecords();
    observer.disconnect();
    return entries.map(entry => ({
        value: entry.value,
        moved: entry.sources.map(source => source.node ? source.node.outerHTML.slice(0, 100) : '(removed)')}));
}"""


@pytest.fixture(params=list(SCREENS))
def screen(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**SCREENS[request.param])
    yield context.new_page()
    context.close()


def load_as_a_slow_phone_would(page: Page, url: str) -> None:
    """Open the page with its scripts held back until all its content is painted, then let them through."""
    held: list[Route] = []
    painted = False

    def hold(route: Route) -> None:
        if painted:
            route.continue_()
        else:
            held.append(route)

    page.route("**/*.js", hold)
    page.goto(url, wait_until="commit")
    page.wait_for_function(PARSED)
    page.wait_for_function(TWO_FRAMES)  # all that was parsed is drawn
    painted = True
    for route in held:
        route.continue_()
    page.wait_for_load_state("load")
    page.wait_for_function(ENHANCED)
    page.wait_for_function(TWO_FRAMES)


@pytest.mark.parametrize("kind", PAGES)
def test_nothing_moves_once_the_page_is_painted(screen: Page, site_url: str, kind: str) -> None:
    load_as_a_slow_phone_would(screen, site_url + PAGES[kind])
    shifts = screen.evaluate(SHIFTS)
    total = sum(shift["value"] for shift in shifts)
    assert total < GOOD, f"layout shift {total:.3f}: " + "; ".join(
        f"{shift['value']:.3f} moving {shift['moved']}" for shift in shifts)


#: The words of a page's content, as they are in the document (shown or not).
WORDS = "() => document.querySelector('article').textContent.split(/\\s+/).filter(Boolean).join(' ')"


@pytest.mark.parametrize("kind", ["checklist section", "checklist section without groups", "case-study index",
                                  "whole checklist print view"])
def test_the_scripts_write_no_words_the_page_did_not_have(browser: Browser, site_url: str, kind: str) -> None:
    """What a script shows on load (how many questions are answered, how many case studies are listed) is in the
    page as built, so writing it moves nothing: the content's words are the same with scripts and without."""
    words = {}
    for scripts in (False, True):
        context = browser.new_context(java_script_enabled=scripts)
        page = context.new_page()
        page.goto(site_url + PAGES[kind])
        if scripts:
            page.wait_for_function(ENHANCED)
        words[scripts] = page.evaluate(WORDS)
        context.close()
    assert words[True] == words[False]
