# Resugrow: `make run` starts the platform, `make test` proves it. Both install what they need.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
SERVICES := $(notdir $(wildcard services/*))

.PHONY: help uv sync run run-ephemeral status test test-fast lint format schemas contracts openapi bench images validate-deploy clean chaos loadtest

help:
	@echo "make run | make test | make lint | make bench | make status | make schemas | make images | make clean"

# uv itself comes from PyPI when missing (the only registry a clean machine is guaranteed to reach).
$(UV):
	python3 -m pip install --quiet --user "uv>=0.8" || python3 -m pip install --quiet "uv>=0.8"

uv: $(UV)

.venv/.synced: $(UV) uv.lock pyproject.toml $(wildcard shared/*/pyproject.toml services/*/pyproject.toml)
	$(UV) sync --all-packages --locked
	@touch $@

sync: .venv/.synced

run: sync
	$(PY) deploy/local/launcher.py run

run-ephemeral: sync
	$(PY) deploy/local/launcher.py run --ephemeral

status:
	@$(PY) deploy/local/launcher.py status

test: sync
	$(PY) -m pytest -q -p no:cacheprovider

lint: sync
	$(PY) -m ruff check .
	$(PY) -m ruff format --check shared services deploy bench tests
	$(PY) -m mypy shared/resugrow_events/src shared/resugrow_domain/src shared/resugrow_platform/src $(wildcard services/*/src)
	$(PY) -m mypy shared/resugrow_text/src
	$(PY) -m resugrow_events.schemas check
	PYTHONPATH=deploy .venv/bin/lint-imports --no-cache
	$(PY) -m pytest -q -p no:cacheprovider tests/contract/test_service_shape.py
	$(PY) deploy/openapi.py --check

format: sync
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

schemas: sync
	$(PY) -m resugrow_events.schemas write

# The public API document, assembled from the services' own OpenAPI documents.
openapi: sync
	$(PY) deploy/openapi.py

contracts: sync schemas openapi
	$(PY) deploy/contracts.py
	$(PY) deploy/observability/dashboards.py

bench: sync
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

validate-deploy: sync
	$(PY) -m pytest -q -p no:cacheprovider tests/deploy

images:
	@command -v docker >/dev/null || { echo "docker is not installed"; exit 1; }
	@for s in $(SERVICES); do docker build --build-arg SERVICE=$$s -t resugrow/$$s:dev . || exit 1; done

clean:
	rm -rf .data .pytest_cache .mypy_cache .ruff_cache bench/results
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
chaos: sync
	$(PY) tests/chaos/run_chaos.py
loadtest: sync
	$(PY) bench/loadtest.py

# Regenerate the resume generator matrix (corpus/) and the FOP-made LinkedIn PDFs. Installs the
# Debian generators itself; `make test` reads the committed files and never needs them.
.PHONY: corpus
CORPUS_APT := libreoffice-writer-nogui chromium texlive-latex-extra texlive-latex-recommended texlive-fonts-recommended lmodern pandoc fop fonts-dejavu fonts-liberation fonts-droid-fallback
corpus: sync
	command -v apt-get >/dev/null && { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(CORPUS_APT); } || true
	$(UV) run --with reportlab==4.4.4 --with odfpy==1.4.1 python corpus/make_corpus.py
	$(PY) services/ats/tools/build_onet_skills.py
	cd services/linkedin/tests/fixtures/fop && ../../../../../$(PY) make_fop_fixtures.py && ../../../../../$(PY) make_fop_wide.py --force
