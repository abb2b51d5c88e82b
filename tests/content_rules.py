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
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

import docx
from bs4 import BeautifulSoup
from icalendar import Calendar
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import H, P
from openpyxl import load_workbook

from conftest import BuiltSite
from toolkit_publisher import kinds as registry
from toolkit_publisher import labels
from toolkit_publisher import models as m
from toolkit_publisher import urls
from toolkit_publisher.downloads import plan_downloads, session_download
from toolkit_publisher.downloads.calendars import uid as event_uid
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


def _section(folder: str) -> str:
    """The URL section of a kind's pages, as the registry declares it."""
    section = registry.get(folder).section
    assert section is not None
    return section


def every_entry_has_its_page(site: BuiltSite, content: Content) -> None:
    """Every case study, organisation, job description, template and training programme has a page headed
    with its title; a job description's page shows every duty and requirement, a template's every section
    and annex; and every page of a toolkit is published."""
    kinds: list[tuple[str, dict, str]] = [
        (_section("case_studies"), content.case_studies, "title"), (_section("organisations"), content.organisations, "name"),
        (_section("job_descriptions"), content.job_descriptions, "title"), (_section("templates"), content.templates, "title"),
        (_section("training"), content.training, "title")]
    for section, table, field in kinds:
        for entry in table.values():
            heading = site.article(url_of(urls.entity(section, entry.id))).select_one("h1")
            assert heading is not None and norm(heading.get_text(" ")) == norm(getattr(entry, field)), entry.id
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
        spec = docx.Document(str(site.root / "downloads" / "job-descriptions" / f"{job.id}.docx")).tables[-1]
        texts = {req.requirement for req in rows}
        in_word = [(row.cells[1].text, row.cells[2].text) for row in spec.rows[1:] if row.cells[0].text in texts]
        assert in_word == expected, f"{job.id}: the person specification's marks in the Word file"
        unsure = [req for req in rows if req.column != "legible"]
        note = page.select_one(".admonition")
        note_text = norm(note.get_text(" ")) if note else ""
        odt = norm(odt_text(site.root / "downloads" / "job-descriptions" / f"{job.id}.odt"))
        for req in unsure:
            for mark in _expected_marks(req):
                assert not mark or norm(mark) in odt, f"{job.id}.odt lacks the mark {mark}"
            if len(unsure) < len(rows) or req.column == "not-legible":
                assert norm(f"\u2018{req.requirement}\u2019") in note_text, f"{job.id}: the note does not name {req.requirement}"
        if not unsure:
            assert labels.EDITORS_READING not in note_text, f"{job.id}: the note names a reading no row has"


def every_resource_is_listed_honestly(site: BuiltSite, content: Content) -> None:
    """A resource with an address links to exactly it; one without says so and links nowhere."""
    for toolkit in content.toolkits.values():
        for part in toolkit.parts:
            if not part.resources:
                continue
            article = site.article(url_of(urls.part(toolkit.id, part.ref)))
            for resource_id, (resource, owner, _) in content.resource_index.items():
                if owner != part.ref:
                    continue
                entry = article.find(id=urls.resource_anchor(resource_id))
                assert entry is not None, f"{part.ref}: the resource {resource_id} is not listed"
                title = entry.select_one(".tk-resource-title")
                assert norm(title.get_text(" ")) == norm(resource.title), resource_id
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
    for page in [*site.root.rglob("*.html"), site.root / "search" / "search_index.json"]:
        text = page.read_text(encoding="utf-8")
        for pattern in (email, phone):
            found = pattern.search(text)
            assert not found, f"{page.relative_to(site.root)}: {found.group(0) if found else ''}"


# --- search -----------------------------------------------------------------------------------


OMITTED = "[contact details omitted]"


def omissions_are_marked_the_one_way(site: BuiltSite) -> None:
    """Where contact details were left out, every page says so in the same words, in brackets as the editors'
    own ("[contact details omitted]"): never a variant a reader could take for the source's words."""
    for page in site.root.rglob("*.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
        if article is None:
            continue
        text = " ".join(article.get_text(" ").split())
        for found in re.finditer("details omitted", text):
            around = text[found.start() - len("[contact "):found.end() + 1]
            assert around == OMITTED, f"{page.relative_to(site.root)}: an omission not written as {OMITTED}: {around}"


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
    programme's page lists each with a link to its file."""
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
            assert single.name in links, f"{programme.id}: no link to {single.name}"


def sessions_are_offered_in_date_order_and_marked_once_held(site: BuiltSite, content: Content) -> None:
    """A programme's page offers the whole calendar, then each session's file in the schedule's order (by date and
    time); a session whose day has passed is said to have taken place, in the schedule and where its file is
    offered, and no other is."""
    today = dt.date.today()
    for programme in content.training.values():
        page = site.article(url_of(urls.entity(_section("training"), programme.id)))
        ordered = sorted(programme.sessions, key=lambda s: (s.date, s.start))
        offered = [a["href"].rsplit("/", 1)[-1] for a in page.select(".tk-downloads a[href$='.ics']")]
        assert offered == [f"{programme.id}.ics"] + [f"{s.id}.ics" for s in ordered], programme.id
        for session in ordered:
            held = session.date < today
            row = page.select_one(f'tr[id="{urls.anchor("session", session.id)}"]')
            assert (labels.TAKEN_PLACE in row.get_text(" ")) == held, f"{programme.id}: {session.id}"
            offered_as = page.select_one(f'.tk-downloads a[href$="/{session.id}.ics"]').get_text(" ")
            assert (f"({labels.TAKEN_PLACE.lower()})" in offered_as) == held, f"{programme.id}: {session.id}"


def every_download_is_made_and_listed(site: BuiltSite, content: Content) -> None:
    """Every planned download exists, is on the downloads page, and nothing else is in downloads/."""
    planned = {download.path for batch in plan_downloads(content) for download in batch.downloads}
    made = {path.relative_to(site.root).as_posix() for path in (site.root / "downloads").rglob("*")
            if path.is_file() and path.name != "index.html"}
    assert made == planned
    listing = (site.root / "downloads" / "index.html").read_text(encoding="utf-8")
    for path in sorted(made):
        assert path.split("/", 1)[1] in listing, f"{path} is not on the downloads page"
    for page in site.root.rglob("*.html"):
        assert "tk-size" not in page.read_text(encoding="utf-8"), f"{page}: a size was left unfilled"


RULES_ON_CONTENT = [every_question_is_on_its_page, every_entry_has_its_page,
                    every_person_spec_row_says_whose_reading_its_column_is, every_resource_is_listed_honestly,
                    everything_is_searchable, every_question_is_in_every_checklist_download,
                    every_session_is_in_the_calendars, sessions_are_offered_in_date_order_and_marked_once_held,
                    every_download_is_made_and_listed, historical_documents_say_so_wherever_they_are_offered]
RULES_ON_SITE = [every_internal_link_resolves, no_personal_contact_details, omissions_are_marked_the_one_way]


def check_all(site: BuiltSite, content: Content) -> None:
    """Every rule, for a site and the content it was built from."""
    for rule in RULES_ON_CONTENT:
        rule(site, content)
    for site_rule in RULES_ON_SITE:
        site_rule(site)
