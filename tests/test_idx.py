import gzip
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cnnlib.idx import IDXError, read_idx, write_idx


@settings(max_examples=40, deadline=None)
@given(array=arrays(np.uint8, st.lists(st.integers(1, 6), min_size=1, max_size=4)), suffix=st.sampled_from([".gz", ""]))
def test_write_then_read_round_trips(tmp_path_factory, array, suffix):
    path = tmp_path_factory.mktemp("idx") / f"a.idx{suffix}"
    write_idx(path, array)
    back = read_idx(path)
    assert back.dtype == np.uint8 and back.shape == array.shape
    np.testing.assert_array_equal(back, array)


def test_magic_numbers_match_the_format(tmp_path):
    write_idx(tmp_path / "labels", np.zeros(3, np.uint8))
    write_idx(tmp_path / "images", np.zeros((3, 2, 2), np.uint8))
    assert int.from_bytes((tmp_path / "labels").read_bytes()[:4], "big") == 2049
    assert int.from_bytes((tmp_path / "images").read_bytes()[:4], "big") == 2051
    read_idx(tmp_path / "labels", expected_magic=2049)
    with pytest.raises(IDXError, match="magic number 2049, expected 2051"):
        read_idx(tmp_path / "labels", expected_magic=2051)


def test_not_an_idx_file(tmp_path):
    path = tmp_path / "x.gz"
    with gzip.open(path, "wb") as f:
        f.write(b"<html>not found</html>")
    with pytest.raises(IDXError, match=r"x\.gz: magic number .* is not an unsigned-byte IDX header"):
        read_idx(path)


@pytest.mark.parametrize("extra, message", [(-1, "holds 7"), (1, "holds 9")])
def test_payload_length_must_match_header(tmp_path, extra, message):
    path = tmp_path / "bad"
    write_idx(path, np.zeros((2, 2, 2), np.uint8))
    data = path.read_bytes()
    path.write_bytes(data[:extra] if extra < 0 else data + b"\0")
    with pytest.raises(IDXError, match=rf"shape \(2, 2, 2\) = 8 bytes of data, but the file {message}"):
        read_idx(path)


def test_too_short_for_a_header(tmp_path):
    (tmp_path / "tiny").write_bytes(b"\0\0")
    with pytest.raises(IDXError, match="too short"):
        read_idx(tmp_path / "tiny")


def test_truncated_gzip(tmp_path):
    path = write_idx(tmp_path / "t.gz", np.arange(200, dtype=np.uint8).reshape(2, 10, 10))
    path.write_bytes(path.read_bytes()[:-20])
    with pytest.raises(IDXError, match=r"t\.gz: the gzip data is truncated or corrupt"):
        read_idx(path)


def test_corrupt_gzip(tmp_path):
    path = write_idx(tmp_path / "c.gz", np.arange(200, dtype=np.uint8).reshape(2, 10, 10))
    data = bytearray(path.read_bytes())
    data[15] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IDXError, match="truncated or corrupt"):
        read_idx(path)


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_idx(tmp_path / "absent.gz")


@pytest.mark.parametrize("name", ["images.gz", "images"])
def test_a_directory_is_not_called_corrupt(tmp_path, name):
    (tmp_path / name).mkdir()
    with pytest.raises(IsADirectoryError, match="Is a directory"):
        read_idx(tmp_path / name)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can read any file")
@pytest.mark.parametrize("name", ["images.gz", "images"])
def test_an_unreadable_file_is_not_called_corrupt(tmp_path, name):
    path = write_idx(tmp_path / name, np.zeros(3, np.uint8))
    path.chmod(0)
    try:
        with pytest.raises(PermissionError, match="Permission denied"):
            read_idx(path)
    finally:
        path.chmod(0o644)


def test_write_rejects_other_dtypes(tmp_path):
    with pytest.raises(TypeError, match="uint8"):
        write_idx(tmp_path / "f", np.zeros(3, np.float32))
