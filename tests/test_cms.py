"""The content editor at /admin/ (Decap CMS): its configuration is generated from the models, covers every field and
is committed up to date; what it writes when an editor saves means what the file meant; and the build publishes it
apart from the site's pages."""

from __future__ import annotations

import json
import subprocess
import typing
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
import yaml
from pydantic import BaseModel

from conftest import ROOT, BuiltSite
from toolkit_publisher import kinds
from toolkit_publisher import models as m
from toolkit_publisher.cms_config import CATEGORY_DEPTH, HIDDEN, cms_config, config_text, shape
from toolkit_publisher.load import load_text

WRITER = ROOT / "tests" / "cms_writer" / "write-as-decap.mjs"


def test_committed_cms_config_matches_the_models() -> None:
    committed = ROOT / "cms" / "config.yml"
    assert committed.is_file(), "cms/config.yml is missing: run ./scripts/schemas"
    assert committed.read_text(encoding="utf-8") == config_text(cms_config()), "cms/config.yml is stale: run ./scripts/schemas"


# --- every field of every model has its place in a form ------------------------------------------------


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    """The models a field's type holds (a list of parts, an optional person specification...)."""
    typed = shape(annotation)
    found = [typed.base] if isinstance(typed.base, type) and issubclass(typed.base, BaseModel) else []
    for arg in typing.get_args(typed.base):
        found += _nested_models(arg)
    return found


def _missing(model: type[BaseModel], fields: list[dict], where: str, trail: tuple[type[BaseModel], ...]) -> list[str]:
    """Each field of the model (and of the models within it) the form's fields do not hold."""
    by_name = {field["name"]: field for field in fields}
    missing = []
    hints = typing.get_type_hints(model, include_extras=True)
    for name in model.model_fields:
        field = by_name.get(name)
        nested = _nested_models(hints[name])
        if field is None:
            deep = trail.count(model) >= CATEGORY_DEPTH - 1 and model in nested
            if not deep:  # a category deeper than the form goes is kept as written
                missing.append(f"{where}.{name}")
            continue
        if (model.__name__, name) in HIDDEN:
            assert field["widget"] == "hidden", f"{where}.{name}"
            continue
        for inner in nested:
            missing += _missing(inner, field.get("fields", []), f"{where}.{name}", (*trail, model))
    extra = set(by_name) - set(model.model_fields)
    missing += [f"{where}.{name} (not in the model)" for name in sorted(extra)]
    return missing


def test_every_field_of_every_model_is_in_the_editor() -> None:
    config = cms_config()
    collections = {collection["name"]: collection for collection in config["collections"]}
    missing = []
    for kind in kinds.all_kinds():
        collection = collections[kind.folder]
        fields = collection["fields"] if kind.file is None else collection["files"][0]["fields"]
        missing += _missing(kind.model, fields, kind.folder, ())
    assert not missing, "the editor's configuration misses: " + ", ".join(missing)


def _all_fields(fields: list[dict]) -> typing.Iterator[dict]:
    for field in fields:
        yield field
        yield from _all_fields(field.get("fields", []))
        if "field" in field:
            yield from _all_fields([field["field"]])


def _collection_fields(name: str) -> list[dict]:
    collection = next(c for c in cms_config()["collections"] if c["name"] == name)
    return collection["fields"] if "fields" in collection else collection["files"][0]["fields"]


