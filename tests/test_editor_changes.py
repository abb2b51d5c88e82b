"""Proof that the checks serve editors: on a copy of the real content, the three commonest correct edits
(reword a question, add a case study made with ./scripts/new, add a training session) pass the content
checks and the build, and the same edits done wrong fail with a message that points at the mistake.

Every edit is placed by reading the content, never by knowing what it says today."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import content_rules
from conftest import ROOT, BuiltSite, copy_project, mkdocs_build
from toolkit_publisher.validate import validate

REWORDED = "Has your organisation, reworded by an editor, agreed who leads this work?"
NEW_STUDY = "An editor's new case study: a shared induction for support workers"
NEW_SESSION = "Editor's added session: a second drop in"


def _files(data: Path, folder: str) -> list[Path]:
    return sorted((data / folder).glob("*.yml"))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def reword_a_question(data: Path, text: str = REWORDED) -> tuple[Path, int]:
    """Replace the first question text written on one line (not a block, not going on to the next line), in
    whichever question set has one; returns the file and line."""
    for path in _files(data, "question_sets"):
        lines = path.read_text(encoding="utf-8").split("\n")
        for index, line in enumerate(lines):
            match = re.match(r"^(\s+(?:- )?)text: (?![|>])", line)
            following = next((later for later in lines[index + 1:] if later.strip()), "")
            if match and _indent(following) <= len(match.group(1)):
                lines[index] = f"{match.group(1)}text: {text}"
                path.write_text("\n".join(lines), encoding="utf-8")
                return path, index + 1
    raise AssertionError("no question set has a question text written on one line")


def new_case_study(data: Path, organisation: str | None = None) -> Path:
    """What an editor does: ./scripts/new, then fill in each marked blank."""
    content = validate(data)  # before the new file, whose blanks the validator refuses until filled
    values = {"organisations": organisation or sorted(content.organisations)[0],
              "themes": sorted(content.themes)[0], "source": sorted(content.toolkits)[0]}
    made = subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", "case-study", NEW_STUDY, "--data",
                           str(data)], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    path = Path(re.search(r"(\S+\.yml)", made.stdout + made.stderr).group(1))
    path = path if path.is_absolute() else data.parent / path
    lines = path.read_text(encoding="utf-8").split("\n")
    key = None
    for index, line in enumerate(lines):
        match = re.match(r"\s*(?:- )?([a-z_]+):", line)
        if match and not line.lstrip().startswith("#"):
            key = match.group(1)
        if "FILL IN" in line and not line.lstrip().startswith("#"):
            lines[index] = re.sub(r'"?FILL IN[^"]*"?', values.get(key, "Written by an editor."), line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def add_a_session(data: Path, start: str = "10:00", end: str = "11:00") -> tuple[Path, int]:
    """Insert a session at the top of the first programme's list (before its first item, past any comment);
    returns the file and the line of `end`."""
    path = _files(data, "training")[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    key = next(index for index, line in enumerate(lines) if re.match(r"sessions:\s*(#.*)?$", line))
    at = next(index for index in range(key + 1, len(lines)) if re.match(r"\s*- ", lines[index]))
    indent = re.match(r"^(\s*)- ", lines[at]).group(1)
    block = [f"{indent}- id: editors-added-session", f"{indent}  title: \"{NEW_SESSION}\"",
             f"{indent}  date: 2025-03-12", f"{indent}  start: \"{start}\"", f"{indent}  end: \"{end}\"",
             f"{indent}  mode: microsoft-teams"]
    path.write_text("\n".join(lines[:at] + block + lines[at:]), encoding="utf-8")
    return path, at + 5


def run_validate(data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "toolkit_publisher", "validate", "--data", str(data)],
                          capture_output=True, text=True, check=False, cwd=data.parent)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", source=ROOT)


def test_three_correct_edits_pass_every_check_and_build(project: Path, tmp_path: Path) -> None:
    data = project / "toolkit_data"
    reword_a_question(data)
    study = new_case_study(data)
    add_a_session(data)
    checked = run_validate(data)
    assert checked.returncode == 0, checked.stdout
    site = BuiltSite(tmp_path / "site", mkdocs_build(project, tmp_path / "site"))
    assert site.result.returncode == 0, site.result.stdout + site.result.stderr
    content = validate(data)
    content_rules.check_all(site, content)  # every rule the real content is held to
    corpus = " ".join(site.text(f"case-studies/{study.stem}/").split())
    assert NEW_STUDY.replace("'", "’") in corpus or NEW_STUDY in corpus
    assert any(REWORDED in q.text for qs in content.question_sets.values() for q in qs.all_questions())
    assert NEW_SESSION in (site.root / "search" / "search_index.json").read_text(encoding="utf-8")


def _mistake_reference(data: Path) -> tuple[Path, int, str]:
    path = new_case_study(data, organisation="no-such-organisation")
    line = path.read_text(encoding="utf-8").split("\n").index("  - no-such-organisation") + 1
    return path, line, "no-such-organisation"


def _mistake_times(data: Path) -> tuple[Path, int, str]:
    path, line = add_a_session(data, start="14:00", end="13:00")
    return path, line, "end"


def _mistake_colon(data: Path) -> tuple[Path, int, str]:
    path, line = reword_a_question(data, "Who leads this work: the board or the team?")
    return path, line, "quotes"


@pytest.mark.parametrize("mistake", [_mistake_reference, _mistake_times, _mistake_colon],
                         ids=["broken reference", "session ends before it starts", "unquoted colon in a question"])
def test_the_same_edits_done_wrong_fail_with_a_positioned_message(project: Path, tmp_path: Path, mistake) -> None:  # noqa: ANN001
    data = project / "toolkit_data"
    path, line, words = mistake(data)
    where = f"toolkit_data/{path.relative_to(data).as_posix()}:{line}:"
    checked = run_validate(data)
    assert checked.returncode == 1
    errors = [e for e in checked.stdout.splitlines() if ": error: " in e]
    assert len(errors) == 1 and errors[0].startswith(where) and words in errors[0], checked.stdout
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode != 0 and errors[0] in built.stdout + built.stderr
    assert "Traceback" not in built.stdout + built.stderr
    assert not (tmp_path / "site").exists()


def test_the_edits_are_placed_whatever_else_an_editor_has_changed(tmp_path: Path) -> None:
    """The proof must not itself fail on a correct edit: a new programme made with ./scripts/new (its comment
    still above its first session) that sorts first, question texts written over several lines, an id in quotes."""
    import shutil

    from conftest import FIXTURE

    data = shutil.copytree(FIXTURE / "toolkit_data", tmp_path / "toolkit_data")
    toolkit = sorted(validate(data).toolkits)[0]
    made = subprocess.run([sys.executable, "-m", "toolkit_publisher", "new", "training", "Aardvark refresher",
                           "--data", str(data)], capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    programme = data / "training" / "aardvark-refresher.yml"
    filled = {"organisation": "Fixture trust", "source": toolkit, "summary": "A refresher.",
              "booking": "Email to register", "title": "Refresher", "audience": "Anyone", "date": "2026-05-05",
              "start": "10:00", "end": "11:00"}
    lines = programme.read_text(encoding="utf-8").split("\n")
    for index, line in enumerate(lines):
        key = re.match(r"\s*(?:- )?([a-z_]+):", line)
        if key and key.group(1) in filled and "FILL IN" in line:
            lines[index] = f"{line[:line.index(':') + 1]} \"{filled[key.group(1)]}\""
        elif "FILL IN" in line and not line.lstrip().startswith("#"):  # the summary block's line
            lines[index] = line.replace(line.strip(), "A refresher.")
    programme.write_text("\n".join(lines), encoding="utf-8")
    assert "# Copy this block" in programme.read_text(encoding="utf-8")
    grouped = data / "question_sets" / "fixture-grouped.yml"
    text = grouped.read_text(encoding="utf-8")
    grouped.write_text(text.replace("text: Do you have a shared ambition for the support workforce?",
                                    "text: Do you have a shared ambition\n          for the support workforce?")
                       .replace("id: fixture-grouped", 'id: "fixture-grouped"'), encoding="utf-8")
    assert run_validate(data).returncode == 0, run_validate(data).stdout

    path, line = add_a_session(data)
    assert path == programme and path.read_text(encoding="utf-8").split("\n")[line - 1].strip() == 'end: "11:00"'
    reworded, _ = reword_a_question(data)
    checked = run_validate(data)
    assert checked.returncode == 0, checked.stdout
    content = validate(data)
    assert NEW_SESSION in [s.title for s in content.training["aardvark-refresher"].sessions]
    assert [q.text for qs in content.question_sets.values() for q in qs.all_questions()].count(REWORDED) == 1
