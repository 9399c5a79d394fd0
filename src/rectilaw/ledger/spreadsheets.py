"""Spreadsheets (.xlsx, .xlsm, .xls, .ods) as numbered rows.

Read with python-calamine where it is installed (the ``xlsx-fast`` extra: a
100,000-row sheet in a few seconds), else with openpyxl in read-only mode
(.xlsx only).  Both roads give the same rows:

- the header is found among the first rows (one row or two, see
  :mod:`rectilaw.ledger.header`); every sheet with such a header is read, in
  workbook order, unless the mapping names one (``sheet:``);
- a cell merged down over several rows holds its value in every row it spans;
- a formula whose computed value the file does not hold (a workbook written by a
  program, never opened in Excel or WPS) is an
  :class:`~rectilaw.ledger.cells.UnreadableCell`, named per cell, never a blank;
- an archive is refused before it is opened if it would expand past
  :data:`MAX_EXPANDED` bytes (a decompression bomb), a file past
  :data:`MAX_INPUT` bytes likewise; ``RECTILAW_MAX_EXPANDED_MB`` and
  ``RECTILAW_MAX_INPUT_MB`` raise the limits.
"""

from __future__ import annotations

import importlib.util
import itertools
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from rectilaw.ledger.cells import UnreadableCell, _known, find_header
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.errors import LedgerError

__all__ = ["MAX_EXPANDED", "MAX_INPUT", "SheetRows", "check_size", "have_calamine",
           "read_sheets"]

_MB = 1 << 20
#: The most an .xlsx archive may expand to, in bytes (override: RECTILAW_MAX_EXPANDED_MB).
MAX_EXPANDED = 1024 * _MB
#: The largest input file, in bytes (override: RECTILAW_MAX_INPUT_MB).
MAX_INPUT = 2048 * _MB
SAMPLE = 20


def _limit(variable: str, default: int) -> int:
    value = os.environ.get(variable)
    if value is None:
        return default
    try:
        return int(float(value) * _MB)
    except ValueError:
        raise LedgerError(f"{variable}={value!r}: expected a number of megabytes") from None


def check_size(name: str) -> None:
    """Refuse a file larger than the input limit, before anything reads it whole."""
    limit = _limit("RECTILAW_MAX_INPUT_MB", MAX_INPUT)
    try:
        size = os.stat(name).st_size
    except OSError:
        return
    if size > limit:
        raise LedgerError(f"{name}: the file is {size // _MB} MB, more than the limit of "
                          f"{limit // _MB} MB for an input file; set RECTILAW_MAX_INPUT_MB to "
                          "read it anyway")


def _check_archive(name: str) -> None:
    """Refuse an archive whose members would expand past the limit (a decompression bomb)."""
    limit = _limit("RECTILAW_MAX_EXPANDED_MB", MAX_EXPANDED)
    try:
        with zipfile.ZipFile(name) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError) as problem:
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    if total > limit:
        raise LedgerError(f"{name}: the workbook would expand to {total // _MB} MB, more than "
                          f"the limit of {limit // _MB} MB (a damaged or hostile file?); set "
                          "RECTILAW_MAX_EXPANDED_MB to read it anyway")


def have_calamine() -> bool:
    return importlib.util.find_spec("python_calamine") is not None


class SheetRows:
    """One sheet's table: its name, the sample (first rows), the horizontal merges of the
    sample rows, the rows after the sample (an iterator), and the merged-down spans below."""

    def __init__(self, title: str, sample: list[list[Any]], rest: Iterable[Sequence[Any]],
                 merges: list[tuple[int, int, int, int]], declared: int | None,
                 closer: Callable[[], None] | None = None,
                 formulas: Mapping[tuple[int, int], str] | None = None,
                 tail: list[list[Any]] | None = None) -> None:
        self.title = title
        self.sample = sample
        self.rest = rest
        self.merges = merges  # (first row, first column, last row, last column), from 1
        self.declared = declared
        self.closer = closer
        self.formulas = formulas or {}
        self.tail = tail

    def across(self) -> dict[int, dict[int, int]]:
        """By sample row index (from 0), the horizontal merged spans: first column → last
        (from 0)."""
        spans: dict[int, dict[int, int]] = {}
        for top, left, bottom, right in self.merges:
            if right > left and top <= len(self.sample):
                for row in range(top, min(bottom, len(self.sample)) + 1):
                    spans.setdefault(row - 1, {})[left - 1] = right - 1
        return spans

    def down(self, header: int) -> dict[int, list[tuple[int, int]]]:
        """The cells merged down over several rows below the header row (from 1): by first
        row, the column (from 0) and last row of each."""
        found: dict[int, list[tuple[int, int]]] = {}
        for top, left, bottom, _right in self.merges:
            if top > header and bottom > top:
                found.setdefault(top, []).append((left - 1, bottom))
        return found


# ---------------------------------------------------------------- calamine

