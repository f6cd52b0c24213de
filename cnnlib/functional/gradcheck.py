"""Finite-difference gradients, to check every hand-written backward pass."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    r"""Central-difference estimate of the gradient of a scalar function ``f`` at ``x``
    (:ref:`sec-backprop-by-hand`).

    .. math::
       \frac{\partial f}{\partial x_i} \approx \frac{f(x + \epsilon e_i) - f(x - \epsilon e_i)}{2\epsilon}

    The truncation error is :math:`O(\epsilon^2)`; rounding error grows as :math:`\epsilon`
    shrinks, hence float64 only. ``x`` is perturbed in place and restored. Costs two calls of
    ``f`` per element: keep ``x`` tiny.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float, such as ``lambda v: np.sum(op(v) * r)``.
    x : numpy.ndarray of float64, any shape
        The point at which to differentiate.
    eps : float, default 1e-6
        The step :math:`\epsilon`.

    Returns
    -------
    grad : numpy.ndarray, same shape as ``x``

    Raises
    ------
    TypeError
        If ``x`` is not float64.
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
    r"""Compare a hand-written gradient with :func:`numerical_gradient`, and raise if they
    differ (:ref:`sec-backprop-by-hand`).

    They agree when, element by element, :math:`|a - n| \le \mathrm{atol} + \mathrm{rtol}\,|n|`
    (``numpy.allclose``). A NumPy counterpart of ``torch.autograd.gradcheck``.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float.
    x : numpy.ndarray of float64, any shape
        The point at which to differentiate.
    analytic : numpy.ndarray, same shape as ``x``
        The gradient of ``f`` at ``x`` to check, from a backward pass.
    rtol : float, default 1e-5
        Relative tolerance.
    atol : float, default 1e-7
        Absolute tolerance.
    eps : float, default 1e-6
        Finite-difference step, passed to :func:`numerical_gradient`.

    Returns
    -------
    max_diff : float
        The largest absolute difference, for reporting (0.0 for an empty ``x``).

    Raises
    ------
    TypeError
        If ``x`` is not float64.
    ValueError
        If ``analytic`` is not shaped like ``x``.
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
