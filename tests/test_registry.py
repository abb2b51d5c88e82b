"""A kind of content is one declaration in the registry (toolkit_publisher/kinds.py), read by every stage.

The proof: a glossary kind, declared here with its own model and templates (tests/fixtures/glossary/) and registered
through kinds.registered, gets its files loaded and validated, its schema, its scaffold and its pages in a built site,
with no file of the plugin changed. Outside the `glossary` fixture the kind is not registered, so no other test sees it.
"""

from __future__ import annotations

import json

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import Field

from conftest import copy_project
from test_validation import QUESTIONS, errors_for, write_data
from toolkit_publisher import kinds
from toolkit_publisher import models as m
from toolkit_publisher.__main__ import main
from toolkit_publisher.errors import ContentErrors
from toolkit_publisher.kind_pages import index_page
from toolkit_publisher.page_spec import Options as PageOptions, PageBuilder, PageSpec
from toolkit_publisher.schema import json_schemas
from toolkit_publisher.validate import validate

TEMPLATES = Path(__file__).parent / "fixtures" / "glossary"


class GlossaryTerm(m.Publishable):
    """A word the toolkits use, and what it means."""

    id: m.Slug
    title: m.Title = Field(description="The word or phrase.")
    source: m.Slug = Field(description="The id of the toolkit that uses it.")
    definition: m.Markdown


def check_term(check: Any, content: Any, term: GlossaryTerm, file: Any) -> None:
    """The definition is Markdown: checked as every Markdown field is, its links by id included."""
    check.markdown(file, ("definition",), term.definition)


def term_pages(content: Any, options: PageOptions) -> list[PageSpec]:
    """A page for each term, and an index of them in the sidebar."""
    specs, items = [], []
    for term in sorted(content.of(GLOSSARY.folder).values(), key=lambda term: term.title.lower()):
        page = PageBuilder(content, options, f"glossary/{term.id}.md")
        page.depends((GLOSSARY.folder, term.id))
        specs.append(page.spec("glossary_term.md.j2", term.title, term=term, definition=page.markdown(term.definition),
                               review=page.review(GLOSSARY.folder, term.id), **page.source(term.source)))
        items.append({"title": term.title, "description": None, "path": page.path})
    return specs + index_page(content, options, GLOSSARY, "Words the toolkits use, and what they mean.", items)


GLOSSARY = kinds.Kind(
    "glossary", GlossaryTerm, "glossary term", "glossary terms", section="glossary", title="Glossary",
    link="glossary-term", from_toolkit=True, aliases=("glossary-term",), scaffold="glossary_term.yml.j2",
    templates=TEMPLATES, check=check_term, pages=term_pages,
)

TERM = """\
id: rota
title: Rota
source: demo
definition: |
  Who works when. See also [e-rostering](glossary-term:e-rostering).
"""
OTHER_TERM = """\
id: e-rostering
title: E-rostering
source: demo
definition: A [rota](glossary-term:rota) kept in software.
"""
TERMS = {"glossary/rota.yml": TERM, "glossary/e-rostering.yml": OTHER_TERM}


@pytest.fixture
def glossary() -> Iterator[kinds.Kind]:
    with kinds.registered(GLOSSARY) as kind:
        yield kind


# --- the registry itself ----------------------------------------------------------------------------


def test_every_stage_function_a_built_in_kind_names_exists() -> None:
    """A built-in kind names other stages' functions by 'module:name' (they import the registry): each must exist."""
    for kind in kinds.all_kinds():
        hooks = [kind.check, kind.pages, kind.review_toolkits]
        if kind.downloads is not None:
            hooks += [kind.downloads.plan, kind.downloads.make, kind.downloads.holds]
        for hook in hooks:
            if isinstance(hook, kinds.Named):
                assert callable(hook.resolve()), (kind.folder, hook.target)


def test_a_registered_kind_lasts_only_as_long_as_its_block(tmp_path: Path) -> None:
    before = kinds.all_kinds()
    with kinds.registered(GLOSSARY):
        assert kinds.get("glossary") is GLOSSARY and kinds.by_alias("glossary-term") is GLOSSARY
        assert kinds.all_kinds() == (*before, GLOSSARY)
    assert kinds.all_kinds() == before and kinds.by_alias("glossary-term") is None
    # Unregistered, its folder is a stray again, and its schema is not written.
    errors = errors_for(tmp_path, {"glossary/rota.yml": TERM})
    assert errors == ["toolkit_data/glossary/rota.yml:1:1: error: this file is not read: YAML files go in one of the "
                      "folders toolkits, pages, question_sets, resources, training, templates, job_descriptions, "
                      "case_studies, organisations (or themes.yml); move it there"]
    assert "glossary.schema.json" not in json_schemas()


