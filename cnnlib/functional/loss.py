"""Softmax and the losses the book compares, with their gradients, in NumPy.

The loss backward functions return the gradient of the (scalar) loss with respect to its
first argument; multiply by an upstream gradient if the loss is not the last step.
"""

from __future__ import annotations

import numbers

import numpy as np

from cnnlib.functional.shapes import check_array


def _as_float(x) -> np.ndarray:
    """``x`` (an array, list or number) as an ndarray; integers become float64, so that
    subtracting the maximum cannot wrap around."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """:math:`e^{x_k} / \\sum_j e^{x_j}` along ``axis``, computed after subtracting the
    maximum so that large scores cannot overflow (:ref:`sec-softmax`). The outputs are
    positive and sum to 1.

    Parameters
    ----------
    x : array-like of any shape with at least one axis, e.g. (K,) scores or (N, K)
    axis : the axis that sums to 1; the default, the last, is the only one of a 1-D input

    Returns
    -------
    array of the same shape as ``x``
    """
    return softmax_forward(x, axis)[0]


def softmax_forward(x: np.ndarray, axis: int = -1):
    """:func:`softmax` and, saved for the backward pass, ``(s, axis)``, ``s`` its output."""
    x = _as_float(x)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    s = e / e.sum(axis=axis, keepdims=True)
    return s, (s, axis)


def softmax_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    """``s * (g - sum(g * s))`` along the saved axis, ``s`` the saved output."""
    s, axis = saved
    grad_output = _as_float(grad_output)
    return s * (grad_output - (grad_output * s).sum(axis=axis, keepdims=True))


def softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`softmax` w.r.t. ``x``: ``s * (g - sum(g * s))``; ``grad_output``
    and ``x`` have the same shape, any with at least one axis, and so does the result."""
    return softmax_backward_from(grad_output, softmax_forward(x, axis)[1])


def log_softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    """:math:`x_k - \\log \\sum_j e^{x_j}` along ``axis``, stable for large scores
    (log-sum-exp with the maximum factored out). Shapes as in :func:`softmax`."""
    return log_softmax_forward(x, axis)[0]


def log_softmax_forward(x: np.ndarray, axis: int = -1):
    """:func:`log_softmax` and, saved, ``(softmax(x), axis)``."""
    x = _as_float(x)
    shifted = x - x.max(axis=axis, keepdims=True)
    out = shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
    return out, (softmax(x, axis), axis)


def log_softmax_backward_from(grad_output: np.ndarray, saved) -> np.ndarray:
    """``g - s * sum(g)`` along the saved axis, ``s`` the saved softmax."""
    s, axis = saved
    grad_output = _as_float(grad_output)
    return grad_output - s * grad_output.sum(axis=axis, keepdims=True)


def log_softmax_backward(grad_output: np.ndarray, x: np.ndarray, axis: int = -1) -> np.ndarray:
    """Gradient of :func:`log_softmax` w.r.t. ``x``: ``g - softmax(x) * sum(g)``; shapes as
    in :func:`softmax_backward`."""
    return log_softmax_backward_from(grad_output, log_softmax_forward(x, axis)[1])


def _check_target(logits, target, name):
    logits = check_array(logits, "logits", 2, "(N, K)")
    if logits.shape[0] == 0:
        raise ValueError(
            f"{name} got an empty batch: logits has shape {logits.shape}, and the mean "
            f"loss over N = 0 examples is undefined; pass at least one example"
        )
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
    """Mean cross-entropy, like ``torch.nn.functional.cross_entropy`` (:ref:`sec-softmax`):

    .. math:: L = -\\frac{1}{N} \\sum_n \\log \\operatorname{softmax}(z_n)_{t_n}

    Parameters
    ----------
    logits : array of shape (N, K), unnormalised class scores, N >= 1
    target : int array of shape (N,), labels in 0..K-1

    Returns
    -------
    float

    Raises ``ValueError`` for an empty batch (N = 0), where PyTorch returns nan.
    """
    return cross_entropy_forward(logits, target)[0]


