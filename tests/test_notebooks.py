"""Rules every committed notebook follows, so strict nbval and the book stay trustworthy."""

import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

import nbtools

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
MAX_BYTES = 3 * 1024 * 1024


def code_cells(path):
    cells = json.loads(path.read_text())["cells"]
    return [c for c in cells if c["cell_type"] == "code" and "".join(c["source"]).strip()]


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_code_cell_is_the_colab_cell(path):
    first = code_cells(path)[0]
    assert "".join(first["source"]) == nbtools.colab_cell_source(), (
        f"{path.name}: the Colab cell differs from _config.yml's repository; run `make notebooks`")
    assert first["outputs"] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_without_errors(path):
    counts = []
    for cell in code_cells(path):
        assert cell["execution_count"] is not None, f"{path.name}: unexecuted cell; run `make notebooks`"
        counts.append(cell["execution_count"])
        assert all(o["output_type"] != "error" for o in cell["outputs"])
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: not executed top to bottom in one run"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_trailing_semicolon(path):
    # nbval 0.10+ records the value of a last line ending in ';' (nbval issue #194) while
    # Jupyter hides it, so such a cell fails strict nbval. The book never relies on ';'.
    for cell in code_cells(path):
        last = "".join(cell["source"]).rstrip().splitlines()[-1]
        assert not last.rstrip().endswith(";"), f"{path.name}: a cell ends with ';': {last!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_outputs_are_comparable(path):
    assert path.stat().st_size < MAX_BYTES, f"{path.name} is over 3 MiB"
    for cell in code_cells(path):
        for output in cell["outputs"]:
            assert "image/svg+xml" not in output.get("data", {}), "SVG outputs never compare equal; use PNG"
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_are_followed_by_an_assertion(path):
    cells = code_cells(path)
    for cell, following in zip(cells, cells[1:] + [None]):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            assert following is not None and "assert" in "".join(following["source"]), (
                f"{path.name}: a cell whose output nbval ignores must be followed by an assertion")


def test_colab_cell_does_nothing_elsewhere(capsys):
    exec(nbtools.colab_cell_source(), {})
    assert capsys.readouterr() == ("", "")


def test_colab_cell_installs_from_the_configured_repository(monkeypatch):
    calls = []
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(subprocess, "run", lambda args, check: calls.append(args))
    exec(nbtools.colab_cell_source(), {})
    url, branch = nbtools.repository()
    assert calls == [[sys.executable, "-m", "pip", "install", "--quiet", f"cnnlib @ git+{url}@{branch}"]]
    assert "torch" not in " ".join(calls[0])


GLUE_KEY = "application/papermill.record/text/plain"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_glued_values_are_plain(path):
    # cnnlib.book.glue stores repr() of a plain int, float, str or bool, so the prose reads
    # "0.286", never "np.float64(0.286)", and a run without myst-nb stores the same output.
    for cell in code_cells(path):
        for output in cell["outputs"]:
            text = output.get("data", {}).get(GLUE_KEY)
            if text is not None:
                assert not any(marker in text for marker in ("np.", "tensor(", "array(")), (path.name, text)


def ends_with_a_figure(cell):
    import ast

    last = ast.parse("".join(cell["source"])).body[-1]
    return isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and \
        ast.unparse(last.value.func).startswith("plotting.") and "animate" not in ast.unparse(last.value.func)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_appear_in_the_cell_that_draws_them(path):
    for number, cell in enumerate(code_cells(path), 1):
        images = sum("image/png" in o.get("data", {}) for o in cell["outputs"])
        expected = 1 if ends_with_a_figure(cell) else 0
        assert images == expected, f"{path.name}, code cell {number}: {images} figure(s), expected {expected}"
