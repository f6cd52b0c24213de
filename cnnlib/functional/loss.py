"""Softmax and the losses the book compares, with their gradients, in NumPy.

The loss backward functions return the gradient of the (scalar) loss with respect to its
first argument; multiply by an upstream gradient if the loss is not the last step.
"""

from __future__ import annotations

import numbers

import numpy as np

from cnnlib.functional.shapes import check_array


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """:math:`e^{x_k} / \\sum_j e^{x_j}` along ``axis``, computed after subtracting the
    maximum so that large scores cannot overflow. The outputs are positive and sum to 1."""
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`softmax` w.r.t. ``x``: ``s * (g - sum(g * s))``."""
    s = softmax(x, axis)
    return s * (grad_output - (grad_output * s).sum(axis=axis, keepdims=True))


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """:math:`x_k - \\log \\sum_j e^{x_j}` along ``axis``, stable for large scores
    (log-sum-exp with the maximum factored out)."""
    shifted = x - x.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def log_softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`log_softmax` w.r.t. ``x``: ``g - softmax(x) * sum(g)``."""
    return grad_output - softmax(x, axis) * grad_output.sum(axis=axis, keepdims=True)


def _check_target(logits, target):
    logits = check_array(logits, "logits", 2, "(N, K)")
    target = np.asarray(target)
    if not np.issubdtype(target.dtype, np.integer):
        raise TypeError(f"target must hold integer class indices, got dtype {target.dtype}")
    if target.shape != (logits.shape[0],):
        raise ValueError(f"target must have shape (N,) = ({logits.shape[0]},), got {target.shape}")
    k = logits.shape[1]
    if target.size and (target.min() < 0 or target.max() >= k):
        bad = target[(target < 0) | (target >= k)][0]
        raise ValueError(f"target holds label {bad}, outside the {k} classes 0..{k - 1}")
    return logits, target


def cross_entropy(logits: np.ndarray, target: np.ndarray) -> float:
    """Mean cross-entropy, like ``torch.nn.functional.cross_entropy``:

    .. math:: L = -\\frac{1}{N} \\sum_n \\log \\operatorname{softmax}(z_n)_{t_n}

    Parameters
    ----------
    logits : array of shape (N, K), unnormalised class scores
    target : int array of shape (N,), labels in 0..K-1
    """
    logits, target = _check_target(logits, target)
    return float(-log_softmax(logits)[np.arange(len(target)), target].mean())


def cross_entropy_backward(logits: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` w.r.t. ``logits``: ``(softmax(z) - onehot(t)) / N``,
    shape (N, K)."""
    logits, target = _check_target(logits, target)
    grad = softmax(logits)
    grad[np.arange(len(target)), target] -= 1
    return grad / len(target)


def _check_pair(output, target, name):
    if not isinstance(output, np.ndarray) or not isinstance(target, (np.ndarray, numbers.Number)):
        raise TypeError(f"{name} needs NumPy arrays")
    if np.shape(target) != output.shape:
        raise ValueError(f"{name}: output shape {output.shape} and target shape {np.shape(target)} differ")


def mse_loss(input: np.ndarray, target: np.ndarray) -> float:  # noqa: A002 (torch's name)
    """Mean squared error over all elements, like ``torch.nn.functional.mse_loss``."""
    _check_pair(input, target, "mse_loss")
    return float(np.mean((input - target) ** 2))


def mse_loss_backward(input: np.ndarray, target: np.ndarray) -> np.ndarray:  # noqa: A002
    """Gradient of :func:`mse_loss` w.r.t. ``input``: ``2 (input - target) / input.size``."""
    _check_pair(input, target, "mse_loss_backward")
    return 2 * (input - target) / input.size


def total_error(output: np.ndarray, target: np.ndarray) -> float:
    """The source articles' "total error", summed over every element:

    .. math:: E = \\tfrac12 \\sum (\\text{target} - \\text{output})^2
    """
    _check_pair(output, target, "total_error")
    return float(0.5 * np.sum((target - output) ** 2))


def total_error_backward(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`total_error` w.r.t. ``output``: ``output - target``."""
    _check_pair(output, target, "total_error_backward")
    return output - target
