"""The rules of tests/content_rules.py on both sites: on the fixture they test the generator; on the real
content they check that nothing an editor wrote is lost, without pinning what the content says."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import content_rules
from conftest import FIXTURE, ROOT, BuiltSite
from toolkit_publisher.validate import Content, validate

SOURCES = {"fixture": FIXTURE, "real": ROOT}


@pytest.fixture(scope="module", params=list(SOURCES))
def built(request: pytest.FixtureRequest, engine: str) -> tuple[BuiltSite, Content]:
    # (engine: the site below is built with it; named here, so this module's tests run once per engine.)
    site = request.getfixturevalue(f"{request.param}_site")
    return site, validate(SOURCES[request.param] / "toolkit_data")


@pytest.mark.parametrize("rule", content_rules.RULES_ON_CONTENT, ids=lambda rule: rule.__name__)
def test_rule_on_content(built: tuple[BuiltSite, Content], rule: Callable[[BuiltSite, Content], None]) -> None:
    rule(*built)


@pytest.mark.parametrize("rule", content_rules.RULES_ON_SITE, ids=lambda rule: rule.__name__)
def test_rule_on_site(built: tuple[BuiltSite, Content], rule: Callable[[BuiltSite], None]) -> None:
    rule(built[0])


def _first(root: Path, pattern: str) -> Path:
    return sorted(root.glob(pattern))[0]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r} to change"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _drop_question_row(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-grouped/index.html"), "data-question=", "data-gone=")


def _drop_a_prompt(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-grouped/index.html"), "Set objectives for team leaders.", "")


def _unmark_the_resources_of_a_question(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-grouped/index.html"),
          '<p class="tk-see-also"><span class="tk-editorial" data-editorial="added">',
          '<p class="tk-see-also"><span class="tk-editorial">')


def _take_away_a_yes_or_no(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-grouped/index.html"), 'type="radio" value="N"', 'type="checkbox" value="N"')


def _lose_a_resource_link(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-resources/index.html"), 'href="https://www.example.org/guide"', 'href="x"')


def _break_a_link(root: Path) -> None:
    _edit(root / "about" / "index.html", "<h1", '<a href="../nowhere/">x</a><h1')


def _leak_an_address(root: Path) -> None:
    _edit(root / "about" / "index.html", "<h1", "<p>someone@example.org</p><h1")


def _unsearchable_session(root: Path) -> None:
    _edit(root / "search" / "search_index.json", "Summer workshop", "Summer")


def _drop_a_calendar(root: Path) -> None:
    _first(root, "downloads/training/fixture-training/summer-*.ics").unlink()


def _forget_that_sessions_took_place(root: Path) -> None:
    _edit(root / "training" / "fixture-training" / "index.html", '<br>\n<span class="tk-note">Taken place</span>', "")


def _offer_sessions_out_of_order(root: Path) -> None:
    """The calendar files in another order than the schedule's."""
    path = root / "training" / "fixture-training" / "index.html"
    text = path.read_text(encoding="utf-8")
    items = re.findall(r"<li><a [^>]*fixture-training[^>]*>.*?</li>\n", text)
    start, end = text.index(items[0]), text.index(items[-1]) + len(items[-1])
    path.write_text(text[:start] + "".join(reversed(items)) + text[end:], encoding="utf-8")


def _offer_a_session_that_took_place(root: Path) -> None:
    """As the page once did: a calendar file to add a session that is over."""
    _edit(root / "training" / "fixture-training" / "index.html", '<br>\n<span class="tk-note">Taken place</span>',
          '<br><a href="../../downloads/training/fixture-training/winter-launch.ics">Add to calendar</a>')


def _repeat_a_detail_unmarked(root: Path) -> None:
    _edit(root / "training" / "fixture-training" / "index.html", 'data-editorial="derived"', "")


def _reorder_a_csv(root: Path) -> None:
    path = _first(root, "downloads/checklists/*/fixture-flat.csv")
    head, *rows = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    path.write_text(head + "".join(reversed(rows)), encoding="utf-8-sig")


def _unlisted_download(root: Path) -> None:
    (root / "downloads" / "stray.csv").write_text("x", encoding="utf-8")


def _retitle_an_entry(root: Path) -> None:
    _edit(root / "case-studies" / "fixture-joint-database" / "index.html", "A joint workforce database", "Another")


def _drop_a_duty(root: Path) -> None:
    _edit(root / "job-descriptions" / "fixture-planning-officer" / "index.html", "To report to the board.", "")


def _drop_an_annex(root: Path) -> None:
    _edit(root / "document-templates" / "fixture-plan" / "index.html", "Annex A: Targets", "Annex A")


