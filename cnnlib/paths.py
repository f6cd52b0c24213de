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
    """cnnlib's user cache: ``$XDG_CACHE_HOME/cnnlib``, by default ``~/.cache/cnnlib``.

    Returns
    -------
    Path
        The folder (not created here).
    """
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cnnlib"


def data_cache_dir() -> Path:
    """The cache folder for Fashion-MNIST: ``cache_root() / "fashion-mnist"``."""
    return cache_root() / "fashion-mnist"


def checkpoint_path(name: str) -> Path:
    """Where the book keeps a network a reader trained: ``cache_root() / "checkpoints" / name``.

    Parameters
    ----------
    name : str
        The file name, e.g. ``"convnet1.pt"``.
    """
    return cache_root() / "checkpoints" / name


def shipped_path(model: str) -> Path:
    """The weights of ``model`` (a class name such as ``"ConvNet1"``) shipped in the package,
    ``cnnlib/weights/<model in lower case>.pt``."""
    return Path(str(resources.files("cnnlib") / "weights" / f"{model.lower()}.pt"))


__all__ = ["cache_root", "checkpoint_path", "data_cache_dir", "shipped_path"]