def test_each_field_gets_the_widget_its_type_needs() -> None:
    """Spot checks of the mapping, by what an editor meets in the forms."""
    question = next(f for f in _all_fields(_collection_fields("question_sets")) if f["name"] == "questions")
    by_name = {f["name"]: f for f in question["fields"]}
    assert by_name["id"]["pattern"][0] == m.SLUG_PATTERN and "required" not in by_name["id"]
    assert by_name["answer"] == {**by_name["answer"], "widget": "select", "options": ["yes-no", "text", "figure"],
                                 "default": "yes-no", "required": False}
    assert by_name["resources"]["widget"] == "relation" and by_name["resources"]["multiple"] is True
    assert by_name["prompts"]["widget"] == "list" and by_name["prompts"]["field"]["widget"] == "text"
    study = {f["name"]: f for f in _collection_fields("case_studies")}
    assert study["organisations"]["collection"] == "organisations" and study["organisations"]["min"] == 1
    assert study["themes"]["collection"] == "themes" and study["themes"]["file"] == "themes"
    assert study["what_they_did"]["widget"] == "markdown" and study["outcome"]["required"] is False
    assert study["editors_wrote"] == {**study["editors_wrote"], "widget": "select", "multiple": True,
                                      "options": ["title"]}
    assert study["summary"]["hint"] == m.CaseStudy.model_fields["summary"].description
    sessions = next(f for f in _collection_fields("training") if f["name"] == "sessions")
    session = {f["name"]: f for f in sessions["fields"]}
    assert session["start"]["time_format"] == "HH:mm" and session["start"]["date_format"] is False
    assert session["date"]["format"] == "YYYY-MM-DD"
    assert session["mode"]["options"] == ["microsoft-teams", "face-to-face", "not-stated"]


def test_the_editor_writes_only_inside_the_content_folder_with_safe_names() -> None:
    """Every place the committed configuration lets an editor write (each collection's folder or file, and the
    media library's folder) is under toolkit_data/, never under MkDocs' docs folder, whose every file is published;
    no collection nests entries in paths of their own; a new entry's file is named from its id alone, which the
    form requires to be a slug, and a slug in ASCII only."""
    config = yaml.safe_load((ROOT / "cms" / "config.yml").read_text(encoding="utf-8"))
    docs = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["docs_dir"]
    places = [config["media_folder"]]
    for collection in config["collections"]:
        assert "path" not in collection and "nested" not in collection and "media_folder" not in collection
        places += [collection["folder"]] if "folder" in collection else [f["file"] for f in collection["files"]]
        if "folder" in collection:
            field = next(f for f in collection["fields"] if "{{" + f["name"] + "}}" == collection["slug"])
            assert field.get("required", True) and field["pattern"][0] == m.SLUG_PATTERN, collection["name"]
    for place in places:
        parts = Path(place).parts
        assert parts[0] == "toolkit_data" and ".." not in parts and not Path(place).is_absolute(), place
        assert not place.startswith(docs), place
    assert config["slug"]["encoding"] == "ascii" and config["slug"]["clean_accents"] is True


# --- saves the project accepts: every real file through the CMS's own YAML writer -------------------------


