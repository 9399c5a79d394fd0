"""Whole-ledger runs: read, evaluate every row, count, and write, in one pass.

Two entry points:

- :func:`evaluate_ledger` keeps every row (a :class:`LedgerResult`), for
  embedding systems that hand over a list of mappings or a small file;
- :func:`run_ledger` streams a file of any length into an output file and
  returns only the :class:`~rectilaw.ledger.stats.Summary`; memory stays flat.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw._dates import iso_date
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.evaluate import LedgerEvaluator, LedgerRow
from rectilaw.ledger.readers import BATCH, LedgerSource, open_ledger, read_records
from rectilaw.ledger.stats import LedgerStatistics, Summary
from rectilaw.ledger.writers import LedgerWriter, open_writer

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy

__all__ = ["LedgerResult", "evaluate_ledger", "run_ledger"]

Progress = Callable[[int, int | None], None]
MappingLike = ColumnMapping | str | os.PathLike[str] | Mapping[str, Any] | None


def _mapping(mapping: MappingLike) -> ColumnMapping | None:
    if mapping is None or isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, Mapping):
        return ColumnMapping.default().extended(mapping)
    return ColumnMapping.from_yaml(mapping)


def _day(today: date | str) -> date:
    if isinstance(today, str):
        try:
            return iso_date(today)
        except ValueError:
            raise TypeError(f"`today` must be a date (or an ISO date string), got {today!r}") \
                from None
    if not isinstance(today, date) or hasattr(today, "hour"):
        raise TypeError(f"`today` must be a date (or an ISO date string), got {today!r}")
    return today


def _evaluator(policy: Policy, day: date, mapping: ColumnMapping | None,
               engine: str) -> LedgerEvaluator:
    """The row evaluator of ``engine``: ``python`` (row by row) or ``duckdb`` (batch SQL)."""
    if engine == "python":
        return LedgerEvaluator(policy, day, mapping)
    if engine == "duckdb":
        from rectilaw.sql.answerer import DuckDBAnswerer

        return LedgerEvaluator(policy, day, mapping, answerer=DuckDBAnswerer(policy))
    raise ValueError(f"no evaluation engine `{engine}`: expected `python` or `duckdb`")


def _source(rows: Any, evaluator: LedgerEvaluator, batch_size: int,
            count_rows: bool = False) -> LedgerSource:
    if isinstance(rows, LedgerSource):
        return rows
    if isinstance(rows, (str, os.PathLike)):
        return open_ledger(rows, evaluator.mapping, batch_size, count_rows)
    if isinstance(rows, Mapping):
        raise TypeError("evaluate a ledger from an iterable of mappings (rows), not one mapping: "
                        "use Policy.evaluate for one finding")
    return read_records(rows, batch_size)


@attrs.frozen
class LedgerResult:
    """Every row of a ledger with its answer, and the summary."""

    rows: tuple[LedgerRow, ...]
    summary: Summary
    headers: tuple[str, ...]
    policy: Policy = attrs.field(repr=False)
    arrow_schema: Any = attrs.field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[LedgerRow]:
        return iter(self.rows)

    @property
    def errors(self) -> tuple[LedgerRow, ...]:
        """The rows that could not be evaluated."""
        return tuple(row for row in self.rows if row.assessment is None)

    def write(self, path: str | os.PathLike[str], *, lang: str = "zh",
              fmt: str | None = None) -> None:
        """Write the evaluated ledger (.csv, .xlsx or .parquet, or ``fmt``), atomically, its
        headers and texts in ``lang`` (see :mod:`rectilaw.ledger.writers`)."""
        with open_writer(path, self.headers, self.policy, self.arrow_schema, lang=lang,
                         fmt=fmt) as writer:
            for start in range(0, len(self.rows), BATCH):
                writer.write(self.rows[start:start + BATCH])
            writer.finish(self.summary)


def evaluate_ledger(rows: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
                    policy: Policy, today: date | str, *, mapping: MappingLike = None,
                    rectified: Iterable[str] | None = None,
                    engine: str = "python") -> LedgerResult:
    """Evaluate every row of a ledger: an iterable of mappings, or a .csv/.xlsx/.parquet file.

    ``mapping`` says which column is which field (a ColumnMapping, a YAML
    mapping file, or its content as a dict); the default knows the schema's
    names and 中文 names.  ``rectified`` overrides which statuses count as
    rectified.  Bad rows are kept, with their problems; only a ledger that
    cannot be read at all raises :class:`~rectilaw.ledger.LedgerError`.
    ``engine="duckdb"`` evaluates each batch of rows in one SQL query
    (:mod:`rectilaw.sql`), with the same rows and answers.
    """
    day = _day(today)
    evaluator = _evaluator(policy, day, _mapping(mapping), engine)
    statistics = LedgerStatistics(policy, day, rectified)
    kept: list[LedgerRow] = []
    with _source(rows, evaluator, BATCH) as source:
        headers: dict[str, None] = dict.fromkeys(source.headers)
        for _batch, evaluated in evaluator.batches(source):
            for row in evaluated:
                statistics.add(row)
                if row.headers is not source.headers:
                    headers.update(dict.fromkeys(row.headers))
            kept.extend(evaluated)
    summary = statistics.summary(source.blank_rows, [*evaluator.warnings, *source.warnings])
    summary = attrs.evolve(summary, reading=evaluator.report(source))
    return LedgerResult(tuple(kept), summary, tuple(headers), policy, source.arrow_schema)


def run_ledger(path: str | os.PathLike[str], policy: Policy, today: date | str, *,
               out: str | os.PathLike[str] | None = None, mapping: MappingLike = None,
               rectified: Iterable[str] | None = None, progress: Progress | None = None,
               batch_size: int = BATCH, engine: str = "python", lang: str = "zh",
               out_format: str | None = None) -> Summary:
    """Stream the ledger file at ``path`` through the policy, into ``out`` if given.

    ``progress(rows_done, rows_expected_or_None)`` is called after each batch.
    The output appears only when complete (see :mod:`rectilaw.ledger.writers`), its
    headers and texts in ``lang``, its format ``out_format`` or from its name.
    """
    day = _day(today)
    evaluator = _evaluator(policy, day, _mapping(mapping), engine)
    statistics = LedgerStatistics(policy, day, rectified)
    if out is not None and Path(out).resolve() == Path(path).resolve():
        raise LedgerError(f"{out}: the output would overwrite the ledger being read")
    with _source(path, evaluator, batch_size, count_rows=progress is not None) as source:
        writer = None
        if out:
            fields = evaluator.layout(source.headers).fields if source.headers else None
            writer = open_writer(out, source.headers, policy, source.arrow_schema,
                                 fields=fields, lang=lang, fmt=out_format)
        return _stream(source, evaluator, statistics, writer, progress)


def _stream(source: LedgerSource, evaluator: LedgerEvaluator, statistics: LedgerStatistics,
            writer: LedgerWriter | None, progress: Progress | None) -> Summary:
    done = 0
    try:
        add = statistics.add
        for batch, evaluated in evaluator.batches(source):
            for row in evaluated:
                add(row)
            if writer is not None:
                writer.write(evaluated, batch.arrow)
            done += len(evaluated)
            if progress is not None:
                progress(done, source.total)
        summary = statistics.summary(source.blank_rows, [*evaluator.warnings, *source.warnings])
        summary = attrs.evolve(summary, reading=evaluator.report(source))
        if writer is not None:
            writer.finish(summary)
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    return summary
