"""Helpers for the book's notebooks that must also run outside Jupyter Book (on Colab)."""

from __future__ import annotations

import numbers

import numpy as np

#: the MIME prefix under which myst-nb looks for glued values in a notebook's outputs
GLUE_PREFIX = "application/papermill.record/"


def plain(value: object) -> int | float | str | bool:
    """``value`` as a plain Python ``int``, ``float``, ``str`` or ``bool``.

    NumPy and PyTorch scalars become the Python number they hold, so the prose shows
    ``0.286``, never ``np.float64(0.286)``. Anything that is not a single number or a
    string is refused: the prose quotes numbers, not arrays.
    """
    if isinstance(value, np.generic) or (hasattr(value, "item") and getattr(value, "ndim", None) == 0):
        value = value.item()
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    raise TypeError(
        f"glue takes one number or a string, got {type(value).__name__}: "
        f"convert it first (for example with float(...) or an f-string)"
    )


def glue(name: str, value: object) -> None:
    """Record ``value`` under ``name`` for the book's prose (``{glue:text}`name```).

    Writes exactly the output that myst-nb's ``glue(name, value, display=False)`` writes
    (a display output with MIME type ``application/papermill.record/text/plain`` holding
    ``repr(value)``), but without needing myst-nb: the same notebook run on Colab, on a
    reader's machine or by the book's build stores the same outputs, so strict nbval
    compares them everywhere. ``value`` is made plain first (see :func:`plain`). Outside
    IPython there is nothing to record into, and the call does nothing.
    """
    value = plain(value)
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:
        return
    if get_ipython() is None:
        return
    display(
        {GLUE_PREFIX + "text/plain": repr(value)},
        raw=True,
        metadata={"scrapbook": {"name": name, "mime_prefix": GLUE_PREFIX}},
    )


def rounded(value: float, digits: int, margin: float = 0.1, extra_digits: int = 0) -> str:
    """``value`` written with ``digits`` decimals, refused if it sits near a rounding edge.

    A printed number that strict nbval compares must come out the same on every machine.
    Rounding hides floating-point noise, except when the value lies close to the midpoint
    between two roundings (0.5350 at two decimals): there the last bits decide. A value within
    ``margin`` units of the last printed digit of such a midpoint (default 0.1 units, e.g.
    0.001 at two decimals) is written with one more decimal, up to ``extra_digits`` more; if
    it is still on an edge, ``ValueError`` is raised, so the problem shows when the notebook
    is executed, not on a reader's machine.
    """
    for places in range(digits, digits + extra_digits + 1):
        scaled = abs(float(value)) * 10**places
        if abs(scaled - int(scaled) - 0.5) >= margin:
            return f"{value:.{places}f}"
    raise ValueError(
        f"{value!r} is within {margin:g} units of the last digit of a rounding edge "
        f"at {digits} to {digits + extra_digits} decimals; print it another way"
    )
