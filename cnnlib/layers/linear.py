"""The fully connected layer and the flattening before it (:ref:`sec-numpy-training`); see
:mod:`cnnlib.layers`."""

from __future__ import annotations

import numpy as np

import cnnlib.functional as F
from cnnlib.module import Module, Parameter, accumulate_grads, uniform_init


class Linear(Module):
    """Fully connected layer, like ``torch.nn.Linear`` (:func:`cnnlib.functional.linear`, :ref:`sec-loss-not-accuracy`).

    .. math:: y = x W^\\top + b

    Input (N, in_features), output (N, out_features). ``weight`` and ``bias`` start uniform
    in ``±1/sqrt(in_features)``, as in PyTorch.

    Parameters
    ----------
    in_features : int
        The size of each input vector.
    out_features : int
        The size of each output vector.
    bias : bool, default True
        Whether to learn a bias per output.
    rng : numpy.random.Generator, optional
        Draws the initial weights (default: a fresh one).
    dtype : numpy dtype, default numpy.float32
        The parameters' dtype.

    Attributes
    ----------
    weight : Parameter, shape (out_features, in_features)
        :math:`W`.
    bias : Parameter, shape (out_features,), or None
        :math:`b`; None when ``bias=False``.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        rng: np.random.Generator | None = None,
        dtype=np.float32,
    ):
        rng = rng or np.random.default_rng()
        bound = 1 / np.sqrt(in_features)
        self.weight = Parameter(uniform_init(rng, bound, (out_features, in_features), dtype))
        self.bias = Parameter(uniform_init(rng, bound, (out_features,), dtype)) if bias else None

    def extra_repr(self) -> str:
        """The constructor's arguments, e.g. ``"in_features=1568, out_features=10"``.

        Returns
        -------
        str
            As ``torch.nn.Linear`` shows them in ``repr``.
        """
        out_features, in_features = self.weight.data.shape
        return f"in_features={in_features}, out_features={out_features}" + (
            "" if self.bias is not None else ", bias=False"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Compute :math:`x W^\\top + b`; keep what :meth:`backward` needs.

        Parameters
        ----------
        x : numpy.ndarray of float, shape (N, in_features)
            A batch of N vectors.

        Returns
        -------
        numpy.ndarray, shape (N, out_features)
            The outputs.
        """
        bias = self.bias.data if self.bias is not None else None
        out, self._saved = F.linear_forward(x, self.weight.data, bias)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward` (:ref:`sec-backprop-by-hand`).

        Parameters
        ----------
        grad_output : numpy.ndarray, shape (N, out_features)
            The gradient of the loss w.r.t. the last :meth:`forward`'s output.

        Returns
        -------
        numpy.ndarray, shape (N, in_features)
            The gradient w.r.t. that ``forward``'s input ``x``.
            The gradients of ``weight`` and ``bias`` are added to their ``grad``.
        """
        grad_x, grad_weight, grad_bias = F.linear_backward_from(grad_output, self._saved)
        accumulate_grads(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


class Flatten(Module):
    """Flatten each example to a vector, (N, C, H, W) -> (N, C*H*W), as ``torch.nn.Flatten`` does.

    Used in :ref:`sec-loss-not-accuracy`. The constructor takes no arguments.
    """

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Reshape ``x`` to one row per example; remember its shape for :meth:`backward`.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W) or any (N, ...)
            A batch of N examples.

        Returns
        -------
        numpy.ndarray, shape (N, C*H*W)
            The same values, one row per example.
        """
        self._shape = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Reshape the gradient back to the last :meth:`forward`'s input shape.

        Parameters
        ----------
        grad_output : numpy.ndarray, shape (N, C*H*W)
            The gradient w.r.t. the flattened output.

        Returns
        -------
        numpy.ndarray, shape (N, C, H, W)
            The same values in the input's shape.
        """
        return grad_output.reshape(self._shape)


__all__ = ["Flatten", "Linear"]
