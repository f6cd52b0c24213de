import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from torch_compare import compare_with_torch

import cnnlib.functional as F

# (N, C, H, W), kernel, stride, padding (padding at most half the kernel, as torch requires)
CASES = [
    ((1, 1, 4, 4), 2, None, 0),
    ((2, 3, 7, 9), 3, 2, 1),
    ((2, 1, 8, 6), (2, 3), (2, 1), (1, 1)),
    ((1, 3, 9, 11), 3, 3, 0),
    ((3, 2, 5, 7), 2, 1, 0),
    ((1, 1, 28, 28), 2, 2, 0),
]
IDS = [f"x{c[0]}-k{c[1]}-s{c[2]}-p{c[3]}" for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_max_pool2d_matches_torch(rng, case):
    shape, k, s, p = case
    compare_with_torch(F.max_pool2d, F.max_pool2d_backward, TF.max_pool2d, [rng.standard_normal(shape), k, s, p])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_avg_pool2d_matches_torch(rng, case):
    shape, k, s, p = case
    compare_with_torch(F.avg_pool2d, F.avg_pool2d_backward, TF.avg_pool2d, [rng.standard_normal(shape), k, s, p])


@pytest.mark.parametrize("case", [c for c in CASES if c[3] == 0], ids=[i for c, i in zip(CASES, IDS) if c[3] == 0])
def test_lp_pool2d_matches_torch(rng, case):
    shape, k, s, _ = case
    x = rng.standard_normal(shape)
    compare_with_torch(
        lambda x, k, s: F.lp_pool2d(x, 2, k, s),
        lambda g, x, k, s: F.lp_pool2d_backward(g, x, 2, k, s),
        lambda x, k, s: TF.lp_pool2d(x, 2, k, s),
        [x, k, s],
    )


@pytest.mark.parametrize("norm_type", [1, 2, 3])
def test_lp_pool2d_gradient_is_zero_where_a_window_sums_to_zero_as_in_torch(rng, norm_type):
    x = np.maximum(rng.standard_normal((2, 3, 6, 6)), 0)  # after a ReLU
    x[:, :, :2, :2] = 0  # an all-zero window in every channel
    x[0, 0, 2:4, 2:4] = [[1.0, -1.0], [0.0, 0.0]]  # sum of x^p is 0 for odd p
    with np.errstate(all="raise"):
        out = compare_with_torch(
            lambda x: F.lp_pool2d(x, norm_type, 2),
            lambda g, x: F.lp_pool2d_backward(g, x, norm_type, 2),
            lambda x: TF.lp_pool2d(x, norm_type, 2),
            [x],
        )
        grad = F.lp_pool2d_backward(np.ones(out.shape), x, norm_type, 2)
    assert np.isfinite(grad).all() and (grad[:, :, :2, :2] == 0).all()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_weighted_avg_pool2d_is_a_depthwise_gaussian_convolution(rng, case):
    shape, k, s, p = case
    x = rng.standard_normal(shape)
    c = shape[1]
    weights = torch.tensor(F.distance_weights(k, sigma=0.8)).expand(c, 1, *F.distance_weights(k).shape)

    def theirs(x, k, s, p):
        return TF.conv2d(x, weights, stride=s if s is not None else k, padding=p, groups=c)

    compare_with_torch(
        lambda x, k, s, p: F.weighted_avg_pool2d(x, k, s, p, sigma=0.8),
        lambda g, x, k, s, p: F.weighted_avg_pool2d_backward(g, x, k, s, p, sigma=0.8),
        theirs,
        [x, k, s, p],
    )


def test_distance_weights_favour_the_centre_and_sum_to_one():
    w = F.distance_weights(3, sigma=1.0)
    assert np.isclose(w.sum(), 1) and w[1, 1] == w.max() and np.allclose(w, w.T)
    assert w[0, 0] == w[0, 2] == w[2, 0] == w[2, 2] < w[0, 1]


def test_max_pool_ties_send_the_gradient_to_the_first_maximum():
    x = np.zeros((1, 1, 2, 2))  # a flat background: all four tie
    grad = F.max_pool2d_backward(np.ones((1, 1, 1, 1)), x, 2)
    t = torch.zeros(1, 1, 2, 2, dtype=torch.float64, requires_grad=True)
    TF.max_pool2d(t, 2).backward(torch.ones(1, 1, 1, 1, dtype=torch.float64))
    np.testing.assert_array_equal(grad, t.grad.numpy())
    assert grad.sum() == 1 and grad[0, 0, 0, 0] == 1


def test_max_pool_ties_on_images_like_fashion_mnist(rng):
    x = rng.integers(0, 3, size=(4, 2, 12, 12)).astype(np.float64)  # many ties
    compare_with_torch(F.max_pool2d, F.max_pool2d_backward, TF.max_pool2d, [x, 2, 2, 0])
    compare_with_torch(F.max_pool2d, F.max_pool2d_backward, TF.max_pool2d, [x, 3, 1, 1])


@pytest.mark.parametrize("name", ["max", "avg", "lp", "weighted"])
def test_pool_backward_matches_finite_differences(rng, name):
    x = rng.standard_normal((1, 2, 5, 5))  # continuous values: no ties, away from kinks
    forward = {
        "max": lambda v: F.max_pool2d(v, 3, 2, 1),
        "avg": lambda v: F.avg_pool2d(v, 3, 2, 1),
        "lp": lambda v: F.lp_pool2d(v, 2, 2, 1),
        "weighted": lambda v: F.weighted_avg_pool2d(v, 3, 2, 1),
    }[name]
    backward = {
        "max": lambda g: F.max_pool2d_backward(g, x, 3, 2, 1),
        "avg": lambda g: F.avg_pool2d_backward(g, x, 3, 2, 1),
        "lp": lambda g: F.lp_pool2d_backward(g, x, 2, 2, 1),
        "weighted": lambda g: F.weighted_avg_pool2d_backward(g, x, 3, 2, 1),
    }[name]
    r = rng.standard_normal(forward(x).shape)
    F.gradcheck(lambda v: np.sum(forward(v) * r), x, backward(r))


def test_pooling_keeps_float32():
    x = np.ones((1, 1, 4, 4), np.float32)
    for pool in (F.max_pool2d, F.avg_pool2d, F.weighted_avg_pool2d):
        assert pool(x, 2).dtype == np.float32
