"""The compiled SQL of the SASAC policy on DuckDB, against hand-written queries of the same rules.

Generates ROWS findings (default 1,000,000) with the evaluate benchmark's
generator (its fixed seed), adds the stage dates that generator leaves out
(a second fixed seed), and writes them to Parquet.  A fresh process loads the
Parquet file into a DuckDB table, together with the calendar table, and then:

1. runs the compiled query (``rectilaw.sql.compile_sql``) and two hand-written
   ones and asserts that all three give identical rows (every output column,
   all ROWS rows), and that the compiled query's first rows equal
   :meth:`rectilaw.Policy.evaluate` of the same findings;
2. times each query ``ROUNDS`` times, the queries taking turns so that all see
   the same machine; the median is reported.

The two hand-written queries differ only in how they build the list of
actions: one as DuckDB users usually write a list of records (a struct per
action, NULL when it does not apply, the NULLs filtered out); the other as the
compiler writes it (numbers first, structs only for the fired actions), which
is faster.  The compiled query is held to the faster.  The compact form (rule
numbers and raw dates, no lists), which ``rectilaw.sql.evaluate_table`` runs
and decodes in Python, is timed alongside for comparison.

What is timed: ``CREATE OR REPLACE TEMP TABLE … AS <query>`` with ``today`` as
a query parameter, i.e. DuckDB evaluating every row and materializing every
output column (status, labels, due date, days overdue, stage, the actions list
of structs, the provisional years) in its own memory.  Not timed, for any
query: generating the findings, reading Parquet into the table, building the
calendar table, compiling the policy, and fetching results into Python.

Peak memory is the peak resident set size (``VmHWM``) of a process that
loads the table and runs one query once, for each query in its own process.

    python bench/bench_sql.py [ROWS]
"""

from __future__ import annotations

import datetime
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_evaluate import generate
from measure import memory_mb

TODAY = datetime.date(2024, 9, 1)
SEED = 20240901
ROUNDS = 5
TARGET_RATE = 5_000_000
TARGET_RATIO = 1.3
SAMPLE = 2_000

#: The findings table's columns: every fact the SASAC policy reads, in warehouse types.
DATES = ("issued_on", "due_on", "extended_to", "plan_submitted_on", "reported_on",
         "progress_reported_on")
MONEY = ("problem_amount", "corrected_amount")
FLAGS = ("corrected", "corrected_immediately", "controls_improved", "referred_to_discipline",
         "referral_accepted", "irreversible", "accountability_done", "objective_obstacle",
         "plan_with_schedule", "rejects_opinion", "no_measures", "false_rectification",
         "refuses_rectification", "major_asset_loss_risk", "rejects_supervision",
         "special_reason", "responsibility_assigned")

