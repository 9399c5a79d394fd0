"""Writing the evaluated ledger: CSV, XLSX (summary and findings sheets) or Parquet.

The output is the input, row for row and column for column, with the
answer's columns after it (:data:`RESULT_COLUMNS`): the row number, status,
deadline, days overdue, stage, actions and, for rows that could not be
evaluated, the error.  CSV and Parquet use the English column names; the XLSX
findings sheet, read by people, uses the Chinese ones.  A result column whose
name the input already uses gets a ``rectilaw_`` prefix.

Files are written to a temporary file in the same directory, flushed to disk
and moved into place when complete, so a reader never sees half a file and a
failed run (an exception, a full disk, an interrupt) leaves the old file as it
was and no temporary file behind.  The file gets the permissions a plain
``open`` would give it, or those of the file it replaces.  A file that cannot be
written is a :class:`~rectilaw.ledger.LedgerError`.  CSV is written in UTF-8
with a byte-order mark, which spreadsheet programs need to show Chinese text.
"""

from __future__ import annotations

import contextlib
import csv
import os
import secrets
import stat
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from rectilaw.engine.assessment import Action
from rectilaw.ledger.columns import RESULT_COLUMNS
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.evaluate import LedgerRow, action_code, action_label
from rectilaw.ledger.readers import format_of
from rectilaw.ledger.sheets import cell, fill_summary_sheet
from rectilaw.ledger.table import display_width

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.ledger.stats import Summary

__all__ = ["RESULT_COLUMNS", "LedgerWriter", "ResultFormatter", "open_writer", "result_values"]

_XLSX_ROWS = 1_048_575
_JOINED_KEPT = 4096


class ResultFormatter:
    """The values of :data:`RESULT_COLUMNS` for rows (dates as dates, None where empty).

    The texts of actions repeat from row to row (the same measure, actor and
    date), so each is made once and remembered.
    """

    def __init__(self, parties: Mapping[str, str]) -> None:
        self.parties = parties
        self._texts: dict[tuple[Any, ...], tuple[str, str]] = {}
        # By the id of a tuple of actions (policies share one tuple between the answers with
        # the same actions): the tuple itself, kept so that the id stays its own, and its two
        # texts.  Bounded: other sources of answers may not share their tuples.
        self._joined: dict[int, tuple[Any, str, str]] = {}

    def _action(self, action: Action) -> tuple[str, str]:
        key = (action.code, action.label, action.by, action.target, action.due)
        found = self._texts.get(key)
        if found is None:
            found = self._texts[key] = (action_code(action), action_label(action, self.parties))
        return found

    def __call__(self, row: LedgerRow) -> tuple[Any, ...]:
        a = row.assessment
        if a is None:
            return (row.row, None, None, None, None, None, None, None, None, row.error)
        provisional = ", ".join(map(str, a.provisional)) if a.provisional else None
        codes = text = None
        actions = a.actions
        if actions:
            joined = self._joined.get(id(actions))
            if joined is None or joined[0] is not actions:
                joined = self._join(actions)
            codes, text = joined[1], joined[2]
        return (row.row, a.status, a.status_label, a.due, a.overdue_days, a.stage, codes, text,
                provisional, None)

    def _join(self, actions: tuple[Action, ...]) -> tuple[Any, str, str]:
        texts = [self._action(action) for action in actions]
        joined = (actions, "; ".join(t[0] for t in texts), "；".join(t[1] for t in texts))
        if len(self._joined) >= _JOINED_KEPT:
            self._joined.clear()
        self._joined[id(actions)] = joined
        return joined


def result_values(row: LedgerRow, parties: Mapping[str, str]) -> tuple[Any, ...]:
    """The values of :data:`RESULT_COLUMNS` for one row."""
    return ResultFormatter(parties)(row)


