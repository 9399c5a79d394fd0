"""``rectilaw lsp``: the language server for editors, on standard input and output."""

from __future__ import annotations

import argparse

from rectilaw.cli.check import PROVERS
from rectilaw.cli.command import OK, Command, CommandError, Console

__all__ = ["COMMAND"]


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--stdio", action="store_true",
                        help="talk over standard input and output (the default and only way; "
                             "accepted because many editors pass it)")
    parser.add_argument("--analysis-budget", type=float, default=10.0, metavar="SECONDS",
                        help="the longest the consistency analysis of one edit may take before "
                             "it is cut short and the editor told so (default 10; 0 turns the "
                             "analysis off)")
    parser.add_argument("--prover", choices=PROVERS, default="auto",
                        help="how the analysis decides, as for `rectilaw check` (default auto)")


def _run(args: argparse.Namespace, console: Console) -> int:
    try:
        from rectilaw.lsp.server import Settings, serve
    except ModuleNotFoundError as missing:
        from rectilaw._extras import missing_extra

        raise CommandError(str(missing_extra("lsp", missing, "the language server"))) from None
    if args.analysis_budget < 0:
        raise CommandError("--analysis-budget must be 0 or more seconds")
    serve(Settings(analysis_budget=args.analysis_budget, prover=args.prover))
    return OK


COMMAND = Command(
    name="lsp",
    summary="the language server for editors (needs the lsp extra)",
    description=(
        "Run the rectilaw language server on standard input and output, for an editor's\n"
        "LSP client: diagnostics as you type (the same as `rectilaw check`; the analysis\n"
        "follows within its time budget), hover with the clause texts and readings, go to\n"
        "definition, references, completion, formatting (as `rectilaw fmt`), quick fixes\n"
        "for did-you-mean hints, the outline, and a code lens that runs the policy's worked\n"
        "examples. Needs the `lsp` extra: pip install 'rectilaw[lsp]'. See docs/editors.md."
    ),
    examples=(
        "rectilaw lsp                          # started by the editor, not by hand",
        "rectilaw lsp --analysis-budget 30     # allow the analysis more time",
        "rectilaw lsp --prover search          # no solver: a search, not a proof",
    ),
    configure=_configure,
    run=_run,
)
