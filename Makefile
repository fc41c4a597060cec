# Hangul Curator: the two commands are `make demo` and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_WS ?= demo-workspace
DEMO_OUT ?= demo-export

.PHONY: setup demo test bench clean

$(STAMP): pyproject.toml scripts/setup.sh
	VENV=$(VENV) bash scripts/setup.sh

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/curator run resources/corpus --out $(DEMO_WS) --overwrite
	@echo
	$(BIN)/curator stats $(DEMO_WS)
	@echo
	$(BIN)/curator export $(DEMO_WS) --out $(DEMO_OUT) --shard-size 64KB --val-fraction 0.1
	$(BIN)/curator verify $(DEMO_OUT)
	@echo
	@echo "workspace: $(abspath $(DEMO_WS))"
	@echo "shards:    $(abspath $(DEMO_OUT))/data"

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen HF_HOME=$(abspath $(VENV))/hf-home HF_DATASETS_OFFLINE=1 \
		$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(DEMO_WS) $(DEMO_OUT) .pytest_cache
