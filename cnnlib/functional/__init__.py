"""Every CNN operation from scratch in NumPy, with names and signatures of
``torch.nn.functional`` so that one can be swapped for the other.

Arrays are (N, C, H, W) for images, (N, C, L) for sequences, (N, features) for vectors.

One convention holds for every operation ``f`` (as in early tinygrad, each op is a
forward/backward pair):

- ``f(inputs, options)`` returns the output, like ``torch.nn.functional.f``;
- ``f_forward(inputs, options)`` returns ``(output, saved)``, where ``saved`` is what the
  backward pass needs (the im2col columns of a convolution, the winners of max pooling, the
  output of a sigmoid, ...) and ``f`` is ``f_forward(...)[0]``;
- ``f_backward_from(grad_output, saved)`` returns the gradients of the loss w.r.t. ``f``'s
  inputs, given the gradient w.r.t. its output. The layers of :mod:`cnnlib.layers` keep
  ``saved`` between their ``forward`` and ``backward``;
- ``f_backward(grad_output, inputs, options)`` is the stateless, torch-like form for teaching
  and tests: it reruns ``f_forward`` and calls ``f_backward_from``.

The losses' ``*_backward(output, target)`` take no ``grad_output`` (a loss is the last step);
their ``*_backward_from(grad_output, saved)`` take the loss's gradient, usually 1.
"""

from cnnlib.functional.activation import (
    leaky_relu,
    leaky_relu_backward,
    leaky_relu_backward_from,
    leaky_relu_forward,
    relu,
    relu_backward,
    relu_backward_from,
    relu_forward,
)
from cnnlib.functional.avgpool import (
    avg_pool2d,
    avg_pool2d_backward,
    avg_pool2d_forward,
    distance_weights,
    pool_backward_from,
    weighted_avg_pool2d,
    weighted_avg_pool2d_backward,
    weighted_avg_pool2d_forward,
)
from cnnlib.functional.conv import (
    conv2d,
    conv2d_backward,
    conv2d_backward_from,
    conv2d_forward,
    conv2d_naive,
)
from cnnlib.functional.conv1d import conv1d, conv1d_backward, conv1d_backward_from, conv1d_forward
from cnnlib.functional.cross_entropy import (
    cross_entropy,
    cross_entropy_backward,
    cross_entropy_backward_from,
    cross_entropy_forward,
)
from cnnlib.functional.gradcheck import gradcheck, numerical_gradient
from cnnlib.functional.im2col import col2im, im2col
from cnnlib.functional.linear import linear, linear_backward, linear_backward_from, linear_forward
from cnnlib.functional.loss import (
    mse_loss,
    mse_loss_backward,
    mse_loss_backward_from,
    mse_loss_forward,
    total_error,
    total_error_backward,
    total_error_backward_from,
    total_error_forward,
)
from cnnlib.functional.lppool import lp_pool2d, lp_pool2d_backward, lp_pool2d_forward
from cnnlib.functional.norm import (
    batch_norm2d,
    batch_norm2d_backward,
    batch_norm2d_backward_from,
    batch_norm2d_forward,
)
from cnnlib.functional.pool import (
    max_pool2d,
    max_pool2d_backward,
    max_pool2d_backward_from,
    max_pool2d_forward,
)
from cnnlib.functional.shapes import conv_output_size, pool_output_size
from cnnlib.functional.sigmoid import (
    sigmoid,
    sigmoid_backward,
    sigmoid_backward_from,
    sigmoid_forward,
    tanh,
    tanh_backward,
    tanh_backward_from,
    tanh_forward,
)
from cnnlib.functional.softmax import (
    log_softmax,
    log_softmax_backward,
    log_softmax_backward_from,
    log_softmax_forward,
    softmax,
    softmax_backward,
    softmax_backward_from,
    softmax_forward,
)

__all__ = [
    "avg_pool2d",
    "avg_pool2d_backward",
    "avg_pool2d_forward",
    "batch_norm2d",
    "batch_norm2d_backward",
    "batch_norm2d_backward_from",
    "batch_norm2d_forward",
    "col2im",
    "conv1d",
    "conv1d_backward",
    "conv1d_backward_from",
    "conv1d_forward",
    "conv2d",
    "conv2d_backward",
    "conv2d_backward_from",
    "conv2d_forward",
    "conv2d_naive",
    "conv_output_size",
    "cross_entropy",
    "cross_entropy_backward",
    "cross_entropy_backward_from",
    "cross_entropy_forward",
    "distance_weights",
    "gradcheck",
    "im2col",
    "leaky_relu",
    "leaky_relu_backward",
    "leaky_relu_backward_from",
    "leaky_relu_forward",
    "linear",
    "linear_backward",
    "linear_backward_from",
    "linear_forward",
    "log_softmax",
    "log_softmax_backward",
    "log_softmax_backward_from",
    "log_softmax_forward",
    "lp_pool2d",
    "lp_pool2d_backward",
    "lp_pool2d_forward",
    "max_pool2d",
    "max_pool2d_backward",
    "max_pool2d_backward_from",
    "max_pool2d_forward",
    "mse_loss",
    "mse_loss_backward",
    "mse_loss_backward_from",
    "mse_loss_forward",
    "numerical_gradient",
    "pool_backward_from",
    "pool_output_size",
    "relu",
    "relu_backward",
    "relu_backward_from",
    "relu_forward",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_backward_from",
    "sigmoid_forward",
    "softmax",
    "softmax_backward",
    "softmax_backward_from",
    "softmax_forward",
    "tanh",
    "tanh_backward",
    "tanh_backward_from",
    "tanh_forward",
    "total_error",
    "total_error_backward",
    "total_error_backward_from",
    "total_error_forward",
    "weighted_avg_pool2d",
    "weighted_avg_pool2d_backward",
    "weighted_avg_pool2d_forward",
]
