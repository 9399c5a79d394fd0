"""``.pre-commit-hooks.yaml``: hooks the pre-commit framework can install and run."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from rectilaw.cli import build_parser

HOOKS = Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml"
#: What pre-commit requires of each hook, and the keys it knows (pre-commit's clientlib).
REQUIRED = {"id", "name", "entry", "language"}
KNOWN = REQUIRED | {
    "alias", "files", "exclude", "types", "types_or", "exclude_types", "additional_dependencies",
    "args", "always_run", "fail_fast", "pass_filenames", "description", "language_version",
    "log_file", "minimum_pre_commit_version", "require_serial", "stages", "verbose",
}


def _hooks() -> list[dict[str, Any]]:
    data = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert isinstance(data, list)
    return data


def test_each_hook_has_what_pre_commit_requires() -> None:
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["rectilaw-check", "rectilaw-fmt", "rectilaw-fmt-check"]
    for hook in hooks:
        assert REQUIRED <= hook.keys() <= KNOWN, hook["id"]
        assert hook["language"] == "python"


@pytest.mark.parametrize("hook", _hooks(), ids=lambda h: h["id"])
def test_each_entry_is_a_command_line_rectilaw_accepts(hook: dict[str, Any]) -> None:
    program, *words = shlex.split(hook["entry"])
    assert program == "rectilaw"
    args = build_parser().parse_args([*words, "policies/a.rules", "policies/b.rules"])
    assert args.command.name == words[0]
    assert args.files == ["policies/a.rules", "policies/b.rules"]


def test_the_hooks_fix_or_check_as_their_names_say() -> None:
    entries = {h["id"]: build_parser().parse_args([*shlex.split(h["entry"])[1:], "x.rules"])
               for h in _hooks()}
    assert entries["rectilaw-fmt"].write and not entries["rectilaw-fmt"].check
    assert entries["rectilaw-fmt-check"].check and not entries["rectilaw-fmt-check"].write


@pytest.mark.parametrize("hook", _hooks(), ids=lambda h: h["id"])
def test_files_match_policy_files_only(hook: dict[str, Any]) -> None:
    pattern = re.compile(hook["files"])
    for path in ("policies/sasac.rules", "repo/policies/office.rules"):
        assert pattern.search(path), path
    for path in ("etc/udev/rules.d/99-usb.rules", "policies/sasac.rules.bak", "README.md"):
        assert not pattern.search(path), path
