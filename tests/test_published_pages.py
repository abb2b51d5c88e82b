"""What the site serves, not only what editors wrote: each published page is checked after composition,
the theme cannot turn text into HTML, and every page carries a Content Security Policy."""

from __future__ import annotations

import base64
import hashlib
import re
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BuiltSite, copy_project, mkdocs_build
from test_validation import TOOLKIT, errors_for, write_data
from toolkit_publisher.csp import add_policy, script_hashes
from toolkit_publisher.sanitise import unsafe_page

ORGANISATION = "id: an-org\nname: An organisation\n"
THEMES = "themes:\n  - id: a-theme\n    title: A theme\n"


def case_study(what_they_did: str, outcome: str) -> str:
    """A case study whose two Markdown fields are published one after the other on its page."""
    return ("id: a-study\ntitle: A study\norganisations: [an-org]\nthemes: [a-theme]\nsource: demo\n"
            "summary: A summary.\n"
            f"what_they_did: |\n{textwrap.indent(what_they_did, '  ')}\n"
            f"outcome: |\n{textwrap.indent(outcome, '  ')}\n")


def page(body: str, note: str | None = None) -> str:
    """A guidance page: the editor's note (an admonition) is published just before the body."""
    return ("id: intro\ntitle: Intro\n" + (f"editor_note: {note}\n" if note else "")
            + f"body: |2\n{textwrap.indent(body, '  ')}\n")


WITH_PAGE = TOOLKIT + "  - page: intro\n"


def build(tmp_path: Path, files: dict[str, str], docs: dict[str, str] | None = None,
          engine: str = "mkdocs") -> BuiltSite:
    """A whole site from fixture content, built as the pull-request check builds it (by MkDocs unless told)."""
    data = write_data(tmp_path / "data", {"organisations/an-org.yml": ORGANISATION, "themes.yml": THEMES, **files})
    project = copy_project(tmp_path / "project", data)
    for name, text in (docs or {}).items():
        (project / "content" / name).write_text(text, encoding="utf-8")
    return BuiltSite(tmp_path / "site", mkdocs_build(project, tmp_path / "site", engine=engine))


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    return tmp_path


def _messages(site: BuiltSite) -> list[str]:
    return [line for line in site.result.stderr.splitlines() if ": error: " in line]


# --- each field passes alone; published together, the page check refuses them ----------------------


COMPOSED = {
    "a reference definition in one field names the link of another": (
        {"case_studies/a-study.yml": case_study("Read [the plan][guide].", "[guide]: javascript:alert(1)")},
        "toolkit_data/case_studies/a-study.yml", "javascript:alert(1)", "outcome"),
    "a comment opened in one field and closed in another hides what lies between": (
        {"case_studies/a-study.yml": case_study("What they did.\n\n<!--", "--> The outcome.")},
        "toolkit_data/case_studies/a-study.yml", "<!--", "what_they_did"),
}


@pytest.mark.parametrize("case", COMPOSED, ids=list(COMPOSED))
def test_fields_that_pass_alone_are_refused_when_published_together(project_dir: Path, case: str) -> None:
    files, path, needle, field = COMPOSED[case]
    errors_alone = _validation_errors(project_dir / "alone", files)
    assert errors_alone == [], "each field passes the per-field check on its own"
    site = build(project_dir, files)
    assert site.result.returncode != 0
    messages = _messages(site)
    assert messages, site.result.stderr
    source = path.split("/", 1)[1]
    text = (project_dir / "data" / "toolkit_data" / source).read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), 1) if needle in row)
    assert any(m.startswith(f"{path}:{line}:") and f"(in the field '{field}')" in m and "would contain HTML that "
               "is not allowed" in m for m in messages), messages
    assert not (project_dir / "site").exists() or not any((project_dir / "site").rglob("*.html"))


def test_an_indented_line_after_the_editors_note_stays_text(project_dir: Path) -> None:
    """The editor's note is closed (inside its editorial mark's element) before the body: an indented first line of
    the body no longer joins the note's admonition, where it became raw HTML; it is a code block, shown as text."""
    files = {"pages/intro.yml": page("    <img src=x onerror=alert(1)>", note="Checked against the source."),
             "toolkits/demo.yml": WITH_PAGE}
    site = build(project_dir, files)
    assert site.result.returncode == 0, site.result.stderr
    article = site.article("toolkits/demo/intro/")
    assert article.select("img") == []
    assert [code.get_text() for code in article.select("pre code")] == ["<img src=x onerror=alert(1)>\n"]
    assert article.select_one('[data-editorial="derived"] .admonition') is not None


