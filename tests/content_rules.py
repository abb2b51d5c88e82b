"""Rules every built site must meet, derived from its own YAML: whatever the content says, the site shows all
of it, in every place it should be. The same rules run on the fixture site (so they test the generator) and
on the real content (so an editor's change that loses something fails, and a correct change passes).

Nothing here names an id, counts entries or quotes wording of the real content."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from zoneinfo import ZoneInfo

import docx
from bs4 import BeautifulSoup, Tag
from icalendar import Calendar
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import H, P
from openpyxl import load_workbook

from conftest import BuiltSite
from toolkit_publisher import editorial, embeds
from toolkit_publisher import kinds as registry
from toolkit_publisher import labels
from toolkit_publisher import models as m
from toolkit_publisher import urls
from toolkit_publisher.downloads import plan_downloads, session_download
from toolkit_publisher.downloads.calendars import uid as event_uid
from toolkit_publisher.downloads.reproducible import neutralise
from toolkit_publisher.validate import Content

LONDON = ZoneInfo("Europe/London")
NOT_PROVIDED = "not-yet-provided"


def norm(text: str) -> str:
    """Text as a reader sees it: markup, entities, spacing and quote styles aside."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+([?.,;:)])", r"\1", text)
    text = re.sub(r"([(])\s+", r"\1", text)
    return " ".join(text.split())


def url_of(path: str) -> str:
    """The folder a generated Markdown path is published in."""
    return urls.page_url(path)


def checklist_sections(content: Content) -> list[tuple[m.Toolkit, m.QuestionSet]]:
    return [(toolkit, content.question_sets[part.ref]) for toolkit in content.toolkits.values()
            for part in toolkit.parts if part.checklist]


def docx_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


def odt_text(path: Path) -> str:
    document = load_odt(str(path))
    return "\n".join(teletype.extractText(p) for kind in (H, P) for p in document.getElementsByType(kind))


# --- pages ------------------------------------------------------------------------------------


def every_question_is_on_its_page(site: BuiltSite, content: Content) -> None:
    """Each section's page lists its questions in order, numbered from 1, with every prompt."""
    for toolkit, qs in checklist_sections(content):
        page = url_of(urls.part(toolkit.id, qs.id))
        rows = site.article(page).select("tr[data-question]")
        questions = qs.all_questions()
        assert len(rows) == len(questions), f"{page}: {len(rows)} question rows for {len(questions)} questions"
        for number, (question, row) in enumerate(zip(questions, rows), start=1):
            assert row.select_one(".tk-col-number").get_text(strip=True) == str(number), f"{page}: {question.id}"
            assert norm(row.select_one("th").get_text(" ")) == norm(question.text), f"{page}: {question.id}"
            cell = norm(row.select_one(".tk-col-prompts").get_text(" "))
            for prompt in question.prompts:
                assert norm(prompt) in cell, f"{page}: {question.id}: a prompt is missing: {prompt}"


def every_question_offers_its_columns_and_marks_what_is_added(site: BuiltSite, content: Content) -> None:
    """Each question offers what its answer says: Y and N to choose for a yes-no question (the source's Y/N column),
    and a response for every question; what the source's checklist lacks (a figure field, the resources linked to
    a question) is inside a mark of the editors' (data-editorial="added"), and nothing else in the row is."""
    for toolkit, qs in checklist_sections(content):
        page = url_of(urls.part(toolkit.id, qs.id))
        article = site.article(page)
        for question in qs.all_questions():
            row = article.select_one(f'tr[data-question="{question.id}"]')
            radios = {radio["value"] for radio in row.select(".tk-col-yn input[type=radio]")}
            assert radios == ({"Y", "N"} if question.answer == "yes-no" else set()), f"{page}: {question.id}"
            assert row.select_one(".tk-col-response textarea"), f"{page}: {question.id}: no response"
            added = row.select('[data-editorial="added"]')
            figure = row.select_one("input.tk-figure")
            assert (figure is not None) == (question.answer == "figure"), f"{page}: {question.id}"
            if figure is not None:
                assert figure.find_parent(attrs={"data-editorial": "added"}), f"{page}: {question.id}: figure unmarked"
            links = row.select(".tk-see-also a")
            assert len(links) == len(question.resources), f"{page}: {question.id}"
            if links:
                assert row.select_one(".tk-see-also > [data-editorial='added']"), f"{page}: {question.id}"
            assert len(added) == bool(links) + (figure is not None), f"{page}: {question.id}: marks"


def _section(folder: str) -> str:
    """The URL section of a kind's pages, as the registry declares it."""
    section = registry.get(folder).section
    assert section is not None
    return section


