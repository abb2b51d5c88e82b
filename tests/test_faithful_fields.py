"""What the content model refuses because it would show the source unfaithfully: an outcome that repeats a sentence
of what was done (the source prints it once, as what was done)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE
from toolkit_publisher.errors import ContentErrors
from toolkit_publisher.validate import validate


def _with_outcome(tmp_path: Path, outcome: str) -> Path:
    data = tmp_path / "toolkit_data"
    shutil.copytree(FIXTURE / "toolkit_data", data)
    study = data / "case_studies" / "fixture-joint-database.yml"
    study.write_text(study.read_text(encoding="utf-8") + f"outcome: |\n  {outcome}\n", encoding="utf-8")
    return data


def test_an_outcome_repeating_what_was_done_is_an_error_at_the_outcome(tmp_path: Path) -> None:
    data = _with_outcome(tmp_path, "It works well. They agreed one data set and shared it.")
    with pytest.raises(ContentErrors) as caught:
        validate(data)
    messages = [str(error) for error in caught.value.errors]
    assert len(messages) == 1
    line = data.joinpath("case_studies", "fixture-joint-database.yml").read_text(encoding="utf-8") \
        .splitlines().index("outcome: |") + 2
    assert messages[0].startswith(f"toolkit_data/case_studies/fixture-joint-database.yml:{line}:3: error: the outcome repeats a "
                                  "sentence of 'what_they_did' ('They agreed one data set and shared it.')")
    assert "leave 'outcome' out where the source states no outcome" in messages[0]


def test_an_outcome_of_its_own_passes(tmp_path: Path) -> None:
    validate(_with_outcome(tmp_path, "The database is now used by both organisations every month."))
