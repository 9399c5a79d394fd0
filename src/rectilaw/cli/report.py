"""``rectilaw report``: the figures of a yearly rectification report from a ledger (台账).

The ledger is evaluated as ``rectilaw ledger`` evaluates it; the figures are those of
:mod:`rectilaw.ledger.figures`, each traceable to the rows it counts, and the document is
:mod:`rectilaw.ledger.report_doc`'s: Markdown on standard output by default, or HTML, Word
or JSON into ``--out``.
"""

from __future__ import annotations

import argparse

from rectilaw.cli.command import OK, Command, CommandError, Console
from rectilaw.cli.inputs import add_policy_options, policy_from_args, today_from_args
from rectilaw.cli.options import LANGUAGES

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ledger", metavar="IN",
                        help="the ledger: a .csv (UTF-8 or GB18030), .xlsx or .parquet file")
    add_policy_options(parser)
    parser.add_argument("--out", "-o", metavar="OUT",
                        help="write the report here: .md, .html, .docx (Word, needs the "
                        "`report` extra) or .json; default: Markdown on standard output")
    parser.add_argument("--format", dest="report_format", choices=("md", "html", "docx", "json"),
                        help="the report's format where --out's name does not tell it")
    parser.add_argument("--mapping", "-m", metavar="MAPPING.yaml",
                        help="which column is which field, beyond the schema's names and their "
                        "usual Chinese headers")
    parser.add_argument("--rectified", action="append", metavar="STATUS",
                        help="a status that counts as rectified (repeat for several); default: "
                        "the policy's own")
    parser.add_argument("--lang", choices=LANGUAGES, default="zh",
                        help="language of the report (default: zh)")


def _run(args: argparse.Namespace, console: Console) -> int:
    from rectilaw.ledger import LedgerError, evaluate_ledger
    from rectilaw.ledger.figures import ReportFigures
    from rectilaw.ledger.messages import message
    from rectilaw.ledger.report_doc import render, report_format
    from rectilaw.ledger.writers import write_file

    policy = policy_from_args(args)
    today = today_from_args(args, console)
    try:
        fmt = report_format(args.out, args.report_format)
        if fmt == "docx" and args.out is None:
            raise CommandError("a Word report is written to a file: give --out REPORT.docx")
        result = evaluate_ledger(args.ledger, policy, today, mapping=args.mapping,
                                 rectified=args.rectified)
        figures = ReportFigures.count(result.rows, policy, today, args.rectified, args.lang)
        data = render(figures, fmt, args.lang)
        if args.out is None:
            console.print(data.decode("utf-8").rstrip("\n"))
        else:
            write_file(args.out, data)
            console.print(f"rectilaw report: {message('note.report', args.lang, out=args.out)}",
                          err=True)
    except (LedgerError, ValueError) as problem:
        raise CommandError(str(problem)) from None
    if figures.errors:
        console.print(console.paint(
            "rectilaw report: " + message("note.report_errors", args.lang,
                                          count=len(figures.errors)),
            "yellow", err=True), err=True)
    return OK


COMMAND = Command(
    name="report",
    summary="the figures of a rectification report (整改情况报告) from a ledger",
    description=(
        "Evaluate a ledger under a policy on a given day and write the figures a yearly\n"
        "rectification report gives: findings reported, rectified and the 整改率; amounts\n"
        "(促进增收节支, 拨付/盘活/追回资金, 审减投资, in 万元) where the ledger records them;\n"
        "persons held accountable and rules improved; the findings still being rectified and\n"
        "their share, by the three reasons (体制机制 / 情况复杂 / 涉及多个部门); and the figures\n"
        "per level of audit office (上级审计机关反馈 / 本级审计机关查出). An appendix lists the\n"
        "ledger rows behind every figure. Rows in error are counted in none of the figures\n"
        "and named on standard error. Exit code 0 when the report was made, 2 when it could\n"
        "not be (no such file, an unknown format or policy, Word without python-docx)."
    ),
    examples=(
        "rectilaw report 台账.xlsx --policy jiaocheng --today 2023-06-25",
        "rectilaw report 台账.xlsx -p jiaocheng -t 2023-06-25 --out 整改情况报告.docx",
        "rectilaw report ledger.csv -p sasac -t 2024-08-01 --out figures.json",
    ),
    configure=_configure,
    run=_run,
    evaluates=True,
)
