"""Accuracy and the confusion matrix: counts by hand, and clear errors."""

import numpy as np
import pytest

from cnnlib.metrics import accuracy, confusion_matrix


def test_confusion_matrix_rows_are_true_classes():
    labels, predicted = np.array([0, 0, 1, 2, 2, 2]), np.array([0, 1, 1, 2, 0, 2])
    m = confusion_matrix(labels, predicted, 3)
    np.testing.assert_array_equal(m, [[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    assert np.trace(m) / m.sum() == accuracy(labels, predicted) == pytest.approx(4 / 6)


@pytest.mark.parametrize(
    "labels, predicted, error, match",
    [
        (np.array([0, 1]), np.array([0]), ValueError, "same length"),
        (np.array([0, 3]), np.array([0, 1]), ValueError, "outside 0..2"),
        (np.array([0.0, 1.0]), np.array([0, 1]), TypeError, "integer class indices"),
    ],
)
def test_bad_labels_are_explained(labels, predicted, error, match):
    with pytest.raises(error, match=match):
        confusion_matrix(labels, predicted, 3)


def test_accuracy_of_nothing_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        accuracy(np.array([], dtype=int), np.array([], dtype=int))
