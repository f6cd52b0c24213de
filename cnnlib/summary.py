"""A per-layer table of a PyTorch model: output shape, parameters, activation memory."""

from __future__ import annotations

import copy
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


@dataclass
class Summary:
    """The rows of :func:`summary` and their totals; ``str()`` gives a readable table."""

    rows: list[Row]
    input_shape: tuple[int, ...]
    total_parameters: int
    trainable_parameters: int

    @property
    def activation_bytes(self) -> int:
        """Memory of all layer outputs for one forward pass (float32)."""
        return sum(r.activation_bytes for r in self.rows)

    def __str__(self) -> str:
        lines = [f"{'layer':<22}{'type':<14}{'output shape':>22}{'parameters':>14}{'activations':>14}"]
        for r in self.rows:
            lines.append(f"{r.name:<22}{r.kind:<14}{str(r.output_shape):>22}{r.parameters:>14,}"
                         f"{r.activation_bytes / 1024:>11,.1f} KiB")
        lines.append(f"{'total':<58}{self.total_parameters:>14,}{self.activation_bytes / 1024 ** 2:>11,.2f} MiB")
        lines.append(f"input {self.input_shape}; trainable parameters {self.trainable_parameters:,}; "
                     f"parameter memory {4 * self.total_parameters / 1024 ** 2:,.1f} MiB (float32)")
        return "\n".join(lines)


def summary(model: nn.Module, input_shape: tuple[int, ...]) -> Summary:
    """Trace one forward pass of ``model`` on an input of ``input_shape`` (with the batch
    axis, e.g. ``(1, 1, 28, 28)``) and tabulate every leaf layer.

    Shapes only: the pass runs on PyTorch's ``meta`` device, on a copy of the model, so
    even VGG-16 costs no computation and ``model`` itself is untouched.

    Returns
    -------
    Summary with one row per leaf module (output shape, its own parameters, output memory
    in float32 bytes) and the totals.
    """
    meta = copy.deepcopy(model).to("meta").eval()
    rows: list[Row] = []

    def hook(name):
        def record(module, inputs, output):
            rows.append(Row(name, type(module).__name__, tuple(output.shape),
                            sum(p.numel() for p in module.parameters(recurse=False)), 4 * output.numel()))
        return record

    handles = [m.register_forward_hook(hook(n)) for n, m in meta.named_modules() if not list(m.children())]
    try:
        with torch.no_grad():
            meta(torch.zeros(input_shape, device="meta"))
    finally:
        for h in handles:
            h.remove()
    return Summary(rows, tuple(input_shape), sum(p.numel() for p in model.parameters()),
                   sum(p.numel() for p in model.parameters() if p.requires_grad))
