"""Notebook maintenance for the book: the Colab cell and in-place re-execution.

``python tools/execute_notebooks.py notebooks/*.ipynb`` (what ``make notebooks`` runs)
writes the Colab cell from ``_config.yml``'s repository URL into each notebook, then
executes it with nbclient, the engine Jupyter Book (myst-nb) itself uses, with the
notebook's folder as working directory, and saves the outputs in place.
"""

from __future__ import annotations

import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
COLAB_TAG = "colab-install"

COLAB_TEMPLATE = """\
# On Google Colab only: install cnnlib from the book's repository.
# Colab keeps its own torch; anywhere else this cell does nothing.
import sys

if "google.colab" in sys.modules:
    import subprocess

    repository = "{url}"
    package = f"cnnlib @ git+{{repository}}@{branch}"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", package],
        check=True,
    )"""


def repository() -> tuple[str, str]:
    """The repository URL and branch, read from ``_config.yml`` (their only home)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return config["repository"]["url"], config["repository"]["branch"]


def colab_cell_source() -> str:
    url, branch = repository()
    return COLAB_TEMPLATE.format(url=url, branch=branch)


def first_code_cell(notebook):
    return next(cell for cell in notebook.cells if cell.cell_type == "code")


def sync_colab_cell(notebook) -> None:
    """Make the notebook's first code cell the Colab install cell."""
    cell = first_code_cell(notebook)
    if COLAB_TAG not in cell.metadata.get("tags", []):
        cell = nbformat.v4.new_code_cell()
        notebook.cells.insert(0, cell)
    cell.source = colab_cell_source()
    cell.metadata["tags"] = [COLAB_TAG, "hide-cell"]


def execute(path: Path, timeout: int = 600) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    notebook = nbformat.read(path, as_version=4)
    sync_colab_cell(notebook)
    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    seconds = time.perf_counter() - start
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    return seconds
