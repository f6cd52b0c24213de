"""The convolution layer (:ref:`sec-numpy-training`); see :mod:`cnnlib.layers`."""

from __future__ import annotations

import numpy as np

import cnnlib.functional as F
from cnnlib.functional.shapes import pair
from cnnlib.module import Module, Parameter, accumulate_grads, uniform_init


class Conv2d(Module):
    """2-D convolution layer, like ``torch.nn.Conv2d`` (:func:`cnnlib.functional.conv2d`, :ref:`sec-numpy-training`).

    .. math:: y_{n,f} = b_f + \\sum_{c=1}^{C} w_{f,c} \\star x_{n,c}

    where :math:`\\star` is the 2-D cross-correlation (:ref:`sec-cross-correlation`). Input
    (N, C, H, W), output (N, F, OH, OW), with
    :math:`OH = \\lfloor (H + 2 P_H - K_H) / S_H \\rfloor + 1`, likewise ``OW``
    (:ref:`sec-output-size`). ``weight`` and ``bias`` start uniform in
    :math:`\\pm 1/\\sqrt{C K_H K_W}`, as in PyTorch.

    Parameters
    ----------
    in_channels : int
        C, the input's channels.
    out_channels : int
        F, the number of filters.
    kernel_size : int or (int, int)
        (KH, KW), the filter's height and width; one int for both.
    stride : int or (int, int), default 1
        (SH, SW), the step between windows.
    padding : int or (int, int), default 0
        (PH, PW), zeros added on each side.
    bias : bool, default True
        Whether to learn a bias per filter.
    rng : numpy.random.Generator, optional
        Draws the initial weights (default: a fresh one).
    dtype : numpy dtype, default numpy.float32
        The parameters' dtype.

    Raises
    ------
    TypeError
        If ``kernel_size``, ``stride`` or ``padding`` is not an int or a pair of ints.

    Attributes
    ----------
    weight : Parameter, shape (F, C, KH, KW)
        The filters.
    bias : Parameter, shape (F,), or None
        One bias per filter; None when ``bias=False``.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        bias: bool = True,
        rng: np.random.Generator | None = None,
        dtype=np.float32,
    ):
        rng = rng or np.random.default_rng()
        kernel = pair(kernel_size, "kernel_size")
        self.stride, self.padding = pair(stride, "stride"), pair(padding, "padding")
        bound = 1 / np.sqrt(in_channels * kernel[0] * kernel[1])
        self.weight = Parameter(uniform_init(rng, bound, (out_channels, in_channels, *kernel), dtype))
        self.bias = Parameter(uniform_init(rng, bound, (out_channels,), dtype)) if bias else None

    def extra_repr(self) -> str:
        """The constructor's arguments, e.g. ``"1, 16, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2)"``.

        Returns
        -------
        str
            As ``torch.nn.Conv2d`` shows them in ``repr``.
        """
        f, c, kh, kw = self.weight.data.shape
        return f"{c}, {f}, kernel_size={(kh, kw)}, stride={self.stride}, padding={self.padding}" + (
            "" if self.bias is not None else ", bias=False"
        )

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Convolve ``x`` with the filters and add the bias; keep what :meth:`backward` needs.

        Parameters
        ----------
        x : numpy.ndarray of float, shape (N, C, H, W)
            A batch of N inputs with C channels.

        Returns
        -------
        numpy.ndarray, shape (N, F, OH, OW)
            One feature map per filter.
        """
        bias = self.bias.data if self.bias is not None else None
        out, self._saved = F.conv2d_forward(x, self.weight.data, bias, self.stride, self.padding)
        return out

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward` (:ref:`sec-backprop-by-hand`).

        Parameters
        ----------
        grad_output : numpy.ndarray, shape (N, F, OH, OW)
            The gradient of the loss w.r.t. the last :meth:`forward`'s output.

        Returns
        -------
        numpy.ndarray, shape (N, C, H, W)
            The gradient w.r.t. that ``forward``'s input ``x``.
            The gradients of ``weight`` and ``bias`` are added to their ``grad``.
        """
        grad_x, grad_weight, grad_bias = F.conv2d_backward_from(grad_output, self._saved)
        accumulate_grads(self.weight, self.bias, grad_weight, grad_bias)
        return grad_x


__all__ = ["Conv2d"]