def _validation_errors(root: Path, files: dict[str, str]) -> list[str]:
    from toolkit_publisher.errors import ContentErrors
    from toolkit_publisher.validate import validate

    root.mkdir(parents=True, exist_ok=True)
    try:
        validate(write_data(root, {"organisations/an-org.yml": ORGANISATION, "themes.yml": THEMES, **files}))
    except ContentErrors as exc:
        return [str(e) for e in exc.errors]
    return []


# --- content/*.md: the docs folder is checked like generated pages --------------------------------


def test_a_markdown_page_in_the_docs_folder_is_checked(project_dir: Path) -> None:
    site = build(project_dir, {}, docs={"extra.md": "# Extra\n\nFine text.\n\n<img src=x onerror=alert(1)>\n"})
    assert site.result.returncode != 0
    assert any(m.startswith("content/extra.md:5:") and "the published page 'extra.md'" in m for m in _messages(site)), \
        site.result.stderr


@pytest.mark.parametrize(("markdown", "where"), [
    ("# Hi &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n\nText.\n", "content/extra.md:1:3"),
    ("---\ntitle: <img src=x onerror=alert(1)>\n---\n\n# Extra\n", "content/extra.md:2:8"),
    ("---\ndescription: '\"><script>alert(1)</script>'\n---\n\n# Extra\n", "content/extra.md:2:"),
    ("---\ntemplate: main.html\n---\n\n# Extra\n", "content/extra.md:2:1"),
])
def test_titles_and_front_matter_that_the_theme_prints_are_checked(project_dir: Path, markdown: str,
                                                                    where: str) -> None:
    """The theme prints a page's title and front matter around its content, unescaped."""
    site = build(project_dir, {}, docs={"extra.md": markdown})
    assert site.result.returncode != 0
    assert any(m.startswith(where) for m in _messages(site)), site.result.stderr


@pytest.mark.parametrize("name", ["page.html", "evil.js", "picture.svg", "data.json", "sub/x.htm"])
def test_files_the_docs_folder_would_publish_unchecked_are_refused(project_dir: Path, name: str) -> None:
    """An HTML page or a script in the docs folder would be served from the site's origin, trusted by the policy."""
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    target = project / "content" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("<script>alert(1)</script>", encoding="utf-8")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode != 0
    assert f"content/{name}:1:1: error: this file would be published as it is, without being checked" in result.stderr


def test_hidden_files_the_site_leaves_out_do_not_stop_the_build(project_dir: Path) -> None:
    """A computer's own files in the docs folder (.DS_Store, a hidden folder) are not published (MkDocs leaves hidden
    files out), so they are not an editor's problem; the same names unhidden would be."""
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    (project / "content" / ".DS_Store").write_bytes(b"\x00\x01Bud1")
    (project / "content" / ".drafts").mkdir()
    (project / "content" / ".drafts" / "evil.js").write_text("alert(1)", encoding="utf-8")
    site = project_dir / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / ".DS_Store").exists() and not (site / ".drafts").exists()


def test_an_id_used_twice_on_a_page_is_refused(project_dir: Path) -> None:
    site = build(project_dir, {}, docs={"extra.md": "# Extra\n\n## Twice\n\n<p id=\"twice\">Text</p>\n"})
    assert site.result.returncode != 0
    assert any("content/extra.md" in m and "two elements with the id 'twice'" in m for m in _messages(site)), \
        site.result.stderr


def test_theme_features_that_read_text_as_html_are_refused(project_dir: Path) -> None:
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    - toc.follow", "    - toc.follow\n"
                                                                  "    - content.tooltips"), encoding="utf-8")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode != 0
    assert "the theme feature 'content.tooltips' cannot be used" in result.stderr


@pytest.mark.parametrize(("markdown", "what"), [
    ('[x](https://example.org/ "<img src=x onerror=alert(1)>")', "title=<img src=x onerror=alert(1)>"),
    ('<abbr title="<img src=x onerror=alert(1)>">NHS</abbr>', "title=<img src=x onerror=alert(1)>"),
])
def test_titles_holding_markup_are_refused_at_their_field(tmp_path: Path, markdown: str, what: str) -> None:
    errors = errors_for(tmp_path, {"pages/intro.yml": page(f"Text {markdown}"), "toolkits/demo.yml": WITH_PAGE})
    assert len(errors) == 1 and what in errors[0] and errors[0].startswith("toolkit_data/pages/intro.yml:4:"), errors


