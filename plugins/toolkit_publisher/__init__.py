"""Publishes NHS workforce toolkits kept as YAML: load, validate, render, write.

The core (load, validate, render) imports nothing from MkDocs; ``mkdocs_plugin`` adapts it
to MkDocs and ``__main__`` to the command line.
"""

from .errors import ContentError, ContentErrors, Position
from .render import RenderedSite, render_site
from .validate import Content, validate

__all__ = ["Content", "ContentError", "ContentErrors", "Position", "RenderedSite", "render_site", "validate"]
