"""Editors meet validation first: every kind of mistake gives one exact message at the exact place."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from toolkit_publisher.errors import ContentErrors
from toolkit_publisher.validate import validate
from toolkit_publisher.load import load_text

TOOLKIT = """\
id: demo
title: Demo toolkit
summary: A toolkit for tests.
publisher: Test publisher
published: "2021"
audiences:
  - Employers
owner: Test team
last_reviewed: 2026-01-01
review_due: 2030-01-01
parts:
  - checklist: demo-questions
  - resources: demo-resources
"""
QUESTIONS = """\
id: demo-questions
title: Demo questions
audience: Everyone
questions:
  - id: first
    text: Is this the first question?
    prompts:
      - Think about it.
    resources:
      - a-guide
"""
RESOURCES = """\
id: demo-resources
title: Resources
categories:
  - id: guides
    title: Guides
    resources:
      - id: a-guide
        title: A guide
        link: not-yet-provided
"""


def write_data(root: Path, files: dict[str, str]) -> Path:
    data = root / "toolkit_data"
    base = {"toolkits/demo.yml": TOOLKIT, "question_sets/demo-questions.yml": QUESTIONS,
            "resources/demo-resources.yml": RESOURCES}
    for name, text in {**base, **files}.items():
        if text is None:
            continue
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return data


def errors_for(tmp_path: Path, files: dict[str, str]) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        validate(write_data(tmp_path, files))
    return [str(error) for error in caught.value.errors]


def test_the_fixture_itself_is_valid(tmp_path: Path) -> None:
    content = validate(write_data(tmp_path, {}))
    assert list(content.question_sets["demo-questions"].all_questions())[0].text == "Is this the first question?"


def test_unquoted_yes_stays_text(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("      - Think about it.", "      - yes\n      - off\n      - 1:30")
    content = validate(write_data(tmp_path, {"question_sets/demo-questions.yml": questions}))
    assert content.question_sets["demo-questions"].all_questions()[0].prompts == ["yes", "off", "1:30"]


def test_unknown_key_with_did_you_mean(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("    text:", "    txet:")
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions}) == [
        "toolkit_data/question_sets/demo-questions.yml:6:5: error: unknown key 'txet'; did you mean 'text'? "
        "Allowed keys here: answer, id, prompts, prompts_intro, resources, text",
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace("publisher: Test publisher\n", "publisher: Test publisher\ntitle: Again\n")
    assert errors_for(tmp_path, {"toolkits/demo.yml": toolkit}) == [
        "toolkit_data/toolkits/demo.yml:5:1: error: duplicate key 'title' (first given at line 2, column 1); "
        "keep one of them",
    ]


def test_missing_required_key(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace("summary: A toolkit for tests.\n", "")
    assert errors_for(tmp_path, {"toolkits/demo.yml": toolkit}) == [
        "toolkit_data/toolkits/demo.yml:1:1: error: missing required key 'summary' (One or two sentences in the "
        "editors' words, shown marked as theirs on the home page and in search results.); add it",
    ]


def test_wrong_type(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace("title: Demo toolkit", "title:\n  - Demo toolkit")
    assert errors_for(tmp_path, {"toolkits/demo.yml": toolkit}) == [
        "toolkit_data/toolkits/demo.yml:3:3: error: 'title' must be text; got a list: write it on one line, or quote it",
    ]


def test_bad_dates_and_times(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace('published: "2021"', "published: 2021-02-30")
    assert errors_for(tmp_path, {"toolkits/demo.yml": toolkit}) == [
        "toolkit_data/toolkits/demo.yml:5:12: error: 'published': expected a date as YYYY, YYYY-MM or YYYY-MM-DD, "
        "such as 2021 or 2021-03-15",
    ]


def test_non_slug_id(tmp_path: Path) -> None:
    resources = RESOURCES.replace("  - id: guides", "  - id: Our Guides")
    assert errors_for(tmp_path, {"resources/demo-resources.yml": resources}) == [
        "toolkit_data/resources/demo-resources.yml:4:9: error: 'id' must be an id of lowercase letters, digits and "
        "single hyphens; got 'Our Guides': write 'our-guides' instead",
    ]


def test_dangling_reference_with_did_you_mean(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("      - a-guide", "      - a-gide")
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions}) == [
        "toolkit_data/question_sets/demo-questions.yml:10:9: error: there is no resource with the id 'a-gide'; "
        "did you mean 'a-guide'? It must be the id of one in the resource lists in toolkit_data/resources/",
    ]


def test_duplicate_ids(tmp_path: Path) -> None:
    resources = RESOURCES + "      - id: a-guide\n        title: Another\n        link: https://example.org/\n"
    assert errors_for(tmp_path, {"resources/demo-resources.yml": resources}) == [
        "toolkit_data/resources/demo-resources.yml:10:13: error: the resource id 'a-guide' is already used at "
        "toolkit_data/resources/demo-resources.yml:7:13; resource ids are unique across all lists",
    ]


def test_id_must_match_file_name(tmp_path: Path) -> None:
    files = {"toolkits/demo.yml": None, "toolkits/other.yml": TOOLKIT}
    assert errors_for(tmp_path, files) == [
        "toolkit_data/toolkits/other.yml:1:5: error: the id 'demo' does not match the file name 'other.yml'; "
        "rename the file to 'demo.yml' or change the id",
    ]


def test_wrong_choice_with_did_you_mean(tmp_path: Path) -> None:
    questions = QUESTIONS.replace("    prompts:", "    answer: yes-or-no\n    prompts:")
    assert errors_for(tmp_path, {"question_sets/demo-questions.yml": questions}) == [
        "toolkit_data/question_sets/demo-questions.yml:7:13: error: 'answer' must be one of 'yes-no', 'text' or "
        "'figure'; got 'yes-or-no'; did you mean 'yes-no'?",
    ]


def test_markdown_link_to_unknown_resource_points_at_its_line(tmp_path: Path) -> None:
    page = "id: intro\ntitle: Intro\nbody: |\n  First line.\n\n  See [the guide](resource:the-guide).\n"
    toolkit = TOOLKIT + "  - page: intro\n"
    assert errors_for(tmp_path, {"pages/intro.yml": page, "toolkits/demo.yml": toolkit}) == [
        "toolkit_data/pages/intro.yml:6:19: error: the link 'resource:the-guide' names no resource; "
        "did you mean 'a-guide'? It must be the id of one in the resource lists in toolkit_data/resources/",
    ]


def test_unpublished_part(tmp_path: Path) -> None:
    page = "id: orphan\ntitle: Orphan\nbody: Nobody links here.\n"
    assert errors_for(tmp_path, {"pages/orphan.yml": page}) == [
        "toolkit_data/pages/orphan.yml:1:5: error: the page 'orphan' is not a part of any toolkit, so it would not be "
        "published; add '- page: orphan' to a toolkit's parts, or delete this file",
    ]


def test_every_error_in_one_run(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace("summary: A toolkit for tests.\n", "")
    questions = QUESTIONS.replace("    prompts:", "    answer: maybe\n    prompts:")
    resources = RESOURCES.replace("link: not-yet-provided", "link: javascript:alert(1)")
    errors = errors_for(tmp_path, {"toolkits/demo.yml": toolkit, "question_sets/demo-questions.yml": questions,
                                   "resources/demo-resources.yml": resources})
    assert [e.split(": error:")[0] for e in errors] == [
        "toolkit_data/question_sets/demo-questions.yml:7:13",
        "toolkit_data/resources/demo-resources.yml:9:15",
        "toolkit_data/toolkits/demo.yml:1:1",
    ]


@pytest.mark.parametrize(("raw", "expected"), [
    (b"id: x\n\ttitle: y\n", "f.yml:2:1: error: a tab is used for indentation; YAML needs spaces: replace the tab with spaces"),
    (b"\xef\xbb\xbfid: x\n", "f.yml:1:1: error: the file starts with a byte-order mark; save it as UTF-8 without BOM"),
    (b"id: x\ntitle: caf\xe9\n", "f.yml:2:11: error: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding"),
    (b"# only a comment\n", "f.yml:1:1: error: the file is empty; add its content or delete the file"),
    (b"id: x\ntitle: [unclosed\n", "f.yml:2:8: error: text that starts with '[' is read by YAML as a list written on "
                                   'one line, and this one is not closed: put the whole text in double quotes, "like this"'),
    (b"id: !!python/object:os.system x\n", "f.yml:1:5: error: the YAML tag 'tag:yaml.org,2002:python/object:os.system' "
                                           "is not allowed; remove it and write the value as plain text"),
    (b"a: 1\n---\nb: 2\n", "f.yml:3:1: error: the file holds more than one YAML document ('---'); keep one per file"),
])
def test_file_level_problems(raw: bytes, expected: str) -> None:
    loaded, errors = load_text(raw, "f.yml")
    assert [str(e) for e in errors] == [expected]


def test_a_link_by_path_in_a_markdown_field_is_refused_where_it_is_written(tmp_path: Path) -> None:
    """A generated page is not where its YAML is: a path or file name leads nowhere once published (the strict
    build stopped on it, naming a generated page no editor can find), so the validator says where it is."""
    resources = RESOURCES.replace("title: Resources\n", "title: Resources\n"
                                  "intro: |\n"
                                  "  See [about](/about/), [the list](resource:a-guide), [below](#guides),\n"
                                  "  [a page](https://example.org/page) and [another](other-page.md).\n\n"
                                  "  [ref]: ../../about/\n\n"
                                  "  [Draft]: this text is not a link definition.\n")
    lines = resources.split("\n")
    first = next(number for number, line in enumerate(lines, 1) if "[about](/about/)" in line)
    errors = errors_for(tmp_path, {"resources/demo-resources.yml": resources})
    prefix = "toolkit_data/resources/demo-resources.yml"
    assert [error.split(": error: ")[0] for error in errors] == [
        f"{prefix}:{first}:{lines[first - 1].index('/about/') + 1}",
        f"{prefix}:{first + 1}:{lines[first].index('other-page.md') + 1}",
        f"{prefix}:{first + 3}:{lines[first + 2].index('../') + 1}"]
    assert errors[0].endswith("'intro': the link '/about/' is a path or file name, which this page cannot link "
                              "to (the published build would stop on it, and it would break where the site is "
                              "published under a path): link to other content by its id, [words](toolkit:ID) "
                              "(likewise page:, resource:, training:, template:, job-description:, case-study: and "
                              "organisation:), or to a web page by its whole address, starting https://")


@pytest.mark.parametrize(("title", "where"), [('"Two\\nlines"', "2:8"), ("|\n  Two\n  lines", "3:3")])
def test_a_title_with_a_line_break_is_refused(tmp_path: Path, title: str, where: str) -> None:
    """A heading ends at a line break: the title was published cut short, the rest as a paragraph under it."""
    errors = errors_for(tmp_path, {"toolkits/demo.yml": TOOLKIT.replace("title: Demo toolkit", f"title: {title}")})
    assert errors == [f"toolkit_data/toolkits/demo.yml:{where}: error: 'title': a title is one line, and this one has a "
                      "line break: write it on one line (in quoted text, remove the \\n)"]


JOB = """\
id: demo-job
title: Demo officer
source: demo
sections:
  - heading: PERSON SPECIFICATION
    person_specification:
      groups:
        - heading: Experience
          requirements:
            - requirement: Data skills
              column: {column}
{marks}"""


@pytest.mark.parametrize(("column", "marks", "expected"), [
    ("editors-reading", "", "'editors-reading' needs the editors' reading: set 'essential: true' or 'desirable: true', "
     "or write 'not-legible' if the editors make no reading"),
    ("not-legible", "              essential: true\n", "'not-legible' says the source's column cannot be read, so 'essential' "
     "and 'desirable' must both be false; write 'editors-reading' to give the editors' reading"),
])
def test_a_row_s_column_reading_must_agree_with_its_marks(tmp_path: Path, column: str, marks: str,
                                                          expected: str) -> None:
    errors = errors_for(tmp_path, {"job_descriptions/demo-job.yml": JOB.format(column=column, marks=marks)})
    assert errors == [f"toolkit_data/job_descriptions/demo-job.yml:11:23: error: 'column': {expected}"]


@pytest.mark.parametrize(("edit", "where", "expected"), [
    (lambda job: job.replace("      groups:", "      key:\n        - A = assessment\n      groups:"), "7:7",
     "'person_specification': 'measured' and 'key' fill the measured column, which this person specification does "
     "not name: add 'measured_column' with its name as the source prints it, or remove them"),
    (lambda job: job.replace("sections:\n", "sections:\n  - number: '1.'\n    body: Text.\n"), "5:5",
     "'sections': a section needs its 'heading' as the source prints it (only a person specification the "
     "source gives no heading may leave it out)"),
    (lambda job: job.replace("source: demo\n", "source: demo\nstatus: historical\n"), "1:1",
     "a historical job description needs 'dated': when it dates from, such as 2006"),
])
def test_a_job_description_s_structure_is_checked_where_it_is_written(tmp_path: Path, edit, where: str,  # noqa: ANN001
                                                                      expected: str) -> None:
    job = edit(JOB.format(column="legible", marks=""))
    errors = errors_for(tmp_path, {"job_descriptions/demo-job.yml": job})
    assert errors == [f"toolkit_data/job_descriptions/demo-job.yml:{where}: error: {expected}"]


@pytest.mark.parametrize(("wrote", "expected"), [
    ("[title, summary]", "6:28: error: 'editors_wrote' must be one of 'title' or 'description'; got 'summary'"),
    ("[title, title]", "6:20: error: 'editors_wrote': title is listed more than once; list each field once"),
    ("[description]", "6:20: error: 'editors_wrote': it names description, which is not given here; give it, or "
                      "take it out"),
])
def test_what_the_editors_wrote_of_a_category_is_checked_where_it_is_written(tmp_path: Path, wrote: str,
                                                                            expected: str) -> None:
    resources = RESOURCES.replace("    title: Guides\n", f"    title: Guides\n    editors_wrote: {wrote}\n")
    assert errors_for(tmp_path, {"resources/demo-resources.yml": resources}) == [
        f"toolkit_data/resources/demo-resources.yml:{expected}"]


def test_a_very_long_wrong_id_is_shortened_in_its_error(tmp_path: Path) -> None:
    """A pasted paragraph where an id belongs is shown by its start, so the message stays readable."""
    wanted = "y" * 20_000
    page = f"id: demo-page\ntitle: A page\nbody: |\n  See [a link](resource:{wanted}).\n"
    errors = errors_for(tmp_path, {"pages/demo-page.yml": page})
    [error] = [error for error in errors if "names no resource" in error]
    assert len(error) < 400 and "resource:yyyy" in error and "…'" in error
