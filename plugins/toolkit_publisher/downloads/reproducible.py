"""Downloads that are byte-identical from one build to the next, and cells a spreadsheet will not execute."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

#: Used when SOURCE_DATE_EPOCH is not set: any fixed moment keeps builds reproducible.
DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z
#: OWASP's list of characters that make a spreadsheet cell a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def build_time() -> dt.datetime:
    """The moment stamped into downloads: SOURCE_DATE_EPOCH, as reproducible-builds.org defines it."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(raw) if raw.strip().isdigit() else DEFAULT_EPOCH
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip-based document (docx, xlsx, odt) with fixed timestamps and attributes, entries in order."""
    when = build_time()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe, as OWASP advises."""
    return f"'{value}" if is_formula_like(value) else value
