"""`./scripts/new KIND "Title"`: a new content file with a fresh id, the fields to fill in, and comments.

The file is valid once its "FILL IN" placeholders are replaced: until then the validator names each one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import json
import re
import unicodedata
from pathlib import Path

from jinja2 import Environment, StrictUndefined
from pydantic import TypeAdapter, ValidationError

from . import kinds
from .load import FORBIDDEN_IN_VALUE, forbidden_message
from .models import SLUG_PATTERN, Title
from .validate import PLACEHOLDER

#: A new id is at most this long, cut at a word boundary: room is left within the 80 characters an id may have
#: for a "-2" that makes it unique and for ids made from it (a resource list's first entry adds "-resource-1").
ID_LENGTH = 60
#: Apostrophes join the parts of a word ("what’s", "ysbyty’r", "O’Brien"): an id keeps such a word whole.
_APOSTROPHES = re.compile("['\u2019\u02bc\u2018`]")


def yaml_string(value: str) -> str:
    """Any text as a YAML double-quoted scalar: a JSON string is one. Characters other than ASCII are kept as they
    are (an emoji as JSON's escaped surrogate pair is not valid YAML), and quotes, colons, '#' and leading
    dashes are inside the quotes, so they mean nothing to YAML."""
    return json.dumps(value, ensure_ascii=False)


def a_year_after(day: dt.date) -> dt.date:
    """The same date a year on; 29 February becomes 28 February, the last day of that month."""
    year = day.year + 1
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def _check_title(title: str) -> None:
    """A title the validator would refuse is refused now, with its reason, before any file is written."""
    forbidden = FORBIDDEN_IN_VALUE.search(title)
    if forbidden:
        raise ValueError(f"the title cannot be used: {forbidden_message(forbidden.group())}")
    if PLACEHOLDER in title:
        raise ValueError(f"the title cannot be used: '{PLACEHOLDER}' marks a blank still to fill in, so the "
                         "validator would refuse the file; write the title itself")
    try:
        TypeAdapter(Title).validate_python(title)
    except ValidationError as exc:
        reason = exc.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
        raise ValueError(f"the title cannot be used: {reason}") from None


def words_of(title: str) -> list[str]:
    """The title's words in the letters an id may hold: accents dropped ("Café" is "cafe", "Gŵyl" is "gwyl"),
    "ß" as "ss", apostrophes joining a word; letters with no plain Latin form (another script) are left out."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())  # casefold first: it can add combining marks
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return re.findall(r"[a-z0-9]+", _APOSTROPHES.sub("", plain))


def slugify(title: str, limit: int = ID_LENGTH) -> str:
    """The title as an id: its first words joined by hyphens, as many as fit in ``limit``, never part of one
    (unless the first word alone is longer: that is cut, as there is no word boundary to cut at)."""
    words = words_of(title)
    if not words:
        return "untitled"
    slug = words[0][:limit]
    for word in words[1:]:
        if len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}"
    return slug


def fresh_id(folder: Path, title: str) -> str:
    """The title as an id, made unique among the files already there."""
    base = slugify(title)
    taken = {p.stem.lower() for p in folder.glob("*.y*ml")} if folder.is_dir() else set()
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def _add_part(toolkit_file: Path, key: str, entity_id: str) -> None:
    """Append the new part at the end of the toolkit's parts list, keeping the file's comments and layout, and
    indented as its other items are (YAML allows any indentation, even none, as long as they agree)."""
    lines = toolkit_file.read_text(encoding="utf-8").split("\n")
    start = next((i for i, line in enumerate(lines) if re.match(r"parts:\s*(#.*)?$", line)), None)
    if start is None:
        raise ValueError(f"{toolkit_file} has no 'parts:' list to add to")
    first = next((line for line in lines[start + 1:] if line.strip() and not line.lstrip().startswith("#")), "")
    item = re.match(r"( *)- ", first)
    indent = item.group(1) if item else "  "
    last = start
    for index in range(start + 1, len(lines)):
        line = lines[index]
        if line.startswith(f"{indent}- "):
            last = index
        elif line.strip() and not line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) <= len(indent):
            break  # the next key of the toolkit: the list has ended
    lines.insert(last + 1, f"{indent}- {key}: {entity_id}")
    toolkit_file.write_text("\n".join(lines), encoding="utf-8")


def _toolkit_file(data: Path, toolkit: str) -> Path:
    """The toolkit's file, named by its id (never a path: the new part is written into it)."""
    folder = data / kinds.TOOLKITS
    known = sorted(path.stem for path in folder.glob("*.yml"))
    path = folder / f"{toolkit}.yml"
    if not re.fullmatch(SLUG_PATTERN, toolkit) or not path.is_file():
        close = difflib.get_close_matches(toolkit, known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else f"the toolkits are: {', '.join(known) or 'none yet'}"
        raise ValueError(f"there is no toolkit '{toolkit}' in {folder}: give a toolkit's id, the name of its "
                         f"file without .yml; {hint}")
    return path


def scaffold(data: Path, kind: str, title: str, toolkit: str | None = None, today: dt.date | None = None) -> Path:
    """Write the new file and, for a part of a toolkit, add it to the toolkit's parts. Returns the file.

    ``today`` is the review date written into a new toolkit (the real date unless a test gives one).
    """
    _check_title(title)
    found = kinds.by_alias(kind)
    if found is None:
        raise ValueError(f"unknown kind '{kind}'; choose one of: {', '.join(kinds.aliases())}")
    if found.scaffold is None:
        raise ValueError(found.no_scaffold or f"there is no scaffold for a {found.singular}: copy an existing file in "
                         f"toolkit_data/{found.folder}/ instead")
    if found.part and not toolkit:
        raise ValueError(f"a {kind} is a part of a toolkit: say which with --toolkit TOOLKIT-ID")
    folder = data / found.folder
    folder.mkdir(parents=True, exist_ok=True)
    entity_id = fresh_id(folder, title)
    env = Environment(loader=kinds.template_loader(), undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_string
    today = today or dt.date.today()
    text = env.get_template(found.scaffold).render(
        id=entity_id, title=title, today=today.isoformat(), next_year=a_year_after(today).isoformat(),
        schema=found.schema)
    target = folder / f"{entity_id}.yml"
    if found.part:
        assert toolkit is not None
        toolkit_file = _toolkit_file(data, toolkit)
        target.write_text(text, encoding="utf-8")
        _add_part(toolkit_file, found.part, entity_id)
    else:
        target.write_text(text, encoding="utf-8")
    return target
