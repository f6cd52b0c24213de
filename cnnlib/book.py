"""Helpers for the book's notebooks that must also run outside Jupyter Book (on Colab)."""

from __future__ import annotations

import numbers

import numpy as np

#: the MIME prefix under which myst-nb looks for glued values in a notebook's outputs
GLUE_PREFIX = "application/papermill.record/"


def plain(value: object) -> int | float | str | bool:
    """Convert a scalar to a plain Python ``int``, ``float``, ``str`` or ``bool``.

    NumPy and PyTorch scalars become the Python number they hold, so the prose shows
    ``0.286``, never ``np.float64(0.286)``. Anything that is not a single number or a
    string is refused: the prose quotes numbers, not arrays. Used by :func:`glue`, in every
    chapter from :ref:`ch-images` on.

    Parameters
    ----------
    value : object
        A Python number or string, a NumPy scalar, or a 0-d array or tensor, shape ().

    Returns
    -------
    int or float or str or bool
        The same value as a built-in Python object.

    Raises
    ------
    TypeError
        If ``value`` is not a single number or a string (e.g. an array of shape (N,)).
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
    compares them everywhere. Outside IPython there is nothing to record into, and the call
    does nothing. Every chapter uses it, from :ref:`ch-images` on.

    Parameters
    ----------
    name : str
        The key the prose refers to.
    value : object
        A number or a string; it is made plain first (see :func:`plain`).

    Raises
    ------
    TypeError
        If ``value`` is not a single number or a string.
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
    """Format ``value`` with ``digits`` decimals, refusing a value near a rounding edge.

    A printed number that strict nbval compares must come out the same on every machine.
    Rounding hides floating-point noise, except when the value lies close to the midpoint
    between two roundings (0.5350 at two decimals): there the last bits decide. A value is
    on an edge when, with :math:`s = |x| \\cdot 10^{d}`, :math:`|s - \\lfloor s \\rfloor - 0.5| < m`;
    it is then written with one more decimal, up to ``extra_digits`` more; if it is still
    on an edge, ``ValueError`` is raised, so the problem shows when the notebook is executed,
    not on a reader's machine. Used in the chapters from :ref:`ch-images` on.

    Parameters
    ----------
    value : float
        The number :math:`x` to print.
    digits : int
        The number of decimals :math:`d` wanted.
    margin : float, default 0.1
        :math:`m`, the distance from a midpoint, in units of the last printed digit, that
        counts as an edge (0.1 units is 0.001 at two decimals).
    extra_digits : int, default 0
        How many more decimals may be tried before giving up.

    Returns
    -------
    str
        ``value`` formatted with ``digits`` to ``digits + extra_digits`` decimals.

    Raises
    ------
    ValueError
        If ``value`` is on a rounding edge at every number of decimals tried.
    """
    for places in range(digits, digits + extra_digits + 1):
        scaled = abs(float(value)) * 10**places
        if abs(scaled - int(scaled) - 0.5) >= margin:
            return f"{value:.{places}f}"
    raise ValueError(
        f"{value!r} is within {margin:g} units of the last digit of a rounding edge "
        f"at {digits} to {digits + extra_digits} decimals; print it another way"
    )