def every_entry_has_its_page(site: BuiltSite, content: Content) -> None:
    """Every case study, organisation, job description, template and training programme has a page headed
    with its title (marked as the editors' where they wrote it); a job description's page shows every duty and requirement, a template's every section
    and annex; and every page of a toolkit is published."""
    kinds: list[tuple[str, dict, str]] = [
        (_section("case_studies"), content.case_studies, "title"), (_section("organisations"), content.organisations, "name"),
        (_section("job_descriptions"), content.job_descriptions, "title"), (_section("templates"), content.templates, "title"),
        (_section("training"), content.training, "title")]
    for section, table, field in kinds:
        for entry in table.values():
            heading = site.article(url_of(urls.entity(section, entry.id))).select_one("h1")
            title = getattr(entry, field)
            shown = editorial.words(title, "added") if field in entry.wrote() else title  # the editors' marked
            assert heading is not None and norm(heading.get_text(" ")) == norm(shown), entry.id
    for job in content.job_descriptions.values():
        text = norm(site.article(url_of(urls.entity(_section("job_descriptions"), job.id))).get_text(" "))
        shown = [*(f"{s.number or ''} {s.heading}" for s in job.sections if s.heading),
                 *(f"{item.number or ''} {item.text}" for s in job.sections for item in s.items),
                 *(r.requirement for r in job.requirements())]
        for fact in shown:
            assert norm(fact) in text, f"{job.id}: not on its page: {fact}"
        headings = [norm(h.get_text(" ")) for h in site.article(
            url_of(urls.entity(_section("job_descriptions"), job.id))).select("h2")]
        printed = [norm(f"{s.number or ''} {s.heading}") for s in job.sections if s.heading]
        assert [h for h in headings if h in printed] == printed, f"{job.id}: sections not in the source's order"
    for template in content.templates.values():
        article = site.article(url_of(urls.entity(_section("templates"), template.id)))
        headings = {norm(h.get_text(" ")) for h in article.select("h2, h3")}
        for section in template.sections:
            assert norm(section.heading) in headings, f"{template.id}: no heading {section.heading}"
        for annex in template.annexes:
            assert norm(f"Annex {annex.letter}: {annex.heading}") in headings, f"{template.id}: annex {annex.letter}"
    for toolkit in content.toolkits.values():
        assert norm(toolkit.title) in norm(site.article(url_of(urls.toolkit(toolkit.id))).get_text(" "))
        for part in toolkit.parts:
            heading = site.article(url_of(urls.part(toolkit.id, part.ref))).select_one("h1")
            assert heading is not None, f"{toolkit.id}/{part.ref} has no heading"


def _expected_marks(req: m.Requirement) -> tuple[str, str]:
    """What a row's Essential and Desirable cells say, worked out here from the rule rather than by the code tested."""
    if req.column == "not-legible":
        return labels.COLUMN_NOT_LEGIBLE, labels.COLUMN_NOT_LEGIBLE
    if req.column == "editors-reading":
        return (f"Essential ({labels.EDITORS_READING})" if req.essential else "",
                f"Desirable ({labels.EDITORS_READING})" if req.desirable else "")
    return ("Essential" if req.essential else "", "Desirable" if req.desirable else "")


def every_person_spec_row_says_whose_reading_its_column_is(site: BuiltSite, content: Content) -> None:
    """A person-specification row whose column the source does not show is marked as the editors' reading (or as
    not legible) in its own cells, on the page and in the Word and OpenDocument files, and is named in the editor's
    note unless every row is; a row the source does show is marked plainly, as the source prints it."""
    for job in content.job_descriptions.values():
        rows = job.requirements()
        if not rows:
            continue
        page = site.article(url_of(urls.entity(_section("job_descriptions"), job.id)))
        shown = [tuple(norm(td.get_text(" ")) for td in tr.select("td")[:2])
                 for tr in page.select("table.tk-person-spec tbody tr") if tr.select("th[scope=row]")]
        expected = [_expected_marks(req) for req in rows]
        assert shown == expected, f"{job.id}: the person specification's marks on the page"
        read = [tuple(bool(td.select_one('[data-editorial="derived"]')) for td in tr.select("td")[:2])
                for tr in page.select("table.tk-person-spec tbody tr") if tr.select("th[scope=row]")]
        assert read == [tuple(req.column == "editors-reading" and bool(mark) for mark in _expected_marks(req))
                        for req in rows], f"{job.id}: a cell the editors read is not marked as theirs on the page"
        spec = docx.Document(str(site.root / "downloads" / "job-descriptions" / f"{job.id}.docx")).tables[-1]
        texts = {req.requirement for req in rows}
        in_word = [(row.cells[1].text, row.cells[2].text) for row in spec.rows[1:] if row.cells[0].text in texts]
        assert in_word == expected, f"{job.id}: the person specification's marks in the Word file"
        unsure = [req for req in rows if req.column != "legible"]
        note = page.select_one(".admonition")
        # The note's own words, not its title (whose mark's tag says the note is the editors' reading).
        note_text = norm(" ".join(p.get_text(" ") for p in note.select("p:not(.admonition-title)"))) if note else ""
        odt = norm(odt_text(site.root / "downloads" / "job-descriptions" / f"{job.id}.odt"))
        for req in unsure:
            for mark in _expected_marks(req):
                assert not mark or norm(mark) in odt, f"{job.id}.odt lacks the mark {mark}"
            if len(unsure) < len(rows) or req.column == "not-legible":
                assert norm(f"\u2018{req.requirement}\u2019") in note_text, f"{job.id}: the note does not name {req.requirement}"
        if not unsure:
            assert labels.EDITORS_READING not in note_text, f"{job.id}: the note names a reading no row has"


