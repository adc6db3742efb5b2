# cadence — `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PACKAGES := tests/system/packages.txt

.DEFAULT_GOAL := help
.PHONY: help run test test-fast test-tui check bench compare docs clean system

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q src/cadence
	touch $(STAMP)

run: $(STAMP) ## create the venv, install, open cadence on the bundled example plan
	$(BIN)/cadence

system: ## install the programs the tests drive: the Debian packages in tests/system/packages.txt
	@missing=$$(sed -e 's/#.*//' $(PACKAGES) | while read -r package program; do \
		[ -z "$$package" ] || command -v $$program >/dev/null || printf ' %s' "$$package"; done); \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null \
		|| { echo "could not install$$missing: install them with your package manager"; exit 1; }; \
	fi

# pytest keeps the test modules it rewrote as bytecode, even where PYTHONDONTWRITEBYTECODE
# is set: rewriting them all again costs each run (and each worker) seconds.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -q
# The fast layer on two workers, its temporary folders on tmpfs where there is one:
# every write to a store ends in an fsync, which costs a disk milliseconds.
FAST := TMPDIR=$(or $(wildcard /dev/shm),$(TMPDIR),/tmp) $(PYTEST) -n 2 -m "not system and not slow"
# The pure and in-process layers: the core, the plan reader, the commands on a real store, the reminders.
FAST_LAYERS := tests/unit tests/commands tests/reminders

test: $(STAMP) system ## install what the tests need and run every layer
	@$(PYTEST); rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test-fast: $(STAMP) ## the pure and in-process layers on two workers (unit, commands, reminders; nothing slow): after every edit
	@$(FAST) $(FAST_LAYERS); rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test-tui: $(STAMP) ## the screens: Textual's pilot and the SVG snapshots, on two workers (nothing slow)
	@$(FAST) tests/tui; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

check: $(STAMP) ## ruff, mypy --strict, import contracts
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

docs: $(STAMP) ## write the generated parts of docs/ anew (plan format from the schema, commands from the parser)
	$(BIN)/python -m cadence.cli.reference docs
	$(BIN)/cadence plan schema > plans/plan.schema.json

bench: $(STAMP) system ## the performance targets, side by side with their baselines
	$(BIN)/python bench/run.py

compare: $(STAMP) system ## start-up of this tree against REV=<commit>, side by side in one run
	@test -n "$(REV)" || { echo "usage: make compare REV=<commit>"; exit 2; }
	$(BIN)/python bench/compare.py $(REV)

clean: ## remove the venv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
