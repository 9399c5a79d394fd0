"""A policy to edit, its worked examples, and an editor that waits for what the server says."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

#: ``rectilaw lsp``, through the command line's own entry point, in this interpreter.
SERVER = [sys.executable, "-c", "import sys; from rectilaw.cli import main; "
          "sys.exit(main(['lsp', *sys.argv[1:]]))"]

#: A small policy the tests edit; every name kind appears once at least.
POLICY = """\
policy demo { title "演示政策" }

clause 1 "第一条": "问题已整改完毕的，认定为已整改。"
clause 2 "第二条": "其他问题认定为正在整改。"

party office "审计机关"

facts issued_on, corrected

param limit "整改期限" = 6 months assumed "原文未规定期限"

deadline "整改时限" = issued_on + limit [2]

status first match {
  rectified "已整改"
    when corrected [1]
  in_progress "正在整改"
    otherwise [2]
}

action notice "通报" by office target office
  when status is in_progress and today > deadline [2]
"""

EXAMPLES = """\
policy: demo
cases:
  - name: corrected is rectified
    today: 2024-03-01
    finding: {issued_on: 2024-01-12, corrected: true}
    expect: {status: rectified}

  - name: a wrong expectation, to be reported at its line
    today: 2024-03-01
    finding: {issued_on: 2024-01-12}
    expect: {status: rectified}
"""

class Editor:
    """Opens and edits documents in the client and waits for what the server publishes."""

    def __init__(self, client: LanguageClient, workspace: Path) -> None:
        self.client = client
        self.workspace = workspace
        self.versions: dict[str, int] = {}

    def uri(self, name: str) -> str:
        return (self.workspace / "policies" / name).as_uri()

    async def open(self, name: str, text: str) -> types.PublishDiagnosticsParams:
        uri = self.uri(name)
        self.versions[uri] = 1
        waiting = self._next(uri, 1)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="rectilaw", version=1,
                                                 text=text)))
        return await waiting

    async def replace(self, name: str, text: str) -> types.PublishDiagnosticsParams:
        uri = self.uri(name)
        version = self.versions[uri] = self.versions[uri] + 1
        waiting = self._next(uri, version)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return await waiting

    def _next(self, uri: str, version: int | None,
              ) -> asyncio.Task[types.PublishDiagnosticsParams]:
        return asyncio.ensure_future(self.published(uri, version))

    async def settled(self, uri: str,
                      until: Callable[[Sequence[types.Diagnostic]], bool],
                      timeout: float = 30.0) -> Sequence[types.Diagnostic]:
        """The diagnostics the client holds for ``uri`` once ``until`` holds of them.

        A later publication (the analysis after the quick check) may arrive in the same read
        as the one before it, before anyone waits for it again; the client keeps the latest
        diagnostics of every document whatever waits, so they are asked instead.
        """
        async def wait() -> Sequence[types.Diagnostic]:
            while True:
                diagnostics = self.client.diagnostics.get(uri)
                if diagnostics is not None and until(diagnostics):
                    return diagnostics
                await asyncio.sleep(0.01)

        return await asyncio.wait_for(wait(), timeout)

    async def published(self, uri: str, version: int | None = None,
                        timeout: float = 30.0) -> types.PublishDiagnosticsParams:
        """The next diagnostics published for ``uri`` (and ``version``, if given)."""
        async def wait() -> types.PublishDiagnosticsParams:
            while True:
                params = await self.client.wait_for_notification(
                    types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                if params.uri == uri and (version is None or params.version == version):
                    return params  # type: ignore[no-any-return]

        return await asyncio.wait_for(wait(), timeout)
