"""Classifying a new image with a trained network: the preprocessing every input needs (:ref:`sec-new-images`).

A network trained on Fashion-MNIST has only ever seen 28x28 grayscale images of a light garment
on a black background, standardised with the training set's mean and standard deviation. A
photo is none of these, so :func:`preprocess` converts it step by step, and :func:`top_k` runs
the network in evaluation mode and returns the most probable classes.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

from cnnlib.data import CLASSES, standardize

#: Weights of red, green and blue in the grayscale value (ITU-R BT.601 luma, as Pillow's "L").
LUMA = (0.299, 0.587, 0.114)


def preprocess(image: np.ndarray, invert: bool | None = None) -> torch.Tensor:
    """Turn any image into the input a Fashion-MNIST network expects, shape (1, 1, 28, 28) (:ref:`sec-new-images`).

    1. grayscale: an (H, W, 3) colour image becomes :data:`LUMA` · (R, G, B);
    2. [0, 1]: uint8 values are divided by 255 (floats must already be in [0, 1]);
    3. background: Fashion-MNIST garments are light on black, a photo's are usually dark on a
       light background; with ``invert=None`` the image is inverted (1 - value) when the mean of
       its border pixels is above 0.5;
    4. 28x28: resized with area averaging (``torch.nn.functional.interpolate``, mode "area");
    5. standardised with :data:`cnnlib.data.MEAN` and :data:`cnnlib.data.STD`, as in training.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W) or (H, W, 3)
        uint8 in 0-255, or float in [0, 1]; H and W at least 28 is best (smaller images are
        enlarged, which adds no detail).
    invert : bool, optional
        Force (True) or forbid (False) the inversion of step 3; default: decide from the border.

    Returns
    -------
    torch.Tensor, shape (1, 1, 28, 28)
        float32, ready for ``net(x)``.

    Raises
    ------
    ValueError
        If ``image`` is not 2-D or (H, W, 3), is empty, or has float values outside [0, 1].
    """
    x = np.asarray(image)
    if x.ndim == 3 and x.shape[2] == 3:
        x = x.astype(np.float64) @ np.array(LUMA)
    elif x.ndim != 2:
        raise ValueError(f"expected a grayscale (H, W) or colour (H, W, 3) image, got shape {x.shape}")
    if x.size == 0:
        raise ValueError("the image is empty")
    if np.asarray(image).dtype == np.uint8:
        x = x / 255.0
    elif x.min() < 0 or x.max() > 1:
        raise ValueError(
            f"float pixel values must lie in [0, 1], got {x.min():.3g} to {x.max():.3g}; divide 0-255 values by 255"
        )
    border = np.concatenate([x[0], x[-1], x[:, 0], x[:, -1]])
    if invert if invert is not None else border.mean() > 0.5:
        x = 1.0 - x
    t = torch.from_numpy(x.astype(np.float32))[None, None]
    t = nn.functional.interpolate(t, size=(28, 28), mode="area")
    return torch.from_numpy(standardize(t.numpy() * 255))


@torch.no_grad()
def top_k(net: nn.Module, x: torch.Tensor, k: int = 3) -> list[tuple[str, float]]:
    """The ``k`` most probable classes for one preprocessed image, in evaluation mode (:ref:`sec-new-images`).

    Parameters
    ----------
    net : torch.nn.Module
        A Fashion-MNIST classifier with 10 outputs; put in evaluation mode (batch norm uses its
        running averages, dropout is off) and left there.
    x : torch.Tensor, shape (1, 1, 28, 28)
        From :func:`preprocess`.
    k : int, default 3
        How many classes, 1 to 10.

    Returns
    -------
    list of (str, float)
        ``k`` pairs (class name from :data:`cnnlib.data.CLASSES`, softmax probability), most
        probable first.

    Raises
    ------
    ValueError
        If ``x`` is not one image of shape (1, 1, 28, 28) or ``k`` is not 1 to 10.
    """
    if tuple(x.shape) != (1, 1, 28, 28):
        raise ValueError(f"expected one preprocessed image of shape (1, 1, 28, 28), got {tuple(x.shape)}")
    if not 1 <= k <= len(CLASSES):
        raise ValueError(f"k must be between 1 and {len(CLASSES)}, got {k}")
    net.eval()
    device = next(net.parameters()).device
    probabilities = torch.softmax(net(x.to(device)), dim=1)[0].cpu()
    values, indices = probabilities.topk(k)
    return [(CLASSES[int(i)], float(v)) for v, i in zip(values, indices)]


__all__ = ["LUMA", "preprocess", "top_k"]
