"""Activations, linear, softmax and losses, batch norm: against PyTorch and finite differences."""

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from torch_compare import compare_with_torch

import cnnlib.functional as F

ACTIVATIONS = [
    (F.relu, F.relu_backward, TF.relu),
    (F.sigmoid, F.sigmoid_backward, torch.sigmoid),
    (F.tanh, F.tanh_backward, torch.tanh),
    (lambda x: F.leaky_relu(x, 0.1), lambda g, x: F.leaky_relu_backward(g, x, 0.1), lambda x: TF.leaky_relu(x, 0.1)),
]


@pytest.mark.parametrize("ours, backward, theirs", ACTIVATIONS, ids=["relu", "sigmoid", "tanh", "leaky_relu"])
@pytest.mark.parametrize("shape", [(7,), (2, 3, 4, 5)])
def test_activations_match_torch(rng, ours, backward, theirs, shape):
    compare_with_torch(ours, backward, theirs, [rng.standard_normal(shape) * 3])


@pytest.mark.parametrize("ours, backward, theirs", ACTIVATIONS, ids=["relu", "sigmoid", "tanh", "leaky_relu"])
def test_activation_backward_matches_finite_differences(rng, ours, backward, theirs):
    x = rng.standard_normal((3, 4)) + 0.05  # keep away from relu's kink at 0
    x[np.abs(x) < 0.01] = 0.5
    r = rng.standard_normal(x.shape)
    F.gradcheck(lambda v: np.sum(ours(v) * r), x, backward(r, x))


def test_sigmoid_is_stable_for_large_inputs():
    x = np.array([-1000.0, -50, 0, 50, 1000])
    with np.errstate(over="raise", invalid="raise"):  # exp(-1000) underflowing to 0 is fine
        np.testing.assert_allclose(F.sigmoid(x), torch.sigmoid(torch.tensor(x)).numpy())


@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_torch(rng, bias):
    x, w = rng.standard_normal((5, 7)), rng.standard_normal((3, 7))
    b = rng.standard_normal(3) if bias else None
    compare_with_torch(F.linear, F.linear_backward, TF.linear, [x, w, b], grad_of=(0, 1, 2))


def test_linear_backward_matches_finite_differences(rng):
    x, w, b = rng.standard_normal((2, 4)), rng.standard_normal((3, 4)), rng.standard_normal(3)
    r = rng.standard_normal((2, 3))
    gx, gw, gb = F.linear_backward(r, x, w, b)
    F.gradcheck(lambda v: np.sum(F.linear(v, w, b) * r), x, gx)
    F.gradcheck(lambda v: np.sum(F.linear(x, v, b) * r), w, gw)
    F.gradcheck(lambda v: np.sum(F.linear(x, w, v) * r), b, gb)


@pytest.mark.parametrize("scale", [1.0, 1000.0])
def test_softmax_and_log_softmax_match_torch_even_for_large_logits(rng, scale):
    x = rng.standard_normal((4, 6)) * scale
    with np.errstate(over="raise"):
        compare_with_torch(F.softmax, F.softmax_backward, lambda t: TF.softmax(t, -1), [x])
        compare_with_torch(F.log_softmax, F.log_softmax_backward, lambda t: TF.log_softmax(t, -1), [x])
    assert np.allclose(F.softmax(x).sum(axis=1), 1)


def test_softmax_and_log_softmax_of_1d_scores_match_torch(rng):
    x, g = rng.standard_normal(6) * 3, rng.standard_normal(6)
    compare_with_torch(F.softmax, F.softmax_backward, lambda t: TF.softmax(t, 0), [x])  # default: the only axis
    compare_with_torch(F.log_softmax, F.log_softmax_backward, lambda t: TF.log_softmax(t, 0), [x])
    t = torch.tensor(x)
    np.testing.assert_allclose(F.softmax(x.tolist()), TF.softmax(t, 0).numpy())  # lists work too
    np.testing.assert_allclose(F.log_softmax(x.tolist(), axis=0), TF.log_softmax(t, 0).numpy())
    np.testing.assert_allclose(F.softmax_backward(g.tolist(), x.tolist()), F.softmax_backward(g, x))
    np.testing.assert_allclose(F.log_softmax_backward(g.tolist(), x.tolist()), F.log_softmax_backward(g, x))
    np.testing.assert_allclose(F.softmax([1, 2, 3]), TF.softmax(torch.tensor([1.0, 2, 3], dtype=torch.float64), 0))
    np.testing.assert_allclose(F.softmax(np.array([0, 255], np.uint8)), [np.exp(-255.0), 1.0])  # no wrap-around


