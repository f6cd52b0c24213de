"""A per-layer table of a PyTorch model: output shape, parameters, activation memory and
multiply-adds."""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

import torch
from torch import nn


@dataclass
class Row:
    """One leaf layer's line in a :class:`Summary` table (:ref:`ch-architectures`).

    Attributes
    ----------
    name : str
        The layer's name in the model, e.g. ``"conv1"`` or ``"features.0"``.
    kind : str
        Its class name, e.g. ``"Conv2d"``.
    output_shape : tuple of int
        Shape of its output, batch axis included, e.g. (N, C, H, W).
    parameters : int
        Number of its own parameters (weights and biases).
    activation_bytes : int
        Memory of its output in float32, ``4 * output.numel()``.
    macs : int, default 0
        Its multiply-adds for the whole input batch, from :func:`count_multiply_adds`.
    """

    name: str
    kind: str
    output_shape: tuple[int, ...]
    parameters: int
    activation_bytes: int
    macs: int = 0


@dataclass
class Summary:
    """The rows of :func:`summary` and their totals; ``str()`` gives a readable table (:ref:`ch-architectures`).

    The properties ``activation_bytes`` and ``macs`` sum the rows' columns.

    Attributes
    ----------
    rows : list of Row
        One row per leaf layer, in the order they ran.
    input_shape : tuple of int
        The input's shape, batch axis included, e.g. (1, 1, 28, 28).
    total_parameters : int
        Number of parameters of the whole model.
    trainable_parameters : int
        Number of those with ``requires_grad``.
    show_multiply_adds : bool, default False
        Whether ``str()`` shows a multiply-add column.
    """

    rows: list[Row]
    input_shape: tuple[int, ...]
    total_parameters: int
    trainable_parameters: int
    show_multiply_adds: bool = False

    @property
    def activation_bytes(self) -> int:
        """Memory of all layer outputs for one forward pass, in bytes (float32).

        Returns
        -------
        int
            The sum of the rows' ``activation_bytes``.
        """
        return sum(r.activation_bytes for r in self.rows)

    @property
    def macs(self) -> int:
        """Multiply-adds of all layers for one forward pass of the whole input.

        Returns
        -------
        int
            The sum of the rows' ``macs``.
        """
        return sum(r.macs for r in self.rows)

    def __str__(self) -> str:
        """The table, narrow enough for the book's column (about 79 characters for the networks
        of the book): one row per layer, shapes per example (the batch axis left out), the
        activation memory in KiB, and the multiply-adds when ``show_multiply_adds``."""
        header = ["layer", "type", "output", "params", "act. KiB"] + (["mult-adds"] if self.show_multiply_adds else [])
        table = [
            [r.name, r.kind, str(tuple(r.output_shape[1:])), f"{r.parameters:,}", f"{r.activation_bytes / 1024:,.1f}"]
            + ([f"{r.macs:,}"] if self.show_multiply_adds else [])
            for r in self.rows
        ]
        total = ["total", "", "", f"{self.total_parameters:,}", f"{self.activation_bytes / 1024:,.1f}"]
        table.append(total + ([f"{self.macs:,}"] if self.show_multiply_adds else []))
        widths = [max(len(row[k]) for row in [header, *table]) for k in range(len(header))]

        def line(row: list[str]) -> str:
            left = [cell.ljust(width) for cell, width in zip(row[:2], widths[:2])]
            right = [cell.rjust(width) for cell, width in zip(row[2:], widths[2:])]
            return "  ".join(left) + "  " + " ".join(right)

        lines = [line(header)] + [line(row) for row in table]
        lines.append(f"input {self.input_shape}; the output shapes are per example")
        lines.append(
            f"trainable parameters {self.trainable_parameters:,}; "
            f"parameter memory {4 * self.total_parameters / 1024**2:,.1f} MiB (float32)"
        )
        return "\n".join(lines)


