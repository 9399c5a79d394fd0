"""The shape of a compiled query: a chain of layers, each one projection over the last.

A value computed from the findings is a :class:`Val`: a sqlglot expression and
the *level* of the layer whose SELECT list it may appear in.  Layer 0 reads the
findings table; layer *n* selects ``r.*`` from layer *n - 1* (aliased ``r``),
adds its own columns, and may join the calendar table.  A value that reads a
joined calendar row is *pinned* to the layer of that join; to use it later the
plan stores it in a column of that layer first (:meth:`Plan.at`).  Combining
values therefore never needs to know how the query is laid out, and every
intermediate result that is read twice is computed once.

Every name in the query is generated here (``l3``, ``r``, ``j0``, ``c12``); no
identifier from a rule file or a finding ever becomes one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs
from sqlglot import exp

__all__ = ["Plan", "Val"]

#: The alias of the previous layer inside each layer.
PREVIOUS = "r"


@attrs.frozen
class Val:
    """A value and the earliest layer whose SELECT list may compute it."""

    sql: exp.Expr
    level: int
    pinned: bool = False

    @classmethod
    def constant(cls, sql: exp.Expr) -> Val:
        return cls(sql, 0)


def column(name: str) -> exp.Column:
    """A column of the previous layer."""
    return exp.column(name, table=PREVIOUS)


class _Layer:
    def __init__(self) -> None:
        self.columns: list[tuple[str, exp.Expr]] = []
        self.joins: list[exp.Join] = []


class Plan:
    """Layers under construction, with the columns and joins added to each."""

    def __init__(self, calendar: exp.Table) -> None:
        self.calendar = calendar
        self.layers: list[_Layer] = [_Layer()]
        self._names = 0
        self._joins: dict[tuple[str, int], str] = {}
        self._stored: dict[tuple[str, int], Val] = {}

    def name(self, prefix: str) -> str:
        """A fresh column or alias name."""
        self._names += 1
        return f"{prefix}{self._names}"

    def layer(self, level: int) -> _Layer:
        while len(self.layers) <= level:
            self.layers.append(_Layer())
        return self.layers[level]

    # ------------------------------------------------------------ values
    def store(self, val: Val, prefix: str = "c") -> Val:
        """``val`` kept in a column: readable from the next layer on, without recomputing.

        An expression already stored in the same layer is not stored again:
        rules written alike (the same condition in several actions, as the
        five sanctions of one clause) are then computed once per row.
        """
        if isinstance(val.sql, exp.Column) and not val.pinned and val.level > 0:
            return val
        key = (val.sql.sql(), val.level)
        known = self._stored.get(key)
        if known is not None:
            return known
        name = self.name(prefix)
        self.layer(val.level).columns.append((name, val.sql))
        stored = self._stored[key] = Val(column(name), val.level + 1)
        return stored

    def at(self, val: Val, level: int) -> exp.Expr:
        """``val``'s expression, valid in the SELECT list of layer ``level`` (>= its own)."""
        if val.level == level or not val.pinned:
            return val.sql
        return self.store(val).sql

    def combine(self, vals: Sequence[Val], build: Callable[..., exp.Expr]) -> Val:
        """A value computed from ``vals`` in the earliest layer that can read them all."""
        level = max((v.level for v in vals), default=0)
        sqls = [self.at(v, level) for v in vals]
        pinned = any(v.pinned and v.level == level for v in vals)
        return Val(build(*sqls), level, pinned)

    # ------------------------------------------------------------ calendar joins
    def lookup(self, on: Callable[[exp.Identifier], exp.Expr],
               key: Val) -> tuple[str, int]:
        """Join a calendar row on ``on(alias)`` in ``key``'s layer: the row's alias and layer.

        The same condition in the same layer joins once, however often it is
        looked up.  Layer 0 reads the findings alone, so joins start at layer 1.
        """
        level = max(key.level, 1)
        signature = (on(exp.to_identifier("_")).sql(), level)
        known = self._joins.get(signature)
        if known is not None:
            return known, level
        alias = self.name("j")
        condition = on(exp.to_identifier(alias))
        join = exp.Join(
            this=exp.alias_(self.calendar.copy(), alias, table=True),
            side="LEFT",
            on=condition,
        )
        self.layer(level).joins.append(join)
        self._joins[signature] = alias
        return alias, level

    # ------------------------------------------------------------ the query
    def lift(self, vals: Sequence[Val]) -> tuple[int, list[exp.Expr]]:
        """The last layer's level, and ``vals`` as expressions valid there.

        Call once, after every value is built: lifting may store values in
        earlier layers, and :meth:`select` lays the layers out as they are then.
        """
        final = max(1, max((v.level for v in vals), default=0))
        return final, [self.at(v, final) for v in vals]

    def select(self, source: exp.Expr, final: int,
               outputs: Sequence[tuple[str, exp.Expr]]) -> exp.Select:
        """The whole query: one CTE per layer below ``final``, then the SELECT of ``outputs``."""
        select = exp.select(*(exp.alias_(e.copy(), exp.to_identifier(a, quoted=True))
                              for a, e in outputs))
        select = self._layer(select, final)
        for level in range(final):
            layer = self.layers[level] if level < len(self.layers) else _Layer()
            columns = [exp.alias_(e.copy(), n) for n, e in layer.columns]
            if level == 0:
                cte = exp.select(*columns).from_(source.copy(), copy=False)
            else:
                star = exp.Column(this=exp.Star(), table=exp.to_identifier(PREVIOUS))
                cte = self._layer(exp.select(star, *columns), level)
            select = select.with_(f"l{level}", as_=cte, copy=False)
        return select

    def _layer(self, select: exp.Select, level: int) -> exp.Select:
        """``select`` reading the layer below ``level``, with ``level``'s calendar joins.

        Built in place (``copy=False``), each part copied once: the builders' default copies
        the whole query at every join, which made a policy of many rules quadratic.
        """
        select = select.from_(exp.alias_(exp.to_table(f"l{level - 1}"), PREVIOUS, table=True),
                              copy=False)
        joins = self.layers[level].joins if level < len(self.layers) else []
        for join in joins:
            select = select.join(join.copy(), copy=False)
        return select
