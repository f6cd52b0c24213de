"""Reading and writing the IDX file format used by MNIST and Fashion-MNIST.

An IDX file is a big-endian header followed by a C-ordered array::

    bytes 0-1   zero
    byte  2     type code (0x08 = unsigned byte)
    byte  3     number of dimensions d
    4*d bytes   the size of each dimension, big-endian uint32
    the rest    the items, prod(sizes) of them

The magic number (bytes 0-3 read as a big-endian integer) is therefore 2049 for a
1-D unsigned-byte file (labels) and 2051 for a 3-D one (images). The format is defined on
Yann LeCun's MNIST page (LeCun, Cortes and Burges, "The MNIST database of handwritten
digits", http://yann.lecun.com/exdb/mnist/); Fashion-MNIST ships in it (:ref:`sec-fashion-mnist`).
"""

from __future__ import annotations

import gzip
import struct
import zlib
from pathlib import Path

import numpy as np

UBYTE = 0x08


class IDXError(ValueError):
    """A file is not a valid IDX file; the message names the file and the fault.

    See :ref:`sec-fashion-mnist`.

    Raised by :func:`cnnlib.idx.read_idx`, and so by :func:`cnnlib.data.load_fashion_mnist`.
    """


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def read_idx(path: str | Path, expected_magic: int | None = None) -> np.ndarray:
    """Read an unsigned-byte IDX file, gzip-compressed (``.gz``) or not.

    :func:`cnnlib.data.load_fashion_mnist` reads the four Fashion-MNIST files with it
    (:ref:`sec-fashion-mnist`).

    Parameters
    ----------
    path : str or Path
        The file to read.
    expected_magic : int, optional
        If given, the magic number the header must hold (2049 for labels, 2051 for images).

    Returns
    -------
    numpy.ndarray of uint8, shape (d_1, ..., d_n) as the header declares
        E.g. (60000, 28, 28) for training images, (60000,) for their labels.

    Raises
    ------
    IDXError
        If the gzip stream is truncated or corrupt, the magic number is wrong, or the
        payload holds fewer or more bytes than the header's dimensions announce.
    OSError
        Unchanged, if the file cannot be opened or read: ``FileNotFoundError``,
        ``IsADirectoryError``, ``PermissionError`` and the like say what is wrong.

    References
    ----------
    LeCun, Cortes and Burges, "The MNIST database of handwritten digits",
    http://yann.lecun.com/exdb/mnist/ (the IDX format, at the end of the page).
    """
    path = Path(path)
    fix = f"Delete {path} and fetch it again (see cnnlib.data.load_fashion_mnist)."
    try:
        with _open(path) as f:
            raw = f.read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:  # not other OSErrors: no fault of the data
        raise IDXError(f"{path}: the gzip data is truncated or corrupt ({err}). {fix}") from err
    if len(raw) < 4:
        raise IDXError(f"{path}: only {len(raw)} bytes, too short for an IDX header. {fix}")
    zero, type_code, ndim = struct.unpack(">HBB", raw[:4])
    magic = int.from_bytes(raw[:4], "big")
    if zero != 0 or type_code != UBYTE or ndim == 0:
        raise IDXError(
            f"{path}: magic number {magic} is not an unsigned-byte IDX header "
            f"(expected 2049 for labels or 2051 for images). {fix}"
        )
    if expected_magic is not None and magic != expected_magic:
        raise IDXError(f"{path}: magic number {magic}, expected {expected_magic}. {fix}")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise IDXError(f"{path}: the header announces {ndim} dimensions but the file ends early. {fix}")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    expected = int(np.prod(shape, dtype=np.int64))
    got = len(raw) - header
    if got != expected:
        raise IDXError(
            f"{path}: the header announces shape {shape} = {expected} bytes of data, but the file holds {got}. {fix}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape).copy()


def write_idx(path: str | Path, array: np.ndarray) -> Path:
    """Write a uint8 array as an IDX file (gzip-compressed when ``path`` ends in ``.gz``).

    See :ref:`sec-fashion-mnist`.

    The inverse of :func:`read_idx`: ``read_idx(write_idx(path, a))`` equals ``a``.

    Parameters
    ----------
    path : str or Path
        Where to write.
    array : numpy.ndarray of uint8, shape (d_1, ..., d_n), n >= 1
        The items, e.g. images of shape (N, 28, 28) or labels of shape (N,).

    Returns
    -------
    Path
        The written file, ``path``.

    Raises
    ------
    TypeError
        If ``array`` is not uint8 or has no dimension.
    """
    array = np.asarray(array)
    if array.dtype != np.uint8 or array.ndim == 0:
        raise TypeError(f"write_idx needs a uint8 array with at least one dimension, got {array.dtype} {array.shape}")
    path = Path(path)
    header = struct.pack(">HBB", 0, UBYTE, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wb") as f:
        f.write(header + np.ascontiguousarray(array).tobytes())
    return path
