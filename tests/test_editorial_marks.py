"""Editorial marks: what the editors added, left out, worked out or kept from the source's time is marked where it
appears, with one element per mark carrying data-editorial, on the page, in print and in the Word and OpenDocument
files; a malformed mark is an error at its line and column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markdown.extensions import toc
from markupsafe import Markup

from conftest import BuiltSite
from content_rules import docx_text, odt_text
from test_validation import TOOLKIT, errors_for
from toolkit_publisher import editorial
from toolkit_publisher.sanitise import rendered_unsafe_html, to_html
from toolkit_publisher.templating import environment

MARKED = re.compile(r'<span class="tk-editorial" data-editorial="(\w+)">(.*?)</span></span>', re.S)


def _marks(html: str) -> dict[str, str]:
    """Each mark's kind and its text as read (tags taken out)."""
    return {kind: " ".join(re.sub(r"<[^>]+>", "", inner).split()) for kind, inner in MARKED.findall(html)}


def test_each_mark_becomes_one_element_saying_its_kind_with_words_a_reader_sees() -> None:
    html = to_html("{added: Step 1} then {omitted} and {omitted: contact details omitted} "
                   "{derived: in 2025} {historical: [old](http://old.example.org/)}")
    assert [kind for kind, _ in MARKED.findall(html)] == ["added", "omitted", "omitted", "derived", "historical"]
    assert "Step 1 (editors' addition)" in _marks(html).values()
    assert "in 2025 (editors' reading)" in _marks(html).values()
    assert "old (historical address)" in _marks(html).values()
    assert '<a href="http://old.example.org/">old</a>' in html
    assert re.search(r'data-editorial="omitted">\[…\]<span class="tk-visually-hidden"> \(left out by the editors\)', html)
    assert "[contact details omitted]" in html
    assert rendered_unsafe_html("{added: Step 1} {omitted} {historical: [old](http://old.example.org/)}") is None


def test_escaped_or_coded_braces_stay_text() -> None:
    assert "data-editorial" not in to_html(r"\{added: not a mark} and `{added: code}`")


def test_templates_emit_the_same_mark_as_markdown() -> None:
    template = environment().from_string('{{ "Step <1>"|editorial("added") }} {{ ""|editorial("omitted") }}')
    html = template.render()
    assert _marks(html) == {"added": "Step &lt;1&gt; (editors' addition)", "omitted": "[…] (left out by the editors)"}
    assert editorial.mark("x", "added") == Markup(to_html("{added: x}")[3:-4])
    assert editorial.words("Step 1", "added") == "Step 1 (editors' addition)"
    assert editorial.words("", "omitted") == "[…]"
    with pytest.raises(ValueError, match="expected one of added, omitted, derived, historical"):
        editorial.mark("x", "guessed")


@pytest.mark.parametrize(("written", "column", "expected"), [
    ("{addded: Step 1}", 7, "'{addded' is not an editorial mark: a mark is one of added, omitted, derived, "
                            "historical, in lowercase. Did you mean 'added'?"),
    ("{Added: Step 1}", 7, "'{Added' is not an editorial mark"),
    ("{added Step 1}", 7, "the mark '{added' needs ': ' before its words, as {added: words}"),
    ("{added: Step 1", 7, "the mark '{added' is not closed: end it with '}' in the same paragraph"),
    ("{added:}", 7, "the mark '{added' has no words"),
    ("{added: a {derived: b}}", 7, "the mark '{added' holds a '{'"),
])
def test_a_malformed_mark_is_an_error_at_its_line_and_column(tmp_path: Path, written: str, column: int,
                                                              expected: str) -> None:
    page = f"id: intro\ntitle: Intro\nbody: |\n  First line.\n\n  Then {written} here.\n"
    errors = errors_for(tmp_path, {"pages/intro.yml": page, "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"})
    assert len(errors) == 1
    assert errors[0].startswith(f"toolkit_data/pages/intro.yml:6:{column + 1}: error: 'body': {expected}")
    assert "To fix it" in errors[0] or "put the words" in errors[0]


