"""Downloads that are byte-identical from one build to the next, and cells a spreadsheet will not execute."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile

#: Used when SOURCE_DATE_EPOCH is not set: any fixed moment keeps builds reproducible.
DEFAULT_EPOCH = 946684800  # 2000-01-01T00:00:00Z
#: OWASP's list of characters that make a spreadsheet cell a formula. The self-assessment's CSV export
#: (assets/self-assessment.js, FORMULA_START) has the same rule: both are tested against the cases in
#: tests/spreadsheet_formula_cases.json, so change the three together.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def build_time() -> dt.datetime:
    """The moment stamped into downloads: SOURCE_DATE_EPOCH, as reproducible-builds.org defines it."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(raw) if raw.strip().isdigit() else DEFAULT_EPOCH
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def settle_source_date_epoch() -> str | None:
    """MkDocs reads SOURCE_DATE_EPOCH too, and stops with a traceback on anything but digits: an empty one (a CI
    variable defined but not given a value) is taken as unset, as by most tools, and any other that is not a
    whole number of seconds is a problem to report before building, in words, with how to fix it."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None:
        return None
    if not raw.strip():
        del os.environ["SOURCE_DATE_EPOCH"]
        return None
    if raw.strip().isdigit() and raw.strip() == raw:
        return None
    shown = raw if len(raw) <= 40 else raw[:40] + "…"
    return (f"error: the environment variable SOURCE_DATE_EPOCH is {shown!r}, but it must be a whole number of "
            "seconds since 1970-01-01 00:00 UTC, such as the last commit's time (git log -1 --format=%ct); "
            "set it so, or unset it to stamp the downloads with a fixed date")


_ROOT_TAG = re.compile(rb"<(?![?!])[^>]*>")
_ATTRIBUTE = re.compile(rb'\s+([\w:.-]+="[^"]*")')


def _sort_root_attributes(xml: bytes) -> bytes:
    """odfpy declares namespaces in set order, and sometimes unused ones: keep the used ones, sorted."""
    match = _ROOT_TAG.search(xml)
    if not match:
        return xml
    tag = match.group(0)
    end = tag.index(b" ") if b" " in tag else len(tag) - 1
    rest = xml[: match.start()] + tag[:end] + xml[match.end():]

    def used(attribute: bytes) -> bool:
        if not attribute.startswith(b"xmlns:"):
            return True
        prefix = attribute[len(b"xmlns:"): attribute.index(b"=")]
        # Used by an element or attribute name, or by a value that is a prefixed name ("ooo:configuration-settings").
        return re.search(rb"[<\s/\"]" + re.escape(prefix) + rb":", rest) is not None

    attributes = sorted(a for a in _ATTRIBUTE.findall(tag) if used(a))
    closing = b"/>" if tag.endswith(b"/>") else b">"
    rebuilt = tag[:end] + b"".join(b" " + a for a in attributes) + closing
    return xml[: match.start()] + rebuilt + xml[match.end():]


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip-based document (docx, xlsx, odt) with fixed timestamps and attributes, entries in order."""
    when = build_time()
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    source = zipfile.ZipFile(io.BytesIO(data))
    opendocument = "mimetype" in source.namelist()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            body = source.read(info.filename)
            if opendocument and info.filename.endswith(".xml"):
                body = _sort_root_attributes(body)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps the time of saving, whatever the workbook's properties say.
                iso = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + iso, body)
            target.writestr(fixed, body)
    return out.getvalue()


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """A CSV cell that a spreadsheet would run as a formula gets a leading apostrophe, as OWASP advises."""
    return f"'{value}" if is_formula_like(value) else value
