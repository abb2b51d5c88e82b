"""Publishes NHS workforce toolkits kept as YAML: load, validate, render, write.

The core (load, validate, render) imports nothing from MkDocs; ``mkdocs_plugin`` adapts it
to MkDocs and ``__main__`` to the command line. Names are imported when first used, so a build
served from the site cache never loads the content models.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# (Not `validate`: that name is its module's. Import it as `from toolkit_publisher.validate import validate`.)
_EXPORTS = {"ContentError": "errors", "ContentErrors": "errors", "Position": "errors", "RenderedSite": "site",
            "render_site": "render", "Content": "validate", "PageBuilder": "page_spec", "PageSpec": "page_spec",
            "index_page": "kind_pages"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
