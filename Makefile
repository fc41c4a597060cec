# Hangul Curator: the two commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_WS ?= demo-workspace
DEMO_OUT ?= demo-export

SHOTS ?= docs/screenshots
# the clean Korean reference the thresholds are calibrated on (bench/korean_corpus.py)
REF_SOURCES ?= .cache/reference-sources
REF ?= .cache/reference.jsonl

.PHONY: setup demo test lint bench screenshots clean reference calibrate package package-test

$(STAMP): pyproject.toml scripts/setup.sh
	VENV=$(VENV) bash scripts/setup.sh

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/curator run resources/corpus --out $(DEMO_WS) --overwrite --preset books-law
	@echo
	$(BIN)/curator export $(DEMO_WS) --out $(DEMO_OUT) --shard-size 64KB --val-fraction 0.1
	$(BIN)/curator verify $(DEMO_OUT)
	@echo
	@echo "workspace: $(abspath $(DEMO_WS))"
	@echo "shards:    $(abspath $(DEMO_OUT))/data"
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "opening the desktop app on $(DEMO_WS)"; $(BIN)/curator gui $(DEMO_WS); \
	else \
		echo "no display: open the app later with  $(BIN)/curator gui $(DEMO_WS)"; \
	fi

test: $(STAMP) lint reference
	QT_QPA_PLATFORM=offscreen HF_HOME=$(abspath $(VENV))/hf-home HF_DATASETS_OFFLINE=1 \
		CURATOR_REFERENCE=$(REF) $(BIN)/python -m pytest -q

# fetch the reference's sources (Debian and PyPI clients; gimp-help-ko and pdftotext installed as
# root) and assemble it; `make calibrate` then writes the shipped thresholds from it
reference: $(STAMP)
	PYTHON=$(BIN)/python bash scripts/reference_sources.sh $(REF_SOURCES)
	$(BIN)/python bench/korean_corpus.py $(REF) --sources $(REF_SOURCES) --styles help,manual,law

# the shipped presets (web, docs, books-law), one `curator calibrate --junk` command each (bench/presets.py)
calibrate: reference
	$(BIN)/python bench/presets.py

# ruff (pyflakes, pycodestyle, bugbear), the import contracts of pyproject.toml (layers; Qt only in
# curator/gui) and no import cycle, function-level imports counted (scripts/import_cycles.py);
# `make test` runs them first
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache > /dev/null || $(BIN)/lint-imports --no-cache
	$(BIN)/python scripts/import_cycles.py

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP)
	$(BIN)/curator run resources/corpus --out $(DEMO_WS) --overwrite --preset books-law > /dev/null
	mkdir -p $(SHOTS)
	for lang in ko en; do for theme in light dark; do for tab in documents filters review duplicates; do \
		QT_QPA_PLATFORM=offscreen $(BIN)/curator gui $(DEMO_WS) --language $$lang --theme $$theme --tab $$tab \
			--screenshot $(SHOTS)/$$tab-$$lang-$$theme.png || exit 1; \
	done; done; done
	@echo "screenshots in $(SHOTS)/"

# the Linux desktop bundle and its archive (packaging/README.md); package-test unpacks it into a
# path with Hangul and spaces and runs it with a clean environment
package: $(STAMP)
	VENV=$(VENV) bash packaging/build.sh

package-test: package
	QT_QPA_PLATFORM=offscreen CURATOR_PACKAGE=$$(ls -t dist/hangul-curator-*-linux-x86_64.tar.gz | head -1) \
		$(BIN)/python -m pytest -q tests/test_package.py

clean:
	rm -rf $(DEMO_WS) $(DEMO_OUT) .pytest_cache
