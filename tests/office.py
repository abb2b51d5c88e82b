"""Office downloads as a trust's LibreOffice prints them: files converted to PDF by LibreOffice headless, and each
PDF read back as positioned text and ruled lines (with pypdfium2, PDFium's bindings), so tests can check what a
reader of the printed page sees: text over other text, text across a cell's border, columns' widths, page numbers.

LibreOffice is Debian's (`./scripts/office` installs it); a private profile per test session keeps it apart from
any LibreOffice the developer has open."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

#: A line thinner than this (in points) is a rule (a table's border), not a shape.
RULE = 2.0
#: How far (in points) text may touch a border or other text before it counts as over it: glyph boxes are a little
#: larger than the ink, and Calc sets text against its cell's border with no padding.
SLACK = 1.5
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def soffice() -> str:
    found = shutil.which("soffice")
    assert found, "LibreOffice is not installed: run ./scripts/office (or sudo apt-get install libreoffice-writer-nogui " \
                  "libreoffice-calc-nogui fonts-liberation)"
    return found


def to_pdf(files: list[Path], out: Path, profile: Path) -> dict[Path, Path]:
    """Each file printed to PDF by LibreOffice, as its own program (Writer or Calc) prints it; files of one
    extension per run, since LibreOffice names each PDF after its file's name without the extension."""
    pdfs: dict[Path, Path] = {}
    for extension in sorted({f.suffix for f in files}):
        group = [f for f in files if f.suffix == extension]
        folder = out / extension.lstrip(".")
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                                 "--convert-to", "pdf", "--outdir", str(folder), *map(str, group)],
                                capture_output=True, text=True, timeout=600, check=False)
        for file in group:
            pdf = folder / f"{file.stem}.pdf"
            assert pdf.is_file(), f"LibreOffice did not print {file.name}:\n{result.stdout}\n{result.stderr}"
            pdfs[file] = pdf
    return pdfs


def round_trip(file: Path, extension: str, out: Path, profile: Path) -> Path:
    """The file opened and saved again by LibreOffice in a format (as a user who opens and saves it)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", extension, "--outdir", str(out), str(file)],
                   capture_output=True, text=True, timeout=600, check=True)
    saved = out / f"{file.stem}.{extension}"
    assert saved.is_file(), f"LibreOffice did not save {file.name} as {extension}"
    return saved


@dataclass(frozen=True)
class Box:
    """A rectangle on the page, in points from its bottom left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Box) -> tuple[float, float]:
        """How far the two overlap, across and up."""
        return (min(self.x1, other.x1) - max(self.x0, other.x0), min(self.y1, other.y1) - max(self.y0, other.y0))


@dataclass(frozen=True)
class Run:
    """Text set on one line in one go."""

    text: str
    box: Box


