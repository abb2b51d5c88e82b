"""./scripts/faithfulness, on a small site and sources made for it (tests/fixtures/faithfulness/): each piece of a
page's text is the source's word for word, marked as the editors' (by kind), the site's furniture, or unexplained;
the site's own pages are not compared; a missing folder of sources is said plainly."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT, BuiltSite

sys.path.insert(0, str(ROOT / "scripts"))
import faithfulness  # noqa: E402 - the script's module, beside it in scripts/

HERE = ROOT / "tests" / "fixtures" / "faithfulness"
SITE, SOURCES = HERE / "site", HERE / "sources"


def _report() -> faithfulness.PageReport:
    reports = faithfulness.compare_site(SITE, faithfulness.read_sources(SOURCES))
    assert [report.path for report in reports] == ["guide/index.html"], "the home and about pages are the site's own"
    return reports[0]


def test_each_piece_of_text_is_told_for_what_it_is() -> None:
    pieces = [(piece.category, piece.text) for piece in _report().pieces]
    # Written out by hand from the fixture page and its two sources.
    assert pieces == [
        ("verbatim", "A guide to rotas"),  # the source's Markdown emphasis does not count
        ("verbatim", "The Trust will run three sessions. Each session lasts an hour."),
        ("verbatim", "Review the data with your team."),
        ("verbatim", "For details contact Pat Example at"),
        ("omitted", "[contact details omitted]"),
        ("verbatim", "The Trust will run"),
        ("omitted", "[…]"),
        ("verbatim", "sessions."),
        ("added", "A heading the editors wrote"),
        ("unexplained", "The dates here are"),
        ("derived", "in 2025"),  # one mark, however many elements it holds
        ("unexplained", "See"),
        ("historical", "old.example.org"),
        ("verbatim", ", a second document the site may quote from."),  # from the other source
        ("unexplained", "Sessions start at ten sharp."),  # a block not found whole is looked at sentence by sentence
        ("verbatim", "Each session lasts an hour."),
        ("interface", "Mode and venue"),  # a column heading
        ("interface", "Not stated in the source"),  # the site's words for what a source lacks (labels.py)
        ("interface", "Word document, 21 KB"),  # an offer of files
    ]


def test_the_report_gives_words_and_marks_per_page_and_in_total(capsys: pytest.CaptureFixture[str]) -> None:
    report = _report()
    assert report.marks() == {"added": 1, "omitted": 2, "derived": 1, "historical": 1}
    assert report.unexplained() == ["The dates here are", "See", "Sessions start at ten sharp."]
    assert faithfulness.main(["--site", str(SITE), "--sources", str(SOURCES), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["totals"]["words"] == report.totals() and printed["totals"]["marks"] == report.marks()
    assert printed["totals"]["pages_with_unexplained"] == 1
    assert printed["pages"][0]["unexplained"] == report.unexplained()
    assert faithfulness.main(["--site", str(SITE), "--sources", str(SOURCES)]) == 0
    text = capsys.readouterr().out
    assert "guide/index.html: " in text and "    unexplained: Sessions start at ten sharp." in text
    assert "Totals over 1 pages (words): " in text and "Pages with unexplained text: 1 of 1" in text
    assert faithfulness.main(["--site", str(SITE), "--sources", str(SOURCES), "--fail-on-unexplained"]) == 1


def test_missing_sources_are_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="the source documents are not at .*: give their folder with --sources DIR"):
        faithfulness.main(["--site", str(SITE), "--sources", str(tmp_path / "nowhere")])
    with pytest.raises(SystemExit, match="holds no source documents"):
        faithfulness.main(["--site", str(SITE), "--sources", str(tmp_path)])
    with pytest.raises(SystemExit, match="is not a built site"):
        faithfulness.main(["--site", str(tmp_path), "--sources", str(SOURCES)])


def test_on_a_built_site_marks_made_by_the_templates_are_counted(fixture_site: BuiltSite, tmp_path: Path) -> None:
    """The fixture site against a source made of its own training schedule's words: the schedule's details are the
    source's, and what the templates mark (a detail printed once, the dates worked out) is counted by its kind."""
    (tmp_path / "schedule.txt").write_text("Winter launch session\nAnyone can attend\nEmail for joining link\n",
                                           encoding="utf-8")
    reports = {r.path: r for r in faithfulness.compare_site(fixture_site.root, faithfulness.read_sources(tmp_path))}
    assert "index.html" not in reports and "downloads/index.html" not in reports
    schedule = reports["training/fixture-training/index.html"]
    assert ("verbatim", "Winter launch session") in [(p.category, p.text) for p in schedule.pieces]
    assert schedule.marks()["derived"] >= 1 and schedule.marks()["added"] >= 1


