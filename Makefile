# rectilaw — everything runs in a local virtual environment made from python3 alone.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
# One .venv, two stamps: RUNTIME when the package and its runtime dependencies are installed
# (all `make demo` needs), STAMP when the whole dev extra is (tests, linters, docs). Installing
# the dev extra satisfies both; each is redone when pyproject.toml changes.
STAMP  := $(VENV)/.installed
RUNTIME := $(VENV)/.runtime

.PHONY: setup demo test lint typecheck policies unit bench docs fuzz mutants test-spark \
        test-wheels clean

setup: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $(RUNTIME)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP) $(RUNTIME)

demo: $(RUNTIME)
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

# The wheel built once, installed in a fresh venv per Python (3.10 and later, found on PATH and
# in pyenv, or PYTHONS="…"), and smoke-tested there; slow (installs from the index), so not part
# of `make test`.
test-wheels: $(STAMP)
	$(PY) tools/test_wheels.py $(PYTHONS)

# Mutation score: how many deliberate mistakes in each policy its worked examples and invariants catch.
mutants: $(STAMP)
	$(PY) bench/mutants.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis docs/_build

# The VS Code extension (editors/vscode): its grammar tests, then editors/vscode/rectilaw.vsix.
# Needs Node.js and npm; not part of `make test` (CI runs it where npm is installed).
.PHONY: vsix
vsix:
	cd editors/vscode && npm ci --no-audit --no-fund && node --check extension.js && npm test
	cp LICENSE editors/vscode/LICENSE
	cd editors/vscode && npx vsce package --out rectilaw.vsix < /dev/null