def _in_order(categories: list[m.ResourceCategory]) -> list[m.ResourceCategory]:
    """A list's categories as its page prints them, each before its sub-categories."""
    return [found for category in categories for found in (category, *_in_order(category.categories))]


def _without_tags(node: Tag) -> str:
    """An element's words without the tag a mark prints after them ("(editors' addition)")."""
    return norm(" ".join(text for text in node.find_all(string=True)
                         if not text.find_parent(class_=editorial.TAG_CLASS)))


def _categories_are_marked_as_the_editors_say(article: Tag, resource_list: m.ResourceList) -> None:
    """Each category's heading and description, in order, marked as the editors' addition exactly where the content
    says the editors wrote them (``editors_wrote``)."""
    headings = article.select("h2, h3, h4, h5, h6")
    for category in _in_order(resource_list.categories):
        heading = next((h for h in headings if _without_tags(h) == norm(category.title)), None)
        assert heading is not None, f"{resource_list.id}: the category {category.id} has no heading"
        headings = headings[headings.index(heading) + 1:]
        marked = heading.select_one('[data-editorial="added"]') is not None
        assert marked == ("title" in category.editors_wrote), f"{resource_list.id}: {category.id}'s title"
        if category.description:
            described = heading.find_next_sibling("p")
            assert described is not None and _without_tags(described) == norm(category.description), category.id
            marked = described.select_one('[data-editorial="added"]') is not None
            assert marked == ("description" in category.editors_wrote), f"{resource_list.id}: {category.id}'s words"


def every_resource_is_listed_honestly(site: BuiltSite, content: Content) -> None:
    """A resource with an address links to exactly it (under its title, marked where the editors wrote it); one
    without says so and links nowhere. A category's heading
    and description are marked as the editors' where the content says the editors wrote them, and only there."""
    for toolkit in content.toolkits.values():
        for part in toolkit.parts:
            if not part.resources:
                continue
            article = site.article(url_of(urls.part(toolkit.id, part.ref)))
            _categories_are_marked_as_the_editors_say(article, content.resources[part.ref])
            for resource_id, (resource, owner, _) in content.resource_index.items():
                if owner != part.ref:
                    continue
                entry = article.find(id=urls.resource_anchor(resource_id))
                assert entry is not None, f"{part.ref}: the resource {resource_id} is not listed"
                title = entry.select_one(".tk-resource-title")
                assert norm(title.get_text(" ")) == norm(editorial.said_text(resource.title, resource, "title")), \
                    resource_id  # marked where the editors wrote it
                if resource.link == NOT_PROVIDED:
                    assert title.name != "a" and "Link not yet provided" in entry.get_text(), resource_id
                else:
                    assert title.name == "a" and title["href"] == resource.link, resource_id
                marked = entry.select('[data-editorial="historical"]')
                assert bool(marked) == (resource.link_status == "historical"), f"{resource_id}: historical address"
    for page in site.root.rglob("*.html"):
        assert 'href="#"' not in page.read_text(encoding="utf-8"), f"{page} has an empty link"


def historical_documents_say_so_wherever_they_are_offered(site: BuiltSite, content: Content) -> None:
    """A document from the source's time says what it is and when it is from, marked as historical, on its page and
    in the downloads list, and its files' titles say so; a current document says nothing of the kind."""
    listing = site.article("downloads/")
    listed = {norm(mark.get_text(" ")) for mark in listing.select('[data-editorial="historical"]')}
    for folder in ("job_descriptions", "templates"):
        for entry in content.of(folder).values():
            page = site.article(url_of(urls.entity(_section(folder), entry.id)))
            marks = {norm(mark.get_text(" ")) for mark in page.select('p[data-editorial="historical"]')}
            title = docx.Document(str(site.root / "downloads" / registry.get(folder).downloads.folder
                                      / f"{entry.id}.docx")).core_properties.title
            if entry.status != "historical":
                assert not marks and "not a current template" not in title, f"{entry.id}: marked historical"
                continue
            status = labels.historical(folder, entry.dated)
            assert marks == {norm(status + ".")}, f"{entry.id}: its page does not say it is historical"
            assert norm(status + ".") in listed, f"{entry.id}: the downloads list does not say it is historical"
            assert title == labels.historical_title(entry.title, folder, entry.dated), f"{entry.id}: file title"


