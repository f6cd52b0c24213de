"""Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): finding, downloading, checking, loading.

Where the four official files are looked for, in this order:

1. the ``root`` argument, if given;
2. ``$CNNLIB_DATA/fashion-mnist/``, if the environment variable is set;
3. the user cache, ``$XDG_CACHE_HOME/cnnlib/fashion-mnist/`` (default ``~/.cache/...``);
4. otherwise, when ``download=True``, the files are downloaded from the official mirror
   into the cache and checked against the official MD5 checksums.

Files found on disk are checked by their structure (IDX magic numbers, 28x28 images, item
counts, labels 0-9), not by checksum, so a local copy rebuilt from another export works.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from cnnlib.download import DownloadError, download_file
from cnnlib.idx import IDXError, read_idx
from cnnlib.paths import data_cache_dir

#: The official download mirror of the four files.
MIRROR = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"

#: The ten class names, indexed by label 0-9 (:ref:`sec-fashion-mnist`).
CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)

#: Mean and standard deviation of the training pixels on the [0, 1] scale
#: (checked against the data in ``tests/test_data.py``).
MEAN, STD = 0.2860, 0.3530

#: The image and label file of each split.
FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
#: The number of items in each split.
SIZES = {"train": 60_000, "test": 10_000}

#: MD5 checksums of the official compressed files, used to verify downloads.
OFFICIAL_MD5 = {
    "train-images-idx3-ubyte.gz": "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
    "train-labels-idx1-ubyte.gz": "25c81989df183df01b3e8a0aad5dffbe",
    "t10k-images-idx3-ubyte.gz": "bef4ecab320f06d8554ea6380940ec79",
    "t10k-labels-idx1-ubyte.gz": "bb300cfdad3c16e7a12a480ee83cd310",
}


class DataError(ValueError):
    """A Fashion-MNIST file is present but its content is wrong (:ref:`sec-fashion-mnist`).

    Raised by :func:`load_fashion_mnist` when the images are not 28x28, the image and label
    counts differ or are not those of the split, or a label is outside 0-9.
    """


def cache_dir() -> Path:
    """The user cache folder for Fashion-MNIST (defined in :mod:`cnnlib.paths`) (:ref:`sec-fashion-mnist`).

    Returns
    -------
    Path
        ``$XDG_CACHE_HOME/cnnlib/fashion-mnist`` (default ``~/.cache/cnnlib/fashion-mnist``);
        not created here.
    """
    return data_cache_dir()


def search_dirs(root: str | Path | None = None) -> list[Path]:
    """The folders searched for the Fashion-MNIST files, in order (see the module docstring) (:ref:`sec-fashion-mnist`).

    Parameters
    ----------
    root : str or Path, optional
        A folder to look in first.

    Returns
    -------
    list of Path
        ``root`` (if given), ``$CNNLIB_DATA/fashion-mnist`` (if the variable is set), then
        :func:`cache_dir`.
    """
    dirs = [Path(root)] if root is not None else []
    if os.environ.get("CNNLIB_DATA"):
        dirs.append(Path(os.environ["CNNLIB_DATA"]) / "fashion-mnist")
    dirs.append(cache_dir())
    return dirs


def _offline_hint(split: str) -> str:
    names = " and ".join(FILES[split])
    return (
        f"Without a network, copy {names} (the official Fashion-MNIST files) into "
        f"{cache_dir()}, or set CNNLIB_DATA to a folder whose fashion-mnist/ subfolder holds them."
    )


def locate(
    split: str = "train",
    root: str | Path | None = None,
    download: bool = True,
    mirror: str = MIRROR,
    checksums: dict[str, str] | None = None,
) -> Path:
    """Return the folder holding both files of ``split``, downloading them if allowed (:ref:`sec-fashion-mnist`).

    Parameters
    ----------
    split : {"train", "test"}
        Which split's files to find.
    root : str or Path, optional
        A folder to look in first (see :func:`search_dirs`).
    download : bool, default True
        Download the missing files into :func:`cache_dir` when no folder holds both.
    mirror : str, default MIRROR
        The base URL to download from (for testing against a local server).
    checksums : dict of str to str, optional
        Expected MD5 of each file name (default: the official ``OFFICIAL_MD5``).

    Returns
    -------
    Path
        The first folder that holds both files.

    Raises
    ------
    ValueError
        If ``split`` is not ``"train"`` or ``"test"``.
    FileNotFoundError
        If no folder holds the files and ``download`` is False.
    cnnlib.download.DownloadError
        If a download fails (no network, HTTP error, checksum mismatch).
    """
    _check_split(split)
    for folder in search_dirs(root):
        if all((folder / name).is_file() for name in FILES[split]):
            return folder
    if not download:
        searched = ", ".join(str(d) for d in search_dirs(root))
        raise FileNotFoundError(
            f"Fashion-MNIST {split} files {FILES[split]} not found in: {searched}. "
            f"Pass download=True, or {_offline_hint(split)}"
        )
    target = cache_dir()
    checksums = OFFICIAL_MD5 if checksums is None else checksums
    for name in FILES[split]:
        if not (target / name).is_file():
            download_file(mirror + name, target / name, md5=checksums.get(name), offline_hint=_offline_hint(split))
    return target


def load_fashion_mnist(
    split: str = "train",
    root: str | Path | None = None,
    download: bool = True,
    mirror: str = MIRROR,
    checksums: dict[str, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Load one split of Fashion-MNIST as NumPy arrays.

    Introduced in :ref:`sec-fashion-mnist`; every chapter loads its images with it.

    Parameters
    ----------
    split : {"train", "test"}
        60,000 training or 10,000 test items.
    root : str or Path, optional
        A folder to look in first.
    download : bool, default True
        Download from the official mirror into the cache when no folder holds the files.
    mirror : str, default MIRROR
        The base URL to download from (for testing against a local server).
    checksums : dict of str to str, optional
        Expected MD5 of each file name (default: the official ``OFFICIAL_MD5``).

    Returns
    -------
    images : numpy.ndarray of uint8, shape (N, 28, 28)
        Pixel values 0 (background) to 255.
    labels : numpy.ndarray of int64, shape (N,)
        Values 0-9, indexing :data:`CLASSES`.

    Raises
    ------
    ValueError
        If ``split`` is not ``"train"`` or ``"test"``.
    FileNotFoundError
        If no folder holds the files and ``download`` is False.
    cnnlib.download.DownloadError
        If the download failed (no network, HTTP error, checksum mismatch).
    cnnlib.idx.IDXError
        If a file is truncated, corrupt or not an IDX file (see :func:`cnnlib.idx.read_idx`).
    DataError
        If a file holds the wrong image shape, item count or labels.

    References
    ----------
    Xiao, Rasul and Vollgraf, "Fashion-MNIST: a novel image dataset for benchmarking machine
    learning algorithms", arXiv:1708.07747, 2017 :cite:p:`xiao2017fashion`.
    """
    folder = locate(split, root, download, mirror, checksums)
    image_file, label_file = (folder / name for name in FILES[split])
    images = read_idx(image_file, expected_magic=2051)
    labels = read_idx(label_file, expected_magic=2049)
    _check(split, image_file, images, label_file, labels)
    return images, labels.astype(np.int64)


