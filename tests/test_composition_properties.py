"""Property: pages composed from several hostile fields either fail the build with a clear error, or are
published as HTML that the page policy and an independent sanitiser (lxml's Cleaner) both leave unchanged."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml_html_clean import Cleaner
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError

from conftest import copy_project, examples
from test_published_pages import ORGANISATION, THEMES, WITH_PAGE
from test_validation import write_data
from toolkit_publisher.sanitise import unsafe_page

#: Text that passes the per-field check alone; beside other fields on a published page some of it has
#: changed meaning: reference definitions and uses, comment openers and closers, indentation, brackets.
FRAGMENTS = [
    "[g]: javascript:alert(1)", "[g]: https://example.org/", "[read][g]", "[g]", "<!--", "-->",
    "    <img src=x onerror=alert(1)>", "    [read][g]", "[x](https://example.org/ \"A title\")", "[", "](", "![",
    "!!! note", "> quoted", "1. item", "- item", "`", "*", "Plain words.", "&lt;script&gt;",
]
#: Halves of the attacks found: each half passes alone, and the pair is one field's text meeting another's.
PAIRS = [("[g]: javascript:alert(1)", "[read][g]"), ("[read][g]", "[g]: javascript:alert(1)"),
         ("<!--", "-->"), ("    <img src=x onerror=alert(1)>", "Plain words."),
         ("[g]: <javascript:alert(1)>", "[g]"), ("<!--", "--> <img src=x onerror=alert(1)>")]
#: A few that the field check refuses alone, so both outcomes occur.
REFUSED = ["<b>bold</b>", "{: onclick=alert(1) }", "[x](https://example.org/ \"<img src=x onerror=alert(1)>\")"]
BLOCK = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=2).map(" ".join)
FIELDS = ("note", "body", "what_they_did", "outcome")
#: Fields published one after the other: the editor's note just before a page's body, and a case study's two.
NEIGHBOURS = [("note", "body"), ("what_they_did", "outcome")]


@st.composite
def composed(draw: st.DrawFn) -> dict[str, str]:
    """Four fields of two pages: on each page, the halves of an attack in neighbouring fields, and noise around."""
    fields = {name: draw(st.lists(BLOCK, max_size=2)) for name in FIELDS}
    for before, after in NEIGHBOURS:
        first, second = draw(st.sampled_from(PAIRS))
        fields[before].append(first)
        fields[after].insert(0, second)
    if draw(st.integers(0, 9)) == 0:
        fields[draw(st.sampled_from(FIELDS))].append(draw(st.sampled_from(REFUSED)))
    return {name: "\n\n".join(blocks) or "Plain words." for name, blocks in fields.items()}


#: lxml's own idea of what cannot run script; forms are the templates' own (the case-study filter).
CLEANER = Cleaner(scripts=True, javascript=True, comments=True, style=True, inline_style=True, embedded=True,
                  frames=True, forms=False, meta=True, page_structure=False, processing_instructions=True,
                  remove_unknown_tags=False, safe_attrs_only=False, annoying_tags=False)


def _yaml_block(text: str) -> str:
    """A field as a YAML literal block with an explicit indentation, so leading spaces are the field's own."""
    return "|2-\n" + "\n".join(f"  {line}" if line else "" for line in text.split("\n"))


def _build(root: Path, files: dict[str, str]) -> tuple[Path | None, str]:
    """Build in this process (much quicker than a new one for each example); the site, or the error text."""
    data = write_data(root / "data", {"organisations/an-org.yml": ORGANISATION, "themes.yml": THEMES, **files})
    (root / "project").mkdir()
    project = copy_project(root / "project", data)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    logged: list[str] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        build(config)
    except (Abort, PluginError) as exc:
        return None, "\n".join([*logged, str(exc)])
    finally:
        logger.removeHandler(handler)
        config.plugins.on_shutdown()
    return root / "site", ""


def _article(page: Path) -> str:
    from bs4 import BeautifulSoup

    article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert article is not None
    return article.decode_contents()


def _unchanged_by_lxml(html: str) -> bool:
    wrapped = lxml.html.fragment_fromstring(html, create_parent="div")
    before = lxml.html.tostring(wrapped, encoding="unicode")
    after = lxml.html.tostring(CLEANER.clean_html(lxml.html.fragment_fromstring(html, create_parent="div")),
                               encoding="unicode")
    return before == after


@settings(max_examples=examples(20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(fields=composed())
def test_composed_pages_fail_clearly_or_publish_only_safe_html(fields: dict[str, str]) -> None:
    note, body, what_they_did, outcome = (fields[name] for name in FIELDS)
    os.environ["TOOLKIT_PUBLISHER_WORKERS"] = "0"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    page = "id: intro\ntitle: Intro\n" + (f"editor_note: {_yaml_block(note)}\n") + \
        f"body: {_yaml_block(body)}\n"
    study = ("id: a-study\ntitle: A study\norganisations: [an-org]\nthemes: [a-theme]\nsource: demo\n"
             f"summary: A summary.\nwhat_they_did: {_yaml_block(what_they_did)}\noutcome: {_yaml_block(outcome)}\n")
    with tempfile.TemporaryDirectory() as folder:
        site, error = _build(Path(folder), {"pages/intro.yml": page, "case_studies/a-study.yml": study,
                                            "toolkits/demo.yml": WITH_PAGE})
        if site is None:
            lines = [line for line in error.splitlines() if ": error: " in line]
            assert lines and all(line.startswith(("toolkit_data/", "content/")) for line in lines), error
            return
        for published in (site / "toolkits" / "demo" / "intro" / "index.html",
                          site / "case-studies" / "a-study" / "index.html"):
            html = _article(published)
            assert unsafe_page(html) is None, html
            assert _unchanged_by_lxml(html), html
