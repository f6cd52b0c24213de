"""Re-execute notebooks in place and update the execution report:
``python tools/execute_notebooks.py notebooks/*.ipynb`` (what ``make notebooks`` runs)."""

import sys
from pathlib import Path

from nbtools import execute
from report import record, render

if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name} ...", flush=True)
        seconds = execute(Path(name))
        record(Path(name), seconds)
        print(f"  done in {seconds:.1f} s", flush=True)
    render()
