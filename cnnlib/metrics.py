"""How good a classifier's predictions are: accuracy and the confusion matrix.

Chapter 8 uses them (:ref:`sec-confusion`). Plain NumPy on label arrays, so they work for
any framework.
"""

from __future__ import annotations

import numpy as np


def _check_labels(labels, predicted, num_classes: int | None = None):
    labels, predicted = np.asarray(labels), np.asarray(predicted)
    if labels.ndim != 1 or labels.shape != predicted.shape:
        raise ValueError(
            f"labels and predicted must be 1-D arrays of the same length, got shapes "
            f"{labels.shape} and {predicted.shape}"
        )
    for name, a in (("labels", labels), ("predicted", predicted)):
        if not np.issubdtype(a.dtype, np.integer):
            raise TypeError(f"{name} must hold integer class indices, got dtype {a.dtype}")
        if num_classes is not None and a.size and (a.min() < 0 or a.max() >= num_classes):
            raise ValueError(f"{name} holds a class outside 0..{num_classes - 1}: min {a.min()}, max {a.max()}")
    return labels, predicted


def accuracy(labels: np.ndarray, predicted: np.ndarray) -> float:
    """The fraction of predictions that equal the label.

    .. math:: \\text{accuracy} = \\frac{1}{N} \\sum_{i=1}^{N} [\\hat y_i = y_i]

    Used from :ref:`sec-position` on, and to score the NumPy network in
    :ref:`sec-numpy-training`.

    Parameters
    ----------
    labels : numpy.ndarray of int, shape (N,)
        The true classes :math:`y_i`, N >= 1.
    predicted : numpy.ndarray of int, shape (N,)
        The predicted classes :math:`\\hat y_i`, e.g. ``scores.argmax(axis=1)``.

    Returns
    -------
    float
        ``mean(labels == predicted)``, in [0, 1].

    Raises
    ------
    ValueError
        If the arrays are not 1-D of the same length, or are empty.
    TypeError
        If either array does not hold integers.
    """
    labels, predicted = _check_labels(labels, predicted)
    if labels.size == 0:
        raise ValueError("accuracy of an empty set of predictions is undefined; pass at least one")
    return float(np.mean(labels == predicted))


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class) pairs (:ref:`sec-confusion`).

    .. math:: M_{tp} = \\#\\{\\, i : y_i = t,\\ \\hat y_i = p \\,\\}

    Rows sum to the class counts, and the diagonal holds the correct predictions, so
    ``trace(M) / N`` is the :func:`accuracy`.

    Parameters
    ----------
    labels : numpy.ndarray of int, shape (N,)
        The true classes :math:`y_i`, in 0..K-1.
    predicted : numpy.ndarray of int, shape (N,)
        The predicted classes :math:`\\hat y_i`, in 0..K-1.
    num_classes : int
        K, the number of classes.

    Returns
    -------
    numpy.ndarray of int64, shape (K, K)
        ``m[t, p]``, the number of examples of true class ``t`` predicted as ``p``.

    Raises
    ------
    ValueError
        If the arrays are not 1-D of the same length, or hold a class outside 0..K-1.
    TypeError
        If either array does not hold integers.
    """
    labels, predicted = _check_labels(labels, predicted, num_classes)
    return np.bincount(num_classes * labels + predicted, minlength=num_classes**2).reshape(num_classes, num_classes)


__all__ = ["accuracy", "confusion_matrix"]
