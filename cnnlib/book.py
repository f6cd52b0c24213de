"""Helpers for the book's notebooks that must also run outside Jupyter Book (on Colab)."""

from __future__ import annotations

from typing import Any


def glue(name: str, value: Any, display: bool = False) -> None:
    """Store ``value`` under ``name`` for the book's prose (myst-nb's ``glue``).

    The prose quotes a computed number with ``{glue:text}`name``` so no figure in the text
    is typed by hand. Where myst-nb is not installed (Colab), this does nothing.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        return
    myst_glue(name, value, display=display)
