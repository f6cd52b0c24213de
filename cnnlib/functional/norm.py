"""Batch normalisation over (N, C, H, W) arrays, in NumPy.

For each channel c, with batch statistics over the N*H*W values of that channel::

    y = weight[c] * (x - mean[c]) / sqrt(var[c] + eps) + bias[c]

In training mode ``mean`` and ``var`` (biased) come from the batch and the running
estimates are updated in place; in evaluation mode the running estimates are used.
"""

from __future__ import annotations

import numpy as np

from cnnlib.functional.shapes import check_array


def _check(x, running_mean, running_var, weight, bias):
    x = check_array(x, "x", 4, "(N, C, H, W)")
    c = x.shape[1]
    for name, value in (("running_mean", running_mean), ("running_var", running_var),
                        ("weight", weight), ("bias", bias)):
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


def batch_norm2d(x: np.ndarray, running_mean: np.ndarray | None, running_var: np.ndarray | None,
                 weight: np.ndarray | None = None, bias: np.ndarray | None = None,
                 training: bool = False, momentum: float = 0.1, eps: float = 1e-5) -> np.ndarray:
    """Batch normalisation, like ``torch.nn.functional.batch_norm`` on 4-D input.

    Parameters
    ----------
    x : array of shape (N, C, H, W)
    running_mean, running_var : arrays of shape (C,); updated in place when ``training``:
        ``running = (1 - momentum) * running + momentum * batch`` (unbiased batch variance)
    weight, bias : arrays of shape (C,), the learned scale and shift (default 1 and 0)
    training : use batch statistics (True) or the running estimates (False)

    Returns
    -------
    array of shape (N, C, H, W)
    """
    return batch_norm2d_forward(x, running_mean, running_var, weight, bias, training, momentum, eps)[0]


def batch_norm2d_forward(x, running_mean, running_var, weight=None, bias=None, training=False,
                         momentum=0.1, eps=1e-5):
    """:func:`batch_norm2d` that also returns what the backward pass reuses:
    ``(out, x_hat, inv_std)`` with ``x_hat = (x - mean) * inv_std``, ``inv_std`` (1, C, 1, 1)."""
    x = _check(x, running_mean, running_var, weight, bias)
    mean, var = _stats(x, running_mean, running_var, training)
    if training and running_mean is not None:
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
    return out.astype(x.dtype, copy=False), x_hat, inv_std


def batch_norm2d_backward(grad_output: np.ndarray, x: np.ndarray, running_mean: np.ndarray | None,
                          running_var: np.ndarray | None, weight: np.ndarray | None = None,
                          bias: np.ndarray | None = None, training: bool = False, eps: float = 1e-5):
    """Gradients of :func:`batch_norm2d` (same arguments, without ``momentum``).

    With ``M = N*H*W`` values per channel, ``g`` the output gradient and
    ``x_hat = (x - mean) / std``: ``grad_bias = sum(g)``, ``grad_weight = sum(g * x_hat)``,
    and in training mode, where the batch mean and variance depend on ``x``::

        grad_x = weight / std * (g - grad_bias / M - x_hat * grad_weight / M)

    In evaluation mode ``grad_x = weight / std * g``. Sums run over (N, H, W) per channel.

    Returns
    -------
    grad_x : (N, C, H, W)
    grad_weight : (C,), or None when ``weight`` is None
    grad_bias : (C,), or None when ``bias`` is None
    """
    x = _check(x, running_mean, running_var, weight, bias)
    mean, var = _stats(x, running_mean, running_var, training)
    inv_std = (1 / np.sqrt(_channel(var) + eps)).astype(x.dtype)
    x_hat = (x - _channel(mean).astype(x.dtype)) * inv_std
    return batch_norm2d_backward_from(grad_output, x_hat, inv_std, weight, bias, training)


def batch_norm2d_backward_from(grad_output, x_hat, inv_std, weight=None, bias=None, training=False):
    """:func:`batch_norm2d_backward` from the ``x_hat`` and ``inv_std`` of
    :func:`batch_norm2d_forward`, without recomputing the statistics."""
    axes = (0, 2, 3)
    sum_g = grad_output.sum(axis=axes)
    sum_g_xhat = np.einsum("nchw,nchw->c", grad_output, x_hat)
    scale = inv_std * (_channel(weight) if weight is not None else 1)
    if training:
        m = x_hat.size // x_hat.shape[1]
        grad_x = (grad_output - _channel(sum_g / m) - x_hat * _channel(sum_g_xhat / m)) * scale
    else:
        grad_x = grad_output * scale
    return (grad_x.astype(x_hat.dtype, copy=False), sum_g_xhat if weight is not None else None,
            sum_g if bias is not None else None)
