"""The one helper every from-scratch operation is checked with: run ours and PyTorch's on
the same float64 data, compare the outputs, push the same random gradient back through
both, and compare every gradient."""

from __future__ import annotations

import numpy as np
import torch


def to_torch(value):
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.floating):
        return torch.tensor(value, requires_grad=True)
    if isinstance(value, np.ndarray):
        return torch.tensor(value)
    return value


def compare_with_torch(
    ours, ours_backward, theirs, args, kwargs=None, grad_of=(0,), loss=False, seed=0, rtol=1e-7, atol=1e-9
):
    """Check ``ours(*args, **kwargs)`` against ``theirs`` on the same arguments.

    Parameters
    ----------
    ours, theirs : the NumPy function and the torch function, called positionally
    ours_backward : ``ours_backward(grad_output, *args, **kwargs)``, returning one gradient
        or a tuple; for a loss (``loss=True``) it is called as ``ours_backward(*args)``
    grad_of : positions in ``args`` of the inputs whose gradients ``ours_backward``
        returns, in its order; an argument that is None must have a None gradient
    """
    kwargs = kwargs or {}
    t_args = [to_torch(a) for a in args]
    out = ours(*args, **kwargs)
    t_out = theirs(*t_args, **kwargs)
    np.testing.assert_allclose(out, t_out.detach().numpy(), rtol=rtol, atol=atol, err_msg="forward")
    if loss:
        grads = ours_backward(*args, **kwargs)
        t_out.backward()
    else:
        grad_output = np.random.default_rng(seed).standard_normal(np.shape(out))
        grads = ours_backward(grad_output, *args, **kwargs)
        t_out.backward(torch.tensor(grad_output))
    grads = grads if isinstance(grads, tuple) else (grads,)
    assert len(grads) == len(grad_of), f"backward returned {len(grads)} gradients, expected {len(grad_of)}"
    for position, grad in zip(grad_of, grads):
        expected = t_args[position]
        if expected is None:
            assert grad is None, f"gradient for argument {position} should be None"
            continue
        assert grad.shape == args[position].shape, f"gradient {position} has shape {grad.shape}"
        np.testing.assert_allclose(
            grad, expected.grad.numpy(), rtol=rtol, atol=atol, err_msg=f"gradient of argument {position}"
        )
    return out
