"""Every misuse raises ValueError or TypeError with a message that says what was wrong."""

import numpy as np
import pytest

import cnnlib.functional as F

x = np.zeros((2, 3, 8, 8))
w = np.zeros((4, 3, 3, 3))


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: F.conv2d(x[0], w), ValueError, r"x must have shape \(N, C, H, W\).*got shape \(3, 8, 8\).*x\[None\]"),
        (lambda: F.conv2d(x, w[0]), ValueError, r"weight must have shape \(F, C, KH, KW\)"),
        (lambda: F.conv2d(x, np.zeros((4, 1, 3, 3))), ValueError, r"x has C = 3 channels but weight .* expects C = 1"),
        (
            lambda: F.conv2d(x, np.zeros((4, 3, 11, 3))),
            ValueError,
            r"kernel_size 11 is larger than the padded input 8 \+ 2\*0 = 8.*floor\(\(W - F \+ 2P\) / S\) \+ 1",
        ),
        (lambda: F.conv2d(x, w, stride=0), ValueError, "stride must be >= 1, got 0"),
        (lambda: F.conv2d(x, w, padding=-1), ValueError, "padding must be >= 0, got -1"),
        (
            lambda: F.conv2d(x, w, bias=np.zeros(3)),
            ValueError,
            r"bias must have one value per filter, F = 4, got shape \(3,\)",
        ),
        (lambda: F.conv2d(x, w, stride=1.5), TypeError, "stride must be an int or a pair of ints, got 1.5"),
        (lambda: F.conv2d(x.astype(np.uint8), w), TypeError, r"x must be floating point, got dtype uint8.*astype"),
        (lambda: F.conv2d(x.tolist(), w), TypeError, "x must be a NumPy array"),
        (
            lambda: F.conv2d_backward(np.zeros((2, 4, 5, 5)), x, w),
            ValueError,
            r"grad_output must have the forward output's shape \(2, 4, 6, 6\)",
        ),
        (lambda: F.conv1d(x, w), ValueError, r"x must have shape \(N, C, L\)"),
        (lambda: F.max_pool2d(x, 9), ValueError, r"max_pool2d: .*kernel_size 9 is larger than the padded input"),
        (lambda: F.max_pool2d(x, 2, padding=2), ValueError, "padding .* must be at most half the kernel size"),
        (lambda: F.max_pool2d(x, 2, stride=0), ValueError, "stride must be >= 1"),
        (lambda: F.lp_pool2d(x, 0, 2), ValueError, "norm_type must be positive"),
        (lambda: F.linear(np.zeros((2, 5)), np.zeros((3, 4))), ValueError, "x has 5 features but weight .* expects 4"),
        (
            lambda: F.linear(np.zeros((2, 4)), np.zeros((3, 4)), np.zeros(2)),
            ValueError,
            r"bias must have one value per output feature, out_features = 3, got shape \(2,\)",
        ),
        (
            lambda: F.cross_entropy(np.zeros((2, 10)), np.array([3, 10])),
            ValueError,
            "label 10, outside the 10 classes 0..9",
        ),
        (lambda: F.cross_entropy(np.zeros((2, 10)), np.array([-1, 0])), ValueError, "label -1, outside"),
        (lambda: F.cross_entropy(np.zeros((2, 10)), np.array([0.0, 1.0])), TypeError, "integer class indices"),
        (
            lambda: F.cross_entropy(np.zeros((2, 10)), np.array([1, 2, 3])),
            ValueError,
            r"target must have shape \(N,\) = \(2,\)",
        ),
        (lambda: F.mse_loss(np.zeros(3), np.zeros(4)), ValueError, "shape"),
        (
            lambda: F.cross_entropy(np.zeros((0, 10)), np.zeros(0, int)),
            ValueError,
            r"cross_entropy got an empty batch: logits has shape \(0, 10\).*pass at least one example",
        ),
        (
            lambda: F.cross_entropy_backward(np.zeros((0, 10)), np.zeros(0, int)),
            ValueError,
            "cross_entropy_backward got an empty batch",
        ),
        (
            lambda: F.mse_loss(np.zeros((0, 3)), np.zeros((0, 3))),
            ValueError,
            r"mse_loss got empty arrays of shape \(0, 3\).*pass at least one element",
        ),
        (lambda: F.mse_loss_backward(np.zeros(0), np.zeros(0)), ValueError, "mse_loss_backward got empty arrays"),
        (
            lambda: F.batch_norm2d(x, np.zeros(2), np.ones(3)),
            ValueError,
            r"running_mean must have shape \(C,\) = \(3,\)",
        ),
        (lambda: F.batch_norm2d(x, None, None), ValueError, "evaluation mode .* needs running_mean"),
        (lambda: F.conv_output_size(10, 3, 0), ValueError, "stride must be >= 1"),
        (lambda: F.conv_output_size(10, 3, 1, -2), ValueError, "padding must be >= 0"),
        (
            lambda: F.conv_output_size(2, 5, 1, 1),
            ValueError,
            "kernel_size 5 is larger than the padded input 2 \\+ 2\\*1 = 4",
        ),
        (lambda: F.numerical_gradient(lambda v: 0.0, np.zeros(2, np.float32)), TypeError, "float64"),
    ],
)
def test_bad_input_is_explained(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_non_integer_output_size_is_floored_like_torch():
    # (10 - 3 + 0) / 2 + 1 = 4.5: the last, partial window is dropped
    assert F.conv_output_size(10, 3, 2) == 4
