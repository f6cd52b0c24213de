"""The NumPy layers: same numbers as PyTorch, and they can learn."""

import numpy as np
import pytest
import torch
from torch import nn

import cnnlib.functional as F
from cnnlib import layers, optim
from cnnlib.models import ConvNet1


def torch_convnet1():
    """The article's network in PyTorch: the book's one definition, cnnlib.models.ConvNet1."""
    return ConvNet1()


def copy_into_torch(ours, theirs):
    for p, q in zip(ours.parameters(), theirs.parameters(), strict=True):
        assert p.data.shape == tuple(q.shape)
        q.data = torch.tensor(p.data)


def make_pair(dtype=np.float64, seed=0):
    ours = layers.convnet1(np.random.default_rng(seed))
    for p in ours.parameters():
        p.data, p.grad = p.data.astype(dtype), p.grad.astype(dtype)
    for layer in ours.layers:
        if isinstance(layer, layers.BatchNorm2d):
            layer.running_mean, layer.running_var = layer.running_mean.astype(dtype), layer.running_var.astype(dtype)
    theirs = torch_convnet1().double() if dtype == np.float64 else torch_convnet1()
    copy_into_torch(ours, theirs)
    return ours, theirs


def test_numpy_and_torch_convnet1_compute_the_same_function():
    # the article's network is defined once per framework: layers.convnet1 and models.ConvNet1
    ours, theirs = make_pair(seed=3)
    x = np.random.default_rng(4).standard_normal((5, 1, 28, 28))
    for mode in (True, False):
        ours.train(mode)
        theirs.train(mode)
        with torch.no_grad():
            expected = theirs(torch.tensor(x)).numpy()
        np.testing.assert_allclose(ours(x), expected, rtol=1e-10, atol=1e-12)


def test_parameter_count_and_shapes():
    net = layers.convnet1(np.random.default_rng(0))
    assert sum(p.data.size for p in net.parameters()) == sum(p.numel() for p in torch_convnet1().parameters())
    assert net(np.zeros((2, 1, 28, 28), np.float32)).shape == (2, 10)


def test_initialisation_bounds_like_torch():
    conv = layers.Conv2d(16, 32, 5, rng=np.random.default_rng(0))
    bound = 1 / np.sqrt(16 * 25)
    assert np.abs(conv.weight.data).max() <= bound and np.abs(conv.weight.data).max() > 0.95 * bound
    assert abs(conv.weight.data.std() - bound / np.sqrt(3)) < 0.02 * bound  # std of U(-b, b) is b/sqrt(3)
    assert conv.weight.data.dtype == np.float32


@pytest.mark.parametrize("training", [True, False])
def test_convnet1_loss_and_gradients_equal_torch(training):
    ours, theirs = make_pair()
    ours.train(training)
    theirs.train(training)
    rng = np.random.default_rng(1)
    x, y = rng.standard_normal((8, 1, 28, 28)), rng.integers(0, 10, 8)
    logits = ours(x)
    loss = F.cross_entropy(logits, y)
    ours.backward(F.cross_entropy_backward(logits, y))
    t_loss = nn.functional.cross_entropy(theirs(torch.tensor(x)), torch.tensor(y))
    t_loss.backward()
    assert np.isclose(loss, t_loss.item(), rtol=1e-10)
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad, q.grad.numpy(), rtol=1e-6, atol=1e-10)
    t_norms = [m for m in theirs.modules() if isinstance(m, nn.BatchNorm2d)]
    norms = [layer for layer in ours.layers if isinstance(layer, layers.BatchNorm2d)]
    assert len(norms) == len(t_norms) == 2
    for layer, t_layer in zip(norms, t_norms, strict=True):
        np.testing.assert_allclose(layer.running_mean, t_layer.running_mean.numpy(), rtol=1e-10)
        np.testing.assert_allclose(layer.running_var, t_layer.running_var.numpy(), rtol=1e-10)


