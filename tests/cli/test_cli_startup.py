"""``python -m rectilaw``, and a start-up that loads no engine for --version and --help.

Each case runs a fresh interpreter (a few tenths of a second), since only a
new process shows what importing costs; how long it takes is measured in
``bench/``, never here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from rectilaw.analysis import PROVERS
from rectilaw.cli.check import PROVERS as CLI_PROVERS
from rectilaw.cli.options import LANGUAGES as CLI_LANGUAGES
from rectilaw.report import LANGUAGES

#: What neither --version nor --help may import (``rectilaw.engine.provided``, the slot the
#: package fills on import, imports nothing).
HEAVY = ("lark", "rectilaw.engine.policy", "rectilaw.engine.compiler", "rectilaw.loader",
         "rectilaw.ledger", "rectilaw.dsl", "rectilaw.analysis", "rectilaw.report", "openpyxl",
         "yaml")

_PROBE = """
import sys
from rectilaw.cli import main
try:
    main({argv!r})
except SystemExit:
    pass
print("\\n".join(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(argv: list[str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE.format(argv=argv)],
                          capture_output=True, text=True, check=True)
    return set(done.stderr.split())


@pytest.mark.parametrize("argv", [["--version"], ["eval", "--help"], ["--help"]])
def test_version_and_help_load_no_engine(argv: list[str]) -> None:
    loaded = _modules_after(argv)
    heavy = sorted(m for m in loaded if m.startswith(HEAVY))
    assert heavy == []


def test_python_dash_m_runs_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "rectilaw", "--version"], capture_output=True,
                          text=True, check=True)
    from rectilaw import __version__

    assert done.stdout == f"rectilaw {__version__}\n"


def test_the_choices_named_without_importing_agree_with_the_engine() -> None:
    assert CLI_PROVERS == PROVERS
    assert CLI_LANGUAGES == LANGUAGES


def test_the_package_still_exports_its_api_lazily() -> None:
    import rectilaw

    assert set(rectilaw.__all__) <= set(dir(rectilaw))
    for name in rectilaw.__all__:
        assert getattr(rectilaw, name) is not None
    with pytest.raises(AttributeError):
        _ = rectilaw.no_such_name  # type: ignore[attr-defined]


def test_ctrl_c_while_the_commands_are_imported_exits_quietly(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """An interrupt before any command runs (the commands are still being imported) is 130."""
    import rectilaw.cli

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(rectilaw.cli, "build_parser", interrupted)
    assert rectilaw.cli.main(["check", "policies/sasac.rules"]) == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
