"""What the readable SQL query answers for one finding, as the Python engine gives it."""

from __future__ import annotations

from typing import Any

from rectilaw import Assessment


def readable(answer: Assessment) -> dict[str, Any]:
    """The readable query's columns of an Assessment, actions as ``{code, due, rule}``."""
    return {
        "status": answer.status, "status_label": answer.status_label, "due": answer.due,
        "overdue_days": answer.overdue_days, "stage": answer.stage,
        "stage_label": answer.stage_label,
        "actions": [{"code": a.code, "due": a.due, "rule": a.rule} for a in answer.actions],
        "provisional": list(answer.provisional),
    }
