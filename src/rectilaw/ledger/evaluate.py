"""Evaluating every row of a ledger under one policy on one day.

Each row becomes a :class:`LedgerRow`: the cells as read, the typed facts, and
either the :class:`~rectilaw.Assessment` or the problems that kept the row from
being evaluated (each naming its field).  A bad row never stops the batch:
the output has exactly one row per input row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw.engine.assessment import Action, Assessment
from rectilaw.errors import EvaluationError, FieldProblem, FindingError, PolicyError
from rectilaw.findings import FactSpec, schema_specs
from rectilaw.ledger.cells import BrokenRecord, Layout, RowReader, resolve_layout
from rectilaw.ledger.columns import RESULT_COLUMNS, ColumnMapping, header_key
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.readers import Batch, LedgerSource
from rectilaw.ledger.reading import Disagreeing, ReadingReport, SkippedRow, columns_of, ranges
from rectilaw.ledger.rows import classify, totals_row
from rectilaw.schema import ACTIONS

if TYPE_CHECKING:
    from rectilaw.engine.answerer import Answerer
    from rectilaw.engine.policy import Policy

__all__ = [
    "LedgerEvaluator",
    "LedgerRow",
    "action_code",
    "action_label",
    "action_text",
    "actions_codes",
]

#: Findings with a disagreement kept by row for the summary (all are counted).
_DISAGREEING_KEPT = 1000
#: The rectilaw output column names, keyed, to tell an input header that has one.
_OUTPUT_NAMES = frozenset(header_key(text) for pair in RESULT_COLUMNS for text in pair)


@attrs.frozen(eq=False, slots=True)
class LedgerRow:
    """One row of a ledger and what came of it.

    ``row`` is where a person finds it (see :mod:`rectilaw.ledger.readers`);
    ``cells`` are the values as read, under ``headers``; ``facts`` the fields
    read from them, typed.  Exactly one of ``assessment`` and ``problems`` is
    set.
    """

    row: int
    headers: tuple[str, ...]
    cells: Sequence[Any]
    facts: Mapping[str, Any]
    assessment: Assessment | None
    problems: tuple[FieldProblem, ...] = ()
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.assessment is not None

    @property
    def finding_id(self) -> str | None:
        value = self.facts.get("id")
        return None if value is None else str(value)

    @property
    def status(self) -> str | None:
        return self.assessment.status if self.assessment else None

    @property
    def due(self) -> date | None:
        return self.assessment.due if self.assessment else None

    @property
    def overdue_days(self) -> int | None:
        return self.assessment.overdue_days if self.assessment else None

    @property
    def actions(self) -> tuple[Action, ...]:
        return self.assessment.actions if self.assessment else ()

    @property
    def record(self) -> dict[str, Any]:
        """The row as read: header → cell."""
        return dict(zip(self.headers, self.cells, strict=False))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the row number, the answer (without trace) or the problems."""
        a = self.assessment
        return {
            "row": self.row,
            "id": self.finding_id,
            "status": a.status if a else None,
            "status_label": a.status_label if a else None,
            "due": a.due.isoformat() if a and a.due else None,
            "overdue_days": a.overdue_days if a else None,
            "stage": a.stage if a else None,
            "actions": [x.to_dict() for x in a.actions] if a else [],
            "provisional": list(a.provisional) if a else [],
            "error": self.error,
            "problems": [{"field": p.field, "message": p.message, "hint": p.hint}
                         for p in self.problems],
        }


_new = object.__new__
(_set_row, _set_headers, _set_cells, _set_facts, _set_assessment, _set_problems,
 _set_error) = (getattr(LedgerRow, field.name).__set__ for field in attrs.fields(LedgerRow))


def _evaluated(row: int, headers: tuple[str, ...], cells: Sequence[Any],
               facts: Mapping[str, Any], assessment: Assessment) -> LedgerRow:
    """``LedgerRow(row, headers, cells, facts, assessment)``, filled through the slots'
    descriptors rather than attrs' frozen ``__init__`` (one call each instead of a lookup and
    a call): made once per row of every ledger."""
    made = _new(LedgerRow)
    _set_row(made, row)
    _set_headers(made, headers)
    _set_cells(made, cells)
    _set_facts(made, facts)
    _set_assessment(made, assessment)
    _set_problems(made, ())
    _set_error(made, None)
    return made


