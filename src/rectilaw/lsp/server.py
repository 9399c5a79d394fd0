"""``rectilaw lsp``: the language server, on pygls, over standard input and output.

Each change to a rule file is parsed and checked at once and its diagnostics
published (the same codes, spans and hints as ``rectilaw check``); once the
text has been still for a moment the consistency analysis runs beside the
server within its time budget and the full ``rectilaw check`` diagnostics
replace them.  The rest answers from the names of the text (see
:mod:`rectilaw.lsp.symbols`): hover, go to definition, references,
completion, the outline; formatting is ``rectilaw fmt``; a did-you-mean hint
is a quick fix; a code lens on the policy's header runs its worked examples
against the text being edited and shows each failure at its line in the YAML.

Positions: rectilaw counts columns in characters (code points); the client's
units (UTF-16 unless it asks for another) are converted here, at the edge.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from rectilaw.dsl import ast
from rectilaw.dsl.model import PolicyModel
from rectilaw.errors import PolicyError
from rectilaw.lsp import adapter
from rectilaw.lsp.analysis import AnalysisResult, AnalysisRunner
from rectilaw.lsp.completion import Declared, complete
from rectilaw.lsp.hover import hover_markdown
from rectilaw.lsp.outline import Entry, outline
from rectilaw.lsp.symbols import Index, Range, Symbol, build_index

__all__ = ["RUN_EXAMPLES", "Settings", "build_server"]

#: The command the worked-examples code lens runs; its one argument is the rule file's URI.
RUN_EXAMPLES = "rectilaw.runExamples"

#: Where worked examples are looked for, below each workspace folder (as ``rectilaw test``).
EXAMPLES_PATH = "tests/policies"

_SEVERITIES = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
_DID_YOU_MEAN = re.compile(r"did you mean `([^`]+)`\?")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")

_COMPLETION_KINDS = {
    "fact": types.CompletionItemKind.Field,
    "param": types.CompletionItemKind.Constant,
    "definition": types.CompletionItemKind.Variable,
    "clause": types.CompletionItemKind.Reference,
    "party": types.CompletionItemKind.Class,
    "action": types.CompletionItemKind.Event,
    "outcome": types.CompletionItemKind.EnumMember,
    "keyword": types.CompletionItemKind.Keyword,
}
_SYMBOL_KINDS = {
    "policy": types.SymbolKind.Module,
    "clause": types.SymbolKind.String,
    "party": types.SymbolKind.Class,
    "fact": types.SymbolKind.Field,
    "param": types.SymbolKind.Constant,
    "definition": types.SymbolKind.Variable,
    "decision": types.SymbolKind.Enum,
    "outcome": types.SymbolKind.EnumMember,
    "action": types.SymbolKind.Event,
    "ladder": types.SymbolKind.Namespace,
    "after": types.SymbolKind.Namespace,
}


@attrs.frozen
class Settings:
    """How the server runs: the analysis budget and prover, the pause before analysing,
    and extra folders (relative to a workspace folder) to look for worked examples in."""

    analysis_budget: float = 10.0
    prover: str = "auto"
    pause: float = 0.4
    examples: tuple[str, ...] = ()


@attrs.define
class _Document:
    """What the server knows of one open rule file.

    ``tree`` is the syntax tree of the text as it last parsed and ``model`` the
    policy as it last checked; the index of the tree's names is built when it
    is first asked for, not on every keystroke.
    """

    tree: ast.PolicyFile | None = None
    model: PolicyModel | None = None
    analysis: asyncio.Task[None] | None = None
    checking: asyncio.Task[None] | None = None
    #: The diagnostics of the last check, shown again if the analysis does not finish.
    checked: tuple[dict[str, Any], ...] = ()
    _index: Index | None = None

    @property
    def index(self) -> Index | None:
        if self._index is None and self.tree is not None:
            self._index = build_index(self.tree)
        return self._index

    @property
    def policy_id(self) -> str | None:
        return self.tree.header.name.value if self.tree is not None else None

    def update(self, checked: adapter.Checked) -> None:
        if checked.tree is not None and checked.tree is not self.tree:
            self.tree, self._index = checked.tree, None
        if checked.model is not None:
            self.model = checked.model


class RulesServer(LanguageServer):
    """The server and its per-document state."""

    def __init__(self, settings: Settings) -> None:
        from rectilaw import __version__

        super().__init__("rectilaw", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.settings = settings
        self.documents: dict[str, _Document] = {}
        self.runner = AnalysisRunner(settings.analysis_budget, settings.prover)
        self.example_files_shown: set[str] = set()
        self.checking = threading.Lock()

    # ------------------------------------------------------------ conversions
    def filename(self, uri: str) -> str:
        return to_fs_path(uri) or uri

    def client_range(self, document: TextDocument, lines: Sequence[str], where: Range
                     ) -> types.Range:
        server = ServerTextRange(ServerTextPosition(where.line, where.column),
                                 ServerTextPosition(where.end_line, where.end_column))
        return document.position_codec.range_to_client_units(lines, server)

    def lsp_diagnostic(self, document: TextDocument, lines: Sequence[str],
                       found: dict[str, Any]) -> types.Diagnostic:
        if "line" in found:
            where = Range(int(found["line"]) - 1, int(found["column"]) - 1,
                          int(found["end_line"]) - 1, int(found["end_column"]) - 1)
        else:
            where = Range(0, 0, 0, 0)
        hint = found.get("hint")
        message = str(found["message"]) + (f"\nhelp: {hint}" if hint else "")
        return types.Diagnostic(
            range=self.client_range(document, lines, where),
            message=message,
            severity=_SEVERITIES.get(str(found.get("severity")), types.DiagnosticSeverity.Error),
            code=str(found["code"]),
            source="rectilaw",
            data={"hint": hint} if hint else None,
        )

    def publish(self, document: TextDocument, found: Sequence[dict[str, Any]],
                extra: Sequence[types.Diagnostic] = ()) -> None:
        lines = document.lines
        diagnostics = [self.lsp_diagnostic(document, lines, d) for d in found]
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=document.uri, version=document.version, diagnostics=[*diagnostics, *extra]))

    # ------------------------------------------------------------ checking
    def changed(self, uri: str) -> None:
        """The text changed: check it, unless a check is under way, which then checks again.

        Checking runs in a thread so that the server keeps reading the editor's
        messages meanwhile; edits that arrive during a check are checked together,
        once, as the text stands when it ends.  The analysis waits for a pause.
        """
        state = self.documents.setdefault(uri, _Document())
        if state.analysis is not None:
            state.analysis.cancel()
            state.analysis = None
        if state.checking is None or state.checking.done():
            state.checking = asyncio.ensure_future(self.check_until_current(uri, state))

    def check_text(self, text: str, filename: str) -> adapter.Checked:
        """One check at a time, whichever document: the parser is shared."""
        with self.checking:
            return adapter.check_text(text, filename)

    async def check_until_current(self, uri: str, state: _Document) -> None:
        while True:
            document = self.workspace.get_text_document(uri)
            version, text = document.version, document.source
            checked = await asyncio.to_thread(self.check_text, text, self.filename(uri))
            if self.documents.get(uri) is not state:
                return  # closed meanwhile
            document = self.workspace.get_text_document(uri)
            if document.version != version:
                continue
            state.update(checked)
            state.checked = tuple(d.to_dict() for d in checked.diagnostics)
            self.publish(document, state.checked)
            if checked.model is not None and self.settings.analysis_budget > 0:
                state.analysis = asyncio.ensure_future(self.analyse_later(uri, version))
            return

    async def analyse_later(self, uri: str, version: int | None) -> None:
        await asyncio.sleep(self.settings.pause)
        document = self.workspace.get_text_document(uri)
        if document.version != version:
            return
        text = document.source
        result = await asyncio.to_thread(self.runner.run, text, self.filename(uri))
        document = self.workspace.get_text_document(uri)
        if document.version != version or document.source != text:
            return
        state = self.documents.get(uri)
        if result.timed_out or result.failure is not None:
            shown = state.checked if state is not None else ()
            self.publish(document, shown, self.analysis_notes(document, result))
        else:
            self.publish(document, result.diagnostics)

    def analysis_notes(self, document: TextDocument, result: AnalysisResult
                       ) -> list[types.Diagnostic]:
        """What the author must know when the analysis did not finish: never a silent gap."""
        if result.timed_out:
            text = (f"the consistency analysis did not finish within "
                    f"{self.settings.analysis_budget:g} s, so its findings are not shown; "
                    f"`rectilaw check` runs it without a limit")
        elif result.failure is not None:
            text = f"the consistency analysis failed: {result.failure}"
        else:
            return []
        state = self.documents.get(document.uri)
        where = Range(0, 0, 0, 0)
        if state is not None and state.tree is not None:
            where = Range.of(state.tree.header.name.span)
        return [types.Diagnostic(
            range=self.client_range(document, document.lines, where), message=text,
            severity=types.DiagnosticSeverity.Information, code="analysis-incomplete",
            source="rectilaw")]

    # ------------------------------------------------------------ worked examples
    def example_folders(self) -> list[Path]:
        roots = [to_fs_path(folder.uri) for folder in self.workspace.folders.values()]
        if not roots and self.workspace.root_path:
            roots = [self.workspace.root_path]
        folders = []
        for root in filter(None, roots):
            for relative in (EXAMPLES_PATH, *self.settings.examples):
                folders.append(Path(root) / relative)
        return folders

    async def run_examples(self, uri: str) -> dict[str, Any]:
        """Run the worked examples of the policy at ``uri``; publish failures at their lines.

        The examples run in a thread; what they found is sent from the server's loop.
        """
        document = self.workspace.get_text_document(uri)
        state = self.documents.get(uri)
        policy_id = state.policy_id if state is not None else None
        if policy_id is None:
            return self.tell("the worked examples cannot run: the rule file does not parse",
                             types.MessageType.Error)
        folders = self.example_folders()
        files = adapter.example_files(folders)
        try:
            outcomes, problems = await asyncio.to_thread(
                adapter.run_examples, document.source, self.filename(uri), policy_id, files)
        except PolicyError as error:
            return self.tell(f"the worked examples cannot run: {error.diagnostics[0].message}",
                             types.MessageType.Error)
        self.show_example_failures(outcomes)
        failed = sum(1 for o in outcomes if not o.passed)
        passed = len(outcomes) - failed
        summary = (f"worked examples of `{policy_id}`: {passed} passed, {failed} failed"
                   if outcomes else f"no worked examples of `{policy_id}` found in "
                   + ", ".join(str(f) for f in folders))
        for problem in problems:
            self.tell(problem, types.MessageType.Warning)
        result = self.tell(summary, types.MessageType.Error if failed else types.MessageType.Info)
        result.update(passed=passed, failed=failed,
                      failures=[attrs.asdict(o) for o in outcomes if not o.passed])
        return result

    def show_example_failures(self, outcomes: Sequence[adapter.ExampleOutcome]) -> None:
        """Each failing example as an error at its line of the YAML file; files that no
        longer fail are cleared."""
        by_file: dict[str, list[types.Diagnostic]] = {}
        for outcome in outcomes:
            shown = by_file.setdefault(str(Path(outcome.file).resolve()), [])
            if not outcome.passed:
                line = max(outcome.line - 1, 0)
                shown.append(types.Diagnostic(
                    range=types.Range(start=types.Position(line=line, character=0),
                                      end=types.Position(line=line + 1, character=0)),
                    message=f"worked example fails: {outcome.name}\n"
                            + "\n".join(outcome.problems),
                    severity=types.DiagnosticSeverity.Error, code="example-fails",
                    source="rectilaw test"))
        for file in self.example_files_shown - set(by_file):
            by_file[file] = []
        for file, diagnostics in by_file.items():
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=from_fs_path(file) or file, diagnostics=diagnostics))
        self.example_files_shown = {f for f, d in by_file.items() if d}

    def tell(self, message: str, level: types.MessageType) -> dict[str, Any]:
        self.window_show_message(types.ShowMessageParams(type=level, message=message))
        return {"message": message}


def _symbol(server: RulesServer, document: TextDocument, lines: Sequence[str],
            entry: Entry) -> types.DocumentSymbol:
    return types.DocumentSymbol(
        name=entry.name, detail=entry.detail or None,
        kind=_SYMBOL_KINDS.get(entry.kind, types.SymbolKind.Object),
        range=server.client_range(document, lines, entry.range),
        selection_range=server.client_range(document, lines, entry.selection),
        children=[_symbol(server, document, lines, c) for c in entry.children] or None,
    )


def _cursor(document: TextDocument, position: types.Position) -> tuple[int, int]:
    server = document.position_from_client_units(position)
    return server.line, server.character


def _pointed_at(ls: RulesServer, uri: str, position: types.Position,
                ) -> tuple[_Document, Index, TextDocument, Symbol] | None:
    """The open document at ``uri``, its names and the name under the cursor, if any."""
    state = ls.documents.get(uri)
    if state is None or state.index is None:
        return None
    document = ls.workspace.get_text_document(uri)
    symbol = state.index.at(*_cursor(document, position))
    if symbol is None:
        return None
    return state, state.index, document, symbol


def build_server(settings: Settings | None = None) -> RulesServer:
    """A server with every feature registered, ready for ``start_io``."""
    server = RulesServer(settings or Settings())

    @server.feature(types.INITIALIZE)
    def initialize(ls: RulesServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict):
            ls.settings = Settings(
                analysis_budget=float(options.get("analysisBudget",
                                                  ls.settings.analysis_budget)),
                prover=str(options.get("prover", ls.settings.prover)),
                pause=float(options.get("analysisPause", ls.settings.pause)),
                examples=tuple(options.get("examples", ls.settings.examples)),
            )
            ls.runner = AnalysisRunner(ls.settings.analysis_budget, ls.settings.prover)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: RulesServer, params: None) -> None:
        ls.runner.close()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: RulesServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: RulesServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.changed(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: RulesServer, params: types.DidCloseTextDocumentParams) -> None:
        state = ls.documents.pop(params.text_document.uri, None)
        for task in (state.analysis, state.checking) if state is not None else ():
            if task is not None:
                task.cancel()
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=params.text_document.uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: RulesServer, params: types.HoverParams) -> types.Hover | None:
        pointed = _pointed_at(ls, params.text_document.uri, params.position)
        if pointed is None:
            return None
        state, index, document, symbol = pointed
        text = hover_markdown(symbol, index, state.model)
        if text is None:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
            range=ls.client_range(document, document.lines, symbol.range))

    def locations(ls: RulesServer, uri: str, ranges: list[Range]) -> list[types.Location]:
        document = ls.workspace.get_text_document(uri)
        lines = document.lines
        return [types.Location(uri=uri, range=ls.client_range(document, lines, r))
                for r in ranges]

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: RulesServer, params: types.DefinitionParams
                   ) -> list[types.Location] | None:
        uri = params.text_document.uri
        pointed = _pointed_at(ls, uri, params.position)
        if pointed is None:
            return None
        _, index, _, symbol = pointed
        found = index.declarations(symbol.kind, symbol.name)
        return locations(ls, uri, [s.range for s in found]) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: RulesServer, params: types.ReferenceParams
                   ) -> list[types.Location] | None:
        uri = params.text_document.uri
        pointed = _pointed_at(ls, uri, params.position)
        if pointed is None:
            return None
        _, index, _, symbol = pointed
        found = [s.range for s in index.occurrences(symbol.kind, symbol.name)
                 if params.context.include_declaration or not s.declares]
        return locations(ls, uri, found)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=["[", ",", " "]))
    def completion(ls: RulesServer, params: types.CompletionParams) -> types.CompletionList:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        state = ls.documents.get(uri)
        text = document.source
        before = text[: document.offset_at_position(params.position)]
        index = state.index if state is not None else None
        declared = Declared.from_index(index) if index is not None else Declared.scan(text)
        candidates = complete(before, declared)
        items = [types.CompletionItem(
            label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail or None,
            sort_text=f"{c.rank:05d}") for c in candidates]
        return types.CompletionList(is_incomplete=False, items=items)

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: RulesServer, params: types.DocumentFormattingParams
                   ) -> list[types.TextEdit] | None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        text = document.source
        try:
            formatted = adapter.format_text(text, ls.filename(uri))
        except PolicyError:
            ls.tell("not formatted: the rule file does not parse (see its errors)",
                    types.MessageType.Warning)
            return None
        if formatted == text:
            return []
        lines = document.lines
        end = document.position_codec.position_to_client_units(
            lines, ServerTextPosition(len(lines), 0))
        return [types.TextEdit(range=types.Range(start=types.Position(line=0, character=0),
                                                 end=end), new_text=formatted)]

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: RulesServer, params: types.CodeActionParams
                    ) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        document = ls.workspace.get_text_document(uri)
        fixes = []
        for diagnostic in params.context.diagnostics:
            data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
            match = _DID_YOU_MEAN.search(str(data.get("hint") or ""))
            if match is None:
                continue
            written = document.text_in_client_range(diagnostic.range)
            if not _WORD.fullmatch(written):
                continue
            fixes.append(types.CodeAction(
                title=f"Change `{written}` to `{match.group(1)}`",
                kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], is_preferred=True,
                edit=types.WorkspaceEdit(changes={uri: [
                    types.TextEdit(range=diagnostic.range, new_text=match.group(1))]})))
        return fixes or None

    @server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def document_symbol(ls: RulesServer, params: types.DocumentSymbolParams
                        ) -> list[types.DocumentSymbol] | None:
        state = ls.documents.get(params.text_document.uri)
        if state is None or state.tree is None:
            return None
        document = ls.workspace.get_text_document(params.text_document.uri)
        lines = document.lines
        return [_symbol(ls, document, lines, e) for e in outline(state.tree)]

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    def code_lens(ls: RulesServer, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        uri = params.text_document.uri
        state = ls.documents.get(uri)
        if state is None or state.tree is None:
            return None
        document = ls.workspace.get_text_document(uri)
        where = Range.of(state.tree.header.name.span)
        return [types.CodeLens(
            range=ls.client_range(document, document.lines, where),
            command=types.Command(title="Run worked examples", command=RUN_EXAMPLES,
                                  arguments=[uri]))]

    @server.command(RUN_EXAMPLES)
    async def run_examples(ls: RulesServer, *args: Any) -> dict[str, Any]:
        uri = _uri_argument(args)
        if uri is None or uri not in ls.documents:
            return ls.tell(f"{RUN_EXAMPLES}: give the URI of an open rule file",
                           types.MessageType.Error)
        return await ls.run_examples(uri)

    return server


def _uri_argument(args: Sequence[Any]) -> str | None:
    """The URI a command was given: clients pass it as one argument, or a list of them."""
    flat: list[Any] = []
    for item in args:
        flat.extend(item if isinstance(item, list) else [item])
    return next((str(item) for item in flat if isinstance(item, str)), None)


def serve(settings: Settings | None = None) -> None:
    """Run the server on standard input and output until the client exits."""
    server = build_server(settings)
    try:
        server.start_io()
    finally:
        server.runner.close()