@dataclass
class Page:
    number: int
    width: float
    height: float
    #: The page's text in the order it was set (a table cell's lines together), whitespace collapsed.
    text: str
    runs: list[Run]
    #: Thin lines: the borders of table cells.
    rules: list[Box]
    #: The size, in points, of each character's font as printed (smaller than the file says if the page was
    #: shrunk to fit).
    font_sizes: set[float]

    def lines(self) -> list[str]:
        """The text line by line, top to bottom, left to right (cells side by side share a line)."""
        return [" ".join(" ".join(run.text for run in line).split()) for line in _in_lines(self.runs)]

    def page_number(self) -> tuple[int, int] | None:
        """The "Page X of Y" printed on the page, if any."""
        for line in self.lines():
            found = PAGE_NUMBER.search(line)
            if found:
                return int(found.group(1)), int(found.group(2))
        return None

    def overprints(self) -> list[tuple[str, str]]:
        """Pairs of runs printed over each other: text overflowing its row onto the next, or its cell onto another."""
        found = []
        for index, run in enumerate(self.runs):
            for other in self.runs[index + 1:]:
                across, up = run.box.overlap(other.box)
                lower = min(run.box.y1 - run.box.y0, other.box.y1 - other.box.y0)
                if across > SLACK and up > max(SLACK, lower / 3):
                    found.append((run.text, other.text))
        return found

    def vertical_rules(self) -> list[Box]:
        return [rule for rule in self.rules if rule.x1 - rule.x0 < RULE <= rule.y1 - rule.y0]

    def text_across_borders(self) -> list[tuple[str, float]]:
        """Runs that cross a cell's side border: text outside its cell."""
        found = []
        for rule in self.vertical_rules():
            middle = (rule.x0 + rule.x1) / 2
            for run in self.runs:
                crosses = run.box.x0 < middle - SLACK and run.box.x1 > middle + SLACK
                if crosses and run.box.overlap(rule)[1] > SLACK:
                    found.append((run.text, round(middle, 1)))
        return found

    def column_edges(self, y: float) -> list[float]:
        """The x of each side border crossing the height y (a table row's), left to right."""
        edges: list[float] = []
        for rule in sorted(self.vertical_rules(), key=lambda r: r.x0):
            if rule.y0 - SLACK <= y <= rule.y1 + SLACK:
                middle = (rule.x0 + rule.x1) / 2
                if not edges or middle - edges[-1] > RULE:
                    edges.append(middle)
        return edges

    def box_below(self, y: float) -> Box | None:
        """The nearest bordered box (a table, or a table's cell) whose top is below the height y, if any."""
        below = [rule for rule in self.vertical_rules() if rule.y1 < y]
        if not below:
            return None
        top = max(rule.y1 for rule in below)
        sides = [rule for rule in below if abs(rule.y1 - top) < RULE]
        bottom = min(rule.y0 for rule in sides)
        sides = [rule for rule in sides if abs(rule.y0 - bottom) < RULE]
        return Box(min(r.x0 for r in sides), bottom, max(r.x1 for r in sides), top)

    def columns_of_table_headed(self, first_column: str) -> list[str]:
        """The text of each column of the table whose first column's heading is this, below its headings, read
        top to bottom (a cell's lines in order, then the next row's)."""
        heading = self.find(first_column)
        assert heading is not None, f"page {self.number} has no table headed {first_column!r}: {self.lines()}"
        middle = (heading.box.y0 + heading.box.y1) / 2
        edges = self.column_edges(middle)
        bottom = self._bottom_of_border(edges[0], middle)
        inside = [run for run in self.runs if bottom < run.box.y0 and run.box.y1 < heading.box.y0]
        return [" ".join(run.text for line in _in_lines(inside) for run in line
                         if left < (run.box.x0 + run.box.x1) / 2 < right)
                for left, right in zip(edges, edges[1:])]

    def _bottom_of_border(self, x: float, y: float) -> float:
        """How far down the side border at x runs, unbroken, from the height y."""
        segments = sorted((rule for rule in self.vertical_rules() if abs((rule.x0 + rule.x1) / 2 - x) < RULE),
                          key=lambda rule: -rule.y1)
        bottom = y
        for rule in segments:
            if rule.y0 - SLACK <= bottom <= rule.y1 + SLACK:
                bottom = min(bottom, rule.y0)
        return bottom

    def find(self, text: str) -> Run | None:
        """The first run of exactly this text (a table's column heading), if the page has one."""
        for run in sorted(self.runs, key=lambda r: (-r.box.y1, r.box.x0)):
            if run.text == text:
                return run
        return None

    def widths_of_table_headed(self, first_column: str) -> list[float] | None:
        """The widths of the columns of the table whose first column's heading is this, as shares of the
        table's width, if the page has it."""
        heading = self.find(first_column)
        if heading is None:
            return None
        edges = self.column_edges((heading.box.y0 + heading.box.y1) / 2)
        total = edges[-1] - edges[0]
        return [(right - left) / total for left, right in zip(edges, edges[1:])]


@dataclass
class Printed:
    """A PDF as LibreOffice printed it: its pages, its language and its document information."""

    pages: list[Page]
    language: str
    info: dict[str, str]

    def page_of(self, text: str) -> int:
        """The number of the first page whose text holds the text (whitespace collapsed)."""
        wanted = " ".join(text.split())
        for page in self.pages:
            if wanted in page.text:
                return page.number
        raise AssertionError(f"no page holds {text!r}")


def _in_lines(runs: list[Run]) -> list[list[Run]]:
    """Runs in lines (those side by side whose middles fall within the first's height), top to bottom, each left
    to right."""
    lines: list[list[Run]] = []
    for run in sorted(runs, key=lambda r: -r.box.y1):
        middle = (run.box.y0 + run.box.y1) / 2
        if lines and lines[-1][0].box.y0 <= middle <= lines[-1][0].box.y1:
            lines[-1].append(run)
        else:
            lines.append([run])
    return [sorted(line, key=lambda r: r.box.x0) for line in lines]


def _page(number: int, page: pdfium.PdfPage) -> Page:
    textpage = page.get_textpage()
    runs = []
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = " ".join(textpage.get_text_bounded(left, bottom, right, top).split())
        if text:
            runs.append(Run(text, Box(left, bottom, right, top)))
    rules = []
    for item in page.get_objects():
        if item.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            left, bottom, right, top = item.get_bounds()
            if min(right - left, top - bottom) < RULE:
                rules.append(Box(left, bottom, right, top))
    sizes = {round(pdfium_c.FPDFText_GetFontSize(textpage.raw, index), 1) for index in range(textpage.count_chars())
             if not textpage.get_text_range(index, 1).isspace()}
    width, height = page.get_size()
    return Page(number, width, height, " ".join(textpage.get_text_range().split()), runs, rules, sizes)


def read_pdf(path: Path) -> Printed:
    document = pdfium.PdfDocument(str(path))
    try:
        pages = [_page(number, document[number - 1]) for number in range(1, len(document) + 1)]
    finally:
        document.close()
    reader = PdfReader(str(path))
    info = {key.lstrip("/"): str(value) for key, value in (reader.metadata or {}).items()}
    return Printed(pages, str(reader.trailer["/Root"].get("/Lang", "")), info)