def every_internal_link_resolves(site: BuiltSite) -> None:
    """Links in raw HTML are not checked by --strict, so every link of every page is followed here."""
    for page in site.root.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"]+)"', html.unescape(text)):
            parts = urlsplit(target)
            if parts.scheme or target.startswith(("#", "mailto:")):
                continue
            base = site.root if parts.path.startswith("/") else page.parent
            resolved = (base / unquote(parts.path).lstrip("/")).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            where = page.relative_to(site.root)
            assert resolved.is_file(), f"{where} links to a missing {target}"
            if parts.fragment and resolved.suffix == ".html":
                ids = {tag["id"] for tag in BeautifulSoup(resolved.read_text(encoding="utf-8"), "html.parser")
                       .find_all(id=True)}
                assert unquote(parts.fragment) in ids, f"{where} links to a missing anchor {target}"


def no_personal_contact_details(site: BuiltSite) -> None:
    """No e-mail address or telephone number, on any page or in the search index."""
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    phone = re.compile(r"\b0\d{3,4}[ -]?\d{3}[ -]?\d{3,4}\b")
    for page in [*site.root.rglob("*.html"), site.root / site.search_path]:
        text = page.read_text(encoding="utf-8")
        for pattern in (email, phone):
            found = pattern.search(text)
            assert not found, f"{page.relative_to(site.root)}: {found.group(0) if found else ''}"


# --- search -----------------------------------------------------------------------------------


OMITTED = "[contact details omitted]"
#: The kinds of editorial mark (plugins/toolkit_publisher/editorial.py), as the pages' data-editorial carries them.
MARK_KINDS = ("added", "omitted", "derived", "historical")


def _article(page: Path) -> BeautifulSoup | None:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")


def omissions_are_marked_the_one_way(site: BuiltSite) -> None:
    """Where the editors left something out, the page says so inside an omission mark, in brackets as the editors'
    own ("[contact details omitted]", "[…]"): never unmarked, never a variant a reader could take for the source's."""
    for page in site.root.rglob("*.html"):
        article = _article(page)
        if article is None:
            continue
        where = page.relative_to(site.root)
        for omission in article.select('[data-editorial="omitted"]'):
            hidden = "".join(span.get_text() for span in omission.select(".tk-visually-hidden"))
            shown = " ".join(omission.get_text().replace(hidden, "").split())
            assert shown.startswith("[") and shown.endswith("]"), f"{where}: an omission not in brackets: {shown}"
            if "details omitted" in shown:
                assert shown == OMITTED, f"{where}: an omission not written as {OMITTED}: {shown}"
            omission.decompose()
        text = " ".join(article.get_text(" ").split())
        for unmarked in ("details omitted", "[…]", "[...]"):
            assert unmarked not in text, f"{where}: '{unmarked}' is not marked as the editors' omission"


def every_mark_is_explained_on_the_about_page(site: BuiltSite) -> None:
    """Every kind of editorial mark a page uses is shown, and so explained, on the About page."""
    used = {mark["data-editorial"] for page in site.root.rglob("*.html") if (article := _article(page)) is not None
            for mark in article.select("[data-editorial]")}
    assert used <= set(MARK_KINDS), f"marks of no known kind: {sorted(used - set(MARK_KINDS))}"
    about = _article(site.root / "about" / "index.html")
    explained = {mark["data-editorial"] for mark in about.select("[data-editorial]")} if about else set()
    assert used <= explained, f"the About page does not explain the marks {sorted(used - explained)}"


def everything_is_searchable(site: BuiltSite, content: Content) -> None:
    """Every question, prompt, resource, and every title of an entry is in the search index."""
    docs = site.search_index()["docs"]
    corpus = norm(" ".join(doc["title"] + " " + doc["text"] for doc in docs))
    expected: list[str] = []
    for _, qs in checklist_sections(content):
        for question in qs.all_questions():
            expected += [question.text, *question.prompts]
    expected += [resource.title for resource, _, _ in content.resource_index.values()]
    expected += [study.title for study in content.case_studies.values()]
    expected += [organisation.name for organisation in content.organisations.values()]
    expected += [job.title for job in content.job_descriptions.values()]
    expected += [session.title for programme in content.training.values() for session in programme.sessions]
    for text in expected:
        assert norm(text) in corpus, f"not in the search index: {text}"
    locations = {doc["location"].split("#")[0] for doc in docs}
    for toolkit, qs in checklist_sections(content):
        assert url_of(urls.part(toolkit.id, qs.id)) in locations


