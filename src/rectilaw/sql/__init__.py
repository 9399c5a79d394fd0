"""Policies compiled to SQL: one query that evaluates a whole findings table.

>>> import rectilaw, rectilaw.sql
>>> policy = rectilaw.load_policy("sasac")
>>> text = rectilaw.sql.compile_sql(policy, dialect="spark")
>>> text.startswith("WITH")
True

:func:`compile_sql` writes the query for DuckDB, Spark SQL, PostgreSQL or
MySQL; it reads a findings table (one column per fact, in the shared schema's
types) and the calendar table that :func:`calendar_rows` builds.
:func:`evaluate_table` evaluates a ledger on the embedded DuckDB, with the
answers and rows of :func:`rectilaw.ledger.evaluate_ledger`.  Needs the
``sql`` extra (``pip install 'rectilaw[sql]'``).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from rectilaw._extras import missing_extra

try:
    from rectilaw.sql._dialects import DIALECTS
    from rectilaw.sql.compiler import CompiledQuery, compile_query
    from rectilaw.sql.workdays import COLUMNS as CALENDAR_COLUMNS
    from rectilaw.sql.workdays import CalendarTable, calendar_table
except ModuleNotFoundError as missing:  # sqlglot: say which extra brings it
    raise missing_extra("sql", missing, "rectilaw.sql") from None

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.ledger.pipeline import LedgerResult

__all__ = [
    "CALENDAR_COLUMNS",
    "DIALECTS",
    "CalendarTable",
    "CompiledQuery",
    "calendar_rows",
    "compile_query",
    "compile_sql",
    "evaluate_table",
]


def _policy(policy: Policy | str) -> Policy:
    if isinstance(policy, str):
        from rectilaw.loader import load_policy

        return load_policy(policy)
    return policy


def compile_sql(policy: Policy | str, dialect: str = "duckdb", *,
                table: str | Sequence[str] = "findings",
                calendar: str | Sequence[str] = "rectilaw_calendar",
                today: date | None = None, columns: Collection[str] | None = None,
                keep: Sequence[str] = ("id",), pretty: bool = False) -> str:
    """The policy as one SQL query in ``dialect`` (``duckdb``, ``spark``, ``postgres``, ``mysql``).

    The query reads ``table`` (findings) and ``calendar`` (see
    :func:`calendar_rows`); names may be dotted (``warehouse.audit.findings``).
    It gives, for each finding, the ``keep`` columns, ``status``,
    ``status_label``, ``due``, ``overdue_days``, ``stage``, ``stage_label``,
    ``actions`` (a list of ``{code, due, rule}``) and ``provisional`` (the years
    without a published holiday schedule that the answer relied on).
    ``today`` fixed at compile time becomes a literal; left out, the query
    takes it as the named parameter ``today`` (``$today`` in DuckDB,
    ``:today`` in Spark SQL, ``%(today)s`` for PostgreSQL and MySQL drivers).
    ``columns`` lists the columns the table has, when some facts are missing
    from it: those read as not given.  Raises :class:`~rectilaw.PolicyError`
    (code ``sql-unsupported``) naming any construct the compiler cannot
    translate.
    """
    compiled = compile_query(_policy(policy).model, table=table, calendar=calendar, today=today,
                             columns=columns, keep=keep)
    return compiled.sql(dialect, pretty=pretty)


def calendar_rows(policy: Policy | str, first_year: int, last_year: int) -> CalendarTable:
    """The calendar table of the policy's calendar for ``first_year`` … ``last_year``.

    Load it under the name the query reads (``rectilaw_calendar`` by default)
    with the column types of :data:`CALENDAR_COLUMNS`.  Cover every day the
    findings' dates can reach: from a year before the earliest to a few years
    after the latest (the policy's longest period).
    """
    return calendar_table(_policy(policy).calendar, first_year, last_year)


def evaluate_table(policy: Policy | str,
                   source: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
                   today: date | str, *, engine: str = "duckdb", mapping: Any = None,
                   rectified: Iterable[str] | None = None) -> LedgerResult:
    """Evaluate every row of a ledger (mappings, or a .csv/.xlsx/.parquet file) on ``engine``.

    Rows, answers, problems and statistics are those of
    :func:`rectilaw.ledger.evaluate_ledger`; with ``engine="duckdb"`` (the
    default here) each batch of rows is answered by one query.
    """
    return _policy(policy).evaluate_many(source, today, mapping=mapping, rectified=rectified,
                                         engine=engine)
