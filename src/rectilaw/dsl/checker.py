"""Syntax tree → checked policy model.

The checker resolves every name (with a did-you-mean when it cannot), gives
every expression a type, checks that every citation names a declared clause,
orders the definitions so that each is computed after what it reads, and
collects every problem before reporting them together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from graphlib import CycleError, TopologicalSorter
from typing import Any

import attrs

from rectilaw import schema
from rectilaw._dates import iso_date
from rectilaw.dsl import ast
from rectilaw.dsl.limits import too_long
from rectilaw.dsl.model import (
    BOOL,
    DATE,
    DEADLINE,
    DURATION,
    EVENTS,
    INTEGER,
    MONEY,
    TEXT,
    ActionModel,
    AfterModel,
    ClauseModel,
    DecisionModel,
    Definition,
    FactModel,
    FollowUpModel,
    LadderModel,
    Node,
    OutcomeModel,
    ParamModel,
    ParamValueModel,
    PolicyInfo,
    PolicyModel,
    Rule,
    Step,
    StepModel,
    Type,
)
from rectilaw.dsl.parser import KEYWORDS
from rectilaw.errors import Diagnostic, PolicyError, Span, did_you_mean
from rectilaw.periods import Duration

__all__ = ["DETERMINATION", "DETERMINED_ON", "check", "parse_param_value"]

#: The facts a ``decided by`` line reads: the recorded determination and its date.
DETERMINATION = "determination"
DETERMINED_ON = "determined_on"


@attrs.frozen
class _Determination:
    """A checked ``decided by`` line: the block's outcome codes, and whether the recorded
    determination's date (``determined_on``) is read too."""

    line: ast.Decided
    codes: tuple[str, ...]
    dated: bool


def _with_determination(decided: _Determination, code: str,
                        alternatives: tuple[ast.Alternative, ...]
                        ) -> tuple[tuple[ast.Alternative, ...], ast.Alternative]:
    """The alternatives of outcome ``code`` when a body's recorded determination is in force.

    ``in_force`` is: a determination is recorded, it is one of the block's outcomes, and
    (where the policy reads its date) it was made on or before ``today``.  Outcome ``code``
    gets a first rule, ``when in_force and determination is code``; each of its own rules
    gets the exception ``unless in_force and determination is not code``, so that the first
    match lands on the recorded outcome whatever the facts say, and the rules alone decide
    when nothing (in force) is recorded.  All of it cites the ``decided by`` line's clauses.
    """
    line = decided.line
    span = line.span
    fact = ast.Ref(DETERMINATION, span)
    in_force: ast.Expr = ast.Member(fact, tuple(ast.Ref(c, span) for c in decided.codes),
                                    False, span)
    if decided.dated:
        day = ast.Ref(DETERMINED_ON, span)
        made = ast.Binary("or", ast.IsSet(day, True, span),
                          ast.Binary("<=", day, ast.Builtin("today", span), span, "<="),
                          span, "or")
        in_force = ast.Binary("and", in_force, made, span, "and")
    this = ast.Ref(code, span)
    first = ast.Alternative(ast.Binary("and", in_force, ast.Binary("==", fact, this, span, "is"),
                                       span, "and"), line.citation, (), span)
    veto = ast.Exception_(ast.Binary("and", in_force,
                                     ast.Binary("!=", fact, this, span, "is not"), span, "and"),
                          line.citation, span)
    kept = tuple(a if a.condition is None else attrs.evolve(a, exceptions=(*a.exceptions, veto))
                 for a in alternatives)
    return kept, first

_TYPE_OF_SCHEMA = {
    "bool": BOOL, "date": DATE.maybe(), "money": MONEY, "integer": INTEGER,
    "text": TEXT.maybe(), "events": EVENTS,
}

_HEADER_TYPES = {
    "title": "text", "title_en": "text", "issuer": "text", "number": "text", "issued": "date",
    "effective": "date", "until": "date", "version": "text", "source": "text", "rollover": "word",
}

_FUNCTIONS = {"min", "max", "days_between"}


def _fact_type(spec: schema.FieldSpec) -> Type:
    if spec.type == "enum":
        return Type("enum", spec.values, optional=True)
    return _TYPE_OF_SCHEMA[spec.type]


def _literal_type(literal: ast.Literal) -> Type | None:
    return {
        "integer": INTEGER, "decimal": MONEY, "money": MONEY, "duration": DURATION,
        "date": DATE, "bool": BOOL, "text": TEXT,
    }.get(literal.kind)


def _compatible(a: Type, b: Type) -> bool:
    numeric = {"integer", "money"}
    if a.kind in numeric and b.kind in numeric:
        return True
    if a.kind != b.kind:
        return False
    return a.kind != "enum" or bool(set(a.values) & set(b.values)) or not a.values or not b.values