# --- downloads --------------------------------------------------------------------------------


def every_question_is_in_every_checklist_download(site: BuiltSite, content: Content) -> None:
    """Word and OpenDocument hold each question and prompt; Excel and CSV list the questions in order."""
    for toolkit in content.toolkits.values():
        sections = [content.question_sets[p.ref] for p in toolkit.parts if p.checklist]
        if not sections:
            continue
        folder = site.root / "downloads" / "checklists" / toolkit.id
        for base, covered in [*((folder / qs.id, [qs]) for qs in sections),
                              (folder / f"{toolkit.id}-checklist", sections)]:
            questions = [q for qs in covered for q in qs.all_questions()]
            word, odt = norm(docx_text(base.with_suffix(".docx"))), norm(odt_text(base.with_suffix(".odt")))
            for question in questions:
                for text in (question.text, *question.prompts):
                    assert norm(text) in word, f"{base.name}.docx lacks: {text}"
                    assert norm(text) in odt, f"{base.name}.odt lacks: {text}"
            workbook = load_workbook(base.with_suffix(".xlsx"))
            assert len(workbook.worksheets) == len(covered), base.name
            for sheet, qs in zip(workbook.worksheets, covered):
                header = [cell.value for cell in sheet[1]]
                column = header.index("Question") + 1
                cells = [sheet.cell(row=i + 2, column=column).value for i in range(len(qs.all_questions()) + 1)]
                assert cells == [q.text for q in qs.all_questions()] + [None], f"{base.name}.xlsx, {sheet.title}"
            raw = base.with_suffix(".csv").read_bytes()
            table = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
            assert [row["Question"] for row in table] == [q.text for q in questions], f"{base.name}.csv"


def every_session_is_in_the_calendars(site: BuiltSite, content: Content) -> None:
    """Every session is in its programme's calendar and in its own file, at its time in London; the
    programme's page links each session still to come to its file, and no session that has taken place."""
    for programme in content.training.values():
        raw = (site.root / "downloads" / "training" / f"{programme.id}.ics").read_bytes()
        events = {str(event["UID"]): event for event in Calendar.from_ical(raw).walk("VEVENT")}
        assert len(events) == len(programme.sessions), programme.id
        page = site.article(url_of(urls.entity(_section("training"), programme.id)))
        links = {a["href"].rsplit("/", 1)[-1] for a in page.select("a[href$='.ics']")}
        for session in programme.sessions:
            uid = event_uid(programme, session)
            event = events[uid]
            assert event.decoded("DTSTART") == dt.datetime.combine(session.date, session.start, tzinfo=LONDON)
            assert event.decoded("DTEND") == dt.datetime.combine(session.date, session.end, tzinfo=LONDON)
            assert str(event["SUMMARY"]) == session.title
            single = site.root / session_download(programme, session)
            assert single.is_file(), f"{programme.id}: {single.name} was not made"
            assert [str(e["UID"]) for e in Calendar.from_ical(single.read_bytes()).walk("VEVENT")] == [uid]
            offered = session.date >= dt.date.today()
            assert (single.name in links) == offered, f"{programme.id}: {single.name} offered: {not offered}"


def sessions_are_offered_in_date_order_and_marked_once_held(site: BuiltSite, content: Content) -> None:
    """A programme's page offers the whole calendar while a session is to come, then each session's file still to
    come in the schedule's order (by date and time); a session whose day has passed is said to have taken place in
    the schedule, with no calendar file and its booking said to be closed, and no other is; the downloads page offers
    what the programme's page offers."""
    today = dt.date.today()
    listing = BeautifulSoup((site.root / "downloads" / "index.html").read_text(encoding="utf-8"), "html.parser")
    listed = {a["href"].rsplit("/", 1)[-1] for a in listing.select("a[href$='.ics']")}
    for programme in content.training.values():
        page = site.article(url_of(urls.entity(_section("training"), programme.id)))
        ordered = sorted(programme.sessions, key=lambda s: (s.date, s.start))
        to_come = [s for s in ordered if s.date >= today]
        offered = [a["href"].rsplit("/", 1)[-1] for a in page.select(".tk-downloads a[href$='.ics']")]
        expected = ([f"{programme.id}.ics"] if to_come else []) + [f"{s.id}.ics" for s in to_come]
        assert offered == expected, programme.id
        assert set(expected) <= listed and not {f"{s.id}.ics" for s in ordered if s not in to_come} & listed
        for session in ordered:
            held = session.date < today
            row = page.select_one(f'tr[id="{urls.anchor("session", session.id)}"]')
            assert (labels.TAKEN_PLACE in row.get_text(" ")) == held, f"{programme.id}: {session.id}"
            assert bool(row.select("a[href$='.ics']")) == (not held), f"{programme.id}: {session.id}"
            closed = labels.BOOKING_CLOSED in row.get_text(" ")
            assert closed == (held and session.booking is not None), f"{programme.id}: {session.id}"


