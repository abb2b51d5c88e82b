"""What HTML may reach a published page, checked with the nh3 (Ammonia) sanitiser.

Two allow-lists. The field policy is what an editor's Markdown may produce: checked field by
field, so the message can point at the line. The page policy is what a whole published page may
hold once MkDocs has turned it into HTML: what the templates and the enabled Markdown extensions
legitimately make, and nothing that runs script. Fields are published together, and text that
is harmless alone (a reference definition, half a comment, an indented line) can mean something
else beside another; only the page check sees the result.

As GOV.UK's govspeak does, content that the sanitiser would change is an error rather than being
silently altered, so the editor learns that their HTML is not allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Callable

import markdown
import nh3

from .editorial import KINDS

if TYPE_CHECKING:
    from .cache import Memo

#: What Markdown itself produces, and nothing that can run code or restyle the page.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "li", "ol", "p", "pre", "span", "strong", "sub", "summary", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
                      "td": {"colspan", "rowspan"}, "ol": {"start"}, "*": {"id", "class"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})

#: What the templates add to a page beyond what Markdown makes: checklist tables, the self-assessment's panel and
#: controls, the case-study filter, download lists, print buttons; a file chooser may take several files at once
#: (comparing saved answers, combining a team's). No element or attribute here can run script, load
#: anything or submit a form elsewhere (a form has no action; a button is only type="button"; a field has no name,
#: which the self-assessment's script gives its radio buttons, so no template names a field for a form to send).
PAGE_TAGS = ALLOWED_TAGS | {"button", "caption", "fieldset", "form", "input", "label", "legend", "nav", "option",
                            "select", "textarea", "time"}
_TEMPLATE_ATTRIBUTES = {"*": {"hidden", "aria-hidden", "aria-label", "aria-live", "role"}, "a": {"download"},
                        "input": {"value", "aria-describedby", "multiple"}, "label": {"for"}, "option": {"value"},
                        "textarea": {"rows"}, "time": {"datetime"}}
PAGE_ATTRIBUTES = {tag: ALLOWED_ATTRIBUTES.get(tag, set()) | _TEMPLATE_ATTRIBUTES.get(tag, set())
                   for tag in ALLOWED_ATTRIBUTES.keys() | _TEMPLATE_ATTRIBUTES.keys()}
#: An editorial mark (editorial.py), in a field or a page written by hand: a span saying which kind it is, no other value.
MARK_ATTRIBUTE_VALUES = {"span": {"data-editorial": set(KINDS)}}
#: Attributes allowed only with these values.
PAGE_ATTRIBUTE_VALUES = {
    "button": {"type": {"button"}}, "a": {"rel": {"prev", "next"}},
    "input": {"type": {"checkbox", "radio", "text", "file"}, "inputmode": {"decimal"}, "autocomplete": {"off"},
              "accept": {".json,application/json"}, "tabindex": {"-1"}},
}
#: The Markdown extensions mkdocs.yml enables (but toc, which adds only ids), so the check sees what the
#: build will produce. A test keeps the two lists the same.
MARK_EXTENSION = "toolkit_publisher.editorial"
MARKDOWN_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "pymdownx.details", MARK_EXTENSION]
#: The classes the site's templates and its mark syntax give their own elements (tk-…): styled and read as the
#: site's furniture or the editors' marks (by readers and by ./scripts/faithfulness), so content may not give them.
_RESERVED_CLASS = re.compile(r"(?:^|\s)tk-", re.I)


class _Canonical(HTMLParser):
    """A comparable form of HTML: tags with sorted attributes and collapsed text, however it was serialised."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data.strip()))

    # Markup that Python's parser and browsers read differently: a browser ends '<![CDATA[' or '<?' at the
    # first '>' (a bogus comment), Python at ']]>' or later, so text hidden in one can be a tag to the other.
    # Recorded, never allowed: the sanitiser drops them, so they always differ.
    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("declaration", decl))

    def unknown_decl(self, data: str) -> None:
        self.tokens.append(("declaration", data))

    def handle_pi(self, data: str) -> None:
        self.tokens.append(("declaration", f"?{data}"))

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text:
            self.tokens.append(("text", text))


