"""A toolkit's change log as an Atom feed (RFC 4287), made with feedgen: byte-identical from build to build.

Every date in it is a change's own (the feed's ``updated`` is its newest change's), never the build's clock, and its
ids are derived from the toolkit's id and each change's date and place among that day's changes, so a feed reader
sees a change once however often the site is built. Links are relative to the feed's own address (RFC 4287 resolves
them against it), so the same bytes serve wherever the site is published.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import uuid

from feedgen.feed import FeedGenerator

from .. import labels, urls
from .. import models as m

#: The namespace of every id in the feeds: a toolkit's feed and its entries are uuid5 names within it.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:toolkit-publisher:changes")


def _link(target: str, feed: str) -> str:
    """A page's address relative to the feed's, as a feed reader resolves it."""
    relative = posixpath.relpath(urls.page_url(target), posixpath.dirname(feed))
    return relative + "/" if urls.page_url(target).endswith("/") and not relative.endswith("/") else relative


def _midnight(day: dt.date) -> dt.datetime:
    """A change's day as Atom's date-time: the start of that day, UTC."""
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.timezone.utc)


def to_atom(toolkit: m.Toolkit, titles: dict[str, str]) -> bytes:
    """The toolkit's changes, newest first: each titled by its summary, dated by its day, linked to the first part it
    touched (or the toolkit's home page), naming the parts it touched."""
    from ..downloads import feed_path  # the plan's own rule for the address

    feed = feed_path(toolkit.id)
    home = _link(urls.toolkit(toolkit.id), feed)
    generator = FeedGenerator()
    generator.id(uuid.uuid5(_NAMESPACE, toolkit.id).urn)
    generator.title(toolkit.title)
    generator.subtitle(labels.feed_subtitle(toolkit.title))
    generator.link(href=home, rel="alternate", type="text/html")
    generator.link(href=posixpath.basename(feed), rel="self", type="application/atom+xml")
    generator.language("en-GB")
    # Atom requires an author: the change log is the editors' account of the site's changes, not the publication's.
    generator.author(name=labels.FEED_AUTHOR)
    changes = toolkit.latest_changes()
    generator.updated(_midnight(changes[0].date))
    numbered: dict[int, int] = {}  # each change's place among its day's, in the file's order: part of its id
    per_day: dict[dt.date, int] = {}
    for change in toolkit.changes:
        per_day[change.date] = per_day.get(change.date, 0) + 1
        numbered[id(change)] = per_day[change.date]
    for change in changes:
        entry = generator.add_entry(order="append")
        entry.id(uuid.uuid5(_NAMESPACE, f"{toolkit.id}\0{change.date.isoformat()}\0{numbered[id(change)]}").urn)
        entry.title(change.summary)
        entry.updated(_midnight(change.date))
        entry.published(_midnight(change.date))
        target = urls.part(toolkit.id, change.parts[0]) if change.parts else urls.toolkit(toolkit.id)
        entry.link(href=_link(target, feed), rel="alternate", type="text/html")
        touched = [titles.get(part_id, part_id) for part_id in change.parts]
        text = f"{labels.long_date(change.date)}: {change.summary}"
        if touched:
            text += f" {labels.PARTS_CHANGED}: {'; '.join(touched)}."
        entry.content(text, type="text")
    return generator.atom_str(pretty=True)
