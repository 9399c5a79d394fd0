"""Evaluating many findings at once on DuckDB, with the answers the Python engine gives.

:class:`DuckDBEngine` holds one in-process DuckDB database per policy: the
compiled query (its compact form, see :class:`~rectilaw.sql.compiler.CompiledQuery`)
and a calendar table that grows to cover the days the findings need.  A batch
of typed findings goes in as an Arrow table; the answers come back as
:class:`~rectilaw.Assessment` objects whose trace, when someone reads it, is
the Python engine's own.

Rows the query cannot answer exactly are handed to :meth:`Policy.evaluate`, so
that the two engines never disagree: findings not in the evaluator's fast form
(which the Python engine normalizes or rejects with a FindingError), findings
no status rule applies to (a PolicyError), and findings whose dates fall
outside the years the calendar can build (a calendar error, or an answer from
years the table does not hold).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from rectilaw._extras import require_extra
from rectilaw.dsl.model import Node, PolicyModel
from rectilaw.engine.assessment import Action, Assessment, TraceStep, overdue_days
from rectilaw.findings import Event
from rectilaw.periods import Duration, Unit
from rectilaw.sql import workdays as cal
from rectilaw.sql.compiler import CompiledQuery, compile_query, used_facts

if TYPE_CHECKING:
    import duckdb
    import pyarrow

    from rectilaw.engine.policy import Policy

__all__ = ["DuckDBEngine"]

_BATCH_TABLE = "rectilaw_findings"
_CALENDAR_TABLE = "rectilaw_calendar"
_ROW = "rectilaw_row"

#: The Python class each fact type has in the evaluator's fast form.
_FAST = {"bool": bool, "date": date, "money": Decimal, "integer": int, "text": str, "enum": str,
         "events": tuple}
_DEFAULTS: dict[str, Any] = {"bool": False, "money": Decimal(0), "integer": 0, "events": ()}
_INT64 = 2 ** 63


def _arrow_type(kind: str) -> pyarrow.DataType:
    import pyarrow as pa

    if kind == "events":
        return pa.list_(pa.struct([("kind", pa.string()), ("on", pa.date32())]))
    return {"bool": pa.bool_(), "date": pa.date32(), "money": pa.decimal128(38, 2),
            "integer": pa.int64(), "text": pa.string(), "enum": pa.string()}[kind]


def _days(duration: Duration) -> int:
    """At least as many days as ``duration`` can span, roll-over included."""
    per = {Unit.DAYS: 1, Unit.WORKDAYS: 2, Unit.MONTHS: 31, Unit.YEARS: 366}[duration.unit]
    return duration.amount * per + 31


def _constants(model: PolicyModel) -> tuple[int, list[date]]:
    """The policy's reach in days (every duration summed) and the dates it writes."""
    reach = 0
    dates: list[date] = []
    for param in model.params:
        for item in param.values:
            if isinstance(item.value, Duration):
                reach += _days(item.value)
            elif isinstance(item.value, date):
                dates.append(item.value)
    nodes: list[Node] = [d.expr for d in model.definitions]
    for action in model.emitted_actions:
        if action.due is not None:
            nodes.append(action.due)
        for rule in action.rules:
            nodes.extend(n for n in (rule.condition, *(e for e, _ in rule.exceptions)) if n)
    for decision in (model.status, model.stage):
        if decision is not None:
            for _, rule in decision.rules:
                nodes.extend(n for n in (rule.condition, *(e for e, _ in rule.exceptions)) if n)
    for ladder in model.ladders:
        nodes.extend(n for n in (ladder.until,) if n)
        for step in ladder.steps:
            nodes.extend(n for n in (step.wait, step.anchor, step.until) if n)
    for block in model.afters:
        nodes.extend(n for n in (block.until,) if n)
        nodes.extend(f.within for f in block.follow_ups)
    for root in nodes:
        for node in root.walk():
            if node.op == "const" and isinstance(node.value, Duration):
                reach += _days(node.value)
            elif node.op == "const" and isinstance(node.value, date):
                dates.append(node.value)
    return reach, dates


