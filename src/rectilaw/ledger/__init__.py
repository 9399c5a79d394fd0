"""Whole-ledger (台账) evaluation and rectification statistics.

>>> import datetime, rectilaw
>>> from rectilaw.ledger import evaluate_ledger
>>> policy = rectilaw.load_policy("sasac")
>>> result = evaluate_ledger(
...     [{"问题编号": "A-1", "审计结论、决定、意见或问题清单下达日期": "2024-01-12",
...       "问题金额或事实已调整或纠正完毕": "是"},
...      {"问题编号": "A-2", "问题清单确定的整改时限": "2024/13/01"}],
...     policy, today=datetime.date(2024, 7, 1))
>>> [row.status for row in result]
['rectified', None]
>>> result.rows[1].problems[0].field
'due_on'
>>> float(result.summary.rectification_rate)
100.0

Modules: :mod:`~rectilaw.ledger.columns` (which column is which field),
:mod:`~rectilaw.ledger.readers` (CSV, XLSX, Parquet, mappings),
:mod:`~rectilaw.ledger.cells` (spreadsheet values → typed facts),
:mod:`~rectilaw.ledger.evaluate` (rows → answers),
:mod:`~rectilaw.ledger.stats` (整改率 and the rest),
:mod:`~rectilaw.ledger.writers` (CSV, XLSX, Parquet out),
:mod:`~rectilaw.ledger.pipeline` (the runs that tie them together).
"""

from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.evaluate import LedgerRow
from rectilaw.ledger.pipeline import LedgerResult, evaluate_ledger, run_ledger
from rectilaw.ledger.stats import GROUPS, GroupFigures, Summary, percent
from rectilaw.ledger.writers import RESULT_COLUMNS

__all__ = [
    "GROUPS",
    "RESULT_COLUMNS",
    "ColumnMapping",
    "GroupFigures",
    "LedgerError",
    "LedgerResult",
    "LedgerRow",
    "Summary",
    "evaluate_ledger",
    "percent",
    "run_ledger",
]