# --- the page policy itself ---------------------------------------------------------------------


@pytest.mark.parametrize("html", [
    '<p><a href="javascript:alert(1)">x</a></p>', '<p><a href="vbscript:msgbox(1)">x</a></p>',
    '<p><a href="data:text/html,&lt;script&gt;">x</a></p>', "<p onclick=alert(1)>x</p>", "<script>alert(1)</script>",
    "<style>p{}</style>", '<iframe src="https://example.org"></iframe>', "<svg onload=alert(1)></svg>",
    '<object data="x"></object>', '<form action="https://example.org"><p>x</p></form>', "<!-- hidden -->",
    '<button type="submit">x</button>', '<p id="__config">x</p>', '<a href="/" title="<b>x</b>">x</a>',
    '<p style="display:none">x</p>', '<img src="x">', '<input name="x">', '<base href="https://example.org/">',
])
def test_the_page_policy_refuses_what_no_template_makes(html: str) -> None:
    assert unsafe_page(html) is not None, html


def test_the_page_policy_allows_what_the_templates_make(real_site: BuiltSite) -> None:
    """Rule from the generator, not the wording: every page of the real site passes the policy it was built with."""
    pages = sorted(real_site.root.rglob("*.html"))
    assert pages
    for path in pages:
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is not None:
            assert unsafe_page(article.decode_contents()) is None, path


# --- the Content Security Policy -----------------------------------------------------------------


def _policy(soup: BeautifulSoup) -> dict[str, list[str]]:
    meta = soup.head.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert meta is not None and soup.head.find(True) is meta, "the policy is the first element of <head>"
    return {name: values for name, *values in (d.split() for d in meta["content"].split(";") if d.strip())}


def test_every_page_carries_a_policy_that_names_each_inline_script(real_site: BuiltSite) -> None:
    for path in sorted(real_site.root.rglob("*.html")):
        if path.relative_to(real_site.root).parts[0] == "admin":
            continue  # the content editor's page has its own, looser policy (tests/test_cms.py), first in its head too
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        policy = _policy(soup)
        assert policy["script-src"][0] == "'self'" and "'unsafe-inline'" not in policy["script-src"], path
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"], path
        assert policy["connect-src"] == ["'self'"] and policy["default-src"] == ["'self'"], path
        for script in soup.find_all("script", src=False):
            if script.get("type") in (None, "text/javascript"):
                digest = base64.b64encode(hashlib.sha256(script.string.encode()).digest()).decode()
                assert f"'sha256-{digest}'" in policy["script-src"], (path, script.string[:60])


def test_a_script_in_the_content_is_never_allowed_by_its_own_hash() -> None:
    content = "<p>x</p><script>alert(1)</script>"
    output = f"<html><head><script>theme()</script></head><body><article>{content}</article></body></html>"
    with_policy = add_policy(output, content)
    assert script_hashes("<script>theme()</script>")[0] in with_policy
    assert script_hashes("<script>alert(1)</script>")[0] not in with_policy


def test_the_local_preview_allows_live_reload_and_a_built_site_does_not() -> None:
    output = "<html><head><script>theme()</script></head><body></body></html>"
    assert "'unsafe-inline'" in add_policy(output, "", live_reload=True)
    assert "'unsafe-inline'" not in add_policy(output, "")


