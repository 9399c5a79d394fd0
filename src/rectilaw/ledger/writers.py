"""Writing the evaluated ledger: CSV, XLSX (an office workbook) or Parquet.

The output is the input, row for row and column for column, with the
answer's columns after it (:data:`RESULT_KEYS`): for people the row number,
status, deadline, days overdue, stage, actions (in the policy's words, parties
named) and, for rows that could not be evaluated, the problem; then, for
machines, the codes of the status, stage and actions.  Headers follow the
language of the output (``lang``: ``zh`` by default, or ``en``) in CSV and XLSX
alike; Parquet, read by programs, always has the English names.  The result
headers carry a prefix of their own (``评估·``), so they never take the name
of a column of the ledger; an input column that is an earlier result is
carried along and the new one numbered.

XLSX is the workbook an audit office works in (see
:mod:`rectilaw.ledger.workbook`): typed cells, labels, filters, print set-up,
a summary, a table by unit and the 整改率 charts.

Every text cell of CSV and XLSX that a spreadsheet would take for a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe, as OWASP recommends against CSV injection;
numbers, and texts that are plain numbers such as ``-1250.00``, stay as they
are.

Files are written to a temporary file in the same directory, flushed to disk
and moved into place when complete, so a reader never sees half a file and a
failed run (an exception, a full disk, an interrupt, SIGTERM) leaves the old
file as it was and no temporary file behind.  An output that is a symbolic
link is written *through*: the link stays, the file it points to is replaced.
An output that is not a regular file (``/dev/stdout``, a pipe) is written
straight into, as it comes; its format must then be given (``fmt``).  The
format comes from the name (``.csv``, ``.xlsx``, ``.parquet``) or ``fmt``;
any other name is refused rather than guessed.  The same input gives the same
bytes: no clock, locale, time zone or hash seed reaches the output.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import os
import re
import secrets
import signal
import stat
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import FrameType
from typing import IO, TYPE_CHECKING, Any

from rectilaw.engine.assessment import Action
from rectilaw.findings import schema_specs
from rectilaw.ledger.columns import RESULT_COLUMNS, ColumnMapping
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.evaluate import LedgerRow, action_code, action_label
from rectilaw.ledger.messages import LANGUAGES, message, problem_text, translate

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.ledger.stats import Summary

__all__ = [
    "OUTPUT_FORMATS", "RESULT_COLUMNS", "RESULT_KEYS", "LedgerWriter", "ResultFormatter",
    "neutralise", "open_writer", "output_format", "result_headers", "result_values",
    "write_file",
]

#: The formats an evaluated ledger is written in, by file name suffix.
OUTPUT_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".parquet": "parquet"}

#: The result columns, in order: first for people, then the codes for machines.
RESULT_KEYS = ("row", "status_label", "due", "overdue_days", "stage_label", "actions_text",
               "provisional", "error", "disagreements", "status", "stage", "actions")

_JOINED_KEPT = 4096
_FORMULA_START = frozenset("=+-@\t\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?",
                           re.ASCII)


def neutralise(text: str) -> str:
    """``text`` safe from formula injection: a leading apostrophe where a spreadsheet would
    read a formula (OWASP); a plain number such as ``-1250.00`` is left as it is."""
    if text and text[0] in _FORMULA_START and not (
            text[0] in "+-" and len(text) > 1 and _PLAIN_NUMBER.fullmatch(text)):
        return "'" + text
    return text


def output_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """``csv``, ``xlsx`` or ``parquet``: ``fmt`` if given, else from the name's suffix."""
    if fmt is not None:
        if fmt not in OUTPUT_FORMATS.values():
            raise LedgerError(f"no output format `{fmt}`: expected csv, xlsx or parquet")
        return fmt
    suffix = Path(path).suffix.lower()
    kind = OUTPUT_FORMATS.get(suffix)
    if kind is None:
        raise LedgerError(f"{os.fspath(path)}: cannot tell the output format from the name "
                          "(expected .csv, .xlsx or .parquet); name the format to write "
                          "another file or a device")
    return kind