def _calamine_sheets(name: str, mapping: ColumnMapping) -> list[SheetRows]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(name)
        names = list(book.sheet_names)
    except Exception as problem:  # calamine raises its own errors, zip and XML alike
        raise LedgerError(f"{name}: not a readable spreadsheet: {problem}") from None
    if mapping.sheet is not None and mapping.sheet not in names:
        raise LedgerError(f"{name}: no sheet named `{mapping.sheet}` (sheets: "
                          f"{', '.join(names)})")
    paths = _sheet_paths(name) if name.lower().endswith((".xlsx", ".xlsm")) else {}
    sheets = []
    for title in names if mapping.sheet is None else [mapping.sheet]:
        try:
            sheet = book.get_sheet_by_name(title)
            rows = sheet.to_python(skip_empty_area=False)
            merges = [(a[0] + 1, a[1] + 1, b[0] + 1, b[1] + 1)
                      for a, b in (sheet.merged_cell_ranges or ())]
        except Exception as problem:  # a damaged sheet
            raise LedgerError(f"{name} [{title}]: the sheet cannot be read: {problem}") from None
        formulas = {}
        if title in paths and _scan_sheet(name, paths[title], title, validate=True)[1]:
            formulas = _formula_gaps(name, paths[title])
        cleaned = [[None if cell == "" else cell for cell in row] for row in rows]
        sheets.append(SheetRows(title, cleaned[:SAMPLE], iter(cleaned[SAMPLE:]), merges,
                                len(cleaned), formulas=formulas, tail=cleaned))
    book.close()
    return sheets


def _sheet_paths(name: str) -> dict[str, str]:
    """Sheet name → the path of its XML in the archive (from workbook.xml and its rels)."""
    try:
        with zipfile.ZipFile(name) as archive:
            book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    paths = {}
    for element in book.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            if target:
                target = target.lstrip("/")
                paths[element.get("name", "")] = target if target.startswith("xl/") \
                    else f"xl/{target}"
    return paths


# ---------------------------------------------------------------- openpyxl

_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]+)'
                    rb'(?::([A-Z]{1,3})([0-9]+))?"')
_MERGE_SECTION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCells\b")


def _column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters.encode() if isinstance(letters, str) else letters:
        number = number * 26 + letter - 64
    return number


def _scan_sheet(name: str, path: str, title: str = "",
                validate: bool = False) -> tuple[list[tuple[int, int, int, int]], bool]:
    """The merged ranges of a sheet, found in its XML by one pass of decompression and a byte
    search (read-only openpyxl does not read them, and they come after the rows), and whether
    the sheet holds any formula.  The section is gathered in a list of chunks, joined once:
    adding chunk to chunk would copy the section again with every megabyte.

    ``validate``: also check that the XML is well formed (calamine reads damaged XML without
    a word, and a damaged row could be lost); a damaged sheet is refused, naming the row.
    """
    parts: list[bytes] = []
    formulas = False
    checker = expat.ParserCreate() if validate else None
    previous = b""
    offset = 0
    with zipfile.ZipFile(name) as archive, archive.open(path) as stream:
        carry = b""
        while chunk := stream.read(1 << 20):
            if checker is not None:
                try:
                    checker.Parse(chunk, False)
                except expat.ExpatError as problem:
                    _damaged(name, title, previous + chunk, checker.ErrorByteIndex - offset
                             + len(previous), problem)
                offset += len(chunk)
                previous = chunk
            if not formulas and (b"<f>" in carry + chunk or b"<f " in carry + chunk):
                formulas = True
            if parts:
                parts.append(chunk)
                continue
            data = carry + chunk
            at = data.find(b"mergeCells")
            while at >= 0:
                found = _MERGE_SECTION.search(data, max(at - 64, 0), at + 10)
                if found is not None:
                    parts.append(data[found.start():])
                    break
                at = data.find(b"mergeCells", at + 1)
            carry = data[-80:]
    if checker is not None:
        try:
            checker.Parse(b"", True)
        except expat.ExpatError as problem:
            _damaged(name, title, previous, len(previous), problem)
    merges = []
    for match in _MERGE.finditer(b"".join(parts)):
        first_column, first_row, last_column, last_row = match.groups()
        top, left = int(first_row), _column_number(first_column)
        bottom = int(last_row) if last_row else top
        right = _column_number(last_column) if last_column else left
        merges.append((top, left, bottom, right))
    return merges, formulas


_ROW_START = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\br="([0-9]+)"')


def _damaged(name: str, title: str, data: bytes, at: int, problem: Exception) -> None:
    """Refuse a sheet whose XML is damaged at byte ``at`` of ``data``, naming the last row
    read whole (within the first rows: the workbook as a whole)."""
    rows = [int(m.group(1)) for m in _ROW_START.finditer(data, 0, max(at, 0))]
    damaged = rows[-1] if rows else 1
    if damaged <= SAMPLE:
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}")
    raise LedgerError(f"{name} [{title}]: the sheet cannot be read after row {damaged - 1}: "
                      f"{problem}")


