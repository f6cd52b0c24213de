"""How good a classifier's predictions are: accuracy and the confusion matrix (chapter 8,
:ref:`sec-confusion`). Plain NumPy on label arrays, so they work for any framework."""

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

    Parameters
    ----------
    labels : int array of shape (N,), the true classes, N >= 1
    predicted : int array of shape (N,), the predicted classes

    Returns
    -------
    float
        ``mean(labels == predicted)``, in [0, 1].
    """
    labels, predicted = _check_labels(labels, predicted)
    if labels.size == 0:
        raise ValueError("accuracy of an empty set of predictions is undefined; pass at least one")
    return float(np.mean(labels == predicted))


def confusion_matrix(labels: np.ndarray, predicted: np.ndarray, num_classes: int) -> np.ndarray:
    """Counts of (true class, predicted class) pairs.

    Parameters
    ----------
    labels : int array of shape (N,), true classes in 0..num_classes-1
    predicted : int array of shape (N,), predicted classes in 0..num_classes-1
    num_classes : int, K

    Returns
    -------
    int array of shape (K, K)
        ``m[t, p]`` = the number of examples of true class ``t`` predicted as ``p``; rows sum to
        the class counts, the diagonal holds the correct predictions.
    """
    labels, predicted = _check_labels(labels, predicted, num_classes)
    return np.bincount(num_classes * labels + predicted, minlength=num_classes**2).reshape(num_classes, num_classes)


__all__ = ["accuracy", "confusion_matrix"]
