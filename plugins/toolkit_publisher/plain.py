"""Plain data (what JSON holds) to and from the values the caches keep, checked strictly on the way back.

A cache file is read back only through these checks: anything of another shape raises ValueError, and the
caller then ignores the file. No type named in the data is ever looked up, so data cannot make code run.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def to_plain(value: Any) -> Any:
    """Lists, dicts, strings, numbers and None, from anything built of them and of content models."""
    if hasattr(value, "model_dump"):  # a content model (pydantic, not imported here: a warm build needs none)
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    return value


def expect(value: Any, kind: type[T]) -> T:
    """``value`` if it is of ``kind`` (a bool is not an int here), else ValueError."""
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"expected {kind.__name__}, found {type(value).__name__}")
    return value


def expect_str(value: Any) -> str:
    """Text that can be written back as UTF-8: JSON's escapes can make a lone surrogate, which no page may hold."""
    text = expect(value, str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("text holding a lone surrogate, which is not Unicode text") from None
    return text


def expect_list(value: Any, length: int | None = None) -> list[Any]:
    found = expect(value, list)
    if length is not None and len(found) != length:
        raise ValueError(f"expected {length} items, found {len(found)}")
    return found


def expect_keys(value: Any, keys: set[str]) -> dict[str, Any]:
    """A dict with exactly these keys."""
    found = expect(value, dict)
    if set(found) != keys:
        raise ValueError(f"expected the keys {sorted(keys)}, found {sorted(found)}")
    return found


#: In a shape (see :func:`expect_shape`): text or None.
OPTIONAL_TEXT = (str, type(None))


def expect_shape(value: Any, shape: Any) -> Any:
    """``value`` if it has exactly ``shape``: a dict of shapes by key, a one-item list of the shape of every
    item, or a leaf: ``str``, ``int`` or :data:`OPTIONAL_TEXT`."""
    if isinstance(shape, dict):
        found = expect_keys(value, set(shape))
        return {name: expect_shape(found[name], shape[name]) for name in shape}
    if isinstance(shape, list):
        return [expect_shape(item, shape[0]) for item in expect_list(value)]
    if shape == OPTIONAL_TEXT:
        if not isinstance(value, OPTIONAL_TEXT):
            raise ValueError(f"expected text or nothing, found {type(value).__name__}")
        return value
    return expect(value, shape)
