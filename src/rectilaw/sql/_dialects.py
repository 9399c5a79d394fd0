"""What differs between SQL dialects beyond what sqlglot transpiles: lists, and ``today``.

The query is one sqlglot tree for every dialect except its two list columns.
DuckDB and Spark SQL have arrays of structs and lambdas; PostgreSQL has
arrays but no anonymous structs, so an action is a ``jsonb`` object there;
MySQL has no arrays at all, so both lists are JSON arrays.  ``today``, when the
caller leaves it open, is a named parameter in each dialect's driver syntax.

In DuckDB a list element that is a struct costs far more than one that is an
integer, and the list of actions is most of what the readable query costs; so
there the list is first one of integers, one per fired rule, and only the
actions that fired become structs (see :func:`_numbered_list`).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs
from sqlglot import exp
from sqlglot.dialects.mysql import MySQL
from sqlglot.generators.mysql import MySQLGenerator

__all__ = ["DIALECTS", "ListedAction", "action_list", "generator_dialect", "today_parameter",
           "year_list"]

#: The dialects the compiler writes.
DIALECTS = ("duckdb", "spark", "postgres", "mysql")


@attrs.frozen
class ListedAction:
    """One action of the list: the index of its fired rule (-1: none), its code, rules, due date."""

    fired: exp.Expr
    code: str
    rules: tuple[str, ...]
    due: exp.Expr | None

    def fields(self) -> list[tuple[str, exp.Expr]]:
        """The record of the action when it fires: ``code``, ``due`` and the fired ``rule``."""
        rule = exp.Case()
        for index, rule_id in enumerate(self.rules):
            rule = rule.when(exp.EQ(this=self.fired.copy(), expression=exp.Literal.number(index)),
                             exp.Literal.string(rule_id), copy=False)
        return [("code", exp.Literal.string(self.code)), ("due", self._due()), ("rule", rule)]

    def _due(self) -> exp.Expr:
        if self.due is None:
            return exp.cast(exp.null(), exp.DataType.build("DATE"))
        return self.due.copy()

    def applies(self) -> exp.Expr:
        """Whether a rule of the action fired."""
        return exp.GTE(this=self.fired.copy(), expression=exp.Literal.number(0))


class _MySQL(MySQL):
    """MySQL, with named parameters as its Python drivers write them (``%(today)s``)."""

    class Generator(MySQLGenerator):
        def placeholder_sql(self, expression: exp.Placeholder) -> str:
            return f"%({expression.name})s" if expression.this else "%s"


def generator_dialect(dialect: str) -> str | MySQL:
    """The sqlglot dialect that writes ``dialect``."""
    return _MySQL() if dialect == "mysql" else dialect


def today_parameter() -> exp.Expr:
    """``today`` as a named query parameter, typed as a date."""
    return exp.cast(exp.Placeholder(this="today"), exp.DataType.build("DATE"))


def _not_null(name: str) -> exp.Lambda:
    variable = exp.to_identifier(name)
    return exp.Lambda(this=exp.not_(exp.column(name).is_(exp.null())), expressions=[variable])


def _if(condition: exp.Expr, value: exp.Expr) -> exp.Expr:
    return exp.Case().when(condition, value)


def _struct(fields: Sequence[tuple[str, exp.Expr]]) -> exp.Expr:
    return exp.Struct(expressions=[exp.PropertyEQ(this=exp.to_identifier(name), expression=value)
                                   for name, value in fields])


def _json_pairs(fields: Sequence[tuple[str, exp.Expr]]) -> list[exp.Expr]:
    pairs: list[exp.Expr] = []
    for name, value in fields:
        pairs.extend([exp.Literal.string(name), value])
    return pairs


def _json_array_text(items: Sequence[exp.Expr]) -> exp.Expr:
    """``[a,b]`` from JSON texts, skipping the NULL ones, as MySQL JSON."""
    body = exp.func("COALESCE", exp.ConcatWs(expressions=[exp.Literal.string(","), *items]),
                    exp.Literal.string(""))
    text = exp.Concat(expressions=[exp.Literal.string("["), body, exp.Literal.string("]")])
    return exp.cast(text, exp.DataType.build("JSON"))


def action_list(dialect: str, actions: Sequence[ListedAction]) -> exp.Expr:
    """The fired actions, in policy order, as the dialect's list of records."""
    if not actions:
        return _empty(dialect, "actions")
    if dialect == "duckdb":
        return _numbered_list(actions)
    if dialect == "spark":
        array = exp.Array(expressions=[_if(a.applies(), _struct(a.fields())) for a in actions])
        return exp.ArrayFilter(this=array, expression=_not_null("a"))
    if dialect == "postgres":
        objects = [_if(a.applies(), exp.Anonymous(this="JSONB_BUILD_OBJECT",
                                                  expressions=_json_pairs(a.fields())))
                   for a in actions]
        return exp.Anonymous(this="ARRAY_REMOVE",
                             expressions=[exp.Array(expressions=objects), exp.null()])
    objects = [_if(a.applies(), exp.Anonymous(this="JSON_OBJECT",
                                              expressions=_json_pairs(a.fields())))
               for a in actions]
    return _json_array_text(objects)