#: A person specification as plain text gives it (written for this test): each row's cells side by side, so a
#: requirement and a group's heading run on below, between their neighbours' words.
TABLE_AS_TEXT = """\
Requirements Essential Desirable How measured

Qualifications and Professional
Training

Educated to A level 3 A
or equivalent

Skills and • Proven project management and Application
Abilities planning skills form

• Excellent written and
Interview

presentation skills

Flexible approach 3 I
one
two
three
far below
"""


MEASURED = "Application form"


def _cells_report(tmp_path: Path, cells: list[str], paragraph: str) -> list[tuple[str, str]]:
    (tmp_path / "spec.txt").write_text(TABLE_AS_TEXT, encoding="utf-8")
    # Each row's other cells: a tick, and how the requirement is measured (the words beside it in the source's lines).
    rows = "".join(f"<tr><th scope='row'>{cell}</th><td>3</td><td>{MEASURED}</td></tr>" for cell in cells)
    page = f"<article><table><tbody>{rows}</tbody></table><p>{paragraph}</p></article>"
    report = faithfulness.compare_page("spec/index.html", page, faithfulness.read_sources(tmp_path))
    return [(piece.category, piece.text) for piece in report.pieces if piece.text not in ("3", MEASURED)]


def test_a_table_cell_the_source_prints_across_lines_between_its_neighbours_is_the_source_s(tmp_path: Path) -> None:
    found = _cells_report(tmp_path, ["Educated to A level or equivalent", "Qualifications and Professional Training",
                                     "Skills and Abilities", "Proven project management and planning skills",
                                     "Excellent written and presentation skills"], "Educated to A level")
    assert found == [("verbatim", "Educated to A level or equivalent"),
                     ("verbatim", "Qualifications and Professional Training"),
                     ("verbatim", "Skills and Abilities"),
                     ("verbatim", "Proven project management and planning skills"),
                     ("verbatim", "Excellent written and presentation skills"),
                     ("verbatim", "Educated to A level")]


def test_words_scattered_over_the_source_are_not_a_cell(tmp_path: Path) -> None:
    """Only a table's cells are read across lines; each part must be a run on its own line, close below the last,
    and a single word from inside a line is never a part; a word changed or added is still unexplained."""
    found = _cells_report(tmp_path, ["Flexible approach far below",  # too far below
                                     "Essential management planning",  # single words from inside lines
                                     "Educated to A level or higher",  # a word the source does not have
                                     "planning skills Proven project management and"],  # out of order
                          "Educated to A level or equivalent")  # a paragraph is not a table's cell
    assert found == [("unexplained", "Flexible approach far below"),
                     ("unexplained", "Essential management planning"),
                     ("unexplained", "Educated to A level or higher"),
                     ("unexplained", "planning skills Proven project management and"),
                     ("unexplained", "Educated to A level or equivalent")]


def test_the_site_s_words_for_a_missing_link_and_a_field_s_name_are_furniture_between_the_source_s(
        fixture_site: BuiltSite, tmp_path: Path) -> None:
    """"(link not yet provided)" inside a sentence and "Link not yet provided" and "Publisher:" in a resource list
    are the site's fixed words, each in its own element: the source's words either side are compared on their own."""
    (tmp_path / "toolkit.txt").write_text(
        "This toolkit helps you test the generator. See the guide and a site with a link.\n"
        "A guide whose link the source leaves blank (section 4)\nFixture publisher\n", encoding="utf-8")
    reports = {r.path: r for r in faithfulness.compare_site(fixture_site.root, faithfulness.read_sources(tmp_path))}
    intro = [(p.category, p.text) for p in reports["toolkits/fixture-readiness/fixture-introduction/index.html"].pieces]
    at = intro.index(("verbatim", "This toolkit helps you test the generator. See the guide"))
    assert intro[at + 1:at + 3] == [("interface", "(link not yet provided)"), ("verbatim", "and a site with a link.")]
    listed = [(p.category, p.text) for p in reports["toolkits/fixture-readiness/fixture-resources/index.html"].pieces]
    at = listed.index(("verbatim", "A guide whose link the source leaves blank (section 4)"))
    assert listed[at + 1:at + 4] == [("interface", "Link not yet provided"), ("interface", "Publisher:"),
                                     ("verbatim", "Fixture publisher")]