#: Elements with no end tag: '<br />' and '<br>' are the same element, whichever way it is written.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def _canonical(html: str) -> list[tuple[str, ...]]:
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return [t for t in parser.tokens if t[0] != "end" or t[1] not in _VOID]


def _describe(token: tuple[str, ...]) -> str:
    if token[0] == "start":
        attributes = " ".join(token[2:])
        return f"<{token[1]}{' ' + attributes if attributes else ''}>"
    if token[0] == "end":
        return f"</{token[1]}>"
    if token[0] == "comment":
        return "an HTML comment <!-- -->"
    if token[0] == "declaration":
        return "markup that browsers read differently (such as <![CDATA[, <? or <!DOCTYPE)"
    return f"the text '{token[1][:40]}'"


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)


def _without_marks(text: str) -> str:
    """The Markdown as HTML with its editorial marks left as text: what the editor's own markup makes."""
    return markdown.markdown(text, extensions=[name for name in MARKDOWN_EXTENSIONS if name != MARK_EXTENSION])


#: Ids as headings and templates make them. The theme prints a heading's id unescaped in its table of
#: contents (href="#…"), so an id holding a quote or '<' (which attr_list allows) would be markup there.
_SAFE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:-]*")
#: A control character written as %XX in a link: MkDocs decodes it into its own log messages, where a line
#: break could forge a CI annotation.
_ENCODED_CONTROL = re.compile(r"%(?:[01][0-9A-Fa-f]|7[Ff])")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Values no content needs and the theme could misread.

    Material keeps its own elements under ids that start with '__' (its configuration is
    '#__config'), so a content id of that form could stand in for one of them, and it prints ids
    unescaped in the table of contents; its tooltips insert a title as HTML, so a title may not hold
    markup even with tooltips turned off; and a link may not hold an encoded control character.
    """
    if attribute in ("id", "for", "aria-describedby") and (value.startswith("__") or not _SAFE_ID.fullmatch(value)):
        return None
    if attribute in ("href", "src") and _ENCODED_CONTROL.search(value):
        return None
    if attribute == "title" and "<" in value:
        return None
    return value


def _own_attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """As :func:`_attribute_filter`, and no class of the site's own: for what an editor's markup makes by itself."""
    if attribute == "class" and _RESERVED_CLASS.search(value):
        return None
    return _attribute_filter(tag, attribute, value)


@dataclass(frozen=True)
class Policy:
    """One allow-list: the elements, attributes and URL schemes a piece of HTML may use."""

    tags: frozenset[str]
    attributes: dict[str, set[str]]
    attribute_values: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    prefixes: frozenset[str] = frozenset()
    attribute_filter: Callable[[str, str, str], str | None] = _attribute_filter

    def clean(self, html: str) -> str:
        return nh3.clean(html, tags=set(self.tags), attributes={k: set(v) for k, v in self.attributes.items()},
                         tag_attribute_values={t: {a: set(v) for a, v in vs.items()}
                                               for t, vs in self.attribute_values.items()},
                         generic_attribute_prefixes=set(self.prefixes) or None, attribute_filter=self.attribute_filter,
                         url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


#: What an editor's Markdown field may produce.
FIELD_POLICY = Policy(ALLOWED_TAGS, ALLOWED_ATTRIBUTES, MARK_ATTRIBUTE_VALUES)
#: What the editor's own markup in a field (its marks left as text) may produce: no mark's attribute and no class
#: of the site's own, which only the mark syntax and the templates write.
OWN_MARKUP_POLICY = Policy(ALLOWED_TAGS, ALLOWED_ATTRIBUTES, attribute_filter=_own_attribute_filter)
#: What a generated page's content may hold: the field policy and what the templates add (data- attributes
#: carry the self-assessment's and the filter's data, which the site's scripts read as text).
PAGE_POLICY = Policy(PAGE_TAGS, PAGE_ATTRIBUTES, PAGE_ATTRIBUTE_VALUES, frozenset({"data-"}))
#: What a page written by hand in the docs folder may hold: what Markdown makes, as for a field, and pictures
#: (the docs folder may hold them; only from this site or https:, and the privacy plugin refuses others). No data-
#: attributes, forms or buttons: those would drive the site's own scripts (a self-assessment panel that
#: clears a real section's answers) from text no template wrote.
WRITTEN_POLICY = Policy(ALLOWED_TAGS | {"img"}, {**ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title"}},
                        MARK_ATTRIBUTE_VALUES)


def clean(html: str) -> str:
    return FIELD_POLICY.clean(html)


def disallowed(html: str, policy: Policy, cleaned: str | None = None) -> tuple[str, str] | None:
    """What the policy would remove from this HTML, and a snippet to find it by; None if it is all allowed.

    ``cleaned``: the policy's output for this HTML, when the caller already has it."""
    before, after = _canonical(html), _canonical(policy.clean(html) if cleaned is None else cleaned)
    if before == after:
        return None
    for index, token in enumerate(before):
        if index >= len(after) or after[index] != token:
            return _describe(token), _needle(token, after[index] if index < len(after) else None)
    return "part of the HTML", ""


