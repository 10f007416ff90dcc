# The two set-up commands of the README:
#   make demo   - create .venv, install Senim, assess the example profiles, scan the example data
#   make test   - install the development extras, run lint, type check, the whole suite and the
#                 dependency audit
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo demo-stop test lint typecheck unit audit-deps lock bench clean system-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs are reproducible: exact versions with their SHA-256 from the lock files (`make lock`
# regenerates them from pyproject.toml), then Senim itself without resolving anything again.
$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/runtime.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m compileall -q src/senim >/dev/null  # an editable install is not byte-compiled
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/dev.lock
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

system-deps:
	bash scripts/install-system-deps.sh

demo: $(VENV)/.installed system-deps
	$(BIN)/senim packs list
	$(BIN)/senim assess examples/profiles/*.yaml
	$(BIN)/senim assess examples/profiles/credit-scoring.yaml --format json --output out-credit-scoring.json
	@echo "JSON of one assessment written to out-credit-scoring.json"
	$(BIN)/senim scan examples/data
	$(BIN)/senim scan examples/data/clients.csv --redact out-clients.masked.csv --format json > out-scan.json
	@echo "Redacted copy written to out-clients.masked.csv, scan summary to out-scan.json"
	rm -rf out-signer out-labelled out-labels.db
	$(BIN)/senim provenance init out-signer
	$(BIN)/senim label examples/media out-labelled --signer out-signer --store out-labels.db --lang ru
	$(BIN)/senim verify out-labelled --trust-anchors out-signer/ca.pem --store out-labels.db
	@echo "Labelled copies in out-labelled/ (TEST ONLY signer in out-signer/, label store out-labels.db)"
# The audit example plants a disparity against women: exit code 1 (a threshold failed) is the expected result.
	$(BIN)/senim audit fairness examples/audit/decisions.parquet --target y_true --prediction y_pred \
		--score score --sensitive sex,region --format html --out out-audit.html || test $$? -eq 1
	@echo "Fairness audit report written to out-audit.html"
	$(BIN)/senim audit notice --model examples/audit/credit-model.skops --data examples/audit/decisions.parquet \
		--row 1 --lang kk --profile examples/profiles/credit-scoring.yaml --labels examples/audit/labels.yaml \
		--review-channel "кез келген бөлімше немесе review@tumar.example.kz" --deadline-days 30
# The web application on http://127.0.0.1:8000 over a fresh demo database, in the background
# (pid in out-demo.pid, log in out-demo.log; `make demo-stop` stops it).
	$(BIN)/python scripts/demo_web.py stop --quiet
	rm -f out-demo.db out-demo.db-wal out-demo.db-shm out-demo.log
	$(BIN)/python scripts/demo_web.py seed --db out-demo.db --scan-json out-scan.json
	$(BIN)/python scripts/demo_web.py start --db out-demo.db --pid-file out-demo.pid --log out-demo.log

demo-stop:
	$(PYTHON) scripts/demo_web.py stop --pid-file out-demo.pid

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks fuzz scripts

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

unit: $(VENV)/.installed-dev system-deps
	$(BIN)/pytest -q

# Known vulnerabilities with a fix in the locked dependencies fail the run (asks PyPI).
audit-deps: $(VENV)/.installed-dev
	$(BIN)/python scripts/audit_deps.py

lock:
	bash scripts/lock_deps.sh

test: lint typecheck unit audit-deps

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/assess.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache out-*.json out-*.csv out-signer out-labelled out-labels.db \
		out-audit.html out-demo.db out-demo.db-wal out-demo.db-shm out-demo.log out-demo.pid
