"""Where each generated page lives: the one place that decides the site's paths."""

from __future__ import annotations

import posixpath

#: The section toolkits and their parts are published under. Every other kind's section is in its declaration
#: (kinds.py), and its pages' paths are made here from it.
TOOLKITS = "toolkits"


def toolkit(toolkit_id: str) -> str:
    return f"{TOOLKITS}/{toolkit_id}/index.md"


def part(toolkit_id: str, part_id: str) -> str:
    return f"{TOOLKITS}/{toolkit_id}/{part_id}.md"


def checklist_print(toolkit_id: str) -> str:
    return f"{TOOLKITS}/{toolkit_id}/print-checklist.md"


def check_answers(toolkit_id: str) -> str:
    """A toolkit's "Your answers" page: every section's answers, the readiness summary and the action plan."""
    return f"{TOOLKITS}/{toolkit_id}/your-answers.md"


def index(section: str) -> str:
    return f"{section}/index.md"


def entity(section: str, entity_id: str) -> str:
    return f"{section}/{entity_id}.md"


def anchor(kind: str, entity_id: str) -> str:
    """An entry's HTML id on the page that lists it (a resource, a training session), unique by construction:
    ids never hold '--' (see models.Slug), nor do the heading ids Markdown's toc makes (it collapses runs of
    '-'), so no heading or entry of another kind can take it."""
    return f"{kind}--{entity_id}"


def resource_anchor(resource_id: str) -> str:
    return anchor("resource", resource_id)


def relative(target: str, source: str) -> str:
    """A Markdown link from one generated file to another, as MkDocs resolves it."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def page_url(path: str, directory_urls: bool = True) -> str:
    """The URL a generated Markdown file is published at, as MkDocs computes it (File.url).

    The core renders without MkDocs, so it keeps this rule of its own; tests/test_urls.py proves it equals
    MkDocs' for every generated page, with use_directory_urls true and false. Without directory URLs an index
    page is its own file (``index.html``): a folder's address would show a listing, or nothing, from a disk.
    """
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return "./"
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def href(target: str, source: str, directory_urls: bool = True) -> str:
    """A link for raw HTML, where MkDocs does not rewrite .md paths: from one page's URL to another's."""
    target, _, anchor = target.partition("#")
    target_url = page_url(target, directory_urls) if target.endswith(".md") else target
    source_url = page_url(source, directory_urls)
    base = source_url if source_url.endswith("/") else posixpath.dirname(source_url)
    relative_url = posixpath.relpath(target_url or ".", base or ".")
    if target_url.endswith("/") or not target_url:
        relative_url = "./" if relative_url == "." else relative_url + "/"
    return relative_url + (f"#{anchor}" if anchor else "")


def compare_answers(toolkit_id: str) -> str:
    """A toolkit's "Compare saved answers" page: what changed between two files of its saved answers."""
    return f"{TOOLKITS}/{toolkit_id}/compare-answers.md"


def team_answers(toolkit_id: str) -> str:
    """A toolkit's "Combine a team's answers" page: several files of its saved answers in one table and plan."""
    return f"{TOOLKITS}/{toolkit_id}/team-answers.md"
