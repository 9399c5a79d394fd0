"""Reading a ledger: CSV, XLSX, Parquet or an iterable of mappings, as numbered rows.

Every reader gives the same thing, a :class:`LedgerSource`: batches of rows,
each row ``(number, headers, cells)``.  ``number`` is where a person finds the
row: the spreadsheet row for CSV and XLSX (title rows above the header count,
the header is a row too), the record's position (from 1) for Parquet and
iterables.  Cells are what the format holds (texts for CSV; numbers, dates
and texts for XLSX; dates, decimals and booleans for Parquet), left for
:mod:`rectilaw.ledger.cells` to check.  Rows whose cells are all blank are
skipped and counted, since spreadsheets carry empty formatted rows.

The header is the row, among the first twenty, that names the most known
fields; rows above it (a title, a date) are skipped.  A column mapping's
``header_row`` and ``sheet`` override the search.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rectilaw.ledger.cells import find_header
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.errors import LedgerError

__all__ = ["FORMATS", "Batch", "LedgerSource", "format_of", "open_ledger", "read_records"]

FORMATS = ("csv", "xlsx", "parquet")
_EPOCH = date(1970, 1, 1).toordinal()
BATCH = 8192
_SAMPLE = 20

Row = tuple[int, tuple[str, ...] | None, Any]


@attrs.define
class Batch:
    """Consecutive rows; ``arrow`` is the Parquet record batch they were read from, if any."""

    rows: list[Row]
    arrow: Any = None


@attrs.define
class LedgerSource:
    """A ledger being read.  ``total`` is the number of rows to expect, where known;
    ``blank_rows`` counts the empty rows skipped so far."""

    name: str
    kind: str
    headers: tuple[str, ...]
    batches: Iterator[Batch]
    total: int | None = None
    blank_rows: int = 0
    arrow_schema: Any = None
    closer: Callable[[], None] | None = None

    def __iter__(self) -> Iterator[Batch]:
        return self.batches

    def close(self) -> None:
        """Release the file (reading to the end does it too)."""
        if self.closer is not None:
            self.closer()

    def __enter__(self) -> LedgerSource:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def format_of(path: str | os.PathLike[str]) -> str:
    """``csv``, ``xlsx`` or ``parquet``, from the file name."""
    suffix = Path(path).suffix.lower().lstrip(".")
    kind = {"tsv": "csv", "txt": "csv", "xlsm": "xlsx", "pq": "parquet"}.get(suffix, suffix)
    if kind not in FORMATS:
        raise LedgerError(f"{os.fspath(path)}: cannot tell the format from the name: expected a "
                          ".csv, .xlsx or .parquet file")
    return kind


def open_ledger(path: str | os.PathLike[str], mapping: ColumnMapping,
                batch_size: int = BATCH, count_rows: bool = False) -> LedgerSource:
    """The ledger file at ``path``; ``count_rows`` pre-counts CSV lines for progress display."""
    name = os.fspath(path)
    kind = format_of(name)
    if not Path(name).is_file():
        raise LedgerError(f"{name}: no such file")
    if kind == "csv":
        return _read_csv(name, mapping, batch_size, count_rows)
    if kind == "xlsx":
        return _read_xlsx(name, mapping, batch_size)
    return _read_parquet(name, batch_size)


def read_records(rows: Iterable[Any], batch_size: int = 4096) -> LedgerSource:
    """An iterable of mappings (column name → value) as a ledger; anything else in it becomes
    a row with an error, not an exception."""
    def batches() -> Iterator[Batch]:
        iterator = iter(rows)
        number = 0
        while True:
            chunk: list[Row] = []
            for item in itertools.islice(iterator, batch_size):
                number += 1
                if isinstance(item, Mapping):
                    chunk.append((number, tuple(map(str, item)), tuple(item.values())))
                else:
                    chunk.append((number, None, item))
            if not chunk:
                return
            yield Batch(chunk)

    total = len(rows) if isinstance(rows, Sequence) else None
    return LedgerSource("<records>", "records", (), batches(), total)


def _blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (c.__class__ is str and not c.strip()) for c in cells)


def _locate_header(sample: Sequence[Sequence[Any]], mapping: ColumnMapping, name: str) -> int:
    if mapping.header_row is not None:
        if mapping.header_row > len(sample):
            raise LedgerError(f"{name}: the mapping's header_row {mapping.header_row} is past "
                              f"the first {len(sample)} rows")
        return mapping.header_row - 1
    index = find_header(sample, mapping)
    if index is None:
        first = next((row for row in sample if not _blank(row)), ())
        shown = ", ".join(f"`{c}`" for c in first if c not in (None, "")) or "none"
        raise LedgerError(f"{name}: no header row found: none of the first {len(sample)} rows "
                          f"names a field of the finding schema (first row: {shown})",)
    return index


def _trimmed(cells: Sequence[Any]) -> tuple[str, ...]:
    texts = ["" if c is None else str(c).strip() for c in cells]
    while texts and not texts[-1]:
        texts.pop()
    return tuple(texts)


def _numbered(source: LedgerSource, rows: Iterable[Sequence[Any]], first: int,
              batch_size: int, width: int | None = None) -> Iterator[Batch]:
    chunk: list[Row] = []
    headers = source.headers
    for number, cells in enumerate(rows, first):
        if width is not None:
            cells = _fit(cells, width)
        if _blank(cells):
            source.blank_rows += 1
            continue
        chunk.append((number, headers, cells))
        if len(chunk) >= batch_size:
            yield Batch(chunk)
            chunk = []
    if chunk:
        yield Batch(chunk)


def _fit(cells: Sequence[Any], width: int) -> tuple[Any, ...]:
    """A spreadsheet row at the header's width: empty cells it lacks added, empty cells beyond
    cut (what stands beyond is kept, for the row's error)."""
    count = len(cells)
    if count < width:
        return (*cells, *([None] * (width - count)))
    if count > width and all(c is None for c in cells[width:]):
        return tuple(cells[:width])
    return tuple(cells)


# ---------------------------------------------------------------- CSV

def _encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _delimiter(head: str) -> str:
    first = head.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _lines(text: io.TextIOWrapper, name: str) -> Iterator[str]:
    try:
        for line in text:
            yield line.replace("\0", "\ufffd") if "\0" in line else line
    except UnicodeDecodeError as problem:
        raise LedgerError(f"{name}: not readable as {text.encoding}: {problem.reason} "
                          f"(save the file as UTF-8)") from None


def _count_lines(name: str) -> int:
    count = 0
    with open(name, "rb") as raw:
        for block in iter(lambda: raw.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def _read_csv(name: str, mapping: ColumnMapping, batch_size: int,
              count_rows: bool) -> LedgerSource:
    raw = open(name, "rb")  # noqa: SIM115 - closed when the rows are exhausted
    head = raw.read(1 << 16)
    raw.seek(0)
    encoding = _encoding(head)
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    delimiter = _delimiter(head.decode(encoding, errors="replace"))
    reader = csv.reader(_lines(text, name), delimiter=delimiter)
    try:
        sample = list(itertools.islice(reader, _SAMPLE))
        index = _locate_header(sample, mapping, name)
    except (csv.Error, LedgerError) as problem:
        text.close()
        raise LedgerError(f"{name}: {problem}" if isinstance(problem, csv.Error)
                          else str(problem)) from None
    source = LedgerSource(name, "csv", _trimmed(sample[index]), iter(()), closer=text.close)
    if count_rows:
        source.total = max(_count_lines(name) - index - 1, 0)

    def rows() -> Iterator[Sequence[Any]]:
        try:
            yield from sample[index + 1:]
            yield from reader
        except csv.Error as problem:
            raise LedgerError(f"{name}:{reader.line_num}: {problem}") from None
        finally:
            text.close()

    source.batches = _numbered(source, rows(), index + 2, batch_size)
    return source


# ---------------------------------------------------------------- XLSX

def _read_xlsx(name: str, mapping: ColumnMapping, batch_size: int) -> LedgerSource:
    import openpyxl

    try:
        book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises zipfile, KeyError and XML errors alike
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    try:
        sheet, sample, index = _pick_sheet(book, mapping, name)
    except LedgerError:
        book.close()
        raise
    width = len(_trimmed(sample[index]))
    source = LedgerSource(name, "xlsx", _trimmed(sample[index]), iter(()), closer=book.close)
    if sheet.max_row:
        source.total = max(sheet.max_row - index - 1, 0)

    def rows() -> Iterator[Sequence[Any]]:
        try:
            yield from itertools.islice(sheet.iter_rows(values_only=True), index + 1, None)
        finally:
            book.close()

    source.batches = _numbered(source, rows(), index + 2, batch_size, width)
    return source


def _pick_sheet(book: Any, mapping: ColumnMapping, name: str) -> tuple[Any, list[Any], int]:
    if mapping.sheet is not None:
        if mapping.sheet not in book.sheetnames:
            raise LedgerError(f"{name}: no sheet named `{mapping.sheet}` (sheets: "
                              f"{', '.join(book.sheetnames)})")
        sheet = book[mapping.sheet]
        sample = list(itertools.islice(sheet.iter_rows(values_only=True), _SAMPLE))
        return sheet, sample, _locate_header(sample, mapping, f"{name} [{mapping.sheet}]")
    best: tuple[int, Any, list[Any], int] | None = None
    for sheet in book.worksheets:
        sample = list(itertools.islice(sheet.iter_rows(values_only=True), _SAMPLE))
        index = find_header(sample, mapping)
        if index is None:
            continue
        known = sum(1 for c in sample[index] if isinstance(c, str) and mapping.field_of(c))
        if best is None or known > best[0]:
            best = (known, sheet, sample, index)
    if best is None:
        names = ", ".join(book.sheetnames) or "none"
        raise LedgerError(f"{name}: no sheet has a header row naming a field of the finding "
                          f"schema in its first {_SAMPLE} rows (sheets: {names})")
    return best[1], best[2], best[3]


# ---------------------------------------------------------------- Parquet

def _read_parquet(name: str, batch_size: int) -> LedgerSource:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise LedgerError("reading Parquet needs pyarrow: "
                          "pip install 'rectilaw[parquet]'") from None
    try:
        handle = pq.ParquetFile(name)
    except Exception as problem:  # pyarrow raises ArrowInvalid, OSError and others
        raise LedgerError(f"{name}: not a readable Parquet file: {problem}") from None
    headers = tuple(handle.schema_arrow.names)
    source = LedgerSource(name, "parquet", headers, iter(()), handle.metadata.num_rows,
                          arrow_schema=handle.schema_arrow, closer=handle.close)

    def batches() -> Iterator[Batch]:
        number = 1
        days: dict[int, date] = {}
        try:
            for record_batch in handle.iter_batches(batch_size=batch_size):
                columns = [_python_values(column, days) for column in record_batch.columns]
                rows: list[Row] = [(number + i, headers, cells)
                                   for i, cells in enumerate(zip(*columns, strict=True))]
                number += len(rows)
                yield Batch(rows, record_batch)
        finally:
            handle.close()

    source.batches = batches()
    return source


def _python_values(column: Any, days: dict[int, date]) -> list[Any]:
    """A column's values as Python objects, dates and decimals by a faster road than
    ``to_pylist`` (which builds each date and decimal the slow way): dates from their day
    numbers through a shared cache, decimals from their exact text."""
    import pyarrow as pa

    kind = column.type
    if pa.types.is_date32(kind):
        values = []
        for number in column.view(pa.int32()).to_pylist():
            day = days.get(number) if number is not None else None
            if day is None and number is not None:
                day = days[number] = date.fromordinal(_EPOCH + number)
            values.append(day)
        return values
    if pa.types.is_decimal(kind):
        return [None if text is None else Decimal(text)
                for text in column.cast(pa.string()).to_pylist()]
    return column.to_pylist()  # type: ignore[no-any-return]
