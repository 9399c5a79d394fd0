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
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from rectilaw.ledger.cells import BrokenRecord, UnreadableCell, find_header
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.header import Head, compose_header, find_notes
from rectilaw.ledger.spreadsheets import best_sheets, check_size, read_sheets, with_formulas

__all__ = ["FORMATS", "Batch", "LedgerSource", "SheetRow", "format_of", "open_ledger",
           "read_records"]

FORMATS = ("csv", "xlsx", "parquet")


class SheetRow(int):
    """A row number in a workbook of several sheets read together: the sheet's own row
    number, shown with its sheet (``二季度!7``)."""

    sheet: str

    def __new__(cls, number: int, sheet: str) -> SheetRow:
        row = super().__new__(cls, number)
        row.sheet = sheet
        return row

    def __str__(self) -> str:
        return f"{self.sheet}!{int(self)}"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)

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
    #: Unit notes found around the table, ``(row, unit, text)``; row -1: below the table.
    unit_notes: list[tuple[int, str, str]] = attrs.field(factory=list)
    #: The numbers of the blank rows skipped so far.
    blank_numbers: list[int] = attrs.field(factory=list)
    #: What the reader is unsure of (``--strict`` refuses the ledger).
    doubts: list[str] = attrs.field(factory=list)
    #: The sheets read, for a workbook.
    sheets: list[str] = attrs.field(factory=list)

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


def format_of(path: str | os.PathLike[str], reading: bool = False) -> str:
    """``csv``, ``xlsx`` or ``parquet``, from the file name; ``reading``: also the spreadsheet
    formats only read (.xls, .ods, as ``xlsx``)."""
    suffix = Path(path).suffix.lower().lstrip(".")
    names = {"tsv": "csv", "txt": "csv", "xlsm": "xlsx", "pq": "parquet"}
    if reading:
        names.update({"xls": "xlsx", "ods": "xlsx"})
    kind = names.get(suffix, suffix)
    if kind not in FORMATS:
        also = " (or .xls, .ods)" if reading else ""
        raise LedgerError(f"{os.fspath(path)}: cannot tell the format from the name: expected a "
                          f".csv, .xlsx{also} or .parquet file")
    return kind


def open_ledger(path: str | os.PathLike[str], mapping: ColumnMapping,
                batch_size: int = BATCH, count_rows: bool = False) -> LedgerSource:
    """The ledger file at ``path``; ``count_rows`` pre-counts CSV lines for progress display."""
    name = os.fspath(path)
    kind = format_of(name, reading=True)
    if not Path(name).is_file():
        raise LedgerError(f"{name}: no such file")
    check_size(name)
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


def _numbered(source: LedgerSource, rows: Iterable[Any], first: int,
              batch_size: int, width: int | None = None, numbers: bool = False) -> Iterator[Batch]:
    """Batches of numbered rows, blank rows counted and left out; ``numbers``: the rows come
    as ``(sheet, cells)`` and are numbered on their sheet (:class:`SheetRow`)."""
    chunk: list[Row] = []
    headers = source.headers
    for plain, cells in enumerate(rows, first):
        number: int = plain
        if numbers:
            number, cells = SheetRow(plain, cells[0]), cells[1]
        if width is not None:
            cells = _fit(cells, width)
        if _blank(cells) and not isinstance(cells, BrokenRecord):
            source.blank_rows += 1
            if len(source.blank_numbers) < _BLANKS_KEPT:
                source.blank_numbers.append(number)
            continue
        chunk.append((number, headers, cells))
        if len(chunk) >= batch_size:
            yield Batch(chunk)
            chunk = []
    if chunk:
        yield Batch(chunk)


#: Blank rows listed by number (all are counted): a sheet formatted to its last row has a
#: million, and the list says where they start.
_BLANKS_KEPT = 10_000


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


def _tail_notes(name: str, encoding: str, delimiter: str) -> list[tuple[int, str, str]]:
    """Unit notes in the last lines of a CSV file (under the table), read before its rows so
    that no amount is read in the wrong unit: ``(-1, unit, text)``."""
    with open(name, "rb") as raw:
        raw.seek(0, os.SEEK_END)
        size = raw.tell()
        raw.seek(max(size - (1 << 16), 0))
        tail = raw.read().decode(encoding.replace("-sig", ""), errors="replace")
    lines = [line for line in tail.splitlines() if line.strip(delimiter + " \t\"")][-30:]
    notes = []
    for line in lines:
        cells = [cell.strip().strip('"') for cell in line.split(delimiter)]
        notes += [(-1, unit, note) for _, unit, note in find_notes([cells])]
    return notes


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
    composed = compose_header(sample, index, mapping, pinned=mapping.header_row is not None)
    index = composed.last
    headers = composed.headers
    records.headers, records.width = headers, len(headers)
    records.push_back(line for span in spans[index + 1:] for line in span)
    records.count = index + 1
    records.garbled[:] = [n for n in records.garbled if n <= index + 1]
    source = LedgerSource(name, "csv", headers, iter(()), closer=text.close)
    source.unit_notes = [(row + 1, unit, note) for row, unit, note in composed.notes]
    above = {text for _, _, text in source.unit_notes}
    source.unit_notes += [n for n in _tail_notes(name, encoding, records.delimiter)
                          if n[2] not in above]
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

