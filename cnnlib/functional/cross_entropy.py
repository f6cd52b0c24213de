"""Cross-entropy, the loss of classification, with its gradient, in NumPy (:ref:`sec-softmax`).

Follows the package's forward/backward convention (see :mod:`cnnlib.functional`); the
gradient with respect to the scores is ``(softmax(logits) - onehot(target)) / N``.
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import check_array
from cnnlib.functional.softmax import log_softmax, softmax


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
    r"""Mean cross-entropy of scores and labels, like ``torch.nn.functional.cross_entropy`` (:ref:`sec-total-error`).

    .. math:: L = -\frac{1}{N} \sum_{n=1}^{N} \log \operatorname{softmax}(z_n)_{t_n}

    Parameters
    ----------
    logits : numpy.ndarray of float, shape (N, K)
        ``z``, unnormalised class scores, N >= 1.
    target : numpy.ndarray of int, shape (N,)
        ``t``, the labels, in 0..K-1.

    Returns
    -------
    float
        The loss ``L``.

    Raises
    ------
    TypeError
        If ``logits`` is not a floating-point NumPy array or ``target`` does not hold integers.
    ValueError
        If a shape is wrong, a label is outside 0..K-1, or the batch is empty (N = 0, where
        PyTorch returns nan).
    """
    return cross_entropy_forward(logits, target)[0]


def cross_entropy_forward(logits: np.ndarray, target: np.ndarray):
    """:func:`cross_entropy`, also returning what :func:`cross_entropy_backward_from` needs (:ref:`sec-total-error`).

    Parameters
    ----------
    logits : numpy.ndarray of float, shape (N, K)
    target : numpy.ndarray of int, shape (N,)

    Returns
    -------
    loss : float
    saved : tuple
        ``(softmax(logits), target)``, of shapes (N, K) and (N,).

    Raises
    ------
    TypeError
        As in :func:`cross_entropy`.
    ValueError
        As in :func:`cross_entropy`.
    """
    logits, target = _check_target(logits, target, "cross_entropy")
    loss = float(-log_softmax(logits)[np.arange(len(target)), target].mean())
    return loss, (softmax(logits), target)


def cross_entropy_backward_from(grad_output: float, saved) -> np.ndarray:
    r"""Gradient of :func:`cross_entropy` from what :func:`cross_entropy_forward` saved (:ref:`sec-backprop-by-hand`).

    .. math:: \frac{\partial L}{\partial z_n} = \frac{g}{N} \big(\operatorname{softmax}(z_n) - e_{t_n}\big)

    where :math:`e_{t_n}` is the one-hot vector of label :math:`t_n`.

    Parameters
    ----------
    grad_output : float
        ``g``, the gradient w.r.t. the loss: 1 when the loss is the last step.
    saved : tuple
        ``(probs, target)`` from :func:`cross_entropy_forward`, of shapes (N, K) and (N,).

    Returns
    -------
    grad_logits : numpy.ndarray, shape (N, K)
    """
    probs, target = saved
    grad = probs.copy()
    grad[np.arange(len(target)), target] -= 1
    return grad / len(target) * grad_output


def cross_entropy_backward(logits: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Gradient of :func:`cross_entropy` w.r.t. ``logits``, derived in :ref:`sec-backprop-by-hand`.

    The loss is the last step, so there is no ``grad_output``: the result is
    :func:`cross_entropy_backward_from` with ``grad_output = 1``.

    Parameters
    ----------
    logits : numpy.ndarray of float, shape (N, K)
    target : numpy.ndarray of int, shape (N,)

    Returns
    -------
    grad_logits : numpy.ndarray, shape (N, K)
        ``(softmax(logits) - onehot(target)) / N``.

    Raises
    ------
    TypeError
        As in :func:`cross_entropy`.
    ValueError
        As in :func:`cross_entropy`, an empty batch included.
    """
    logits, target = _check_target(logits, target, "cross_entropy_backward")
    return cross_entropy_backward_from(1.0, cross_entropy_forward(logits, target)[1])
