"""Shared fixtures: synthetic Fashion-MNIST files and a loopback HTTP server."""

from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path
from typing import ClassVar

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "_ext"))

from cnnlib.data import FILES, SIZES  # noqa: E402
from cnnlib.idx import write_idx  # noqa: E402


def synthetic_split(
    folder: Path, split: str = "test", n: int | None = None, image_shape=(28, 28), labels=None
) -> tuple[np.ndarray, np.ndarray]:
    """Write a Fashion-MNIST-shaped split of random data into ``folder``; return it."""
    n = SIZES[split] if n is None else n
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, *image_shape), dtype=np.uint8)
    labels = (np.arange(n) % 10).astype(np.uint8) if labels is None else labels
    folder.mkdir(parents=True, exist_ok=True)
    write_idx(folder / FILES[split][0], images)
    write_idx(folder / FILES[split][1], labels)
    return images, labels


RNG_SEED = 0


@pytest.fixture
def rng() -> np.random.Generator:
    """A freshly seeded generator for each test: its data never depends on which tests ran first.

    Function-scoped, so Hypothesis tests must not take it (HealthCheck.function_scoped_fixture):
    they build ``np.random.default_rng(seed)`` from a drawn or fixed seed instead.
    """
    return np.random.default_rng(RNG_SEED)


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No CNNLIB_DATA, and a private, empty user cache."""
    monkeypatch.delenv("CNNLIB_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict] = {}
    hits: ClassVar[list] = []

    def do_GET(self):
        self.hits.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        body, declared = route
        self.send_response(200)
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(body)  # a route may declare more bytes than it sends: truncation

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    """A loopback HTTP server. ``server.serve(path, body, declared_length=None)`` adds a route."""
    handler = type("Handler", (_Handler,), {"routes": {}, "hits": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    class Server:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/"
        hits = handler.hits

        @staticmethod
        def serve(path: str, body: bytes, declared_length: int | None = None):
            handler.routes["/" + path] = (body, len(body) if declared_length is None else declared_length)

    yield Server
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port_url():
    """The URL of a loopback port nothing listens on (connection refused)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/"
