"""References in validated content are objects: each id the references check resolved is, after validation, a
:class:`Ref` that still reads, compares and serialises as its id and carries the entry it names, so nothing
downstream looks an id up again.

Found generically: every string in every validated entry that is the id of an entry it could name is checked to be
a reference to exactly that entry, so a reference added to a model later is covered without listing it here.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel

from conftest import FIXTURE
from toolkit_publisher.validate import Content, Ref, target, validate


@pytest.fixture(scope="module")
def content() -> Content:
    return validate(FIXTURE / "toolkit_data")


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every string in a model, with its path (field names and list positions)."""
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _strings(getattr(node, name), path + (name,))
    elif isinstance(node, (list, tuple)):
        for index, item in enumerate(node):
            yield from _strings(item, path + (index,))
    elif isinstance(node, str):
        yield path, node


def _plain_strings(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for value in node.values():
            yield from _plain_strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _plain_strings(item)
    elif isinstance(node, str):
        yield node


def _refs(content: Content) -> list[tuple[str, str, tuple[Any, ...], Ref]]:
    return [(folder, entry_id, path, value) for folder, table in content.entries.items()
            for entry_id, entry in table.items() for path, value in _strings(entry) if isinstance(value, Ref)]


def test_every_reference_names_the_published_entry(content: Content) -> None:
    refs = _refs(content)
    assert {folder for folder, *_ in refs} >= {"toolkits", "case_studies", "question_sets"}
    for folder, entry_id, path, ref in refs:
        named_folder, named_id = ref.entry
        if named_folder == "resources" and str(ref) not in content.of("resources"):
            resource, list_id, _trail = content.resource_index[str(ref)]
            assert (ref.target, named_id) == (resource, list_id), (folder, entry_id, path)
        else:
            # The very object published (its own references resolved), not a copy made before resolving.
            assert ref.target is content.of(named_folder)[named_id], (folder, entry_id, path)


def test_reference_fields_hold_no_plain_ids(content: Content) -> None:
    """The fields that hold a reference somewhere hold one everywhere: no id left to be looked up again."""
    reference_fields = {(folder, tuple(p for p in path if isinstance(p, str))) for folder, _, path, _ in _refs(content)}
    for folder, table in content.entries.items():
        for entry_id, entry in table.items():
            for path, value in _strings(entry):
                if (folder, tuple(p for p in path if isinstance(p, str))) in reference_fields:
                    assert isinstance(value, Ref), (folder, entry_id, path, value)


def test_a_reference_reads_as_its_id_and_cannot_be_changed(content: Content) -> None:
    _folder, _entry_id, _path, ref = _refs(content)[0]
    plain = str(ref)
    assert ref == plain and hash(ref) == hash(plain) and f"{ref}" == plain
    with pytest.raises(AttributeError):
        ref.target = None  # type: ignore[misc]
    assert type(pickle.loads(pickle.dumps(ref))) is str  # crosses to a worker process as plain data
    for entry in (e for table in content.entries.values() for e in table.values()):
        dumped = entry.model_dump(mode="json")  # the models' JSON names ids, as the YAML did
        assert all(type(value) is str for value in _plain_strings(dumped))


def test_an_id_is_not_a_reference() -> None:
    with pytest.raises(TypeError, match="not a validated reference"):
        target("some-id")
