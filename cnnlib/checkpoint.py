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
    """A checkpoint file is missing, unreadable, or does not match what it is used for: raised by
    :func:`load`, :func:`load_or_fit` and :func:`load_pretrained` (:ref:`sec-train-convnet1`);
    the message names the file and says what to do."""


def digest(state_dict: dict[str, torch.Tensor]) -> str:
    """SHA-256 of a network's weights: every entry's name, dtype, shape and bytes (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    state_dict : dict of str to torch.Tensor
        A network's ``state_dict()``; each tensor of any shape, e.g. (C_out, C_in, K, K).

    Returns
    -------
    str
        The 64-character hexadecimal digest; equal weights in equal order give equal digests.
    """
    h = hashlib.sha256()
    for name, tensor in state_dict.items():
        t = tensor.detach().cpu().contiguous()
        h.update(f"{name}|{t.dtype}|{tuple(t.shape)}|".encode())
        h.update(t.numpy().tobytes() if t.numel() else b"")
    return h.hexdigest()


def save(path: str | Path, net: nn.Module, history: History | None = None, settings: dict | None = None) -> Path:
    """Write ``net``'s weights, ``history`` and the training ``settings`` to a checkpoint.

    The file is written to a temporary name in the same folder and renamed when complete,
    so a crash never leaves a half-written checkpoint. It also records the model's class
    name, every weight's shape and the weights' :func:`digest`, which :func:`load` checks
    (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    path : str or Path
        Where to write; its folder is created if needed.
    net : torch.nn.Module
        The network whose ``state_dict()`` is saved (moved to the CPU).
    history : cnnlib.train.History, optional
        The training history to keep with it (default: an empty one).
    settings : dict, optional
        The settings it was trained with (default: ``history.settings``).

    Returns
    -------
    Path
        ``path``, complete.
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
    """Load a checkpoint written by :func:`save` into ``net`` and return its history (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    path : str or Path
        The checkpoint file.
    net : torch.nn.Module
        A network of the saved class and layer shapes; its weights are replaced in place.
    settings : dict, optional
        If given, the settings the checkpoint must have been trained with
        (see :func:`fit_settings`).

    Returns
    -------
    cnnlib.train.History
        The saved per-epoch records, with the training settings in ``history.settings``.

    Raises
    ------
    CheckpointError
        If the file is missing or unreadable, was not written by :func:`save`, holds
        another model or other layer shapes, fails its digest, or (when ``settings`` is
        given) was trained with other settings.
    """
    path = Path(path)
    payload = _read(path)
    _check(path, payload, net, settings)
    net.load_state_dict(payload["state_dict"])
    return History(epochs=payload["epochs"], settings=payload["settings"])


def fit_settings(train_loader: DataLoader, **fit_kwargs) -> dict:
    """The settings :func:`cnnlib.train.fit` trains with, for a checkpoint's record (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    train_loader : torch.utils.data.DataLoader
        The training batches; its ``batch_size`` is recorded.
    **fit_kwargs
        The keyword arguments given to :func:`cnnlib.train.fit`; ``num_epochs``, ``lr`` and
        ``seed`` are recorded (``fit``'s defaults where not given), and the optimizer's
        class name when an ``optimizer`` is passed.

    Returns
    -------
    dict
        ``{"batch_size": ..., "num_epochs": ..., "lr": ..., "seed": ...}``, plus
        ``"optimizer"`` when one was passed.
    """
    defaults = inspect.signature(fit).parameters
    settings: dict[str, object] = {"batch_size": train_loader.batch_size}
    settings.update({k: fit_kwargs.get(k, defaults[k].default) for k in ("num_epochs", "lr", "seed")})
    if fit_kwargs.get("optimizer") is not None:
        settings["optimizer"] = type(fit_kwargs["optimizer"]).__name__
    return settings


def load_or_fit(
    net: nn.Module, path: str | Path, train_loader: DataLoader, test_loader: DataLoader | None = None, **fit_kwargs
) -> History:
    """Load ``net`` from a checkpoint trained with the same settings, or train and save it.

    If ``path`` holds no file, ``net`` is trained with :func:`cnnlib.train.fit`, showing one
    line per epoch, then written to ``path`` with :func:`save` (:ref:`sec-train-convnet1`).

    Parameters
    ----------
    net : torch.nn.Module
        The network, trained or loaded in place.
    path : str or Path
        The checkpoint file, e.g. ``checkpoint_path("convnet1.pt")``.
    train_loader : torch.utils.data.DataLoader
        Training batches, e.g. images of shape (B, 1, 28, 28) and labels of shape (B,).
    test_loader : torch.utils.data.DataLoader, optional
        Test batches, evaluated after each epoch when training.
    **fit_kwargs
        Passed to :func:`cnnlib.train.fit` (``num_epochs``, ``lr``, ``seed``, ...).

    Returns
    -------
    cnnlib.train.History
        The training history, loaded or new.

    Raises
    ------
    CheckpointError
        If a file at ``path`` is not a matching checkpoint (it is never overwritten or used
        silently).
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
    """Load the book's trained weights for ``net`` (shipped with the package), or your own checkpoint.

    The shipped file must have been trained with the book's recipe (``BOOK_RECIPES``, as
    :ref:`sec-train-convnet1` trains it); a checkpoint of your own may have any settings
    (they are in ``history.settings``), but must hold the same model with intact weights.
    Chapters from :ref:`ch-images` to :ref:`ch-inside` start from these weights.

    Parameters
    ----------
    net : torch.nn.Module
        The network, e.g. ``cnnlib.models.ConvNet1()``; its weights are replaced in place.
    path : str or Path, optional
        Your own checkpoint, written by :func:`save`; by default the shipped weights
        (:func:`cnnlib.paths.shipped_path`).

    Returns
    -------
    cnnlib.train.History
        The history of that training, with its settings in ``history.settings``.

    Raises
    ------
    CheckpointError
        If the book ships no weights for ``net``'s class, or the file does not load (see
        :func:`load`).
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
