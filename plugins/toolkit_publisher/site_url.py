"""The published site needs the address it is published at: without it, links break under a project path.

GitHub Pages publishes a project's site under a path (https://ORGANISATION.github.io/REPOSITORY/). Without
mkdocs.yml's `site_url`, MkDocs links the 404 page's stylesheets, scripts and menu from the server's root,
where they are not, and writes a sitemap.xml that lists no pages. So a build for publishing refuses to run
without it, and says where to set it; `mkdocs serve` needs none (it serves on its own address).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .errors import ContentError, Position
from .models import link_problem

#: The example given: the real address depends on where the site is published, which only its publisher knows.
EXAMPLE = "https://<your-organisation>.github.io/<repository>/"
_ENV_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: A percent-encoded control character: decoded, it would end a line of the sitemap or a page's head.
_ENCODED_CONTROL = re.compile(r"%(?:[01][0-9a-fA-F]|7[fF])")


def _site_url_node(text: str) -> yaml.Node | None:
    """The value of mkdocs.yml's `site_url`, with its position (composed only: a tag such as !ENV is kept as
    it is, not run)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((value for key, value in root.value if key.value == "site_url"), None)


def _env_variables(value: yaml.Node) -> list[str]:
    """The environment variables a `!ENV` value reads, in order: `!ENV NAME`, `!ENV [NAME]`, or
    `!ENV [NAME, ..., DEFAULT]` (as pyyaml_env_tag reads it, the last of two or more is the default)."""
    if value.tag != "!ENV":
        return []
    if isinstance(value, yaml.ScalarNode):
        names = [value.value]
    else:
        items = value.value if len(value.value) < 2 else value.value[:-1]
        names = [item.value for item in items if isinstance(item, yaml.ScalarNode)]
    return [name for name in names if _ENV_VARIABLE.fullmatch(name)]


def missing_site_url(config_file: Path) -> ContentError:
    """Where mkdocs.yml should set `site_url`, and how: the line to add, or the environment variable to set."""
    name = config_file.name
    why = ("without it, the 404 page's links and sitemap.xml are wrong when the site is published under a path, "
           "as GitHub Pages does (./scripts/serve needs none)")
    try:
        value = _site_url_node(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):  # MkDocs has read it, so neither happens unless it changed since
        value = None
    if value is None:
        return ContentError(Position(name), f"site_url is missing: add the line 'site_url: {EXAMPLE}' with the "
                            "address the site is published at, ending in '/' (or 'site_url: !ENV [SITE_URL]' to "
                            f"set it through the environment variable SITE_URL); {why}")
    position = Position(name, value.start_mark.line + 1, value.start_mark.column + 1)
    variables = _env_variables(value)
    if variables:
        return ContentError(position, f"site_url is taken from the environment variable {variables[0]}, which is "
                            "not set: build with it set to the address the site is published at, ending in '/', "
                            f"such as {variables[0]}={EXAMPLE} ./scripts/build; {why}")
    return ContentError(position, "site_url is empty: write the address the site is published at, ending in "
                        f"'/', such as 'site_url: {EXAMPLE}'; {why}")


def site_url_problem(url: str) -> str | None:
    """Why an address cannot be the site's, or None. The theme writes it unescaped into every page's head (the
    canonical link, the 404 page's links) and the sitemap, and the Content Security Policy allows each inline
    script found outside a page's content: so an address holding a quote could add a script that the policy
    then allows. Only a plain web address passes: http(s), a host, a path of ordinary segments, nothing after."""
    problem = link_problem(url)
    if problem:
        return problem
    parts = urlsplit(url)
    if parts.query or parts.fragment or url.endswith(("?", "#")):
        return "the address cannot have a query ('?') or a fragment ('#')"
    if any(segment in (".", "..") for segment in parts.path.split("/")):
        return "the address's path cannot hold '.' or '..' segments; write the path itself"
    if _ENCODED_CONTROL.search(url):
        return "the address cannot hold a percent-encoded control character (such as %0A)"
    return None


def bad_site_url(config_file: Path, url: str) -> ContentError | None:
    """A problem with the address given, at the place mkdocs.yml sets it (naming the variable it came from)."""
    problem = site_url_problem(url)
    if problem is None:
        return None
    name = config_file.name
    try:
        value = _site_url_node(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        value = None
    variables = _env_variables(value) if value is not None else []
    position = Position(name, value.start_mark.line + 1, value.start_mark.column + 1) if value else Position(name)
    given = f"the environment variable {variables[0]} holds" if variables else "site_url is"
    return ContentError(position, f"{given} '{url}', which cannot be the site's address: {problem}; set it to the "
                        f"address the site is published at, ending in '/', such as {EXAMPLE}")
