# The book's two commands are `make book` and `make test`; both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with sanitize.cfg --nbval-cell-timeout=600

.PHONY: book pdf test lint unit nbval nbval-variant wheel-check browser data notebooks clean help

help:
	@echo "make book       build the HTML book into _build/html (from the committed outputs)"
	@echo "make pdf        print the built book to one PDF, _build/pdf/cnn-book.pdf"
	@echo "make test       lint, unit tests, strict nbval, wheel check, the book and PDF builds, browser tests"
	@echo "make notebooks  re-execute every notebook in place and update the execution report"
	@echo "make browser    open every page of the built book in headless Chromium"
	@echo "make wheel-check  install the built wheel alone and run chapters from it (part of make test)"
	@echo "make nbval-variant  strict nbval under another numerical setup (one thread, other kernels)"
	@echo "make data       check (or download) Fashion-MNIST"
	@echo "make clean      remove _build"

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

book: $(STAMP)
	$(JB)
	@echo "The book is at $(CURDIR)/_build/html/index.html"

# every page of the built book printed by headless Chromium and joined (tools/pdf.py)
pdf: $(STAMP) book
	$(BIN)/python tools/pdf.py

data: $(STAMP)
	$(BIN)/python -m cnnlib.data

# ruff (lint and format, notebooks included; notebooks/ruff.toml narrows them to the book's
# column) and mypy, configured in pyproject.toml. `.venv/bin/ruff format .` fixes the format.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# tests/ without tests/browser: pyproject.toml's norecursedirs skips it unless it is named, as below
unit: $(STAMP)
	$(BIN)/python -m pytest tests

browser: $(STAMP) book pdf
	$(BIN)/python -m pytest tests/browser

nbval: $(STAMP) data
	$(BIN)/python -m pytest $(NBVAL) notebooks

# The package as a reader installs it: wheel contents, a throwaway environment without the
# book's build tools, chapters copied alone into an empty folder under strict nbval.
wheel-check: $(STAMP) data
	$(BIN)/python tools/wheel_check.py

# Strict nbval again under another numerical setup: one thread everywhere, PyTorch's generic
# (non-vectorised) CPU kernels, oneDNN limited to AVX2, MKL in its reproducible mode and
# OpenBLAS on another core type. Printed outputs must not change. Slower than `make nbval`;
# run it before submitting a change to a chapter's printed numbers (CI does not).
VARIANT := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 ATEN_CPU_CAPABILITY=default \
           ONEDNN_MAX_CPU_ISA=AVX2 MKL_CBWR=COMPATIBLE OPENBLAS_CORETYPE=Sandybridge
nbval-variant: $(STAMP) data
	$(VARIANT) $(BIN)/python -m pytest $(NBVAL) notebooks

test: lint unit nbval wheel-check book pdf browser

notebooks: $(STAMP) data
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

clean:
	rm -rf _build
