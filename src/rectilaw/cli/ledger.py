"""``rectilaw ledger``: a whole ledger (台账) evaluated, summed up, and written back.

The work is :func:`rectilaw.ledger.run_ledger`'s: it streams the file, so a
ledger of any length runs in flat memory, and writes the output atomically.
This command chooses the engine, shows progress on a terminal and prints the
summary that :mod:`rectilaw.ledger.stats` computes (as text through
:meth:`~rectilaw.ledger.Summary.format_table`, or its ``to_dict`` as JSON).
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from rectilaw.cli.command import OK, Command, CommandError, Console, to_json
from rectilaw.cli.inputs import add_policy_options, policy_from_args, today_from_args
from rectilaw.cli.ledger_stdin import LEDGER_FORMATS, stdin_ledger
from rectilaw.cli.options import LANGUAGES
from rectilaw.cli.progress import RowProgress

if TYPE_CHECKING:
    from rectilaw.ledger import Summary

__all__ = ["COMMAND", "ENGINES", "SQL_MODULES", "require_sql"]

#: The evaluation engines: row by row in Python, or each batch in one DuckDB query.
ENGINES = ("python", "duckdb")
#: What the duckdb engine imports: the ``sql`` extra.
SQL_MODULES = ("duckdb", "sqlglot", "pyarrow")


def require_sql() -> None:
    """Refuse the duckdb engine up front, naming the extra, when its modules are missing."""
    from rectilaw._extras import MissingExtraError, require_extra

    try:
        require_extra("sql", *SQL_MODULES, needed_by="--engine duckdb")
    except MissingExtraError as missing:
        raise CommandError(f"{missing}, or use --engine python") from None


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ledger", metavar="IN",
                        help="the ledger: a .csv (UTF-8 or GB18030), .xlsx (.xls, .ods with the "
                        "xlsx-fast extra) or .parquet file; `-` reads it from standard input")
    parser.add_argument("--input-format", choices=LEDGER_FORMATS, metavar="KIND",
                        help="what standard input holds: csv, xlsx or parquet (default: told "
                        "from its first bytes)")
    add_policy_options(parser)
    parser.add_argument("--out", "-o", metavar="OUT",
                        help="also write every row with its status, deadline, days overdue, "
                        "stage, actions and error: .csv, .xlsx (with a summary sheet) or "
                        ".parquet; written to a temporary file and moved into place")
    parser.add_argument("--out-format", choices=("csv", "xlsx", "parquet"), metavar="FORMAT",
                        help="the format of --out (csv, xlsx or parquet) where its name does "
                        "not end in .csv, .xlsx or .parquet, e.g. --out /dev/stdout")
    # --json: the spelling before --format json, still accepted, no longer shown
    parser.add_argument("--json", dest="format", action="store_const", const="json",
                        default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.add_argument("--mapping", "-m", metavar="MAPPING.yaml",
                        help="which column is which field, beyond the schema's names and their "
                        "usual Chinese headers; the units of money columns (see the example "
                        "below and docs/ledgers.md)")
    parser.add_argument("--inspect", action="store_true",
                        help="evaluate nothing: show how each column will be read (header → "
                        "field, unit, sample values, how many cells parse) and the rows that "
                        "will be left out")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a column is not read, a row cannot be evaluated or a "
                        "unit is in doubt (for scheduled jobs)")
    parser.add_argument("--engine", choices=ENGINES, default="python",
                        help="python (default) or duckdb (each batch in one SQL query; needs "
                        "the `sql` extra); the answers are the same")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh",
                        help="language of the summary table and of --out's headers and texts "
                        "(default: zh)")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.ledger import LedgerError, run_ledger

    if args.input_format is not None and args.ledger != "-":
        raise CommandError("--input-format is for a ledger read from standard input (`-`); "
                           "a file's format is told from its name")
    policy = policy_from_args(args)
    today = today_from_args(args, console)
    if args.engine == "duckdb":
        require_sql()
    if args.inspect:
        return _inspect(args, console, policy, today)
    progress = (RowProgress(console.err, "rectilaw ledger", lang=args.lang)
                if console.err_terminal else None)
    with stdin_ledger(args.ledger, args.input_format) as (path, name):
        try:
            summary = run_ledger(path, policy, today, out=args.out, mapping=args.mapping,
                                 progress=progress, engine=args.engine, lang=args.lang,
                                 out_format=args.out_format)
        except LedgerError as problem:
            raise CommandError(str(problem).replace(path, name)) from None
        finally:
            if progress is not None:
                progress.clear()
    # The evaluated ledger written to standard output (--out /dev/stdout): the summary goes to
    # standard error, so that the output stays one file.
    aside = args.out is not None and _is_stdout(args.out)
    if args.format == "json":
        console.print(to_json(summary.to_dict(args.lang)), err=aside)
    else:
        console.print(summary.format_table(args.lang), err=aside)
    _notes(console, summary, args.out, args.lang)
    if args.strict and summary.reading is not None:
        found = summary.reading.strict_problems(len(summary.errors), args.lang)
        if found:
            for text in found:
                console.print(console.paint(f"rectilaw ledger --strict: {text}", "red",
                                            err=True), err=True)
            return STRICT_FAILED
    return OK


#: ``--strict`` found something unread, a bad row or a unit in doubt.
STRICT_FAILED = 1


def _inspect(args: argparse.Namespace, console: Console, policy: Any, today: Any) -> int:
    from rectilaw.ledger import LedgerError
    from rectilaw.ledger.inspect import inspect_ledger

    with stdin_ledger(args.ledger, args.input_format) as (path, name):
        try:
            found = inspect_ledger(path, policy, today, mapping=args.mapping)
        except LedgerError as problem:
            raise CommandError(str(problem).replace(path, name)) from None
    shown = (to_json(found.to_dict(args.lang)) if args.format == "json"
             else found.format(args.lang))
    console.print(shown.replace(path, name))
    if args.strict and found.reading.strict_problems(0):
        return STRICT_FAILED
    return OK


def _is_stdout(path: str) -> bool:
    """Whether ``path`` names this process's standard output (``/dev/stdout``, its fd)."""
    try:
        named, out = os.stat(path), os.fstat(1)
    except (OSError, ValueError):
        return False
    return (named.st_dev, named.st_ino) == (out.st_dev, out.st_ino)


