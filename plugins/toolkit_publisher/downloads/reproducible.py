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