def _write_as_decap(files: list[tuple[str, list[str]]]) -> list[dict]:
    payload = json.dumps([{"text": text, "order": order} for text, order in files])
    result = subprocess.run(["node", str(WRITER)], input=payload, capture_output=True, text=True, check=False,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _content_files() -> list[tuple[Path, kinds.Kind]]:
    data = ROOT / "toolkit_data"
    found = []
    for kind in kinds.all_kinds():
        paths = [data / kind.file] if kind.file else sorted((data / kind.folder).glob("*.yml"))
        found += [(path, kind) for path in paths]
    return found


def _text_paths(value: Any, path: tuple = ()) -> typing.Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _text_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path, value


def _at(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


#: Text that a YAML 1.1 or 1.2 reader takes for a boolean, a number, a date or nothing unless it is quoted.
TRICKY = {"title": "Yes", "subtitle": "no", "version": "1.0", "publisher": "true", "licence": "2025",
          "summary": "09:30", "source": "null", "short_title": "0x1F"}


def _tricky_toolkit() -> str:
    real = (ROOT / "toolkit_data" / "toolkits" / "ahp-support-workforce-readiness.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(real)
    data.update(TRICKY)
    data.pop("editors_wrote", None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _without_times(data: dict) -> dict:
    """The data without the recorded times, which the CMS reads as dates and writes with milliseconds (the same
    moment: the models compare equal)."""
    return {key: value for key, value in data.items() if key != "calendar_revisions"}


def test_every_real_file_saved_by_the_editor_means_what_it_meant() -> None:
    files = _content_files()
    collections = {c["name"]: c for c in cms_config()["collections"]}

    def order(kind: kinds.Kind) -> list[str]:
        collection = collections[kind.folder]
        fields = collection["fields"] if kind.file is None else collection["files"][0]["fields"]
        return [field["name"] for field in fields]

    texts = [(path.read_text(encoding="utf-8"), order(kind)) for path, kind in files]
    toolkit = kinds.get(kinds.TOOLKITS)
    texts.append((_tricky_toolkit(), order(toolkit)))
    results = _write_as_decap(texts)
    assert len(results) == len(texts)
    for (path, kind), (original, _), result in zip([*files, (Path("tricky.yml"), toolkit)], texts, results):
        before, problems = load_text(original, str(path))
        after, written_problems = load_text(result["written"], str(path))
        assert before is not None and not problems, problems
        assert after is not None and not written_problems, f"{path}: {written_problems}\n{result['written']}"
        # The same meaning to the project: the validated models are equal.
        assert kind.model.model_validate(after.data) == kind.model.model_validate(before.data), path
        # No text became a boolean or a number: the CMS reads back what it read, and the project reads every text it
        # read before as the same text (a recorded time excepted, which the CMS writes with its milliseconds).
        assert _without_times(result["reread"]) == _without_times(result["read"]), path
        for where, text in _text_paths(before.data):
            now = _at(after.data, where)
            assert now == text or where[0] == "calendar_revisions", f"{path}: {where}: {text!r} is now {now!r}"
    tricky = results[-1]["reread"]
    for key, text in TRICKY.items():
        assert tricky[key] == text, f"{key}: {text!r} was read back as {tricky[key]!r}"


# --- /admin/ in the built site, apart from the site's pages ---------------------------------------------


def test_the_editor_is_published_at_admin_apart_from_the_site(fixture_site: BuiltSite) -> None:
    admin = fixture_site.root / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert (admin / "decap-cms.js").is_file() and (admin / "cms-setup.js").is_file()
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    assert config["collections"] == cms_config()["collections"]
    assert config["publish_mode"] == "editorial_workflow"
    # Not a page of the site: not in the sitemap, the search index or any page's navigation.
    assert "admin" not in (fixture_site.root / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (fixture_site.root / "search" / "search_index.json").read_text(encoding="utf-8")
    assert 'href="admin/' not in (fixture_site.root / "index.html").read_text(encoding="utf-8")
    assert 'content="noindex, nofollow"' in page
    # Its own policy; no script inline; every script from the site itself.
    assert "Content-Security-Policy" in page and "'unsafe-inline'" not in page.split("style-src")[0]
    soup = BeautifulSoup(page, "html.parser")
    assert [tag["src"] for tag in soup.find_all("script")] == ["decap-cms.js", "cms-setup.js"]
    # First in its head, so the browser applies it before anything else, as on every page of the site.
    assert soup.head.find(True).get("http-equiv") == "Content-Security-Policy"
    directives = dict(d.strip().split(None, 1) for d in soup.head.find(True)["content"].split(";"))
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert directives["script-src"] == "'self' 'unsafe-eval'"
    # The site's own pages keep the site's policy: no 'unsafe-eval', no inline styles.
    home = (fixture_site.root / "index.html").read_text(encoding="utf-8")
    policy = BeautifulSoup(home, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "unsafe-eval" not in policy and "unsafe-inline" not in policy and "api.github.com" not in policy


def test_a_build_without_the_editor_installed_says_to_run_setup(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from toolkit_publisher import admin_site

    monkeypatch.setattr(admin_site, "DIST", tmp_path / "missing")
    with pytest.raises(admin_site.EditorMissing, match=r"run ./scripts/setup"):
        admin_site.write(tmp_path / "site", data_dir="toolkit_data", site_url=None, extra_css=[])