def unsafe_page(html: str, policy: Policy = PAGE_POLICY, cleaned: str | None = None) -> tuple[str, str] | None:
    """The page check: what in a published page's content HTML is outside the page policy."""
    return disallowed(html, policy, cleaned)


#: What Markdown needs to produce anything the sanitiser could remove: raw HTML and autolinks (<), attributes
#: ({, attr_list), tables (|: their alignment is a style attribute), links and images (](, ]:, ][ and ![),
#: and control characters, which the sanitiser drops. Text with none of these renders to plain paragraphs,
#: headings, lists, emphasis and code, all allowed.
_MAY_NEED_SANITISING = re.compile(r"[<{|\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\]\s*[(:\[]|!\[")
#: How the validator writes a link to other content before checking: it becomes a link to "#", allowed.
SAFE_LINK = "](#)"


def unsafe_html(text: str, verdicts: Memo[tuple[str, str] | None] | None = None) -> tuple[str, str] | None:
    """What the sanitiser would remove from this Markdown once rendered, and a snippet to find it by; None if safe.

    Most text cannot produce HTML at all, and is passed without rendering it: rendering costs a
    millisecond or more a field, more than anything else in validation. A property-based test
    checks that the shortcut never passes text that rendering would catch. ``verdicts``, kept by the
    caller (see cache.ValidationMemo), spares rendering a text checked before.
    """
    if not _MAY_NEED_SANITISING.search(text.replace(SAFE_LINK, "]")):
        return None
    if verdicts is None:
        return rendered_unsafe_html(text)
    return verdicts.get(text, lambda: rendered_unsafe_html(text))


def rendered_unsafe_html(text: str) -> tuple[str, str] | None:
    """The check itself: render the Markdown, sanitise the HTML, and compare the two; then the same for the
    editor's own markup, its marks left as text, which may not dress words as a mark or as the site's furniture."""
    return disallowed(to_html(text), FIELD_POLICY) or disallowed(_without_marks(text), OWN_MARKUP_POLICY)


def _needle(token: tuple[str, ...], kept: tuple[str, ...] | None) -> str:
    """The text to look for in the editor's Markdown: the removed attribute's value, or the tag itself."""
    if token[0] == "start" and kept is not None and kept[:2] == token[:2]:
        removed = [a for a in token[2:] if a not in kept[2:]]
        if removed:
            return removed[0].split("=", 1)[1] or removed[0].split("=", 1)[0]
    if token[0] in ("start", "end"):
        return f"<{token[1]}" if token[0] == "start" else f"</{token[1]}"
    if token[0] == "declaration":
        return "<?" if token[1].startswith("?") else "<!"
    return "<!--" if token[0] == "comment" else ""