class _Decoder:
    """Turns compact result rows into Assessments.

    Many findings share their set of fired rules, so the actions of each set
    are built once; only those with a due date are completed per row.
    """

    def __init__(self, policy: Policy, query: CompiledQuery) -> None:
        model = policy.model
        self.policy = policy
        self.status = [(o.code, o.label) for o in model.status.outcomes for _ in o.rules]
        self.stage = ([(o.code, o.label) for o in model.stage.outcomes for _ in o.rules]
                      if model.stage is not None else [])
        self.table = [
            [Action.of(a.action, rule) for rule in a.action.rules]
            for a in query.actions
        ]
        self.fired = len(query.actions)
        due_columns = [i for i, a in enumerate(query.actions) if a.due is not None]
        self.due_of = {action: column for column, action in enumerate(due_columns)}
        self.dues = len(due_columns)
        self.years = len(query.years)
        self.sets: dict[tuple[int, ...], tuple[tuple[Action, ...], tuple[tuple[int, int], ...]]]
        self.sets = {}
        self.dated: dict[tuple[int, date], Action] = {}

    def _set(self, fired: tuple[int, ...]) -> tuple[tuple[Action, ...],
                                                     tuple[tuple[int, int], ...]]:
        """The actions of a set of fired rules, and where their due dates go."""
        actions: list[Action] = []
        slots: list[tuple[int, int]] = []
        for index, rule in enumerate(fired):
            if rule >= 0:
                column = self.due_of.get(index)
                if column is not None:
                    slots.append((len(actions), column))
                actions.append(self.table[index][rule])
        found = self.sets[fired] = (tuple(actions), tuple(slots))
        return found

    def _dated(self, action: Action, due: date) -> Action:
        key = (id(action), due)
        found = self.dated.get(key)
        if found is None:
            found = self.dated[key] = action.due_on(due)
        return found

    def decode(self, values: Sequence[Any], finding: Mapping[str, Any],
               today: date) -> Assessment | None:
        """The assessment, or None when the Python engine must answer (see the module doc)."""
        status_rule, stage_rule, due, gap = values[0], values[1], values[2], values[3]
        if gap or status_rule < 0:
            return None
        code, label = self.status[status_rule]
        overdue = overdue_days(due, code, today)
        end = 4 + self.fired
        fired = tuple(values[4:end])
        actions, slots = self.sets.get(fired) or self._set(fired)
        if slots:
            dated = list(actions)
            for place, column in slots:
                action_due = values[end + column]
                if action_due is not None:
                    dated[place] = self._dated(dated[place], action_due)
            actions = tuple(dated)
        start = end + self.dues
        years = values[start:start + self.years]
        provisional = tuple(sorted({y for y in years if y is not None})) if any(years) else ()
        stage = stage_label = None
        if stage_rule >= 0:
            stage, stage_label = self.stage[stage_rule]
        finding_id = finding.get("id")
        recorded = finding.get("determination")
        return Assessment(
            self.policy.id, today, code, label, due, overdue, actions, stage, stage_label,
            provisional, None if finding_id is None else str(finding_id),
            functools.partial(_trace, self.policy, finding, today),
            recorded_status=recorded,
            disagreements=() if recorded is None else
            self.policy.disagreements(recorded, finding, today),
        )


def _trace(policy: Policy, finding: Mapping[str, Any], today: date) -> tuple[TraceStep, ...]:
    return policy.evaluate(finding, today).trace


