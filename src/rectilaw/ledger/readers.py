"""Reading a ledger: CSV, XLSX, Parquet or an iterable of mappings, as numbered rows.

Every reader gives the same thing, a :class:`LedgerSource`: batches of rows,
each row ``(number, headers, cells)``.  ``number`` is where a person finds the
row: the spreadsheet row for CSV and XLSX (title rows above the header count,
the header is a row too), the record's position (from 1) for Parquet and
iterables.  Cells are what the format holds (texts for CSV; numbers, dates
and texts for XLSX; dates, decimals and booleans for Parquet), left for
:mod:`rectilaw.ledger.cells` to check.  Rows whose cells are all blank are
skipped and counted, since spreadsheets carry empty formatted rows.

Damage stays with the row it is in, so every readable row is still read:

- CSV: a quote that opens a cell and is never closed would swallow the lines
  after it into that cell; the record is cut back to its own line (a
  :class:`~rectilaw.ledger.cells.BrokenRecord`) and the lines after it are read
  as rows again.  A last line cut off mid-row is a broken record too.  Bytes
  that are not text in the file's encoding, and NUL bytes, are read as
  ``\ufffd`` and the rows holding them are named in a warning.
- XLSX: a cell merged down over several rows holds its value in every row it
  spans, as a person reads it (the unit written once beside its findings).
  The size a sheet declares is not trusted: every row in the file is read.
- A file damaged beyond that (a Parquet or XLSX file cut off, unreadable data)
  is refused as a whole with a :class:`~rectilaw.ledger.LedgerError`.

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
import re
import zipfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rectilaw.ledger.cells import BrokenRecord, find_header
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
    ``blank_rows`` counts the empty rows skipped so far; ``warnings`` says what the
    reading noticed (complete once the rows are read)."""

    name: str
    kind: str
    headers: tuple[str, ...]
    batches: Iterator[Batch]
    total: int | None = None
    blank_rows: int = 0
    arrow_schema: Any = None
    closer: Callable[[], None] | None = None
    warnings: list[str] = attrs.field(factory=list)

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
        if _blank(cells) and not isinstance(cells, BrokenRecord):
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

_ENDS = ("\n", "\r")
_CUT_HINT = "the file was cut off: copy or export it again"
_QUOTE_HINT = 'a quote inside a cell is written twice ("") and the cell quoted as a whole'