def test_no_request_to_another_host_in_the_policy(real_site: BuiltSite) -> None:
    text = (real_site.root / "index.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', text)
    assert policy is not None and "http" not in policy.group(1) and "*" not in policy.group(1)


# --- what an outside attacker found: each is refused with a message, never a traceback --------------

PARSER_TRICKS = ['<div><![CDATA[><script src="/evil.js">]]><?</script></div>',
                 '<div><![CDATA[><meta http-equiv="refresh" content="0;url=https://example.org/" data-x="]]><?"></div>',
                 "<div><?x><img src=x onerror=alert(1)>?></div>"]


@pytest.mark.parametrize("markup", PARSER_TRICKS)
def test_markup_that_parsers_read_differently_is_refused_and_never_published(tmp_path: Path, markup: str) -> None:
    from toolkit_publisher.page_check import publishable

    assert unsafe_page(markup) is not None
    for source in (None, "content/page.md"):
        published = publishable(markup, source)
        assert not re.search(r"<(script|meta)|onerror", published), published
    errors = errors_for(tmp_path, {"pages/intro.yml": page(f"Text.\n\n{markup}"), "toolkits/demo.yml": WITH_PAGE})
    assert len(errors) == 1 and errors[0].startswith("toolkit_data/pages/intro.yml:"), errors


def test_markup_that_parsers_read_differently_in_a_docs_page_fails_the_build(project_dir: Path) -> None:
    site = build(project_dir, {}, docs={"extra.md": f"# Extra\n\n{PARSER_TRICKS[0]}\n"})
    assert site.result.returncode != 0
    assert any(m.startswith("content/extra.md:3:") for m in _messages(site)), site.result.stderr


@pytest.mark.parametrize(("front_matter", "where"), [
    ("description: '0;url=https://example.org/\" http-equiv=\"refresh'", "content/extra.md:2:1"),
    ("title: [1, 2]", "content/extra.md:2:1"), ("title: 5", "content/extra.md:2:1"),
    ("search: 5", "content/extra.md:2:1"), ("search: [exclude]", "content/extra.md:2:1"),
    ("hide: 5", "content/extra.md:2:1"), ("hide: [everything]", "content/extra.md:2:1"),
    ("description: {a: b}", "content/extra.md:2:1"),
])
def test_front_matter_of_the_wrong_shape_is_an_error_not_a_traceback(project_dir: Path, front_matter: str,
                                                                     where: str) -> None:
    site = build(project_dir, {}, docs={"extra.md": f"---\n{front_matter}\n---\n\n# Extra\n"})
    assert site.result.returncode != 0 and "Traceback" not in site.result.stderr
    assert any(m.startswith(where) for m in _messages(site)), site.result.stderr


def test_a_docs_page_that_is_not_utf8_is_an_error_at_its_byte(project_dir: Path) -> None:
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    (project / "content" / "bad.md").write_bytes(b"# Bad\n\nCaf\xe9\n")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "content/bad.md:3:4: error: the file is not UTF-8 text (byte 0xe9)" in result.stderr


@pytest.mark.parametrize("name", ["big.mkd", "big.markdown", "big.mdown"])
def test_every_markdown_ending_is_held_to_the_size_limit(project_dir: Path, name: str) -> None:
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    (project / "content" / name).write_text("# Big\n\n" + "word " * 250_000, encoding="utf-8")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode != 0 and f"content/{name}:1:1: error: the file is" in result.stderr


@pytest.mark.parametrize("folder", ["content", "toolkit_data/pages"])
def test_a_file_name_that_could_forge_a_log_line_is_refused(project_dir: Path, folder: str) -> None:
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    name = "x\n::error file=README.md,line=1::forged\n.md"
    (project / folder).mkdir(parents=True, exist_ok=True)
    (project / folder / name).write_text("# X\n", encoding="utf-8")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode != 0
    assert not any(line.startswith("::error") for line in (result.stdout + result.stderr).splitlines())
    assert "x\\n::error file=README.md,line=1::forged\\n.md:1:1: error: this name holds a line break" in result.stderr


def test_a_docs_page_cannot_drive_the_site_scripts(project_dir: Path) -> None:
    """Data attributes, forms and buttons are the templates' own: from a page written by hand they are refused."""
    panel = '<div data-tk-assessment data-toolkit="demo" data-section="demo-questions">x</div>'
    site = build(project_dir, {}, docs={"extra.md": f"# Extra\n\n{panel}\n"})
    assert site.result.returncode != 0
    assert any(m.startswith("content/extra.md:3:") for m in _messages(site)), site.result.stderr


def test_many_failing_pages_give_a_bounded_report_at_each_page_own_file(project_dir: Path) -> None:
    """One problem on every page of a large site: each located in its own file, and the report stops at a limit."""
    from toolkit_publisher.page_check import MAX_REPORTED

    files = {f"case_studies/study-{n:03d}.yml": case_study("What they did.", "## First {#same-id-twice}\n\n"
                                                            "## Second {#same-id-twice}").replace(
                                                                "id: a-study", f"id: study-{n:03d}")
             for n in range(MAX_REPORTED + 10)}
    site = build(project_dir, files)
    assert site.result.returncode != 0
    messages = _messages(site)
    assert len(messages) == MAX_REPORTED + 1, len(messages)
    counted = [m for m in messages if "and 10 more problems" in m]
    assert len(counted) == 1
    for message in set(messages) - set(counted):
        page = re.search(r"the published page 'case-studies/(study-\d+)\.md'", message)
        assert page and message.startswith(f"toolkit_data/case_studies/{page.group(1)}.yml:"), message


# --- Markdown that would stall or crash rendering: measured per field, per docs page and per page --------


@pytest.mark.parametrize(("markdown", "where"), [
    ("# Deep\n\n" + "1. " * 500 + "item\n", "content/deep.md:3:"),
    ("# Brackets\n\n" + "[" * 32_000 + "\n", "content/deep.md:3:"),
])
def test_a_docs_page_that_would_stall_or_crash_rendering_is_refused_at_its_place(project_dir: Path, markdown: str,
                                                                                  where: str) -> None:
    site = build(project_dir, {}, docs={"deep.md": markdown})
    assert site.result.returncode != 0 and "Traceback" not in site.result.stderr
    assert any(m.startswith(where) and "this page" in m for m in _messages(site)), site.result.stderr


def test_fields_under_the_limits_alone_that_exceed_them_together_are_not_rendered(project_dir: Path) -> None:
    """Limits counted over a whole text (here, '<' that start no tag) are measured again on the page."""
    stray = "\n\n".join(["Compare <x and y."] * 6)
    files = {"case_studies/a-study.yml": case_study(stray, stray)}
    assert _validation_errors(project_dir / "alone", files) == []
    site = build(project_dir, files)
    assert site.result.returncode != 0 and "Traceback" not in site.result.stderr
    assert any(m.startswith("toolkit_data/case_studies/a-study.yml:") and "the published page "
               "'case-studies/a-study.md' has more than 10 '<'" in m for m in _messages(site)), site.result.stderr


# --- what a second outside attack found ---------------------------------------------------------------


def test_an_id_holding_markup_never_reaches_the_theme_table_of_contents(tmp_path: Path, project_dir: Path) -> None:
    heading = "## Heading one { id='x\"><meta/x@y http-equiv=refresh content=1;url=https://example.org/>' }"
    errors = errors_for(tmp_path, {"pages/intro.yml": page(f"Text.\n\n{heading}\n"), "toolkits/demo.yml": WITH_PAGE})
    assert len(errors) == 1 and errors[0].startswith("toolkit_data/pages/intro.yml:") and "id=x" in errors[0]
    site = build(project_dir, {}, docs={"extra.md": f"# Extra\n\n{heading}\n"})
    assert site.result.returncode != 0
    assert any(m.startswith("content/extra.md:") for m in _messages(site)), site.result.stderr


def test_content_cannot_forge_ci_annotations_through_mkdocs_own_messages(project_dir: Path, engine: str) -> None:
    """On every engine: each logs under its own name (ProperDocs as 'properdocs'), and every record is escaped."""
    link = "[link](%0A::error%20file=README.md,line=1::Forged%0Ax.md) ![pic](%0A%1b[31mred%1b[0m.png)"
    site = build(project_dir, {}, docs={"extra.md": f"# Extra\n\nA {link}.\n"}, engine=engine)
    output = site.result.stdout + site.result.stderr
    assert site.result.returncode != 0
    assert not any(line.lstrip().startswith("::") for line in output.splitlines()), output
    assert "\x1b" not in output
    assert any(m.startswith("content/extra.md:3:") for m in _messages(site)), output


def test_front_matter_nested_past_the_limit_is_refused_before_mkdocs_parses_it(project_dir: Path) -> None:
    depth = 150_000
    markdown = "---\ntitle: " + "[\n\n" * depth + "]\n\n" * depth + "\n---\n\n# F\n"
    site = build(project_dir, {}, docs={"f.md": markdown})
    assert site.result.returncode == 1, site.result.returncode  # not a crash (a signal gives a negative code)
    assert any(m.startswith("content/f.md:") and "nested more than" in m for m in _messages(site)), \
        site.result.stderr


def test_a_table_row_of_backticks_and_pipes_is_refused_at_its_place(tmp_path: Path) -> None:
    row = "`|" * 30_000
    errors = errors_for(tmp_path, {"pages/intro.yml": page(f"a|b\n-|-\n{row}\n"), "toolkits/demo.yml": WITH_PAGE})
    assert len(errors) == 1 and errors[0].startswith("toolkit_data/pages/intro.yml:6:") and "backticks" in errors[0]


def test_a_docs_page_may_show_a_picture_kept_beside_it(project_dir: Path) -> None:
    data = write_data(project_dir / "data", {})
    project = copy_project(project_dir / "project", data)
    (project / "content" / "extra.md").write_text("# Extra\n\n![A chart](chart.png)\n", encoding="utf-8")
    (project / "content" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = mkdocs_build(project, project_dir / "site")
    assert result.returncode == 0, result.stderr
    assert '<img alt="A chart" src="../chart.png">' in (project_dir / "site" / "extra" / "index.html").read_text()
