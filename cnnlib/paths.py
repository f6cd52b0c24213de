"""Where cnnlib keeps files outside the repository: one home for every path it shares.

Everything lives under the user cache, ``$XDG_CACHE_HOME/cnnlib`` (by default
``~/.cache/cnnlib``), never inside a reader's working folder:

- ``fashion-mnist/``: the downloaded data set (:func:`data_cache_dir`);
- ``checkpoints/``: networks a reader trained (:func:`checkpoint_path`).

The weights the book ships live inside the installed package (:func:`shipped_path`).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path


def cache_root() -> Path:
    """cnnlib's user cache folder: ``$XDG_CACHE_HOME/cnnlib``, by default ``~/.cache/cnnlib``.

    See :ref:`sec-fashion-mnist`.

    Returns
    -------
    Path
        The folder (not created here).
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnnlib"


def data_cache_dir() -> Path:
    """The cache folder for Fashion-MNIST: ``cache_root() / "fashion-mnist"``.

    :func:`cnnlib.data.load_fashion_mnist` downloads the data set there
    (:ref:`sec-fashion-mnist`).

    Returns
    -------
    Path
        The folder (not created here).
    """
    return cache_root() / "fashion-mnist"


def checkpoint_path(name: str) -> Path:
    """Where the book keeps a network a reader trained: ``cache_root() / "checkpoints" / name``.

    Chapter 8 saves its own training of ``ConvNet1`` there (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    name : str
        The file name, e.g. ``"convnet1.pt"``.

    Returns
    -------
    Path
        The checkpoint's path (neither the file nor its folder is created here).
    """
    return cache_root() / "checkpoints" / name


def shipped_path(model: str) -> Path:
    """The weights of a model shipped in the package: ``cnnlib/weights/<model in lower case>.pt``.

    :func:`cnnlib.checkpoint.load_pretrained` loads them (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    model : str
        A model's class name, such as ``"ConvNet1"``.

    Returns
    -------
    Path
        The file's path inside the installed package (it may not exist for other models).
    """
    return Path(str(resources.files("cnnlib") / "weights" / f"{model.lower()}.pt"))


__all__ = ["cache_root", "checkpoint_path", "data_cache_dir", "shipped_path"]
