"""Which of the plugin's stylesheets and scripts (assets/) each page loads: those of every page, and those of each
feature whose markup the page holds, so a reader's phone fetches and runs only what the page uses.

A feature is found by the markup its stylesheet styles or its script enhances (the self-assessment panel's
``data-tk-assessment``, the case-study filter's ``data-tk-filter``...), in the page's content as published. Only
the templates write that markup: the page check refuses data- attributes, forms and buttons in what editors write.

Scripts are classic scripts, run in the order listed: each after those it uses (``_on-page.js``, then the modules
whose names start with ``_``). Pages with any script also get ``no-script.css`` inside ``<noscript>``: the
controls a script drives are on the page as built (so nothing moves when the script runs), and without scripts
that stylesheet hides them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Where the plugin's stylesheets and scripts (assets/) are published in the site.
ASSET_URI = "assets/toolkit"
#: On every page, the theme's 404 page included: the palette, links and focus; the search dialog's name.
EVERY_PAGE_STYLES = ("toolkit.css",)
EVERY_PAGE_SCRIPTS = ("toolkit.js",)
#: Shown only where scripts do not run: hides the controls that need them.
NO_SCRIPT = "no-script.css"
#: The page template that adds a page's own assets to the theme's page (in the plugin's theme/ folder).
TEMPLATE = "toolkit-page.html"


def _attribute(name: str) -> re.Pattern[str]:
    """An element of the page with this attribute (within a tag: text never holds a raw '<')."""
    return re.compile(rf"<[a-z][^<>]*\s{re.escape(name)}(?=[\s=/>])")


def _class(name: str) -> re.Pattern[str]:
    """An element of the page with this class."""
    return re.compile(rf"<[a-z][^<>]*\sclass=\"(?:[^\"]*\s)?{re.escape(name)}[\s\"]")


@dataclass(frozen=True)
class Feature:
    """A stylesheet and scripts that style or enhance one kind of markup, found by ``marker``."""

    name: str
    marker: re.Pattern[str]
    styles: tuple[str, ...] = ()
    #: In the order they run: each after those it uses.
    scripts: tuple[str, ...] = ()


FEATURES = (
    Feature("checklist table", _class("tk-checklist"), styles=("checklist.css",)),
    Feature("self-assessment", _attribute("data-tk-assessment"), styles=("self-assessment.css",),
            scripts=("_on-page.js", "_saved-answers.js", "_toolkit-answers.js", "_self-assessment-state.js", "_self-assessment-storage.js",
                     "_self-assessment-files.js", "self-assessment.js")),
    Feature("check answers", _attribute("data-tk-check-answers"),
            styles=("checklist.css", "self-assessment.css", "check-answers.css"),
            scripts=("_on-page.js", "_saved-answers.js", "_toolkit-answers.js", "_self-assessment-storage.js",
                     "_self-assessment-files.js", "_action-plan.js", "_readiness-chart.js", "_answers-exports.js",
                     "check-answers.js")),
    Feature("compare saved answers", _attribute("data-tk-compare"),
            styles=("self-assessment.css", "check-answers.css", "compare-answers.css"),
            scripts=("_on-page.js", "_saved-answers.js", "_toolkit-answers.js", "_self-assessment-files.js",
                     "_answers-files.js", "_answers-compare.js", "answers-compare.js")),
    Feature("combine a team's answers", _attribute("data-tk-team"),
            styles=("self-assessment.css", "check-answers.css", "compare-answers.css"),
            scripts=("_on-page.js", "_saved-answers.js", "_toolkit-answers.js", "_self-assessment-files.js",
                     "_answers-files.js", "_team-view.js", "team-view.js")),
    Feature("print button", _attribute("data-tk-print"), scripts=("_on-page.js", "print.js")),
    Feature("case-study filter", _attribute("data-tk-filter"), styles=("filter.css",),
            scripts=("_on-page.js", "filter.js")),
)


@dataclass(frozen=True)
class PageAssets:
    """One page's own stylesheets and scripts, in the order they load, beyond those every page loads."""

    styles: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    #: Loaded inside <noscript>, after the styles.
    no_script: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.styles or self.scripts or self.no_script)


def all_styles() -> tuple[str, ...]:
    return _unique(EVERY_PAGE_STYLES + tuple(style for feature in FEATURES for style in feature.styles))


def all_scripts() -> tuple[str, ...]:
    return _unique(EVERY_PAGE_SCRIPTS + tuple(script for feature in FEATURES for script in feature.scripts))


def for_page(html: str, *, everywhere: tuple[str, ...] = ()) -> PageAssets:
    """The assets of the features this page's content holds, but those loaded on every page already
    (``everywhere``: the site's own list, which is longer when the theme's instant navigation is on)."""
    used = [feature for feature in FEATURES if feature.marker.search(html)]
    loaded = set(EVERY_PAGE_STYLES + EVERY_PAGE_SCRIPTS + everywhere)
    styles = tuple(name for name in _unique(tuple(s for f in used for s in f.styles)) if name not in loaded)
    scripts = tuple(name for name in _unique(tuple(s for f in used for s in f.scripts)) if name not in loaded)
    no_script = (NO_SCRIPT,) if any(feature.scripts for feature in used) else ()
    return PageAssets(styles, scripts, no_script)


def _unique(names: tuple[str, ...]) -> tuple[str, ...]:
    """In order of first appearance, each once."""
    return tuple(dict.fromkeys(names))
