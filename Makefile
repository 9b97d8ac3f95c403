# Two commands on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint bench soak clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	@# The distribution was called "reader" before it became annotated-news-reader.
	$(BIN)/pip uninstall -q -y reader 2>/dev/null || true
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/reader $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check reader tests bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The suite less the pty-driven and soak tests, for the edit-test loop (no lint).
# `make test` stays the full suite: it is what CI runs.
test-fast: $(STAMP)
	$(BIN)/pytest -m "not pty" -k "not soak"

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

soak: $(STAMP)
	READER_SOAK=1 $(BIN)/pytest tests -k soak

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