def result_headers(input_headers: Sequence[str], lang: str) -> list[str]:
    """The result columns' headers in ``lang``, numbered where the input has them already."""
    taken = set(input_headers)
    names = []
    for key in RESULT_KEYS:
        name = message(f"col.{key}", lang)
        base, number = name, 2
        while name in taken:
            name = f"{base}({number})"
            number += 1
        taken.add(name)
        names.append(name)
    return names


class ResultFormatter:
    """The values of the result columns (:data:`RESULT_KEYS`) for rows: dates as dates,
    None where empty, the problems of a bad row in ``lang``.

    The texts of actions repeat from row to row (the same measure, actor and
    date), so each is made once and remembered.
    """

    def __init__(self, parties: Mapping[str, str], lang: str = "zh",
                 labels: Mapping[str, str] | None = None) -> None:
        self.parties = parties
        self.lang = lang
        self.labels = labels or {}
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
            return (row.row, None, None, None, None, None, None, self.error(row), None, None,
                    None, None)
        provisional = ", ".join(map(str, a.provisional)) if a.provisional else None
        codes = text = None
        actions = a.actions
        if actions:
            joined = self._joined.get(id(actions))
            if joined is None or joined[0] is not actions:
                joined = self._join(actions)
            codes, text = joined[1], joined[2]
        # Where the recorded determination and the rules' reading of the facts differ.
        disputed = ("；".join(translate(d.message, self.lang) for d in a.disagreements)
                    if a.disagreements else None)
        return (row.row, a.status_label, a.due, a.overdue_days, a.stage_label, text,
                provisional, None, disputed, a.status, a.stage, codes)

    def error(self, row: LedgerRow) -> str | None:
        """The problems of a row that could not be evaluated, for people."""
        if row.problems:
            joiner = "；" if self.lang == "zh" else "; "
            return joiner.join(problem_text(p, self.lang, self.labels) for p in row.problems)
        return row.error

    def _join(self, actions: tuple[Action, ...]) -> tuple[Any, str, str]:
        texts = [self._action(action) for action in actions]
        joined = (actions, "; ".join(t[0] for t in texts), "；".join(t[1] for t in texts))
        if len(self._joined) >= _JOINED_KEPT:
            self._joined.clear()
        self._joined[id(actions)] = joined
        return joined


def result_values(row: LedgerRow, parties: Mapping[str, str],
                  lang: str = "zh") -> tuple[Any, ...]:
    """The values of the result columns (:data:`RESULT_KEYS`) for one row."""
    return ResultFormatter(parties, lang)(row)


# ---------------------------------------------------------------- values as text

def _json_ready(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v) for v in value]
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float) and math.isfinite(value):
        return value
    return plain_text(value)