@pytest.mark.parametrize(("change", "clash"), [
    ({"section": "training"}, "the kind 'training' has the same URL section"),
    ({"aliases": ("page",)}, "the kind 'pages' has the same alias 'page'"),
    ({"link": "case-study"}, "the kind 'case_studies' has the same link scheme"),
    ({"folder": "toolkits", "section": "toolkits"}, "the kind 'toolkits' has the same folder and URL section"),
    ({"link": "resource"}, "the link scheme 'resource' names a resource of a resource list"),
    ({"part": "glossary"}, "a toolkit's parts can name only page, checklist, resources (the fields of models.Part)"),
])
def test_a_kind_that_would_take_another_kinds_place_is_refused(change: dict, clash: str) -> None:
    kind = dataclasses.replace(GLOSSARY, **change)
    with pytest.raises(ValueError) as refused:
        kinds.register(kind)
    assert str(refused.value) == f"the kind '{kind.folder}' cannot be registered: {clash}"
    assert kinds.all_kinds()[-1].folder == "themes"  # nothing was added


def test_a_built_in_kind_cannot_be_unregistered() -> None:
    with pytest.raises(ValueError, match="built in"):
        kinds.unregister("case_studies")


# --- validation ---------------------------------------------------------------------------------


def test_its_files_are_loaded_and_validated(tmp_path: Path, glossary: kinds.Kind) -> None:
    content = validate(write_data(tmp_path, TERMS))
    assert sorted(content.of("glossary")) == ["e-rostering", "rota"]
    assert content.glossary["rota"].title == "Rota"
    # Its owner and review dates are its toolkit's, as for any entry from a toolkit.
    assert content.reviews[("glossary", "rota")].owner == "Test team"


@pytest.mark.parametrize(("files", "expected"), [
    ({"glossary/rota.yml": TERM.replace("title:", "titel:")},
     ["toolkit_data/glossary/rota.yml:2:1: error: unknown key 'titel'; did you mean 'title'? Allowed keys here: "
      "definition, id, last_reviewed, owner, review_due, source, title"]),
    ({"glossary/rota.yml": TERM.replace("id: rota\n", "")},
     ["toolkit_data/glossary/rota.yml:1:1: error: missing required key 'id' (A stable id: lowercase letters, digits "
      "and single hyphens, such as 'regional-readiness'.); add it"]),
    ({"glossary/rota.yml": TERM.replace("id: rota", "id: rotas")},  # so 'rota' names no term, as for any kind
     ["toolkit_data/glossary/e-rostering.yml:4:22: error: the link 'glossary-term:rota' names no glossary term. It "
      "must be the id of one in toolkit_data/glossary/",
      "toolkit_data/glossary/rota.yml:1:5: error: the id 'rotas' does not match the file name 'rota.yml'; rename the "
      "file to 'rotas.yml' or change the id"]),
    ({"glossary/rota.yaml": TERM},
     ["toolkit_data/glossary/rota.yml:1:1: error: this file name differs only in case from "
      "toolkit_data/glossary/rota.yaml; rename one of them"]),
    ({"glossary/rota.yml": TERM.replace("source: demo", "source: dmeo")},
     ["toolkit_data/glossary/rota.yml:3:9: error: there is no toolkit with the id 'dmeo'; did you mean 'demo'? It "
      "must be the id of one in toolkit_data/toolkits/"]),
    ({"glossary/e-rostering.yml": None},
     ["toolkit_data/glossary/rota.yml:5:42: error: the link 'glossary-term:e-rostering' names no glossary term. It "
      "must be the id of one in toolkit_data/glossary/"]),
    ({"glossary/e-rostering.yml": OTHER_TERM.replace("kept in", "<b>kept</b> in")},
     ["toolkit_data/glossary/e-rostering.yml:4:42: error: 'definition' contains HTML that is not allowed: <b>. Only "
      "Markdown formatting and https:, http: or mailto: links may be used; remove it or write it in Markdown"]),
], ids=["unknown-key", "missing-id", "id-not-file-name", "duplicate-id", "unknown-source", "unknown-link", "html"])
def test_its_mistakes_are_told_at_their_place(tmp_path: Path, glossary: kinds.Kind, files: dict[str, str | None],
                                              expected: list[str]) -> None:
    """Each mistake once, at its place, in the words every kind's mistakes are told in (None: no such file)."""
    assert errors_for(tmp_path, {**TERMS, **files}) == expected


