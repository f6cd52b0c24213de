"""Every CNN operation from scratch in NumPy, with names and signatures of
``torch.nn.functional`` so that one can be swapped for the other.

Arrays are (N, C, H, W) for images, (N, C, L) for sequences, (N, features) for vectors.
Each forward function ``f`` has a stateless ``f_backward`` that returns the gradients of
the loss with respect to ``f``'s inputs, given the gradient with respect to its output.
"""

from cnnlib.functional.activation import (
    leaky_relu,
    leaky_relu_backward,
    relu,
    relu_backward,
    sigmoid,
    sigmoid_backward,
    tanh,
    tanh_backward,
)
from cnnlib.functional.conv import (
    col2im,
    conv1d,
    conv1d_backward,
    conv2d,
    conv2d_backward,
    conv2d_naive,
    im2col,
)
from cnnlib.functional.gradcheck import gradcheck, numerical_gradient
from cnnlib.functional.linear import linear, linear_backward
from cnnlib.functional.loss import (
    cross_entropy,
    cross_entropy_backward,
    log_softmax,
    log_softmax_backward,
    mse_loss,
    mse_loss_backward,
    softmax,
    softmax_backward,
    total_error,
    total_error_backward,
)
from cnnlib.functional.norm import batch_norm2d, batch_norm2d_backward
from cnnlib.functional.pool import (
    avg_pool2d,
    avg_pool2d_backward,
    distance_weights,
    lp_pool2d,
    lp_pool2d_backward,
    max_pool2d,
    max_pool2d_backward,
    weighted_avg_pool2d,
    weighted_avg_pool2d_backward,
)
from cnnlib.functional.shapes import conv_output_size, pool_output_size

__all__ = [
    "avg_pool2d", "avg_pool2d_backward", "batch_norm2d", "batch_norm2d_backward", "col2im",
    "conv1d", "conv1d_backward", "conv2d", "conv2d_backward", "conv2d_naive",
    "conv_output_size", "cross_entropy", "cross_entropy_backward", "distance_weights",
    "gradcheck", "im2col", "leaky_relu", "leaky_relu_backward", "linear", "linear_backward",
    "log_softmax", "log_softmax_backward", "lp_pool2d", "lp_pool2d_backward", "max_pool2d",
    "max_pool2d_backward", "mse_loss", "mse_loss_backward", "numerical_gradient",
    "pool_output_size", "relu", "relu_backward", "sigmoid", "sigmoid_backward", "softmax",
    "softmax_backward", "tanh", "tanh_backward", "total_error", "total_error_backward",
    "weighted_avg_pool2d", "weighted_avg_pool2d_backward",
]
