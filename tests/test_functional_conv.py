import itertools

import numpy as np
import pytest
import torch
import torch.nn.functional as TF
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from torch_compare import compare_with_torch

import cnnlib.functional as F

# (N, C, H, W), (F, KH, KW), stride, padding: covers stride 1-3, padding 0-2, odd and
# non-square inputs, batch 1, 1 and 3 channels, rectangular kernels, mixed pairs.
CASES = [
    ((1, 1, 5, 5), (1, 3, 3), 1, 0),
    ((2, 3, 7, 9), (4, 3, 3), 1, 1),
    ((2, 3, 8, 6), (2, 2, 3), 2, 0),
    ((1, 3, 9, 11), (3, 5, 3), 3, 2),
    ((3, 1, 6, 7), (2, 1, 4), (1, 2), (2, 1)),
    ((1, 3, 10, 10), (5, 3, 3), 2, 2),
    ((2, 1, 28, 28), (4, 5, 5), 1, 2),
    ((1, 3, 4, 5), (2, 4, 5), 1, 0),
]
IDS = [f"x{c[0]}-k{c[1]}-s{c[2]}-p{c[3]}" for c in CASES]


def make(rng, case, bias=True):
    (n, c, h, w), (f, kh, kw), stride, padding = case
    return (
        rng.standard_normal((n, c, h, w)),
        rng.standard_normal((f, c, kh, kw)),
        rng.standard_normal(f) if bias else None,
        stride,
        padding,
    )


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_conv2d_matches_torch(rng, case, bias):
    x, w, b, stride, padding = make(rng, case, bias)
    compare_with_torch(F.conv2d, F.conv2d_backward, TF.conv2d, [x, w, b, stride, padding], grad_of=(0, 1, 2))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_naive_equals_vectorised(rng, case):
    x, w, b, stride, padding = make(rng, case)
    np.testing.assert_allclose(
        F.conv2d_naive(x, w, b, stride, padding), F.conv2d(x, w, b, stride, padding), rtol=1e-12, atol=1e-12
    )


@pytest.mark.parametrize("case", CASES[:5], ids=IDS[:5])
def test_conv2d_backward_matches_finite_differences(rng, case):
    x, w, b, stride, padding = make(rng, case)
    x, w = x[:1, :, :6, :6].copy(), w[:2].copy()
    b = b[:2].copy()
    r = rng.standard_normal(F.conv2d(x, w, b, stride, padding).shape)
    gx, gw, gb = F.conv2d_backward(r, x, w, b, stride, padding)
    F.gradcheck(lambda v: np.sum(F.conv2d(v, w, b, stride, padding) * r), x, gx)
    F.gradcheck(lambda v: np.sum(F.conv2d(x, v, b, stride, padding) * r), w, gw)
    F.gradcheck(lambda v: np.sum(F.conv2d(x, w, v, stride, padding) * r), b, gb)


@pytest.mark.parametrize("stride, padding", [(1, 0), (2, 1), (3, 2)])
@pytest.mark.parametrize("bias", [True, False])
def test_conv1d_matches_torch(rng, stride, padding, bias):
    x, w = rng.standard_normal((2, 3, 11)), rng.standard_normal((4, 3, 3))
    b = rng.standard_normal(4) if bias else None
    compare_with_torch(F.conv1d, F.conv1d_backward, TF.conv1d, [x, w, b, stride, padding], grad_of=(0, 1, 2))


def test_conv1d_backward_matches_finite_differences(rng):
    x, w, b = rng.standard_normal((1, 2, 7)), rng.standard_normal((3, 2, 3)), rng.standard_normal(3)
    r = rng.standard_normal(F.conv1d(x, w, b, 2, 1).shape)
    gx, gw, _gb = F.conv1d_backward(r, x, w, b, 2, 1)
    F.gradcheck(lambda v: np.sum(F.conv1d(v, w, b, 2, 1) * r), x, gx)
    F.gradcheck(lambda v: np.sum(F.conv1d(x, v, b, 2, 1) * r), w, gw)


def test_conv2d_keeps_float32():
    x, w = np.ones((1, 1, 5, 5), np.float32), np.ones((1, 1, 3, 3), np.float32)
    assert F.conv2d(x, w).dtype == np.float32
    assert F.conv2d(x, w.astype(np.float64)).dtype == np.float32
    assert all(g.dtype == np.float32 for g in F.conv2d_backward(np.ones((1, 1, 3, 3), np.float32), x, w)[:2])


def test_im2col_col2im_are_adjoint(rng):
    x = rng.standard_normal((2, 3, 7, 6))
    cols = F.im2col(x, (3, 2), 2, 1)
    y = rng.standard_normal(cols.shape)
    # <im2col(x), y> == <x, col2im(y)> for every x, y: col2im is the transpose of im2col
    assert np.isclose(np.sum(cols * y), np.sum(x * F.col2im(y, x.shape, (3, 2), 2, 1)))


@settings(max_examples=60, deadline=None)
@given(size=st.integers(1, 20), kernel=st.integers(1, 7), stride=st.integers(1, 4), padding=st.integers(0, 3))
def test_conv_output_size_equals_torch(size, kernel, stride, padding):
    assume(kernel <= size + 2 * padding)
    shape = TF.conv2d(
        torch.zeros(1, 1, size, size), torch.zeros(1, 1, kernel, kernel), stride=stride, padding=padding
    ).shape
    assert F.conv_output_size(size, kernel, stride, padding) == shape[-1]


@settings(max_examples=60, deadline=None)
@given(
    size=st.integers(1, 20), kernel=st.integers(1, 6), stride=st.one_of(st.none(), st.integers(1, 4)), data=st.data()
)
def test_pool_output_size_equals_torch(size, kernel, stride, data):
    padding = data.draw(st.integers(0, kernel // 2))
    assume(kernel <= size + 2 * padding)
    shape = TF.max_pool2d(torch.zeros(1, 1, size, size), kernel, stride, padding).shape
    assert F.pool_output_size(size, kernel, stride, padding) == shape[-1]


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 2),
    c=st.integers(1, 3),
    f=st.integers(1, 3),
    h=st.integers(1, 9),
    w=st.integers(1, 9),
    kh=st.integers(1, 4),
    kw=st.integers(1, 4),
    sh=st.integers(1, 3),
    sw=st.integers(1, 3),
    ph=st.integers(0, 2),
    pw=st.integers(0, 2),
    seed=st.integers(0, 2**16),
)
def test_conv2d_matches_torch_for_any_valid_arguments(n, c, f, h, w, kh, kw, sh, sw, ph, pw, seed):
    assume(kh <= h + 2 * ph and kw <= w + 2 * pw)
    r = np.random.default_rng(seed)
    x, wt, b = r.standard_normal((n, c, h, w)), r.standard_normal((f, c, kh, kw)), r.standard_normal(f)
    compare_with_torch(
        F.conv2d, F.conv2d_backward, TF.conv2d, [x, wt, b, (sh, sw), (ph, pw)], grad_of=(0, 1, 2), seed=seed
    )


def test_worked_example_5x5_by_3x3():
    # every one of the nine positions is the dot product of the window with the filter
    image = np.arange(25.0).reshape(1, 1, 5, 5)
    kernel = np.array([[1.0, 0, 1], [0, 1, 0], [1, 0, 1]]).reshape(1, 1, 3, 3)
    out = F.conv2d(image, kernel)[0, 0]
    for i, j in itertools.product(range(3), range(3)):
        assert out[i, j] == np.sum(image[0, 0, i : i + 3, j : j + 3] * kernel[0, 0])
    assert out.shape == (3, 3)
