# treatykg: `make demo` runs the main job on the bundled sample; `make test` runs lint and the tests.
# Both create .venv and install what they need (pinned by constraints.txt) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PKG_DIRS := treatykg graph ingest queries samples views

.PHONY: demo test lint bench install clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The screenshots under docs/img/ (shown in the README) come from the system Chromium.
demo: $(STAMP)
	$(BIN)/treatykg demo --store build/demo-store --out build/demo
	$(BIN)/python benchmarks/screenshots.py build/demo/new-start-timeline.html=docs/img/new-start-timeline.png \
		build/demo/network.html=docs/img/network.png

# mypy cannot follow setuptools' package-dir mapping, so lint sees a tree of links shaped like the
# installed package: .lint/treatykg/{graph,ingest,queries,samples,views} -> the top-level folders.
lint: $(STAMP)
	$(BIN)/ruff format --check $(PKG_DIRS) tests benchmarks
	$(BIN)/ruff check $(PKG_DIRS) tests benchmarks
	rm -rf .lint && mkdir -p .lint/treatykg
	for f in treatykg/*.py treatykg/py.typed; do ln -s ../../$$f .lint/$$f; done
	for d in graph ingest queries samples views; do ln -s ../../$$d .lint/treatykg/$$d; done
	MYPYPATH=.lint $(BIN)/mypy -p treatykg

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/queries.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/views.py --write docs/benchmarks.md

clean:
	rm -rf $(VENV) .lint build .pytest_cache .mypy_cache .ruff_cache
