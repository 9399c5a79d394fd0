"""The provers every analysis test runs with: the search always, z3 where installed."""

from __future__ import annotations

import pytest

from rectilaw.analysis import z3_available

PROVERS = [
    "search",
    pytest.param("z3", marks=pytest.mark.skipif(not z3_available(),
                                                reason="z3-solver is not installed")),
]


@pytest.fixture(params=PROVERS)
def prover(request: pytest.FixtureRequest) -> str:
    return str(request.param)
