"""Activation layers (:ref:`ch-nonlinearities`); see :mod:`cnnlib.layers`."""

from __future__ import annotations

import numpy as np

import cnnlib.functional as F
from cnnlib.module import Module


class _Activation(Module):
    """An element-wise activation built from its ``*_forward``/``*_backward_from`` pair;
    any input shape, output of the same shape."""

    forward_op = staticmethod(F.relu_forward)
    backward_op = staticmethod(F.relu_backward_from)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Apply the activation element-wise; keep what :meth:`backward` needs.

        Parameters
        ----------
        x : numpy.ndarray of float, any shape, e.g. (N, C, H, W)
            The input.

        Returns
        -------
        numpy.ndarray, same shape as ``x``
            The activation of each element.
        """
        out, self._saved = self.forward_op(x)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward`: multiply by the activation's derivative.

        Parameters
        ----------
        grad_output : numpy.ndarray, shape of the last ``forward``'s input
            The gradient of the loss w.r.t. the output.

        Returns
        -------
        numpy.ndarray, same shape
            The gradient w.r.t. the input.
        """
        return self.backward_op(grad_output, self._saved)


class ReLU(_Activation):
    """Rectified linear unit, :math:`\\max(0, x)` element-wise, like ``torch.nn.ReLU``.

    See :func:`cnnlib.functional.relu` and :ref:`sec-relu-layer`. Input of any shape, e.g.
    (N, C, H, W), output of the same shape; the gradient is 1 where :math:`x > 0` and 0
    elsewhere (:ref:`sec-dying-relu`). The constructor takes no arguments.
    """

    forward_op, backward_op = staticmethod(F.relu_forward), staticmethod(F.relu_backward_from)


class Sigmoid(_Activation):
    """Logistic sigmoid, :math:`\\sigma(x) = 1 / (1 + e^{-x})` element-wise, like ``torch.nn.Sigmoid``.

    See :func:`cnnlib.functional.sigmoid` and :ref:`sec-vanishing`. Input of any shape, output
    of the same shape; the gradient :math:`\\sigma(x)(1 - \\sigma(x))` is at most 1/4. The
    constructor takes no arguments.
    """

    forward_op, backward_op = staticmethod(F.sigmoid_forward), staticmethod(F.sigmoid_backward_from)


class Tanh(_Activation):
    """Hyperbolic tangent, :math:`\\tanh(x)` element-wise, like ``torch.nn.Tanh``.

    See :func:`cnnlib.functional.tanh` and :ref:`sec-zero-centred`. Input of any shape, output
    of the same shape, in (-1, 1) and centred on 0; the gradient is :math:`1 - \\tanh^2(x)`. The
    constructor takes no arguments.
    """

    forward_op, backward_op = staticmethod(F.tanh_forward), staticmethod(F.tanh_backward_from)


__all__ = ["ReLU", "Sigmoid", "Tanh"]
