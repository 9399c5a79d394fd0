"""The language server driven over stdio as an editor drives it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from rectilaw.dsl.formatter import format_source

from .editing import POLICY, Editor

pytestmark = pytest.mark.asyncio(loop_scope="module")

MISSPELT = POLICY.replace("when corrected [1]", "when corected [1]")


def _position(text: str, needle: str, offset: int = 0, occurrence: int = 0) -> types.Position:
    """The position of the ``occurrence``-th ``needle`` in ``text`` (plus ``offset`` columns)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1)
    return types.Position(line=line, character=column + offset)


def _check_json(text: str, tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "draft.rules"
    path.write_text(text, "utf-8")
    run = subprocess.run([sys.executable, "-c", "import sys; from rectilaw.cli import main; "
                          "sys.exit(main(sys.argv[1:]))", "check", "--no-analysis",
                          "--format", "json", str(path)], capture_output=True, text=True)
    found: list[dict[str, object]] = json.loads(run.stdout)["diagnostics"]
    return found


async def test_a_broken_file_is_diagnosed_at_the_range_rectilaw_check_gives(
        editor: Editor, tmp_path: Path) -> None:
    published = await editor.open("broken.rules", MISSPELT)
    expected = _check_json(MISSPELT, tmp_path)
    assert [d.code for d in published.diagnostics] == [e["code"] for e in expected]
    (diagnostic,) = published.diagnostics
    (wanted,) = expected
    where = _position(MISSPELT, "corected")
    assert diagnostic.code == "unknown-name"
    assert diagnostic.range == types.Range(
        start=where, end=types.Position(line=where.line, character=where.character + 8))
    assert (diagnostic.range.start.line + 1, diagnostic.range.start.character + 1) == (
        wanted["line"], wanted["column"])
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert "did you mean `corrected`?" in diagnostic.message


async def test_a_did_you_mean_hint_is_a_quick_fix(client: LanguageClient, editor: Editor) -> None:
    published = await editor.open("fixable.rules", MISSPELT)
    uri = editor.uri("fixable.rules")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=published.diagnostics[0].range,
        context=types.CodeActionContext(diagnostics=list(published.diagnostics))))
    assert actions is not None
    (fix,) = actions
    assert isinstance(fix, types.CodeAction) and fix.edit is not None
    assert fix.edit.changes is not None
    (edit,) = fix.edit.changes[uri]
    assert edit.new_text == "corrected"
    assert edit.range == published.diagnostics[0].range


async def test_a_syntax_error_is_diagnosed_where_rectilaw_check_puts_it(
        editor: Editor, tmp_path: Path) -> None:
    broken = POLICY.replace("when corrected [1]", "when corrected [1")
    published = await editor.open("syntax.rules", broken)
    (diagnostic,) = published.diagnostics
    (wanted,) = _check_json(broken, tmp_path)
    assert diagnostic.code == wanted["code"] == "syntax-error"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range.start == _position(broken, "in_progress")
    assert (diagnostic.range.end.line + 1, diagnostic.range.end.character + 1) == (
        wanted["end_line"], wanted["end_column"])


async def test_the_analysis_follows_with_what_rectilaw_check_reports(
        editor: Editor) -> None:
    unreachable = POLICY.replace("    when corrected [1]\n",
                                 "    when corrected [1]\n    when corrected [1]\n")
    quick = await editor.open("unreachable.rules", unreachable)
    assert list(quick.diagnostics) == []
    analysed = await editor.settled(
        editor.uri("unreachable.rules"), lambda ds: any(d.code == "unreachable" for d in ds))
    second = _position(unreachable, "when corrected [1]", occurrence=1)
    assert any(d.code == "unreachable" and d.range.start.line == second.line
               for d in analysed)


async def test_hover_on_a_cited_clause_shows_its_text(client: LanguageClient,
                                                       editor: Editor) -> None:
    await editor.open("hover.rules", POLICY)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("hover.rules")),
        position=_position(POLICY, "corrected [1]", offset=len("corrected ["))))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert "clause 1" in hover.contents.value
    assert "问题已整改完毕的，认定为已整改。" in hover.contents.value


async def test_hover_on_a_parameter_gives_its_value_and_why_it_was_assumed(
        client: LanguageClient, editor: Editor) -> None:
    await editor.open("hover-param.rules", POLICY)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("hover-param.rules")),
        position=_position(POLICY, "+ limit", offset=3)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    text = hover.contents.value
    assert "整改期限" in text and "6 months" in text and "原文未规定期限" in text


