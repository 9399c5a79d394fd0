"""The Spark tests run only when asked for (``pytest -m spark``, as ``make test-spark`` does).

They start a JVM and take a minute; ``make test`` runs the whole suite without
selecting markers, so there they are skipped even where pyspark is installed.
"""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "spark" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="runs on Spark: `make test-spark` (pytest -m spark)")
    for item in items:
        if item.get_closest_marker("spark") is not None:
            item.add_marker(skip)
