"""Whole ledgers evaluated on DuckDB: the ledger module's reading, the SQL engine's answers.

:class:`SqlLedgerEvaluator` reads rows exactly as
:class:`~rectilaw.ledger.evaluate.LedgerEvaluator` does (same layouts, same
cell coercion, same row numbers) and evaluates each batch's well-formed rows
in one DuckDB query.  Every other row (problems, a totals row, a finding the
SQL engine hands back) goes through the Python evaluator's own ``row``, so a
ledger gives the same rows, problems and statistics on either engine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.evaluate import LedgerEvaluator, LedgerRow
from rectilaw.ledger.readers import Batch, LedgerSource
from rectilaw.sql.runner import DuckDBEngine

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy

__all__ = ["SqlLedgerEvaluator"]

#: What a row waiting for the batch query keeps: its place, number, headers, cells, facts.
_Pending = tuple[int, int, tuple[str, ...], Any, dict[str, Any]]


class SqlLedgerEvaluator(LedgerEvaluator):
    """A :class:`LedgerEvaluator` that answers a batch of rows with one DuckDB query."""

    def __init__(self, policy: Policy, today: date, mapping: ColumnMapping | None = None,
                 *, engine: DuckDBEngine | None = None) -> None:
        super().__init__(policy, today, mapping)
        self.engine = engine if engine is not None else DuckDBEngine(policy)

    def batches(self, source: LedgerSource) -> Iterator[tuple[Batch, list[LedgerRow]]]:
        if source.headers:
            self._reader(source.headers)
        for batch in source:
            yield batch, self.rows(batch.rows)

    def rows(self, rows: Sequence[tuple[int, tuple[str, ...] | None, Any]]) -> list[LedgerRow]:
        """The rows of one batch, in order."""
        done: list[LedgerRow | None] = []
        pending: list[_Pending] = []
        findings: list[dict[str, Any]] = []
        for number, headers, cells in rows:
            if headers is not None:
                reader, only_used = self._reader(headers)
                facts, problems = reader.read(cells)
                if not problems and not self._totals_row(cells):
                    pending.append((len(done), number, headers, cells, facts))
                    findings.append(facts if only_used else
                                    {k: v for k, v in facts.items() if k in self.used})
                    done.append(None)
                    continue
            done.append(self.row(number, headers, cells))
        answers = self.engine.assess(findings, self.today) if findings else []
        for (place, number, headers, cells, facts), answer in zip(pending, answers, strict=True):
            if answer is None:
                done[place] = self.row(number, headers, cells)
            else:
                done[place] = LedgerRow(number, headers, cells, facts, answer)
        return [row for row in done if row is not None]
