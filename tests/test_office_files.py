"""The Word, OpenDocument and Excel downloads opened as a trust opens them: LibreOffice Writer and Calc print each
kind of file of the fixture site to PDF, and the tests read the printed pages (tests/office.py): no text printed
over other text or outside its cell, columns as wide as the document means them, a page number on every page, a
group's heading on the same page as its first question."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BuiltSite
from office import Printed, read_pdf, to_pdf

OFFICE = (".docx", ".odt", ".xlsx")


@pytest.fixture(scope="session")
def libreoffice_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A LibreOffice profile of the tests' own, made on first use and shared by every conversion."""
    return tmp_path_factory.mktemp("libreoffice-profile")


@pytest.fixture(scope="session")
def printed(fixture_site: BuiltSite, tmp_path_factory: pytest.TempPathFactory,
            libreoffice_profile: Path) -> dict[str, Printed]:
    """Every office download of the fixture site as LibreOffice prints it, by its path in the site."""
    files = sorted(p for p in (fixture_site.root / "downloads").rglob("*") if p.suffix in OFFICE)
    pdfs = to_pdf(files, tmp_path_factory.mktemp("printed"), libreoffice_profile)
    return {file.relative_to(fixture_site.root).as_posix(): read_pdf(pdf) for file, pdf in pdfs.items()}


def test_every_kind_of_office_download_is_printed(printed: dict[str, Printed]) -> None:
    kinds = {(path.split("/")[1], Path(path).suffix) for path in printed}
    assert kinds == {("checklists", ".docx"), ("checklists", ".odt"), ("checklists", ".xlsx"),
                     ("job-descriptions", ".docx"), ("job-descriptions", ".odt"),
                     ("templates", ".docx"), ("templates", ".odt")}
    for path, pdf in printed.items():
        assert pdf.pages and pdf.pages[0].text, f"{path} printed nothing"
