"""Optimisers for :mod:`cnnlib.layers` parameters, with PyTorch's update rules.

See :ref:`sec-update-size` and :ref:`sec-numpy-training`.
"""

from __future__ import annotations

import numpy as np

from cnnlib.layers import Parameter


class Optimizer:
    """Base class of the optimisers: holds the parameters and updates them.

    :meth:`zero_grad` clears their gradients, :meth:`step` updates them (:ref:`sec-update-size`).

    Parameters
    ----------
    params : list of Parameter
        The parameters to update, e.g. ``net.parameters()`` (:class:`cnnlib.module.Parameter`).
    lr : float
        The learning rate :math:`\\eta`, positive.

    Raises
    ------
    ValueError
        If ``params`` is empty or ``lr <= 0``.

    Attributes
    ----------
    params : list of Parameter
        The parameters, each ``p.data`` of any shape with ``p.grad`` of the same shape.
    lr : float
        The learning rate.
    """

    def __init__(self, params: list[Parameter], lr: float):
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got an empty parameter list")
        if lr <= 0:
            raise ValueError(f"lr must be positive, got {lr}")
        self.lr = lr

    def zero_grad(self) -> None:
        """Set every parameter's ``grad`` to zero, in place (gradients accumulate otherwise)."""
        for p in self.params:
            p.grad[...] = 0

    def step(self) -> None:
        """Update every parameter's ``data`` in place from its ``grad``, by the subclass's rule.

        Raises
        ------
        NotImplementedError
            Here; :class:`SGD` and :class:`Adam` define it.
        """
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent with optional momentum and weight decay, as ``torch.optim.SGD``.

    Used in :ref:`sec-update-size`.

    At each :meth:`step`, for every parameter :math:`w` with gradient :math:`g`:

    .. math::
       g \\leftarrow g + \\lambda w, \\qquad v \\leftarrow \\mu v + g

       w \\leftarrow w - \\eta v

    with :math:`v = g` at the first step; without momentum (:math:`\\mu = 0`) the step is
    :math:`w \\leftarrow w - \\eta g`, so each weight moves in proportion to its gradient.

    Parameters
    ----------
    params : list of Parameter
        The parameters to update, e.g. ``net.parameters()``.
    lr : float
        Learning rate :math:`\\eta`, positive.
    momentum : float, default 0
        Momentum factor :math:`\\mu`.
    weight_decay : float, default 0
        L2 penalty :math:`\\lambda`, added to the gradient.

    Raises
    ------
    ValueError
        If ``params`` is empty or ``lr <= 0``.

    References
    ----------
    Sutskever, Martens, Dahl and Hinton, "On the importance of initialization and momentum in
    deep learning", ICML 2013 (the momentum form PyTorch uses).
    """

    def __init__(self, params, lr: float, momentum: float = 0.0, weight_decay: float = 0.0):
        super().__init__(params, lr)
        self.momentum, self.weight_decay = momentum, weight_decay
        self.velocity = [None] * len(self.params)

    def step(self):
        """Apply one SGD update (the rule above) to every parameter, in place.

        Each ``p.data``, of any shape, moves by ``-lr`` times its (momentum-averaged)
        gradient ``p.grad``, of the same shape.
        """
        for i, p in enumerate(self.params):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            if self.momentum:
                self.velocity[i] = g.copy() if self.velocity[i] is None else self.momentum * self.velocity[i] + g
                g = self.velocity[i]
            p.data -= self.lr * g


class Adam(Optimizer):
    """Adam, as ``torch.optim.Adam`` (:ref:`sec-update-size`, :ref:`sec-numpy-training`).

    At step :math:`t` (1, 2, ...), for every parameter :math:`w` with gradient :math:`g`
    (plus :math:`\\lambda w` when ``weight_decay`` is set), two running averages, of the
    gradient and of its square, are updated and bias-corrected:

    .. math::
       m \\leftarrow \\beta_1 m + (1 - \\beta_1) g

       v \\leftarrow \\beta_2 v + (1 - \\beta_2) g^2

       w \\leftarrow w - \\frac{\\eta}{1 - \\beta_1^t}\\,
       \\frac{m}{\\sqrt{v / (1 - \\beta_2^t)} + \\epsilon}

    with :math:`m = v = 0` initially. The step of each weight is about :math:`\\eta`,
    whatever the size of its gradient.

    Parameters
    ----------
    params : list of Parameter
        The parameters to update, e.g. ``net.parameters()``.
    lr : float, default 1e-3
        Learning rate :math:`\\eta`, positive.
    betas : (float, float), default (0.9, 0.999)
        Decay rates :math:`\\beta_1, \\beta_2` of the two running averages.
    eps : float, default 1e-8
        :math:`\\epsilon`, keeps the denominator away from zero.
    weight_decay : float, default 0
        L2 penalty :math:`\\lambda`, added to the gradient (as in Adam, not AdamW).

    Raises
    ------
    ValueError
        If ``params`` is empty or ``lr <= 0``.

    References
    ----------
    Kingma and Ba, "Adam: a method for stochastic optimization", ICLR 2015,
    arXiv:1412.6980.
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ):
        super().__init__(params, lr)
        self.betas, self.eps, self.weight_decay = betas, eps, weight_decay
        self.m = [np.zeros_like(p.data) for p in self.params]
        self.v = [np.zeros_like(p.data) for p in self.params]
        self.t = 0

    def step(self):
        """Apply one Adam update (the rule above) to every parameter, in place.

        Increments :math:`t` and updates the running averages ``m`` and ``v`` (one array per
        parameter, of its shape) before moving each ``p.data``.
        """
        self.t += 1
        b1, b2 = self.betas
        correction1, correction2 = 1 - b1**self.t, 1 - b2**self.t
        for p, m, v in zip(self.params, self.m, self.v):
            g = p.grad + self.weight_decay * p.data if self.weight_decay else p.grad
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            denom = np.sqrt(v / correction2) + self.eps
            p.data -= (self.lr / correction1) * m / denom
