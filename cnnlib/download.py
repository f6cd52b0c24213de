"""Downloading a file safely: stream to a temporary file, check its MD5, rename atomically.

A file only ever appears under its final name once it is complete and its checksum
matches, so a later run can trust any file it finds. Every failure (no network, HTTP
error, truncated transfer, checksum mismatch, Ctrl-C) removes the temporary file.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

CHUNK = 1 << 16


class DownloadError(RuntimeError):
    """A download failed; the message says which URL, why, and what to do instead.

    Raised by :func:`cnnlib.download.download_file`, and so by
    :func:`cnnlib.data.load_fashion_mnist` when the data set cannot be fetched
    (:ref:`sec-fashion-mnist`).
    """


def md5sum(path: str | Path) -> str:
    """Return the hexadecimal MD5 digest of a file, read in chunks of 64 KiB.

    See :ref:`sec-fashion-mnist`.

    Parameters
    ----------
    path : str or Path
        The file to hash.

    Returns
    -------
    str
        The 32-character hexadecimal digest, as the ``md5sum`` command prints it.

    Raises
    ------
    OSError
        If the file cannot be opened or read (e.g. ``FileNotFoundError``).
    """
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download_file(
    url: str,
    dest: str | Path,
    md5: str | None = None,
    timeout: float = 30.0,
    progress: bool = True,
    offline_hint: str = "",
) -> Path:
    """Download ``url`` to ``dest`` through a temporary file in ``dest``'s folder.

    The file appears under ``dest`` only once it is complete and, when ``md5`` is given, its
    checksum matches; :func:`cnnlib.data.locate` fetches Fashion-MNIST with it
    (:ref:`sec-fashion-mnist`).

    Parameters
    ----------
    url : str
        Where to download from.
    dest : str or Path
        The final path. Its folder is created if needed.
    md5 : str, optional
        Expected hexadecimal MD5 of the downloaded bytes; a mismatch is an error.
    timeout : float, default 30.0
        Seconds to wait for the server before giving up.
    progress : bool, default True
        Show a tqdm progress bar on standard error.
    offline_hint : str, default ""
        Appended to the error message when the server cannot be reached, to tell the
        reader how to supply the file without a network.

    Returns
    -------
    Path
        ``dest``, complete and verified.

    Raises
    ------
    DownloadError
        On any network, HTTP, length or checksum failure. No file is left behind.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            _stream(url, out, timeout, progress, offline_hint)
        if md5 is not None:
            got = md5sum(tmp)
            if got != md5:
                raise DownloadError(
                    f"{url}: MD5 {got} does not match the expected {md5}; the download is "
                    f"corrupt or the mirror serves a different file. Nothing was saved; try again."
                )
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    return dest


def _stream(url: str, out, timeout: float, progress: bool, offline_hint: str) -> None:
    try:
        response = urllib.request.urlopen(url, timeout=timeout)
    except urllib.error.HTTPError as err:
        raise DownloadError(f"{url}: the server answered HTTP {err.code} ({err.reason}). {offline_hint}") from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise DownloadError(f"{url}: cannot reach the server ({reason}). {offline_hint}") from err
    from tqdm import tqdm  # plain text bar: identical in a terminal and a notebook

    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length is not None else None
        received = 0
        with tqdm(total=total, unit="B", unit_scale=True, desc=url.rsplit("/", 1)[-1], disable=not progress) as bar:
            try:
                for block in iter(lambda: response.read(CHUNK), b""):
                    out.write(block)
                    received += len(block)
                    bar.update(len(block))
            except (OSError, ValueError, http.client.HTTPException) as err:
                raise DownloadError(
                    f"{url}: the transfer broke off after {received} bytes ({err}). Try again."
                ) from err
    if total is not None and received != total:
        raise DownloadError(f"{url}: received {received} of {total} bytes; the transfer was cut short. Try again.")