def _check_split(split: str) -> None:
    if split not in FILES:
        raise ValueError(f"split must be 'train' or 'test', got {split!r}")


def _check(split, image_file, images, label_file, labels) -> None:
    fix = "Delete the file and load again to fetch a fresh copy."
    n = SIZES[split]
    if images.shape[1:] != (28, 28):
        raise DataError(f"{image_file}: images are {images.shape[1:]}, expected 28x28. {fix}")
    if len(images) != len(labels):
        raise DataError(f"{image_file} holds {len(images)} images but {label_file} holds {len(labels)} labels. {fix}")
    if len(images) != n:
        raise DataError(f"{image_file}: {len(images)} items, expected {n} for the {split} split. {fix}")
    if labels.max() > 9:
        bad = int(np.argmax(labels > 9))
        raise DataError(f"{label_file}: label {labels[bad]} at index {bad} is outside 0-9. {fix}")


def standardize(images: np.ndarray) -> np.ndarray:
    """Standardise pixels on the 0-255 scale as every network in the book expects them.

    .. math:: x = \\frac{p / 255 - \\mu}{\\sigma}, \\quad \\mu = \\text{MEAN},\\;
       \\sigma = \\text{STD}

    computed in float32 (as :func:`cnnlib.loaders.fashion_mnist_loaders` does), so that the training pixels
    have mean 0 and standard deviation 1 (see :ref:`sec-dense-scaling`).

    Parameters
    ----------
    images : numpy.ndarray of any shape, e.g. (N, 28, 28) or (28, 28)
        Pixel values :math:`p` in 0..255: uint8 as loaded by :func:`load_fashion_mnist`, or
        any integer or real dtype.

    Returns
    -------
    numpy.ndarray of float32, same shape as ``images``
        The standardised pixels; a background pixel (0) becomes ``-MEAN / STD``.

    Raises
    ------
    TypeError
        If ``images`` does not hold integers or real numbers.
    """
    images = np.asarray(images)
    if not (np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise TypeError(f"images must hold pixel values 0..255, got dtype {images.dtype}")
    return (images.astype(np.float32) / np.float32(255) - np.float32(MEAN)) / np.float32(STD)


def main() -> None:
    """``python -m cnnlib.data``: download what is missing, check both splits, print where they are
    (:func:`load_fashion_mnist` raises the errors)."""
    for split in FILES:
        images, _labels = load_fashion_mnist(split)
        print(f"Fashion-MNIST {split}: {len(images)} images in {locate(split, download=False)}")


__all__ = [
    "CLASSES",
    "MEAN",
    "MIRROR",
    "OFFICIAL_MD5",
    "STD",
    "DataError",
    "DownloadError",
    "IDXError",
    "cache_dir",
    "load_fashion_mnist",
    "locate",
    "search_dirs",
    "standardize",
]

if __name__ == "__main__":
    main()