#: The SASAC rules (policies/sasac.rules) written directly as one DuckDB query, with the
#: readable columns of ``rectilaw.sql.compile_sql``; ACTIONS stands for the list of actions.
_HAND = """
WITH f AS (
  SELECT
    id, issued_on, due_on, extended_to, plan_submitted_on, reported_on, progress_reported_on,
    coalesce(problem_amount, 0) AS problem,
    coalesce(corrected_amount, 0) AS fixed,
    coalesce(corrected, false) AS corrected,
    coalesce(corrected_immediately, false) AS corrected_immediately,
    coalesce(controls_improved, false) AS controls_improved,
    coalesce(referred_to_discipline, false) AS referred_to_discipline,
    coalesce(referral_accepted, false) AS referral_accepted,
    coalesce(irreversible, false) AS irreversible,
    coalesce(accountability_done, false) AS accountability_done,
    coalesce(objective_obstacle, false) AS objective_obstacle,
    coalesce(plan_with_schedule, false) AS plan_with_schedule,
    coalesce(rejects_opinion, false) AS rejects_opinion,
    coalesce(no_measures, false) AS no_measures,
    coalesce(false_rectification, false) AS false_rectification,
    coalesce(refuses_rectification, false) AS refuses_rectification,
    coalesce(major_asset_loss_risk, false) AS major_asset_loss_risk,
    coalesce(rejects_supervision, false) AS rejects_supervision,
    coalesce(special_reason, false) AS special_reason,
    coalesce(responsibility_assigned, false) AS responsibility_assigned
  FROM findings
),
-- 第八条: six months after issue, Civil Code month arithmetic, rolled over past rest days.
six AS (
  SELECT f.*, c.next_working_day AS six_months,
         c.provisional_0 AS p0, c.provisional_1 AS p1, c.provisional_2 AS p2
  FROM f LEFT JOIN rectilaw_calendar c
    ON c.day = CAST(f.issued_on + INTERVAL 6 MONTH AS DATE)
),
-- 第七条: the first matching determination.
st AS (
  SELECT six.*,
    coalesce(extended_to, due_on, six_months) AS due,
    CASE
      WHEN rejects_opinion OR no_measures OR false_rectification
        OR (irreversible AND NOT accountability_done AND NOT controls_improved)
        THEN 'not_rectified'
      WHEN corrected OR (problem > 0 AND fixed >= problem)
        OR (corrected_immediately AND controls_improved)
        OR (referred_to_discipline AND referral_accepted)
        OR (irreversible AND accountability_done AND controls_improved)
        THEN 'rectified'
      WHEN (objective_obstacle AND plan_with_schedule) OR (fixed > 0 AND fixed < problem)
        THEN 'partially_rectified'
      ELSE 'in_progress'
    END AS status
  FROM six
),
late AS (
  SELECT st.*,
    status <> 'rectified' AND coalesce(CAST($today AS DATE) > due, false) AS overdue
  FROM st
),
-- 第十二条: the five sanctions share one basis: 情形一 … 情形四.
sanction AS (
  SELECT late.*,
    CASE
      WHEN overdue AND NOT special_reason THEN 1
      WHEN status = 'partially_rectified' AND extended_to IS NOT NULL
        AND coalesce(CAST($today AS DATE) > six_months, false) AND NOT special_reason THEN 2
      WHEN rejects_opinion OR status = 'not_rectified' THEN 3
      WHEN false_rectification THEN 4
    END AS basis
  FROM late
)
SELECT
  id,
  status,
  CASE status WHEN 'not_rectified' THEN '未整改' WHEN 'rectified' THEN '整改完毕'
    WHEN 'partially_rectified' THEN '部分整改' ELSE '正在整改' END AS status_label,
  due,
  CASE WHEN overdue THEN date_diff('day', due, CAST($today AS DATE)) ELSE 0 END
    AS overdue_days,
  CASE
    WHEN status = 'rectified' THEN 'closed'
    WHEN status IN ('partially_rectified', 'not_rectified') THEN 'follow_up_audit'
    WHEN reported_on IS NOT NULL THEN 'result_determination'
    WHEN progress_reported_on IS NOT NULL THEN 'stage_report'
    WHEN plan_submitted_on IS NOT NULL THEN 'rectifying'
    WHEN responsibility_assigned THEN 'planning'
    WHEN issued_on IS NOT NULL THEN 'assigning'
    ELSE 'registered'
  END AS stage,
  CASE
    WHEN status = 'rectified' THEN '问题销号'
    WHEN status IN ('partially_rectified', 'not_rectified') THEN '后续审计'
    WHEN reported_on IS NOT NULL THEN '结果认定'
    WHEN progress_reported_on IS NOT NULL THEN '阶段报告'
    WHEN plan_submitted_on IS NOT NULL THEN '推动整改'
    WHEN responsibility_assigned THEN '制定方案'
    WHEN issued_on IS NOT NULL THEN '责任分解'
    ELSE '问题挂号'
  END AS stage_label,
  ACTIONS AS actions,
  -- the calendar's provisional columns hold ascending distinct years (the day's, +1, +2)
  list_filter([p0, p1, p2], lambda y: y IS NOT NULL) AS provisional
FROM sanction
"""

