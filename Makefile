# The book's two commands are `make book` and `make test`; both create .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JB     := $(BIN)/jupyter-book build . --builder html -W -n --keep-going
NBVAL  := --nbval --nbval-current-env --nbval-sanitize-with sanitize.cfg --nbval-cell-timeout=600

.PHONY: book test unit nbval browser data notebooks clean help

help:
	@echo "make book       build the HTML book into _build/html (from the committed outputs)"
	@echo "make test       unit tests, strict nbval over every notebook, the book build, browser tests"
	@echo "make notebooks  re-execute every notebook in place and update the execution report"
	@echo "make browser    open every page of the built book in headless Chromium"
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

data: $(STAMP)
	$(BIN)/python -m cnnlib.data

unit: $(STAMP)
	$(BIN)/python -m pytest tests --ignore=tests/browser

browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser

nbval: $(STAMP) data
	$(BIN)/python -m pytest $(NBVAL) notebooks

test: unit nbval book browser

notebooks: $(STAMP) data
	$(BIN)/python tools/execute_notebooks.py notebooks/*.ipynb

clean:
	rm -rf _build
