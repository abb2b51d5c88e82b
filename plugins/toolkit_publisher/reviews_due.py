"""Review reminders for editors: what falls due within a number of days, grouped by owner, as text, Markdown or JSON.

Read from the validated content (owners and review dates as pages inherit them from their toolkits, see
validate/reviews.py). Entries that take their dates from the same place (a toolkit and every part that inherits its
dates) are one review: the editor updates one ``review_due``, so the reminder names that place once, with the pages
it covers. ``./scripts/reviews`` prints it; the weekly workflow (.github/workflows/reviews.yml) posts it as an issue.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kinds, labels
from . import models as m
from .errors import ContentErrors
from .page_spec import Options, PageBuilder
from .templating import md
from .validate import Content, Review, validate

FORMATS = ("text", "markdown", "json")
#: The owner a toolkit has until someone is named, as the reminder says it.
NO_OWNER = "No owner yet"


@dataclass
class Due:
    """One review date to update, and every page that takes its date from it."""

    review: Review
    #: The entry whose file holds the date: (its kind's folder, its id, its title).
    entry: tuple[str, str, str]
    #: Each page that shows this review, as (its title, its path in the site).
    pages: list[tuple[str, str]] = field(default_factory=list)

    @property
    def owner(self) -> str:
        return NO_OWNER if self.review.owner == m.NOT_ASSIGNED else self.review.owner


def _title(model: Any) -> str:
    """An entry's title, as its page heads it (an organisation's is its name)."""
    return str(getattr(model, "title", None) or getattr(model, "name", ""))


def due_within(content: Content, today: dt.date, days: int) -> list[Due]:
    """Every review due on or before ``today + days`` (those past due too), soonest first, each place once."""
    until = today + dt.timedelta(days=days)
    builder = PageBuilder(content, Options(), "")
    found: dict[tuple[str, int, int], Due] = {}
    for (folder, entry_id), review in sorted(content.reviews.items()):
        if review.review_due > until:
            continue
        model = content.of(folder)[entry_id]
        place = (review.due_position.path, review.due_position.line, review.due_position.column)
        item = found.setdefault(place, Due(review, ("", "", "")))
        page = (_title(model), _site_path(builder.entity_path(folder, entry_id)))
        if folder == kinds.TOOLKITS or model.review_due is not None:  # the entry whose file holds the date
            item.entry = (folder, entry_id, _title(model))
            item.pages.insert(0, page)
        else:
            item.pages.append(page)
    for item in found.values():
        if not item.entry[0]:  # dates written in a file none of whose entries falls due here: name the first page
            item.entry = ("", "", item.pages[0][0])
    return sorted(found.values(), key=lambda item: (item.review.review_due, item.owner, item.entry[2]))


def _site_path(markdown_path: str) -> str:
    """A page's address within the site, as published with directory URLs: 'toolkits/x/part/'."""
    path = markdown_path.removesuffix(".md")
    return "" if path == "index" else path.removesuffix("index") if path.endswith("/index") else f"{path}/"


def by_owner(items: list[Due]) -> dict[str, list[Due]]:
    """The reviews grouped by owner, owners in alphabetical order (no owner last), each owner's soonest first."""
    grouped: dict[str, list[Due]] = {}
    for item in items:
        grouped.setdefault(item.owner, []).append(item)
    return dict(sorted(grouped.items(), key=lambda pair: (pair[0] == NO_OWNER, pair[0].lower())))


def _when(review: Review, today: dt.date) -> str:
    """'overdue since 1 January 2021' or 'due 23 November 2027'."""
    if review.review_due < today:
        return f"overdue since {labels.long_date(review.review_due)}"
    return f"due {labels.long_date(review.review_due)}"


def _heading(items: list[Due], today: dt.date, days: int) -> str:
    until = today + dt.timedelta(days=days)
    owners = len(by_owner(items))
    if not items:
        return f"No review falls due by {labels.long_date(until)} (within {days} days of {labels.long_date(today)})."
    return (f"{labels.counted(len(items), 'review')} due by {labels.long_date(until)} (within {days} days of "
            f"{labels.long_date(today)}, overdue ones included), for {labels.counted(owners, 'owner')}.")


def as_text(items: list[Due], today: dt.date, days: int) -> str:
    """For a terminal: each owner, then each review with where its date is written and the pages it covers."""
    lines = [_heading(items, today, days)]
    for owner, owned in by_owner(items).items():
        lines += ["", owner]
        for item in owned:
            position = item.review.due_position
            lines.append(f"  {item.entry[2]}: {_when(item.review, today)}; update {position}")
            lines += [f"    {title} ({path or '/'})" for title, path in item.pages]
    return "\n".join(lines) + "\n"


def as_markdown(items: list[Due], today: dt.date, days: int) -> str:
    """For a GitHub issue: a heading per owner and a table of their reviews."""
    lines = [_heading(items, today, days), ""]
    for owner, owned in by_owner(items).items():
        lines += [f"## {md(owner)}", "", "| Review | When | Where to update the dates | Pages it covers |",
                  "| --- | --- | --- | --- |"]
        for item in owned:
            position = item.review.due_position
            pages = "<br>".join(f"{md(title)} (`{path or '/'}`)" for title, path in item.pages)
            lines.append(f"| {md(item.entry[2])} | {_when(item.review, today)} | `{position.path}` line "
                         f"{position.line} | {pages} |")
        lines.append("")
    return "\n".join(lines)


def as_json(items: list[Due], today: dt.date, days: int) -> str:
    """For other tools: the same grouping, with dates as ISO 8601."""
    owners = [{"owner": owner, "reviews": [{
        "kind": item.entry[0], "id": item.entry[1], "title": item.entry[2],
        "last_reviewed": item.review.last_reviewed.isoformat(), "review_due": item.review.review_due.isoformat(),
        "overdue": item.review.review_due < today,
        "file": item.review.due_position.path, "line": item.review.due_position.line,
        "column": item.review.due_position.column,
        "pages": [{"title": title, "path": path} for title, path in item.pages]} for item in owned]}
        for owner, owned in by_owner(items).items()]
    document = {"today": today.isoformat(), "days": days,
                "until": (today + dt.timedelta(days=days)).isoformat(), "count": len(items), "owners": owners}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """./scripts/reviews: exit 0 whatever falls due (a reminder is not a failure); 1 if the content has errors."""
    parser = argparse.ArgumentParser(prog="./scripts/reviews", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--days", type=int, default=30, help="list what falls due within this many days (30)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="text (the default), markdown or json")
    parser.add_argument("--data", type=Path, default=Path("toolkit_data"), help="the content folder")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="count from this day (YYYY-MM-DD) instead of today")
    args = parser.parse_args(argv)
    if args.days < 0:
        parser.error("--days must be 0 or more")
    today = args.today or dt.date.today()
    if args.days > (dt.date.max - today).days:
        parser.error(f"--days must be at most {(dt.date.max - today).days}: a calendar goes no further")
    try:
        content = validate(args.data)
    except ContentErrors as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    items = due_within(content, today, args.days)
    write = {"text": as_text, "markdown": as_markdown, "json": as_json}[args.format]
    sys.stdout.write(write(items, today, args.days))
    return 0


if __name__ == "__main__":
    sys.exit(main())