def cross_entropy_forward(logits: np.ndarray, target: np.ndarray):
    """:func:`cross_entropy` and, saved, ``(softmax(logits), target)``."""
    logits, target = _check_target(logits, target, "cross_entropy")
    loss = float(-log_softmax(logits)[np.arange(len(target)), target].mean())
    return loss, (softmax(logits), target)


def cross_entropy_backward_from(grad_output: float, saved) -> np.ndarray:
    """``grad_output * (softmax(z) - onehot(t)) / N`` from the saved probabilities, shape (N, K);
    ``grad_output`` is the gradient w.r.t. the loss (1 when the loss is the last step)."""
    probs, target = saved
    grad = probs.copy()
    grad[np.arange(len(target)), target] -= 1
    return grad / len(target) * grad_output


def cross_entropy_backward(logits: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` w.r.t. ``logits``: ``(softmax(z) - onehot(t)) / N``,
    shape (N, K), derived in :ref:`sec-backprop-by-hand`. The loss is the last step, so there
    is no ``grad_output``; an empty batch raises ``ValueError``, as in :func:`cross_entropy`."""
    logits, target = _check_target(logits, target, "cross_entropy_backward")
    return cross_entropy_backward_from(1.0, cross_entropy_forward(logits, target)[1])


def _check_pair(output, target, name, mean=False):
    if not isinstance(output, np.ndarray) or not isinstance(target, (np.ndarray, numbers.Number)):
        raise TypeError(f"{name} needs NumPy arrays")
    if np.shape(target) != output.shape:
        raise ValueError(f"{name}: output shape {output.shape} and target shape {np.shape(target)} differ")
    if mean and output.size == 0:
        raise ValueError(
            f"{name} got empty arrays of shape {output.shape}, and the mean over no "
            f"elements is undefined; pass at least one element"
        )


def mse_loss(input: np.ndarray, target: np.ndarray) -> float:
    """Mean squared error over all elements, like ``torch.nn.functional.mse_loss``
    (:ref:`sec-other-losses`).

    Parameters
    ----------
    input, target : arrays of the same shape, any with at least one element (an empty one
        raises ``ValueError``, where PyTorch returns nan)

    Returns
    -------
    float, ``mean((input - target)^2)``
    """
    return mse_loss_forward(input, target)[0]


def mse_loss_forward(input: np.ndarray, target: np.ndarray):
    """:func:`mse_loss` and, saved, the difference ``input - target``."""
    _check_pair(input, target, "mse_loss", mean=True)
    diff = input - target
    return float(np.mean(diff**2)), diff


def mse_loss_backward_from(grad_output: float, saved: np.ndarray) -> np.ndarray:
    """``grad_output * 2 (input - target) / input.size`` from the saved difference."""
    return grad_output * 2 * saved / saved.size


def mse_loss_backward(input: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`mse_loss` w.r.t. ``input``: ``2 (input - target) / input.size``,
    the shape of ``input``; empty arrays raise ``ValueError``, as in :func:`mse_loss`."""
    _check_pair(input, target, "mse_loss_backward", mean=True)
    return mse_loss_backward_from(1.0, mse_loss_forward(input, target)[1])


def total_error(output: np.ndarray, target: np.ndarray) -> float:
    """The source articles' "total error", summed over every element
    (:ref:`sec-total-error`):

    .. math:: E = \\tfrac12 \\sum (\\text{target} - \\text{output})^2

    Parameters
    ----------
    output, target : arrays of the same shape (``target`` may be a number)

    Returns
    -------
    float
    """
    return total_error_forward(output, target)[0]


def total_error_forward(output: np.ndarray, target: np.ndarray):
    """:func:`total_error` and, saved, the difference ``output - target``."""
    _check_pair(output, target, "total_error")
    diff = output - target
    return float(0.5 * np.sum(diff**2)), diff


def total_error_backward_from(grad_output: float, saved: np.ndarray) -> np.ndarray:
    """``grad_output * (output - target)`` from the saved difference."""
    return grad_output * saved


def total_error_backward(output: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`total_error` w.r.t. ``output``: ``output - target``."""
    _check_pair(output, target, "total_error_backward")
    return total_error_backward_from(1.0, total_error_forward(output, target)[1])
