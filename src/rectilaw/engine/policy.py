"""A loaded policy: checked and compiled once, then evaluated as often as needed."""

from __future__ import annotations

import contextlib
import os
import reprlib
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw._dates import iso_date
from rectilaw.calendar import FIRST_DAY, LAST_DAY
from rectilaw.dsl.model import (
    DEADLINE,
    ClauseModel,
    Definition,
    Node,
    ParamModel,
    PolicyInfo,
    PolicyModel,
    Rule,
)
from rectilaw.engine.assessment import (
    Action,
    Assessment,
    Disagreement,
    TraceStep,
    overdue_days,
    recorded,
)
from rectilaw.engine.compiler import NeedsNormalizing, NoStatus, RawResult, compile_policy
from rectilaw.engine.provided import ledger as provided_ledger
from rectilaw.engine.provided import provide_ledger
from rectilaw.engine.timeline import Change, changes
from rectilaw.errors import (
    EvaluationError,
    FieldProblem,
    FindingError,
    PolicyError,
    Span,
    shown_id,
)
from rectilaw.findings import FactSpec, normalize, schema_specs
from rectilaw.periods import Duration, RestDayCalendar
from rectilaw.schema import ACTIONS, STATUSES


def schema_label(code: str) -> str:
    """The shared vocabulary's Chinese name of a status code (the code itself if unknown)."""
    return STATUSES.get(code, code)

if TYPE_CHECKING:
    from rectilaw.ledger import LedgerResult

__all__ = ["Assumption", "Policy", "provide_ledger"]

_ACTIONS_KEPT = 1 << 14
#: What evaluation raises as it is; anything else escaping it becomes an EvaluationError
#: (a CalendarError too: the calendar's own message, with the finding and the rule).
_REFUSALS = (FindingError, EvaluationError, PolicyError)

#: How :meth:`Policy.evaluate_many` evaluates a ledger: provided by the package that holds the
#: engine and the ledger (see :mod:`rectilaw.engine.provided`).
_ledger = provided_ledger


@attrs.frozen
class Assumption:
    """A value the source document does not fix, and why this one was chosen."""

    name: str
    label: str | None
    value: Any
    reason: str
    effective: date | None = None

    def to_dict(self) -> dict[str, Any]:
        value = str(self.value) if isinstance(self.value, Duration) else self.value
        return {
            "name": self.name,
            "label": self.label,
            "value": value if not isinstance(value, date) else value.isoformat(),
            "reason": self.reason,
            "effective": self.effective.isoformat() if self.effective else None,
        }


