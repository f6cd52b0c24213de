"""Rules every committed notebook follows, so strict nbval and the book stay trustworthy."""

import ast
import json
import re
import subprocess
import sys
import types
from pathlib import Path

import nbtools
import notebook_checks
import pytest

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
        f"{path.name}: the Colab cell differs from _config.yml's repository; run `make notebooks`"
    )
    assert first["outputs"] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executed_without_errors(path):
    # the book build's rule (_ext/notebook_checks.py), applied here too so `make unit` sees it
    assert notebook_checks.problems(json.loads(path.read_text())) == []


def test_execution_rule_finds_each_problem():
    def cell(count, outputs=()):
        return {"cell_type": "code", "source": ["x = 1"], "execution_count": count, "outputs": list(outputs)}

    error = {"output_type": "error", "ename": "ValueError", "evalue": "bad"}
    assert notebook_checks.problems({"cells": [cell(1), cell(2)]}) == []
    assert len(notebook_checks.problems({"cells": [cell(1), cell(None)]})) == 1
    assert "ValueError: bad" in notebook_checks.problems({"cells": [cell(1, [error])]})[0]
    assert "top to bottom" in notebook_checks.problems({"cells": [cell(2), cell(1)]})[0]


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


def assigned_names(source: str) -> set[str]:
    """Every name a cell binds: assignments, loop variables, functions, imports."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def vacuous(test: ast.expr) -> bool:
    """An assertion any output satisfies: a shape, a length, a bound every probability or count
    meets (0 <= x <= 1), or plain positivity (x > 0)."""
    text = ast.unparse(test)
    if isinstance(test, ast.Compare):
        bounds = [ast.unparse(e) for e in [test.left, *test.comparators]]
        if len(bounds) == 3 and bounds[0] in ("0", "0.0") and all(isinstance(o, (ast.Lt, ast.LtE)) for o in test.ops):
            return True
        if len(bounds) == 2 and bounds[1] in ("0", "0.0") and isinstance(test.ops[0], ast.Gt):
            return True
    return ".shape ==" in text or text.startswith("len(")


def claims(source: str, names: set[str]) -> list[str]:
    """The assertions of ``source`` that use one of ``names`` and could fail."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assert):
            parts = node.test.values if isinstance(node.test, ast.BoolOp) else [node.test]
            used = {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}
            if used & names and not all(vacuous(p) for p in parts):
                found.append(ast.unparse(node.test))
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ignored_outputs_are_followed_by_an_assertion(path):
    # nbval does not compare an ignored cell's output, so the next cell must check the claim
    # the prose makes about it: an assertion on something the ignored cell computed, and one
    # that some output could fail (not a shape, a length or a bound every value meets).
    cells = code_cells(path)
    for number, (cell, following) in enumerate(zip(cells, cells[1:] + [None]), 1):
        if "nbval-ignore-output" in cell["metadata"].get("tags", []):
            computed = assigned_names("".join(cell["source"]))
            assert following is not None and claims("".join(following["source"]), computed), (
                f"{path.name}, code cell {number}: an ignored output must be followed by a cell "
                f"asserting a claim about what it computed ({sorted(computed)})"
            )


