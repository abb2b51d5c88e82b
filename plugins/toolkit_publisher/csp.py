"""A Content Security Policy on every page, as a <meta> tag: GitHub Pages and many intranets set no headers.

Defence in depth behind the page check: scripts run only from the site's own files and the
theme's own inline scripts, each allowed by the SHA-256 of its exact text, computed from the page
as it is written. An inline event handler, a ``javascript:`` URL or an injected ``<script>``
that some check missed then does nothing.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import Callable

#: Script types a browser runs; a JSON data block (Material's configuration) is not script.
_SCRIPT_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})
#: Where the policy goes: first thing in the theme's <head>, before any script it covers.
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.IGNORECASE)


class _InlineScripts(HTMLParser):
    """Collects the exact text of every inline script a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        values = {name: (value or "") for name, value in attrs}
        runs = "src" not in values and values.get("type", "").strip().lower() in _SCRIPT_TYPES
        self._current = [] if runs else None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def script_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-…') for the inline scripts in this HTML, in order, without repeats."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    hashes = [base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
              for text in parser.scripts]
    return [f"'sha256-{digest}'" for digest in dict.fromkeys(hashes)]


def policy(hashes: list[str], *, live_reload: bool = False) -> str:
    """The policy text. ``live_reload``: `mkdocs serve` adds an inline script that changes on every request,
    which no hash can name, so the local preview allows inline script; a built site never does."""
    scripts = "'self' 'unsafe-inline'" if live_reload else " ".join(["'self'", *hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_policy(output: str, content: str, *, live_reload: bool = False,
               hashes: Callable[[str], list[str]] = script_hashes) -> str:
    """The page with its policy as the first element of <head>.

    Only the theme's scripts are hashed: the page's content is taken out first, so a script in the
    content (which the page check refuses anyway) could never be allowed by its own hash. ``hashes``: how the
    theme's scripts are hashed (the plugin keeps them by the theme's HTML; see page_verdicts.py).
    """
    theme = output.replace(content, "", 1) if content else output
    found = [] if live_reload else hashes(theme)  # the preview's policy names no hash
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(found, live_reload=live_reload)}">'
    head = _HEAD.search(output)
    if head is None:
        return output
    return output[: head.end()] + tag + output[head.end():]