def _numbered_list(actions: Sequence[ListedAction]) -> exp.Expr:
    """DuckDB's list of actions: the fired rules' numbers, then a record for each.

    Every rule of every action has a number from 1 (in policy order); a row
    lists the numbers of its fired rules, keeps the non-NULL ones, and turns
    each into ``{code, due, rule}`` by reading constant lists at that number.
    """
    numbers: list[exp.Expr] = []
    codes: list[exp.Expr] = []
    rules: list[exp.Expr] = []
    dated: list[tuple[int, int, exp.Expr]] = []
    for action in actions:
        first = len(codes) + 1
        numbers.append(_if(action.applies(), exp.Add(this=_operand(action.fired),
                                                     expression=exp.Literal.number(first))))
        codes.extend(exp.Literal.string(action.code) for _ in action.rules)
        rules.extend(exp.Literal.string(rule) for rule in action.rules)
        if action.due is None:
            continue
        if dated and dated[-1][1] == first - 1 and dated[-1][2] == action.due:
            dated[-1] = (dated[-1][0], len(codes), action.due)
        else:
            dated.append((first, len(codes), action.due))
    variable = exp.to_identifier("k")
    due: exp.Expr = exp.cast(exp.null(), exp.DataType.build("DATE"))
    if dated:
        due = exp.Case()
        for low, high, value in dated:
            due = due.when(exp.Between(this=exp.column(variable.copy()),
                                       low=exp.Literal.number(low),
                                       high=exp.Literal.number(high)), value.copy(), copy=False)
    fired = exp.ArrayFilter(this=exp.Array(expressions=numbers), expression=_not_null("k"))
    record = _struct([
        ("code", exp.Bracket(this=exp.Array(expressions=codes),
                             expressions=[exp.column(variable.copy())])),
        ("due", due),
        ("rule", exp.Bracket(this=exp.Array(expressions=rules),
                             expressions=[exp.column(variable.copy())])),
    ])
    return exp.Transform(this=fired, expression=exp.Lambda(this=record, expressions=[variable]))


def _operand(fired: exp.Expr) -> exp.Expr:
    """A fired-rule index as an operand of ``+``."""
    return fired.copy() if isinstance(fired, exp.Column | exp.Literal) else exp.Paren(
        this=fired.copy())


def year_list(dialect: str, years: Sequence[exp.Expr]) -> exp.Expr:
    """The distinct years among ``years`` (NULLs skipped), ascending, as the dialect's list."""
    if not years:
        return _empty(dialect, "years")
    if dialect in ("duckdb", "spark"):
        present = exp.ArrayFilter(this=exp.Array(expressions=list(years)),
                                  expression=_not_null("y"))
        listed = exp.ArraySort(this=exp.ArrayDistinct(this=present))
        none = exp.Is(this=exp.func("COALESCE", *years), expression=exp.null())
        return exp.Case().when(none, _empty(dialect, "years")).else_(listed)
    if dialect == "postgres":
        variable = exp.column("y")
        unnest = exp.Unnest(expressions=[exp.Array(expressions=list(years))],
                            alias=exp.TableAlias(this=exp.to_identifier("u"),
                                                 columns=[exp.to_identifier("y")]))
        select = (exp.select(variable).distinct().from_(unnest)
                  .where(exp.not_(variable.is_(exp.null()))).order_by(variable))
        return exp.Array(expressions=[select])
    distinct = [
        _if(exp.and_(exp.not_(year.is_(exp.null())),
                     *(exp.not_(exp.NullSafeEQ(this=year, expression=earlier))
                       for earlier in years[:index])),
            exp.cast(year, exp.DataType.build("CHAR")))
        for index, year in enumerate(years)
    ]
    return _json_array_text(distinct)


def _empty(dialect: str, kind: str) -> exp.Expr:
    if dialect == "mysql":
        return exp.cast(exp.Literal.string("[]"), exp.DataType.build("JSON"))
    if dialect == "postgres":
        element = "JSONB" if kind == "actions" else "INT"
        return exp.cast(exp.Array(expressions=[]), exp.DataType.build(f"{element}[]"))
    if dialect == "spark" and kind == "years":
        years = exp.DataType.build("ARRAY<INT>", dialect="spark")
        return exp.cast(exp.Array(expressions=[]), years)
    if kind == "years":
        return exp.cast(exp.Array(expressions=[]), exp.DataType.build("INT[]", dialect="duckdb"))
    return exp.Array(expressions=[])