def details_printed_once_are_marked_where_repeated(site: BuiltSite, content: Content) -> None:
    """Each session's detail that the source prints once for several sessions (its ``derived``) is inside a mark of
    the editors' (data-editorial="derived") in its row saying so, and no other detail of the row is."""
    for programme in content.training.values():
        page = site.article(url_of(urls.entity(_section("training"), programme.id)))
        for session in programme.sessions:
            row = page.select_one(f'tr[id="{urls.anchor("session", session.id)}"]')
            marked = [" ".join(mark.get_text(" ").split()) for mark in row.select('[data-editorial="derived"]')
                      if labels.PRINTED_ONCE in mark.get_text(" ")]
            assert len(marked) == len(session.derived), f"{programme.id}: {session.id}"
            for detail in session.derived:
                value = getattr(session, detail)
                shown = labels.MODES[value] if detail == "mode" else value
                assert any(norm(shown) in norm(text) and labels.PRINTED_ONCE in text for text in marked), \
                    f"{programme.id}: {session.id}: {detail} is not marked"


def every_download_is_made_and_listed(site: BuiltSite, content: Content) -> None:
    """Every planned download exists, is on the downloads page, and nothing else is in downloads/."""
    planned = {download.path for batch in plan_downloads(content) for download in batch.downloads}
    made = {path.relative_to(site.root).as_posix() for path in (site.root / "downloads").rglob("*")
            if path.is_file() and path.name != "index.html"}
    assert made == planned
    listing = (site.root / "downloads" / "index.html").read_text(encoding="utf-8")
    over = {d.path for batch in plan_downloads(content) for d in batch.downloads if d.taken_place(dt.date.today())}
    for path in sorted(made):
        # A calendar file of sessions that have taken place is still made (a link saved earlier still works) but is
        # no longer offered.
        assert (path.split("/", 1)[1] in listing) == (path not in over), f"{path}: on the downloads page or not"
    for page in site.root.rglob("*.html"):
        assert "tk-size" not in page.read_text(encoding="utf-8"), f"{page}: a size was left unfilled"


# --- data files -------------------------------------------------------------------------------------


def _data(site: BuiltSite, path: str) -> object:
    """A data file, validated against the schema it names (published beside it)."""
    import json

    import jsonschema

    file = site.root / path
    assert file.is_file(), f"{path} is not published"
    document = json.loads(file.read_text(encoding="utf-8"))
    schema_file = file.parent / document["$schema"]
    assert schema_file.is_file(), f"{path} names a schema that is not published beside it: {document['$schema']}"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    return document


