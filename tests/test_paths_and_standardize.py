"""The one home of cnnlib's paths, and the one standardisation every chapter uses."""

import numpy as np
import pytest

from cnnlib import data, loaders, paths
from cnnlib.data import MEAN, STD, standardize


def test_every_path_lives_under_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert paths.cache_root() == tmp_path / "cnnlib"
    assert data.cache_dir() == paths.data_cache_dir() == tmp_path / "cnnlib" / "fashion-mnist"
    assert paths.checkpoint_path("a.pt") == tmp_path / "cnnlib" / "checkpoints" / "a.pt"
    assert paths.shipped_path("ConvNet1").name == "convnet1.pt"


def test_standardize_is_the_formula_in_float32():
    pixels = np.array([[0, 73, 255]], dtype=np.uint8)
    x = standardize(pixels)
    assert x.dtype == np.float32
    np.testing.assert_allclose(x, (pixels / 255 - MEAN) / STD, rtol=1e-6, atol=1e-6)
    assert float(standardize(0)) == pytest.approx(-MEAN / STD, rel=1e-6)


def test_standardize_matches_what_the_loaders_feed(monkeypatch):
    images = np.random.default_rng(0).integers(0, 256, (20, 28, 28), dtype=np.uint8)
    monkeypatch.setattr(loaders, "load_fashion_mnist", lambda *args: (images, np.zeros(20, np.uint8)))
    train, _ = loaders.fashion_mnist_loaders(batch_size=10)
    first = next(iter(train.dataset))[0].numpy()
    np.testing.assert_array_equal(first[0], standardize(images[0]))


def test_standardize_rejects_non_numbers():
    with pytest.raises(TypeError, match="pixel values"):
        standardize(np.array(["a"]))