@pytest.mark.parametrize(
    "make_ours, make_theirs",
    [
        (lambda ps: optim.SGD(ps, lr=0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
        (
            lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-3),
            lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, weight_decay=1e-3),
        ),
        (lambda ps: optim.Adam(ps, lr=1e-3), lambda ps: torch.optim.Adam(ps, lr=1e-3)),
        (
            lambda ps: optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
            lambda ps: torch.optim.Adam(ps, lr=1e-2, weight_decay=1e-2),
        ),
    ],
    ids=["sgd", "sgd-momentum", "adam", "adam-decay"],
)
def test_optimisers_follow_torch_for_several_steps(make_ours, make_theirs):
    ours, theirs = make_pair()
    opt, t_opt = make_ours(ours.parameters()), make_theirs(theirs.parameters())
    rng = np.random.default_rng(2)
    for _ in range(3):
        x, y = rng.standard_normal((4, 1, 28, 28)), rng.integers(0, 10, 4)
        opt.zero_grad()
        logits = ours(x)
        ours.backward(F.cross_entropy_backward(logits, y))
        opt.step()
        t_opt.zero_grad()
        nn.functional.cross_entropy(theirs(torch.tensor(x)), torch.tensor(y)).backward()
        t_opt.step()
    for p, q in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.data, q.detach().numpy(), rtol=1e-6, atol=1e-9)


def test_small_numpy_network_overfits_a_batch_of_64():
    rng = np.random.default_rng(0)
    x = rng.random((64, 1, 28, 28), dtype=np.float32)
    y = np.arange(64) % 10
    net = layers.convnet1(rng)
    opt = optim.Adam(net.parameters(), lr=1e-3)
    for _ in range(60):
        opt.zero_grad()
        logits = net(x)
        loss = F.cross_entropy(logits, y)
        net.backward(F.cross_entropy_backward(logits, y))
        opt.step()
    assert loss < 0.05, f"loss after 60 Adam steps: {loss:.3f}"


def test_eval_mode_uses_running_statistics():
    bn = layers.BatchNorm2d(2)
    x = np.random.default_rng(0).standard_normal((4, 2, 3, 3)).astype(np.float32) * 3 + 5
    bn.eval()
    np.testing.assert_allclose(bn(x), x / np.sqrt(1 + 1e-5), rtol=1e-6)  # running mean 0, var 1


def test_optimizer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="lr must be positive"):
        optim.SGD(layers.Linear(2, 2).parameters(), lr=0)
    with pytest.raises(ValueError, match="empty parameter list"):
        optim.Adam([])


class Block(layers.Module):
    """A reader's block: two layers held as attributes, one more in a list."""

    def __init__(self):
        rng = np.random.default_rng(0)
        self.conv = layers.Conv2d(1, 2, 3, rng=rng)
        self.norm = layers.BatchNorm2d(2)
        self.extra = [layers.Linear(4, 3, rng=rng)]

    def forward(self, x):
        return self.norm(self.conv(x))


def test_blocks_report_their_childrens_parameters_and_modes():
    block = Block()
    net = layers.Sequential(block, layers.ReLU())
    expected = [
        block.conv.weight,
        block.conv.bias,
        block.norm.weight,
        block.norm.bias,
        block.extra[0].weight,
        block.extra[0].bias,
    ]
    assert [id(p) for p in net.parameters()] == [id(p) for p in expected]
    shared = layers.Sequential(block.conv, block.conv)  # the same layer twice
    assert len(shared.parameters()) == 2
    net.eval()
    assert not block.norm.training and not block.extra[0].training
    for p in net.parameters():
        p.grad += 1
    net.zero_grad()
    assert all(not p.grad.any() for p in expected)


def test_layers_print_like_pytorch():
    conv = layers.Conv2d(3, 8, 5, stride=2, padding=1)
    assert repr(conv) == repr(torch.nn.Conv2d(3, 8, 5, stride=2, padding=1))
    assert repr(layers.Linear(4, 3, bias=False)) == "Linear(in_features=4, out_features=3, bias=False)"
    assert repr(Block()).splitlines() == [
        "Block(",
        "  (conv): Conv2d(1, 2, kernel_size=(3, 3), stride=(1, 1), padding=(0, 0))",
        "  (norm): BatchNorm2d(2, eps=1e-05, momentum=0.1)",
        "  (extra.0): Linear(in_features=4, out_features=3)",
        ")",
    ]
    nested = repr(layers.Sequential(layers.Sequential(layers.ReLU()))).splitlines()
    assert nested == ["Sequential(", "  (0): Sequential(", "    (0): ReLU()", "  )", ")"]
