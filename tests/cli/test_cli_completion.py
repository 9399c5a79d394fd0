"""``rectilaw completion``: scripts for bash, zsh and fish, and the message without shtab."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rectilaw.cli import COMMANDS, main
from rectilaw.cli.completion import SHELLS, completion_script
from rectilaw.policies import builtin_names


@pytest.mark.parametrize("shell", SHELLS)
def test_the_script_knows_the_commands_options_and_policies(shell: str) -> None:
    script = completion_script(shell)
    for command in COMMANDS:
        assert command in script
    for option in ("--format", "--output", "--calendar", "--config"):
        assert option in script
    assert " ".join(builtin_names()) in script
    assert "sarif" in script and "junit" in script


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completes_policy_names_and_rule_files(tmp_path: Path) -> None:
    script = tmp_path / "rectilaw.bash"
    script.write_text(completion_script("bash"), "utf-8")
    (tmp_path / "local.rules").write_text("", "utf-8")
    (tmp_path / "finding.json").write_text("{}", "utf-8")
    probe = f"""
source {script}
complete_words() {{
  COMP_WORDS=("$@"); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMPREPLY=()
  _shtab_rectilaw rectilaw "${{COMP_WORDS[-1]}}" "${{COMP_WORDS[-2]}}"
  echo "${{COMPREPLY[*]}}"
}}
complete_words rectilaw eval --policy ""
complete_words rectilaw check ""
complete_words rectilaw eval -p sasac ""
complete_words rectilaw check --format ""
"""
    done = subprocess.run(["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          check=True)
    policies, rules, findings, formats = done.stdout.splitlines()
    assert policies.split() == [*builtin_names(), "local.rules"]
    assert rules.split() == ["local.rules"]
    assert findings.split() == ["finding.json"]
    assert formats.split() == ["text", "json", "junit", "sarif"]


@pytest.mark.parametrize(("shell", "check"), [("zsh", ["-n"]), ("fish", ["--no-execute"])])
def test_the_script_is_valid_in_its_shell(shell: str, check: list[str], tmp_path: Path) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"rectilaw.{shell}"
    script.write_text(completion_script(shell), "utf-8")
    subprocess.run([shell, *check, str(script)], check=True, capture_output=True)


def test_without_the_extra_the_message_says_how_to_install_it(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(sys.modules, "shtab", None)
    assert main(["completion", "bash"]) == 2
    assert capsys.readouterr().err == (
        "rectilaw completion: shell completion needs the `completion` extra (shtab): "
        "pip install 'rectilaw[completion]'\n")