def _names(headers: Sequence[str], names: Sequence[str]) -> list[str]:
    taken = set(headers)
    return [f"rectilaw_{n}" if n in taken else n for n in names]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else \
            value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _create(path: Path) -> Path:
    """A new empty temporary file beside ``path``, made with the mode a plain ``open`` gives
    (0o666 less the umask), or the mode of the file ``path`` already is."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    problem: OSError | None = None
    for _ in range(100):
        temp = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError as taken:
            problem = taken
            continue
        except OSError as failure:
            raise LedgerError(f"{path}: cannot write here: {failure}") from None
        try:
            if mode is not None:
                os.chmod(temp, mode)
        finally:
            os.close(handle)
        return temp
    raise LedgerError(f"{path}: cannot write here: {problem}")


def _sync(path: Path, flags: int = os.O_RDWR) -> None:
    """Flush ``path`` to disk, so that the rename after it never exposes an empty file
    (opened for writing: Windows flushes nothing else)."""
    handle = os.open(path, flags)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_directory(directory: Path) -> None:
    """Flush the rename itself; not possible everywhere (Windows), and then skipped."""
    with contextlib.suppress(OSError):
        _sync(directory, os.O_RDONLY)


class LedgerWriter:
    """Writes batches of evaluated rows, then the summary, into ``path`` atomically.

    Subclasses implement ``_write`` and ``_close``; ``write`` and ``finish`` give up
    the temporary file on any failure, and report one of the file system as a
    LedgerError.
    """

    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str],
                 policy: Policy) -> None:
        self.path = Path(path)
        self.headers = tuple(headers)
        self.parties = policy.parties
        self.results = ResultFormatter(policy.parties)
        self.temp = _create(self.path)

    def cells(self, row: LedgerRow) -> list[Any]:
        """The row's cells in the writer's column order (rows of other layouts by name)."""
        if row.headers is self.headers or row.headers == self.headers:
            cells = list(row.cells)
            if len(cells) < len(self.headers):
                cells += [None] * (len(self.headers) - len(cells))
            return cells[: len(self.headers)]
        record = row.record
        return [record.get(h) for h in self.headers]

    @contextlib.contextmanager
    def _or_abort(self) -> Iterator[None]:
        """Whatever goes wrong inside removes the temporary file; a failure of the disk
        becomes a LedgerError naming the output."""
        try:
            yield
        except OSError as problem:
            self.abort()
            raise LedgerError(f"{self.path}: cannot write: {problem}") from None
        except BaseException:
            self.abort()
            raise

    def write(self, rows: Sequence[LedgerRow], arrow: Any = None) -> None:
        """Add ``rows`` (with ``arrow``, the Parquet batch they were read from, if any)."""
        with self._or_abort():
            self._write(rows, arrow)

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        raise NotImplementedError

    def _close(self, summary: Summary) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Complete the file, flush it to disk and move it into place."""
        with self._or_abort():
            self._close(summary)
            _sync(self.temp)
            os.replace(self.temp, self.path)
        _sync_directory(self.temp.parent)

    def abort(self) -> None:
        """Give up: remove the temporary file (again and again, harmlessly)."""
        self.temp.unlink(missing_ok=True)

    def __enter__(self) -> LedgerWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is not None:
            self.abort()


class CsvWriter(LedgerWriter):
    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str],
                 policy: Policy) -> None:
        super().__init__(path, headers, policy)
        self.stream: IO[str] | None = None
        with self._or_abort():
            self._start()

    def _start(self) -> None:
        self.stream = open(self.temp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115
        self.writer = csv.writer(self.stream)
        self.writer.writerow([*self.headers, *_names(self.headers, [n for n, _ in
                                                                    RESULT_COLUMNS])])

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        results = self.results
        self.writer.writerows(
            [_text(v) for v in (*self.cells(row), *results(row))] for row in rows
        )

    def _close(self, summary: Summary) -> None:
        if self.stream is not None:
            self.stream.close()

    def abort(self) -> None:
        if self.stream is not None:
            with contextlib.suppress(OSError):
                self.stream.close()
        super().abort()


class XlsxWriter(LedgerWriter):
    """A workbook with a summary sheet (汇总) first and the findings sheet (问题清单).

    openpyxl streams each sheet of a write-only workbook into a file of its own in
    the system's temporary directory until the workbook is saved; giving up removes
    those too.
    """

    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str],
                 policy: Policy) -> None:
        super().__init__(path, headers, policy)
        import openpyxl

        self.book = openpyxl.Workbook(write_only=True)
        self.summary_sheet = self.book.create_sheet("汇总")
        self.sheet = self.book.create_sheet("问题清单")
        self.titles = [*self.headers, *_names(self.headers, [z for _, z in RESULT_COLUMNS])]
        self.count = 0

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        if self.count + len(rows) > _XLSX_ROWS:
            raise LedgerError(f"{self.path}: a worksheet holds at most {_XLSX_ROWS:,} rows; "
                              "write the findings as .csv or .parquet")
        if self.count == 0:
            self._start(rows)
        results, sheet = self.results, self.sheet
        for row in rows:
            self.sheet.append([cell(sheet, v) if v.__class__ is not int else v
                               for v in (*self.cells(row), *results(row))])
        self.count += len(rows)

    def _start(self, sample: Sequence[LedgerRow]) -> None:
        from openpyxl.utils import get_column_letter

        widths = [display_width(t) for t in self.titles]
        for row in sample[:200]:
            values = (*self.cells(row), *self.results(row))
            for i, value in enumerate(values):
                widths[i] = max(widths[i], display_width(_text(value)))
        for i, width in enumerate(widths, 1):
            self.sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, 60)
        self.sheet.freeze_panes = "A2"
        self.sheet.append([cell(self.sheet, title, bold=True) for title in self.titles])

    def _close(self, summary: Summary) -> None:
        if self.count == 0:
            self._start(())
        fill_summary_sheet(self.summary_sheet, summary)
        self.book.save(self.temp)

    def abort(self) -> None:
        for sheet in (self.summary_sheet, self.sheet):
            _discard_sheet(sheet)
        super().abort()


