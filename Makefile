# The two commands of the README: `make run` and `make test`.
.PHONY: run test lint setup setup-dev ingest eval

setup:
	scripts/setup.sh
	scripts/install_system.sh --optional

setup-dev:
	scripts/setup.sh --dev
	scripts/install_browser.sh

# A changed setting (model, chunking) rebuilds the index with every document it held.
ingest: setup
	.venv/bin/python -m ingest --rebuild-if-changed

# Set up, ingest the shipped corpus when needed (a no-op when unchanged), serve the app on 127.0.0.1:7860.
run: ingest
	.venv/bin/python app.py

# Set up (with test tools and Debian's Chromium for the browser test), lint, type-check, run every test.
test: setup-dev lint
	.venv/bin/python -m pytest -q

# ruff and mypy, configured in pyproject.toml ([tool.ruff], [tool.mypy] with its files).
lint: setup-dev
	.venv/bin/ruff check .
	.venv/bin/mypy

eval: setup
	.venv/bin/python -m eval retrieval
	.venv/bin/python -m eval answers
	.venv/bin/python -m eval checker
