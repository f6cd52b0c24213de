"""Measured training runs: a recipe, a network, several seeds, epochs chosen on a validation split.

The protocol of :ref:`sec-architectures-trained` and :ref:`ch-beyond-90`: each run trains on
50,000 training images, evaluates the 10,000 held-out validation images after every epoch
(:func:`cnnlib.loaders.fashion_mnist_splits`), keeps the weights of the epoch with the best
validation accuracy and, only when asked, evaluates those weights on the test set, once. The
scripts in ``benchmarks/`` run these on the 2-core CI machine and store the results in
``cnnlib/results/*.json``; :func:`load_results` reads them back, so a chapter can show a
study that takes longer than CI allows without retraining it.
"""

from __future__ import annotations

import copy
import datetime
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import torch
from torch import nn

from cnnlib.augment import FlipAverage, augment
from cnnlib.loaders import TensorLoader
from cnnlib.train import evaluate, fit


@dataclass(frozen=True)
class Recipe:
    """How a network is trained (:ref:`ch-beyond-90`).

    Attributes
    ----------
    num_epochs : int
        Passes over the training images.
    batch_size : int, default 100
    lr : float, default 1e-3
        Learning rate of Adam; with ``schedule="onecycle"`` the peak of the schedule.
    schedule : str, default "constant"
        ``"constant"``, or ``"onecycle"``: ``torch.optim.lr_scheduler.OneCycleLR``, which warms up
        from ``lr / 25`` to ``lr`` over the first 30% of the batches and anneals to almost 0.
    weight_decay : float, default 0.0
        Decoupled weight decay (``torch.optim.AdamW``); 0 for plain Adam.
    augment : bool, default False
        Transform each training batch with :func:`cnnlib.augment.augment`.
    test_flip : bool, default False
        Predict with :class:`cnnlib.augment.FlipAverage` (the image and its mirror averaged):
        changes how the network is scored and which epoch is kept, not how it is trained.
    """

    num_epochs: int
    batch_size: int = 100
    lr: float = 1e-3
    schedule: str = "constant"
    weight_decay: float = 0.0
    augment: bool = False
    test_flip: bool = False

    def __post_init__(self):
        if self.schedule not in ("constant", "onecycle"):
            raise ValueError(f"schedule must be 'constant' or 'onecycle', got {self.schedule!r}")
        if self.num_epochs < 1 or self.batch_size < 1 or self.lr <= 0 or self.weight_decay < 0:
            raise ValueError(f"num_epochs and batch_size must be at least 1, lr positive, weight_decay >= 0: {self}")


def train_run(
    make_net: Callable[[], nn.Module],
    recipe: Recipe,
    seed: int,
    train: TensorLoader,
    validation: TensorLoader | None,
    test: TensorLoader | None = None,
) -> tuple[nn.Module, dict]:
    """Train one network with ``recipe`` and ``seed``; keep the epoch that validates best (:ref:`ch-beyond-90`).

    Parameters
    ----------
    make_net : callable
        Returns a new, untrained network (called after seeding, so the seed fixes its weights).
    recipe : Recipe
    seed : int
        Seeds the weights, the shuffling and the augmentation.
    train : TensorLoader
        Training batches (B, 1, 28, 28); its batch size, seed and transform are set from
        ``recipe`` and ``seed``.
    validation : TensorLoader or None
        Evaluated after every epoch; None keeps the last epoch (the final model of a recipe
        already chosen).
    test : TensorLoader, optional
        Evaluated once, on the kept weights.

    Returns
    -------
    net : torch.nn.Module
        The kept weights, in evaluation mode (not wrapped in ``FlipAverage``, whatever the recipe).
    result : dict
        ``seed``, ``validation`` (accuracy per epoch), ``validation_flip`` (the same with
        :class:`cnnlib.augment.FlipAverage`), ``epoch`` (the kept one, from 1: best in
        ``validation_flip`` if ``recipe.test_flip``, else in ``validation``), ``test`` (accuracy
        of the recipe's prediction, or None), ``seconds`` (training time of all epochs,
        evaluation excluded) and ``images_per_second``.
    """
    torch.manual_seed(seed)
    net = make_net()
    loader = TensorLoader(
        train.x, train.y, recipe.batch_size, shuffle=True, seed=seed, transform=augment if recipe.augment else None
    )
    optimizer = torch.optim.AdamW(net.parameters(), lr=recipe.lr, weight_decay=recipe.weight_decay)
    total = recipe.num_epochs * len(loader)
    scheduler = None
    if recipe.schedule == "onecycle":
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=recipe.lr, total_steps=total)
    scores: list[float] = []
    flip_scores: list[float] = []
    seconds, best, best_state = 0.0, -1.0, None
    chosen = flip_scores if recipe.test_flip else scores  # the curve that picks the epoch
    for epoch in range(recipe.num_epochs):
        # fit reseeds at every call: a new seed per epoch, so dropout draws differ between epochs
        history = fit(
            net, loader, None, optimizer=optimizer, scheduler=scheduler, seed=seed + 1000 * epoch, progress=False
        )
        seconds += history["seconds"][0]
        if validation is not None:
            plain, flipped = _accuracies(net, validation)
            scores.append(plain)
            flip_scores.append(flipped)
            if chosen[-1] > best:
                best, best_state = chosen[-1], copy.deepcopy(net.state_dict())
    if best_state is not None:
        net.load_state_dict(best_state)
    net.eval()
    predictor = FlipAverage(net) if recipe.test_flip else net
    result = {
        "seed": seed,
        "validation": scores,
        "validation_flip": flip_scores,
        "epoch": chosen.index(best) + 1 if chosen else recipe.num_epochs,
        "test": evaluate(predictor, test, channels_last=True)["accuracy"] if test is not None else None,
        "seconds": seconds,
        "images_per_second": recipe.num_epochs * len(train.y) / seconds,
    }
    return net, result