def test_braces_that_are_not_a_mark_pass(tmp_path: Path) -> None:
    page = "id: intro\ntitle: Intro\nbody: |\n  Some {ordinary words} and {omitted} here.\n"
    from test_validation import write_data
    from toolkit_publisher.validate import validate
    validate(write_data(tmp_path, {"pages/intro.yml": page, "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"}))


@pytest.mark.parametrize("html", [
    '<span data-editorial="guessed">x</span>',
    '<span data-editorial="added" onclick="x()">x</span>',
    '<em data-editorial="added">x</em>',
])
def test_only_the_four_marks_pass_the_sanitiser(html: str) -> None:
    assert rendered_unsafe_html(f"Text {html} text") is not None


def test_marks_on_the_built_page(fixture_site: BuiltSite) -> None:
    page = (fixture_site.root / "toolkits" / "fixture-readiness" / "fixture-introduction" / "index.html").read_text("utf-8")
    marks = _marks(page)
    assert set(marks) == set(editorial.KINDS)
    assert marks["added"].endswith("(editors' addition)") and marks["derived"].endswith("(editors' reading)")
    assert marks["historical"].endswith("(historical address)")
    assert re.search(r'data-editorial="historical"><span class="tk-editorial__text"><a href="http://old', page)


def test_marks_in_word_and_opendocument(fixture_site: BuiltSite) -> None:
    base = fixture_site.root / "downloads" / "templates" / "fixture-plan"
    for text in (docx_text(base.with_suffix(".docx")), odt_text(base.with_suffix(".odt"))):
        flat = " ".join(text.split())
        assert "A sentence the editors wrote. (editors' addition)" in flat
        assert "A cut passage […] and" in flat
        assert "an old site (http://old.example.org/) (historical address)" in flat
        assert "left out by the editors" not in flat


def test_labels_the_source_lacks_are_marked_or_gone(fixture_site: BuiltSite) -> None:
    """An organisation's region, which the editors read from the source, is marked as theirs; milestones are not
    numbered as steps the source does not name."""
    site = fixture_site
    organisation = site.article("organisations/fixture-trust/")
    region = organisation.select_one('.tk-meta [data-editorial="derived"]')
    assert region is not None and " ".join(region.get_text(" ").split()) == "Region: North West (editors' reading)"
    page = site.article("toolkits/fixture-programme/fixture-programme-page/")
    steps = page.select("ol.tk-timeline > li")
    assert steps and not any("Step" in step.get_text() for step in steps)


def test_a_title_the_editors_wrote_is_marked_in_the_heading(fixture_site: BuiltSite) -> None:
    heading = fixture_site.article("toolkits/fixture-programme/fixture-programme-page/").select_one("h1")
    assert heading is not None
    mark = heading.select_one('[data-editorial="added"]')
    assert mark is not None and " ".join(heading.get_text(" ").split()) == "The fixture programme (editors' addition)"


def test_an_editors_note_is_marked_as_derived_with_the_marks_tag_in_its_title(fixture_site: BuiltSite) -> None:
    """The note is a block the template marks itself: its title says whose words they are, as an inline mark's tag
    does, so the mark is seen, printed and heard, not only carried in an attribute; the files head it alike."""
    article = fixture_site.article("job-descriptions/fixture-planning-officer/")
    marked = article.select_one('.tk-editorial[data-editorial="derived"]')
    assert marked is not None and marked.select_one(".admonition")
    title = marked.select_one(".admonition-title")
    assert " ".join(title.get_text(" ").split()) == "Editor's note (editors' reading)"
    assert title.select_one(".tk-editorial__tag:not(.tk-visually-hidden)").get_text() == "(editors' reading)"
    path = fixture_site.root / "downloads" / "job-descriptions" / "fixture-planning-officer.docx"
    assert "Editor's note (editors' reading)" in docx_text(path).splitlines()
    assert "Editor's note (editors' reading)" in odt_text(path.with_suffix(".odt")).splitlines()


