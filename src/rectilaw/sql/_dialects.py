"""What differs between SQL dialects beyond what sqlglot transpiles: lists, and ``today``.

The query is one sqlglot tree for every dialect except its two list columns.
DuckDB and Spark SQL have arrays of structs and lambdas; PostgreSQL has
arrays but no anonymous structs, so an action is a ``jsonb`` object there;
MySQL has no arrays at all, so both lists are JSON arrays.  ``today``, when the
caller leaves it open, is a named parameter in each dialect's driver syntax.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlglot import exp
from sqlglot.dialects.mysql import MySQL
from sqlglot.generators.mysql import MySQLGenerator

__all__ = ["DIALECTS", "action_list", "generator_dialect", "today_parameter", "year_list"]

#: The dialects the compiler writes.
DIALECTS = ("duckdb", "spark", "postgres", "mysql")

#: One action of the list: when it fires, and its fields (name, value).
ActionItem = tuple[exp.Expr, Sequence[tuple[str, exp.Expr]]]


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


def action_list(dialect: str, items: Sequence[ActionItem]) -> exp.Expr:
    """The fired actions, in policy order, as the dialect's list of records."""
    if not items:
        return _empty(dialect, "actions")
    if dialect in ("duckdb", "spark"):
        array = exp.Array(expressions=[_if(c, _struct(f)) for c, f in items])
        return exp.ArrayFilter(this=array, expression=_not_null("a"))
    if dialect == "postgres":
        objects = [_if(c, exp.Anonymous(this="JSONB_BUILD_OBJECT", expressions=_json_pairs(f)))
                   for c, f in items]
        return exp.Anonymous(this="ARRAY_REMOVE",
                             expressions=[exp.Array(expressions=objects), exp.null()])
    objects = [_if(c, exp.Anonymous(this="JSON_OBJECT", expressions=_json_pairs(f)))
               for c, f in items]
    return _json_array_text(objects)


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
