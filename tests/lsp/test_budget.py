"""An analysis that overruns its budget is cut short, and the editor is told so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .editing import POLICY, SERVER, Editor

pytestmark = pytest.mark.asyncio(loop_scope="module")

#: A clause no rule cites: a warning of the checker, which must survive the cut.
UNCITED = POLICY.replace('clause 2 "第二条"', 'clause 3 "第三条": "无人引用。"\nclause 2 "第二条"')


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, workspace: Path) -> Any:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("neovim"),
        root_uri=workspace.as_uri(),
        initialization_options={"analysisBudget": 0.001, "analysisPause": 0},
    ))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def editor(client: LanguageClient, workspace: Path) -> Editor:
    return Editor(client, workspace)


async def test_an_analysis_cut_short_says_so_and_keeps_the_checks_diagnostics(
        editor: Editor) -> None:
    quick = await editor.open("budget.rules", UNCITED)
    assert [d.code for d in quick.diagnostics] == ["uncited-clause"]
    after = await editor.settled(
        editor.uri("budget.rules"), lambda ds: any(d.code == "analysis-incomplete" for d in ds))
    codes = [d.code for d in after]
    assert codes == ["uncited-clause", "analysis-incomplete"]
    note = after[1]
    assert note.severity == types.DiagnosticSeverity.Information
    assert "did not finish within 0.001 s" in note.message
    assert note.range.start.line == 0  # on the policy's name in its header
