"""The operator registry: every backend implements every operator it declares.

A backend that lacks an operator fails here, by name, rather than when a
policy that uses it first meets that backend (the SMT encoder, say, only runs
when z3 is installed and a check asks for it).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

import rectilaw
from rectilaw.dsl.model import EVENT_OPS, NODE_OPS
from rectilaw.dsl.ops import OPS, Level, binary_levels

#: Each backend: (module, class, the prefix of its method for an operator).
BACKENDS = {
    "compiled evaluator": ("rectilaw.engine.compiler", "_Emitter", "op_"),
    "reference interpreter": ("rectilaw.engine.reference", "Evaluation", "_"),
    "SQL translator": ("rectilaw.sql._expressions", "Translator", "op_"),
    "SMT encoder": ("rectilaw.analysis.smt", "_World", "_"),
    "partial evaluator": ("rectilaw.analysis.partial", "Partial", "_"),
    "Chinese reading": ("rectilaw.sphinx.text", "_Reader", "op_"),
}


def backend(name: str) -> tuple[type, str]:
    module, cls, prefix = BACKENDS[name]
    if module.startswith("rectilaw.sql"):
        pytest.importorskip("sqlglot")
    return getattr(importlib.import_module(module), cls), prefix


@pytest.mark.parametrize("name", BACKENDS)
def test_every_backend_implements_every_operator(name: str) -> None:
    cls, prefix = backend(name)
    missing = sorted(op for op in OPS if not callable(getattr(cls, prefix + op, None)))
    assert not missing, f"the {name} ({cls.__qualname__}) lacks {missing}"


@pytest.mark.parametrize("name", [n for n, (_, _, p) in BACKENDS.items() if p == "op_"])
def test_no_backend_implements_an_operator_the_registry_does_not_declare(name: str) -> None:
    cls, prefix = backend(name)
    stale = sorted(attr[len(prefix):] for attr in dir(cls)
                   if attr.startswith(prefix) and attr[len(prefix):] not in OPS)
    assert not stale, f"the {name} handles undeclared operators {stale}"


def test_the_code_writer_writes_every_operator() -> None:
    from rectilaw.sphinx.text import _CODE

    writers: dict[str, Callable[..., str]] = _CODE
    assert set(writers) == set(OPS)


def test_the_model_names_its_operators_from_the_registry() -> None:
    assert frozenset(OPS) == NODE_OPS
    assert {"count", "first", "last", "taken"} == EVENT_OPS


@pytest.mark.parametrize("name", rectilaw.builtin_names())
def test_every_node_of_the_built_in_policies_is_declared_and_has_its_arity(name: str) -> None:
    for root in rectilaw.load_policy(name).model.roots():
        for node in root.walk():
            op = OPS[node.op]
            if op.arity is not None:
                assert len(node.args) == op.arity, (node.op, node.args)


def test_declarations_are_consistent() -> None:
    for op in OPS.values():
        assert op.arity is None or len(op.operands) == op.arity, op.name
        assert op.zh and op.en, op.name
        assert not op.lazy or op.unset == "value", f"{op.name}: lazy and strict at once"
        assert op.leaf == (op.arity == 0)
    assert binary_levels()["+"] == (Level.SUM, Level.SUM, Level.PRODUCT)