#: The actions as the usual DuckDB idiom writes a list of records: a struct per action (NULL
#: when it does not apply), the NULLs filtered out.
_STRUCT_LIST = """list_filter([
    CASE WHEN status = 'rectified'
      THEN {'code': 'close', 'due': NULL::DATE, 'rule': 'action:close#1'} END,
    CASE WHEN status <> 'rectified'
        AND (reported_on IS NOT NULL OR progress_reported_on IS NOT NULL)
      THEN {'code': 'verify', 'due': NULL::DATE, 'rule': 'action:verify#1'} END,
    CASE WHEN status = 'in_progress' AND NOT plan_with_schedule
      THEN {'code': 'clarify_measures', 'due': due, 'rule': 'action:clarify_measures#1'} END,
    CASE WHEN status IN ('in_progress', 'partially_rectified')
      THEN {'code': 'follow_up_audit', 'due': due, 'rule': 'action:follow_up_audit#1'} END,
    CASE WHEN status = 'not_rectified'
      THEN {'code': 'refer_accountability', 'due': NULL::DATE,
            'rule': 'action:refer_accountability#1'} END,
    CASE WHEN issued_on IS NOT NULL AND status <> 'rectified'
      THEN {'code': 'onsite_check', 'due': NULL::DATE, 'rule': 'action:onsite_check#1'} END,
    CASE
      WHEN status <> 'rectified' AND objective_obstacle
        THEN {'code': 'expert_consultation', 'due': NULL::DATE,
              'rule': 'action:expert_consultation#1'}
      WHEN overdue
        THEN {'code': 'expert_consultation', 'due': NULL::DATE,
              'rule': 'action:expert_consultation#2'}
    END,
    CASE WHEN basis IS NOT NULL THEN {'code': 'performance_assessment', 'due': NULL::DATE,
      'rule': 'action:performance_assessment#' || basis} END,
    CASE WHEN basis IS NOT NULL THEN {'code': 'handling_opinion', 'due': NULL::DATE,
      'rule': 'action:handling_opinion#' || basis} END,
    CASE WHEN basis IS NOT NULL THEN {'code': 'letter_notice', 'due': NULL::DATE,
      'rule': 'action:letter_notice#' || basis} END,
    CASE WHEN basis IS NOT NULL THEN {'code': 'interview', 'due': NULL::DATE,
      'rule': 'action:interview#' || basis} END,
    CASE WHEN basis IS NOT NULL THEN {'code': 'notice', 'due': NULL::DATE,
      'rule': 'action:notice#' || basis} END,
    CASE WHEN major_asset_loss_risk AND refuses_rectification AND rejects_supervision
      THEN {'code': 'report_up', 'due': NULL::DATE, 'rule': 'action:report_up#1'} END
  ], lambda a: a IS NOT NULL)"""