def _drop_a_box(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-programme-page/index.html"), 'id="case-study--fixture-board-sponsor"', "")


def _unlink_an_appendix(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-programme-page/index.html"), 'href="../fixture-appendix-z/"',
          'href="../"')


def _unmark_an_omission(root: Path) -> None:
    page = root / "toolkits" / "fixture-readiness" / "fixture-introduction" / "index.html"
    _edit(page, 'data-editorial="omitted"', 'data-x="omitted"')


def _leave_a_mark_unexplained(root: Path) -> None:
    _edit(root / "about" / "index.html", 'data-editorial="historical"', 'data-x="historical"')


def _present_a_historical_plan_as_current(root: Path) -> None:
    _edit(root / "document-templates" / "fixture-plan" / "index.html", 'data-editorial="historical"', "")


def _unmark_a_historical_address(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-resources/index.html"), 'data-editorial="historical"', 'data-x=""')


def _unmark_a_category_the_editors_titled(root: Path) -> None:
    _edit(_first(root, "toolkits/*/fixture-resources/index.html"),
          '<span class="tk-editorial" data-editorial="added"><span class="tk-editorial__text">Training and education',
          '<span class="tk-editorial"><span class="tk-editorial__text">Training and education')


def _reorder_a_job_description(root: Path) -> None:
    path = root / "job-descriptions" / "fixture-planning-officer" / "index.html"
    text = path.read_text(encoding="utf-8")
    first, second = re.findall(r"<h2 id=\"[^\"]*\">\d\. [A-Z ]+:?</h2>", text)[:2]
    path.write_text(text.replace(first, "\0").replace(second, first).replace("\0", second), encoding="utf-8")


def _drop_a_question_from_the_data(root: Path) -> None:
    import json

    path = root / "data" / "toolkits" / "fixture-readiness.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    next(p for p in document["parts"] if p["questions"])["questions"].pop()
    path.write_text(json.dumps(document), encoding="utf-8")


def _unlink_a_data_file(root: Path) -> None:
    _edit(root / "toolkits" / "fixture-readiness" / "index.html", 'fixture-readiness.resources.csv"', '"')


BREAKAGES = {
    _drop_a_question_from_the_data: content_rules.every_entry_is_in_the_data_files,
    _unlink_a_data_file: content_rules.every_entry_is_in_the_data_files,
    _unmark_an_omission: content_rules.omissions_are_marked_the_one_way,
    _leave_a_mark_unexplained: content_rules.every_mark_is_explained_on_the_about_page,
    _present_a_historical_plan_as_current: content_rules.historical_documents_say_so_wherever_they_are_offered,
    _unmark_a_historical_address: content_rules.every_resource_is_listed_honestly,
    _unmark_a_category_the_editors_titled: content_rules.every_resource_is_listed_honestly,
    _reorder_a_job_description: content_rules.every_entry_has_its_page,
    _drop_a_duty: content_rules.every_entry_has_its_page,
    _drop_an_annex: content_rules.every_entry_has_its_page,
    _drop_question_row: content_rules.every_question_is_on_its_page,
    _drop_a_prompt: content_rules.every_question_is_on_its_page,
    _unmark_the_resources_of_a_question: content_rules.every_question_offers_its_columns_and_marks_what_is_added,
    _take_away_a_yes_or_no: content_rules.every_question_offers_its_columns_and_marks_what_is_added,
    _lose_a_resource_link: content_rules.every_resource_is_listed_honestly,
    _break_a_link: content_rules.every_internal_link_resolves,
    _leak_an_address: content_rules.no_personal_contact_details,
    _unsearchable_session: content_rules.everything_is_searchable,
    _drop_a_calendar: content_rules.every_session_is_in_the_calendars,
    _reorder_a_csv: content_rules.every_question_is_in_every_checklist_download,
    _forget_that_sessions_took_place: content_rules.sessions_are_offered_in_date_order_and_marked_once_held,
    _offer_sessions_out_of_order: content_rules.sessions_are_offered_in_date_order_and_marked_once_held,
    _offer_a_session_that_took_place: content_rules.sessions_are_offered_in_date_order_and_marked_once_held,
    _repeat_a_detail_unmarked: content_rules.details_printed_once_are_marked_where_repeated,
    _unlisted_download: content_rules.every_download_is_made_and_listed,
    _retitle_an_entry: content_rules.every_entry_has_its_page,
    _drop_a_box: content_rules.every_box_is_printed_once_where_its_source_detail_says,
    _unlink_an_appendix: content_rules.every_appendix_is_in_order_and_every_cross_reference_resolves,
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda breakage: breakage.__name__.strip("_"))
def test_each_rule_fails_on_a_site_that_lost_something(fixture_site: BuiltSite, tmp_path: Path,
                                                       breakage: Callable[[Path], None]) -> None:
    """A rule that cannot fail checks nothing: break a copy of the fixture site as a bug would."""
    import shutil

    shutil.copytree(fixture_site.root, tmp_path / "site")
    broken = BuiltSite(tmp_path / "site", fixture_site.result)
    breakage(broken.root)
    rule = BREAKAGES[breakage]
    with pytest.raises(AssertionError):
        if rule in content_rules.RULES_ON_SITE:
            rule(broken)
        else:
            rule(broken, validate(FIXTURE / "toolkit_data"))
