"""Input hygiene at load and validate: clean text, bounded nesting, real times, parsed links, safe files, safe messages."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_build
from test_validation import RESOURCES, TOOLKIT, errors_for, write_data
from toolkit_publisher import files
from toolkit_publisher.errors import ContentError, ContentErrors, Position
from toolkit_publisher.load import MAX_DEPTH, MAX_REPORTED, load_text
from toolkit_publisher.scaffold import scaffold
from toolkit_publisher.validate import validate

PAGE = "id: intro\ntitle: Intro\nbody: |\n  First line.\n\n  See [the guide](resource:a-guide).\n"
WITH_PAGE = TOOLKIT + "  - page: intro\n"


def messages(raw: str | bytes) -> list[str]:
    _, errors = load_text(raw, "f.yml")
    return [str(error) for error in errors]


# --- 1. text is clean at the door ------------------------------------------------------------


@pytest.mark.parametrize(("char", "what"), [
    ("\x00", "U+0000 NULL"),
    ("\x1b", "U+001B ESCAPE"),
    ("\x01", "U+0001 (a control character)"),
    ("\x7f", "U+007F DELETE"),
    ("\x0b", "U+000B LINE TABULATION"),  # this and the next four end a line for str.splitlines, never here
    ("\x0c", "U+000C FORM FEED"),
    ("\x1c", "U+001C (a control character)"),
    ("\x1d", "U+001D (a control character)"),
    ("\x1e", "U+001E (a control character)"),
    ("\x85", "U+0085 NEXT LINE"),
    ("\x9f", "U+009F (a control character)"),
    ("\u2028", "U+2028 LINE SEPARATOR"),
    ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
    ("\ufffe", "U+FFFE (a non-character)"),
    ("\uffff", "U+FFFF (a non-character)"),
    ("\ufdd0", "U+FDD0 (a non-character)"),
    ("\U0001fffe", "U+1FFFE (a non-character)"),
    ("\U0010ffff", "U+10FFFF (a non-character)"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\u2066", "U+2066 LEFT-TO-RIGHT ISOLATE"),
])
def test_forbidden_characters_are_refused_everywhere_with_each_position(char: str, what: str) -> None:
    text = f"# a comment{char}\nid: x\ntitle: A {char}title\nbody: |\n  text {char}\n"
    found = messages(text)
    assert [e.split(": error: ")[0] for e in found] == ["f.yml:1:12", "f.yml:3:10", "f.yml:5:8"]
    assert all(e.split(": error: ")[1].startswith(f"{what} is not allowed in content; ") for e in found)


def test_each_kind_of_character_says_how_to_fix_it() -> None:
    assert messages("a: b\u2028c\n") == [
        "f.yml:1:5: error: U+2028 LINE SEPARATOR is not allowed in content; YAML 1.2 tools such as VS Code and GitHub "
        "do not read it as a line break, though this loader does: replace it with an ordinary line break, or a space"]
    assert messages("a: b\x1bc\n") == [
        "f.yml:1:5: error: U+001B ESCAPE is not allowed in content; it is invisible and often comes from text copied "
        "out of a PDF or a word processor: delete it"]
    assert messages("title: \u202eevil\n")[0].endswith(
        "it reorders how text is shown, so what reviewers read can differ from what is published: delete it "
        "(the character is invisible: your editor may show it as a marker)")


def test_a_lone_carriage_return_is_refused_but_windows_line_endings_are_read() -> None:
    assert messages("a: 1\rb: 2\n") == [
        "f.yml:1:5: error: U+000D CARRIAGE RETURN is not allowed in content; a carriage return on its own ends lines "
        "only in old Mac files: save the file with LF line endings"]
    loaded, errors = load_text("a: one\r\nb: |\r\n  two\r\n  three\r\n", "f.yml")
    assert errors == [] and loaded is not None
    assert loaded.data == {"a": "one", "b": "two\nthree\n"}
    assert str(loaded.position(("b",))) == "f.yml:3:3"


def test_a_lone_surrogate_is_refused() -> None:
    assert messages(b"a: x\xed\xa0\x80y\n")[0].startswith(
        "f.yml:1:5: error: U+D800 (half of a surrogate pair, on its own) is not allowed in content")


def test_escapes_in_quoted_text_cannot_bring_them_in() -> None:
    found = messages('a: "one\\x1b[2J"\nb: "two\\u2028"\nc: "three\\rfour"\nd: "line\\nbreak and\\ttab"\n')
    assert [e.split(": error: ")[0] for e in found] == ["f.yml:1:4", "f.yml:2:4", "f.yml:3:4"]
    assert found[0].endswith("U+001B ESCAPE, written as an escape in this quoted text, is not allowed in content: "
                             "remove the escape (for a new line, write \\n)")


def test_every_occurrence_is_reported_up_to_a_limit() -> None:
    found = messages("a: " + "\x07" * (MAX_REPORTED + 20) + "\n")
    assert len(found) == MAX_REPORTED + 1
    assert found[-1] == (f"f.yml:1:{3 + MAX_REPORTED}: error: and 20 more characters that are not allowed, not listed "
                         "one by one; fix the ones above, then check again")


def test_a_bidirectional_override_in_a_title_fails_validation_at_its_place(tmp_path: Path) -> None:
    toolkit = TOOLKIT.replace("title: Demo toolkit", "title: Demo \u202etikloot")
    assert [e.split(": error: ")[0] for e in errors_for(tmp_path, {"toolkits/demo.yml": toolkit})] == [
        "toolkit_data/toolkits/demo.yml:2:13"]


# --- 2. nesting measured before composing; no aliases ----------------------------------------


def test_nesting_50000_deep_is_refused_before_libyaml_composes_it() -> None:
    """In a child process: were the composer reached, it would crash with a segmentation fault."""
    code = ("from toolkit_publisher.load import load_text\n"
            "depth = 50_000\n"
            "_, errors = load_text('a: ' + '[' * depth + ']' * depth + '\\n', 'deep.yml')\n"
            "print('\\n'.join(map(str, errors)))\n")
    block = ("from toolkit_publisher.load import load_text\n"
             "print('\\n'.join(map(str, load_text('- ' * 50_000 + 'x\\n', 'block.yml')[1])))\n")
    for program, expected in ((code, f"deep.yml:1:{3 + MAX_DEPTH}"), (block, f"block.yml:1:{2 * MAX_DEPTH + 1}")):
        result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout == f"{expected}: error: the content is nested more than {MAX_DEPTH} levels deep; flatten it\n"


def test_anchors_and_aliases_are_refused_at_their_places() -> None:
    assert messages("a: &base [x, x]\nb: *base\nc: '*not an alias'\n") == [
        "f.yml:1:4: error: YAML anchors and aliases ('&base') are not supported: write the value out in full. "
        "If this is text that starts with '&', put it in double quotes",
        "f.yml:2:4: error: YAML anchors and aliases ('*base') are not supported: write the value out in full. "
        "If this is text that starts with '*', put it in double quotes",
    ]


# --- 3. times are Europe/London clock times ----------------------------------------------------

TRAINING = """\
id: course
title: A course
organisation: A trust
source: demo
summary: A summary.
booking: Ask the team.
sessions:
  - id: one
    title: The session
    date: {date}
    start: "{start}"
    end: "{end}"
    mode: face-to-face