def _discard_sheet(sheet: Any) -> None:
    """Close a write-only sheet's stream and remove the file openpyxl keeps it in."""
    writer = getattr(sheet, "_writer", None)
    if writer is None:
        return
    with contextlib.suppress(Exception):
        rows = getattr(sheet, "_rows", None)
        if rows is not None:
            rows.close()
        writer.close()
    out = getattr(writer, "out", None)
    if isinstance(out, str):
        with contextlib.suppress(OSError):
            os.remove(out)
        from openpyxl.worksheet import _writer

        with contextlib.suppress(ValueError):
            _writer.ALL_TEMP_FILES.remove(out)


class ParquetWriter(LedgerWriter):
    """Parquet with the input's own column types where the input was Parquet, texts otherwise."""

    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str], policy: Policy,
                 arrow_schema: Any = None) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise LedgerError("writing Parquet needs pyarrow: pip install "
                              "'rectilaw[parquet]'") from None
        self.pa = pa
        self.input_schema = arrow_schema
        if arrow_schema is None:
            fields = [pa.field(h, pa.string()) for h in headers]
        else:
            fields = list(arrow_schema)
        names = _names(headers, [n for n, _ in RESULT_COLUMNS])
        types = [pa.int64(), pa.string(), pa.string(), pa.date32(), pa.int32(), pa.string(),
                 pa.string(), pa.string(), pa.string(), pa.string()]
        self.result_fields = [pa.field(n, t) for n, t in zip(names, types, strict=True)]
        self.schema = pa.schema(fields + self.result_fields)
        self.writer: Any = None
        super().__init__(path, headers, policy)

        with self._or_abort():
            self.writer = pq.ParquetWriter(self.temp, self.schema, compression="zstd")

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        pa = self.pa
        if arrow is not None and self.input_schema is not None and len(arrow) == len(rows):
            inputs = list(arrow.columns)
        else:
            grid = [self.cells(row) for row in rows]
            inputs = [pa.array([_text(r[i]) if r[i] is not None else None for r in grid],
                               pa.string()) if self.input_schema is None
                      else pa.array([r[i] for r in grid], self.input_schema.field(i).type)
                      for i in range(len(self.headers))]
        results: list[Sequence[Any]] = list(zip(*map(self.results, rows), strict=True))
        if not results:
            results = [() for _ in self.result_fields]
        arrays = [pa.array(list(values), field.type)
                  for values, field in zip(results, self.result_fields, strict=True)]
        self.writer.write_batch(pa.RecordBatch.from_arrays(inputs + arrays, schema=self.schema))

    def _close(self, summary: Summary) -> None:
        self.writer.close()

    def abort(self) -> None:
        try:
            if self.writer is not None:
                with contextlib.suppress(Exception):
                    self.writer.close()
        finally:
            super().abort()


def open_writer(path: str | os.PathLike[str], headers: Sequence[str], policy: Policy,
                arrow_schema: Any = None) -> LedgerWriter:
    """A writer for ``path``, its format from the name (.csv, .xlsx, .parquet)."""
    kind = format_of(path)
    if kind == "csv":
        return CsvWriter(path, headers, policy)
    if kind == "xlsx":
        return XlsxWriter(path, headers, policy)
    return ParquetWriter(path, headers, policy, arrow_schema)