def _today(value: Any) -> date:
    """``today`` as a plain date the calendar answers for.

    TypeError for what is not a date at all (a programming error); FindingError naming
    ``today`` for a day outside the calendar (2000-01-01 to 2100-12-31), as for a field.
    """
    day: date | None = None
    if value.__class__ is date:
        day = value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            day = iso_date(value)
    elif isinstance(value, date) and not hasattr(value, "hour"):
        day = date(value.year, value.month, value.day)  # a subclass, as a test clock's
    if day is None:
        raise TypeError(f"`today` must be a date (or an ISO date string), got {_short(value)}")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise FindingError([FieldProblem(
            "today", f"{day.isoformat()} is outside the days the calendar answers for "
            f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")])
    return day


def _short(value: Any) -> str:
    text = reprlib.repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Policy:
    """A jurisdiction's rules, ready to evaluate findings.

    Immutable and safe to share between threads: evaluation keeps all its state
    in local variables and never reads the clock or does I/O.
    """

    __slots__ = (
        "_action_table", "_actions_of", "_calendar", "_deadline_index", "_def_reads",
        "_defaults", "_emitted", "_event_kinds", "_function", "_named_deadlines", "_read_order",
        "_rules_by_id", "_span_of", "_specs", "_stage_rules", "_status_rules", "_stepwise",
        "_used", "model", "origin", "source", "text",
    )

    def __init__(self, model: PolicyModel, calendar: RestDayCalendar, *, origin: str,
                 text: str = "") -> None:
        self.model = model
        self.origin = origin
        self.text = text
        self._calendar = calendar
        specs = schema_specs()
        for fact in model.facts:
            specs[fact.name] = FactSpec(fact.name, fact.type.kind, fact.type.values)
        self._specs = specs
        self._used = tuple(f.name for f in model.facts)
        self._event_kinds = model.event_kinds | frozenset(ACTIONS)
        compiled = compile_policy(model, specs, calendar)
        self.source = compiled.source
        self._function = compiled.function
        self._span_of = compiled.span_of
        self._status_rules = compiled.status_rules
        self._stage_rules = compiled.stage_rules
        self._stepwise = compiled.stepwise
        # Actions without a due date are the same every time: build them once.
        self._action_table = [
            [Action.of(action, rule) for rule in action.rules]
            for action in model.emitted_actions
        ]
        # The actions of each combination of rules fired (with their due dates) seen so far,
        # shared between answers: Actions are immutable, and a ledger repeats a few
        # combinations many times.  Bounded (see _actions).
        self._actions_of: dict[Any, tuple[Action, ...]] = {}
        names = [f.name for f in model.facts] + ["today", "status", "stage"]
        self._read_order = {name: position for position, name in enumerate(names)}
        memo: dict[str, frozenset[str]] = {}
        self._def_reads = {d.name: self._reads_of(d.expr, memo) for d in model.definitions}
        deadlines = [d.name for d in model.definitions if d.kind == "deadline"]
        self._deadline_index = deadlines.index(DEADLINE) if DEADLINE in deadlines else -1
        # What a trace needs, looked up once: the trace is built for every explained answer.
        self._emitted = model.emitted_actions
        self._named_deadlines = tuple(d for d in model.definitions if d.kind == "deadline")
        self._rules_by_id = {rule.id: rule for _, _, rule in self._status_rules + self._stage_rules}
        self._rules_by_id.update({r.id: r for a in self._emitted for r in a.rules})
        self._defaults = {name: spec.default for name, spec in specs.items()}

    # ------------------------------------------------------------ description
    @property
    def id(self) -> str:
        return self.model.info.id

    @property
    def calendar(self) -> RestDayCalendar:
        """The working-day calendar this policy's periods are counted on."""
        return self._calendar

    @property
    def info(self) -> PolicyInfo:
        return self.model.info

    @property
    def title(self) -> str:
        return self.model.info.title

    @property
    def clauses(self) -> tuple[ClauseModel, ...]:
        return self.model.clauses

    @property
    def params(self) -> tuple[ParamModel, ...]:
        return self.model.params

    @property
    def parties(self) -> Mapping[str, str]:
        return self.model.parties

    @property
    def statuses(self) -> Mapping[str, str]:
        """The status codes this policy can give, with its own wording."""
        return {o.code: o.label for o in self.model.status.outcomes}

    @property
    def assumptions(self) -> tuple[Assumption, ...]:
        """Every value the document does not fix, for reviewers to check.

        Parameters marked ``assumed`` come first, with their values; then the
        rules marked ``assumed`` (a reading the text does not spell out), named by
        their rule id, with no value.
        """
        found = []
        for param in self.model.params:
            for value in param.values:
                if value.assumed is not None:
                    found.append(Assumption(param.name, param.label, value.value, value.assumed,
                                            value.effective))
        for label, rule in self._labelled_rules():
            if rule.assumed is not None:
                found.append(Assumption(rule.id, label, None, rule.assumed))
        return tuple(found)

    def _labelled_rules(self) -> Iterable[tuple[str, Rule]]:
        blocks = [self.model.status] + ([self.model.stage] if self.model.stage else [])
        for block in blocks:
            yield from ((outcome.label, rule) for outcome, rule in block.rules)
        for action in self.model.actions:
            yield from ((action.label, rule) for rule in action.rules)

    @property
    def warnings(self) -> tuple[Any, ...]:
        return self.model.warnings

    def __repr__(self) -> str:
        return f"<Policy {self.id!r} from {self.origin}>"

    # ------------------------------------------------------------ evaluation
    def evaluate(self, finding: Mapping[str, Any], today: date | str) -> Assessment:
        """Status, deadline and actions of one finding on ``today``, with the reasons.

        Raises :class:`~rectilaw.FindingError` for a finding that does not fit the policy
        (every problem, by field), :class:`~rectilaw.EvaluationError` for one that fits
        but cannot be answered (a date computed for it falls outside the calendar), and
        :class:`~rectilaw.PolicyError` when no status rule applies.
        """
        day: date = (today if today.__class__ is date and FIRST_DAY <= today <= LAST_DAY
                     else _today(today))
        facts: Mapping[str, Any] = finding
        try:
            try:
                raw = self._function(finding, day)
            except (NeedsNormalizing, AttributeError, TypeError):
                # Not in the fast form (or not a mapping at all): check it field by field.
                facts = self.normalize(finding)
                raw = self._function(facts, day)
            return self._assessment(raw, facts, day, finding.get("id"))
        except NoStatus:
            raise self._no_status(finding.get("id"), day) from None
        except _REFUSALS:
            raise
        except Exception as problem:
            raise self._failure(problem, finding) from problem

    def normalize(self, finding: Mapping[str, Any]) -> dict[str, Any]:
        """The finding as this policy reads it: every fact typed, defaults filled in, fields
        the policy does not use left out (raises FindingError listing every problem)."""
        normalized = normalize(finding, self._specs, self._event_kinds)
        return {name: normalized[name] for name in self._used}

    def span_of(self, error: BaseException) -> Span | None:
        """The rule (its place in the rule file) whose evaluation raised ``error``, or None.

        The generated evaluator remembers which rule or definition each of its
        lines was written for, and its code appears in tracebacks; this reads the
        innermost frame of it in the error's traceback (or its cause's).
        """
        return self._span_of(error)

    def timeline(self, finding: Mapping[str, Any], today: date | str, *,
                 until: date | str | None = None) -> tuple[Change, ...]:
        """The days after ``today`` on which the answer will change if nothing else happens.

        Each :class:`~rectilaw.engine.timeline.Change` gives the day, what changes
        (status, stage, deadline, becoming overdue, actions added or dropped) and
        the Assessment from that day on.  ``until`` (inclusive) bounds the search;
        without it every change is listed, or, for a policy whose due dates move
        with the day itself, those of the next 366 days.  A measure the finding
        records with a later date counts from its own day, so it appears here too.
        """
        day = _today(today)
        end = None if until is None else _today(until)
        facts = self.normalize(finding)
        finding_id = finding.get("id")

        def probe(on: date, reported: list[Any]) -> Assessment:
            return self._assessment(self._run(facts, on, finding_id, reported), facts, on,
                                    finding_id)

        fixed = [event.on for event in facts.get("events", ())]
        fixed += [v.effective for p in self.model.params for v in p.values if v.effective]
        try:
            return changes(probe, day, until=end, fixed=fixed, stepwise=self._stepwise)
        except _REFUSALS:
            raise
        except Exception as problem:
            raise self._failure(problem, finding) from problem

    def _run(self, facts: Mapping[str, Any], day: date, finding_id: Any,
             reported: list[Any]) -> RawResult:
        try:
            return self._function(facts, day, reported)
        except NoStatus:
            raise self._no_status(finding_id, day) from None

    def _no_status(self, finding_id: Any, day: date) -> PolicyError:
        return PolicyError.single(
            "no-status",
            f"no status rule of policy `{self.id}` applies to finding {shown_id(finding_id)} "
            f"on {day}",
            hint="the status block has a gap: add an `otherwise` rule",
        )

    def _failure(self, problem: Exception, finding: Any) -> EvaluationError:
        """What to raise for a valid finding whose evaluation failed: an arithmetic or
        calendar error escaping evaluation becomes an EvaluationError naming the finding
        and the rule being evaluated (from the generated code's frame)."""
        finding_id = finding.get("id") if isinstance(finding, Mapping) else None
        if isinstance(problem, (ArithmeticError, ValueError)):
            message = f"a date or number computed for it is out of range: {problem}"
        else:  # not expected: say what it was, still without a traceback
            message = f"{type(problem).__name__}: {problem}"
        return EvaluationError(message, finding_id=finding_id, span=self._span_of(problem))

    def evaluate_many(self, rows: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
                      today: date | str, *, mapping: Any = None,
                      rectified: Iterable[str] | None = None,
                      engine: str = "python") -> LedgerResult:
        """Every row of a ledger (mappings, or a .csv/.xlsx/.parquet file) and its statistics.

        A bad row is kept with its problems and never stops the batch; see
        :func:`rectilaw.ledger.evaluate_ledger` for ``mapping`` (which column is
        which field), ``rectified`` (the statuses that count as rectified) and
        ``engine`` (``python``, or ``duckdb`` for one SQL query per batch).
        """
        (evaluate_ledger,) = _ledger
        return evaluate_ledger(rows, self, today, mapping=mapping, rectified=rectified,
                               engine=engine)

    def _assessment(self, raw: RawResult, facts: Mapping[str, Any], today: date,
                    finding_id: Any) -> Assessment:
        status_rule, stage_rule, fired, _, provisional, deadlines = raw
        deadline = deadlines[self._deadline_index] if self._deadline_index >= 0 else None
        code, label, _ = self._status_rules[status_rule]
        overdue = overdue_days(deadline, code, today)
        actions = self._actions_of.get(fired)
        if actions is None:
            actions = self._actions(fired)
        stage = stage_label = None
        if stage_rule >= 0:
            stage, stage_label, _ = self._stage_rules[stage_rule]
        determination = facts.get("determination")
        disagreements: tuple[Disagreement, ...] = ()
        if determination is not None:
            disagreements = self.disagreements(determination, facts, today)
        return recorded(
            self.model.info.id, today, code, label, deadline, overdue, actions,
            stage, stage_label, provisional, None if finding_id is None else str(finding_id),
            self, raw, facts, determination, disagreements,
        )

    # ------------------------------------------------------------ recorded determinations
    @property
    def decided_by(self) -> tuple[str | None, tuple[str, ...]]:
        """Who determines the status (a party code, or None: the rules alone) and the clauses
        that give it the determination: ``decided by party [cite]`` in the status block."""
        return self.model.status.decided_by, self.model.status.decided_basis

    def disagreements(self, recorded_code: str, facts: Mapping[str, Any],
                       today: date) -> tuple[Disagreement, ...]:
        """How the recorded determination and the rules' reading of the facts differ.

        The rules' reading is the status the rules give with no determination recorded.  It
        disagrees when it differs from the recorded one and was decided by a rule that reads
        the facts (an ``otherwise`` line means the facts say nothing either way), or when the
        recorded code is not one of this policy's statuses.
        """
        labels = self.statuses
        recorded = (recorded_code, labels.get(recorded_code) or schema_label(recorded_code))
        if recorded_code not in labels:
            return (Disagreement.of(self.id, recorded, None, "", ()),)
        raw = self._function({**facts, "determination": None}, today)
        code, label, rule = self._status_rules[raw[0]]
        if code == recorded_code or rule.condition is None:
            return ()
        return (Disagreement.of(self.id, recorded, (code, label), rule.id, rule.citation),)

    def _actions(self, fired: tuple[tuple[int, int, date | None], ...]) -> tuple[Action, ...]:
        """The actions of ``fired``, remembered (up to a bound: a policy may live as long as
        the process, and the due dates a ledger brings are many)."""
        table = self._action_table
        actions = tuple(
            table[a][r] if due is None else table[a][r].due_on(due) for a, r, due in fired
        )
        cache = self._actions_of
        if len(cache) >= _ACTIONS_KEPT:
            cache.clear()
        cache[fired] = actions
        return actions

    # ------------------------------------------------------------ trace
    def _reads_of(self, node: Node, memo: dict[str, frozenset[str]] | None = None,
                  ) -> tuple[str, ...]:
        """The facts (and ``today``, ``status``, ``stage``) ``node`` reads, directly or through
        definitions, in the declared order.

        Each definition is walked once and what it reads is remembered in ``memo`` (shared
        between the calls for one policy): a definition read twice, or by many others, costs
        one look-up, so loading stays linear in the rule text (a chain of ``let``s each read
        twice by the next would otherwise be walked once per path, 2ⁿ times).
        """
        memo = {} if memo is None else memo
        found = self._direct_reads(node, memo)
        return tuple(sorted(found, key=self._read_order.__getitem__))

    def _direct_reads(self, node: Node, memo: dict[str, frozenset[str]]) -> frozenset[str]:
        """What ``node`` reads, with the definitions it uses resolved through ``memo``.

        Definitions not yet in ``memo`` are resolved first, depth first with an explicit
        stack (a chain of thousands of definitions must not exhaust the interpreter's stack).
        """
        pending = [name for name in _used_definitions(node) if name not in memo]
        while pending:
            name = pending[-1]
            if name in memo:
                pending.pop()
                continue
            expr = self.model.definition(name).expr
            missing = [used for used in _used_definitions(expr) if used not in memo]
            if missing:
                pending.extend(missing)
                continue
            pending.pop()
            memo[name] = self._own_reads(expr, memo)
        return self._own_reads(node, memo)

    @staticmethod
    def _own_reads(node: Node, memo: Mapping[str, frozenset[str]]) -> frozenset[str]:
        found: set[str] = set()
        for current in node.walk():
            if current.op == "fact":
                found.add(current.value)
            elif current.op in ("today", "status", "stage"):
                found.add(current.op)
            elif current.op == "def":
                found.update(memo[current.value])
        return frozenset(found)

    def _values(self, names: Iterable[str], facts: Mapping[str, Any],
                today: date, decided: Mapping[str, str | None]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        defaults = self._defaults
        for name in names:
            if name == "today":
                values[name] = today
            elif name in decided:
                values[name] = decided[name]
            else:
                values[name] = facts.get(name, defaults[name])
        return values

    def _trace(self, raw: RawResult, facts: Mapping[str, Any],
               today: date) -> tuple[TraceStep, ...]:
        status_rule, stage_rule, fired, vetoed, _, deadlines = raw
        steps: list[TraceStep] = []
        decided = {
            "status": self._status_rules[status_rule][0],
            "stage": self._stage_rules[stage_rule][0] if stage_rule >= 0 else None,
        }
        for definition, value in zip(self._named_deadlines, deadlines, strict=True):
            steps.append(self._definition_step(definition, value, facts, today, decided))
        rules_by_id = self._rules_by_id
        for rule_id in vetoed:
            rule = rules_by_id[rule_id]
            basis = tuple(c for _, cite in rule.exceptions for c in cite)
            steps.append(TraceStep(rule_id, "exception", "not applied", basis,
                                   self._values(rule.reads, facts, today, decided)))
        code, _, rule = self._status_rules[status_rule]
        steps.append(self._rule_step(rule, "status", code, facts, today, decided))
        if stage_rule >= 0:
            code, _, rule = self._stage_rules[stage_rule]
            steps.append(self._rule_step(rule, "stage", code, facts, today, decided))
        for a_index, r_index, _due in fired:
            action = self._emitted[a_index]
            steps.append(self._rule_step(action.rules[r_index], "action", action.code, facts,
                                         today, decided))
        return tuple(steps)

    def _definition_step(self, definition: Definition, value: Any, facts: Mapping[str, Any],
                         today: date, decided: Mapping[str, str | None]) -> TraceStep:
        return TraceStep(definition.rule_id, "deadline", value, definition.citation,
                         self._values(self._def_reads[definition.name], facts, today, decided))

    def _rule_step(self, rule: Rule, kind: str, outcome: str, facts: Mapping[str, Any],
                   today: date, decided: Mapping[str, str | None]) -> TraceStep:
        return TraceStep(rule.id, kind, outcome, rule.citation,
                         self._values(rule.reads, facts, today, decided))

    def clause_text(self, clause_id: str) -> str:
        """The original wording of a clause."""
        return self.model.clause(clause_id).text


def _used_definitions(node: Node) -> list[str]:
    """The names of the definitions ``node`` refers to directly (each once)."""
    return list(dict.fromkeys(n.value for n in node.walk() if n.op == "def"))