def _csv_rows(site: BuiltSite, path: str) -> list[dict[str, str]]:
    text = (site.root / path).read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def every_entry_is_in_the_data_files(site: BuiltSite, content: Content) -> None:
    """Each toolkit's JSON holds its parts in order, every question (numbered, with its prompts and resources) and
    every resource (its link, or none); its CSV files a row each; each kind's JSON and CSV every entry; every file
    valid against its published schema, linked from the data page and from the pages it describes; the page index
    every entry's page, with its owner and review dates."""
    listing = (site.root / "data" / "index.html").read_text(encoding="utf-8")
    for toolkit in content.toolkits.values():
        base = f"data/toolkits/{toolkit.id}"
        document = _data(site, f"{base}.json")
        assert document["toolkit"]["title"] == toolkit.title
        assert [(p["kind"], p["id"]) for p in document["parts"]] == [(p.kind, p.ref) for p in toolkit.parts]
        questions, resources = [], []
        for part, data in zip(toolkit.parts, document["parts"]):
            entry = content.of(registry.by_part(part.kind).folder)[part.ref]
            assert data["editors_words"] == sorted(entry.wrote()), f"{base}.json: {part.ref} hides whose words"
            if part.checklist:
                expected = entry.all_questions()
                assert [q["number"] for q in data["questions"]] == list(range(1, len(expected) + 1))
                assert [(q["id"], q["text"], q["answer"], q["prompts"], q["resources"]) for q in data["questions"]] == [
                    (q.id, q.text, q.answer, list(q.prompts), [str(r) for r in q.resources]) for q in expected]
                questions += expected
            if part.page:
                assert data["entry"]["body"] == entry.body, f"{base}.json: {part.ref}'s text is not its Markdown"
            if part.resources:
                listed = {r["id"]: r for r in data["resources"]}
                for resource_id, (resource, list_id, _trail) in content.resource_index.items():
                    if list_id == part.ref:
                        shown = listed.pop(resource_id)
                        assert shown["link_provided"] == (resource.link != NOT_PROVIDED)
                        assert shown["link"] == (resource.link if resource.link != NOT_PROVIDED else None)
                        resources.append(resource)
                assert not listed, f"{base}.json lists resources its list does not have: {sorted(listed)}"
        assert [row["Question"] for row in _csv_rows(site, f"{base}.questions.csv")] == [
            neutralise(q.text) for q in questions]
        assert sorted(row["Resource id"] for row in _csv_rows(site, f"{base}.resources.csv")) == sorted(
            r.id for r in resources)
        for path in (f"{base}.json", f"{base}.questions.csv", f"{base}.resources.csv"):
            assert path.split("/", 1)[1] in listing, f"{path} is not on the data page"
            home = site.html(url_of(urls.toolkit(toolkit.id)))
            assert home.find("a", href=re.compile(re.escape(path.rsplit("/", 1)[1]) + "$")), \
                f"{path} is not linked from its toolkit's page"
    for kind in registry.in_folders():
        if kind.folder == registry.TOOLKITS or kind.part:
            continue
        section = kind.section or kind.folder.replace("_", "-")
        document = _data(site, f"data/{section}.json")
        entries = content.of(kind.folder)
        assert [e["id"] for e in document["entries"]] == sorted(entries), f"data/{section}.json lacks entries"
        for item in document["entries"]:
            entry = entries[item["id"]]
            assert item["editors_words"] == sorted(entry.wrote()) if isinstance(entry, m.EditorsWords) else []
            assert item["entry"] == entry.model_dump(mode="json"), f"data/{section}.json: {item['id']} differs"
        rows = _csv_rows(site, f"data/{section}.csv")
        if kind.data_rows is None:
            assert [row["id"] for row in rows] == sorted(entries), f"data/{section}.csv: not a row per entry"
        else:  # a row per item (a programme's sessions), its entry's fields beside it
            assert list(dict.fromkeys(row["id"] for row in rows)) == sorted(entries), f"data/{section}.csv"
            assert len(rows) == sum(max(1, len(getattr(e, kind.data_rows))) for e in entries.values()), \
                f"data/{section}.csv: not a row per {kind.data_rows.removesuffix('s')}"
        assert f"{section}.json" in listing and f"{section}.csv" in listing, f"data/{section}.* not on the data page"
    index = _data(site, "data/page-index.json")
    by_entity = {(p["entity"]["kind"], p["entity"]["id"]): p for p in index["pages"] if p["entity"]}
    for (folder, entry_id), review in content.reviews.items():
        page = by_entity.get((folder, entry_id))
        assert page is not None, f"the page index lacks {folder}/{entry_id}"
        assert (page["owner"], page["last_reviewed"], page["review_due"]) == (
            review.owner, review.last_reviewed.isoformat(), review.review_due.isoformat())
        assert (site.root / page["url"] / "index.html").is_file(), f"the page index lists a missing {page['url']}"
    assert "page-index.json" in listing


# --- the report's structure ---------------------------------------------------------------------

APPENDIX_TITLE = re.compile(r"^Appendix ([A-Z]) – ")
APPENDIX_MENTION = re.compile(r"\bAppendix ([A-Z])\b")
#: A numbered paragraph's number, or that of a heading a paragraph's number opens (a heading run in, "## 21. GUIDANCE:").
NUMBERED = re.compile(r"^(?:#+ )?(\d+(?:\.\d+)*)(?:\\?\.|\s)")
PARAGRAPH = re.compile(r"\bparagraph (\d+(?:\.\d+)*)")


def _guidance_pages(content: Content) -> list[tuple[m.Toolkit, m.Page]]:
    return [(toolkit, content.pages[part.ref]) for toolkit in content.toolkits.values() for part in toolkit.parts
            if part.page]


def _designations(page: m.Page) -> tuple[str, ...]:
    """How a source detail names a page: its title, or an appendix's letter ("Appendix B")."""
    found = APPENDIX_TITLE.match(page.title)
    return (page.title, found.group(0).removesuffix(" – ")) if found else (page.title,)


def _marks_as_shown(text: str) -> str:
    """Markdown with each editorial mark as the words it shows (an omission in its brackets), without its tag."""
    return editorial.MARK.sub(lambda m: editorial.words(m["words"] or "", m["kind"]) if m["kind"] == "omitted"
                              else (m["words"] or ""), text)


def _shown_text(node: Tag) -> str:
    """An element's text without the marks' tags and the words only screen readers hear."""
    copy = BeautifulSoup(str(node), "html.parser")
    for hidden in copy.select(f".{editorial.TAG_CLASS}, .{editorial.HIDDEN_CLASS}"):
        hidden.decompose()
    return copy.get_text(" ")