def test_vacuous_assertions_are_recognised():
    assert claims("assert 0 <= p <= 1\nassert x.shape == (10,)\nassert len(w) == 24", {"p", "x", "w"}) == []
    assert claims("assert n > 0", {"n"}) == [] and claims("assert n > 5", {"n"}) == ["n > 5"]
    assert claims("assert a < b", {"c"}) == []  # uses nothing the ignored cell computed


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
    return (
        isinstance(last, ast.Expr)
        and isinstance(last.value, ast.Call)
        and ast.unparse(last.value.func).startswith("plotting.")
        and "animate" not in ast.unparse(last.value.func)
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_appear_in_the_cell_that_draws_them(path):
    for number, cell in enumerate(code_cells(path), 1):
        images = sum("image/png" in o.get("data", {}) for o in cell["outputs"])
        expected = 1 if ends_with_a_figure(cell) else 0
        assert images == expected, f"{path.name}, code cell {number}: {images} figure(s), expected {expected}"


@pytest.mark.parametrize("name", ["09_looking_inside.ipynb", "10_what_next.ipynb"])
def test_chapters_after_training_use_the_shipped_network(name):
    # They must start in seconds on a fresh machine: no training, the shipped weights instead.
    source = "".join("".join(c["source"]) for c in code_cells(NOTEBOOKS[0].parent / name))
    assert re.search(r"load_pretrained\(\s*net\b", source), f"{name} does not load the shipped weights"
    assert not any(call in source for call in ("fit(", "load_or_fit(", ".backward(", "optimizer"))


def test_chapter_11_trains_nothing_and_loads_what_the_study_shipped():
    # Its studies take more than an hour: CI reads their stored results and the shipped network.
    source = "".join("".join(c["source"]) for c in code_cells(NOTEBOOKS[0].parent / "11_beyond_90.ipynb"))
    assert 'load_results("beyond90")' in source and 'load_results("best")' in source
    assert re.search(r'load_pretrained\(net, shipped_path\("beyond90"\)\)', source)
    assert not any(call in source for call in ("fit(", "train_run(", ".backward(", "loss.backward"))


MEASURED = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+%?|%)(?![\w])")  # 0.8858, 12.5%, 38%


def typed_measurements(cells: list[dict]) -> list[str]:
    """Values shown only by ignored outputs that the prose types instead of gluing. Constants
    that the code itself writes (a learning rate 0.001, a margin 0.02) are allowed."""
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    measured = set()
    for cell in cells:
        if "nbval-ignore-output" in cell.get("metadata", {}).get("tags", []):
            for output in cell["outputs"]:
                measured |= set(MEASURED.findall("".join(output.get("text", ""))))
    prose = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    typed = set(MEASURED.findall(re.sub(r"\{glue:text\}`[^`]*`", "", prose)))
    return sorted(n for n in measured & typed if n not in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_prose_glues_what_ignored_outputs_measure(path):
    # A measured value shown only in an output nbval ignores changes from machine to machine:
    # the prose must glue it ({glue:text}`name`), never type it.
    typed = typed_measurements(json.loads(path.read_text())["cells"])
    assert not typed, f"{path.name}: the prose types {typed}, which only an ignored output shows; glue them"


def test_typed_measurements_are_found():
    ignored = {
        "cell_type": "code",
        "metadata": {"tags": ["nbval-ignore-output"]},
        "source": "lr = 0.001",
        "outputs": [{"text": "lr 0.001: accuracy 0.8858, 38% dead"}],
    }
    prose = {"cell_type": "markdown", "source": "It reached 0.8858 with {glue:text}`x`; 38% died at 0.001."}
    assert typed_measurements([ignored, prose]) == ["0.8858", "38%"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text_and_a_caption(path):
    # myst-nb turns this cell metadata into the <img alt> and a numbered <figcaption>; without it
    # a screen reader hears the PNG's hashed file name
    for number, cell in enumerate(code_cells(path), 1):
        if not any("image/png" in o.get("data", {}) for o in cell["outputs"]):
            continue
        mystnb = cell["metadata"].get("mystnb", {})
        alt = mystnb.get("image", {}).get("alt", "")
        caption = mystnb.get("figure", {}).get("caption", "")
        assert len(alt.split()) >= 8, f"{path.name}, code cell {number}: no real alt text"
        assert caption.strip(), f"{path.name}, code cell {number}: no caption"
        assert mystnb["figure"].get("name", "").startswith("fig-"), f"{path.name}, code cell {number}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_printed_lines_fit_the_column(path):
    # the book's column shows about 79 characters; a longer line needs sideways scrolling
    for number, cell in enumerate(code_cells(path), 1):
        for output in cell["outputs"]:
            text = "".join(output.get("text", "")) + "".join(output.get("data", {}).get("text/plain", ""))
            if "image/png" in output.get("data", {}) or "text/html" in output.get("data", {}):
                continue
            long = [line for line in text.splitlines() if len(line) > 79]
            assert not long, f"{path.name}, code cell {number}: {len(long[0])} characters: {long[0]!r}"
