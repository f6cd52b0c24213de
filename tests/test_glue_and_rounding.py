"""cnnlib.book: glued values are plain and identical with or without myst-nb; safe rounding."""

import numpy as np
import pytest
import torch
from IPython.core.interactiveshell import InteractiveShell

from cnnlib.book import GLUE_PREFIX, glue, plain, rounded


def test_plain_turns_scalars_into_python_values():
    values = [
        plain(np.float64(0.286)),
        plain(np.int64(3)),
        plain(torch.tensor(2.5)),
        plain(np.bool_(True)),
        plain("83.2%"),
    ]
    assert values == [0.286, 3, 2.5, True, "83.2%"]
    assert [type(v) for v in values] == [float, int, float, bool, str]
    with pytest.raises(TypeError, match="one number or a string, got ndarray"):
        plain(np.zeros(3))


def recorded_outputs(value):
    """What a notebook cell calling glue stores, captured through IPython's display hook."""
    shell = InteractiveShell.instance()
    seen = []
    pub = shell.display_pub
    original = pub.publish
    pub.publish = lambda data, metadata=None, **kw: seen.append((data, metadata))
    try:
        glue("answer", value)
    finally:
        pub.publish = original
    return seen


def test_glue_writes_what_myst_nb_writes():
    myst_glue = pytest.importorskip("myst_nb").glue
    ours = recorded_outputs(np.float64(0.286))
    shell = InteractiveShell.instance()
    theirs = []
    original = shell.display_pub.publish
    shell.display_pub.publish = lambda data, metadata=None, **kw: theirs.append((data, metadata))
    try:
        myst_glue("answer", 0.286, display=False)
    finally:
        shell.display_pub.publish = original
    assert ours == theirs
    assert ours == [
        ({GLUE_PREFIX + "text/plain": "0.286"}, {"scrapbook": {"name": "answer", "mime_prefix": GLUE_PREFIX}})
    ]


def test_glue_outside_ipython_does_nothing(monkeypatch):
    monkeypatch.setattr(InteractiveShell, "_instance", None)
    glue("answer", 1)  # no shell: nothing to record into, and no error


@pytest.mark.parametrize("value, digits, text", [(0.9067, 3, "0.907"), (0.54, 2, "0.54"), (2.38, 1, "2.4")])
def test_rounded_prints_values_away_from_edges(value, digits, text):
    assert rounded(value, digits) == text


@pytest.mark.parametrize("value, digits", [(0.535, 2), (0.53504, 2), (0.90649, 3), (-1.25, 1)])
def test_rounded_refuses_values_on_a_rounding_edge(value, digits):
    with pytest.raises(ValueError, match="rounding edge"):
        rounded(value, digits)


def test_rounded_adds_digits_past_an_edge_when_allowed():
    assert rounded(0.5459, 2, extra_digits=2) == "0.546"  # 54.59 is near the 54.5 edge
    assert rounded(0.66450, 3, extra_digits=2) == "0.6645"
    with pytest.raises(ValueError, match="at 2 to 3 decimals"):
        rounded(0.5355, 2, extra_digits=1)
