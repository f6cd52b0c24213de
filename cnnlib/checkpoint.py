"""Trained networks on disk: saved with what made them, checked before they are used.

A checkpoint written by :func:`save` holds the weights, the training :class:`History`, the
model's class name, every weight's shape, the settings it was trained with and a SHA-256
digest of the weights. :func:`load` refuses, with a message that says what to do, any file
that is not such a checkpoint, that belongs to another model, whose weights do not match
their digest, or whose settings differ from the ones asked for: a wrong file is never used
silently.

The book ships the weights of the article's network as chapter 8 trains them
(``cnnlib/weights/convnet1.pt``, written by ``make notebooks``), so chapters 9 and 10 start in
seconds on a fresh machine: :func:`load_pretrained`.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import tempfile
from dataclasses import asdict
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader

from cnnlib.paths import checkpoint_path, shipped_path
from cnnlib.train import History, fit

FORMAT = "cnnlib-checkpoint/1"

#: How the book trains each network it ships weights for (chapter 8 for ``ConvNet1``).
BOOK_RECIPES = {"ConvNet1": {"batch_size": 100, "num_epochs": 10, "lr": 1e-3, "seed": 0}}


class CheckpointError(ValueError):
    """A checkpoint file is missing, unreadable, or does not match what it is used for."""


def digest(state_dict: dict[str, torch.Tensor]) -> str:
    """SHA-256 over every entry's name, dtype, shape and bytes, in order."""
    h = hashlib.sha256()
    for name, tensor in state_dict.items():
        t = tensor.detach().cpu().contiguous()
        h.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        h.update(t.numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()


def save(path: str | Path, net: nn.Module, history: History | None = None, settings: dict | None = None) -> Path:
    """Write ``net``'s weights, ``history`` and the training ``settings`` to ``path``.

    The file is written to a temporary name in the same folder and renamed when complete,
    so a crash never leaves a half-written checkpoint. Returns ``path``.
    """
    path = Path(path)
    history = history or History()
    state = {k: v.detach().cpu().contiguous() for k, v in net.state_dict().items()}
    payload = {
        "format": FORMAT,
        "model": type(net).__name__,
        "shapes": {k: list(v.shape) for k, v in state.items()},
        "sha256": digest(state),
        "settings": dict(settings if settings is not None else history.settings),
        "epochs": asdict(history)["epochs"],
        "state_dict": state,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            torch.save(payload, f)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path


def _read(path: Path) -> dict:
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path}")
    try:
        payload = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:
        raise CheckpointError(
            f"{path} is not a readable PyTorch file ({error.__class__.__name__}); "
            f"delete it, or save a network there with cnnlib.checkpoint.save"
        ) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise CheckpointError(
            f"{path} was not written by cnnlib.checkpoint.save (format {FORMAT}); delete it or train the network again"
        )
    return payload


def _check(path: Path, payload: dict, net: nn.Module, settings: dict | None) -> None:
    model = type(net).__name__
    if payload["model"] != model:
        raise CheckpointError(f"{path} holds a {payload['model']}, not a {model}")
    expected = {k: list(v.shape) for k, v in net.state_dict().items()}
    saved = payload["shapes"]
    if saved != expected:
        name = next((k for k in [*expected, *saved] if expected.get(k) != saved.get(k)), "the layer order")
        raise CheckpointError(
            f"{path} was saved from a {model} with different layers: {name} has shape "
            f"{saved.get(name)} there and {expected.get(name)} in this network"
        )
    if digest(payload["state_dict"]) != payload["sha256"]:
        raise CheckpointError(f"{path} is corrupt: its weights do not match their SHA-256 digest")
    if settings is not None and payload["settings"] != settings:
        raise CheckpointError(
            f"{path} was trained with {payload['settings']}, not {settings}; "
            f"delete it to train again with the new settings, or use another path"
        )


def load(path: str | Path, net: nn.Module, settings: dict | None = None) -> History:
    """Load a checkpoint written by :func:`save` into ``net`` and return its :class:`History`.

    Raises :class:`CheckpointError` if the file is missing or unreadable, was not written by
    :func:`save`, holds another model or other layer shapes, fails its digest, or (when
    ``settings`` is given) was trained with other settings.
    """
    path = Path(path)
    payload = _read(path)
    _check(path, payload, net, settings)
    net.load_state_dict(payload["state_dict"])
    return History(epochs=payload["epochs"], settings=payload["settings"])


def fit_settings(train_loader: DataLoader, **fit_kwargs) -> dict:
    """The settings :func:`cnnlib.train.fit` trains with, for a checkpoint's record: the
    loader's batch size and ``num_epochs``, ``lr``, ``seed`` (``fit``'s defaults where not
    given), plus the optimizer's class when one is passed."""
    defaults = inspect.signature(fit).parameters
    settings: dict[str, object] = {"batch_size": train_loader.batch_size}
    settings.update({k: fit_kwargs.get(k, defaults[k].default) for k in ("num_epochs", "lr", "seed")})
    if fit_kwargs.get("optimizer") is not None:
        settings["optimizer"] = type(fit_kwargs["optimizer"]).__name__
    return settings


def load_or_fit(
    net: nn.Module, path: str | Path, train_loader: DataLoader, test_loader: DataLoader | None = None, **fit_kwargs
) -> History:
    """Load ``net`` from ``path`` if a checkpoint trained with the same settings is there;
    otherwise train it with :func:`cnnlib.train.fit` (``fit_kwargs`` as there), showing one
    line per epoch, and :func:`save` it to ``path``. Returns the history.

    A file at ``path`` that is not a matching checkpoint raises :class:`CheckpointError`
    (it is never overwritten or used silently).
    """
    path = Path(path)
    settings = fit_settings(train_loader, **fit_kwargs)
    if path.exists():
        return load(path, net, settings)
    print(
        f"No checkpoint at {path}: training {type(net).__name__} with {settings}; it is saved there when done.",
        flush=True,
    )
    history = fit(net, train_loader, test_loader, **{**fit_kwargs, "progress": True})
    history.settings = settings
    save(path, net, history)
    return history


def load_pretrained(net: nn.Module, path: str | Path | None = None) -> History:
    """Load the book's trained weights for ``net`` (shipped with the package), or your own
    checkpoint from ``path``; return the :class:`History` of that training.

    The shipped file must have been trained with the book's recipe (``BOOK_RECIPES``); a
    checkpoint of your own may have any settings (they are in ``history.settings``), but must
    hold the same model with intact weights.
    """
    model = type(net).__name__
    if path is not None:
        return load(path, net)
    if model not in BOOK_RECIPES:
        raise CheckpointError(f"the book ships no weights for {model}; it ships weights for {', '.join(BOOK_RECIPES)}")
    return load(shipped_path(model), net, BOOK_RECIPES[model])


__all__ = [
    "BOOK_RECIPES",
    "FORMAT",
    "CheckpointError",
    "checkpoint_path",
    "digest",
    "fit_settings",
    "load",
    "load_or_fit",
    "load_pretrained",
    "save",
    "shipped_path",
]