class DuckDBEngine:
    """Evaluates batches of findings under one policy on DuckDB (one connection, one thread).

    ``threads`` caps DuckDB's worker threads (default: DuckDB's own choice).
    """

    def __init__(self, policy: Policy, *, threads: int | None = None) -> None:
        require_extra("sql", "duckdb", "pyarrow", needed_by="the duckdb engine")
        import duckdb

        self.policy = policy
        self.model = policy.model
        self.query = compile_query(self.model, table=_BATCH_TABLE, calendar=_CALENDAR_TABLE,
                                   keep=(_ROW,))
        self.sql = self.query.sql("duckdb", compact=True)
        self.facts = [(f.name, f.type.kind) for f in self.model.facts
                      if f.name in set(used_facts(self.model))]
        self.connection: duckdb.DuckDBPyConnection = duckdb.connect()
        if threads is not None:
            self.connection.execute(f"SET threads = {int(threads)}")
        self.decoder = _Decoder(policy, self.query)
        self.reach, self.constants = _constants(self.model)
        self.covered: tuple[int, int] | None = None
        self.calendar_rows = 0

    # ------------------------------------------------------------ the calendar table
    def cover(self, earliest: date, latest: date) -> None:
        """Make the calendar table hold every day a finding dated in this range can need."""
        margin = timedelta(days=self.reach + 31)
        low = max(date.min + margin, earliest) - margin
        high = min(date.max - margin, latest) + margin
        first, last = low.year, high.year
        if self.covered is not None:
            if self.covered[0] <= first and last <= self.covered[1]:
                return
            first, last = min(first, self.covered[0]), max(last, self.covered[1])
        table = self._buildable(first, last)
        if table is None:
            return
        self.load_calendar(table)

    def _buildable(self, first: int, last: int) -> cal.CalendarTable | None:
        """The calendar table of the years asked, or of as many of them as the calendar knows."""
        calendar = self.policy.calendar
        try:
            return cal.calendar_table(calendar, first, last)
        except ValueError:
            pass
        known = []
        for year in range(first, last + 1):
            try:
                calendar.next_working_day(date(year, 6, 1))
            except ValueError:
                continue
            known.append(year)
        if not known:
            return None
        try:
            return cal.calendar_table(calendar, known[0], known[-1])
        except ValueError:
            return None

    def load_calendar(self, table: cal.CalendarTable) -> None:
        """Use ``table`` as the calendar (replacing the one loaded before)."""
        import pyarrow as pa

        arrays = {name: pa.array(list(column), type=_calendar_type(kind))
                  for (name, kind), column in zip(cal.COLUMNS, table.columns, strict=True)}
        self.connection.register("rectilaw_calendar_arrow", pa.table(arrays))
        self.connection.execute(
            f"CREATE OR REPLACE TABLE {_CALENDAR_TABLE} AS SELECT * FROM rectilaw_calendar_arrow")
        self.connection.unregister("rectilaw_calendar_arrow")
        self.covered = (table.first_year, table.last_year)
        self.calendar_rows = len(table)

    # ------------------------------------------------------------ batches
    @functools.cached_property
    def _checks(self) -> dict[str, tuple[type, str, frozenset[str]]]:
        """Per fact: its fast-form class, its kind, its enum values."""
        return {f.name: (_FAST[f.type.kind], f.type.kind, frozenset(f.type.values))
                for f in self.model.facts}

    def fast(self, finding: Mapping[str, Any]) -> bool:
        """Whether ``finding`` is in the evaluator's fast form (typed values, known fields)."""
        checks = self._checks
        for name, value in finding.items():
            check = checks.get(name)
            if check is None:
                return False
            if value is None:
                continue
            kind = check[1]
            if value.__class__ is not check[0]:
                return False
            if kind == "integer" and not -_INT64 <= value < _INT64:  # type: ignore[operator]
                return False
            if kind == "enum" and value not in check[2]:
                return False
            if kind == "events" and not _events_ok(value):  # type: ignore[arg-type]
                return False
        return True

    def assess(self, findings: Sequence[Mapping[str, Any]],
               today: date) -> list[Assessment | None]:
        """Each finding's assessment, or None where :meth:`Policy.evaluate` must answer.

        None marks a finding outside the fast form, one that no status rule
        applies to, and one whose days lie beyond the calendar table: the
        Python engine gives those their answer or their exact error.
        """
        answers: list[Assessment | None] = [None] * len(findings)
        quick = [i for i, f in enumerate(findings) if self.fast(f)]
        rows: list[tuple[Any, ...]] = []
        if quick:
            try:
                rows = self._run([findings[i] for i in quick], today)
            except Exception:  # a value beyond Arrow's or DuckDB's range: the Python engine answers
                rows = []
        decode = self.decoder.decode
        for index, values in zip(quick, rows, strict=False):
            answers[index] = decode(values, findings[index], today)
        return answers

    def _columns(self, findings: Sequence[Mapping[str, Any]]) -> dict[str, list[Any]]:
        """The findings column by column, defaults where a fact is not given."""
        count = len(findings)
        columns = {name: [_DEFAULTS.get(kind)] * count for name, kind in self.facts}
        for index, finding in enumerate(findings):
            for name, value in finding.items():
                column = columns.get(name)
                if column is not None and value is not None:
                    column[index] = value
        return columns

    def arrow(self, findings: Sequence[Mapping[str, Any]], today: date) -> pyarrow.Table:
        """The findings (in fast form) as the table the query reads, numbered in
        ``rectilaw_row``; the calendar table is extended to cover them."""
        import pyarrow as pa
        import pyarrow.compute as pc

        arrays: dict[str, pyarrow.Array] = {
            _ROW: pa.array(range(len(findings)), type=pa.int64())}
        dates: list[date] = [today, *self.constants]
        columns = self._columns(findings)
        for name, kind in self.facts:
            values = columns[name]
            if kind == "events":
                values = [[{"kind": e.kind, "on": e.on} for e in v] for v in values]
                array = pa.array(values, type=_arrow_type(kind))
                days = pc.list_flatten(array).field("on")
            else:
                array = pa.array(values, type=_arrow_type(kind))
                days = array if kind == "date" else None
            if days is not None and len(days) and days.null_count < len(days):
                bounds = pc.min_max(days).as_py()
                dates.extend(d for d in (bounds["min"], bounds["max"]) if d is not None)
            arrays[name] = array
        self.cover(min(dates), max(dates))
        return pa.table(arrays)

    def _execute(self, sql: str, findings: Sequence[Mapping[str, Any]],
                 today: date) -> list[tuple[Any, ...]]:
        connection = self.connection
        connection.register(_BATCH_TABLE, self.arrow(findings, today))
        try:
            # A policy that never reads the day has a query without the parameter.
            parameters = {"today": today} if "$today" in sql else {}
            return connection.execute(sql, parameters).fetchall()
        finally:
            connection.unregister(_BATCH_TABLE)

    def _run(self, findings: Sequence[Mapping[str, Any]], today: date) -> list[tuple[Any, ...]]:
        ordered: list[tuple[Any, ...]] = [()] * len(findings)
        for row in self._execute(self.sql, findings, today):
            ordered[row[0]] = row[1:]
        return ordered

    @functools.cached_property
    def readable_sql(self) -> str:
        return self.query.sql("duckdb")

    def readable(self, findings: Sequence[Mapping[str, Any]],
                 today: date) -> list[dict[str, Any]]:
        """The rows the readable query gives for findings in fast form, in their order."""
        names = ["row", "status", "status_label", "due", "overdue_days", "stage", "stage_label",
                 "actions", "provisional"]
        rows = sorted(self._execute(self.readable_sql, findings, today), key=lambda r: r[0])
        return [dict(zip(names, row, strict=True)) for row in rows]

    def close(self) -> None:
        self.connection.close()


def _calendar_type(kind: str) -> pyarrow.DataType:
    import pyarrow as pa

    return {"DATE": pa.date32(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32()}[kind]


def _events_ok(events: tuple[Any, ...]) -> bool:
    """Event values in day order: the form the Python engine evaluates without normalizing."""
    previous = None
    for event in events:
        if event.__class__ is not Event or (previous is not None and event < previous):
            return False
        previous = event
    return True