def _notes(console: Console, summary: Summary, out: str | None, lang: str) -> None:
    """On standard error, so that standard output stays the summary alone."""
    from rectilaw.ledger.messages import message

    if summary.errors:
        text = message("note.errors", lang, count=len(summary.errors), total=summary.total)
        if lang == "en" and summary.total == 1:
            text = text.replace("1 rows", "1 row")
        console.print(console.paint(f"rectilaw ledger: {text}", "yellow", err=True), err=True)
    if out is not None:
        wrote = message("note.wrote", lang, total=summary.total, out=out)
        console.print(f"rectilaw ledger: {wrote}", err=True)


COMMAND = Command(
    name="ledger",
    summary="evaluate a whole ledger (台账) and sum it up",
    description=(
        "Evaluate every row of a ledger (CSV, XLSX or Parquet, with the schema's field names\n"
        "or their Chinese headers such as 问题编号, 整改责任单位, 问题金额) under a policy on a\n"
        "given day, and print the summary: findings and rows in error, counts by status,\n"
        "整改率 (the rectification rate, percent with two decimals), the amount rate, the\n"
        "figures by source, audit type and unit, the overdue findings, and the actions due\n"
        "today and this week grouped by who acts. --format json prints the same as JSON;\n"
        "--output writes that summary to a file, --out (-o) writes every row with its\n"
        "answer. `-` reads the ledger from standard input. A progress line is\n"
        "shown on a terminal.\n"
        "\n"
        "A row that cannot be evaluated never stops the run: it is counted, listed with its\n"
        "row number and the field at fault, and written with its error. Exit code 0 when the\n"
        "ledger was evaluated, even with such rows; 2 when it could not be (no such file, a\n"
        "format not known from the name, no header row, an unknown policy, a bad mapping,\n"
        "the duckdb engine without the `sql` extra). --strict: exit 1 when a column was not\n"
        "read, a row could not be evaluated or a unit of money is in doubt. --inspect reads\n"
        "the ledger without evaluating and shows how each column will be read.\n"
        "\n"
        "Headers may carry a unit of money (问题金额（万元）); rows that are not findings\n"
        "(合计, 注：…, titles, repeated headers) are left out and listed. A mapping file:\n"
        "\n"
        "  columns:            # header → field; ~ carries a column along on purpose\n"
        "    责任企业: unit\n"
        "    问题序号: id\n"
        "    经办人: ~\n"
        "  values:             # cell text → code, for enum fields only\n"
        "    source: {审计署反馈: upper}\n"
        "  unit: 万元          # money columns whose header names no unit\n"
        "  units: {涉及金额: 元}\n"
        "  sheet: 台账         # XLSX: the sheet (default: every sheet with the header)\n"
        "  header_row: 3       # the header's row (default: found by looking)"
    ),
    examples=(
        "rectilaw ledger examples/ledger/sasac-ledger.csv --policy sasac --today 2024-08-01",
        "rectilaw ledger 台账.xlsx -p sasac -t 2024-08-01 --out 台账-评估.xlsx",
        "rectilaw ledger ledger.parquet -p sasac -t 2024-08-01 -f json --engine duckdb",
        "curl -s https://example.org/台账.xlsx | rectilaw ledger - -p sasac -t 2024-08-01",
        "rectilaw ledger 台账.csv -p sasac -m columns.yaml -o evaluated.csv   # --today: today "
        "in Asia/Shanghai",
        "rectilaw ledger 台账.xlsx -p qianjiang -m columns.yaml --inspect",
        "rectilaw ledger 台账.xlsx -p jiaocheng -t 2024-08-01 --strict   # exit 1 on doubt",
    ),
    configure=_configure,
    run=_run,
    formats=("text", "json"),
    short_output=False,
    evaluates=True,
)
