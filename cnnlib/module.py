"""The module tree of the NumPy layers: :class:`Parameter` and :class:`Module`.

As in ``torch.nn``, but in a few lines (:ref:`sec-numpy-training`).
"""

from __future__ import annotations

import numpy as np


class Parameter:
    """A learnable array and the gradient accumulated for it, like ``torch.nn.Parameter`` (:ref:`sec-update-size`).

    Parameters
    ----------
    data : numpy.ndarray, any shape, e.g. (F, C, KH, KW) for convolution filters
        The values, kept as ``self.data`` (not copied); optimisers update it in place.

    Attributes
    ----------
    data : numpy.ndarray, shape as given
        The values.
    grad : numpy.ndarray, same shape and dtype as ``data``
        Starts at zero; backward passes add the gradient of the loss w.r.t. ``data`` to it,
        and :meth:`Module.zero_grad` clears it.
    """

    def __init__(self, data: np.ndarray):
        self.data = data
        self.grad = np.zeros_like(data)

    def __repr__(self) -> str:
        return f"Parameter(shape={self.data.shape}, dtype={self.data.dtype})"


class Module:
    """Base class of the layers and of any block a reader builds from them.

    Used in :ref:`sec-loss-not-accuracy` and :ref:`sec-numpy-training`. A subclass defines
    :meth:`forward` and :meth:`backward`; ``module(x)`` runs ``forward``. A module's children
    are the modules among its attributes (or in lists of them); :meth:`parameters`,
    :meth:`train` and :meth:`zero_grad` reach through all of them, as ``torch.nn.Module`` does,
    and ``print(module)`` shows the tree. The constructor takes no arguments.

    Attributes
    ----------
    training : bool
        True (the default) in training mode, False in evaluation mode; see :meth:`train`.
    """

    training = True

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """The layer's output for ``x``; it keeps what :meth:`backward` will need.

        Parameters
        ----------
        x : numpy.ndarray
            The input, e.g. of shape (N, C, H, W) for images or (N, features) for vectors.

        Returns
        -------
        numpy.ndarray
            The output, e.g. (N, F, OH, OW) for a convolution (each layer says its shapes).
        """
        raise NotImplementedError

    def backward(self, grad_output: np.ndarray) -> np.ndarray:
        """Backpropagate through the last :meth:`forward` call (:ref:`sec-backprop-by-hand`).

        Adds the gradients of this module's parameters into their ``grad`` and returns the
        gradient w.r.t. its input.

        Parameters
        ----------
        grad_output : numpy.ndarray
            The gradient of the loss w.r.t. the output of the last ``forward``, of its shape.

        Returns
        -------
        numpy.ndarray
            The gradient w.r.t. that ``forward``'s input ``x``, of the shape of ``x``.
        """
        raise NotImplementedError

    def named_children(self) -> list[tuple[str, Module]]:
        """The direct children, as ``torch.nn.Module.named_children`` gives them.

        Returns
        -------
        list of (str, Module)
            ``(name, module)`` for every child: attributes, and items of list attributes
            (named ``attribute.index``).
        """
        children = []
        for name, value in vars(self).items():
            if isinstance(value, Module):
                children.append((name, value))
            elif isinstance(value, (list, tuple)):
                children += [(f"{name}.{i}", v) for i, v in enumerate(value) if isinstance(v, Module)]
        return children

    def parameters(self) -> list[Parameter]:
        """Every :class:`Parameter` of the tree, e.g. for an optimiser.

        Returns
        -------
        list of Parameter
            This module's Parameters, then its children's, each once, in definition order.
        """
        found = [value for value in vars(self).values() if isinstance(value, Parameter)]
        for _, child in self.named_children():
            found += child.parameters()
        unique: dict[int, Parameter] = {id(p): p for p in found}
        return list(unique.values())

    def train(self, mode: bool = True) -> Module:
        """Set training or evaluation mode here and in every child.

        Batch normalisation uses batch statistics in training mode, running estimates in
        evaluation mode (:ref:`sec-batch-norm`).

        Parameters
        ----------
        mode : bool, default True
            True for training mode, False for evaluation mode.

        Returns
        -------
        Module
            ``self``, so that ``net = Net().train()`` works.
        """
        self.training = mode
        for _, child in self.named_children():
            child.train(mode)
        return self

    def eval(self) -> Module:
        """Switch to evaluation mode, here and in every child: ``train(False)``.

        Returns
        -------
        Module
            ``self``.
        """
        return self.train(False)

    def zero_grad(self) -> None:
        """Set the gradient of every parameter of the tree to zero, in place.

        Call it before each backward pass: backward passes add to ``grad``
        (:ref:`sec-numpy-training`).
        """
        for p in self.parameters():
            p.grad[...] = 0

    def extra_repr(self) -> str:
        """The arguments shown between the parentheses of ``repr`` (as in PyTorch).

        Returns
        -------
        str
            E.g. ``"1, 16, kernel_size=(5, 5), stride=(1, 1), padding=(2, 2)"``; empty here.
        """
        return ""

    def __repr__(self) -> str:
        children = self.named_children()
        if not children:
            return f"{type(self).__name__}({self.extra_repr()})"
        lines = [f"  ({name}): " + repr(child).replace("\n", "\n  ") for name, child in children]
        return f"{type(self).__name__}(\n" + "\n".join(lines) + "\n)"


def uniform_init(rng: np.random.Generator, bound: float, shape: tuple[int, ...], dtype) -> np.ndarray:
    """Initial values uniform in ``[-bound, bound)``, as PyTorch initialises weights and biases.

    Used by the layers of :ref:`sec-numpy-training`.

    Parameters
    ----------
    rng : numpy.random.Generator
        The source of randomness.
    bound : float
        Half the interval's width, ``1 / sqrt(fan_in)`` for PyTorch's layers.
    shape : tuple of int
        The array's shape.
    dtype : numpy dtype
        The array's dtype.

    Returns
    -------
    numpy.ndarray of ``dtype``, shape ``shape``
    """
    return rng.uniform(-bound, bound, size=shape).astype(dtype)


def accumulate_grads(weight: Parameter, bias: Parameter | None, grad_weight: np.ndarray, grad_bias) -> None:
    """Add a backward pass's parameter gradients to ``weight.grad`` and ``bias.grad``, as PyTorch
    accumulates them until ``zero_grad``.

    Used by the layers of :ref:`sec-numpy-training`.

    Parameters
    ----------
    weight : Parameter
        The layer's weight.
    bias : Parameter or None
        The layer's bias, or None when it has none (``grad_bias`` is then ignored).
    grad_weight : numpy.ndarray, shape of ``weight.data``
        The loss's gradient w.r.t. the weight.
    grad_bias : numpy.ndarray, shape of ``bias.data``, or None
        The loss's gradient w.r.t. the bias.
    """
    weight.grad += grad_weight
    if bias is not None:
        bias.grad += grad_bias


__all__ = ["Module", "Parameter", "accumulate_grads", "uniform_init"]