def count_multiply_adds(module: nn.Module, output: torch.Tensor) -> int:
    r"""Multiply-adds of ``module`` for the batch that produced ``output`` (:ref:`ch-architectures`).

    Products of the layer's weights with its inputs, biases not included (see :func:`summary`). For
    a 2-D convolution with output (N, F, H', W') and a linear layer with output (N, out):

    .. math::

        \text{conv: } N F H' W' \cdot \frac{C_{in}}{\text{groups}} K_H K_W,
        \qquad \text{linear: } N \cdot \text{out} \cdot \text{in}

    (in code, ``output.numel() * (in_channels // groups) * prod(kernel_size)`` for a convolution of
    any dimension), and 0 for every other layer.

    Parameters
    ----------
    module : torch.nn.Module
        A leaf layer: any ``nn.Conv1d``, ``nn.Conv2d`` or ``nn.Conv3d`` (any ``_ConvNd``),
        ``nn.Linear``, or another layer (counted as 0).
    output : torch.Tensor, shape (N, ...)
        What ``module`` returned for the batch, e.g. (N, C_out, H', W') for a 2-D convolution or
        (N, out_features) for a linear layer; only its number of elements is used (it may be on the
        ``meta`` device).

    Returns
    -------
    int
        The multiply-adds for the whole batch.
    """
    if isinstance(module, nn.modules.conv._ConvNd):
        return output.numel() * (module.in_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, nn.Linear):
        return output.numel() * module.in_features
    return 0


def summary(model: nn.Module, input_shape: tuple[int, ...], multiply_adds: bool = False) -> Summary:
    """Tabulate a PyTorch model layer by layer: shapes, parameters, memory, multiply-adds (:ref:`ch-architectures`).

    Traces one forward pass of ``model`` on an input of ``input_shape`` and tabulates every leaf
    layer. Shapes only: the pass runs on PyTorch's ``meta`` device, on a copy of the model, so even
    VGG-16 costs no computation and ``model`` itself is untouched. There is no PyTorch built-in;
    the third-party packages torchinfo and torchsummary print similar tables.

    Multiply-adds are always counted (``Row.macs``, ``Summary.macs``). They count the products of
    a layer's weights with its inputs, for the whole input batch (batch 1: per image), biases not
    included (:func:`count_multiply_adds`):

    - convolution: ``out_h * out_w * out_channels * (in_channels / groups) * kh * kw`` per image
      (any number of spatial dimensions: the product of the output's and the kernel's);
    - linear: ``in_features * out_features`` per input row;
    - every other layer (pooling, activations, normalisation, dropout, flatten): 0, since
      their comparisons, additions and scalings are few next to those of the layers above.

    Parameters
    ----------
    model : torch.nn.Module
        The network; it is copied, not changed.
    input_shape : tuple of int
        The input's shape with the batch axis, e.g. (1, 1, 28, 28) for (N, C, H, W).
    multiply_adds : bool, default False
        Also show the multiply-adds as a column of the printed table.

    Returns
    -------
    Summary
        One :class:`Row` per leaf module (output shape, its own parameters, output memory in
        float32 bytes, multiply-adds) and the totals.

    Raises
    ------
    RuntimeError
        From PyTorch, if ``model`` cannot take an input of ``input_shape`` (e.g. a linear layer
        receives the wrong number of features).
    """
    meta = copy.deepcopy(model).to("meta").eval()
    rows: list[Row] = []

    def hook(name):
        def record(module, inputs, output):
            rows.append(
                Row(
                    name,
                    type(module).__name__,
                    tuple(output.shape),
                    sum(p.numel() for p in module.parameters(recurse=False)),
                    4 * output.numel(),
                    count_multiply_adds(module, output),
                )
            )

        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in meta.named_modules() if not list(m.children())]
    try:
        with torch.no_grad():
            meta(torch.zeros(input_shape, device="meta"))
    finally:
        for h in handles:
            h.remove()
    return Summary(
        rows,
        tuple(input_shape),
        sum(p.numel() for p in model.parameters()),
        sum(p.numel() for p in model.parameters() if p.requires_grad),
        multiply_adds,
    )
