# rectilaw — everything runs in a local virtual environment made from python3 alone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint typecheck policies unit bench docs fuzz mutants test-spark clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) examples/demo.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench examples tools

typecheck: $(STAMP)
	$(VENV)/bin/mypy

# The built-in policies: checked and analysed, and in the canonical layout.
policies: $(STAMP)
	$(VENV)/bin/rectilaw check policies/*.rules
	$(VENV)/bin/rectilaw fmt --check policies/*.rules

unit: $(STAMP)
	$(PY) -m pytest -q -p no:cacheprovider

test: lint typecheck policies docs unit

# The documentation, with a page per built-in policy; warnings are errors.
docs: $(STAMP)
	$(PY) -m sphinx -E -W --keep-going -q -b html docs docs/_build/html

# The hostile-input suites with many more generated cases than `make test` runs (bounded time).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz timeout 900 $(PY) -m pytest -q -p no:cacheprovider tests/hardening

bench: $(STAMP)
	$(PY) bench/run.py

# The Spark SQL of every policy on a local Spark (needs Java 17+); not part of `make test`.
test-spark: $(STAMP)
	$(PY) -m pip install --quiet 'pyspark>=3.5'
	$(PY) -m pytest -q -p no:cacheprovider -m spark tests/sql/test_spark.py

# Mutation score: how many deliberate mistakes in each policy its worked examples and invariants catch.
mutants: $(STAMP)
	$(PY) bench/mutants.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis docs/_build