def plain_text(value: Any) -> str:
    """Any cell value as text: dates ISO, flags true/false, nested values as JSON, bytes as
    UTF-8 or else hexadecimal."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None and value.time() == time.min:
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return "0x" + raw.hex()
    if isinstance(value, (Mapping, list, tuple)):
        return json.dumps(_json_ready(value), ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


_SURROGATE = re.compile("[\ud800-\udfff]")


def safe_text(value: Any) -> str:
    """A cell as text a file can hold: lone surrogates replaced, formulas neutralised."""
    text = plain_text(value)
    if not text.isascii() and _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return neutralise(text)


# ---------------------------------------------------------------- input columns, typed

_MONEY_NOISE = re.compile(r"[,，\s¥￥]|元$")
_WHOLE = re.compile(r"-?\d{1,15}")


def column_kinds(headers: Sequence[str], fields: Sequence[str | None] | None,
                 policy: Policy) -> tuple[tuple[str | None, str | None], ...]:
    """For each input column: the field it holds and that field's type (``date``, ``money``,
    ``integer``…), or ``(None, None)`` for a column carried along."""
    specs = {name: spec.type for name, spec in schema_specs().items()}
    specs.update({fact.name: fact.type.kind for fact in policy.model.facts})
    if fields is None:
        mapping = ColumnMapping.default().with_fields((f.name, f.label)
                                                      for f in policy.model.facts)
        fields = [mapping.field_of(h) if h else None for h in headers]
    fields = list(fields) + [None] * (len(headers) - len(fields))
    return tuple((f, specs.get(f)) if f is not None else (None, None)
                 for f in fields[: len(headers)])


def typed_cell(value: Any, kind: str | None, fact: Any) -> Any:
    """An input cell typed for a spreadsheet: a date text as the date it was read as, an
    amount text (``1,250,000.00``) as its number in the ledger's own unit, a whole-number text
    as a number; any other cell as it is."""
    if value.__class__ is not str or kind is None:
        return value
    if kind == "date":
        return fact if isinstance(fact, date) else value
    if kind == "money":
        text = _MONEY_NOISE.sub("", value)
        if not text:
            return value
        try:
            amount = Decimal(text)
        except InvalidOperation:
            return value
        return amount if amount.is_finite() else value
    if kind == "integer":
        text = value.strip()
        return int(text) if _WHOLE.fullmatch(text) else value
    return value


# ---------------------------------------------------------------- files

def _destination(path: Path) -> tuple[Path, bool]:
    """Where to write for ``path`` and whether atomically: a symbolic link is followed (the
    link stays, its target is replaced); a device, pipe or socket is written straight into."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return Path(os.path.realpath(path)), True
    except OSError as problem:
        raise LedgerError(f"{path}: cannot write here: {problem.strerror}") from None
    if stat.S_ISDIR(mode):
        raise LedgerError(f"{path}: is a directory")
    if not stat.S_ISREG(mode):
        return path, False
    return Path(os.path.realpath(path)), True


def _create(path: Path, claim: Callable[[Path | None], None]) -> None:
    """A new empty temporary file beside ``path``, made with the mode a plain ``open`` gives
    (0o666 less the umask), or the mode of the file ``path`` already is.  ``claim`` is told
    its name before it exists, so that an interruption at any point leaves nothing behind."""
    directory = path.parent if str(path.parent) else Path(".")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mode = None
    problem: OSError | None = None
    for _ in range(100):
        temp = directory / f".{path.name}.{secrets.token_hex(4)}.tmp"
        claim(temp)
        try:
            handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError as taken:
            claim(None)
            problem = taken
            continue
        except OSError as failure:
            claim(None)
            raise LedgerError(f"{path}: cannot write here: {failure}") from None
        try:
            if mode is not None:
                os.chmod(temp, mode)
        finally:
            os.close(handle)
        return
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


class Terminated(SystemExit):
    """SIGTERM arrived while an output was being written: raised so that the temporary files
    are removed on the way out (exit status 143, as the signal's default would give)."""

    def __init__(self) -> None:
        super().__init__(128 + signal.SIGTERM)