async def test_completion_offers_corrected_after_when_corr(client: LanguageClient,
                                                           editor: Editor) -> None:
    typing = POLICY.replace("    when corrected [1]\n", "    when corr\n")
    await editor.open("typing.rules", typing)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("typing.rules")),
        position=_position(typing, "when corr", offset=len("when corr"))))
    assert isinstance(result, types.CompletionList)
    labels = [item.label for item in result.items]
    assert "corrected" in labels
    assert "corrected_amount" in labels  # from the shared schema, though not declared
    assert labels.index("corrected") < labels.index("corrected_amount")


async def test_completion_offers_parties_after_by(client: LanguageClient,
                                                  editor: Editor) -> None:
    await editor.open("parties.rules", POLICY)
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("parties.rules")),
        position=_position(POLICY, "by office", offset=len("by "))))
    assert isinstance(result, types.CompletionList)
    assert [item.label for item in result.items] == ["office"]


async def test_formatting_equals_rectilaw_fmt(client: LanguageClient, editor: Editor) -> None:
    messy = POLICY.replace('party office "审计机关"', 'party   office    "审计机关"').replace(
        "  rectified", "      rectified")
    await editor.open("messy.rules", messy)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("messy.rules")),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert edits is not None
    (edit,) = edits
    assert edit.range.start == types.Position(line=0, character=0)
    assert edit.range.end.line >= messy.count("\n")
    assert edit.new_text == format_source(messy) != messy


async def test_go_to_definition_of_a_clause_id_lands_on_the_clause(
        client: LanguageClient, editor: Editor) -> None:
    await editor.open("definition.rules", POLICY)
    uri = editor.uri("definition.rules")
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=_position(POLICY, "otherwise [2]", offset=len("otherwise ["))))
    assert isinstance(found, list)
    (location,) = found
    assert isinstance(location, types.Location) and location.uri == uri
    clause = _position(POLICY, 'clause 2 "', offset=len("clause "))
    assert location.range.start == clause


async def test_references_of_a_parameter(client: LanguageClient, editor: Editor) -> None:
    await editor.open("references.rules", POLICY)
    found = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("references.rules")),
        position=_position(POLICY, "param limit", offset=len("param ")),
        context=types.ReferenceContext(include_declaration=True)))
    assert found is not None
    assert [loc.range.start.line for loc in found] == [
        _position(POLICY, "param limit").line, _position(POLICY, "+ limit").line]


async def test_the_outline_lists_the_declarations(client: LanguageClient,
                                                  editor: Editor) -> None:
    await editor.open("outline.rules", POLICY)
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=editor.uri("outline.rules"))))
    assert symbols is not None
    names = [s.name for s in symbols]
    assert names == ["demo", "1", "2", "office", "issued_on", "corrected", "limit",
                     "deadline", "status", "notice"]
    status = next(s for s in symbols if isinstance(s, types.DocumentSymbol)
                  and s.name == "status")
    assert [c.name for c in status.children or []] == ["rectified", "in_progress"]


async def test_the_code_lens_runs_the_worked_examples_and_shows_failures_in_the_yaml(
        client: LanguageClient, editor: Editor, workspace: Path) -> None:
    await editor.open("demo.rules", POLICY)
    uri = editor.uri("demo.rules")
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert lenses is not None
    (lens,) = lenses
    assert lens.command is not None
    examples = workspace / "tests" / "policies" / "demo" / "status.yaml"
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=lens.command.command, arguments=lens.command.arguments))
    assert result["passed"] == 1 and result["failed"] == 1
    (failure,) = await editor.settled(examples.as_uri(), bool)
    wrong = examples.read_text("utf-8").splitlines().index(
        "  - name: a wrong expectation, to be reported at its line")
    assert failure.range.start.line == wrong
    assert "status: expected 'rectified', got 'in_progress'" in failure.message


async def test_columns_are_counted_in_the_clients_units(editor: Editor) -> None:
    """A character beyond the BMP (CJK Extension B, as in some names) is two UTF-16 units."""
    line = 'let odd "𠀀𠀀" = corected [1]'
    text = POLICY + line + "\n"
    published = await editor.open("astral.rules", text)
    last = text.count("\n") - 1
    (diagnostic,) = [d for d in published.diagnostics if d.range.start.line == last]
    code_points = line.index("corected")
    assert diagnostic.range.start.character == code_points + 2  # two astral characters
    assert diagnostic.range.end.character == code_points + 2 + len("corected")