def _formula_gaps(name: str, path: str) -> dict[tuple[int, int], str]:
    """The formula cells of a sheet whose computed value the file does not hold, by (row,
    column) from 1: their formula text.  Parsed only if the sheet holds a formula at all."""
    try:
        gaps: dict[tuple[int, int], str] = {}
        with zipfile.ZipFile(name) as archive, archive.open(path) as stream:
            for _event, element in ElementTree.iterparse(stream):
                if not element.tag.endswith("}c"):
                    if element.tag.endswith("}row"):
                        element.clear()
                    continue
                formula = value = None
                for child in element:
                    if child.tag.endswith("}f"):
                        formula = child.text or ""
                    elif child.tag.endswith("}v"):
                        value = child.text
                    elif child.tag.endswith("}is"):
                        value = "".join(child.itertext())
                if formula is not None and not value:
                    ref = element.get("r", "")
                    match = re.fullmatch(r"([A-Z]{1,3})([0-9]+)", ref)
                    if match:
                        gaps[(int(match.group(2)), _column_number(match.group(1)))] = formula
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError, OSError):
        return {}
    return gaps


def _openpyxl_sheets(name: str, mapping: ColumnMapping) -> list[SheetRows]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises zipfile, KeyError and XML errors alike
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    if mapping.sheet is not None and mapping.sheet not in book.sheetnames:
        book.close()
        raise LedgerError(f"{name}: no sheet named `{mapping.sheet}` (sheets: "
                          f"{', '.join(book.sheetnames)})")
    sheets = []
    chosen = book.worksheets if mapping.sheet is None else [book[mapping.sheet]]
    try:
        for sheet in chosen:
            declared = sheet.max_row
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            sample = [list(r) for r in itertools.islice(rows, SAMPLE)]
            path = getattr(sheet, "_worksheet_path", None)
            merges, has_formulas = _scan_sheet(name, path) if isinstance(path, str) else ([],
                                                                                          False)
            formulas = _formula_gaps(name, path) if has_formulas and isinstance(path, str) \
                else {}
            sheets.append(SheetRows(sheet.title, sample, rows, merges, declared,
                                    formulas=formulas))
    except LedgerError:
        book.close()
        raise
    except Exception as problem:  # a sheet whose XML or zip member is damaged
        book.close()
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    if sheets:
        sheets[-1].closer = book.close
    else:
        book.close()
    return sheets


def read_sheets(name: str, mapping: ColumnMapping) -> list[SheetRows]:
    """The sheets of a workbook, each with its first rows; by calamine where installed."""
    check_size(name)
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        _check_archive(name)
    if have_calamine():
        return _calamine_sheets(name, mapping)
    if not lower.endswith((".xlsx", ".xlsm")):
        raise LedgerError(f"{name}: reading .xls and .ods needs python-calamine: "
                          "pip install 'rectilaw[xlsx-fast]'")
    return _openpyxl_sheets(name, mapping)


def with_formulas(rows: Iterable[Sequence[Any]], first: int,
                  formulas: Mapping[tuple[int, int], str]) -> Iterator[Sequence[Any]]:
    """Rows (numbered from ``first``) with each formula cell that has no computed value
    replaced by an :class:`UnreadableCell` naming it."""
    by_row: dict[int, list[tuple[int, str]]] = {}
    for (row, column), text in formulas.items():
        by_row.setdefault(row, []).append((column, text))
    for number, cells in enumerate(rows, first):
        gaps = by_row.get(number)
        if gaps:
            filled = list(cells)
            for column, text in gaps:
                if column - 1 >= len(filled):
                    filled.extend([None] * (column - len(filled)))
                if filled[column - 1] in (None, ""):
                    letter = _letters(column)
                    filled[column - 1] = UnreadableCell(
                        f"={text}", f"cell {letter}{number} holds the formula ={text} and no "
                        "computed value: open and save the file in Excel or WPS (or paste "
                        "values) so that the value is stored; it is not guessed")
            cells = filled
        yield cells


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def best_sheets(sheets: Sequence[SheetRows], mapping: ColumnMapping) -> list[tuple[SheetRows, int]]:
    """The sheets that have a header (with its index in their sample), in workbook order."""
    found = []
    for sheet in sheets:
        index = (mapping.header_row - 1 if mapping.header_row is not None
                 and mapping.header_row <= len(sheet.sample) else find_header(sheet.sample,
                                                                              mapping))
        if index is not None:
            found.append((sheet, index))
    # The sheet whose header names the most fields first (a summary sheet also has a few);
    # the others after it, in workbook order.
    if found:
        best = max(found, key=lambda item: sum(
            1 for cell in item[0].sample[item[1]] if isinstance(cell, str)
            and _known(cell, mapping)))
        found.remove(best)
        found.insert(0, best)
    return found