def test_softmax_backward_matches_finite_differences(rng):
    x, r = rng.standard_normal((2, 4)), rng.standard_normal((2, 4))
    F.gradcheck(lambda v: np.sum(F.softmax(v) * r), x, F.softmax_backward(r, x))
    F.gradcheck(lambda v: np.sum(F.log_softmax(v) * r), x, F.log_softmax_backward(r, x))


@pytest.mark.parametrize("scale", [1.0, 500.0])
def test_cross_entropy_matches_torch(rng, scale):
    logits, target = rng.standard_normal((6, 10)) * scale, rng.integers(0, 10, 6)
    compare_with_torch(F.cross_entropy, F.cross_entropy_backward, TF.cross_entropy, [logits, target], loss=True)


def test_mse_and_total_error_match_torch(rng):
    out, target = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    compare_with_torch(F.mse_loss, F.mse_loss_backward, TF.mse_loss, [out, target], loss=True)
    compare_with_torch(
        F.total_error,
        F.total_error_backward,
        lambda o, t: 0.5 * TF.mse_loss(o, t, reduction="sum"),
        [out, target],
        loss=True,
    )


def test_total_error_of_nothing_is_zero_like_torchs_sum():
    empty = np.zeros((0, 3))
    assert F.total_error(empty, empty) == 0.5 * TF.mse_loss(torch.zeros(0, 3), torch.zeros(0, 3), reduction="sum")
    assert F.total_error_backward(empty, empty).shape == (0, 3)


def test_loss_backward_matches_finite_differences(rng):
    logits, target = rng.standard_normal((3, 4)), rng.integers(0, 4, 3)
    F.gradcheck(lambda v: F.cross_entropy(v, target), logits, F.cross_entropy_backward(logits, target))
    out, t = rng.standard_normal(4), rng.standard_normal(4)
    F.gradcheck(lambda v: F.mse_loss(v, t), out, F.mse_loss_backward(out, t))
    F.gradcheck(lambda v: F.total_error(v, t), out, F.total_error_backward(out, t))


def test_total_error_of_the_articles_example():
    output, target = np.array([0.2, 0.1, 0.3, 0.4]), np.array([0.0, 0.0, 1.0, 0.0])
    assert np.isclose(F.total_error(output, target), 0.5 * (0.04 + 0.01 + 0.49 + 0.16))


def torch_bn(x, rm, rv, w, b, training):
    return TF.batch_norm(x, rm, rv, w, b, training=training, momentum=0.1, eps=1e-5)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm2d_matches_torch(rng, training, affine):
    x = rng.standard_normal((4, 3, 5, 6)) * 2 + 1
    w, b = (rng.standard_normal(3), rng.standard_normal(3)) if affine else (None, None)
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    t_rm, t_rv = torch.tensor(rm), torch.tensor(rv)

    def ours(x, w, b):
        return F.batch_norm2d(x, rm, rv, w, b, training)

    def ours_backward(g, x, w, b):
        return F.batch_norm2d_backward(g, x, rm_before, rv_before, w, b, training)

    rm_before, rv_before = rm.copy(), rv.copy()
    compare_with_torch(
        ours, ours_backward, lambda x, w, b: torch_bn(x, t_rm, t_rv, w, b, training), [x, w, b], grad_of=(0, 1, 2)
    )
    np.testing.assert_allclose(rm, t_rm.numpy())  # running statistics updated the same way
    np.testing.assert_allclose(rv, t_rv.numpy())


@pytest.mark.parametrize("training", [True, False])
def test_batch_norm2d_backward_matches_finite_differences(rng, training):
    x, w, b = rng.standard_normal((2, 2, 3, 3)), rng.standard_normal(2), rng.standard_normal(2)
    rm, rv = rng.standard_normal(2), rng.uniform(0.5, 2, 2)
    r = rng.standard_normal(x.shape)

    def f(v):
        return np.sum(F.batch_norm2d(v, rm.copy(), rv.copy(), w, b, training) * r)

    gx, gw, gb = F.batch_norm2d_backward(r, x, rm, rv, w, b, training)
    F.gradcheck(f, x, gx, rtol=1e-4)
    F.gradcheck(lambda v: np.sum(F.batch_norm2d(x, rm.copy(), rv.copy(), v, b, training) * r), w, gw)
    F.gradcheck(lambda v: np.sum(F.batch_norm2d(x, rm.copy(), rv.copy(), w, v, training) * r), b, gb)


def test_numerical_gradient_catches_a_wrong_gradient(rng):
    x = rng.standard_normal(3)
    with pytest.raises(AssertionError, match="gradient mismatch"):
        F.gradcheck(lambda v: np.sum(v**2), x, 3 * x)
