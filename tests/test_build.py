"""The MkDocs build: content errors fail it cleanly, and the command line writes the same pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE, ROOT, BuiltSite, copy_project, mkdocs_build
from toolkit_publisher.schema import data_schemas, json_schemas, schema_text
from toolkit_publisher.urls import href


def test_broken_content_fails_the_build_with_every_message_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    questions = project / "toolkit_data" / "question_sets" / "fixture-grouped.yml"
    questions.write_text(questions.read_text(encoding="utf-8").replace("    text:", "    txet:", 1), encoding="utf-8")
    toolkit = project / "toolkit_data" / "toolkits" / "fixture-readiness.yml"
    toolkit.write_text(toolkit.read_text(encoding="utf-8").replace("published: \"2021\"", "published: 21st May"),
                       encoding="utf-8")
    site_dir = tmp_path / "site"
    result = mkdocs_build(project, site_dir)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "The toolkit content has 2 problems:" in output
    assert "toolkit_data/question_sets/fixture-grouped.yml:10:9: error: unknown key 'txet'; did you mean 'text'?" in output
    assert ("toolkit_data/toolkits/fixture-readiness.yml:6:12: error: 'published': expected a date "
            "as YYYY, YYYY-MM or YYYY-MM-DD") in output
    assert "Traceback" not in output
    assert not site_dir.exists()


def _build_command(project: Path) -> subprocess.CompletedProcess[str]:
    """What ./scripts/build runs: mkdocs build --strict aside, then swap it into site/."""
    return subprocess.run([sys.executable, "-m", "toolkit_publisher", "build", "--site-dir", str(project / "site"), "--",
                           "-f", str(project / "mkdocs.yml")], capture_output=True, text=True, cwd=project, check=False)


@pytest.mark.parametrize("breakage", ["content error", "strict warning"])
def test_a_failed_build_leaves_the_previous_site_as_it_was(tmp_path: Path, breakage: str) -> None:
    project = copy_project(tmp_path)
    assert _build_command(project).returncode == 0
    site_dir = project / "site"
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert (site_dir / "index.html").is_file() and len(before) > 50
    if breakage == "content error":
        page = project / "toolkit_data" / "pages" / "fixture-introduction.yml"
        page.write_text(page.read_text(encoding="utf-8").replace("id: fixture-introduction", "id: Fixture Intro"),
                        encoding="utf-8")
    else:  # MkDocs' strict mode fails only after writing every page
        (project / "content" / "about.md").write_text("# About\n\n[A broken link](missing.md)\n", encoding="utf-8")
    result = _build_command(project)
    assert result.returncode != 0
    assert "site/ was left as it was" in result.stderr
    after = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in project.iterdir() if p.name.startswith(".site-")]


def test_no_request_to_another_host(fixture_site: BuiltSite) -> None:
    for page in fixture_site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", text):
            if 'rel="canonical"' in tag:  # the page's own published address, which nothing fetches
                continue
            assert not re.search(r'(?:src|href)="(?:https?:)?//', tag), f"{page}: {tag}"


def test_theme_uses_no_web_fonts(fixture_site: BuiltSite) -> None:
    home = (fixture_site.root / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_cli_generate_writes_the_same_pages(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    result = subprocess.run([sys.executable, "-m", "toolkit_publisher", "generate", "--data",
                             str(FIXTURE / "toolkit_data"), "--out", str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    page = (out / "toolkits" / "fixture-readiness" / "fixture-grouped.md").read_text(encoding="utf-8")
    # Its title in its front matter (read as the sidebar reads it), then its heading.
    assert page.startswith('---\ntitle: "Section A: Grouped questions"\n---\n\n# Section A: Grouped questions\n')
    nav = json.loads((out / "nav.json").read_text(encoding="utf-8"))
    toolkits = {title: parts for entry in nav[0]["Toolkits"] for title, parts in entry.items()}
    assert {"Grouped questions": "toolkits/fixture-readiness/fixture-grouped.md"} in toolkits["Fixture readiness toolkit"]


def test_cli_validate_reports_errors_and_exits_non_zero(tmp_path: Path) -> None:
    data = tmp_path / "toolkit_data"
    (data / "toolkits").mkdir(parents=True)
    (data / "toolkits" / "x.yml").write_text("id: x\ntitle: yes\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "toolkit_publisher", "validate", "--data", str(data)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "toolkit_data/toolkits/x.yml:1:1: error: missing required key 'summary'" in result.stdout
    assert result.stderr.endswith("errors: fix them and run this again.\n")


def test_committed_schemas_match_the_models() -> None:
    for name, schema in {**json_schemas(), **data_schemas()}.items():
        committed = ROOT / "schemas" / name
        assert committed.is_file(), f"schemas/{name} is missing: run ./scripts/schemas"
        assert committed.read_text(encoding="utf-8") == schema_text(schema), f"schemas/{name} is stale: run ./scripts/schemas"


class _EditorLoader(yaml.SafeLoader):
    """Reads YAML as the YAML language server does (YAML 1.2's core schema): dates, times such as 10:00 and words
    such as yes stay strings; only true/false, null and plain numbers are typed (PyYAML reads YAML 1.1, where
    10:00 is the number 600 and yes is true)."""


_EditorLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     "-+0123456789."),
]:
    _EditorLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))


def schema_errors(root: Path) -> list[str]:
    """What an editor's tool would underline in every file of a content folder, using the published schemas."""
    import jsonschema

    schemas = json_schemas()
    errors = []
    for path in sorted(root.rglob("*.yml")):
        folder = path.parent.name if path.parent.name != "toolkit_data" else path.stem
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)
        validator = jsonschema.Draft202012Validator(schemas[f"{folder}.schema.json"], format_checker=None)
        errors += [f"{path.name}: {e.json_path}: {e.message}" for e in validator.iter_errors(data)]
    return errors


