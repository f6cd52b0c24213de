"""The fully connected (linear) layer in NumPy: a matrix product plus a bias."""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import check_array, check_bias


def _check(x, weight, bias):
    x = check_array(x, "x", 2, "(N, in_features)")
    weight = check_array(weight, "weight", 2, "(out_features, in_features)")
    if x.shape[1] != weight.shape[1]:
        raise ValueError(f"x has {x.shape[1]} features but weight of shape (out_features, in_features) "
                         f"= {weight.shape} expects {weight.shape[1]}")
    if bias is not None:
        bias = check_bias(bias, weight.shape[0], "output feature, out_features")
    return x, weight, bias


def linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """``x @ weight.T + bias``, like ``torch.nn.functional.linear``.

    Parameters
    ----------
    x : array of shape (N, in_features)
    weight : array of shape (out_features, in_features)
    bias : array of shape (out_features,), optional

    Returns
    -------
    array of shape (N, out_features)
    """
    x, weight, bias = _check(x, weight, bias)
    out = x @ weight.T
    return out if bias is None else out + bias


def linear_backward(grad_output: np.ndarray, x: np.ndarray, weight: np.ndarray,
                    bias: np.ndarray | None = None):
    """Gradients of :func:`linear`.

    Returns
    -------
    grad_x : (N, in_features) = ``grad_output @ weight``
    grad_weight : (out_features, in_features) = ``grad_output.T @ x``
    grad_bias : (out_features,) = ``grad_output.sum(0)``, or None when ``bias`` is None
    """
    x, weight, bias = _check(x, weight, bias)
    grad_output = check_array(grad_output, "grad_output", 2, "(N, out_features)")
    if grad_output.shape != (x.shape[0], weight.shape[0]):
        raise ValueError(f"grad_output must have shape {(x.shape[0], weight.shape[0])}, got {grad_output.shape}")
    grad_bias = grad_output.sum(axis=0) if bias is not None else None
    return grad_output @ weight, grad_output.T @ x, grad_bias
