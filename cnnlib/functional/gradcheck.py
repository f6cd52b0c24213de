"""Finite-difference gradients, to check every hand-written backward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of the gradient of a scalar function ``f`` at ``x``.

    .. math::
       \\frac{\\partial f}{\\partial x_i} \\approx \\frac{f(x + \\epsilon e_i) - f(x - \\epsilon e_i)}{2\\epsilon}

    The error is O(eps^2), so use float64 inputs. ``x`` is perturbed in place and restored.
    Costs two calls of ``f`` per element: keep ``x`` tiny.

    Returns an array shaped like ``x``.
    """
    if x.dtype != np.float64:
        raise TypeError(f"numerical_gradient needs float64 input for accuracy, got {x.dtype}")
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def gradcheck(
    f: Callable[[np.ndarray], float],
    x: np.ndarray,
    analytic: np.ndarray,
    rtol: float = 1e-5,
    atol: float = 1e-7,
    eps: float = 1e-6,
) -> float:
    """Compare ``analytic`` with :func:`numerical_gradient` and raise if they differ.

    Returns the largest absolute difference, for reporting.

    Raises
    ------
    AssertionError
        With the worst element and both values, when the gradients disagree.
    """
    numeric = numerical_gradient(f, x, eps)
    if analytic.shape != numeric.shape:
        raise ValueError(f"analytic gradient has shape {analytic.shape}, expected {numeric.shape}")
    diff = np.abs(analytic - numeric)
    if not np.allclose(analytic, numeric, rtol=rtol, atol=atol):
        worst = np.unravel_index(np.argmax(diff), diff.shape)
        raise AssertionError(
            f"gradient mismatch at {worst}: analytic {analytic[worst]!r}, numerical {numeric[worst]!r}"
        )
    return float(diff.max()) if diff.size else 0.0