#: The actions numbered 1 … 29 (each rule of each action), the numbers that apply kept, each
#: then read from constant lists: fewer structs built, as the compiler writes it for DuckDB.
_NUMBERED_LIST = """list_transform(list_filter([
    CASE WHEN status = 'rectified' THEN 1 END,
    CASE WHEN status <> 'rectified'
      AND (reported_on IS NOT NULL OR progress_reported_on IS NOT NULL) THEN 2 END,
    CASE WHEN status = 'in_progress' AND NOT plan_with_schedule THEN 3 END,
    CASE WHEN status IN ('in_progress', 'partially_rectified') THEN 4 END,
    CASE WHEN status = 'not_rectified' THEN 5 END,
    CASE WHEN issued_on IS NOT NULL AND status <> 'rectified' THEN 6 END,
    CASE WHEN status <> 'rectified' AND objective_obstacle THEN 7 WHEN overdue THEN 8 END,
    basis + 8, basis + 12, basis + 16, basis + 20, basis + 24,
    CASE WHEN major_asset_loss_risk AND refuses_rectification AND rejects_supervision
      THEN 29 END
  ], lambda k: k IS NOT NULL), lambda k: {
    'code': ['close', 'verify', 'clarify_measures', 'follow_up_audit', 'refer_accountability',
             'onsite_check', 'expert_consultation', 'expert_consultation',
             'performance_assessment', 'performance_assessment', 'performance_assessment',
             'performance_assessment', 'handling_opinion', 'handling_opinion',
             'handling_opinion', 'handling_opinion', 'letter_notice', 'letter_notice',
             'letter_notice', 'letter_notice', 'interview', 'interview', 'interview',
             'interview', 'notice', 'notice', 'notice', 'notice', 'report_up'][k],
    'due': CASE WHEN k IN (3, 4) THEN due END,
    'rule': ['action:close#1', 'action:verify#1', 'action:clarify_measures#1',
             'action:follow_up_audit#1', 'action:refer_accountability#1',
             'action:onsite_check#1', 'action:expert_consultation#1',
             'action:expert_consultation#2', 'action:performance_assessment#1',
             'action:performance_assessment#2', 'action:performance_assessment#3',
             'action:performance_assessment#4', 'action:handling_opinion#1',
             'action:handling_opinion#2', 'action:handling_opinion#3',
             'action:handling_opinion#4', 'action:letter_notice#1', 'action:letter_notice#2',
             'action:letter_notice#3', 'action:letter_notice#4', 'action:interview#1',
             'action:interview#2', 'action:interview#3', 'action:interview#4',
             'action:notice#1', 'action:notice#2', 'action:notice#3', 'action:notice#4',
             'action:report_up#1'][k]})"""

HAND_WRITTEN = _HAND.replace("ACTIONS", _STRUCT_LIST)
HAND_NUMBERED = _HAND.replace("ACTIONS", _NUMBERED_LIST)


# ---------------------------------------------------------------- the data


