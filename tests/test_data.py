"""Fashion-MNIST loading: search order, download, and every way a file can be bad."""

import gzip
import hashlib
import os

import numpy as np
import pytest
from conftest import synthetic_split

from cnnlib import data, loaders
from cnnlib.data import CLASSES, FILES, DataError, DownloadError, IDXError, load_fashion_mnist
from cnnlib.idx import write_idx

IMAGES, LABELS = FILES["test"]


def test_constants():
    assert len(CLASSES) == 10 and CLASSES[0] == "T-shirt/top" and CLASSES[9] == "Ankle boot"
    assert set(data.OFFICIAL_MD5) == set(FILES["train"] + FILES["test"])


def test_loads_from_root(clean_env):
    images, labels = synthetic_split(clean_env / "root")
    got_images, got_labels = load_fashion_mnist("test", root=clean_env / "root", download=False)
    assert got_images.dtype == np.uint8 and got_images.shape == (10_000, 28, 28)
    assert got_labels.dtype == np.int64 and got_labels.shape == (10_000,)
    np.testing.assert_array_equal(got_images, images)
    np.testing.assert_array_equal(got_labels, labels)


def test_search_order_root_then_env_then_cache(clean_env, monkeypatch):
    env_dir = clean_env / "env"
    monkeypatch.setenv("CNNLIB_DATA", str(env_dir))
    cache = data.cache_dir()
    assert cache == clean_env / "cache" / "cnnlib" / "fashion-mnist"
    assert data.search_dirs("r") == [data.Path("r"), env_dir / "fashion-mnist", cache]
    synthetic_split(cache)
    assert data.locate("test", download=False) == cache
    synthetic_split(env_dir / "fashion-mnist")
    assert data.locate("test", download=False) == env_dir / "fashion-mnist"
    synthetic_split(clean_env / "root")
    assert data.locate("test", root=clean_env / "root", download=False) == clean_env / "root"


def test_cache_defaults_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.cache_dir() == tmp_path / ".cache" / "cnnlib" / "fashion-mnist"


def test_missing_without_download_says_where_to_put_files(clean_env):
    with pytest.raises(FileNotFoundError, match=f"{IMAGES}.*not found in.*CNNLIB_DATA"):
        load_fashion_mnist("test", download=False)


def test_bad_split_name():
    with pytest.raises(ValueError, match="split must be 'train' or 'test', got 'valid'"):
        load_fashion_mnist("valid")


def serve_split(server, folder):
    checksums = {}
    for name in FILES["test"]:
        body = (folder / name).read_bytes()
        server.serve(name, body)
        checksums[name] = hashlib.md5(body).hexdigest()
    return checksums


def test_download_into_cache_then_reuse(clean_env, server):
    images, _ = synthetic_split(clean_env / "served")
    checksums = serve_split(server, clean_env / "served")
    got, _ = load_fashion_mnist("test", mirror=server.url, checksums=checksums)
    np.testing.assert_array_equal(got, images)
    assert sorted(os.listdir(data.cache_dir())) == sorted(FILES["test"])
    hits = len(server.hits)
    load_fashion_mnist("test", mirror=server.url, checksums=checksums)
    assert len(server.hits) == hits  # the second load found the cache


def test_download_checks_the_official_md5_by_default(clean_env, server):
    synthetic_split(clean_env / "served")
    serve_split(server, clean_env / "served")
    with pytest.raises(DownloadError, match=data.OFFICIAL_MD5[IMAGES]):
        load_fashion_mnist("test", mirror=server.url)
    assert not any(data.cache_dir().iterdir())


