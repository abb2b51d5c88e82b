"""The data files (open_data.py), fetched as a reuser would, through the served fixture site: each valid against
the schema it names, published beside it and the same as the committed one; what they hold checked against the fixture
YAML; listed on the data page with their sizes, licences and review dates; the same bytes from build to build; kept
out of search. (That every entry of the real content is in them is a rule: tests/content_rules.py.)"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from urllib.parse import urljoin

import jsonschema
from bs4 import BeautifulSoup

from conftest import FIXTURE, ROOT, BuiltSite
from toolkit_publisher import labels
from toolkit_publisher.docs_sources import written_pages
from toolkit_publisher.downloads import format_size
from toolkit_publisher.downloads.data import make
from toolkit_publisher.downloads.produce import make_downloads
from toolkit_publisher.render import render_site
from toolkit_publisher.validate import validate

CONTENT = validate(FIXTURE / "toolkit_data")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:  # noqa: S310 - the test's own server on 127.0.0.1
        assert response.status == 200, url
        return response.read()


def data_links(site_url: str) -> dict[str, str]:
    """Each file the data page links to, by its path under the site: its address, as the page links it."""
    page_url = site_url + "/data/"
    page = BeautifulSoup(fetch(page_url), "html.parser").select_one("article")
    found = {}
    for link in page.select("a[href]"):
        if link["href"].endswith((".json", ".csv")):
            address = urljoin(page_url, link["href"])
            found[address.removeprefix(site_url + "/")] = address
    return found


def test_every_data_file_is_fetched_and_valid_against_its_published_schema(site_url: str) -> None:
    links = data_links(site_url)
    assert "data/toolkits/fixture-readiness.json" in links and "data/page-index.json" in links
    assert "data/case-studies.csv" in links and "data/training.json" in links
    documents = 0
    for path, address in links.items():
        body = fetch(address)
        if path.endswith(".schema.json"):
            committed = ROOT / "schemas" / path
            assert body == committed.read_bytes(), f"{path} is not the committed schema (run ./scripts/schemas)"
        elif path.endswith(".json"):
            document = json.loads(body)
            schema = json.loads(fetch(urljoin(address, document["$schema"])))
            jsonschema.Draft202012Validator.check_schema(schema)
            jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
            documents += 1
        else:
            assert body.startswith("\ufeff".encode()), f"{path}: no byte-order mark for Excel"
            assert list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))[0], f"{path} has no heading row"
    assert documents == 2 + 5 + 1  # two toolkits, five other kinds with pages, the page index


def test_a_toolkit_s_file_holds_it_whole(site_url: str) -> None:
    document = json.loads(fetch(site_url + "/data/toolkits/fixture-readiness.json"))
    toolkit = CONTENT.toolkits["fixture-readiness"]
    assert document["toolkit"]["licence"] == "Fixture licence for reuse, version 1"
    assert "summary" in document["editors_words"]  # always the editors' words
    assert "changes" in document["editors_words"]  # its change log's summaries, the editors' account
    assert [part["id"] for part in document["parts"]] == [part.ref for part in toolkit.parts]
    grouped = next(part for part in document["parts"] if part["id"] == "fixture-grouped")
    first, second, third = grouped["questions"][:3]
    assert (first["number"], first["group"], first["prompts"], first["resources"]) == (
        1, "Strategy", ["Review the guide.", "Set objectives for team leaders."], ["fixture-guide"])
    assert (second["answer"], third["number"], third["group"]) == ("text", 3, "Training and education")
    resources = {r["id"]: r for part in document["parts"] for r in part["resources"]}
    assert (resources["fixture-guide"]["link"], resources["fixture-guide"]["link_provided"]) == (None, False)
    assert resources["fixture-linked"]["link"] == "https://www.example.org/guide"
    # The fixture's outer category title is the editors' (editors_wrote), so it says so, as on the page.
    assert resources["fixture-nested"]["categories"] == ["Training and education (editors' addition)", "Apprenticeships"]
    assert "categories" in resources["fixture-nested"]["editors_words"]
    page = next(part for part in document["parts"] if part["kind"] == "page")
    assert page["entry"]["body"] == CONTENT.pages[page["id"]].body  # the Markdown as written
    rows = list(csv.DictReader(io.StringIO(fetch(site_url + "/data/toolkits/fixture-readiness.resources.csv")
                                           .decode("utf-8-sig"), newline="")))
    guide = next(row for row in rows if row["Resource id"] == "fixture-guide")
    assert guide["Link"] == labels.LINK_NOT_PROVIDED and guide["Categories"] == "Guidance"


def test_each_kind_s_file_marks_the_editors_words(site_url: str) -> None:
    studies = json.loads(fetch(site_url + "/data/case-studies.json"))
    board = next(e for e in studies["entries"] if e["id"] == "fixture-board-sponsor")
    assert board["entry"]["editors_wrote"] == ["title"]
    assert board["editors_words"] == ["summary", "title"]  # named, and always the editors'
    assert board["url"] == "case-studies/fixture-board-sponsor/"
    rows = list(csv.DictReader(io.StringIO(fetch(site_url + "/data/case-studies.csv").decode("utf-8-sig"),
                                           newline="")))
    assert [row["id"] for row in rows] == sorted(CONTENT.case_studies)
    assert next(row for row in rows if row["id"] == "fixture-board-sponsor")["editors_words"] == "summary; title"


def test_the_page_index_names_each_page_s_owner_review_dates_and_entry(site_url: str) -> None:
    index = json.loads(fetch(site_url + "/data/page-index.json"))["pages"]
    home = next(p for p in index if p["url"] == "toolkits/fixture-readiness/")
    assert home["owner"] == "Fixture team" and home["entity"] == {"kind": "toolkits", "id": "fixture-readiness"}
    assert (home["last_reviewed"], home["review_due"]) == ("2026-01-01", "2099-01-01")
    data = next(p for p in index if p["url"] == "data/")
    assert (data["title"], data["owner"], data["entity"]) == ("Data", None, None)
    for page in index:
        fetch(site_url + "/" + page["url"])


def test_the_data_page_gives_each_file_s_size_licence_and_review_date(fixture_site: BuiltSite) -> None:
    article = fixture_site.article("data/")
    rows = {row.select_one("a")["href"].rsplit("/", 1)[-1]: [cell.get_text(" ", strip=True) for cell in
                                                            row.select("td")] for row in article.select("tbody tr")}
    whole = rows["fixture-readiness.json"]
    size = (fixture_site.root / "data" / "toolkits" / "fixture-readiness.json").stat().st_size
    assert f"JSON file, {format_size(size)}" in whole[0]
    latest = max(change.date for change in CONTENT.toolkits["fixture-readiness"].changes).isoformat()
    assert whole[2:] == ["Fixture licence for reuse, version 1", "2026-01-01", latest]  # its change log's latest
    assert rows["toolkit.schema.json"][-1] == labels.NOT_RECORDED
    assert rows["fixture-programme.json"][2] == labels.NOT_STATED
    assert "latest date on which the entries a file holds were checked" in article.get_text(" ")
    assert all("tk-size" not in cell for row in rows.values() for cell in row)


def test_data_files_are_byte_identical_from_build_to_build(fixture_site: BuiltSite) -> None:
    """Made twice here, and once in the fixture site's build (another process, its workers): the same bytes."""
    def made() -> dict[str, bytes]:
        written = written_pages(FIXTURE / "content")  # the docs folder's own pages, as the plugin gives them
        made_files = make_downloads(render_site(CONTENT, written_pages=written).batches)
        return {path: data for path, data in made_files.items() if path.startswith("data/")}

    first, second = made(), made()
    assert first == second and len(first) > 10
    for path, data in first.items():
        assert (fixture_site.root / path).read_bytes() == data, path


def test_formula_like_cells_are_neutralised() -> None:
    (data,) = make("csv", [["=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "plain"]])
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))) == [
        "'=HYPERLINK(\"http://x\")", "'+1", "'-1", "'@SUM(A1)", "plain"]


def test_data_is_kept_out_of_search_and_linked_from_the_pages_it_describes(fixture_site: BuiltSite) -> None:
    index = fixture_site.search_index()["docs"]
    assert not [doc["location"] for doc in index if doc["location"].startswith("data/")]
    assert not [doc["location"] for doc in index if "Use this data" in doc["title"] + doc["text"]]
    part = fixture_site.article("toolkits/fixture-readiness/fixture-flat/")
    offered = part.select_one(".tk-data-files")
    assert offered is not None  # (its data-search-exclude is read by search, then removed from the page)
    assert [a["href"] for a in offered.select("a")][1:] == [
        "../../../data/toolkits/fixture-readiness.json", "../../../data/toolkits/fixture-readiness.questions.csv",
        "../../../data/toolkits/fixture-readiness.resources.csv"]
    assert fixture_site.article("case-studies/").select_one(".tk-data-files a[href$='case-studies.json']")
