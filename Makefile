# Hangul Curator: the two commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_WS ?= demo-workspace
DEMO_OUT ?= demo-export

SHOTS ?= docs/screenshots

.PHONY: setup demo test lint bench screenshots clean

$(STAMP): pyproject.toml scripts/setup.sh
	VENV=$(VENV) bash scripts/setup.sh

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/curator run resources/corpus --out $(DEMO_WS) --overwrite
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

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen HF_HOME=$(abspath $(VENV))/hf-home HF_DATASETS_OFFLINE=1 \
		$(BIN)/python -m pytest -q

# ruff (pyflakes, pycodestyle, bugbear) and the import contracts of pyproject.toml (layers; Qt only in
# curator/gui); `make test` runs both first
lint: $(STAMP)
	$(BIN)/ruff check --quiet .
	$(BIN)/lint-imports --no-cache > /dev/null || $(BIN)/lint-imports --no-cache

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP)
	$(BIN)/curator run resources/corpus --out $(DEMO_WS) --overwrite > /dev/null
	mkdir -p $(SHOTS)
	for tab in documents filters review duplicates; do \
		QT_QPA_PLATFORM=offscreen $(BIN)/curator gui $(DEMO_WS) --language ko --tab $$tab \
			--screenshot $(SHOTS)/$$tab.png || exit 1; \
	done
	@echo "screenshots in $(SHOTS)/"

clean:
	rm -rf $(DEMO_WS) $(DEMO_OUT) .pytest_cache