def _encoding(head: bytes) -> str:
    """The encoding of a CSV file from its first bytes: a byte-order mark, else UTF-8 or
    GB18030, whichever reads them with fewer errors (UTF-8 on a tie), so that a stray bad
    byte does not turn a UTF-8 file into GB18030 mojibake."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    errors = {}
    for encoding in ("utf-8", "gb18030"):
        text = codecs.getincrementaldecoder(encoding)("replace").decode(head, final=False)
        errors[encoding] = text.count("\ufffd")
        if not errors[encoding]:
            return encoding
    return "utf-8" if errors["utf-8"] <= errors["gb18030"] else "gb18030"


def _delimiter(head: str) -> str:
    first = head.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _count_lines(name: str) -> int:
    count = 0
    with open(name, "rb") as raw:
        for block in iter(lambda: raw.read(1 << 20), b""):
            count += block.count(b"\n")
    return count


def _quotes(text: str, delimiter: str) -> tuple[int | None, bool]:
    """Where the quotes of ``text`` (one record's lines) go wrong, read as the csv module
    reads them: a cell is quoted when it starts with a quote, ``""`` inside it is a
    quote, and it must end at its closing quote.

    Returns the index of the first cell whose quoting is broken (text after its
    closing quote, or no closing quote) or None, and whether the text ends inside a
    quoted cell.
    """
    state = "start"
    cell = 0
    bad: int | None = None
    for char in text:
        if state == "quoted":
            if char == '"':
                state = "closing"
        elif char == delimiter or char in _ENDS:
            state = "start"
            cell += char == delimiter
        elif state == "start":
            state = "quoted" if char == '"' else "plain"
        elif state == "closing":
            state = "quoted" if char == '"' else "plain"
            if char != '"' and bad is None:
                bad = cell
    if state == "quoted" and bad is None:
        bad = cell
    return bad, state == "quoted"


class _Records:
    """The records of a CSV text, each damaged one kept to the lines it damages.

    The csv module reads a quote that opens a cell and is never closed as a cell
    that goes on over the following lines, swallowing their rows (or failing once
    the cell passes its size limit).  A record that spans lines is kept only if it
    is well formed: its quotes closed where strict CSV closes them and its cells as
    many as the header's.  Otherwise its first line is read alone, as a
    :class:`BrokenRecord`, and the lines after it are read again.  A record on one
    line with too few or too many cells is a BrokenRecord too if its quotes do not
    pair up (the cells after them are shifted), and so is a last line cut off.

    The number of header cells is known once the header is found (``width``);
    before, records are taken as read.  Only records not on one whole line of the
    header's width are checked, so a sound file costs one length test a record.
    """

    def __init__(self, lines: Iterator[str], delimiter: str) -> None:
        self.lines = lines
        self.delimiter = delimiter
        self.pending: deque[str] = deque()
        self.taken: list[str] = []
        self.headers: tuple[str, ...] = ()
        self.width: int | None = None
        self.count = 0
        self.garbled: list[int] = []
        self.reader = self._reader()

    def _feed(self) -> Iterator[str]:
        pending, taken = self.pending, self.taken
        while pending:
            line = pending.popleft()
            taken.append(line)
            yield line
        append = taken.append
        for line in self.lines:
            if "\0" in line:
                line = line.replace("\0", "\ufffd")
            append(line)
            yield line

    def _reader(self) -> Any:
        return csv.reader(self._feed(), delimiter=self.delimiter)

    def push_back(self, lines: Iterable[str]) -> None:
        """Read ``lines`` again, before the rest (the sample, once the header is known)."""
        self.pending.extendleft(reversed(list(lines)))
        self.reader = self._reader()

    def __iter__(self) -> Iterator[Sequence[Any]]:
        """The records from where reading stands (``count`` records read so far).

        Each record's lines are in ``taken`` while it is the one last given.  A record
        on one whole line with the header's number of cells is taken as it is; the
        others are checked (:meth:`_check`).
        """
        taken, garbled = self.taken, self.garbled
        while True:
            reader = self.reader
            taken.clear()
            try:
                for cells in reader:
                    line = taken[0]
                    self.count += 1
                    if len(taken) == 1 and len(cells) == self.width and line.endswith(_ENDS):
                        if "\ufffd" in line:
                            garbled.append(self.count)
                    else:
                        cells = self._check(cells)
                        if any("\ufffd" in text for text in taken):
                            garbled.append(self.count)
                    yield cells
                    taken.clear()
                    if self.reader is not reader:
                        break
                else:
                    return
            except csv.Error:
                self.count += 1
                yield self._split()

    def _misshapen(self, cells: Sequence[str]) -> bool:
        width = self.width
        return width is not None and (len(cells) < width
                                      or any(c.strip() for c in cells[width:]))

    def _strict(self) -> bool:
        try:
            next(csv.reader(list(self.taken), delimiter=self.delimiter, strict=True))
        except csv.Error:
            return False
        return True

    def _check(self, cells: Sequence[str]) -> Sequence[Any]:
        """A record that spans lines, ends the file without a line end, or has not the
        header's number of cells: the record as read, or a BrokenRecord."""
        taken = self.taken
        if self.width is None:
            return cells
        if len(taken) > 1 and (self._misshapen(cells) or not self._strict()):
            return self._split()
        text = "".join(taken)
        if not taken[-1].endswith(_ENDS):
            cut = self._cut(cells, text)
            if cut is not None:
                return cut
        if '"' in text and self._misshapen(cells):
            bad, _ = _quotes(text, self.delimiter)
            if bad is not None and bad < len(cells):
                return BrokenRecord(cells, bad, self._unpaired(bad), _QUOTE_HINT)
        return cells

    def _column(self, index: int) -> str:
        if index < len(self.headers) and self.headers[index]:
            return f"`{self.headers[index]}`"
        return str(index + 1)

    def _unpaired(self, column: int) -> str:
        return (f"the quotes of the cell in column {self._column(column)} do not pair up, so "
                "the cells from there on cannot be told apart")

    def _cut(self, cells: Sequence[str], text: str) -> BrokenRecord | None:
        """The file's last line, which has no line end: a cut row if it stops inside a
        quoted cell or a character, or before the header's last cell."""
        last = len(cells) - 1
        if _quotes(text, self.delimiter)[1]:
            message = (f"the file ends inside the quoted cell of column {self._column(last)}: "
                       "the row is cut off")
        elif text.endswith("\ufffd"):
            message = "the file ends in the middle of a character: the row is cut off"
        elif self.width is not None and len(cells) < self.width:
            message = (f"the file ends in the middle of this row, in column "
                       f"{self._column(last)}: {len(cells)} of the header's {self.width} "
                       "cells")
        else:
            return None
        return BrokenRecord(cells, last, message, _CUT_HINT)

    def _split(self) -> BrokenRecord:
        """The record's first line alone, as a broken record; its other lines read again."""
        if not self.taken:
            return BrokenRecord((), 0, "a record the CSV reader cannot read")
        first, rest = self.taken[0], self.taken[1:]
        del self.taken[1:]
        self.push_back(rest)
        try:
            cells = next(csv.reader([first], delimiter=self.delimiter))
        except csv.Error as problem:
            text = first.rstrip("\r\n")
            return BrokenRecord([c[:200] for c in text.split(self.delimiter)], 0,
                                f"the line cannot be read as CSV: {problem}")
        last = len(cells) - 1
        cells[last] = cells[last].rstrip("\r\n")
        bad, _ = _quotes(first, self.delimiter)
        column = last if bad is None else min(bad, last)
        if not first.endswith(_ENDS):
            message = (f"the file ends inside the quoted cell of column "
                       f"{self._column(column)}: the row is cut off")
            return BrokenRecord(cells, column, message, _CUT_HINT)
        if column == last:
            message = (f"the quote that opens the cell of column {self._column(column)} is "
                       "never closed, so the rest of the line is read as that one cell")
        else:
            message = self._unpaired(column)
        return BrokenRecord(cells, column, message, _QUOTE_HINT)


def _garbled_warning(numbers: Sequence[int], encoding: str) -> str:
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    rows = f"row {shown} holds" if len(numbers) == 1 else f"rows {shown}{more} hold"
    return (f"{rows} bytes that are not {encoding} text (or NUL bytes), read as \ufffd; "
            "if the file is in another encoding, save it as UTF-8")


def _read_csv(name: str, mapping: ColumnMapping, batch_size: int,
              count_rows: bool) -> LedgerSource:
    raw = open(name, "rb")  # noqa: SIM115 - closed when the rows are exhausted
    head = raw.read(1 << 16)
    raw.seek(0)
    encoding = _encoding(head)
    text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    records = _Records(iter(text), _delimiter(head.decode(encoding, errors="replace")))
    sample: list[Sequence[Any]] = []
    spans: list[list[str]] = []
    try:
        for cells in itertools.islice(iter(records), _SAMPLE):
            sample.append(cells)
            spans.append(list(records.taken))
        index = _locate_header(sample, mapping, name)
    except LedgerError:
        text.close()
        raise
    headers = _trimmed(sample[index])
    records.headers, records.width = headers, len(headers)
    records.push_back(line for span in spans[index + 1:] for line in span)
    records.count = index + 1
    records.garbled[:] = [n for n in records.garbled if n <= index + 1]
    source = LedgerSource(name, "csv", headers, iter(()), closer=text.close)
    if count_rows:
        source.total = max(_count_lines(name) - index - 1, 0)

    def rows() -> Iterator[Sequence[Any]]:
        try:
            yield from records
        finally:
            text.close()
        if records.garbled:
            source.warnings.append(_garbled_warning(records.garbled, encoding.split("-sig")[0]))

    source.batches = _numbered(source, rows(), index + 2, batch_size)
    return source


# ---------------------------------------------------------------- XLSX

_MERGE = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})([0-9]+)'
                    rb':([A-Z]{1,3})([0-9]+)"')