def test_a_block_or_field_a_template_marks_shows_the_same_tag_as_a_mark_in_words() -> None:
    assert editorial.tag("derived") == Markup('<span class="tk-editorial__tag">(editors\' reading)</span>')
    assert editorial.tag("added") in editorial.mark("x", "added")
    with pytest.raises(ValueError, match="no tag for the mark 'omitted'"):
        editorial.tag("omitted")


#: Pages whose templates mark words, blocks and fields themselves: every added or derived mark on them shows its tag.
TEMPLATE_MARKED = ("job-descriptions/fixture-planning-officer/", "document-templates/fixture-plan/",
                   "toolkits/fixture-readiness/fixture-grouped/")


@pytest.mark.parametrize("path", TEMPLATE_MARKED)
def test_every_mark_a_template_makes_shows_whose_words_they_are(fixture_site: BuiltSite, path: str) -> None:
    article = fixture_site.article(path)
    marks = [m for m in article.select('[data-editorial="added"], [data-editorial="derived"]')
             if not m.find_parent(attrs={"data-editorial": True})]
    assert marks, path
    for mark in marks:
        tags = [t for t in mark.select(".tk-editorial__tag") if not t.find_parent(class_="tk-visually-hidden")]
        assert "tk-editorial" in mark["class"], mark
        assert [t.get_text() for t in tags] == [f"({editorial.TAGS[mark['data-editorial']]})"], mark


def test_an_added_figure_field_is_labelled_as_the_editors(fixture_site: BuiltSite) -> None:
    """The field a source's checklist does not have is named, seen and heard as the editors' addition."""
    article = fixture_site.article("toolkits/fixture-readiness/fixture-grouped/")
    field = article.select_one("input.tk-figure")
    label = article.select_one(f'label[for="{field["id"]}"]')
    assert " ".join(label.get_text(" ").split()) == "Figure (editors' addition)"
    assert label.find_parent(attrs={"data-editorial": "added"}) is field.find_parent(attrs={"data-editorial": "added"})


def test_finding_malformed_marks_grows_with_the_text_not_its_square() -> None:
    """Many broken marks in one field (a pasted file, an attack) are each reported, in one pass over the text."""
    assert len(editorial.problems("{added: never closed " * 20_000)) == 20_000
    assert editorial.problems("`{added x}` and {added: fine}") == []


def test_an_open_backtick_does_not_hide_the_next_paragraphs_marks() -> None:
    """Markdown's inline code ends with its paragraph: so does the check's reading of it."""
    found = editorial.problems("One ` here.\n\n{added oops not closed\n\nAnd ` there.")
    assert [message.split(":")[0] for _, message in found] == ["the mark '{added' is not closed"]
    assert editorial.problems("Code `{added x}` here.") == []


@pytest.mark.parametrize("code", ["Set it up:\n\n      {added x} = 1\n      print({Added: x})\n\n  Then run it.",
                                  "```\n  {added x}\n  ```", "Set `{added x}` up."])
def test_braces_in_code_are_the_code_s_not_a_mark(tmp_path: Path, code: str) -> None:
    """An indented code block, a fence that Markdown reads as code and inline code are published as written: their
    braces are not marks, so the checker does not take them for broken ones."""
    from test_validation import write_data
    from toolkit_publisher.validate import validate

    page = f"id: intro\ntitle: Intro\nbody: |\n  First line.\n\n  {code}\n"
    validate(write_data(tmp_path, {"pages/intro.yml": page, "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"}))
    html = to_html(code.replace("\n  ", "\n"))
    assert "data-editorial" not in html and re.search(r"<code>[^<]*\{added x\}", html)


