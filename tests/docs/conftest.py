"""The documentation built once per test session, as ``make docs`` builds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .building import DOCS, sphinx_build


@pytest.fixture(scope="session")
def built_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's documentation, built as ``make docs`` builds it, in a fresh folder."""
    output = tmp_path_factory.mktemp("docs") / "html"
    result = sphinx_build(DOCS, output, "-d", str(output.parent / "doctrees"))
    assert result.returncode == 0, result.stderr + result.stdout
    return output