_MERGE_SECTION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCells\b")


def _read_xlsx(name: str, mapping: ColumnMapping, batch_size: int) -> LedgerSource:
    import openpyxl

    try:
        book = openpyxl.load_workbook(name, read_only=True, data_only=True)
    except Exception as problem:  # openpyxl raises zipfile, KeyError and XML errors alike
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    try:
        sheet, sample, index, declared = _pick_sheet(book, mapping, name)
        merges = _merged_down(name, sheet, index + 1)
    except LedgerError:
        book.close()
        raise
    except Exception as problem:  # a sheet whose XML or zip member is damaged
        book.close()
        raise LedgerError(f"{name}: not a readable XLSX workbook: {problem}") from None
    width = len(_trimmed(sample[index]))
    source = LedgerSource(name, "xlsx", _trimmed(sample[index]), iter(()), closer=book.close)
    if declared is not None and declared > index + 1:
        source.total = declared - index - 1

    def rows() -> Iterator[Sequence[Any]]:
        number = index + 1
        try:
            cells: Iterable[Sequence[Any]] = itertools.islice(
                sheet.iter_rows(values_only=True), index + 1, None)
            if merges:
                cells = _fill_down(cells, index + 2, merges, width)
            for row in cells:
                number += 1
                yield row
        except Exception as problem:  # damaged sheet XML or zip member, mid-way
            raise LedgerError(f"{name} [{sheet.title}]: the sheet cannot be read after row "
                              f"{number}: {problem}") from None
        finally:
            book.close()

    source.batches = _numbered(source, rows(), index + 2, batch_size, width)
    return source