def test_real_content_validates_against_the_published_schemas() -> None:
    assert (ROOT / "toolkit_data").is_dir() and schema_errors(ROOT / "toolkit_data") == []


def test_what_the_validator_accepts_unquoted_the_schemas_accept_too(tmp_path: Path) -> None:
    """The loader keeps every value as the text written, so 'published: 2025', 'version: 2' and 'start: 14:00' are
    valid; editors' tools read 2025 and 2 as numbers, so schemas that said only "string" underlined them, and the
    schema check failed an editor's correct change."""
    import shutil

    from toolkit_publisher.validate import validate

    data = shutil.copytree(FIXTURE / "toolkit_data", tmp_path / "toolkit_data")
    toolkit = next(path for path in sorted((data / "toolkits").glob("*.yml")))
    text = toolkit.read_text(encoding="utf-8")
    toolkit.write_text(re.sub(r"(?m)^published: .*$", "", text).replace("\nparts:", "\npublished: 2025\nversion: 2\nparts:"),
                       encoding="utf-8")
    training = next(path for path in sorted((data / "training").glob("*.yml")))
    text = training.read_text(encoding="utf-8")
    assert re.search(r'start: "1\d:\d\d"', text)
    training.write_text(re.sub(r'start: "(1\d:\d\d)"', r"start: \1", text), encoding="utf-8")
    content = validate(data)
    assert content.toolkits[toolkit.stem].published == "2025" and content.toolkits[toolkit.stem].version == "2"
    assert schema_errors(data) == []


def test_links_from_raw_html_follow_mkdocs_urls() -> None:
    assert href("toolkits/t/res.md#x", "toolkits/t/q.md") == "../res/#x"
    assert href("toolkits/t/index.md", "toolkits/t/q.md") == "../"
    assert href("index.md", "training/p.md") == "../../"
    assert href("toolkits/t/res.md#x", "toolkits/t/q.md", directory_urls=False) == "res.html#x"
    assert href("downloads/t/a.ics", "training/p.md") == "../../downloads/t/a.ics"


def test_past_the_toolkit_limit_the_sidebar_lists_one_toolkits_page(tmp_path: Path) -> None:
    """Every page carries the sidebar: with many toolkits, one index page keeps each page's size flat."""
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("data_dir: toolkit_data", "data_dir: toolkit_data\n"
                                                       "      nav_toolkit_limit: 1"), encoding="utf-8")
    site = BuiltSite(tmp_path / "site", mkdocs_build(project, tmp_path / "site"))
    assert site.result.returncode == 0, site.result.stderr
    part = site.html("toolkits/fixture-readiness/fixture-grouped/")
    sidebar = " ".join(part.select_one("nav.md-nav--primary").get_text(" ").split())
    assert "Toolkits" in sidebar
    for other in ("Fixture programme", "Grouped questions", "Questions without groups"):
        assert other not in sidebar
    index = site.article("toolkits/")
    assert [a.get_text(" ", strip=True) for a in index.select("li > a")] == [
        "Fixture programme", "Fixture readiness toolkit: a toolkit made for tests"]
    footer = part.select_one("nav.tk-part-nav")
    assert footer is not None
    links = {a["rel"][0]: a.get_text(strip=True) for a in footer.select("a[rel]")}
    assert links["prev"] and links["next"]
    first = site.html("toolkits/fixture-readiness/fixture-introduction/")
    assert [a["rel"][0] for a in first.select("nav.tk-part-nav a[rel]")] == ["next"]
