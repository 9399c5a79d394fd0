"""The Spark SQL of every built-in policy, run on a local Spark, gives the Python engine's answers.

The DuckDB differential tests check the compiler's meaning; this checks that
the Spark SQL text it writes (``compile_sql(policy, dialect="spark")``) is
accepted by Spark and means the same there: date arithmetic (``ADD_MONTHS``),
the calendar join, higher-order functions over the ``events`` list, structs,
and ``today`` as a named parameter.  A few hundred findings per policy, drawn
by the :mod:`rectilaw.testing` strategies with a fixed seed, are evaluated on
a few days each, and every row is compared with :meth:`Policy.evaluate`.

Skipped unless ``pyspark`` imports and ``java`` is on the PATH, and left to
``make test-spark`` (``pytest -m spark``) so that ``make test`` does not start
a JVM (see ``tests/sql/conftest.py``).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

pytest.importorskip("sqlglot")
pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java on the PATH", allow_module_level=True)

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import types as T

import rectilaw
import rectilaw.sql
from rectilaw import testing
from rectilaw.engine.policy import Policy
from rectilaw.sql.compiler import used_facts

from .readable import readable

pytestmark = pytest.mark.spark

POLICIES = rectilaw.builtin_names()
FINDINGS = 300
#: Days picked among the findings' boundary days (where answers change), besides a fixed day.
DAYS = 3
ROW = "row_number"

_SPARK_TYPES: dict[str, T.DataType] = {
    "bool": T.BooleanType(), "date": T.DateType(), "money": T.DecimalType(38, 2),
    "integer": T.LongType(), "text": T.StringType(), "enum": T.StringType(),
    "events": T.ArrayType(T.StructType([T.StructField("kind", T.StringType()),
                                        T.StructField("on", T.DateType())])),
}
_CALENDAR_TYPES: dict[str, T.DataType] = {
    "DATE": T.DateType(), "BOOLEAN": T.BooleanType(), "INTEGER": T.IntegerType()}


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = (SparkSession.builder.master("local[2]").appName("rectilaw-test")
               .config("spark.ui.enabled", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def drawn(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """``count`` values of ``strategy``, the same on every run (a derandomized generation)."""
    found: list[Any] = []

    @settings(max_examples=count, database=None, derandomize=True, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    collect()
    return found


def boundary_days(policy: Policy, findings: list[dict[str, Any]]) -> list[date]:
    """Every day where the answer of one of ``findings`` may change, in order."""
    return sorted({d for f in findings for d in testing.boundary_days(policy, f)})


def spread(days: list[date], count: int) -> list[date]:
    """``count`` of ``days`` evenly spaced through them (so across the years drawn)."""
    if not days:
        return []
    return [days[(2 * i + 1) * len(days) // (2 * count)] for i in range(count)]


def typed(policy: Policy, finding: dict[str, Any]) -> dict[str, Any]:
    """The finding as a ledger reader hands it over: typed values, the policy's facts only."""
    return {k: v for k, v in policy.normalize(finding).items() if k in finding}


def findings_frame(spark: SparkSession, policy: Policy,
                   findings: list[dict[str, Any]]) -> DataFrame:
    """The findings as the table the query reads: a column per fact it uses, and a row number."""
    facts = [f for f in policy.model.facts if f.name in set(used_facts(policy.model))]
    schema = T.StructType([T.StructField(ROW, T.LongType(), False)] + [
        T.StructField(f.name, _SPARK_TYPES[f.type.kind]) for f in facts])
    rows = []
    for number, finding in enumerate(findings):
        row: list[Any] = [number]
        for fact in facts:
            value = finding.get(fact.name)
            if fact.type.kind == "events" and value is not None:
                value = [(event.kind, event.on) for event in value]
            row.append(value)
        rows.append(tuple(row))
    return spark.createDataFrame(rows, schema)


def calendar_frame(spark: SparkSession, policy: Policy) -> DataFrame:
    """The calendar table over every year the drawn findings and their deadlines can reach."""
    table = rectilaw.sql.calendar_rows(policy, testing.FIRST_DAY.year - 2,
                                       testing.LAST_DAY.year + 6)
    schema = T.StructType([T.StructField(name, _CALENDAR_TYPES[kind])
                           for name, kind in rectilaw.sql.CALENDAR_COLUMNS])
    return spark.createDataFrame(list(table.rows()), schema)


def expected(policy: Policy, finding: dict[str, Any], today: date) -> dict[str, Any] | None:
    """The readable columns of :meth:`Policy.evaluate`, or None where it refuses the finding."""
    try:
        answer = policy.evaluate(finding, today)
    except Exception:  # a finding the Python engine refuses: the SQL engine hands it back
        return None
    return readable(answer)


def plain(row: Any) -> dict[str, Any]:
    """A result row as plain values (nested Rows as dicts)."""
    values = row.asDict(recursive=True)
    values["actions"] = [dict(a) for a in values["actions"]]
    return values


@pytest.mark.parametrize("name", POLICIES)
def test_spark_sql_agrees_with_the_python_engine(spark: SparkSession, name: str) -> None:
    policy = rectilaw.load_policy(name)
    findings = [typed(policy, f) for f in drawn(testing.findings(policy), FINDINGS)]
    assert len(findings) >= FINDINGS // 2, "too few distinct findings drawn"
    days = sorted({date(2024, 7, 15), *spread(boundary_days(policy, findings), DAYS)})

    table, calendar = f"findings_{name}", f"calendar_{name}"
    findings_frame(spark, policy, findings).createOrReplaceTempView(table)
    calendar_frame(spark, policy).createOrReplaceTempView(calendar)
    query = rectilaw.sql.compile_sql(policy, dialect="spark", table=table, calendar=calendar,
                                     keep=(ROW,))
    compared = 0
    for today in days:
        rows = sorted((plain(r) for r in spark.sql(query, args={"today": today}).collect()),
                      key=lambda r: r[ROW])
        assert [r.pop(ROW) for r in rows] == list(range(len(findings)))
        for finding, row in zip(findings, rows, strict=True):
            want = expected(policy, finding, today)
            if want is None:
                continue
            assert row == want, (finding, today)
            compared += 1
    assert compared >= len(findings), "too few findings answered by the Python engine"


def test_spark_reads_money_and_events_as_the_schema_types(spark: SparkSession) -> None:
    """A finding written by hand: the decimal comparison and a recorded measure both count."""
    policy = rectilaw.load_policy("sasac")
    finding = {"issued_on": date(2024, 1, 12), "problem_amount": Decimal("1250000.00"),
               "corrected_amount": Decimal("300000.00")}
    findings_frame(spark, policy, [finding]).createOrReplaceTempView("one_finding")
    calendar_frame(spark, policy).createOrReplaceTempView("one_calendar")
    query = rectilaw.sql.compile_sql(policy, dialect="spark", table="one_finding",
                                     calendar="one_calendar", keep=(ROW,),
                                     today=date(2024, 8, 1))
    (row,) = spark.sql(query).collect()
    got = plain(row)
    got.pop(ROW)
    assert got == expected(policy, finding, date(2024, 8, 1))
    assert got["status"] == "partially_rectified" and got["due"] == date(2024, 7, 12)