def _read_xlsx(name: str, mapping: ColumnMapping, batch_size: int) -> LedgerSource:
    sheets = read_sheets(name, mapping)
    closers = [sheet.closer for sheet in sheets if sheet.closer is not None]

    def close() -> None:
        for closer in closers:
            closer()

    found = best_sheets(sheets, mapping)
    if not found:
        close()
        if mapping.sheet is not None:
            _locate_header(sheets[0].sample if sheets else [], mapping, f"{name} [{mapping.sheet}]")
        names = ", ".join(sheet.title for sheet in sheets) or "none"
        raise LedgerError(f"{name}: no sheet has a header row naming a field of the finding "
                          f"schema in its first {_SAMPLE} rows (sheets: {names})")
    for sheet, _ in found:  # openpyxl gives each row up to its own last cell
        wide = max((len(row) for row in sheet.sample), default=0)
        sheet.sample = [list(row) + [None] * (wide - len(row)) for row in sheet.sample]
    first, first_index = found[0]
    pinned = mapping.header_row is not None
    head = _tall(compose_header(first.sample, first_index, mapping, first.across(), pinned),
                 first)
    chosen = [(first, head)]
    source = LedgerSource(name, "xlsx", head.headers, iter(()), closer=close)
    for sheet, index in found[1:]:
        other = _tall(compose_header(sheet.sample, index, mapping, sheet.across(), pinned),
                      sheet)
        if other.headers == head.headers:
            chosen.append((sheet, other))
        else:
            source.doubts.append(f"sheet `{sheet.title}` has a ledger header of its own, unlike "
                                 f"sheet `{first.title}`'s: not read; read it on its own with "
                                 f"`sheet: {sheet.title}` in the mapping")
    source.sheets = [sheet.title for sheet, _ in chosen]
    several = len(chosen) > 1
    totals = [sheet.declared - h.last - 1 for sheet, h in chosen if sheet.declared]
    if totals and len(totals) == len(chosen):
        source.total = max(sum(totals), 0)
    for sheet, h in chosen:
        source.unit_notes += [(row + 1, unit, text) for row, unit, text in h.notes]
        if sheet.tail is not None:
            tail = [row for row in sheet.tail[h.last + 1:] if not _blank(row)][-30:]
            source.unit_notes += [(-1, unit, text) for _, unit, text in find_notes(tail)]
    width = len(head.headers)

    def rows() -> Iterator[Batch]:
        try:
            for sheet, h in chosen:
                cells: Iterable[Sequence[Any]] = itertools.chain(sheet.sample[h.last + 1:],
                                                                 sheet.rest)
                start = h.last + 2
                merges = sheet.down(h.last + 1)
                if merges:
                    cells = _fill_down(cells, start, merges, width)
                if sheet.formulas:
                    cells = with_formulas(cells, start, sheet.formulas)
                numbered = _guarded(cells, name, sheet.title, start)
                if several:
                    numbered = _on_sheet(numbered, sheet.title)
                yield from _numbered(source, numbered, start, batch_size, width,
                                     numbers=several)
        finally:
            close()

    source.batches = rows()
    return source


def _tall(head: Head, sheet: Any) -> Head:
    """The header with the rows its cells are merged down over (a tall header cell, as
    offices draw them) counted in it, not read as blank rows of the table."""
    bottom = max((b for top, _, b, _ in sheet.merges if top == head.last + 1), default=0)
    if bottom > head.last + 1:
        return attrs.evolve(head, last=bottom - 1)
    return head


def _guarded(rows: Iterable[Sequence[Any]], name: str, title: str,
             start: int) -> Iterator[Sequence[Any]]:
    number = start - 1
    try:
        for row in rows:
            number += 1
            yield row
    except LedgerError:
        raise
    except Exception as problem:  # damaged sheet XML or zip member, mid-way
        raise LedgerError(f"{name} [{title}]: the sheet cannot be read after row "
                          f"{number}: {problem}") from None


def _on_sheet(rows: Iterable[Sequence[Any]], title: str) -> Iterator[Any]:
    for row in rows:
        yield (title, row)


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
            day: Any = days.get(number) if number is not None else None
            if day is None and number is not None:
                try:
                    day = days[number] = date.fromordinal(_EPOCH + number)
                except (ValueError, OverflowError):
                    day = UnreadableCell(f"date32:{number}", f"the Parquet date (day {number} "
                                         "from 1970-01-01) is outside the years 1–9999")
            values.append(day)
        return values
    if pa.types.is_decimal(kind):
        return [None if text is None else Decimal(text)
                for text in column.cast(pa.string()).to_pylist()]
    return column.to_pylist()  # type: ignore[no-any-return]
