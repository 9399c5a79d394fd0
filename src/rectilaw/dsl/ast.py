"""The syntax tree of a rule file, as written.

Every node carries the :class:`~rectilaw.errors.Span` it came from, so that the
checker, the formatter and the documentation can point back at the text.  The
tree is plain data (attrs, frozen); meaning is given to it by the checker.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs

from rectilaw.errors import Span
from rectilaw.periods import Duration

# ----------------------------------------------------------------- pieces


@attrs.frozen
class Name:
    """An identifier as written, with its place."""

    value: str
    span: Span


@attrs.frozen
class Text:
    """A quoted string (adjacent strings joined), with its place."""

    value: str
    span: Span
    parts: tuple[str, ...] = ()


@attrs.frozen
class Citation:
    """``[7.1, 8]``: the clauses a rule encodes."""

    clauses: tuple[Name, ...]
    span: Span

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.clauses)


# ----------------------------------------------------------------- expressions

LiteralValue = bool | int | Decimal | Duration | date | str


@attrs.frozen
class Literal:
    """A constant. ``kind`` is one of integer, decimal, money, duration, date, bool, text, word."""

    value: LiteralValue
    kind: str
    span: Span


@attrs.frozen
class Ref:
    """A name used in an expression: a fact, parameter, definition or enum value."""

    name: str
    span: Span


@attrs.frozen
class Builtin:
    """``today``, ``status``, ``stage``, ``deadline`` or ``previous`` (in a ladder step)."""

    name: str
    span: Span


@attrs.frozen
class Unary:
    """``not x`` or ``-x``."""

    op: str
    operand: Expr
    span: Span


@attrs.frozen
class Binary:
    """``a op b`` for and, or, ??, +, -, *, ==, !=, <, <=, >, >=."""

    op: str
    left: Expr
    right: Expr
    span: Span
    spelled: str = ""


@attrs.frozen
class IsSet:
    """``x is set`` / ``x is not set``."""

    operand: Expr
    negated: bool
    span: Span


@attrs.frozen
class Member:
    """``x in (a, b)`` / ``x not in (a, b)``."""

    operand: Expr
    options: tuple[Expr, ...]
    negated: bool
    span: Span


@attrs.frozen
class Conditional:
    """``if c then a else b``."""

    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span


@attrs.frozen
class Call:
    """``name(args)``: a built-in function."""

    function: Name
    args: tuple[Expr, ...]
    span: Span


@attrs.frozen
class EventQuery:
    """What the finding's recorded measures say: ``count of k``, ``first k``, ``last k``,
    ``k is taken`` or ``k is not taken``.

    ``function`` is ``count``, ``first``, ``last`` or ``taken``; ``kinds`` are the
    action codes asked about; ``grouped`` remembers ``(a, b)`` written in parentheses.
    """

    function: str
    kinds: tuple[Name, ...]
    negated: bool
    span: Span
    grouped: bool = False


Expr = (
    Literal | Ref | Builtin | Unary | Binary | IsSet | Member | Conditional | Call | EventQuery
)

# ----------------------------------------------------------------- declarations


@attrs.frozen
class HeaderField:
    key: Name
    value: Literal


@attrs.frozen
class Header:
    """``policy sasac { title "…" … }``."""

    name: Name
    fields: tuple[HeaderField, ...]
    span: Span


@attrs.frozen
class Clause:
    """``clause 7.1 "（七）": "original text"`` with an optional ``not encoded "why"``."""

    id: Name
    title: Text | None
    text: Text
    not_encoded: Text | None
    span: Span


@attrs.frozen
class Party:
    """``party sasac "市国资委"``: someone who acts or is acted on."""

    name: Name
    label: Text
    span: Span


@attrs.frozen
class FactGroup:
    """``facts a, b, c``: several facts of the shared schema in one line."""

    facts: tuple[Fact, ...]
    span: Span


@attrs.frozen
class TypeSpec:
    """A declared type: a simple name, or an enum with its values."""

    name: str
    values: tuple[Name, ...]
    span: Span


@attrs.frozen
class Fact:
    """``fact corrected`` (shared schema) or ``fact x: bool "label"`` (the policy's own)."""

    name: Name
    type: TypeSpec | None
    label: Text | None
    citation: Citation | None
    span: Span


@attrs.frozen
class ParamValue:
    """One value of a parameter, in force from ``effective`` (None: always), cited or assumed."""

    effective: Literal | None
    value: Literal
    citation: Citation | None
    assumed: Text | None
    span: Span


@attrs.frozen
class Param:
    """``param name "label" = 6 months [8]``, possibly with later values ``from DATE = …``."""

    name: Name
    label: Text | None
    values: tuple[ParamValue, ...]
    span: Span


@attrs.frozen
class Let:
    """``let name "label" = expr [cite]``: a named definition."""

    name: Name
    label: Text | None
    expr: Expr
    citation: Citation | None
    span: Span


@attrs.frozen
class Deadline:
    """``deadline [name] "label" = expr [cite]``; unnamed, it is the rectification deadline."""

    name: Name | None
    label: Text
    expr: Expr
    citation: Citation
    rollover: bool | None
    span: Span


@attrs.frozen
class Exception_:
    """``unless expr [cite]``: an exception to the alternative before it."""

    condition: Expr
    citation: Citation
    span: Span


@attrs.frozen
class Alternative:
    """``when expr [cite]`` (with exceptions) or ``otherwise [cite]`` (condition None)."""

    condition: Expr | None
    citation: Citation
    exceptions: tuple[Exception_, ...]
    span: Span
    assumed: Text | None = None


@attrs.frozen
class Outcome:
    """One outcome of a decision: its code, its label in the policy's words, its alternatives."""

    name: Name
    label: Text
    alternatives: tuple[Alternative, ...]
    span: Span


@attrs.frozen
class Decided:
    """``decided by party [cite]``: the determination that party records is in force."""

    party: Name
    citation: Citation
    span: Span


@attrs.frozen
class Decision:
    """``status first match { … }`` or ``stage first match { … }``."""

    kind: str
    outcomes: tuple[Outcome, ...]
    span: Span
    decided: Decided | None = None


@attrs.frozen
class ActionProperty:
    """``by x``, ``target x``, ``to a, b``, ``level n``, ``way x`` or ``due expr``."""

    key: str
    names: tuple[Name, ...]
    expr: Expr | None
    span: Span


@attrs.frozen
class Action:
    """``action code "label" by … target … due … when … [cite]``."""

    code: Name
    label: Text
    properties: tuple[ActionProperty, ...]
    alternatives: tuple[Alternative, ...]
    span: Span


@attrs.frozen
class Step:
    """``step code "label" by … target … wait <duration> after <date> [until …] [cite]``."""

    code: Name
    label: Text
    properties: tuple[ActionProperty, ...]
    wait: Expr
    anchor: Expr
    until: Expr | None
    citation: Citation
    span: Span


@attrs.frozen
class Ladder:
    """``ladder name "label" [until …] [cite] { step … }``: escalation, one step at a time."""

    name: Name
    label: Text
    until: Expr | None
    citation: Citation
    steps: tuple[Step, ...]
    span: Span


@attrs.frozen
class FollowUp:
    """``action code "label" by … within <duration> [cite]`` inside an ``after`` block."""

    code: Name
    label: Text
    properties: tuple[ActionProperty, ...]
    within: Expr
    citation: Citation
    span: Span


@attrs.frozen
class After:
    """``after kind, kind ["label"] [until …] [cite] { action … }``: what follows a measure."""

    kinds: tuple[Name, ...]
    label: Text | None
    until: Expr | None
    citation: Citation
    follow_ups: tuple[FollowUp, ...]
    span: Span


Declaration = (
    Clause | Party | Fact | FactGroup | Param | Let | Deadline | Decision | Action | Ladder
    | After
)


@attrs.frozen
class Comment:
    """A ``#`` comment, kept for the formatter."""

    text: str
    line: int
    column: int


@attrs.frozen
class PolicyFile:
    """A whole rule file."""

    header: Header
    declarations: tuple[Declaration, ...]
    comments: tuple[Comment, ...]
    span: Span
