"""The download path, against a loopback server: nothing here touches the internet."""

import hashlib

import pytest

from cnnlib.download import DownloadError, download_file, md5sum

BODY = bytes(range(256)) * 1000
MD5 = hashlib.md5(BODY).hexdigest()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_good_download_is_verified_and_complete(server, tmp_path):
    server.serve("f.gz", BODY)
    dest = download_file(server.url + "f.gz", tmp_path / "sub" / "f.gz", md5=MD5, progress=False)
    assert dest.read_bytes() == BODY
    assert md5sum(dest) == MD5
    assert leftovers(tmp_path / "sub") == ["f.gz"]


def test_progress_bar_names_the_file(server, tmp_path, capsys):
    server.serve("f.gz", BODY)
    download_file(server.url + "f.gz", tmp_path / "f.gz", md5=MD5)
    assert "f.gz" in capsys.readouterr().err


def test_md5_mismatch_leaves_nothing(server, tmp_path):
    server.serve("f.gz", BODY[:-1] + b"X")
    with pytest.raises(DownloadError, match=f"does not match the expected {MD5}"):
        download_file(server.url + "f.gz", tmp_path / "f.gz", md5=MD5, progress=False)
    assert leftovers(tmp_path) == []


def test_truncated_transfer_leaves_nothing(server, tmp_path):
    server.serve("f.gz", BODY[:1000], declared_length=len(BODY))
    with pytest.raises(DownloadError, match=r"(cut short|broke off)"):
        download_file(server.url + "f.gz", tmp_path / "f.gz", md5=MD5, progress=False, timeout=5)
    assert leftovers(tmp_path) == []


def test_http_error_names_the_status(server, tmp_path):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download_file(server.url + "missing.gz", tmp_path / "f.gz", progress=False)
    assert leftovers(tmp_path) == []


def test_no_network_says_what_to_do(closed_port_url, tmp_path):
    with pytest.raises(DownloadError, match=r"cannot reach the server.*HINT"):
        download_file(closed_port_url + "f.gz", tmp_path / "f.gz", progress=False, offline_hint="HINT")
    assert leftovers(tmp_path) == []


def test_existing_file_is_only_replaced_by_a_verified_one(server, tmp_path):
    dest = tmp_path / "f.gz"
    dest.write_bytes(b"old")
    server.serve("f.gz", b"corrupt")
    with pytest.raises(DownloadError):
        download_file(server.url + "f.gz", dest, md5=MD5, progress=False)
    assert dest.read_bytes() == b"old"