def action_code(action: Action) -> str:
    """One action in the ledger's text form: ``code@due``, or ``code`` when it has no date."""
    return f"{action.code}@{action.due.isoformat()}" if action.due else action.code


def action_label(action: Action, parties: Mapping[str, str]) -> str:
    """One action for people: ``约谈（市国资委 → 企业主要负责人，2024-08-01前）``."""
    who = parties.get(action.by, action.by) if action.by else ""
    if action.target:
        who += f" → {parties.get(action.target, action.target)}"
    due = f"{action.due.isoformat()}前" if action.due else ""
    detail = "，".join(x for x in (who, due) if x)
    return f"{action.label}（{detail}）" if detail else action.label


def actions_codes(actions: Sequence[Action]) -> str:
    """Actions in the ledger's text form (as the ``events`` column is written): ``code@due``
    or ``code``, joined by ``; ``."""
    return "; ".join(map(action_code, actions))


def action_text(actions: Sequence[Action], parties: Mapping[str, str]) -> str:
    """Actions for people, joined by ``；``."""
    return "；".join(action_label(a, parties) for a in actions)


def _specs(policy: Policy) -> dict[str, FactSpec]:
    specs = schema_specs()
    for fact in policy.model.facts:
        specs[fact.name] = FactSpec(fact.name, fact.type.kind, fact.type.values)
    return specs


def _event_words(policy: Policy) -> dict[str, str]:
    words: dict[str, str] = {}
    for code, label in [*ACTIONS.items(), *((a.code, a.label) for a in policy.model.actions)]:
        words.setdefault(header_key(code), code)
        words.setdefault(header_key(label), code)
    return words


def _render(problems: Sequence[FieldProblem]) -> str:
    return "; ".join(p.render() for p in problems)


def _failure(error: Exception) -> tuple[FieldProblem, ...]:
    """Why a finding has no answer, as the row's problems: a batch never stops."""
    if isinstance(error, FindingError):
        return error.problems
    if isinstance(error, PolicyError):
        return (FieldProblem("<policy>", str(error)),)
    if isinstance(error, EvaluationError):  # the row names the finding already
        return (FieldProblem("<evaluation>", error.message),)
    return (FieldProblem("<evaluation>", f"{type(error).__name__}: {error}"),)


#: What a row waiting for its batch's answer keeps: its place, number, headers, cells, facts.
_Pending = tuple[int, int, tuple[str, ...], Any, dict[str, Any]]


