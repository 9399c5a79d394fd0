"""The written workbook as LibreOffice prints it: landscape, fitted, nothing cut, the charts.

Needs LibreOffice (``soffice``, Debian's ``libreoffice-calc-nogui``) and poppler's
``pdftotext``/``pdfinfo``/``pdftoppm``; ``.ci/run`` installs them, elsewhere the test is
skipped and says why.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

import rectilaw
from rectilaw.ledger import run_ledger

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ledger" / "sasac-ledger.csv"
TOOLS = ("soffice", "pdftotext", "pdfinfo", "pdftoppm")
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                   r"(.*?)</word>")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"printing the workbook needs {', '.join(missing)} (Debian: "
                    "libreoffice-calc-nogui, poppler-utils)")
    folder = tmp_path_factory.mktemp("printed")
    book = folder / "台账.xlsx"
    run_ledger(EXAMPLE, rectilaw.load_policy("sasac"), "2024-08-01", out=book)
    profile = folder / "profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(folder), str(book)],
                          capture_output=True, check=False, timeout=240)
    pdf = folder / "台账.pdf"
    assert done.returncode == 0 and pdf.exists(), done.stderr.decode(errors="replace")
    return book, pdf


def _pages(pdf: Path) -> list[str]:
    count = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf))).group(1))  # type: ignore[union-attr]
    return [_run("pdftotext", "-raw", "-f", str(n), "-l", str(n), str(pdf), "-")
            for n in range(1, count + 1)]


def _run(*argv: str) -> str:
    return subprocess.run(argv, capture_output=True, check=True, text=True, timeout=60).stdout


def test_thirty_rows_print_on_at_most_two_landscape_pages(printed: tuple[Path, Path]) -> None:
    _, pdf = printed
    pages = _pages(pdf)
    findings = [n for n, text in enumerate(pages, 1) if "问题清单" in text.splitlines()[0]
                or "问题清单　第" in text]
    assert 1 <= len(findings) <= 2
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)",
                       _run("pdfinfo", "-f", "1", "-l", str(len(pages)), str(pdf)))
    assert sizes and all(float(w) > float(h) for w, h in sizes)


def test_no_text_is_cut(printed: tuple[Path, Path]) -> None:
    book, pdf = printed
    flat = "".join("".join(_pages(pdf)).split())
    sheet = openpyxl.load_workbook(book)["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    printed_columns = rows[0].index("评估·整改状态代码")
    for row in rows:
        for value in row[:printed_columns]:
            if isinstance(value, str):
                assert "".join(value.split()) in flat, value
    # a text cut by its neighbour cell still spans it in the PDF: no two words of a printed
    # line may overlap
    pages = _run("pdftotext", "-bbox", str(pdf), "-").split("<page ")[1:]
    assert pages
    for page in pages:
        words = [(tuple(map(float, w[:4])), w[4]) for w in _WORD.findall(page)]
        for i, ((x0, y0, x1, y1), word) in enumerate(words):
            for (u0, v0, u1, v1), other in words[i + 1:]:
                same_line = min(y1, v1) - max(y0, v0) > 0.5 * min(y1 - y0, v1 - v0)
                assert not (same_line and min(x1, u1) - max(x0, u0) > 1.0), (word, other)


def test_the_charts_are_printed(printed: tuple[Path, Path], tmp_path: Path) -> None:
    _, pdf = printed
    pages = _pages(pdf)
    chart = next(n for n, text in enumerate(pages, 1) if "整改率（按问题来源）" in text)
    assert "整改率（按整改责任单位）" in pages[chart - 1]
    _run("pdftoppm", "-r", "40", "-f", str(chart), "-l", str(chart), "-png", str(pdf),
         str(tmp_path / "chart"))
    image = next(tmp_path.glob("chart*.png"))
    assert image.stat().st_size > 5_000
