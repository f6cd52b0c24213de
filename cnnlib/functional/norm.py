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
    """What batch normalisation saves for its backward pass (:ref:`sec-batch-norm`).

    Returned by :func:`~cnnlib.functional.batch_norm2d_forward`, used by
    :func:`~cnnlib.functional.batch_norm2d_backward_from`.

    Attributes
    ----------
    x_hat : numpy.ndarray, shape (N, C, H, W)
        The normalised input ``(x - mean) * inv_std``.
    inv_std : numpy.ndarray, shape (1, C, 1, 1)
        ``1 / sqrt(var + eps)`` per channel.
    weight : numpy.ndarray, shape (C,), or None
        The scale of the forward call.
    has_bias : bool
        Whether the forward call had a shift, so that a bias gradient is returned.
    training : bool
        Whether the batch statistics were used (they then depend on ``x``).
    """

    x_hat: np.ndarray
    inv_std: np.ndarray
    weight: np.ndarray | None
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
    r"""Batch normalisation of (N, C, H, W) arrays, like ``torch.nn.functional.batch_norm`` (:ref:`sec-batch-norm`).

    .. math:: y_{n,c,h,w} = \gamma_c \frac{x_{n,c,h,w} - \mu_c}{\sqrt{\sigma_c^2 + \epsilon}} + \beta_c

    In training mode :math:`\mu_c` and :math:`\sigma_c^2` are the mean and (biased) variance of
    the N*H*W values of channel c in the batch, and the running estimates are updated in place,
    ``running = (1 - momentum) * running + momentum * batch`` with the unbiased batch variance;
    in evaluation mode the running estimates are used.

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, H, W)
    running_mean : numpy.ndarray, shape (C,), or None
        Running mean per channel; updated in place in training mode. Needed in evaluation mode.
    running_var : numpy.ndarray, shape (C,), or None
        Running variance per channel; as ``running_mean``.
    weight : numpy.ndarray, shape (C,), optional
        :math:`\gamma`, the learned scale; None for 1.
    bias : numpy.ndarray, shape (C,), optional
        :math:`\beta`, the learned shift; None for 0.
    training : bool, default False
        Use the batch statistics (True) or the running estimates (False).
    momentum : float, default 0.1
        Weight of the batch statistics in the running-estimate update, as in PyTorch.
    eps : float, default 1e-5
        :math:`\epsilon`, added to the variance.

    Returns
    -------
    y : numpy.ndarray, shape (N, C, H, W), dtype of ``x``

    Raises
    ------
    TypeError
        If ``x`` is not a floating-point NumPy array.
    ValueError
        If ``x`` is not 4-D or a per-channel array is not of shape (C,); in evaluation mode
        without running estimates; in training mode with running estimates and a single value
        per channel (N*H*W = 1).

    References
    ----------
    Ioffe and Szegedy, "Batch normalization: accelerating deep network training by reducing
    internal covariate shift", ICML 2015 :cite:p:`ioffe2015batch`.
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
    """:func:`batch_norm2d`, also returning what :func:`batch_norm2d_backward_from` needs (:ref:`sec-batch-norm`).

    Running statistics are updated as in :func:`batch_norm2d`.

    Parameters
    ----------
    x : numpy.ndarray of float, shape (N, C, H, W)
    running_mean : numpy.ndarray, shape (C,), or None
    running_var : numpy.ndarray, shape (C,), or None
    weight : numpy.ndarray, shape (C,), optional
    bias : numpy.ndarray, shape (C,), optional
    training : bool, default False
    momentum : float, default 0.1
    eps : float, default 1e-5

    Returns
    -------
    y : numpy.ndarray, shape (N, C, H, W)
    saved : BatchNormSaved
        The normalised input, ``1 / std``, ``weight`` and the mode.

    Raises
    ------
    TypeError
        As in :func:`batch_norm2d`.
    ValueError
        As in :func:`batch_norm2d`.
    """
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
    """Gradients of :func:`batch_norm2d`, stateless: reruns the forward pass, running statistics untouched.

    Arguments as in :func:`batch_norm2d`, without ``momentum`` (:ref:`sec-batch-norm`); the
    formulas are in :func:`batch_norm2d_backward_from`.

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, C, H, W)
        The gradient of the loss w.r.t. the output.
    x : numpy.ndarray of float, shape (N, C, H, W)
    running_mean : numpy.ndarray, shape (C,), or None
        Used in evaluation mode only.
    running_var : numpy.ndarray, shape (C,), or None
        Used in evaluation mode only.
    weight : numpy.ndarray, shape (C,), optional
    bias : numpy.ndarray, shape (C,), optional
    training : bool, default False
    eps : float, default 1e-5

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, H, W)
    grad_weight : numpy.ndarray, shape (C,), or None
        None when ``weight`` is None.
    grad_bias : numpy.ndarray, shape (C,), or None
        None when ``bias`` is None.

    Raises
    ------
    TypeError
        As in :func:`batch_norm2d`, or if ``grad_output`` is not a floating-point NumPy array.
    ValueError
        As in :func:`batch_norm2d`, or if ``grad_output`` does not have the shape of ``x``.
    """
    _check(x, running_mean, running_var, weight, bias)
    if training:  # batch statistics: the running estimates are neither needed nor updated
        running_mean = running_var = None
    saved = batch_norm2d_forward(x, running_mean, running_var, weight, bias, training, eps=eps)[1]
    return batch_norm2d_backward_from(grad_output, saved)


def batch_norm2d_backward_from(grad_output: np.ndarray, saved: BatchNormSaved):
    r"""Gradients of :func:`batch_norm2d` from what :func:`batch_norm2d_forward` saved (:ref:`sec-batch-norm`).

    With :math:`g` the output gradient, :math:`s = \sqrt{\sigma^2 + \epsilon}`,
    :math:`\hat x = (x - \mu) / s` and :math:`M = N H W` values per channel, sums running over
    (N, H, W) per channel:

    .. math::

        \frac{\partial L}{\partial \beta} = \sum g, \qquad
        \frac{\partial L}{\partial \gamma} = \sum g \hat x, \qquad
        \frac{\partial L}{\partial x} = \frac{\gamma}{s} \Big(g - \frac{1}{M} \frac{\partial L}{\partial \beta}
        - \frac{\hat x}{M} \frac{\partial L}{\partial \gamma}\Big)

    in training mode, where the batch mean and variance depend on :math:`x`; in evaluation mode
    :math:`\partial L / \partial x = \gamma g / s`.

    Parameters
    ----------
    grad_output : numpy.ndarray of float, shape (N, C, H, W)
        The gradient of the loss w.r.t. the output.
    saved : BatchNormSaved
        From :func:`batch_norm2d_forward`.

    Returns
    -------
    grad_x : numpy.ndarray, shape (N, C, H, W)
    grad_weight : numpy.ndarray, shape (C,), or None
        None when the forward call had no ``weight``.
    grad_bias : numpy.ndarray, shape (C,), or None
        None when the forward call had no ``bias``.

    Raises
    ------
    TypeError
        If ``grad_output`` is not a floating-point NumPy array.
    ValueError
        If ``grad_output`` does not have the forward output's shape.
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