class LedgerEvaluator:
    """Evaluates ledger rows under one policy on one day.

    Layouts (which column is which field) are resolved once per distinct
    header tuple and kept; ``warnings`` collects what they noticed.  Without an
    ``answerer`` each row is evaluated by the Python engine as it is read; with
    one (DuckDB's, say), the well-formed rows of each batch are answered together.
    """

    def __init__(self, policy: Policy, today: date, mapping: ColumnMapping | None = None,
                 *, answerer: Answerer | None = None) -> None:
        self.policy = policy
        self.today = today
        self.answerer = answerer
        self.specs = _specs(policy)
        base = mapping if mapping is not None else ColumnMapping.default()
        self.mapping = base.with_fields((f.name, f.label) for f in policy.model.facts)
        self.used = frozenset(f.name for f in policy.model.facts)
        self.event_words = _event_words(policy)
        self.warnings: list[str] = []
        self._readers: dict[tuple[str, ...], tuple[RowReader, bool]] = {}
        # By layout: the fields read that the policy does not use (left out of its finding).
        self._unused: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._last_headers: tuple[str, ...] | None = None
        self._last: tuple[RowReader, bool]
        self._last_unused: tuple[str, ...] = ()
        # What the reading noticed, for the summary (see reading.py).
        self.serials = False
        self.notes: tuple[tuple[int, str, str], ...] = ()
        self.skipped: list[SkippedRow] = []
        self.disagreeing: list[Disagreeing] = []
        self.disagreement_count = 0
        self.doubts: list[str] = []

    def layout(self, headers: Sequence[Any]) -> Layout:
        """How this evaluator reads a ledger with these headers (raises LedgerError if it
        cannot read any field from them)."""
        return self._reader(tuple(map(str, headers)))[0].layout

    def _reader(self, headers: tuple[str, ...]) -> tuple[RowReader, bool]:
        if headers is self._last_headers:
            return self._last
        found = self._readers.get(headers)
        if found is None:
            units = tuple(dict.fromkeys(unit for _, unit, _ in self.notes))
            layout = resolve_layout(headers, self.mapping, self.specs, units)
            self.warnings.extend(w for w in layout.warnings if w not in self.warnings)
            reader = RowReader(layout, self.specs, self.mapping, self.event_words, self.serials)
            only_used = all(f is None or f in self.used for f in layout.fields)
            found = self._readers[headers] = (reader, only_used)
            self._unused[headers] = tuple(f for f in layout.fields
                                          if f is not None and f not in self.used)
        self._last_headers, self._last = headers, found
        self._last_unused = self._unused[headers]
        return found

    def start(self, source: LedgerSource) -> None:
        """Take what the reader found before the rows (spreadsheet cells, unit notes)."""
        self.source = source
        self.serials = source.kind == "xlsx"
        self.notes = tuple(source.unit_notes)
        if source.headers:
            self._reader(source.headers)

    def batches(self, source: LedgerSource) -> Iterator[tuple[Batch, list[LedgerRow]]]:
        """Each batch of ``source`` with its evaluated rows (rows that are not findings left
        out, and listed in :meth:`report`)."""
        self.start(source)
        row = self.row
        for batch in source:
            if self.answerer is None:
                evaluated = [row(number, headers, cells) for number, headers, cells in batch.rows]
                yield batch, [r for r in evaluated if r is not None]
            else:
                yield batch, self.rows(batch.rows)

    def rows(self, rows: Sequence[tuple[int, tuple[str, ...] | None, Any]]) -> list[LedgerRow]:
        """The rows of one batch, in order, the well-formed ones answered in one call."""
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
        answerer = self.answerer
        answers = answerer.assess(findings, self.today) if answerer and findings else []
        for (place, number, headers, cells, facts), answer in zip(pending, answers, strict=True):
            if isinstance(answer, Exception):
                failed = _failure(answer)
                done[place] = LedgerRow(number, headers, cells, facts, None, failed,
                                        _render(failed))
            else:
                if answer.disagreements:
                    self._disagree(number, facts, answer)
                done[place] = _evaluated(number, headers, cells, facts, answer)
        return [row for row in done if row is not None]

    def row(self, number: int, headers: tuple[str, ...] | None, cells: Any) -> LedgerRow | None:
        """One row: its facts and assessment, or its problems; None for a row that is not a
        finding (a totals row, a note, a title, a repeated header), which is listed instead."""
        if headers is None:
            problem = FieldProblem("<row>", "expected a mapping of column names to values, got "
                                   f"{type(cells).__name__}")
            return LedgerRow(number, (), (), {}, None, (problem,), problem.render())
        reader, only_used = self._reader(headers)
        facts, problems = reader.read(cells)
        if (problems or self._totals_row(cells)) and not isinstance(cells, BrokenRecord) \
                and self._skip(number, headers, cells, bool(problems)):
            return None
        if problems:
            return LedgerRow(number, headers, cells, facts, None, tuple(problems),
                             _render(problems))
        if only_used:
            finding = facts
        else:  # a copy less the fields read for the ledger alone: cheaper than filtering
            finding = facts.copy()
            pop = finding.pop
            for name in self._last_unused:
                pop(name, None)
        try:
            assessment = self.policy.evaluate(finding, self.today)
        except Exception as error:  # a batch never stops: a failure becomes the row's problem
            failed = _failure(error)
            return LedgerRow(number, headers, cells, facts, None, failed, _render(failed))
        if assessment.disagreements:
            self._disagree(number, facts, assessment)
        return _evaluated(number, headers, cells, facts, assessment)

    def _totals_row(self, cells: Sequence[Any]) -> bool:
        """Whether the row may not be a finding (a totals row, or two cells or fewer): then
        :meth:`row` looks at it closely.  Cheap: made on every row."""
        filled = 0
        for cell in cells:
            if cell is not None and (cell.__class__ is not str or cell.strip()):
                filled += 1
                if filled > 2:
                    return totals_row(cells)
        return True

    def _skip(self, number: int, headers: tuple[str, ...], cells: Sequence[Any],
              problems: bool) -> bool:
        """Record the row as one that is not a finding, if it is one; a unit note that
        contradicts the unit amounts are being read in stops the run."""
        layout = self._reader(headers)[0].layout
        read = {index for index, field in enumerate(layout.fields) if field is not None}
        found = classify(cells, headers, read, problems)
        if found is None:
            return False
        kind, text = found
        self.skipped.append(SkippedRow(number, kind, text))
        if kind == "unit_note":
            self._check_note(number, text, layout)
        return True

    def _check_note(self, number: int, text: str, layout: Layout) -> None:
        from rectilaw.ledger.units import note_unit

        unit = note_unit(text)
        if unit is None:
            return
        notes = list(self.notes)
        ahead = [i for i, n in enumerate(notes) if n[0] < 0 and n[2] == text]
        if ahead:  # found under the table before the rows were read: now its row is known
            notes[ahead[0]] = (number, unit, text)
            self.notes = tuple(notes)
            return
        if any(n[0] == number for n in notes):
            return
        self.notes = (*notes, (number, unit, text))
        wrong = [c for c in layout.columns if c.unit is not None and c.unit.unit != unit
                 and c.unit.source.startswith(("the schema", "a unit note"))]
        if wrong:
            names = ", ".join(f"`{c.header}`" for c in wrong)
            raise LedgerError(
                f"{self.source.name}: row {number} says the amounts are in {unit} ({text}), but "
                f"{names} were read in {wrong[0].unit.unit if wrong[0].unit else '元'} before it "
                f"was reached: refused rather than read in the wrong unit; put `unit: {unit}` in "
                "the mapping (--mapping) and run again")

    def _disagree(self, number: int, facts: Mapping[str, Any], assessment: Assessment) -> None:
        self.disagreement_count += 1
        if len(self.disagreeing) < _DISAGREEING_KEPT:
            value = facts.get("id")
            self.disagreeing.append(Disagreeing(
                number, None if value is None else str(value), assessment.recorded_status or "",
                tuple(d.message for d in assessment.disagreements)))

    def report(self, source: LedgerSource) -> ReadingReport:
        """What reading the ledger noticed: columns, rows left out, units, disagreements."""
        layouts = [reader.layout for reader, _ in self._readers.values()]
        headers = {header_key(h) for layout in layouts for h in layout.headers if h}
        collisions = tuple(h for layout in layouts for h in layout.headers
                           if h and header_key(h) in _OUTPUT_NAMES)
        unused = tuple(sorted(k for k in self.mapping.named if k not in headers))
        return ReadingReport(
            columns=columns_of(layouts),
            skipped=tuple(sorted(self.skipped, key=lambda s: s.row)),
            blank=tuple(ranges(source.blank_numbers)),
            unit_notes=tuple(self.notes),
            disagreements=tuple(self.disagreeing),
            disagreement_count=self.disagreement_count,
            collisions=tuple(dict.fromkeys(collisions)),
            unused_mapping=unused,
            doubts=tuple(self.doubts) + tuple(source.doubts) + tuple(
                f"column `{c.header}`: {c.unit.doubt}" for c in columns_of(layouts)
                if c.unit is not None and c.unit.doubt),
            sheets=tuple(source.sheets),
        )