def write_findings(path: Path, rows: int) -> None:
    """The evaluate benchmark's findings, with stage dates, as a typed Parquet file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    findings = generate(rows)
    rng = random.Random(SEED)
    for finding in findings:
        issued = finding["issued_on"]
        if rng.random() < 0.6:
            finding["responsibility_assigned"] = True
        if rng.random() < 0.5:
            finding["plan_submitted_on"] = issued + datetime.timedelta(rng.randrange(5, 40))
        if rng.random() < 0.3:
            finding["progress_reported_on"] = issued + datetime.timedelta(rng.randrange(40, 150))
        if rng.random() < 0.2:
            finding["reported_on"] = issued + datetime.timedelta(rng.randrange(60, 200))
    types: dict[str, Any] = {"id": pa.string()}
    types.update(dict.fromkeys(DATES, pa.date32()))
    types.update(dict.fromkeys(MONEY, pa.decimal128(18, 2)))
    types.update(dict.fromkeys(FLAGS, pa.bool_()))
    table = pa.table({name: pa.array([f.get(name) for f in findings], kind)
                      for name, kind in types.items()})
    pq.write_table(table, path, compression="zstd")


def load(path: Path) -> Any:
    """A DuckDB connection holding ``findings`` (from Parquet) and the calendar table."""
    import duckdb
    import pyarrow as pa

    import rectilaw
    from rectilaw.sql import CALENDAR_COLUMNS, calendar_rows

    connection = duckdb.connect()
    connection.execute(f"CREATE TABLE findings AS SELECT * FROM read_parquet('{path}')")
    ((low, high),) = connection.execute(
        "SELECT min(least(issued_on, due_on, extended_to)),"
        " max(greatest(issued_on, due_on, extended_to)) FROM findings").fetchall()
    table = calendar_rows(rectilaw.load_policy("sasac"), low.year - 1, high.year + 2)
    kinds = {"DATE": pa.date32(), "BOOLEAN": pa.bool_(), "INTEGER": pa.int32()}
    calendar = pa.table({name: pa.array(column, kinds[kind]) for (name, kind), column
                         in zip(CALENDAR_COLUMNS, table.columns, strict=True)})
    connection.register("calendar_arrow", calendar)
    connection.execute("CREATE TABLE rectilaw_calendar AS SELECT * FROM calendar_arrow")
    connection.unregister("calendar_arrow")
    return connection


def queries() -> dict[str, str]:
    """The queries timed, by name: the compiled one, the two hand-written, the compact form."""
    import rectilaw
    import rectilaw.sql
    from rectilaw.sql.compiler import compile_query

    policy = rectilaw.load_policy("sasac")
    compact = compile_query(policy.model, table="findings", calendar="rectilaw_calendar")
    return {
        "compiled": rectilaw.sql.compile_sql(policy, table="findings",
                                             calendar="rectilaw_calendar"),
        "hand": HAND_WRITTEN,
        "hand_numbered": HAND_NUMBERED,
        "compact": compact.sql("duckdb", compact=True),
    }


#: The queries that give the readable columns, and must agree row for row.
READABLE = ("compiled", "hand", "hand_numbered")


def materialize(connection: Any, sql: str, name: str) -> tuple[float, float]:
    """Seconds to evaluate ``sql`` into the temporary table ``name``: wall clock, and CPU.

    The CPU time (of every DuckDB thread) shows what the work costs when other
    processes share the cores and stretch the wall clock.
    """
    started, cpu = time.perf_counter(), time.process_time()
    connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}", {"today": TODAY})
    return time.perf_counter() - started, time.process_time() - cpu


def scalar(connection: Any, sql: str) -> Any:
    """The one value ``sql`` selects."""
    return connection.execute(sql).fetchall()[0][0]


# ---------------------------------------------------------------- child processes


def check(connection: Any, sqls: dict[str, str]) -> dict[str, int]:
    """Assert that the readable queries agree on every row, and the compiled one with
    ``Policy.evaluate`` on the first rows; the count of each status."""
    import rectilaw

    rows = scalar(connection, "SELECT count(*) FROM findings")
    for name in READABLE:
        materialize(connection, sqls[name], f"by_{name}")
        assert scalar(connection, f"SELECT count(*) FROM by_{name}") == rows, name
    shape = connection.execute("DESCRIBE by_compiled").fetchall()
    for name in READABLE[1:]:
        assert connection.execute(f"DESCRIBE by_{name}").fetchall() == shape, name
        # as many rows each, so none left over one way means equal as multisets
        differing = scalar(connection, f"SELECT count(*) FROM (SELECT * FROM by_{name} "
                                       "EXCEPT ALL SELECT * FROM by_compiled)")
        assert differing == 0, f"{differing} rows of {name} are not in the compiled result"

    policy = rectilaw.load_policy("sasac")
    sample = connection.execute(
        "SELECT f.*, c.* EXCLUDE (id) FROM findings f JOIN by_compiled c USING (id) "
        f"ORDER BY id LIMIT {SAMPLE}")
    names = [d[0] for d in sample.description]
    for values in sample.fetchall():
        row = dict(zip(names, values, strict=True))
        finding = {k: row[k] for k in ("id", *DATES, *MONEY, *FLAGS) if row[k] is not None}
        want = policy.evaluate(finding, TODAY)
        got = (row["status"], row["due"], row["overdue_days"], row["stage"],
               [(a["code"], a["due"], a["rule"]) for a in row["actions"]],
               tuple(row["provisional"]))
        assert got == (want.status, want.due, want.overdue_days, want.stage,
                       [(a.code, a.due, a.rule) for a in want.actions], want.provisional), finding
    mix = dict(connection.execute(
        "SELECT status, count(*) FROM by_compiled GROUP BY status ORDER BY status").fetchall())
    for name in READABLE:
        connection.execute(f"DROP TABLE by_{name}")
    return mix


def check_and_time(path: Path) -> dict[str, Any]:
    """The queries agree; then each is timed ROUNDS times, the queries taking turns."""
    connection = load(path)
    sqls = queries()
    mix = check(connection, sqls)
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in sqls}
    for _ in range(ROUNDS):
        for name, sql in sqls.items():
            timings[name].append(materialize(connection, sql, "result"))
    return {"rows": scalar(connection, "SELECT count(*) FROM findings"), "mix": mix,
            "threads": scalar(connection, "SELECT current_setting('threads')"),
            "seconds": {name: statistics.median(w for w, _ in t) for name, t in timings.items()},
            "cpu": {name: statistics.median(c for _, c in t) for name, t in timings.items()}}


def peak(path: Path, which: str) -> dict[str, float]:
    """Resident memory after loading, and at its peak once the query ``which`` ran."""
    connection = load(path)
    sql = queries()[which]
    loaded = memory_mb("VmRSS")
    materialize(connection, sql, "result")
    return {"loaded_mb": loaded, "peak_mb": memory_mb("VmHWM")}


def child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process with ``args``; the JSON it prints last."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                          check=False, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode:
        raise SystemExit(f"bench_sql {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


LABELS = {
    "compiled": "compiled rectilaw query",
    "hand": "hand-written, struct list",
    "hand_numbered": "hand-written, numbered list",
    "compact": "compiled, compact form",
}


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "check":
        print(json.dumps(check_and_time(Path(args[1]))))
        return 0
    if args and args[0] == "peak":
        print(json.dumps(peak(Path(args[1]), args[2])))
        return 0
    rows = int(args[0]) if args else 1_000_000
    try:
        import duckdb  # noqa: F401
        import pyarrow  # noqa: F401
        import sqlglot  # noqa: F401
    except ImportError:
        print("bench_sql: needs duckdb, sqlglot and pyarrow (pip install 'rectilaw[sql]'); "
              "skipped")
        return 0
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "findings.parquet"
        clock = time.perf_counter()
        write_findings(source, rows)
        print(f"generated {rows:,} findings in {time.perf_counter() - clock:.1f} s "
              f"({source.stat().st_size / 1e6:.1f} MB Parquet)", flush=True)
        f = child("check", str(source))
        memory = {which: child("peak", str(source), which) for which in READABLE}
    n, seconds = f["rows"], f["seconds"]
    print(f"the compiled and both hand-written queries give identical rows on all {n:,} "
          f"findings; the compiled query equals Policy.evaluate on the first {SAMPLE:,}")
    print("status mix: " + ", ".join(f"{k} {v:,}" for k, v in f["mix"].items()))
    print(f"timed: CREATE TEMP TABLE … AS <query>, i.e. evaluating every row and storing every "
          f"output column in DuckDB; median of {ROUNDS} runs, the queries taking turns; "
          f"{f['threads']} threads on {os.cpu_count()} cores (load average "
          f"{os.getloadavg()[0]:.1f}); loading the table, compiling and fetching not timed")
    for name, label in LABELS.items():
        print(f"  {label:<30} {seconds[name] * 1e3:7.1f} ms = "
              f"{n / seconds[name] / 1e6:5.2f} M rows/s   ({f['cpu'][name] * 1e3:6.0f} ms of CPU)")
    rate = n / seconds["compiled"]
    best = min(seconds["hand"], seconds["hand_numbered"])
    ratio = seconds["compiled"] / best
    print(f"compiled: {rate / 1e6:.2f} M rows/s (target {TARGET_RATE / 1e6:.0f} M rows/s: "
          f"{'met' if rate >= TARGET_RATE else 'not met'}); "
          f"{seconds['compiled'] / seconds['hand']:.2f}x the struct-list hand-written query, "
          f"{seconds['compiled'] / seconds['hand_numbered']:.2f}x the numbered one (target "
          f"≤ {TARGET_RATIO}x the faster: {'met' if ratio <= TARGET_RATIO else 'not met'})")
    for name in READABLE:
        m = memory[name]
        print(f"peak memory, {LABELS[name]}: {m['peak_mb']:,.0f} MB peak RSS "
              f"({m['loaded_mb']:,.0f} MB once the findings and calendar were loaded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