"""


def training_errors(tmp_path: Path, date: str, start: str, end: str) -> list[str]:
    text = TRAINING.format(date=date, start=start, end=end)
    return errors_for(tmp_path, {"training/course.yml": text})


@pytest.mark.parametrize("start", ["09:30+05:00", "09:30Z", "09:30:00-01:00"])
def test_a_time_with_an_offset_is_a_positioned_error(tmp_path: Path, start: str) -> None:
    assert training_errors(tmp_path, "2025-03-03", start, "10:30") == [
        "toolkit_data/training/course.yml:11:12: error: 'start': a time here is UK clock time (Europe/London), so it "
        "cannot carry a UTC offset or time zone such as '+05:00' or 'Z'; write the time as the UK clock shows it, "
        "HH:MM, such as 09:30"]


def test_a_time_the_clocks_skip_is_refused(tmp_path: Path) -> None:
    assert training_errors(tmp_path, "2025-03-30", "00:30", "01:30") == [
        "toolkit_data/training/course.yml:12:10: error: 'end': 01:30 on 30 March 2025 does not exist in UK time: the "
        "clocks go forward an hour that night and skip it; check the time with the source and give one outside the "
        "skipped hour"]


def test_a_time_that_happens_twice_is_refused(tmp_path: Path) -> None:
    assert training_errors(tmp_path, "2025-10-26", "01:15", "03:00") == [
        "toolkit_data/training/course.yml:11:12: error: 'start': 01:15 on 26 October 2025 happens twice in UK time: "
        "the clocks go back an hour that night, so a calendar cannot tell which is meant; check the time with the "
        "source and give one outside the repeated hour"]


def test_times_on_clock_change_days_outside_the_change_are_fine(tmp_path: Path) -> None:
    for day in ("2025-03-30", "2025-10-26"):
        content = validate(write_data(tmp_path / day, {"training/course.yml": TRAINING.format(
            date=day, start="09:30", end="11:00")}))
        assert content.training["course"].sessions[0].start == dt.time(9, 30)


# --- 4. links are parsed, not pattern-matched --------------------------------------------------


def link_errors(tmp_path: Path, link: str) -> list[str]:
    resources = RESOURCES.replace("link: not-yet-provided", f"link: {json.dumps(link)}")
    return errors_for(tmp_path, {"resources/demo-resources.yml": resources})


@pytest.mark.parametrize(("link", "problem"), [
    ("https://nhs.uk/)<svg/onload=alert(1)>", "a link cannot contain '<'"),
    ("https://nhs.uk/)x", "a link's parentheses must come in pairs"),
    ('https://nhs.uk/"onmouseover=x', "a link cannot contain '\"'"),
    ("https://nhs.uk/a b", "a link cannot contain a space"),
    ("https://nhs.uk/\\x", "a link cannot contain '\\'"),
    ("//evil.example/", "a path within this site would lead off it"),
    ("/about/", "a path within this site would lead off it where the site is published under a path"),
    ("/\\evil.example/", "a link cannot contain '\\'"),
    ("javascript:alert(1)", "a link must start with https:// or http://"),
    ("https:nhs.uk", "the address has no host name"),
    ("https://nhs.uk@evil.example/", "an address cannot name a user before its host"),
    ("https://nhs.uk:99999/", "the address cannot be read as a web address"),
    ("https://exa_mple.org/", "the host name 'exa_mple.org' is not a valid domain name"),
])
def test_a_hostile_or_broken_link_is_a_positioned_error(tmp_path: Path, link: str, problem: str) -> None:
    errors = link_errors(tmp_path, link)
    assert len(errors) == 1
    assert errors[0].startswith(f"toolkit_data/resources/demo-resources.yml:9:15: error: 'link': {problem}")
    assert errors[0].endswith("expected an https:// or http:// address, or 'not-yet-provided' when the source "
                              "gives no link")


@pytest.mark.parametrize("link", ["https://en.wikipedia.org/wiki/Workforce_(planning)", "http://nhs.uk",
                                  "https://www.nhs.uk/a?b=1&c=2#part", "https://münchen.example/"])
def test_ordinary_links_pass(tmp_path: Path, link: str) -> None:
    resources = RESOURCES.replace("link: not-yet-provided", f"link: {json.dumps(link)}")
    validate(write_data(tmp_path, {"resources/demo-resources.yml": resources}))


# --- 4 and 8. what the built resources page and its links hold -------------------------------

LINK = "https://en.wikipedia.org/wiki/Workforce_(planning)?a=1&b=2"
SAME_IDS = f"""\
id: demo-resources
title: Guides
intro: See [the guides](resource:guides).
categories:
  - id: guides
    title: Guides
    resources:
      - id: guides
        title: The guides
        link: "{LINK}"
      - id: a-guide
        title: A guide
        link: not-yet-provided
  - id: a-guide
    title: A guide
    resources:
      - id: resource
        title: Resource
        link: https://www.nhs.uk/
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    page = PAGE + "\n  And [the guides](resource:guides) and [the resource](resource:resource).\n"
    data = write_data(source, {"resources/demo-resources.yml": SAME_IDS, "pages/intro.yml": page,
                               "toolkits/demo.yml": WITH_PAGE})
    project = copy_project(tmp_path_factory.mktemp("project"), data)
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def test_no_resources_page_has_duplicate_ids_when_resource_and_category_ids_meet(built: Path) -> None:
    page = BeautifulSoup((built / "toolkits/demo/demo-resources/index.html").read_text(encoding="utf-8"), "html.parser")
    ids = Counter(element["id"] for element in page.select("[id]"))
    assert [name for name, count in ids.items() if count > 1] == []
    assert {"guides", "a-guide", "resource--guides", "resource--a-guide", "resource--resource"} <= set(ids)


