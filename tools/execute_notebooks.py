"""Re-execute notebooks in place and update the execution report:
``python tools/execute_notebooks.py notebooks/*.ipynb`` (what ``make notebooks`` runs).

After chapter 8 runs, the network it trained and saved in the user cache is copied into the
package (``cnnlib/weights/``), so the weights the book ships are always the ones the committed
chapter 8 produced, and chapters 9 and 10 (executed after it) use them.
"""

import shutil
import sys
import time
from pathlib import Path

import torch
from nbtools import ROOT, execute
from report import record, render

from cnnlib.checkpoint import checkpoint_path, load, shipped_path
from cnnlib.models import ConvNet1

#: notebook -> (the checkpoint it saves in the user cache, the model class it holds)
SHIPS = {"08_training.ipynb": (checkpoint_path("convnet1.pt"), ConvNet1)}


def same_weights(a: Path, b: Path) -> bool:
    """Whether two checkpoints hold identical weights (their timings may differ)."""
    return torch.load(a, weights_only=True)["sha256"] == torch.load(b, weights_only=True)["sha256"]


def ship(notebook: Path, started: float) -> None:
    """Copy the checkpoint ``notebook`` just wrote into the package, after checking it."""
    saved, model = SHIPS[notebook.name]
    if not saved.exists() or saved.stat().st_mtime < started:
        raise SystemExit(f"{notebook.name} did not write {saved} during this run")
    fresh = load(saved, model())  # refuses a file that is not a valid checkpoint of this model
    target = shipped_path(model.__name__)
    if target.exists() and same_weights(saved, target) and load(target, model()).settings == fresh.settings:
        print(f"  {target.relative_to(ROOT)} unchanged: the same weights from the same recipe", flush=True)
        return
    if ROOT not in target.resolve().parents:
        raise SystemExit(
            f"cnnlib is not imported from this repository ({target}); install it in editable mode (make notebooks does)"
        )
    target.parent.mkdir(exist_ok=True)
    shutil.copyfile(saved, target)
    print(f"  shipped {saved} -> {target.relative_to(ROOT)}", flush=True)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name} ...", flush=True)
        started = time.time()
        seconds = execute(Path(name))
        record(Path(name), seconds)
        print(f"  done in {seconds:.1f} s", flush=True)
        if Path(name).name in SHIPS:
            ship(Path(name), started)
    render()
