# Every target works from a fresh clone: the first one run creates .venv/ and installs the
# locked dependencies (uv from PyPI), so no other setup step exists.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Numba caches compiled kernels here so later runs start fast.
export NUMBA_CACHE_DIR ?= $(CURDIR)/.venv/numba-cache
export MPLBACKEND ?= Agg

.PHONY: demo test lint typecheck unit bench browser generated clean help fuzz refit

help:
	@echo "make demo   - run the flagship Pokrovsk 2025 analysis and write the report"
	@echo "make test   - lint, type-check and run the whole test suite"
	@echo "make bench  - engine benchmarks (throughput, ratios, memory, scaling)"
	@echo "make refit  - re-run the CDB90 outcome fit and check the defaults are its result (7 min)"
	@echo "make fuzz   - 10,000 mutated scenarios through check (and a tiny run): 0 or 2, no traceback"
	@echo "make browser - install headless Chromium (Debian) for the report test"
	@echo "make generated - regenerate the JSON Schema and the docs' key reference from the schema"

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.4"
	@$(BIN)/uv pip sync --quiet -p $(BIN)/python requirements.lock
	@$(BIN)/uv pip install --quiet -p $(BIN)/python --no-deps -e .
	@touch $(STAMP)

# The main job: the flagship's attacker strategies on the same runs against a defence in depth,
# with the report (out/pokrovsk-2025/report.html) and the results store beside it.
DEMO_OUT := out/pokrovsk-2025
demo: $(STAMP)
	@rm -rf $(DEMO_OUT)
	$(BIN)/clausewitz check pokrovsk-2025 | tail -n 1
	$(BIN)/clausewitz compare pokrovsk-2025 --side attacker \
	  --strategies attrition,decisive,envelop --opponent defend-in-depth --matrix \
	  --runs 2000 --seed 1 --workers 2 \
	  --report $(DEMO_OUT)/report.html --out $(DEMO_OUT)/results
	$(BIN)/clausewitz optimize pokrovsk-2025 --side attacker \
	  --against defend-in-depth,hold-every-metre,elastic \
	  --trials 12 --runs 150 --seed 1 --workers 2 \
	  --study $(DEMO_OUT)/study.log --report $(DEMO_OUT)/optimize.html

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

test: lint typecheck unit

# Re-run the whole CDB90 outcome fit and check that the engine's defaults are its result
# (about 7 minutes of one core; left out of make test).
refit: $(STAMP)
	$(BIN)/python -m pytest -q -m refit

# Mutated bundled scenarios through 'check' (and a tiny 'run' when the check passes), one case
# at a time in a worker with a 10 s and 1 GB limit per case; prints a summary, fails on any
# traceback, exit code other than 0 and 2, or limit crossed. FUZZ_CASES / FUZZ_SEED to vary.
FUZZ_CASES ?= 10000
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python tests/reliability/scenario_fuzz.py --cases $(FUZZ_CASES) --seed $(FUZZ_SEED) \
	  --time-limit 10 --memory-mb 1024

bench: $(STAMP)
	$(BIN)/clausewitz bench --workers 2

# Files derived from the scenario schema (tests/scenario/test_scenario_schema_sync.py fails when
# they are stale).
generated: $(STAMP)
	$(BIN)/clausewitz schema > schema/scenario.schema.json
	$(BIN)/python -c "import pathlib; from clausewitz.scenario.keyref import splice; \
	  p = pathlib.Path('docs/scenario-language.md'); p.write_text(splice(p.read_text()))"

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out
