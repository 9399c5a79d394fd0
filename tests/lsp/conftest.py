"""One language server per test module, driven over standard input and output.

The server is started as ``rectilaw lsp``, in a workspace folder of its own
which holds one policy and its worked examples.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from .editing import EXAMPLES, POLICY, SERVER, Editor


@pytest.fixture(scope="session")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("workspace")
    (root / "policies").mkdir()
    (root / "policies" / "demo.rules").write_text(POLICY, "utf-8")
    examples = root / "tests" / "policies" / "demo"
    examples.mkdir(parents=True)
    (examples / "status.yaml").write_text(EXAMPLES, "utf-8")
    return root


@pytest_lsp.fixture(
    scope="module",
    config=ClientServerConfig(server_command=[*SERVER, "--prover", "search"]),
)
async def client(lsp_client: LanguageClient, workspace: Path) -> Any:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")],
        initialization_options={"analysisPause": 0.05},
    ))
    yield
    await lsp_client.shutdown_session()


@pytest.fixture(scope="module")
def editor(client: LanguageClient, workspace: Path) -> Editor:
    return Editor(client, workspace)