def _sample(sheet: Any) -> tuple[list[Any], int | None]:
    """The first rows of a sheet, and the number of rows its dimension declares.

    The declared size is kept only as an estimate: it is often wrong in files other
    programs write (``A1`` for a full sheet), and read-only openpyxl stops reading
    where it says, so it is dropped before any row is read.
    """
    declared = sheet.max_row
    sheet.reset_dimensions()
    return list(itertools.islice(sheet.iter_rows(values_only=True), _SAMPLE)), declared


def _pick_sheet(book: Any, mapping: ColumnMapping,
                name: str) -> tuple[Any, list[Any], int, int | None]:
    if mapping.sheet is not None:
        if mapping.sheet not in book.sheetnames:
            raise LedgerError(f"{name}: no sheet named `{mapping.sheet}` (sheets: "
                              f"{', '.join(book.sheetnames)})")
        sheet = book[mapping.sheet]
        sample, declared = _sample(sheet)
        return sheet, sample, _locate_header(sample, mapping, f"{name} [{mapping.sheet}]"), \
            declared
    best: tuple[int, Any, list[Any], int, int | None] | None = None
    for sheet in book.worksheets:
        sample, declared = _sample(sheet)
        index = find_header(sample, mapping)
        if index is None:
            continue
        known = sum(1 for c in sample[index] if isinstance(c, str) and mapping.field_of(c))
        if best is None or known > best[0]:
            best = (known, sheet, sample, index, declared)
    if best is None:
        names = ", ".join(book.sheetnames) or "none"
        raise LedgerError(f"{name}: no sheet has a header row naming a field of the finding "
                          f"schema in its first {_SAMPLE} rows (sheets: {names})")
    return best[1], best[2], best[3], best[4]


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _merged_down(name: str, sheet: Any, header: int) -> dict[int, list[tuple[int, int]]]:
    """The cells merged down over several rows below the header: by first row, the
    column (from 0) and the last row of each.

    Read-only openpyxl does not read merged ranges, and the sheet lists them after its
    rows, so they are found first, in the sheet's XML: one pass of decompression and a
    byte search, the rows themselves not parsed.  Cells merged across columns only
    are left as they are: their value belongs to their first column.
    """
    path = getattr(sheet, "_worksheet_path", None)
    if not isinstance(path, str):
        return {}
    section = b""
    with zipfile.ZipFile(name) as archive, archive.open(path) as stream:
        carry = b""
        while chunk := stream.read(1 << 20):
            if section:
                section += chunk
                continue
            data = carry + chunk
            at = data.find(b"mergeCells")
            while at >= 0:
                found = _MERGE_SECTION.search(data, max(at - 64, 0), at + 10)
                if found is not None:
                    section = data[found.start():]
                    break
                at = data.find(b"mergeCells", at + 1)
            carry = data[-80:]
    merges: dict[int, list[tuple[int, int]]] = {}
    for match in _MERGE.finditer(section):
        first_column, first_row, _, last_row = match.groups()
        top, bottom = int(first_row), int(last_row)
        if top > header and bottom > top:
            merges.setdefault(top, []).append((_column_number(first_column) - 1, bottom))
    return merges


def _fill_down(rows: Iterable[Sequence[Any]], first: int,
               merges: Mapping[int, Sequence[tuple[int, int]]],
               width: int) -> Iterator[Sequence[Any]]:
    """Rows with the value of each cell merged down repeated in the rows it spans.

    Blank rows inside a merged range stay blank (they separate groups; they are not
    findings), and columns beyond the header's are left alone.
    """
    active: list[tuple[int, int, Any]] = []
    for number, cells in enumerate(rows, first):
        if active:
            active = [span for span in active if span[1] >= number]
            if active and not _blank(cells):
                filled = list(cells)
                for column, _, value in active:
                    if column >= len(filled):
                        filled.extend([None] * (column + 1 - len(filled)))
                    if filled[column] is None:
                        filled[column] = value
                cells = filled
        starts = merges.get(number)
        if starts:
            active.extend((column, last, cells[column] if column < len(cells) else None)
                          for column, last in starts if column < width)
        yield cells


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
                # Not kept while the batch is worked on: the garbage collector would follow
                # every value of every column each time it looks at the long-lived objects.
                del columns
                yield Batch(rows, record_batch)
                del rows
        except Exception as problem:  # pyarrow: a damaged page, a column chunk cut short
            raise LedgerError(f"{name}: the rows from row {number} on cannot be read: "
                              f"{problem}") from None
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
