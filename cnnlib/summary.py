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
    name: str
    kind: str
    output_shape: tuple[int, ...]
    parameters: int
    activation_bytes: int
    macs: int = 0


@dataclass
class Summary:
    """The rows of :func:`summary` and their totals; ``str()`` gives a readable table."""

    rows: list[Row]
    input_shape: tuple[int, ...]
    total_parameters: int
    trainable_parameters: int
    show_multiply_adds: bool = False

    @property
    def activation_bytes(self) -> int:
        """Memory of all layer outputs for one forward pass (float32)."""
        return sum(r.activation_bytes for r in self.rows)

    @property
    def macs(self) -> int:
        """Multiply-adds of all layers for one forward pass of the whole input."""
        return sum(r.macs for r in self.rows)

    def __str__(self) -> str:
        show = self.show_multiply_adds
        lines = [
            f"{'layer':<22}{'type':<14}{'output shape':>22}{'parameters':>14}{'activations':>14}"
            + (f"{'mult-adds':>16}" if show else "")
        ]
        for r in self.rows:
            lines.append(
                f"{r.name:<22}{r.kind:<14}{r.output_shape!s:>22}{r.parameters:>14,}"
                f"{r.activation_bytes / 1024:>11,.1f} KiB" + (f"{r.macs:>16,}" if show else "")
            )
        lines.append(
            f"{'total':<58}{self.total_parameters:>14,}{self.activation_bytes / 1024**2:>11,.2f} MiB"
            + (f"{self.macs:>16,}" if show else "")
        )
        lines.append(
            f"input {self.input_shape}; trainable parameters {self.trainable_parameters:,}; "
            f"parameter memory {4 * self.total_parameters / 1024**2:,.1f} MiB (float32)"
        )
        return "\n".join(lines)


def count_multiply_adds(module: nn.Module, output: torch.Tensor) -> int:
    """Multiply-adds of ``module`` for the batch that produced ``output`` (see :func:`summary`)."""
    if isinstance(module, nn.modules.conv._ConvNd):
        return output.numel() * (module.in_channels // module.groups) * math.prod(module.kernel_size)
    if isinstance(module, nn.Linear):
        return output.numel() * module.in_features
    return 0


def summary(model: nn.Module, input_shape: tuple[int, ...], multiply_adds: bool = False) -> Summary:
    """Trace one forward pass of ``model`` on an input of ``input_shape`` (with the batch
    axis, e.g. ``(1, 1, 28, 28)``) and tabulate every leaf layer.

    Shapes only: the pass runs on PyTorch's ``meta`` device, on a copy of the model, so
    even VGG-16 costs no computation and ``model`` itself is untouched.

    Multiply-adds are always counted (``Row.macs``, ``Summary.macs``); ``multiply_adds=True``
    also shows them as a column of the printed table. They count the products of a layer's
    weights with its inputs, for the whole input batch (batch 1: per image), biases not
    included:

    - convolution: ``out_h * out_w * out_channels * (in_channels / groups) * kh * kw`` per image
      (any number of spatial dimensions: the product of the output's and the kernel's);
    - linear: ``in_features * out_features`` per input row;
    - every other layer (pooling, activations, normalisation, dropout, flatten): 0, since
      their comparisons, additions and scalings are few next to those of the layers above.

    Returns
    -------
    Summary with one row per leaf module (output shape, its own parameters, output memory
    in float32 bytes, multiply-adds) and the totals.
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