@pytest.mark.parametrize(("written", "line", "column"), [
    ("- A step.\n\n      More of the step {added oops.", 8, 24),  # indented under a list item: its text, not code
    ("!!! note\n      A note {added oops.", 7, 14),  # the body of an admonition
    ("```\n  Not code {added oops.\n\n  ```", 7, 12),  # a fence across a blank line is not code to this Markdown
])
def test_a_broken_mark_in_indented_text_that_is_not_code_is_still_an_error(tmp_path: Path, written: str, line: int,
                                                                             column: int) -> None:
    page = f"id: intro\ntitle: Intro\nbody: |\n  First line.\n\n  {written}\n"
    errors = errors_for(tmp_path, {"pages/intro.yml": page, "toolkits/demo.yml": TOOLKIT + "  - page: intro\n"})
    assert [e.split(": error: ")[0] for e in errors] == [f"toolkit_data/pages/intro.yml:{line}:{column}"]
    assert "the mark '{added' is not closed" in errors[0]


def test_a_mark_like_text_in_a_written_page_s_code_block_passes() -> None:
    from toolkit_publisher.docs_sources import check_text

    assert check_text(b"# About\n\nThe syntax:\n\n    {added words\n\nSome {added oops.\n", "content/about.md") != []
    assert check_text(b"# About\n\nThe syntax:\n\n    {added words\n", "content/about.md") == []


@pytest.mark.parametrize("written", ["[words](https://example.org/{added: y})", "<https://example.org/{added:x}>",
                                     '[w](https://example.org/ "{added: y}")', "[w]: https://example.org/{added: y}"])
def test_a_mark_inside_a_link_address_or_title_is_an_error(written: str) -> None:
    found = editorial.problems(f"See here.\n\n{written}\n")
    assert len(found) == 1 and "inside a link's address or title" in found[0][1]
    assert editorial.problems("{historical: [kc.nimhe.org.uk](http://kc.nimhe.org.uk/)}") == []


def test_a_malformed_mark_in_a_written_page_is_an_error_at_its_place(tmp_path: Path) -> None:
    from toolkit_publisher.docs_sources import check_text

    errors = [str(e) for e in check_text(b"# About\n\nSome {added oops, never closed.\n", "content/about.md")]
    assert errors == [e for e in errors if e.startswith("content/about.md:3:6: error: the mark '{added' ")] != []


def _words_without_tags(heading: Tag) -> str:
    """A heading's own words: without a mark's visible tag and the words only screen readers hear."""
    copy = BeautifulSoup(str(heading), "html.parser")
    for tag in copy.select(f".{editorial.TAG_CLASS}, .{editorial.HIDDEN_CLASS}"):
        tag.decompose()
    return copy.get_text()


def test_a_marked_heading_is_anchored_by_its_own_words_not_the_mark_s_tag(fixture_site: BuiltSite) -> None:
    """A heading the editors wrote (an entry named in editors_wrote, an {added: ...} heading) has the anchor the same
    words would have unmarked: marking or unmarking a heading keeps the links to it working."""
    marked = []
    for page in fixture_site.root.rglob("*.html"):
        for heading in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
                "article :is(h1, h2, h3, h4, h5, h6)[id]"):
            if heading.select_one("[data-editorial]") is None:
                continue
            marked.append(heading)
            assert heading["id"] == toc.slugify(_words_without_tags(heading), "-"), heading
            assert "editors" not in heading["id"] and "left-out" not in heading["id"], heading
    # The fixture has both: an entry's title named in editors_wrote and a heading marked {added: ...} in a body.
    assert {heading.name for heading in marked} >= {"h1", "h2"}


def test_the_slug_of_a_heading_leaves_out_every_mark_s_tag() -> None:
    for kind in editorial.KINDS:
        html = to_html(f"Step one {{{kind}: in 2025}}")
        text = BeautifulSoup(html, "html.parser").get_text()
        assert editorial.slugify(text, "-") == "step-one-in-2025", (kind, text)