class _TerminationGuard:
    """While outputs are being written in the main thread, SIGTERM raises :class:`Terminated`
    instead of ending the process on the spot, so that no temporary file is left behind.  A
    handler the program installed itself is left alone."""

    def __init__(self) -> None:
        self.depth = 0
        self.previous: Any = None
        self.signalled = False

    def _raise(self, number: int, frame: FrameType | None) -> None:
        self.signalled = True
        raise Terminated()

    def check(self) -> None:
        """Raise :class:`Terminated` if SIGTERM came while the exception it raised was
        swallowed (a signal handled inside a finaliser or a garbage-collector callback)."""
        if self.signalled:
            raise Terminated()

    def enter(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        if self.depth == 0:
            current = signal.getsignal(signal.SIGTERM)
            if current is not signal.SIG_DFL:
                return
            self.previous = current
            self.signalled = False
            signal.signal(signal.SIGTERM, self._raise)
        self.depth += 1

    def leave(self) -> None:
        if threading.current_thread() is not threading.main_thread() or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            signal.signal(signal.SIGTERM, self.previous)


_GUARD = _TerminationGuard()


class LedgerWriter:
    """Writes batches of evaluated rows, then the summary, into ``path`` atomically.

    Subclasses implement ``_open`` (set up on ``self.stream``, a binary file),
    ``_write`` and ``_close``; ``write`` and ``finish`` give up the temporary file
    on any failure, and report one of the file system as a LedgerError.
    """

    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str], policy: Policy,
                 *, fields: Sequence[str | None] | None = None, lang: str = "zh") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"no ledger output in `{lang}`: choose one of "
                             f"{', '.join(LANGUAGES)}")
        self.path = Path(path)
        self.headers = tuple(headers)
        self.policy = policy
        self.lang = lang
        self.parties = policy.parties
        labels = {f.name: f.label for f in policy.model.facts if f.label}
        self.results = ResultFormatter(policy.parties, lang, labels)
        self.kinds = column_kinds(self.headers, fields, policy)
        self.target, self.atomic = _destination(self.path)
        self.stream: IO[bytes] | None = None
        self.temp: Path | None = None
        self._guarded = True
        _GUARD.enter()
        try:
            with self._or_abort():
                if self.atomic:
                    _create(self.target, self._claim)
                    assert self.temp is not None
                    self.stream = open(self.temp, "wb")  # noqa: SIM115
                else:
                    self.stream = open(self.target, "wb", buffering=0)  # noqa: SIM115
                self._open()
        except BaseException:
            self._unguard()
            raise

    def _claim(self, temp: Path | None) -> None:
        self.temp = temp

    def _unguard(self) -> None:
        if self._guarded:
            self._guarded = False
            _GUARD.leave()

    def cells(self, row: LedgerRow) -> list[Any]:
        """The row's cells in the writer's column order (rows of other layouts by name)."""
        if row.headers is self.headers or row.headers == self.headers:
            cells = list(row.cells)
            if len(cells) < len(self.headers):
                cells += [None] * (len(self.headers) - len(cells))
            return cells[: len(self.headers)]
        record = row.record
        return [record.get(h) for h in self.headers]

    def typed_cells(self, row: LedgerRow) -> list[Any]:
        """The row's cells with dates, amounts and whole numbers typed (see :func:`typed_cell`)."""
        cells = self.cells(row)
        facts = row.facts
        for index, (field, kind) in enumerate(self.kinds):
            if field is not None and cells[index].__class__ is str:
                cells[index] = typed_cell(cells[index], kind, facts.get(field))
        return cells

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
            _GUARD.check()
            self._write(rows, arrow)

    def _open(self) -> None:
        raise NotImplementedError

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        raise NotImplementedError

    def _close(self, summary: Summary) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        """Complete the file, flush it to disk and move it into place."""
        with self._or_abort():
            _GUARD.check()
            self._close(summary)
            stream, self.stream = self.stream, None
            if stream is not None:
                stream.close()
            if self.temp is not None:
                _sync(self.temp)
                os.replace(self.temp, self.target)
                _sync_directory(self.target.parent)
            self.temp = None
        self._unguard()

    def abort(self) -> None:
        """Give up: remove the temporary file (again and again, harmlessly)."""
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()
        if self.temp is not None:
            self.temp.unlink(missing_ok=True)
        self.temp = None
        self._unguard()

    def __enter__(self) -> LedgerWriter:
        return self

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is not None:
            self.abort()


class CsvWriter(LedgerWriter):
    """UTF-8 with a byte-order mark (which spreadsheet programs need to show Chinese text);
    every text neutralised against formula injection."""

    def _open(self) -> None:
        assert self.stream is not None
        self.text = io.TextIOWrapper(self.stream, encoding="utf-8-sig", newline="",
                                     write_through=True)
        self.writer = csv.writer(self.text)
        self.writer.writerow([safe_text(h) for h in
                              (*self.headers, *result_headers(self.headers, self.lang))])

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        results = self.results
        self.writer.writerows(
            [_csv_value(v) for v in (*self.cells(row), *results(row))] for row in rows
        )

    def _close(self, summary: Summary) -> None:
        self.text.flush()
        self.text.detach()


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is int:
        return str(value)
    return safe_text(value)