class _Checker:
    def __init__(self, tree: ast.PolicyFile, overrides: Mapping[str, Any]) -> None:
        self.tree = tree
        self.overrides = dict(overrides)
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []
        self.clauses: dict[str, ast.Clause] = {}
        self.citers: dict[str, list[str]] = {}
        self.parties: dict[str, str] = {}
        self.facts: dict[str, FactModel] = {}
        self.params: dict[str, ParamModel] = {}
        self.defs: dict[str, ast.Let | ast.Deadline] = {}
        self.def_types: dict[str, Type] = {}
        self.checked_defs: dict[str, Definition] = {}
        self.decisions: dict[str, ast.Decision] = {}
        self.status_codes: tuple[str, ...] = ()
        self.stage_codes: tuple[str, ...] = ()
        self.rollover = True
        self.deps: dict[str, set[str]] = {}
        self._positions: tuple[int, dict[str, int]] | None = None
        # per-expression context
        self._context = ""
        self._refs: set[str] = set()
        self._context_rollover = True
        # the measures a finding may record; whether `previous` may be read here
        self.event_kinds: frozenset[str] = frozenset(schema.ACTIONS)
        self._previous: bool | None = None
        self._events_missing_reported = False

    # ------------------------------------------------------------ reporting
    def error(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(code, message, span, hint))

    def warn(self, code: str, message: str, span: Span | None, hint: str | None = None) -> None:
        self.warnings.append(Diagnostic(code, message, span, hint, severity="warning"))

    # ------------------------------------------------------------ driver
    def run(self) -> PolicyModel:
        info = self.header(self.tree.header)
        self.rollover = info.rollover
        declarations = self._flatten(self.tree.declarations)
        for decl in declarations:
            self.declare(decl)
        self.event_kinds = _event_kinds(declarations)
        self.check_overrides()
        definitions = self.check_definitions()
        status = self.check_decision("status")
        stage = self.check_decision("stage")
        actions = self.check_actions(declarations)
        ladders = self.check_ladders(declarations)
        afters = self.check_afters(declarations)
        order = self.evaluation_order()
        clauses = self.clause_models()
        if self.errors:
            raise PolicyError(self.errors)
        assert status is not None
        by_name = {d.name: d for d in definitions}
        ordered = tuple(by_name[name] for kind, name in order if kind == "def")
        return PolicyModel(
            info=info,
            clauses=clauses,
            parties=dict(self.parties),
            facts=tuple(self.facts.values()),
            params=tuple(self.params.values()),
            definitions=ordered,
            status=status,
            stage=stage,
            actions=actions,
            order=order,
            warnings=tuple(sorted(self.warnings, key=lambda d: d.sort_key)),
            ladders=ladders,
            afters=afters,
        )

    @staticmethod
    def _flatten(declarations: Iterable[ast.Declaration]) -> list[Any]:
        flat: list[Any] = []
        for decl in declarations:
            if isinstance(decl, ast.FactGroup):
                flat.extend(decl.facts)
            else:
                flat.append(decl)
        return flat

    # ------------------------------------------------------------ header
    def header(self, header: ast.Header) -> PolicyInfo:
        values: dict[str, Any] = {}
        for field in header.fields:
            key = field.key.value
            if key in values:
                self.error("duplicate-field", f"header field `{key}` given twice", field.key.span)
                continue
            expected = _HEADER_TYPES[key]
            kind = field.value.kind
            if expected == "text" and kind != "text":
                self.error("type-error", f"`{key}` takes a quoted text", field.value.span)
            elif expected == "date" and kind != "date":
                self.error("type-error", f"`{key}` takes a date (YYYY-MM-DD)", field.value.span)
            elif expected == "word" and field.value.value not in ("civil_code", "none"):
                self.error("bad-value", "`rollover` is `civil_code` or `none`", field.value.span,
                           did_you_mean(str(field.value.value), ("civil_code", "none")))
            values[key] = field.value.value
        if "title" not in values:
            self.error("missing-field", "the policy header needs a `title`", header.span,
                       'add `title "…"` with the document\'s full title')
        rollover = values.pop("rollover", "civil_code") != "none"
        return PolicyInfo(id=header.name.value, title=values.pop("title", ""),
                          rollover=rollover, **values)

    # ------------------------------------------------------------ declarations
    def declare(self, decl: Any) -> None:
        if isinstance(decl, ast.Clause):
            self.declare_clause(decl)
        elif isinstance(decl, ast.Party):
            self.declare_unique(decl.name, self.parties, "party")
            self.parties.setdefault(decl.name.value, decl.label.value)
        elif isinstance(decl, ast.Fact):
            self.declare_fact(decl)
        elif isinstance(decl, ast.Param):
            self.declare_param(decl)
        elif isinstance(decl, ast.Let):
            self.declare_def(decl.name, decl)
        elif isinstance(decl, ast.Deadline):
            name = decl.name or ast.Name(DEADLINE, decl.span)
            if decl.name is None and DEADLINE in self.defs:
                self.error("duplicate-name", "the rectification deadline is declared twice",
                           decl.span, "name the other deadlines: `deadline report \"…\" = …`")
                return
            self.declare_def(name, decl, keyword_ok=decl.name is None)
        elif isinstance(decl, ast.Decision):
            if decl.kind in self.decisions:
                self.error("duplicate-name", f"`{decl.kind}` is decided twice", decl.span,
                           "put all its outcomes in one block")
                return
            self.decisions[decl.kind] = decl
            codes = tuple(o.name.value for o in decl.outcomes)
            if decl.kind == "status":
                self.status_codes = codes
            else:
                self.stage_codes = codes

    def declare_clause(self, clause: ast.Clause) -> None:
        if clause.id.value in self.clauses:
            self.error("duplicate-clause", f"clause {clause.id.value} is declared twice",
                       clause.id.span)
            return
        self.clauses[clause.id.value] = clause

    def _name_taken(self, name: ast.Name, keyword_ok: bool = False) -> bool:
        value = name.value
        if value in KEYWORDS and not keyword_ok:
            self.error("reserved-name", f"`{value}` is a word of the language", name.span,
                       "choose another name")
            return True
        if value in self.facts or value in self.params or value in self.defs:
            self.error("duplicate-name", f"`{value}` is declared twice", name.span)
            return True
        return False

    def declare_unique(self, name: ast.Name, table: Mapping[str, Any], what: str) -> None:
        if name.value in table:
            self.error("duplicate-name", f"{what} `{name.value}` is declared twice", name.span)

    def declare_fact(self, fact: ast.Fact) -> None:
        name = fact.name.value
        if self._name_taken(fact.name):
            return
        citation = self.cite(fact.citation, f"fact:{name}")
        spec = schema.FIELDS.get(name)
        if fact.type is None:
            if spec is None:
                self.error(
                    "unknown-fact",
                    f"`{name}` is not a field of the shared finding schema",
                    fact.name.span,
                    did_you_mean(name, schema.FIELDS)
                    or f'a policy\'s own fact needs a type and a label: `fact {name}: bool "…"`',
                )
                return
            self.facts[name] = FactModel(name, _fact_type(spec), spec.label, True, citation)
            return
        declared = self.type_of(fact.type)
        label = fact.label.value if fact.label else name
        if spec is not None:
            expected = _fact_type(spec)
            if declared.kind != expected.kind or (
                declared.kind == "enum" and set(declared.values) - set(expected.values)
            ):
                self.error(
                    "type-error",
                    f"`{name}` is a {expected} in the shared schema, not a {declared}",
                    fact.type.span,
                    f"write `fact {name}` to use the schema's field as it is",
                )
                return
            self.facts[name] = FactModel(name, expected, label, True, citation)
            return
        self.facts[name] = FactModel(name, declared, label, False, citation)

    def type_of(self, spec: ast.TypeSpec) -> Type:
        if spec.name == "enum":
            values = tuple(v.value for v in spec.values)
            if len(set(values)) != len(values):
                self.error("duplicate-name", "an enum value is listed twice", spec.span)
            return Type("enum", values, optional=True)
        base = {"bool": BOOL, "date": DATE.maybe(), "money": MONEY, "integer": INTEGER,
                "text": TEXT.maybe(), "duration": DURATION, "events": EVENTS}
        return base[spec.name]

    def declare_param(self, param: ast.Param) -> None:
        if self._name_taken(param.name):
            return
        name = param.name.value
        values: list[ParamValueModel] = []
        types: set[str] = set()
        last: date | None = None
        for index, item in enumerate(param.values):
            literal_type = _literal_type(item.value)
            if literal_type is None:
                self.error("type-error", f"`{item.value.value}` is not a value a parameter can "
                           "take", item.value.span,
                           "use a duration (`6 months`), an amount (`100.00 yuan`), a number, "
                           "a date, `true`/`false` or a quoted text")
                return
            types.add(literal_type.kind)
            effective = item.effective.value if item.effective is not None else None
            assert effective is None or isinstance(effective, date)
            if index and effective is not None and last is not None and effective <= last:
                self.error("bad-order", "parameter values must be listed in order of the "
                           "dates they take effect", item.span)
            last = effective if effective is not None else last
            citation = self.cite(item.citation, f"param:{name}") if item.citation else ()
            values.append(ParamValueModel(
                effective, item.value.value, citation,
                item.assumed.value if item.assumed is not None else None,
            ))
        if len(types) > 1:
            self.error("type-error", f"the values of `{name}` are of different types", param.span)
            return
        kind = types.pop()
        self.params[name] = ParamModel(
            name, Type(kind), param.label.value if param.label else None, tuple(values),
            span=param.name.span,
        )

    def check_overrides(self) -> None:
        for name, raw in self.overrides.items():
            param = self.params.get(name)
            if param is None:
                self.error("unknown-param", f"cannot override `{name}`: the policy has no such "
                           "parameter", None, did_you_mean(name, self.params))
                continue
            try:
                value = parse_param_value(raw, param.type)
            except ValueError as problem:
                self.error("bad-override", f"cannot override `{name}`: {problem}", None)
                continue
            reason = "overridden by the deployment"
            self.params[name] = ParamModel(
                name, param.type, param.label,
                (ParamValueModel(None, value, (), reason),), overridden=True, span=param.span,
            )

    def declare_def(self, name: ast.Name, decl: ast.Let | ast.Deadline,
                    keyword_ok: bool = False) -> None:
        if self._name_taken(name, keyword_ok):
            return
        self.defs[name.value] = decl

    # ------------------------------------------------------------ citations
    def cite(self, citation: ast.Citation | None, rule_id: str) -> tuple[str, ...]:
        if citation is None:
            return ()
        for clause in citation.clauses:
            self.citers.setdefault(clause.value, []).append(rule_id)
        return citation.ids

    def check_citations(self) -> None:
        for clause_id, rule_ids in self.citers.items():
            if clause_id not in self.clauses:
                span = self._citation_span(clause_id)
                self.error("unknown-clause", f"no clause {clause_id} is declared", span,
                           did_you_mean(clause_id, self.clauses)
                           or f'declare it: `clause {clause_id} "…": "original text"`')
            del rule_ids

    def _citation_span(self, clause_id: str) -> Span | None:
        for node in _walk_citations(self.tree):
            for name in node.clauses:
                if name.value == clause_id:
                    return name.span
        return None

    def clause_models(self) -> tuple[ClauseModel, ...]:
        self.check_citations()
        models = []
        for clause in self.clauses.values():
            cited_by = tuple(dict.fromkeys(self.citers.get(clause.id.value, ())))
            reason = clause.not_encoded.value if clause.not_encoded else None
            if not cited_by and reason is None:
                self.warn("uncited-clause", f"clause {clause.id.value} is neither cited by a rule "
                          "nor marked `not encoded`", clause.id.span,
                          'cite it, or add `not encoded "why"`')
            if cited_by and reason is not None:
                self.warn("cited-not-encoded", f"clause {clause.id.value} is marked `not encoded` "
                          f"but {cited_by[0]} cites it", clause.id.span)
            models.append(ClauseModel(
                clause.id.value, clause.title.value if clause.title else None, clause.text.value,
                reason, cited_by, span=clause.span,
            ))
        return tuple(models)

    # ------------------------------------------------------------ definitions
    def check_definitions(self) -> list[Definition]:
        pending = dict(self.defs)
        checked: list[Definition] = []
        # Definitions may read one another in any written order: check on demand.
        for name in list(pending):
            self._check_def(name, checked, set())
        return checked

    def _check_def(self, name: str, checked: list[Definition], visiting: set[str]) -> Type | None:
        if name in self.def_types:
            return self.def_types[name]
        if name in visiting:
            return None
        visiting.add(name)
        decl = self.defs[name]
        saved = (self._context, self._refs, self._context_rollover)
        self._context = name
        self._refs = set()
        if isinstance(decl, ast.Deadline) and decl.rollover is not None:
            self._context_rollover = decl.rollover
        else:
            self._context_rollover = self.rollover
        node = self.expr(decl.expr, _visiting=visiting, _checked=checked)
        refs = self._refs
        self._context, self._refs, self._context_rollover = saved
        if node is None:
            self.def_types[name] = Type("error")
            return None
        if isinstance(decl, ast.Deadline) and node.type.kind not in ("date", "error"):
            self.error("type-error", f"a deadline must be a date, not {node.type}", decl.expr.span)
        kind = "deadline" if isinstance(decl, ast.Deadline) else "let"
        rule_id = f"{kind}:{name}"
        citation = self.cite(decl.citation, rule_id)
        label = decl.label.value if decl.label else None
        self.def_types[name] = node.type
        self.deps[name] = refs
        definition = Definition(name, kind, label, node, citation, rule_id, span=decl.span)
        self.checked_defs[name] = definition
        checked.append(definition)
        return node.type

    # ------------------------------------------------------------ decisions
    def check_decision(self, kind: str) -> DecisionModel | None:
        decl = self.decisions.get(kind)
        if decl is None:
            if kind == "status":
                self.error("missing-status", "the policy never decides a status", self.tree.span,
                           "add a `status first match { … }` block")
            return None
        outcomes = []
        seen: set[str] = set()
        self._context = kind
        self._refs = set()
        self._context_rollover = self.rollover
        decided = self._decided(decl)
        for outcome in decl.outcomes:
            code = outcome.name.value
            if code in seen:
                self.error("duplicate-name", f"{kind} `{code}` is listed twice", outcome.name.span,
                           "give it several `when` lines instead")
            seen.add(code)
            if kind == "status" and code not in schema.STATUSES:
                self.error("unknown-status", f"`{code}` is not a status of the shared vocabulary",
                           outcome.name.span,
                           did_you_mean(code, schema.STATUSES)
                           or "use one of: " + ", ".join(schema.STATUSES))
            alternatives = outcome.alternatives
            leading: tuple[Rule, ...] = ()
            if decided is not None:
                alternatives, first = _with_determination(decided, code, alternatives)
                leading = tuple(attrs.evolve(rule, id=f"{kind}:{code}#decided")
                                for rule in self.rules(f"{kind}:{code}", (first,)))
            rules = leading + self.rules(f"{kind}:{code}", alternatives)
            outcomes.append(OutcomeModel(code, outcome.label.value, rules))
        self.deps[kind] = self._refs
        self._check_otherwise_last(decl)
        if decided is None:
            return DecisionModel(kind, tuple(outcomes))
        return DecisionModel(kind, tuple(outcomes), decided.line.party.value,
                             self.cite(decided.line.citation, f"{kind}:decided"))

    def _decided(self, decl: ast.Decision) -> _Determination | None:
        """The ``decided by party [cite]`` line of a status block, checked: the party is
        declared and the policy reads the recorded ``determination``."""
        decided = decl.decided
        if decided is None:
            return None
        if decl.kind != "status":
            self.error("misplaced", "only the status block can be decided by a body: a stage "
                       "is not recorded as a determination", decided.span,
                       "move `decided by` into the `status first match` block")
            return None
        party = decided.party
        if party.value not in self.parties:
            self.error("unknown-party", f"no party `{party.value}` is declared", party.span,
                       did_you_mean(party.value, self.parties)
                       or f'declare it: `party {party.value} "…"`')
        if DETERMINATION not in self.facts:
            self.error("unknown-fact", "`decided by` reads the recorded determination, which "
                       "the policy does not declare", decided.span,
                       f"add `facts {DETERMINATION}`")
            return None
        codes = tuple(o.name.value for o in decl.outcomes)
        return _Determination(decided, codes, DETERMINED_ON in self.facts)

    def _check_otherwise_last(self, decl: ast.Decision) -> None:
        alternatives = [a for o in decl.outcomes for a in o.alternatives]
        for alternative in alternatives[:-1]:
            if alternative.condition is None:
                self.error("unreachable", "`otherwise` must be the last rule of the block: "
                           "the rules after it can never apply", alternative.span)

    def rules(self, prefix: str, alternatives: Iterable[ast.Alternative]) -> tuple[Rule, ...]:
        rules = []
        for index, alternative in enumerate(alternatives, start=1):
            rule_id = f"{prefix}#{index}"
            before = set(self._refs)
            self._refs = set()
            condition = None
            if alternative.condition is not None:
                condition = self.condition(alternative.condition)
            exceptions = []
            for exception in alternative.exceptions:
                node = self.condition(exception.condition)
                if node is not None:
                    exceptions.append((node, self.cite(exception.citation, rule_id)))
            reads = self._reads(self._refs)
            self._refs |= before
            assumed = alternative.assumed.value if alternative.assumed is not None else None
            rules.append(Rule(
                rule_id, condition, self.cite(alternative.citation, rule_id), tuple(exceptions),
                reads, span=alternative.span, assumed=assumed,
            ))
        return tuple(rules)

    def _reads(self, refs: set[str]) -> tuple[str, ...]:
        """The facts (and ``today``) a rule reads, directly or through definitions."""
        seen: set[str] = set()
        facts: set[str] = set()
        stack = list(refs)
        while stack:
            ref = stack.pop()
            if ref in seen:
                continue
            seen.add(ref)
            if ref.startswith("fact:"):
                facts.add(ref[5:])
            elif ref == "today":
                facts.add("today")
            elif ref.startswith("def:"):
                stack.extend(self.deps.get(ref[4:], ()))
            elif ref in ("status", "stage"):
                facts.add(ref)
        position = self._fact_positions()
        return tuple(sorted(facts, key=lambda f: position.get(f, -1)))

    def _fact_positions(self) -> dict[str, int]:
        """Where each fact (then ``today``, ``status``, ``stage``) comes in the declared order.

        Facts are only ever added (a redeclaration keeps its place), so the table is rebuilt
        only when their number changes, not once per rule."""
        cached = self._positions
        if cached is not None and cached[0] == len(self.facts):
            return cached[1]
        position: dict[str, int] = {}
        for index, name in enumerate([*self.facts, "today", "status", "stage"]):
            position.setdefault(name, index)
        self._positions = (len(self.facts), position)
        return position

    def condition(self, expr: ast.Expr) -> Node | None:
        node = self.expr(expr)
        if node is not None and node.type.kind not in ("bool", "error"):
            self.error("type-error", f"a condition must be true or false, but this is {node.type}",
                       expr.span)
        return node

    # ------------------------------------------------------------ actions
    def check_actions(self, declarations: list[Any]) -> tuple[ActionModel, ...]:
        models = []
        counts: dict[str, int] = {}
        for decl in declarations:
            if not isinstance(decl, ast.Action):
                continue
            code = decl.code.value
            counts[code] = counts.get(code, 0) + 1
            action_id = code if counts[code] == 1 else f"{code}#{counts[code]}"
            if code not in schema.ACTIONS:
                close = did_you_mean(code, schema.ACTIONS, cutoff=0.85)
                if close is not None:
                    self.warn("custom-action", f"`{code}` is not an action of the shared "
                              "vocabulary; it is this policy's own", decl.code.span, close)
            self._context = f"action:{action_id}"
            self._refs = set()
            self._context_rollover = self.rollover
            props = self.action_properties(decl)
            rules = self.rules(f"action:{action_id}", decl.alternatives)
            self.deps[f"action:{action_id}"] = self._refs
            models.append(ActionModel(
                action_id, code, decl.label.value, props.get("by"), props.get("target"),
                props.get("to", ()), props.get("level"), props.get("way"), props.get("due"),
                rules, span=decl.span,
            ))
        return tuple(models)

    def action_properties(self, decl: ast.Action) -> dict[str, Any]:
        return self.properties(decl.properties)

    def properties(self, properties: Iterable[ast.ActionProperty]) -> dict[str, Any]:
        """``by``, ``target``, ``to``, ``level``, ``way`` and ``due``, checked."""
        props: dict[str, Any] = {}
        for prop in properties:
            if prop.key in props:
                self.error("duplicate-field", f"`{prop.key}` is given twice", prop.span)
                continue
            if prop.key in ("by", "target", "to"):
                for name in prop.names:
                    if name.value not in self.parties:
                        self.error("unknown-party", f"no party named `{name.value}`", name.span,
                                   did_you_mean(name.value, self.parties)
                                   or f'declare it: `party {name.value} "中文名称"`')
                names = tuple(n.value for n in prop.names)
                props[prop.key] = names if prop.key == "to" else names[0]
            elif prop.key in ("level", "way"):
                props[prop.key] = prop.names[0].value
            else:
                assert prop.expr is not None
                node = self.expr(prop.expr)
                if node is not None and node.type.kind not in ("date", "error"):
                    self.error("type-error", f"`due` takes a date, not {node.type}",
                               prop.expr.span)
                props["due"] = node
        return props

    def _custom_code(self, code: ast.Name) -> None:
        if code.value not in schema.ACTIONS:
            close = did_you_mean(code.value, schema.ACTIONS, cutoff=0.85)
            if close is not None:
                self.warn("custom-action", f"`{code.value}` is not an action of the shared "
                          "vocabulary; it is this policy's own", code.span, close)

    def _emitted_action(self, action_id: str, code: ast.Name, label: ast.Text,
                        properties: tuple[ast.ActionProperty, ...], rule: Rule,
                        span: Span) -> ActionModel:
        """The action a ladder step or a follow-up asks for (its due date is computed)."""
        for prop in properties:
            if prop.key == "due":
                self.error("bad-property", "a step or follow-up falls due at the end of its "
                           "wait, so it takes no `due`", prop.span,
                           "say the wait: `wait 10 workdays after previous`, "
                           "`within 5 workdays`")
        props = self.properties(p for p in properties if p.key != "due")
        self._custom_code(code)
        return ActionModel(
            action_id, code.value, label.value, props.get("by"), props.get("target"),
            props.get("to", ()), props.get("level"), props.get("way"), None, (rule,), span=span,
        )

    def _typed(self, expr: ast.Expr, kind: str, what: str) -> Node | None:
        node = self.expr(expr)
        if node is not None and node.type.kind not in (kind, "error"):
            self.error("type-error", f"{what}, not {node.type}", expr.span)
            return None
        return node

    # ------------------------------------------------------------ ladders
    def check_ladders(self, declarations: list[Any]) -> tuple[LadderModel, ...]:
        models: list[LadderModel] = []
        for decl in declarations:
            if not isinstance(decl, ast.Ladder):
                continue
            name = decl.name.value
            if any(m.name == name for m in models):
                self.error("duplicate-name", f"ladder `{name}` is declared twice", decl.name.span)
                continue
            self._require_events(decl.name.span)
            self._context = f"ladder:{name}"
            self._context_rollover = self.rollover
            self._refs = set()
            until = self.condition(decl.until) if decl.until is not None else None
            ladder_refs = set(self._refs)
            citation = self.cite(decl.citation, f"ladder:{name}")
            steps = [self.check_step(name, index, step, ladder_refs)
                     for index, step in enumerate(decl.steps)]
            codes = [step.code.value for step in decl.steps]
            for step in decl.steps:
                if codes.count(step.code.value) > 1:
                    self.error("duplicate-name", f"`{step.code.value}` is a step of ladder "
                               f"`{name}` more than once", step.code.span,
                               "a step is known taken by its code: give each step its own")
                    break
            models.append(LadderModel(name, decl.label.value, until, citation, tuple(steps),
                                      span=decl.span))
        return tuple(models)

    def check_step(self, ladder: str, index: int, step: ast.Step,
                   ladder_refs: set[str]) -> StepModel:
        rule_id = f"ladder:{ladder}/{step.code.value}"
        self._refs = set(ladder_refs)
        wait = self._typed(step.wait, "duration", "a step waits a duration (`10 workdays`)")
        self._previous = index > 0
        anchor = self._typed(step.anchor, "date", "a step waits after a date")
        self._previous = None
        until = self.condition(step.until) if step.until is not None else None
        reads = self._reads(self._refs | {"fact:events", "today"})
        self.deps[rule_id] = set(self._refs)
        rule = Rule(rule_id, None, self.cite(step.citation, rule_id), (), reads, span=step.span)
        action = self._emitted_action(f"{ladder}/{step.code.value}", step.code, step.label,
                                      step.properties, rule, step.span)
        missing = Node("const", Type("error"))
        return StepModel(action, wait or missing, anchor or missing, until, span=step.span)

    # ------------------------------------------------------------ follow-ups
    def check_afters(self, declarations: list[Any]) -> tuple[AfterModel, ...]:
        models: list[AfterModel] = []
        for decl in declarations:
            if not isinstance(decl, ast.After):
                continue
            kinds = tuple(dict.fromkeys(k.value for k in decl.kinds))
            for kind in decl.kinds:
                self._check_kind(kind)
            block_id = "after:" + "+".join(kinds)
            if any(m.id == block_id for m in models):
                self.error("duplicate-name", f"`after {', '.join(kinds)}` is declared twice",
                           decl.span, "put all its follow-ups in one block")
                continue
            self._require_events(decl.kinds[0].span)
            self._context = block_id
            self._context_rollover = self.rollover
            self._refs = set()
            until = self.condition(decl.until) if decl.until is not None else None
            block_refs = set(self._refs)
            citation = self.cite(decl.citation, block_id)
            follow_ups: list[FollowUpModel] = []
            for item in decl.follow_ups:
                if item.code.value in kinds:
                    self.error("bad-follow-up", f"`{item.code.value}` cannot follow itself",
                               item.code.span, "a follow-up is a measure of another kind")
                    continue
                if any(f.code == item.code.value for f in follow_ups):
                    self.error("duplicate-name", f"`{item.code.value}` follows twice",
                               item.code.span)
                    continue
                follow_ups.append(self.check_follow_up(block_id, item, block_refs))
            label = decl.label.value if decl.label is not None else None
            models.append(AfterModel(block_id, kinds, label, until, citation,
                                     tuple(follow_ups), span=decl.span))
        return tuple(models)

    def check_follow_up(self, block_id: str, item: ast.FollowUp,
                        block_refs: set[str]) -> FollowUpModel:
        rule_id = f"{block_id}/{item.code.value}"
        self._refs = set(block_refs)
        within = self._typed(item.within, "duration",
                             "a follow-up is due within a duration (`5 workdays`)")
        reads = self._reads(self._refs | {"fact:events", "today"})
        self.deps[rule_id] = set(self._refs)
        rule = Rule(rule_id, None, self.cite(item.citation, rule_id), (), reads, span=item.span)
        action = self._emitted_action(rule_id[len("after:"):], item.code, item.label,
                                      item.properties, rule, item.span)
        return FollowUpModel(action, within or Node("const", Type("error")))

    # ------------------------------------------------------------ recorded measures
    def _require_events(self, span: Span) -> bool:
        if "events" in self.facts:
            return True
        if not self._events_missing_reported:
            self._events_missing_reported = True
            self.error("unknown-name", "the finding's recorded measures are read here, but the "
                       "policy does not declare them", span, "declare them: `facts events`")
        return False

    def _check_kind(self, kind: ast.Name) -> bool:
        if kind.value in self.event_kinds:
            return True
        self.error("unknown-measure", f"`{kind.value}` is not a measure a finding can record",
                   kind.span, did_you_mean(kind.value, self.event_kinds)
                   or "measures are action codes: the shared vocabulary's or the policy's own")
        return False

    def _expr_eventquery(self, expr: ast.EventQuery, expected: Type | None) -> Node | None:
        known = all([self._check_kind(kind) for kind in expr.kinds])
        if not self._require_events(expr.span) or not known:
            return None
        self._refs.update(("fact:events", "today"))
        events = Node("fact", self.facts["events"].type, value="events", span=expr.span)
        today = Node("today", DATE, span=expr.span)
        result = {"count": INTEGER, "first": DATE.maybe(), "last": DATE.maybe(),
                  "taken": BOOL}[expr.function]
        kinds = tuple(sorted({kind.value for kind in expr.kinds}))
        node = Node(expr.function, result, (events, today), value=kinds, span=expr.span)
        return Node("not", BOOL, (node,), span=expr.span) if expr.negated else node

    # ------------------------------------------------------------ evaluation order
    def evaluation_order(self) -> tuple[Step, ...]:
        graph: dict[str, set[str]] = {}
        for name, refs in self.deps.items():
            if name.startswith(("action:", "ladder:", "after:")):
                continue
            graph[name] = {r[4:] if r.startswith("def:") else r for r in refs
                           if r.startswith("def:") or r in ("status", "stage")}
        try:
            order = list(TopologicalSorter(graph).static_order())
        except CycleError as cycle:
            members = cycle.args[1]
            self.error("cycle", "these definitions depend on one another in a circle: "
                       + " → ".join(f"`{m}`" for m in members), self._def_span(members[0]))
            return ()
        steps: list[Step] = []
        for name in order:
            if name in ("status", "stage"):
                if name in self.decisions:
                    steps.append((name, ""))
            elif name in self.checked_defs:
                steps.append(("def", name))
        return tuple(steps)

    def _def_span(self, name: str) -> Span | None:
        decl = self.defs.get(name) or self.decisions.get(name)
        return decl.span if decl is not None else None

    # ------------------------------------------------------------ expressions
    def expr(self, expr: ast.Expr, *, expected: Type | None = None,
             _visiting: set[str] | None = None,
             _checked: list[Definition] | None = None) -> Node | None:
        """Type an expression; None (after reporting) where it is wrong."""
        method = getattr(self, f"_expr_{type(expr).__name__.lower()}")
        self._visiting = _visiting if _visiting is not None else getattr(self, "_visiting", set())
        self._checked = _checked if _checked is not None else getattr(self, "_checked", [])
        result: Node | None = method(expr, expected)
        return result

    def _expr_literal(self, expr: ast.Literal, expected: Type | None) -> Node | None:
        if expr.kind == "word":
            return self._enum_value(str(expr.value), expr.span, expected)
        literal_type = _literal_type(expr)
        assert literal_type is not None
        return Node("const", literal_type, value=expr.value, span=expr.span)

    def _enum_value(self, word: str, span: Span, expected: Type | None) -> Node | None:
        if expected is not None and expected.kind == "enum" and word in expected.values:
            return Node("const", Type("enum", expected.values), value=word, span=span)
        return None

    def _expr_ref(self, expr: ast.Ref, expected: Type | None) -> Node | None:
        name = expr.name
        if name in self.facts:
            self._refs.add(f"fact:{name}")
            return Node("fact", self.facts[name].type, value=name, span=expr.span)
        if name in self.params:
            self._refs.add(f"param:{name}")
            return Node("param", self.params[name].type, value=name, span=expr.span)
        if name in self.defs and name != DEADLINE:
            return self._def_ref(name, expr.span)
        enum = self._enum_value(name, expr.span, expected)
        if enum is not None:
            return enum
        candidates = [*self.facts, *self.params, *self.defs, *schema.FIELDS]
        if expected is not None and expected.kind == "enum":
            candidates.extend(expected.values)
        hint = did_you_mean(name, candidates)
        if name in schema.FIELDS:
            hint = f"`{name}` is a field of the shared schema: declare it first with `fact {name}`"
        elif hint is not None and name not in self.facts:
            suggestion = hint.split("`")[1]
            if suggestion in schema.FIELDS and suggestion not in self.facts:
                hint = f"{hint} (a schema field: declare it with `fact {suggestion}`)"
        if expected is not None and expected.kind == "enum":
            message = (f"`{name}` is neither a declared name nor one of the values "
                       f"{', '.join(expected.values)}")
        else:
            message = f"no fact, parameter or definition named `{name}`"
        self.error("unknown-name", message, expr.span, hint)
        return None

    def _def_ref(self, name: str, span: Span) -> Node | None:
        if name == self._context:
            self.error("cycle", f"`{name}` is defined in terms of itself", span)
            return None
        saved_ctx = (self._context, self._refs, self._context_rollover)
        result_type = self._check_def(name, self._checked, self._visiting)
        self._context, self._refs, self._context_rollover = saved_ctx
        self._refs.add(f"def:{name}")
        if result_type is None:
            self.error("cycle", f"`{name}` depends on itself through other definitions", span)
            return None
        if result_type.kind == "error":
            return None
        return Node("def", result_type, value=name, span=span)

    def _expr_builtin(self, expr: ast.Builtin, expected: Type | None) -> Node | None:
        name = expr.name
        if name == "today":
            self._refs.add("today")
            return Node("today", DATE, span=expr.span)
        if name == "previous":
            return self._previous_ref(expr.span)
        if name == "deadline":
            if DEADLINE not in self.defs:
                self.error("unknown-name", "the policy declares no rectification deadline",
                           expr.span, 'add `deadline "整改时限" = … [clause]`')
                return None
            return self._def_ref(DEADLINE, expr.span)
        decision = self.decisions.get(name)
        if decision is None:
            self.error("unknown-name", f"the policy decides no `{name}`", expr.span)
            return None
        if self._context == name:
            self.error("cycle", f"a `{name}` rule cannot read `{name}` itself", expr.span)
            return None
        self._refs.add(name)
        codes = self.status_codes if name == "status" else self.stage_codes
        return Node(name, Type("enum", codes), span=expr.span)

    def _previous_ref(self, span: Span) -> Node | None:
        if self._previous is None:
            self.error("misplaced-previous", "`previous` is the day the step before was taken; "
                       "only the date a ladder step waits after may use it", span)
            return None
        if not self._previous:
            self.error("misplaced-previous", "the first step of a ladder has no step before it",
                       span, "let it wait after `deadline` or another date")
            return None
        return Node("previous", DATE, span=span)

    def _expr_unary(self, expr: ast.Unary, expected: Type | None) -> Node | None:
        if expr.op == "not":
            operand = self.condition(expr.operand)
            if operand is None:
                return None
            return Node("not", BOOL, (operand,), span=expr.span)
        operand = self.expr(expr.operand)
        if operand is None:
            return None
        if operand.type.kind not in ("integer", "money"):
            self.error("type-error", f"cannot negate {operand.type}", expr.span)
            return None
        return Node("neg", operand.type, (operand,), span=expr.span)

    def _expr_binary(self, expr: ast.Binary, expected: Type | None) -> Node | None:
        op = expr.op
        if op in ("and", "or"):
            left, right = self.condition(expr.left), self.condition(expr.right)
            if left is None or right is None:
                return None
            return Node(op, BOOL, (left, right), span=expr.span)
        left = self.expr(expr.left, expected=expected if op == "??" else None)
        if left is None and not isinstance(expr.left, ast.Ref) and isinstance(expr.right, ast.Ref):
            return None  # the right side may be an enum value only the left side's type explains
        right_expected = left.type if left is not None else None
        right = self.expr(expr.right, expected=right_expected if op != "??" else expected)
        if left is None and right is not None and isinstance(expr.left, ast.Ref):
            left = self.expr(expr.left, expected=right.type)
            self._drop_last_unknown(expr.left.span)
        if left is None or right is None:
            return None
        if op in ("==", "!=", "<", "<=", ">", ">="):
            return self._comparison(expr, left, right)
        if op == "??":
            if not left.type.optional:
                self.warn("never-unset", f"the left side of `??` is {left.type} and is always set;"
                          " the right side is never used", expr.left.span)
            if not _compatible(left.type, right.type):
                self.error("type-error", f"`??` joins {left.type} with {right.type}", expr.span)
                return None
            return Node("coalesce", left.type.maybe(right.type.optional), (left, right),
                        span=expr.span)
        return self._arithmetic(expr, left, right)

    def _drop_last_unknown(self, span: Span) -> None:
        """Forget an unknown-name error that a second, typed look succeeded in resolving."""
        self.errors = [e for e in self.errors if not (e.code == "unknown-name" and e.span == span)]

    def _comparison(self, expr: ast.Binary, left: Node, right: Node) -> Node | None:
        op = expr.op
        if not _compatible(left.type, right.type):
            self.error("type-error", f"cannot compare {left.type} with {right.type}", expr.span,
                       self._compare_hint(left, right))
            return None
        if op not in ("==", "!=") and left.type.kind not in ("integer", "money", "date"):
            self.error("type-error", f"`{op}` orders numbers, amounts and dates, not "
                       f"{left.type}", expr.span)
            return None
        if left.type.kind == "enum" and right.op == "const" and right.value not in left.type.values:
            self.error("type-error", f"`{right.value}` is not one of {', '.join(left.type.values)}",
                       right.span, did_you_mean(str(right.value), left.type.values))
            return None
        return Node("cmp", BOOL, (left, right), value=op, span=expr.span)

    @staticmethod
    def _compare_hint(left: Node, right: Node) -> str | None:
        kinds = {left.type.kind, right.type.kind}
        if kinds == {"date", "duration"}:
            return "add the duration to a date first, e.g. `issued_on + 6 months`"
        if kinds == {"date", "integer"}:
            return "subtract two dates to get days, e.g. `today - deadline > 30`"
        return None

    def _arithmetic(self, expr: ast.Binary, left: Node, right: Node) -> Node | None:
        op = expr.op
        lk, rk = left.type.kind, right.type.kind
        optional = left.type.optional or right.type.optional
        if lk == "date" and rk == "duration" and op in ("+", "-"):
            kind = "period" if op == "+" else "back"
            value = self._context_rollover if op == "+" else False
            return Node(kind, DATE.maybe(optional), (left, right), value=value, span=expr.span)
        if lk == "date" and rk == "date" and op == "-":
            return Node("diff", INTEGER.maybe(optional), (left, right), span=expr.span)
        numeric = {"integer", "money"}
        if op == "/":
            if lk == "money" and right.op == "const" and rk == "integer" and right.value > 0:
                return Node("div", MONEY.maybe(optional), (left, right), span=expr.span)
            divisor = right.value if right.op == "const" else right.type
            self.error("type-error", f"`/` divides an amount by a whole number above 0 written "
                       f"out, not {left.type} by {divisor}", expr.span,
                       "e.g. `problem_amount / 3`: the share, rounded to the fen")
            return None
        if lk in numeric and rk in numeric:
            if op == "*" and lk == "money" and rk == "money":
                self.error("type-error", "cannot multiply two amounts", expr.span)
                return None
            result = MONEY if "money" in (lk, rk) else INTEGER
            name = {"+": "add", "-": "sub", "*": "mul"}[op]
            return Node(name, result.maybe(optional), (left, right), span=expr.span)
        hint = None
        if lk == "date" and rk == "integer":
            hint = f"say the unit: `… {op} {expr.right.span.text} days`"
        self.error("type-error", f"cannot {'add' if op == '+' else 'apply'} `{op}` to {left.type} "
                   f"and {right.type}", expr.span, hint)
        return None

    def _expr_isset(self, expr: ast.IsSet, expected: Type | None) -> Node | None:
        operand = self.expr(expr.operand)
        if operand is None:
            return None
        if not operand.type.optional:
            self.error("type-error", f"this is {operand.type} and always has a value, so "
                       "`is set` says nothing", expr.span)
            return None
        node = Node("isset", BOOL, (operand,), span=expr.span)
        return Node("not", BOOL, (node,), span=expr.span) if expr.negated else node

    def _expr_member(self, expr: ast.Member, expected: Type | None) -> Node | None:
        operand = self.expr(expr.operand)
        if operand is None:
            return None
        options = []
        for option in expr.options:
            node = self.expr(option, expected=operand.type)
            if node is None:
                return None
            if not _compatible(operand.type, node.type):
                self.error("type-error", f"cannot compare {operand.type} with {node.type}",
                           option.span)
                return None
            if operand.type.kind == "enum" and node.op == "const" and (
                    node.value not in operand.type.values):
                self.error("type-error", f"`{node.value}` is not one of "
                           f"{', '.join(operand.type.values)}", option.span,
                           did_you_mean(str(node.value), operand.type.values))
                return None
            options.append(node)
        node = Node("in", BOOL, (operand, *options), span=expr.span)
        return Node("not", BOOL, (node,), span=expr.span) if expr.negated else node

    def _expr_conditional(self, expr: ast.Conditional, expected: Type | None) -> Node | None:
        condition = self.condition(expr.condition)
        then = self.expr(expr.then, expected=expected)
        otherwise = self.expr(expr.otherwise, expected=then.type if then else expected)
        if condition is None or then is None or otherwise is None:
            return None
        if not _compatible(then.type, otherwise.type):
            self.error("type-error", f"the two branches give {then.type} and {otherwise.type}",
                       expr.span)
            return None
        result = then.type.maybe(then.type.optional or otherwise.type.optional)
        return Node("if", result, (condition, then, otherwise), span=expr.span)

    def _expr_call(self, expr: ast.Call, expected: Type | None) -> Node | None:
        name = expr.function.value
        if name not in _FUNCTIONS:
            self.error("unknown-function", f"no function named `{name}`", expr.function.span,
                       did_you_mean(name, _FUNCTIONS) or "functions: " + ", ".join(
                           sorted(_FUNCTIONS)))
            return None
        args = [self.expr(a) for a in expr.args]
        if any(a is None for a in args):
            return None
        present = [a for a in args if a is not None]
        if name == "days_between":
            if len(present) != 2 or any(a.type.kind != "date" for a in present):
                self.error("type-error", "`days_between(a, b)` takes two dates", expr.span)
                return None
            optional = any(a.type.optional for a in present)
            return Node("diff", INTEGER.maybe(optional), (present[1], present[0]), span=expr.span)
        if len(present) < 2 or not all(_compatible(present[0].type, a.type) for a in present):
            self.error("type-error", f"`{name}(…)` takes two or more values of one type",
                       expr.span)
            return None
        if present[0].type.kind not in ("integer", "money", "date"):
            self.error("type-error", f"`{name}` compares numbers, amounts or dates", expr.span)
            return None
        optional = any(a.type.optional for a in present)
        kind = "money" if any(a.type.kind == "money" for a in present) else present[0].type.kind
        return Node("call", Type(kind, optional=optional), tuple(present), value=name,
                    span=expr.span)


