"""Batch normalisation over (N, C, H, W) arrays, in NumPy.

For each channel c, with batch statistics over the N*H*W values of that channel::

    y = weight[c] * (x - mean[c]) / sqrt(var[c] + eps) + bias[c]

In training mode ``mean`` and ``var`` (biased) come from the batch and the running
estimates are updated in place; in evaluation mode the running estimates are used.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from cnnlib.functional.shapes import check_array, check_grad


def _check(x, running_mean, running_var, weight, bias):
    x = check_array(x, "x", 4, "(N, C, H, W)")
    c = x.shape[1]
    for name, value in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if value is not None and np.shape(value) != (c,):
            raise ValueError(f"{name} must have shape (C,) = ({c},), got {np.shape(value)}")
    return x


def _stats(x, running_mean, running_var, training):
    if training:
        return x.mean(axis=(0, 2, 3)), x.var(axis=(0, 2, 3))
    if running_mean is None or running_var is None:
        raise ValueError("evaluation mode (training=False) needs running_mean and running_var")
    return running_mean, running_var


def _channel(v):
    return v.reshape(1, -1, 1, 1)


class BatchNormSaved(NamedTuple):
    """What :func:`batch_norm2d_backward_from` needs from :func:`batch_norm2d_forward`."""

    x_hat: np.ndarray  #: (N, C, H, W), the normalised input ``(x - mean) * inv_std``
    inv_std: np.ndarray  #: (1, C, 1, 1), ``1 / sqrt(var + eps)``
    weight: np.ndarray | None  #: (C,)
    has_bias: bool
    training: bool


def batch_norm2d(
    x: np.ndarray,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> np.ndarray:
    """Batch normalisation, like ``torch.nn.functional.batch_norm`` on 4-D input
    (:ref:`sec-batch-norm`).

    .. math:: y = \\gamma_c \\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\epsilon}} + \\beta_c

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    running_mean, running_var : arrays of shape (C,); updated in place when ``training``:
        ``running = (1 - momentum) * running + momentum * batch`` (unbiased batch variance)
    weight, bias : arrays of shape (C,), the learned scale and shift (default 1 and 0)
    training : use batch statistics (True) or the running estimates (False)
    momentum, eps : float, as in PyTorch

    Returns
    -------
    array of shape (N, C, H, W)

    References
    ----------
    Ioffe and Szegedy, "Batch normalization: accelerating deep network training by reducing
    internal covariate shift", ICML 2015.
    """
    return batch_norm2d_forward(x, running_mean, running_var, weight, bias, training, momentum, eps)[0]


def batch_norm2d_forward(
    x: np.ndarray,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> tuple[np.ndarray, BatchNormSaved]:
    """:func:`batch_norm2d` (same arguments, running statistics updated the same way), also
    returning what :func:`batch_norm2d_backward_from` needs."""
    x = _check(x, running_mean, running_var, weight, bias)
    mean, var = _stats(x, running_mean, running_var, training)
    if training and running_mean is not None and running_var is not None:
        count = x.size // x.shape[1]
        if count < 2:
            raise ValueError(f"training mode needs more than one value per channel, got x of shape {x.shape}")
        running_mean *= 1 - momentum
        running_mean += momentum * mean
        running_var *= 1 - momentum
        running_var += momentum * var * count / (count - 1)
    inv_std = (1 / np.sqrt(_channel(var) + eps)).astype(x.dtype)
    x_hat = (x - _channel(mean).astype(x.dtype)) * inv_std
    out = x_hat
    if weight is not None:
        out = out * _channel(weight)
    if bias is not None:
        out = out + _channel(bias)
    return out.astype(x.dtype, copy=False), BatchNormSaved(x_hat, inv_std, weight, bias is not None, training)


def batch_norm2d_backward(
    grad_output: np.ndarray,
    x: np.ndarray,
    running_mean: np.ndarray | None,
    running_var: np.ndarray | None,
    weight: np.ndarray | None = None,
    bias: np.ndarray | None = None,
    training: bool = False,
    eps: float = 1e-5,
):
    """Gradients of :func:`batch_norm2d` (same arguments, without ``momentum``), stateless:
    it reruns :func:`batch_norm2d_forward` without touching the running statistics.

    Parameters
    ----------
    grad_output : array of shape (N, C, H, W)
    x, running_mean, running_var, weight, bias, training, eps : as in the forward call

    Returns
    -------
    grad_x : (N, C, H, W)
    grad_weight : (C,), or None when ``weight`` is None
    grad_bias : (C,), or None when ``bias`` is None
    """
    _check(x, running_mean, running_var, weight, bias)
    if training:  # batch statistics: the running estimates are neither needed nor updated
        running_mean = running_var = None
    saved = batch_norm2d_forward(x, running_mean, running_var, weight, bias, training, eps=eps)[1]
    return batch_norm2d_backward_from(grad_output, saved)


def batch_norm2d_backward_from(grad_output: np.ndarray, saved: BatchNormSaved):
    """Gradients of :func:`batch_norm2d` from what :func:`batch_norm2d_forward` saved.

    With ``M = N*H*W`` values per channel, ``g`` the output gradient and
    ``x_hat = (x - mean) / std``: ``grad_bias = sum(g)``, ``grad_weight = sum(g * x_hat)``,
    and in training mode, where the batch mean and variance depend on ``x``::

        grad_x = weight / std * (g - grad_bias / M - x_hat * grad_weight / M)

    In evaluation mode ``grad_x = weight / std * g``. Sums run over (N, H, W) per channel.
    Shapes as in :func:`batch_norm2d_backward`.
    """
    x_hat, inv_std, weight, has_bias, training = saved
    grad_output = check_grad(grad_output, x_hat.shape)
    sum_g = grad_output.sum(axis=(0, 2, 3))
    sum_g_xhat = np.einsum("nchw,nchw->c", grad_output, x_hat)
    scale = inv_std * (_channel(weight) if weight is not None else 1)
    if training:
        m = x_hat.size // x_hat.shape[1]
        grad_x = (grad_output - _channel(sum_g / m) - x_hat * _channel(sum_g_xhat / m)) * scale
    else:
        grad_x = grad_output * scale
    return (
        grad_x.astype(x_hat.dtype, copy=False),
        sum_g_xhat if weight is not None else None,
        sum_g if has_bias else None,
    )