def _accuracies(net: nn.Module, loader: TensorLoader) -> tuple[float, float]:
    """Accuracy of ``net`` and of ``FlipAverage(net)`` on ``loader``, from the same forward passes."""
    net.eval()
    predictor, right, count = FlipAverage(net), torch.zeros(2), 0
    with torch.no_grad():
        for x, y in loader:
            scores, averaged = predictor.both(x.contiguous(memory_format=torch.channels_last))
            right += torch.stack([(scores.argmax(1) == y).sum(), (averaged.argmax(1) == y).sum()])
            count += len(y)
    net.train()
    return right[0].item() / count, right[1].item() / count


def recipe_dict(recipe: Recipe) -> dict:
    """``recipe`` as a plain dict, for the JSON files of :ref:`ch-beyond-90`.

    Parameters
    ----------
    recipe : Recipe

    Returns
    -------
    dict
    """
    return asdict(recipe)


def load_results(name: str) -> dict:
    """A study stored by a script in ``benchmarks/`` (``cnnlib/results/<name>.json``; :ref:`sec-architectures-trained`).

    Parameters
    ----------
    name : str
        ``"architectures"``, ``"beyond90"`` or ``"article_target"``.

    Returns
    -------
    dict
        As the script wrote it: ``machine`` (where it ran), ``date`` and the runs.

    Raises
    ------
    FileNotFoundError
        If the package holds no such study; the message lists those it holds.
    """
    folder = resources.files("cnnlib") / "results"
    path = folder / f"{name}.json"
    if not path.is_file():
        held = sorted(p.name for p in folder.iterdir() if p.name.endswith(".json"))
        raise FileNotFoundError(f"no stored study {name!r} in cnnlib/results (it holds {held})")
    return json.loads(path.read_text())


def write_results(name: str, payload: dict, folder: Path | None = None) -> Path:
    """Store a study as ``cnnlib/results/<name>.json``, with the machine and the date (:ref:`ch-beyond-90`).

    Written to a temporary file first and renamed, so an interrupted script never leaves a
    half-written results file behind.

    Parameters
    ----------
    name : str
        The study's name, as :func:`load_results` takes it.
    payload : dict
        JSON-serialisable results.
    folder : Path, optional
        Default: the ``results`` folder of the source tree this module was imported from.

    Returns
    -------
    Path
        The file written.
    """
    folder = folder or Path(__file__).resolve().parent / "results"
    folder.mkdir(exist_ok=True)
    payload = {"machine": machine(), "date": datetime.date.today().isoformat(), **payload}
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as f:
            json.dump(payload, f, indent=1)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; results are for everyone to read
        os.replace(tmp, folder / f"{name}.json")
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / f"{name}.json"


def machine() -> dict:
    """Where a study runs: PyTorch version, threads, processor (:ref:`ch-beyond-90`).

    Returns
    -------
    dict
    """
    import platform

    return {
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "processor": platform.processor() or platform.machine(),
    }


__all__ = ["Recipe", "load_results", "machine", "recipe_dict", "train_run", "write_results"]
