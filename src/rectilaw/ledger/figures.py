"""The figures of a yearly rectification report (整改情况报告), each with the rows it counts.

Seed 002 (一、二) reports: 审计报告反映 N 个问题，已整改到位 R 个，整改率 R/N%；促进增收节支、
拨付盘活追回资金、审减投资（万元），追责问责（人），完善规章制度（项）；仍在持续整改 N−R 个，
占 (N−R)/N%，其原因分为体制机制、情况复杂、涉及多个部门三类.  Seed 000 gives the same rate
per level of audit office (上级审计机关反馈 / 本级审计机关查出).

Counted over the findings evaluated (rows in error are listed apart and counted in none):

- *rectified*: the findings whose status counts as rectified (the policy's
  ``rectified_statuses``, or those chosen), as :mod:`rectilaw.ledger.stats` counts them;
- *still rectifying*: every other finding evaluated, so that rate and share add up to 100%;
- amounts: the sums of ``revenue_saved``, ``funds_recovered`` and ``investment_reduced``
  over the findings that record one, in 元 (exact) and shown in 万元 (rounded half up to
  0.01 万元); persons and rules: sums of ``persons_accountable`` and ``rules_improved``.
  A figure no row of the ledger records is *not recorded* (None), never a silent 0;
- causes: the still-rectifying findings by ``cause``, those without one counted apart;
- levels: total, rectified and rate per ``source``.

Every :class:`Figure` keeps the row numbers it counts, so that each number of the report
can be traced to the rows of the ledger (the report's appendix lists them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw.ledger.stats import percent, rectified_statuses

if TYPE_CHECKING:
    from rectilaw.engine.policy import Policy
    from rectilaw.ledger.evaluate import LedgerRow

__all__ = ["AMOUNTS", "CAUSES", "COUNTS", "LEVELS", "Figure", "ReportFigures", "to_wan"]

#: The amounts a report sums, by field: (zh, en).
AMOUNTS: Mapping[str, tuple[str, str]] = {
    "revenue_saved": ("促进增收节支", "revenue increased and spending saved"),
    "funds_recovered": ("拨付、盘活、追回资金", "funds disbursed, revitalised or recovered"),
    "investment_reduced": ("审减投资", "investment reduced by audit"),
}
#: The counts a report sums, by field: (zh, en, zh unit, en unit).
COUNTS: Mapping[str, tuple[str, str, str, str]] = {
    "persons_accountable": ("追责问责", "persons held accountable", "人", "persons"),
    "rules_improved": ("完善规章制度", "rules and systems improved", "项", "rules"),
}
#: The three reasons a finding stays open (seed 002, 二), and findings without one.
CAUSES: Mapping[str, tuple[str, str]] = {
    "systemic": ("涉及体制机制的问题", "systemic (体制机制)"),
    "complex": ("涉及情况复杂的事项", "complex circumstances (情况复杂)"),
    "multi_department": ("涉及多个部门的事项", "several departments (涉及多个部门)"),
    "": ("未填写原因", "no cause recorded"),
}
#: The levels of audit office (seed 000), and findings without a source.
LEVELS: Mapping[str, tuple[str, str]] = {
    "upper": ("上级审计机关反馈", "fed back by higher-level audit offices"),
    "local": ("本级审计机关查出", "found by this level's audit office"),
    "supervisor": ("主管部门监督发现", "found by the competent department"),
    "": ("未填写来源", "no source recorded"),
}
_WAN = Decimal(10_000)
_HUNDREDTH = Decimal("0.01")


def to_wan(yuan: Decimal) -> Decimal:
    """元 to 万元, two decimals, rounded half up (as reports print amounts)."""
    return (yuan / _WAN).quantize(_HUNDREDTH, ROUND_HALF_UP)


class _Sum:
    """A sum being made, the rows it adds up and whether the ledger records it at all."""

    __slots__ = ("recorded", "rows", "value")

    def __init__(self) -> None:
        self.value: Any = 0
        self.rows: list[int] = []
        self.recorded = False


@attrs.frozen
class Figure:
    """One number of the report and the ledger rows it counts (or sums over)."""

    key: str
    label: str
    value: int | Decimal | None
    rows: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        value = self.value
        return {"label": self.label, "value": str(value) if isinstance(value, Decimal) else value,
                "rows": list(self.rows)}


@attrs.frozen
class Level:
    """The figures of one level of audit office (a ``source``)."""

    code: str
    label: str
    total: Figure
    rectified: Figure

    @property
    def rate(self) -> Decimal | None:
        return percent(len(self.rectified.rows), len(self.total.rows))


@attrs.frozen
class ReportFigures:
    """Every figure of the report, traceable to its rows."""

    policy: str
    policy_title: str
    today: date
    rectified_statuses: tuple[str, ...]
    status_labels: Mapping[str, str]
    total: Figure
    rectified: Figure
    still: Figure
    amounts: tuple[Figure, ...]
    counts: tuple[Figure, ...]
    causes: tuple[Figure, ...]
    levels: tuple[Level, ...]
    errors: tuple[tuple[int, str | None], ...]
    ids: Mapping[int, str | None]

    @property
    def rate(self) -> Decimal | None:
        return percent(len(self.rectified.rows), len(self.total.rows))

    @property
    def share(self) -> Decimal | None:
        return percent(len(self.still.rows), len(self.total.rows))

    @classmethod
    def count(cls, rows: Iterable[LedgerRow], policy: Policy, today: date,
              rectified: Iterable[str] | None = None, lang: str = "zh") -> ReportFigures:
        """The figures of ``rows`` (evaluated under ``policy`` on ``today``)."""
        counted = rectified_statuses(policy, rectified)
        chosen = frozenset(counted)
        zh = lang == "zh"
        total: list[int] = []
        done: list[int] = []
        still: list[int] = []
        errors: list[tuple[int, str | None]] = []
        ids: dict[int, str | None] = {}
        sums = {name: _Sum() for name in (*AMOUNTS, *COUNTS)}
        by_cause: dict[str, list[int]] = {code: [] for code in CAUSES}
        by_level: dict[str, tuple[list[int], list[int]]] = {code: ([], []) for code in LEVELS}
        for row in rows:
            if row.assessment is None:
                errors.append((row.row, row.finding_id))
                continue
            number = row.row
            ids[number] = row.finding_id
            total.append(number)
            facts = row.facts
            is_done = row.assessment.status in chosen
            (done if is_done else still).append(number)
            level = facts.get("source") or ""
            entry = by_level.setdefault(level, ([], []))
            entry[0].append(number)
            if is_done:
                entry[1].append(number)
            else:
                by_cause.setdefault(facts.get("cause") or "", []).append(number)
            for name, acc in sums.items():
                value = facts.get(name)
                if value is None:
                    continue
                acc.recorded = True  # the ledger records this figure
                if value:
                    acc.value += value
                    acc.rows.append(number)

        def figure(key: str, label: str, numbers: Sequence[int],
                   value: int | Decimal | None = None) -> Figure:
            return Figure(key, label, len(numbers) if value is None else value, tuple(numbers))

        def summed(name: str, label: str) -> Figure:
            acc = sums[name]
            return Figure(name, label, acc.value if acc.recorded else None, tuple(acc.rows))

        labels = (0 if zh else 1)
        return cls(
            policy=policy.id,
            policy_title=policy.title,
            today=today,
            rectified_statuses=counted,
            status_labels=dict(policy.statuses),
            total=figure("total", "审计报告反映问题" if zh else "findings reported", total),
            rectified=figure("rectified", "已整改到位" if zh else "rectified", done),
            still=figure("still", "仍在持续整改" if zh else "still being rectified", still),
            amounts=tuple(summed(name, texts[labels]) for name, texts in AMOUNTS.items()),
            counts=tuple(summed(name, texts[labels]) for name, texts in COUNTS.items()),
            causes=tuple(figure(f"cause:{code}", texts[labels], by_cause.get(code, []))
                         for code, texts in CAUSES.items()),
            levels=tuple(
                Level(code, texts[labels],
                      figure(f"level:{code}", texts[labels], by_level[code][0]),
                      figure(f"level:{code}:rectified", texts[labels], by_level[code][1]))
                for code, texts in LEVELS.items() if code in by_level and by_level[code][0]),
            errors=tuple(errors),
            ids=ids,
        )

    def every_figure(self) -> list[Figure]:
        """The figures in the order of the report, each once (for the appendix)."""
        figures = [self.total, self.rectified, *self.amounts, *self.counts, self.still,
                   *(f for f in self.causes if f.rows)]
        for level in self.levels:
            figures += [level.total, level.rectified]
        return figures

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: every figure with the rows it counts; rates as numbers or null."""
        def rate(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "policy": self.policy,
            "today": self.today.isoformat(),
            "rectified_statuses": list(self.rectified_statuses),
            "total": self.total.to_dict(),
            "rectified": self.rectified.to_dict(),
            "rectification_rate": rate(self.rate),
            "still_rectifying": self.still.to_dict(),
            "still_share": rate(self.share),
            "amounts_yuan": {f.key: f.to_dict() for f in self.amounts},
            "counts": {f.key: f.to_dict() for f in self.counts},
            "causes": {f.key.split(":", 1)[1] or "none": f.to_dict() for f in self.causes},
            "levels": {level.code or "none": {"total": level.total.to_dict(),
                                              "rectified": level.rectified.to_dict(),
                                              "rectification_rate": rate(level.rate)}
                       for level in self.levels},
            "error_rows": [row for row, _ in self.errors],
        }