class XlsxWriter(LedgerWriter):
    """The office workbook of :mod:`rectilaw.ledger.workbook` (XlsxWriter, constant memory)."""

    def _open(self) -> None:
        from rectilaw.ledger.workbook import LedgerWorkbook

        assert self.stream is not None
        self.book = LedgerWorkbook(self.stream, self.headers, self.kinds,
                                   result_headers(self.headers, self.lang), self.policy,
                                   self.lang)

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        results, add = self.results, self.book.add_row
        for row in rows:
            add(self.typed_cells(row), results(row))

    def _close(self, summary: Summary) -> None:
        self.book.close(summary)

    def abort(self) -> None:
        book = getattr(self, "book", None)
        if book is not None:
            book.discard()
        super().abort()


class ParquetWriter(LedgerWriter):
    """Parquet with the input's own column types where the input was Parquet, texts otherwise;
    the result columns under their English names."""

    def __init__(self, path: str | os.PathLike[str], headers: Sequence[str], policy: Policy,
                 arrow_schema: Any = None, **options: Any) -> None:
        try:
            import pyarrow as pa
        except ImportError:
            raise LedgerError("writing Parquet needs pyarrow: pip install "
                              "'rectilaw[parquet]'") from None
        self.pa = pa
        self.input_schema = arrow_schema
        if arrow_schema is None:
            fields = [pa.field(h, pa.string()) for h in headers]
        else:
            fields = list(arrow_schema)
        names = result_headers(headers, "en")
        types = [pa.int64(), pa.string(), pa.date32(), pa.int32(), pa.string(), pa.string(),
                 pa.string(), pa.string(), pa.string(), pa.string(), pa.string(), pa.string()]
        self.result_fields = [pa.field(n, t) for n, t in zip(names, types, strict=True)]
        self.schema = pa.schema(fields + self.result_fields)
        self.writer: Any = None
        options["lang"] = "en"
        super().__init__(path, headers, policy, **options)

    def _open(self) -> None:
        import pyarrow.parquet as pq

        self.writer = pq.ParquetWriter(self.stream, self.schema, compression="zstd")

    def _write(self, rows: Sequence[LedgerRow], arrow: Any) -> None:
        pa = self.pa
        if arrow is not None and self.input_schema is not None and len(arrow) == len(rows):
            inputs = list(arrow.columns)
        else:
            grid = [self.cells(row) for row in rows]
            inputs = [pa.array([plain_text(r[i]) if r[i] is not None else None for r in grid],
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


def write_file(path: str | os.PathLike[str], data: bytes) -> None:
    """``data`` into the file ``path`` as the ledger writers write (atomically, a symbolic
    link written through, a device or pipe straight into); a failure is a LedgerError."""
    target, atomic = _destination(Path(path))
    temp: list[Path | None] = [None]
    _GUARD.enter()
    try:
        if not atomic:
            with open(target, "wb") as stream:
                stream.write(data)
            return
        _create(target, lambda name: temp.__setitem__(0, name))
        made = temp[0]
        assert made is not None
        with open(made, "wb") as stream:
            stream.write(data)
        _sync(made)
        os.replace(made, target)
        temp[0] = None
        _sync_directory(target.parent)
    except OSError as problem:
        raise LedgerError(f"{path}: cannot write: {problem}") from None
    finally:
        if temp[0] is not None:
            temp[0].unlink(missing_ok=True)
        _GUARD.leave()


def open_writer(path: str | os.PathLike[str], headers: Sequence[str], policy: Policy,
                arrow_schema: Any = None, *, fields: Sequence[str | None] | None = None,
                lang: str = "zh", fmt: str | None = None) -> LedgerWriter:
    """A writer for ``path``: its format ``fmt`` or from the name (.csv, .xlsx, .parquet).

    ``fields`` names the field each input column holds (as the evaluator read them), so that
    dates and amounts are written typed; by default it is worked out from the headers.
    ``lang`` is the language of headers and texts (``zh`` or ``en``).
    """
    kind = output_format(path, fmt)
    if kind == "csv":
        return CsvWriter(path, headers, policy, fields=fields, lang=lang)
    if kind == "xlsx":
        return XlsxWriter(path, headers, policy, fields=fields, lang=lang)
    return ParquetWriter(path, headers, policy, arrow_schema, fields=fields)