def test_no_network_mentions_cnnlib_data_and_cache(clean_env, closed_port_url):
    with pytest.raises(DownloadError, match=r"cannot reach.*CNNLIB_DATA") as info:
        load_fashion_mnist("test", mirror=closed_port_url)
    assert str(data.cache_dir()) in str(info.value)
    assert not any(data.cache_dir().iterdir())


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        (dict(image_shape=(28, 27)), DataError, r"images are \(28, 27\), expected 28x28"),
        (dict(n=9_999), DataError, "9999 items, expected 10000 for the test split"),
        (dict(labels=np.full(10_000, 10, np.uint8)), DataError, "label 10 at index 0 is outside 0-9"),
    ],
)
def test_bad_content_is_named(clean_env, kwargs, error, message):
    synthetic_split(clean_env / "root", **kwargs)
    with pytest.raises(error, match=message):
        load_fashion_mnist("test", root=clean_env / "root", download=False)


def test_images_and_labels_of_different_lengths(clean_env):
    root = clean_env / "root"
    synthetic_split(root)
    write_idx(root / LABELS, np.zeros(9_000, np.uint8))
    with pytest.raises(DataError, match=r"10000 images but .* 9000 labels"):
        load_fashion_mnist("test", root=root, download=False)


def test_swapped_files_fail_on_magic_number(clean_env):
    root = clean_env / "root"
    synthetic_split(root)
    (root / LABELS).write_bytes((root / IMAGES).read_bytes())
    with pytest.raises(IDXError, match=f"{LABELS}: magic number 2051, expected 2049"):
        load_fashion_mnist("test", root=root, download=False)


@pytest.mark.parametrize("damage", ["truncate", "corrupt"])
def test_damaged_gzip_names_the_file(clean_env, damage):
    root = clean_env / "root"
    synthetic_split(root)
    raw = bytearray((root / IMAGES).read_bytes())
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    else:
        raw[len(raw) // 2] ^= 0xFF
    (root / IMAGES).write_bytes(bytes(raw))
    with pytest.raises(IDXError, match=f"{IMAGES}: the gzip data is truncated or corrupt.*Delete"):
        load_fashion_mnist("test", root=root, download=False)


def test_valid_idx_with_zero_items_is_rejected(clean_env):
    root = clean_env / "root"
    synthetic_split(root)
    with gzip.open(root / IMAGES, "wb") as f:
        f.write(b"\x00\x00\x08\x03" + b"\x00" * 12)
    with pytest.raises(DataError):
        load_fashion_mnist("test", root=root, download=False)


REAL = os.environ.get("CNNLIB_DATA")
needs_real = pytest.mark.skipif(
    not REAL, reason="CNNLIB_DATA is not set: the real Fashion-MNIST checks need a local copy"
)


@needs_real
def test_real_data_shapes_balance_and_pixel_statistics():
    train_images, train_labels = load_fashion_mnist("train", download=False)
    test_images, test_labels = load_fashion_mnist("test", download=False)
    assert train_images.shape == (60_000, 28, 28) and test_images.shape == (10_000, 28, 28)
    assert np.bincount(train_labels).tolist() == [6_000] * 10
    assert np.bincount(test_labels).tolist() == [1_000] * 10
    pixels = train_images / 255.0
    assert round(pixels.mean(), 4) == data.MEAN
    assert round(pixels.std(), 4) == data.STD


@needs_real
def test_real_loaders_are_normalised_and_seeded():
    train, test = loaders.fashion_mnist_loaders(batch_size=100, download=False, seed=1)
    x, y = next(iter(train))
    assert tuple(x.shape) == (100, 1, 28, 28) and tuple(y.shape) == (100,)
    whole = train.dataset.tensors[0]
    assert abs(whole.mean().item()) < 1e-3 and abs(whole.std().item() - 1) < 1e-3
    again, _ = loaders.fashion_mnist_loaders(batch_size=100, download=False, seed=1)
    other, _ = loaders.fashion_mnist_loaders(batch_size=100, download=False, seed=2)
    assert next(iter(again))[1].tolist() == y.tolist()
    assert next(iter(other))[1].tolist() != y.tolist()
    _, first_labels = next(iter(test))
    assert first_labels.tolist() == load_fashion_mnist("test", download=False)[1][:100].tolist()
    assert len(test.dataset) == 10_000 and len(train) == 600