def test_an_element_of_a_label_s_class_is_furniture_only_while_it_holds_a_label_s_words() -> None:
    page = ('<article><p>See the guide <span class="tk-link-missing">(link not yet provided)</span> today.</p>'
            '<p>Read it <span class="tk-label">and some words of the editors</span> now.</p></article>')
    pieces = faithfulness.compare_page("page/index.html", page, faithfulness.words("See the guide today. Read it now."))
    assert [(p.category, p.text) for p in pieces.pieces] == [
        ("verbatim", "See the guide"), ("interface", "(link not yet provided)"), ("verbatim", "today."),
        ("unexplained", "Read it and some words of the editors now.")]


#: A source whose text runs footnote numbers on to the words before them, as the report prints them (written for the
#: tests below), beside numbers that are no footnote's: a decimal, a section's number, an amount.
FOOTNOTED = """\
We used the Best Practice Guidance of March 2003.6 If you need a copy, ask.
• Modernising Mental Health Services7
• The Journey to Recovery10
A growth of 1.6 million people.
B.1 For each service, show the costs of E&T.22
It cost £10,000 in all.
"""


def _footnotes_report(tmp_path: Path, body: str) -> list[str]:
    (tmp_path / "report.txt").write_text(FOOTNOTED, encoding="utf-8")
    page = f"<article>{body}</article>"
    return faithfulness.compare_page("page/index.html", page, faithfulness.read_sources(tmp_path)).unexplained()


def test_a_footnote_number_the_page_drops_without_a_mark_is_unexplained(tmp_path: Path) -> None:
    """A text that matches the source up to a footnote's number, ending there (a list item, a sentence, the text
    before a mark of another kind), has dropped the number: it is unexplained, saying which footnote and where."""
    found = _footnotes_report(tmp_path, "<ul><li>Modernising Mental Health Services</li>"
                                        "<li>The Journey to Recovery <span data-editorial='added'>A note</span></li></ul>"
                                        "<p>We used the Best Practice Guidance of March 2003. If you need a copy, ask.</p>"
                                        "<p>B.1 For each service, show the costs of E&amp;T.</p>")
    assert found == [
        "footnote 7 of the source, after 'Modernising Mental Health Services', is left out unmarked",
        "footnote 10 of the source, after 'The Journey to Recovery', is left out unmarked",
        "footnote 6 of the source, after 'We used the Best Practice Guidance of March 2003.', is left out unmarked",
        "footnote 22 of the source, after 'B.1 For each service, show the costs of E&T.', is left out unmarked",
    ]


def test_a_footnote_number_shown_or_marked_omitted_is_explained(tmp_path: Path) -> None:
    """The number transcribed as the source prints it, an omitted mark in its place, or a mark elsewhere on the page
    naming that footnote (an entry's note, say) explains it; and numbers that are no footnote's (a decimal, a
    section's number, an amount, each run on to what is before it) are never taken for one."""
    assert _footnotes_report(tmp_path, (
        "<ul><li>Modernising Mental Health Services<sup>7</sup></li>"
        "<li>The Journey to Recovery <span data-editorial='omitted'>[footnote 10 omitted]</span></li></ul>"
        "<p>We used the Best Practice Guidance of March 2003. <span data-editorial='omitted'>[…]</span> If you need"
        " a copy, ask.</p>"
        "<p>B.1 For each service, show the costs of E&amp;T.</p>"
        "<p><span data-editorial='added'>Footnote 22 omitted</span></p>"
        "<p>A growth of 1.</p><p>B.</p><p>It cost £</p>")) == []
