"""The batch normalisation layer (:ref:`sec-batch-norm`); see :mod:`cnnlib.layers`."""

from __future__ import annotations

import numpy as np

import cnnlib.functional as F
from cnnlib.module import Module, Parameter, accumulate_grads


class BatchNorm2d(Module):
    """Batch normalisation per channel, like ``torch.nn.BatchNorm2d``.

    See :func:`cnnlib.functional.batch_norm2d` and :ref:`sec-batch-norm`.

    .. math:: y = \\gamma_c \\frac{x - \\mu_c}{\\sqrt{\\sigma_c^2 + \\epsilon}} + \\beta_c

    Input and output (N, C, H, W). In training mode :math:`\\mu_c` and :math:`\\sigma_c^2` are
    the mean and (biased) variance of channel c's N*H*W values in the batch, and the running
    estimates are updated, ``running = (1 - momentum) * running + momentum * batch`` (with the
    unbiased variance); in evaluation mode (:meth:`~cnnlib.module.Module.eval`) the running
    estimates are used.

    Parameters
    ----------
    num_features : int
        C, the number of channels.
    eps : float, default 1e-5
        :math:`\\epsilon`, added to the variance.
    momentum : float, default 0.1
        Weight of the batch statistics in the running estimates.
    dtype : numpy dtype, default numpy.float32
        The parameters' dtype.

    Attributes
    ----------
    weight : Parameter, shape (C,)
        :math:`\\gamma`, starts at 1.
    bias : Parameter, shape (C,)
        :math:`\\beta`, starts at 0.
    running_mean : numpy.ndarray, shape (C,)
        Running estimate of :math:`\\mu_c`, starts at 0.
    running_var : numpy.ndarray, shape (C,)
        Running estimate of :math:`\\sigma_c^2`, starts at 1.

    References
    ----------
    Ioffe and Szegedy, "Batch normalization: accelerating deep network training by reducing
    internal covariate shift", ICML 2015 :cite:p:`ioffe2015batch`.
    """

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1, dtype=np.float32):
        self.eps, self.momentum = eps, momentum
        self.weight = Parameter(np.ones(num_features, dtype))
        self.bias = Parameter(np.zeros(num_features, dtype))
        self.running_mean = np.zeros(num_features, dtype)
        self.running_var = np.ones(num_features, dtype)

    def extra_repr(self) -> str:
        """The constructor's arguments, e.g. ``"16, eps=1e-05, momentum=0.1"``.

        Returns
        -------
        str
            As ``torch.nn.BatchNorm2d`` shows them in ``repr``.
        """
        return f"{self.weight.data.size}, eps={self.eps}, momentum={self.momentum}"

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Normalise each channel of ``x``, then scale and shift it; keep what :meth:`backward` needs.

        Parameters
        ----------
        x : numpy.ndarray of float, shape (N, C, H, W)
            A batch of N inputs with C channels.

        Returns
        -------
        numpy.ndarray, shape (N, C, H, W)
            The normalised batch.
        """
        out, self._saved = F.batch_norm2d_forward(
            x,
            self.running_mean,
            self.running_var,
            self.weight.data,
            self.bias.data,
            self.training,
            self.momentum,
            self.eps,
        )
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward` (:ref:`sec-batch-norm`).

        Parameters
        ----------
        grad_output : numpy.ndarray, shape (N, C, H, W)
            The gradient of the loss w.r.t. the last :meth:`forward`'s output.

        Returns
        -------
        numpy.ndarray, shape (N, C, H, W)
            The gradient w.r.t. that ``forward``'s input ``x``.
            The gradients of ``weight`` and ``bias`` are added to their ``grad``.
        """
        grad_x, grad_weight, grad_bias = F.batch_norm2d_backward_from(grad_output, self._saved)
        accumulate_grads(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


__all__ = ["BatchNorm2d"]