def test_other_kinds_link_to_it_by_id(tmp_path: Path, glossary: kinds.Kind) -> None:
    questions = QUESTIONS.replace("audience: Everyone\n", "audience: Everyone\nintro: Read the [rota](glossary-term:rot).\n")
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions, **TERMS}) == [
        "toolkit_data/question_sets/demo-questions.yml:4:24: error: the link 'glossary-term:rot' names no glossary "
        "term; did you mean 'rota'? It must be the id of one in toolkit_data/glossary/",
    ]


# --- schema and scaffold ------------------------------------------------------------------------


def test_it_has_a_schema(glossary: kinds.Kind) -> None:
    schema = json_schemas()["glossary.schema.json"]
    assert schema["$id"] == "glossary.schema.json" and schema["title"] == "GlossaryTerm"
    assert set(schema["required"]) == {"id", "title", "source", "definition"}
    assert schema["additionalProperties"] is False


def test_it_is_scaffolded_by_the_command_line(tmp_path: Path, glossary: kinds.Kind,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    data = write_data(tmp_path, {})
    assert main(["new", "glossary-term", "Bank staff", "--data", str(data)]) == 0
    made = data / "glossary" / "bank-staff.yml"
    text = made.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/glossary.schema.json\n")
    assert 'title: "Bank staff"' in text
    with pytest.raises(ContentErrors) as caught:
        validate(data)
    assert [str(e) for e in caught.value.errors] == [
        "toolkit_data/glossary/bank-staff.yml:7:9: error: 'source' still holds the placeholder 'FILL IN'; replace it "
        "with toolkit id",
        "toolkit_data/glossary/bank-staff.yml:11:3: error: 'definition' still holds the placeholder 'FILL IN'; "
        "replace it with what it means.",
    ]
    made.write_text(text.replace('"FILL IN: toolkit id"', "demo").replace("FILL IN: what it means.", "Staff who "
                    "fill shifts as they are needed."), encoding="utf-8")
    assert validate(data).glossary["bank-staff"].title == "Bank staff"
    capsys.readouterr()
    assert main(["validate", "--data", str(data)]) == 0
    assert "1 glossary" in capsys.readouterr().err  # counted with every other kind


# --- pages --------------------------------------------------------------------------------------


def _build(project: Path, site: Path) -> None:
    """Build in this process, where the kind is registered (a new process would not have it)."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_its_pages_are_in_the_built_site(tmp_path: Path, glossary: kinds.Kind) -> None:
    project = copy_project(tmp_path / "project")
    folder = project / "toolkit_data" / "glossary"
    folder.mkdir()
    for name, text in (("rota", TERM), ("e-rostering", OTHER_TERM)):
        (folder / f"{name}.yml").write_text(text.replace("source: demo", "source: fixture-programme"), encoding="utf-8")
    site = tmp_path / "site"
    _build(project, site)

    def page(url: str) -> BeautifulSoup:
        return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    term = page("glossary/rota").select_one("article")
    assert term.h1.get_text(strip=True) == "Rota"
    link = term.find("a", string="e-rostering")
    assert link is not None and link["href"] == "../e-rostering/"  # a link by id, to the other term's page
    assert term.select_one(".tk-source a")["href"] == "../../toolkits/fixture-programme/"
    assert "Next review due" in term.select_one(".tk-review").get_text()  # its toolkit's review dates
    index = page("glossary").select_one("article")
    # Its data files, made for it as for every kind: offered on its index page, and every term in them.
    offered = index.select_one(".tk-data-files").extract()
    assert [a["href"] for a in offered.select("a[href$='.json'], a[href$='.csv']")] == [
        "../data/glossary.json", "../data/glossary.csv"]
    data = json.loads((site / "data" / "glossary.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in data["entries"]] == ["e-rostering", "rota"]
    assert (site / "data" / data["$schema"]).is_file()
    assert [a.get_text() for a in index.select("li a")] == ["E-rostering", "Rota"]
    sidebar = page("").select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert "Glossary" in sidebar
    # Listed on its toolkit's home page with the toolkit's other material, under the kind's title.
    home = page("toolkits/fixture-programme").select_one("article")
    heading = home.find("h2", string="Glossary")
    assert heading is not None
    listed = heading.find_next_sibling("ul").select("a")
    assert [(a.get_text(), a["href"]) for a in listed] == [("E-rostering", "../../glossary/e-rostering/"),
                                                          ("Rota", "../../glossary/rota/")]
