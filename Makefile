# treatykg: `make demo` runs the main job on the bundled sample; `make test` runs lint and the tests.
# Both create .venv and install what they need (pinned by constraints.txt) on a fresh machine.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PKG_DIRS := treatykg graph ingest queries samples views

.PHONY: demo screenshots test browser lint bench bench-scale eval install clean notebooks

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo's pages and a screenshot of each (system Chromium) go to build/demo/. The README
# shows the committed docs/img/*.png, which only `make screenshots` refreshes: their bytes
# differ from machine to machine, so `make demo` leaves the tree under version control alone.
SHOTS := new-start-timeline network

demo: $(STAMP)
	$(BIN)/treatykg demo --store build/demo-store --out build/demo
	$(BIN)/python benchmarks/screenshots.py $(foreach s,$(SHOTS),build/demo/$(s).html=build/demo/$(s).png)

screenshots: browser demo
	cp $(foreach s,$(SHOTS),build/demo/$(s).png) docs/img/

# mypy cannot follow setuptools' package-dir mapping, so lint sees a tree of links shaped like the
# installed package: .lint/treatykg/{graph,ingest,queries,samples,views} -> the top-level folders.
lint: $(STAMP)
	$(BIN)/ruff format --check $(PKG_DIRS) tests benchmarks
	$(BIN)/ruff check $(PKG_DIRS) tests benchmarks
	rm -rf .lint && mkdir -p .lint/treatykg
	for f in treatykg/*.py treatykg/py.typed; do ln -s ../../$$f .lint/$$f; done
	for d in graph ingest queries samples views; do ln -s ../../$$d .lint/treatykg/$$d; done
	MYPYPATH=.lint $(BIN)/mypy -p treatykg

# The browser tests need Debian's chromium: .ci/ensure-chromium installs it with apt-get when it
# is missing (or says which command to run), and TREATYKG_REQUIRE_BROWSER=1 makes them fail rather
# than skip without it, so `make test` cannot pass without running them. The tests run in
# TEST_WORKERS processes (pytest-xdist): most of their time is spent waiting on servers, browsers
# and subprocesses, so two halve the suite on a machine of two cores. TEST_WORKERS=0 runs them in
# one process, as a plain `pytest` does.
TEST_WORKERS ?= 2
test: browser lint
	TREATYKG_REQUIRE_BROWSER=1 $(BIN)/pytest -n $(TEST_WORKERS)

# Each notebook run top to bottom on the bundled sample (built in build/sample-store on the
# first run) and written with its outputs to docs/notebooks/NAME.html, for readers without
# Jupyter. The notebooks themselves stay committed without outputs (tests/test_notebooks.py).
# The pages load nothing from the network: nbconvert's require.js and MathJax (which no
# notebook here uses) are replaced by empty scripts.
OFFLINE_JS := data:text/javascript,
notebooks: $(STAMP)
	$(BIN)/jupyter nbconvert --to html --execute --output-dir docs/notebooks \
		--HTMLExporter.require_js_url=$(OFFLINE_JS) --HTMLExporter.mathjax_url=$(OFFLINE_JS) \
		notebooks/*.ipynb

browser:
	bash .ci/ensure-chromium

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/queries.py --write docs/benchmarks.md
	$(BIN)/python benchmarks/pages.py --write docs/benchmarks.md

# Ingest, derive and the named queries at 1,000, 10,000 and 100,000 generated articles (hours
# at the largest size, so neither `make test` nor `make bench` runs it). Each size's figures
# are kept in benchmarks/scale-results.json, so one size can be re-run alone:
# `make bench-scale SCALE_ARGS="--sizes 100000 --keep build/scale"`.
SCALE_ARGS ?=
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/scale.py --write docs/benchmarks.md $(SCALE_ARGS)

# Extraction quality on the development corpus beside the project, when it is there (it is
# never copied into the project): totals per category. `treatykg eval --verbose` says more.
DEV_CORPUS ?= ../shared/corpus/dev

eval: $(STAMP)
	@if [ -d "$(DEV_CORPUS)/articles" ] && [ -d "$(DEV_CORPUS)/gold" ]; then \
		$(BIN)/treatykg eval "$(DEV_CORPUS)/articles" --gold "$(DEV_CORPUS)/gold" --totals; \
	else \
		echo "make eval: no development corpus at $(DEV_CORPUS) (articles/ and gold/); skipped"; \
	fi

clean:
	rm -rf $(VENV) .lint build .pytest_cache .mypy_cache .ruff_cache