def every_box_is_printed_once_where_its_source_detail_says(site: BuiltSite, content: Content) -> None:
    """A case study printed in a page's text is printed once, with its words, after the numbered paragraph its
    source detail names; and one whose source detail names a page of its toolkit is printed in that page."""
    printed: dict[str, str] = {}
    for toolkit, page in _guidance_pages(content):
        article = site.article(url_of(urls.part(toolkit.id, page.id)))
        last_number = None
        for line in page.body.splitlines():
            number = NUMBERED.match(line.strip())
            last_number = number.group(1) if number else last_number
            for embed in embeds.embeds(line):
                if embed.folder != "case_studies":
                    continue
                assert embed.entry_id not in printed, f"{embed.entry_id} is printed in {printed[embed.entry_id]} and {page.id}"
                printed[embed.entry_id] = page.id
                study = content.case_studies[embed.entry_id]
                box = article.select_one(f"#{embeds.anchor('case_studies', study.id)}")
                assert box is not None, f"{page.id}: no box for {study.id}"
                assert norm(box.find("p").decode_contents()).startswith(f"{norm(embed.words)}:"), study.id
                words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", _marks_as_shown(study.what_they_did.split("\n\n")[0]))
                assert norm(words) in norm(_shown_text(box)), study.id
                detail = study.source_detail or ""
                assert detail.startswith(_designations(page)), f"{study.id}: '{detail}' but printed in {page.title}"
                named = PARAGRAPH.search(detail)
                if named:
                    assert named.group(1) == last_number, f"{study.id}: '{detail}' but printed after {last_number}"
    for toolkit, page in _guidance_pages(content):
        for study in content.case_studies.values():
            if study.source == toolkit.id and (study.source_detail or "").startswith(_designations(page)):
                assert printed.get(study.id) == page.id, f"{study.id} ('{study.source_detail}') is not printed there"


def every_appendix_is_in_order_and_every_cross_reference_resolves(site: BuiltSite, content: Content) -> None:
    """A toolkit's appendices are its pages titled "Appendix X – ...", together and in the letters' order; every
    "Appendix X" in its pages' text links to that appendix's page, and one it does not have is explained in the
    page's editor's note."""
    for toolkit in content.toolkits.values():
        letters = {}
        positions = []
        for position, part in enumerate(toolkit.parts):
            found = APPENDIX_TITLE.match(content.pages[part.ref].title) if part.page else None
            if found:
                letters[found.group(1)] = url_of(urls.part(toolkit.id, part.ref))
                positions.append(position)
        assert list(letters) == sorted(letters), f"{toolkit.id}: appendices out of order: {list(letters)}"
        assert positions == list(range(positions[0], positions[0] + len(positions))) if positions else True
        for part in toolkit.parts:
            if not part.page:
                continue
            page_url = url_of(urls.part(toolkit.id, part.ref))
            article = site.article(page_url)
            notes = " ".join(note.get_text(" ") for note in article.select(".admonition.info"))
            for text in article.find_all(string=APPENDIX_MENTION):
                if text.find_parent(["h1"]) or text.find_parent(class_="info"):
                    continue
                for letter in APPENDIX_MENTION.findall(text):
                    if letters.get(letter) == page_url:
                        continue
                    if letter not in letters:
                        assert f"Appendix {letter}" in notes, f"{page_url}: Appendix {letter} has no page or note"
                        continue
                    link = text.find_parent("a")
                    assert link is not None, f"{page_url}: '{text.strip()}' does not link to Appendix {letter}"
                    target = urlsplit(urljoin(f"http://site/{page_url}", link["href"])).path
                    assert target == f"/{letters[letter]}", f"{page_url}: Appendix {letter} links to {target}"


RULES_ON_CONTENT = [every_question_is_on_its_page, every_question_offers_its_columns_and_marks_what_is_added,
                    every_entry_has_its_page,
                    every_person_spec_row_says_whose_reading_its_column_is, every_resource_is_listed_honestly,
                    everything_is_searchable, every_question_is_in_every_checklist_download,
                    every_session_is_in_the_calendars, sessions_are_offered_in_date_order_and_marked_once_held,
                    details_printed_once_are_marked_where_repeated,
                    every_download_is_made_and_listed, every_box_is_printed_once_where_its_source_detail_says,
                    every_appendix_is_in_order_and_every_cross_reference_resolves,
                    historical_documents_say_so_wherever_they_are_offered, every_entry_is_in_the_data_files]
RULES_ON_SITE = [every_internal_link_resolves, no_personal_contact_details, omissions_are_marked_the_one_way,
                 every_mark_is_explained_on_the_about_page]


def check_all(site: BuiltSite, content: Content) -> None:
    """Every rule, for a site and the content it was built from."""
    for rule in RULES_ON_CONTENT:
        rule(site, content)
    for site_rule in RULES_ON_SITE:
        site_rule(site)
