"""Test configuration: hypothesis profiles.

The worked examples (``tests/policies/<name>/*.yaml``) are collected by the
plugin rectilaw ships (:mod:`rectilaw.pytest_plugin`), limited to those files by
``rectilaw_examples`` in pyproject.toml, so this suite runs them as an
embedding project would.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", derandomize=True, deadline=None, max_examples=60, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=100)
settings.register_profile(
    "fuzz", deadline=None, max_examples=3000, suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