def test_resource_links_reach_their_entries_and_addresses_exactly(built: Path) -> None:
    page = BeautifulSoup((built / "toolkits/demo/intro/index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article is not None
    links = {a.get_text(): a["href"] for a in article.select("a")}
    assert links["the guide"] == "../demo-resources/#resource--a-guide"
    assert links["the guides"] == LINK  # parentheses and '&' kept: the destination is written <...>
    listing = BeautifulSoup((built / "toolkits/demo/demo-resources/index.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert listing.select_one("#resource--guides a.tk-resource-title")["href"] == LINK


# --- 5. files: no links followed, sizes checked before reading, unreadable files reported ------


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return write_data(tmp_path / "project", {"pages/intro.yml": PAGE, "toolkits/demo.yml": WITH_PAGE})


def validation_errors(data: Path) -> list[str]:
    with pytest.raises(ContentErrors) as caught:
        validate(data)
    return [str(error) for error in caught.value.errors]


SECRET = "root:x:0:0:root:/root:/bin/bash\nsecret-token: do-not-print\n"


def test_links_are_refused_never_followed_and_their_targets_never_shown(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET)
    (outside / "intro.yml").write_text(PAGE)
    (data / "pages" / "intro.yml").unlink()
    (data / "pages" / "intro.yml").symlink_to(outside / "intro.yml")
    (data / "pages" / "passwd.yml").symlink_to(outside / "passwd")
    (data / "linked").symlink_to(outside, target_is_directory=True)
    (data / "themes.yml").symlink_to(outside / "passwd")
    errors = validation_errors(data)
    assert errors == [  # and no second message for the page the toolkit names
        f"toolkit_data/{name}:1:1: error: {files.LINK_MESSAGE}"
        for name in ("linked", "pages/intro.yml", "pages/passwd.yml", "themes.yml")]
    report = "\n".join(errors)
    assert "root:x" not in report and "do-not-print" not in report and str(outside) not in report


def test_a_huge_file_is_refused_by_its_size_without_being_opened(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = data / "pages" / "huge.yml"
    with huge.open("wb") as file:
        file.truncate(3 * 1024**3)  # sparse: 3 GB on paper, nothing on disk
    stray = data / "huge.bin"
    with stray.open("wb") as file:
        file.truncate(3 * 1024**3)
    opened: list[Path] = []
    real_open = files._open
    monkeypatch.setattr(files, "_open", lambda path: opened.append(Path(path)) or real_open(path))
    errors = validation_errors(data)
    assert "toolkit_data/pages/huge.yml:1:1: error: the file is 3,221,225,472 bytes; the limit is 1,000,000: split it" \
        in errors
    assert "toolkit_data/huge.bin:1:1: error: this file is not read: YAML files go in one of the folders" in "\n".join(errors)
    assert huge not in opened


def test_an_unreadable_file_is_a_positioned_error_not_a_traceback(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests run as root, who can read anything: the refusal is simulated where the file is opened."""
    real_open = files._open

    def refuse(path: Path) -> int:
        if Path(path).name == "intro.yml":
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(files, "_open", refuse)
    assert validation_errors(data) == [
        "toolkit_data/pages/intro.yml:1:1: error: the file cannot be read (permission denied): make it readable by the "
        "build, or delete it"]
    assert [str(e) for e in files.unsafe_files(data, data.parent)] == [  # as the build checks, before its cache key
        "toolkit_data/pages/intro.yml:1:1: error: the file cannot be read (permission denied): make it readable by the "
        "build, or delete it"]
    raw, problems = files.read_bytes(data / "pages" / "intro.yml", "intro.yml")
    assert raw is None and [str(p) for p in problems] == [
        "intro.yml:1:1: error: the file cannot be read (permission denied): make it readable by the build, or delete it"]


def test_a_file_that_is_not_yaml_is_never_printed(data: Path) -> None:
    (data / "pages" / "notes.yml").write_text(SECRET.replace("\nsecret-token: do-not-print", " secret do-not-print"))
    (data / "pages" / "long.yml").write_text("id: long\ntitle: " + "do-not-print " * 50 + "\nbody: [1]\n")
    report = "\n".join(validation_errors(data))
    assert "toolkit_data/pages/notes.yml:1:1: error: a page file must be a mapping of keys (such as 'id: ...'); got text" \
        in report
    assert "do-not-print " * 5 not in report and "root:x" not in report


def test_the_build_refuses_a_linked_or_oversized_content_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path, write_data(tmp_path / "source", {}))
    outside = tmp_path / "outside.md"
    outside.write_text("# " + SECRET)
    (project / "content" / "linked.md").symlink_to(outside)
    with (project / "content" / "huge.md").open("wb") as file:
        file.truncate(3 * 1024**3)
    (project / "toolkit_data" / "linked.yml").symlink_to(outside)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert lines == [
        "content/huge.md:1:1: error: the file is 3,221,225,472 bytes; the limit is 1,000,000: split it",
        f"content/linked.md:1:1: error: {files.LINK_MESSAGE}",
        f"toolkit_data/linked.yml:1:1: error: {files.LINK_MESSAGE}",
    ]
    assert "root:x" not in result.stderr + result.stdout and "Traceback" not in result.stderr


# --- 6. messages are safe to print ----------------------------------------------------------


def test_values_in_messages_cannot_forge_annotations_or_drive_the_terminal(tmp_path: Path) -> None:
    error = ContentError(Position("x\x1b[2J.yml", 2, 3), "unknown key 'a\n::error file=x::forged\x1b[2J\u202e'")
    assert str(error) == "x\\x1b[2J.yml:2:3: error: unknown key 'a\\n::error file=x::forged\\x1b[2J\\u202e'"
    data = write_data(tmp_path, {"toolkits/demo.yml": TOOLKIT + '"a\\n::error file=x::forged": 1\n'})
    (data / "\x1b[2J.txt").write_text("stray")
    result = subprocess.run([sys.executable, "-m", "toolkit_publisher", "validate", "--data", str(data)],
                            capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 1
    assert not any(line.startswith("::") for line in (result.stdout + result.stderr).splitlines())
    assert "\x1b" not in result.stdout + result.stderr
    assert "toolkit_data/toolkits/demo.yml:14:1: error: unknown key 'a\\n::error file=x::forged'" in result.stdout
    assert "toolkit_data/\\x1b[2J.txt:1:1: error: this file is not read" in result.stdout


# --- 7. ./scripts/new -------------------------------------------------------------------------

AWKWARD = '🎉 - Review: "quoted" # not a comment, \'single\' & {braces} [x] *star &amp'
FILLED = {"source": "demo", "page": "intro", "published": "2006"}


def fill(path: Path) -> None:
    """Replace each placeholder as an editor would, with a value of the right kind for its key."""
    lines = path.read_text(encoding="utf-8").split("\n")
    key = None
    for index, line in enumerate(lines):
        match = re.match(r"\s*(?:- )?([a-z_]+):", line)
        key = match.group(1) if match else key
        if "FILL IN" in line:
            value = json.dumps(FILLED.get(key or "", "Filled in by an editor"))
            lines[index] = re.sub(r'"FILL IN[^"]*"', value, line) if '"' in line else line.replace(
                line.strip(), "Filled in by an editor")
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("kind", ["toolkit", "job-description", "organisation", "page"])
def test_a_scaffold_with_an_awkward_title_is_valid_yaml_and_validates_once_filled(tmp_path: Path, kind: str) -> None:
    data = write_data(tmp_path, {"pages/intro.yml": PAGE, "toolkits/demo.yml": WITH_PAGE})
    made = scaffold(data, kind, AWKWARD, toolkit="demo" if kind == "page" else None)
    title_key = "name" if kind == "organisation" else "title"
    assert yaml.safe_load(made.read_text(encoding="utf-8"))[title_key] == AWKWARD
    fill(made)
    if kind == "toolkit":  # its part must be its own
        (data / "toolkits" / "demo.yml").write_text(TOOLKIT, encoding="utf-8")
    content = validate(data)
    entities = {"toolkit": content.toolkits, "job-description": content.job_descriptions,
                "organisation": content.organisations, "page": content.pages}[kind]
    assert getattr(entities[made.stem], title_key) == AWKWARD


def test_a_scaffold_made_on_29_february_is_due_for_review_on_28_february(tmp_path: Path) -> None:
    data = write_data(tmp_path, {})
    made = scaffold(data, "toolkit", "Leap day", today=dt.date(2024, 2, 29))
    text = made.read_text(encoding="utf-8")
    assert "last_reviewed: 2024-02-29\n" in text and "review_due: 2025-02-28\n" in text


@pytest.mark.parametrize(("title", "reason"), [
    ("Line\u2028break", "U+2028 LINE SEPARATOR is not allowed in content"),
    ("<b>Bold</b>", "a title cannot contain '<'"),
])
def test_a_title_the_validator_would_refuse_is_refused_before_writing(tmp_path: Path, title: str, reason: str) -> None:
    data = write_data(tmp_path, {})
    with pytest.raises(ValueError, match=re.escape(f"the title cannot be used: {reason}")):
        scaffold(data, "organisation", title)
    assert not (data / "organisations").exists()


def test_the_command_writes_an_emoji_title_as_valid_yaml(tmp_path: Path) -> None:
    data = write_data(tmp_path, {})
    made = subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", "case-study", "Café 🎉: \"best\" #1",
                           "--data", str(data)], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    text = (data / "case_studies" / "cafe-best-1.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["title"] == "Café 🎉: \"best\" #1"
    assert load_text(text, "x.yml")[1] == []

