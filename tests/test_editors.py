"""The editors' workflow: the validator's output and exit codes, scaffolds for every kind, content health."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import tempfile

import pytest
import yaml
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from conftest import FIXTURE, ROOT, BuiltSite, examples
from test_validation import write_data
from toolkit_publisher.load import load_text
from toolkit_publisher.models import SLUG_PATTERN
from toolkit_publisher.validate import validate
from toolkit_publisher import kinds
from toolkit_publisher.scaffold import ID_LENGTH, scaffold, words_of

MATCHER = json.loads((ROOT / ".github/problem-matchers/toolkit-validate.json").read_text())["problemMatcher"][0]
LINE = re.compile(MATCHER["pattern"][0]["regexp"])


def run_validate(data: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "toolkit_publisher", "validate", "--data", str(data), *paths],
                          capture_output=True, text=True, check=False, cwd=data.parent)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "toolkit_data"
    shutil.copytree(FIXTURE / "toolkit_data", target)
    return target


def test_real_content_has_no_errors_and_any_warnings_are_annotations(tmp_path: Path) -> None:
    result = run_validate(shutil.copytree(ROOT / "toolkit_data", tmp_path / "toolkit_data"))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert all(LINE.match(line) and ": warning: " in line for line in lines), lines[:3]
    assert re.search(r"No errors, \d+ warnings?", result.stderr)


def test_warnings_are_reported_as_annotations_and_pass(data: Path) -> None:
    result = run_validate(data)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) and ": warning: " in line for line in lines), lines[:3]
    assert any("has no link yet" in line for line in lines)
    assert re.search(r"No errors, \d+ warnings", result.stderr)


def test_broken_files_give_errors_in_the_annotation_format_and_exit_1(data: Path) -> None:
    (data / "pages" / "fixture-introduction.yml").write_text("id: fixture-introduction\ntitle: [unclosed\n")
    qs = data / "question_sets" / "fixture-grouped.yml"
    qs.write_text(qs.read_text().replace("answer: yes-no", "answer: yes", 1))
    (data / "case_studies" / "fixture-board-sponsor.yml").write_text(
        (data / "case_studies" / "fixture-board-sponsor.yml").read_text().replace("- leadership", "- leadershp"))
    result = run_validate(data)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(LINE.match(line) for line in lines), lines
    assert [LINE.match(line).group(1) for line in lines] == [
        "toolkit_data/case_studies/fixture-board-sponsor.yml",
        "toolkit_data/pages/fixture-introduction.yml",
        "toolkit_data/question_sets/fixture-grouped.yml",
    ]
    assert "did you mean 'leadership'?" in lines[0]
    assert "did you mean 'yes-no'?" in lines[2]
    assert result.stderr.strip() == "3 errors: fix them and run this again."


def test_paths_narrow_the_report_to_those_files(data: Path) -> None:
    qs = data / "question_sets" / "fixture-grouped.yml"
    qs.write_text(qs.read_text().replace("answer: yes-no", "answer: yes", 1))
    (data / "pages" / "fixture-introduction.yml").write_text("id: fixture-introduction\ntitle: [unclosed\n")
    narrow = run_validate(data, str(qs))
    assert narrow.returncode == 1 and len(narrow.stdout.splitlines()) == 1
    elsewhere = run_validate(data, str(data / "toolkits" / "fixture-programme.yml"))
    assert elsewhere.returncode == 0 and "error" not in elsewhere.stdout


FILL = {"date": "2025-03-03", "start": "09:00", "end": "10:00", "source": "fixture-programme",
        "organisations": "fixture-trust", "themes": "leadership",
        "page": "spare-page", "published": "2006"}


def _fill(path: Path) -> None:
    """Replace each placeholder as an editor would: with a value of the right kind for its key."""
    lines = path.read_text(encoding="utf-8").split("\n")
    key = None
    for index, line in enumerate(lines):
        match = re.match(r"\s*(?:- )?([a-z_]+):", line)
        if match:
            key = match.group(1)
        if "FILL IN" in line:
            value = FILL.get(key, "Filled in by an editor")
            lines[index] = re.sub(r'"?FILL IN[^"]*"?', json.dumps(value) if "FILL IN:" in line and '"' in line
                                  else value, line)
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("kind", sorted({"case-study", "job-description", "training", "question-set", "resources",
                                         "page", "organisation", "toolkit"}))
def test_a_scaffold_is_valid_once_filled_in(data: Path, kind: str) -> None:
    # A title with what YAML or an id could trip on: a leading dash, curly quotes, an apostrophe, a colon, '#',
    # Welsh, accents and an emoji.
    title = f"- “Gŵyl” café’s plan: #1 for a new {kind} 🎉"
    folder = kinds.by_alias(kind).folder
    args = ["--toolkit", "fixture-programme"] if folder in ("pages", "question_sets", "resources") else []
    made = subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", kind, title, "--data", str(data), *args],
                          capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    path = data / folder / f"gwyl-cafes-plan-1-for-a-new-{kind}.yml"
    assert f'"{title}"' in path.read_text(encoding="utf-8")  # as typed: no escapes
    assert path.is_file() and path.read_text().startswith("# yaml-language-server: $schema=../../schemas/")
    before = run_validate(data)
    assert before.returncode == 1
    errors = before.stdout.splitlines()
    assert errors and all("still holds the placeholder 'FILL IN'" in e for e in errors), errors
    assert all(e.startswith(f"toolkit_data/{folder}/{path.name}:") for e in errors)
    _fill(path)
    if kind == "toolkit":  # its first part, a page of its own
        (data / "pages" / "spare-page.yml").write_text("id: spare-page\ntitle: A spare page\nbody: Some text.\n")
    after = run_validate(data)
    assert after.returncode == 0, after.stdout
    content = validate(data)
    assert content.reviews  # and it has an owner and review dates, its own or its toolkit's
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert loaded["id"] == f"gwyl-cafes-plan-1-for-a-new-{kind}"
    assert loaded["name" if kind == "organisation" else "title"] == title


def test_a_second_scaffold_with_the_same_title_gets_a_fresh_id(data: Path) -> None:
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", "case-study", "Same title", "--data",
                        str(data)], check=True, capture_output=True)
    assert (data / "case_studies" / "same-title.yml").is_file()
    assert (data / "case_studies" / "same-title-2.yml").is_file()


@pytest.mark.parametrize("indent", ["", "    "], ids=["list-not-indented", "four-spaces"])
def test_a_new_part_is_added_in_line_with_the_toolkits_other_parts(data: Path, indent: str) -> None:
    """YAML allows a list indented any way its items agree on: the new part must line up with them, not break the
    file (it was added at the top, two spaces in)."""
    toolkit = data / "toolkits" / "fixture-programme.yml"
    text = toolkit.read_text(encoding="utf-8")
    head, parts = text.split("parts:\n", 1)
    toolkit.write_text(head + "parts:  # in reading order\n" + re.sub(r"(?m)^  - ", f"{indent}- ", parts),
                       encoding="utf-8")
    assert run_validate(data).returncode == 0
    path = scaffold(data, "page", "A new page", toolkit="fixture-programme")
    lines = toolkit.read_text(encoding="utf-8").split("parts:", 1)[1].split("\n")
    items = [line for line in lines if re.match(r"\s*- ", line)]
    assert items[-1] == f"{indent}- page: {path.stem}" and all(line.startswith(f"{indent}- ") for line in items)


@pytest.mark.parametrize("toolkit", ["../../outside", "toolkits/fixture-programme", "fixture-programe"])
def test_a_part_is_added_only_to_a_toolkit_named_by_its_id(data: Path, tmp_path: Path, toolkit: str) -> None:
    """--toolkit is an id: a path could have added a line to any file with a 'parts:' line, anywhere."""
    (tmp_path / "outside.yml").write_text("id: outside\nparts:\n  - page: a\n", encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", "page", "A page", "--data", str(data),
                           "--toolkit", toolkit], capture_output=True, text=True, check=False)
    assert made.returncode != 0 and "Traceback" not in made.stderr
    assert f"there is no toolkit '{toolkit}'" in made.stderr and "give a toolkit's id" in made.stderr
    assert (tmp_path / "outside.yml").read_text(encoding="utf-8") == "id: outside\nparts:\n  - page: a\n"
    assert not (data / "pages" / "a-page.yml").exists()
    if toolkit == "fixture-programe":
        assert "did you mean 'fixture-programme'?" in made.stderr


def test_content_health_page(fixture_site: BuiltSite) -> None:
    content = validate(FIXTURE / "toolkit_data")
    article = fixture_site.article("content-health/")
    counts = {row.th.get_text(strip=True): int(row.td.get_text(strip=True)) for row in article.select("tbody tr")}
    assert counts["Questions"] == sum(len(qs.all_questions()) for qs in content.question_sets.values())
    assert counts["Case studies"] == len(content.case_studies)
    assert counts["Job descriptions"] == len(content.job_descriptions)
    headings = [h.get_text(strip=True) for h in article.select("h2")]
    assert headings == ["Content by kind", "Reviews overdue", "Reviews due in the next 90 days",
                        "Owners not yet assigned", "Links not yet provided", "Resources no page uses",
                        "Every warning, as ./scripts/validate prints it"]
    # Every warning validation gives, where it is written, as the page says ./scripts/validate prints them.
    listed = article.find("h2", string="Every warning, as ./scripts/validate prints it").find_next_sibling("ul")
    assert [" ".join(li.get_text().split()) for li in listed.select("li")] == [
        " ".join(f"{w.position}: {w.message}".split()) for w in content.warnings]
    text = fixture_site.text("content-health/")
    assert "A guide whose link the source leaves blank" in text  # a link not yet provided
    assert "Fixture programme" in text  # an owner not yet assigned
    locations = {doc["location"] for doc in fixture_site.search_index()["docs"]}
    assert not any(loc.startswith("content-health") for loc in locations)
    nav = fixture_site.html("").select_one("nav.md-nav--primary").get_text()
    assert "Content health" not in nav


def test_pages_show_review_dates(fixture_site: BuiltSite) -> None:
    for url in ("toolkits/fixture-readiness/fixture-grouped/", "case-studies/fixture-board-sponsor/",
                "job-descriptions/fixture-planning-officer/", "training/fixture-training/"):
        review = fixture_site.article(url).select_one(".tk-review").get_text(" ", strip=True)
        assert re.fullmatch(r"Page last reviewed: \d{1,2} \w+ \d{4} Next review due: \d{1,2} \w+ \d{4}", review), review


def test_overdue_reviews_are_warnings(data: Path) -> None:
    toolkit = data / "toolkits" / "fixture-programme.yml"
    text = toolkit.read_text()
    toolkit.write_text(re.sub(r"last_reviewed: .*", "last_reviewed: 2020-01-01", re.sub(
        r"review_due: .*", "review_due: 2021-01-01", text)))
    result = run_validate(data, str(toolkit))
    assert result.returncode == 0
    assert re.search(r"fixture-programme.yml:\d+:13: warning: the review was due on 1 January 2021", result.stdout)


def test_editor_settings_wire_every_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    wired = set(settings["yaml.schemas"])
    committed = {f"./schemas/{p.name}" for p in (ROOT / "schemas").glob("*.schema.json")}
    assert wired == committed


# --- ./scripts/new: ids cut at a word boundary, any title written as readable YAML -------------------------


def _new_case_study(tmp_path: Path, title: str) -> Path:
    return scaffold(write_data(tmp_path, {}), "case-study", title)


@pytest.mark.parametrize(("title", "expected"), [
    ("Supporting the allied health professions support workforce through a regional readiness assessment",
     "supporting-the-allied-health-professions-support-workforce"),
    ("Board presentation and a sponsoring director who championed the whole programme from its start",
     "board-presentation-and-a-sponsoring-director-who-championed"),
    ("Pneumonoultramicroscopicsilicovolcanoconiosisandsupercalifragilisticexpialidocious is long",
     "pneumonoultramicroscopicsilicovolcanoconiosisandsupercalifra"),  # one word longer than an id: cut
])
def test_a_long_title_gives_an_id_cut_at_a_word_boundary(tmp_path: Path, title: str, expected: str) -> None:
    path = _new_case_study(tmp_path, title)
    assert path.stem == expected and len(expected) <= ID_LENGTH
    again = scaffold(path.parent.parent, "case-study", title)
    assert again.stem == f"{expected}-2"
    assert load_text(again.read_bytes(), "x.yml")[1] == []


@pytest.mark.parametrize(("title", "expected_id"), [
    ("The “best” plan: what’s next", "the-best-plan-whats-next"),
    ("O'Brien's review: a 'quick' win", "obriens-review-a-quick-win"),
    ("Key: value # not a comment", "key-value-not-a-comment"),
    ("- starts like a list item", "starts-like-a-list-item"),
    ("#1 priority", "1-priority"),
    ('"Quoted" at the start, \\ and a backslash', "quoted-at-the-start-and-a-backslash"),
    ("Café, naïve, Zürich, Straße, İstanbul", "cafe-naive-zurich-strasse-istanbul"),
    ("Gŵyl Ddewi: ysbyty’r ddinas", "gwyl-ddewi-ysbytyr-ddinas"),
    ("Celebrating success 🎉 in the team", "celebrating-success-in-the-team"),
    ("yes", "yes"),
    ("Ελληνικά και 日本語", "untitled"),  # no letters an id can hold: the editor may rename the file
    ("Annual report ٢٠٢٤ مرحبا", "annual-report"),
])
def test_a_title_is_kept_exactly_as_readable_yaml(tmp_path: Path, title: str, expected_id: str) -> None:
    path = _new_case_study(tmp_path, title)
    assert path.stem == expected_id
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.split("\n") if line.startswith("title: "))
    assert all(char in line for char in title if char not in '"\\')  # every character as typed, not an escape
    loaded, errors = load_text(path.read_bytes(), "x.yml")
    assert errors == [] and loaded is not None and loaded.data["title"] == title


def test_a_title_holding_the_blank_marker_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'FILL IN' marks a blank still to fill in"):
        _new_case_study(tmp_path, "How to FILL IN a form")


#: Titles with no control characters, line separators or lone surrogates: what an editor can type.
PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=120)


@settings(max_examples=examples(150))
@given(title=PRINTABLE)
def test_any_printable_title_gives_a_valid_id_and_loads_back_exactly(title: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            path = _new_case_study(Path(folder), title)
        except ValueError:  # a title the validator would refuse (markup, a bidirectional control, blank)
            reject()
        entity_id = path.stem
        assert re.fullmatch(SLUG_PATTERN, entity_id) and len(entity_id) <= ID_LENGTH
        words = words_of(title)
        if not words:
            assert entity_id == "untitled"
        else:  # the title's first words, as many as fit, or a first word too long for an id, cut
            kept = entity_id.split("-")
            assert kept == words[:len(kept)] or (kept == [words[0][:ID_LENGTH]] and len(words[0]) > ID_LENGTH)
            assert len(kept) == len(words) or len(entity_id) + 1 + len(words[len(kept)]) > ID_LENGTH
        text = path.read_text(encoding="utf-8")
        line = next(line for line in text.split("\n") if line.startswith("title: "))
        assert all(char in line for char in title if char.isprintable() and char not in '"\\')
        loaded, errors = load_text(path.read_bytes(), "x.yml")
        assert errors == [] and loaded is not None and loaded.data["title"] == title


def test_the_editors_guide_explains_every_field_of_a_job_description_and_a_template() -> None:
    """CONTRIBUTING.md names each key an editor writes in a job description (its sections, person specification and
    rows, each `column` value), a document's `dated` and `status`, a template section's notes, and a resource's
    `link_status`, so no key is learnt only from the schema."""
    from typing import get_args

    from toolkit_publisher import models as m

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    inherited = set(m.Publishable.model_fields)
    for model in (m.JobDescription, m.JobSection, m.JobDetail, m.JobItem, m.PersonSpecification, m.RequirementGroup,
                  m.Requirement, m.DocumentTemplate, m.TemplateSection, m.TemplateAnnex, m.TemplateTable, m.TableRow):
        for name in set(model.model_fields) - inherited - {"title", "summary", "subtitle", "source", "source_detail"}:
            assert f"`{name}:" in guide, f"CONTRIBUTING.md does not explain {model.__name__}'s '{name}'"
    for value in (*get_args(m.ColumnReading), *get_args(m.Status)):
        assert f"`{value}`" in guide or f"`column: {value}`" in guide or f"`status: {value}`" in guide, value
    assert "`link_status: historical`" in guide
