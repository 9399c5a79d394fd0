"""A label's text reaches the database as written, whatever the driver does with ``%``."""

from __future__ import annotations

import pytest

import rectilaw

pytest.importorskip("sqlglot")
from rectilaw.sql import compile_sql

PERCENT = rectilaw.policy_from_text(
    'policy p { title "x" }\nclause 1 "x": "y"\nfacts corrected\n'
    'status first match { rectified "100%整改 %s %(today)s" when corrected [1]\n'
    '  in_progress "正在整改" otherwise [1] }\n', filename="percent.rules")


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_a_percent_sign_survives_a_pyformat_driver(dialect: str) -> None:
    query = compile_sql(PERCENT, dialect)
    # What psycopg and PyMySQL do with a query and its parameters.
    sent = query % {"today": "'2024-08-01'"}
    assert "'100%整改 %s %(today)s'" in sent
    assert "'2024-08-01'" in sent


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "duckdb", "spark"])
def test_without_parameters_the_text_is_left_as_it_is(dialect: str) -> None:
    import datetime

    query = compile_sql(PERCENT, dialect, today=datetime.date(2024, 8, 1))
    assert "100%整改 %s %(today)s" in query and "%%" not in query
