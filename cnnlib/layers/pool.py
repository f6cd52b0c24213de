"""Pooling layers (:ref:`ch-pooling`); see :mod:`cnnlib.layers`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

import cnnlib.functional as F
from cnnlib.module import Module


class _Pool2d(Module):
    """A pooling layer built from its ``*_forward``/``*_backward_from`` pair."""

    # each subclass names its pair; what it saves differs (MaxPoolSaved, PoolSaved)
    forward_op: Callable[..., tuple[np.ndarray, Any]] = staticmethod(F.max_pool2d_forward)
    backward_op: Callable[..., np.ndarray] = staticmethod(F.max_pool2d_backward_from)

    def __init__(self, kernel_size, stride=None, padding=0):
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride or self.kernel_size}, padding={self.padding}"

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Pool each window of ``x``, per channel; keep what :meth:`backward` needs.

        Parameters
        ----------
        x : numpy.ndarray of float, shape (N, C, H, W)
            A batch of feature maps.

        Returns
        -------
        numpy.ndarray, shape (N, C, OH, OW)
            The pooled maps.
        """
        out, self._saved = self.forward_op(x, self.kernel_size, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward`.

        Parameters
        ----------
        grad_output : numpy.ndarray, shape (N, C, OH, OW)
            The gradient of the loss w.r.t. the last :meth:`forward`'s output.

        Returns
        -------
        numpy.ndarray, shape (N, C, H, W)
            The gradient w.r.t. that ``forward``'s input ``x``.
        """
        return self.backward_op(grad_output, self._saved)


class MaxPool2d(_Pool2d):
    """Max pooling, like ``torch.nn.MaxPool2d`` (:func:`cnnlib.functional.max_pool2d`, :ref:`sec-invariance`).

    Each output value is the largest value of its window, per channel:
    :math:`y_{n,c,i,j} = \\max_{(p,q) \\in \\text{window}(i,j)} x_{n,c,p,q}`. Input (N, C, H, W),
    output (N, C, OH, OW), :math:`OH = \\lfloor (H + 2 P_H - K_H) / S_H \\rfloor + 1`, likewise
    ``OW``; the gradient goes to each window's maximum (:ref:`sec-maxpool-backward`).

    Parameters
    ----------
    kernel_size : int or (int, int)
        (KH, KW), the window's height and width.
    stride : int or (int, int), optional
        (SH, SW); default ``kernel_size``: windows that do not overlap.
    padding : int or (int, int), default 0
        (PH, PW), added on each side (never the maximum); at most half the kernel size
        (checked when the layer runs).
    """

    forward_op = staticmethod(F.max_pool2d_forward)
    backward_op = staticmethod(F.max_pool2d_backward_from)  # to each window's maximum


class AvgPool2d(_Pool2d):
    """Average pooling, like ``torch.nn.AvgPool2d`` (:func:`cnnlib.functional.avg_pool2d`, :ref:`ch-pooling`).

    Each output value is the mean of its window, per channel:
    :math:`y_{n,c,i,j} = \\frac{1}{K_H K_W} \\sum_{(p,q) \\in \\text{window}(i,j)} x_{n,c,p,q}`.
    Input (N, C, H, W), output (N, C, OH, OW), sizes as for :class:`MaxPool2d`.

    Parameters
    ----------
    kernel_size : int or (int, int)
        (KH, KW), the window's height and width.
    stride : int or (int, int), optional
        (SH, SW); default ``kernel_size``.
    padding : int or (int, int), default 0
        (PH, PW), zeros counted in the average; at most half the kernel size.
    """

    forward_op = staticmethod(F.avg_pool2d_forward)
    backward_op = staticmethod(F.pool_backward_from)  # shared equally over the window


__all__ = ["AvgPool2d", "MaxPool2d"]
