"""One forward/backward convention for every operation (see cnnlib.functional's docstring),
the layers built on it, and no module reaching into another's private names."""

import ast
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

import cnnlib.functional as F
from cnnlib import layers

PACKAGE = Path(__file__).resolve().parents[1] / "cnnlib"
#: helpers and pure functions that have no backward pass of their own
NOT_OPS = {
    "col2im",
    "im2col",
    "conv2d_naive",
    "conv_output_size",
    "pool_output_size",
    "distance_weights",
    "gradcheck",
    "numerical_gradient",
    "pool_backward_from",
}
#: the weighted-sum poolings share one backward_from
SHARED_BACKWARD = {"avg_pool2d", "weighted_avg_pool2d", "lp_pool2d"}


def operations():
    suffixes = ("_backward", "_forward", "_backward_from")
    return sorted(n for n in F.__all__ if n not in NOT_OPS and not n.endswith(suffixes))


def test_every_operation_has_the_four_forms():
    ops = operations()
    assert len(ops) == 17, ops
    for op in ops:
        for suffix in ("_forward", "_backward"):
            assert op + suffix in F.__all__, f"{op} has no {op}{suffix}"
        backward_from = "pool_backward_from" if op in SHARED_BACKWARD else op + "_backward_from"
        assert backward_from in F.__all__, f"{op} has no {backward_from}"


def test_stateless_batch_norm_backward_leaves_running_statistics_alone():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 5, 5))
    mean, var = np.zeros(3), np.ones(3)
    F.batch_norm2d_backward(rng.standard_normal(x.shape), x, mean, var, training=True)
    assert (mean == 0).all() and (var == 1).all()
    F.batch_norm2d(x, mean, var, training=True)  # while the forward does update them
    assert np.abs(mean).min() > 0


@pytest.mark.parametrize(
    "name, args, theirs",
    [
        (
            "cross_entropy",
            (np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]), np.array([2, 0])),
            lambda z, t: nn.functional.cross_entropy(z, t),
        ),
        (
            "mse_loss",
            (np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.0, 2.5], [1.0, 1.0]])),
            lambda a, b: nn.functional.mse_loss(a, b),
        ),
        ("total_error", (np.array([0.3, 0.9]), np.array([0.0, 1.0])), lambda a, b: 0.5 * ((b - a) ** 2).sum()),
    ],
)
def test_loss_backward_from_scales_by_the_upstream_gradient(name, args, theirs):
    loss, saved = getattr(F, name + "_forward")(*args)
    grad = getattr(F, name + "_backward_from")(2.5, saved)
    first = torch.tensor(args[0], requires_grad=True)
    t_loss = theirs(first, torch.tensor(args[1]))
    (2.5 * t_loss).backward()
    assert loss == pytest.approx(t_loss.item(), rel=1e-12)
    np.testing.assert_allclose(grad, first.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize(
    "ours, theirs",
    [
        (lambda: layers.Sigmoid(), nn.Sigmoid),
        (lambda: layers.Tanh(), nn.Tanh),
        (lambda: layers.ReLU(), nn.ReLU),
        (lambda: layers.AvgPool2d(2), lambda: nn.AvgPool2d(2)),
        (lambda: layers.AvgPool2d(3, stride=2, padding=1), lambda: nn.AvgPool2d(3, stride=2, padding=1)),
        (lambda: layers.MaxPool2d(3, stride=2, padding=1), lambda: nn.MaxPool2d(3, stride=2, padding=1)),
    ],
    ids=["sigmoid", "tanh", "relu", "avgpool", "avgpool-pad", "maxpool-pad"],
)
def test_parameter_free_layers_match_torch(ours, theirs):
    rng = np.random.default_rng(5)
    x = rng.standard_normal((2, 3, 7, 7))
    grad_output_like = ours()(x)
    g = rng.standard_normal(grad_output_like.shape)
    layer = ours()
    out = layer(x)
    tx = torch.tensor(x, requires_grad=True)
    t_out = theirs()(tx)
    t_out.backward(torch.tensor(g))
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.backward(g), tx.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_layers_keep_what_the_forward_saved():
    # backward must use the forward's saved state, not the latest input: two forwards, then
    # a backward for the second must equal the stateless gradient at the second input
    rng = np.random.default_rng(6)
    conv = layers.Conv2d(2, 3, 3, padding=1, rng=rng, dtype=np.float64)
    x1, x2 = rng.standard_normal((2, 2, 2, 5, 5))
    conv(x1)
    out = conv(x2)
    g = rng.standard_normal(out.shape)
    expected = F.conv2d_backward(g, x2, conv.weight.data, conv.bias.data, 1, 1)
    np.testing.assert_allclose(conv.backward(g), expected[0], rtol=1e-12)
    np.testing.assert_allclose(conv.weight.grad, expected[1], rtol=1e-12)


def private_imports(path: Path) -> list[str]:
    """``from cnnlib.x import _name`` and ``cnnlib_module._name`` uses in one file."""
    tree = ast.parse(path.read_text())
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cnnlib"):
            found += [f"from {node.module} import {a.name}" for a in node.names if a.name.startswith("_")]
            modules |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.Import):
            modules |= {a.asname or a.name for a in node.names if a.name.startswith("cnnlib")}
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
        ):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    offenders = {str(p.relative_to(PACKAGE)): private_imports(p) for p in PACKAGE.rglob("*.py")}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_private_import_rule_can_fail(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from cnnlib.functional.conv import _check_conv\nimport cnnlib.functional as F\nF._x\n")
    assert private_imports(bad) == ["from cnnlib.functional.conv import _check_conv", "F._x"]