def _walk_citations(tree: ast.PolicyFile) -> Iterable[ast.Citation]:
    """Every citation in the file, for locating an unknown clause."""
    stack: list[Any] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Citation):
            yield node
            continue
        if isinstance(node, (tuple, list)):
            stack.extend(node)
        elif hasattr(node, "__attrs_attrs__"):
            stack.extend(getattr(node, a.name) for a in node.__attrs_attrs__)


def _event_kinds(declarations: Iterable[Any]) -> frozenset[str]:
    """The measures a finding may record: the shared vocabulary and the policy's own actions."""
    kinds = set(schema.ACTIONS)
    for decl in declarations:
        if isinstance(decl, ast.Action):
            kinds.add(decl.code.value)
        elif isinstance(decl, ast.Ladder):
            kinds.update(step.code.value for step in decl.steps)
        elif isinstance(decl, ast.After):
            kinds.update(item.code.value for item in decl.follow_ups)
    return frozenset(kinds)


def parse_param_value(raw: Any, type_: Type) -> Any:
    """A deployment's value for a parameter of ``type_``, from Python or from text."""
    kind = type_.kind
    if kind == "duration":
        duration = raw if isinstance(raw, Duration) else None
        if isinstance(raw, str):
            duration = Duration.parse(raw)
        if duration is not None:
            problem = too_long(duration.amount, duration.unit)
            if problem is not None:
                raise ValueError(problem)
            return duration
    elif kind == "money":
        if isinstance(raw, (int, Decimal)) and not isinstance(raw, bool):
            return Decimal(raw)
        if isinstance(raw, str):
            text = raw.strip().removesuffix("yuan").removesuffix("元").strip()
            try:
                return Decimal(text)
            except ArithmeticError:
                pass
    elif kind == "integer":
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.strip().lstrip("-").isdigit():
            return int(raw)
    elif kind == "date":
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                return iso_date(raw)
            except ValueError:
                pass
    elif kind == "bool":
        if isinstance(raw, bool):
            return raw
        if raw in ("true", "false"):
            return raw == "true"
    elif kind == "text" and isinstance(raw, str):
        return raw
    raise ValueError(f"`{raw}` is not a {kind}")


def check(tree: ast.PolicyFile, overrides: Mapping[str, Any] | None = None) -> PolicyModel:
    """Check a parsed rule file; raise PolicyError listing every problem."""
    return _Checker(tree, overrides or {}).run()
