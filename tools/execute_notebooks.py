"""Re-execute notebooks in place: ``python tools/execute_notebooks.py notebooks/*.ipynb``."""

import sys
from pathlib import Path

from nbtools import execute

if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"executing {name} ...", flush=True)
        print(f"  done in {execute(Path(name)):.1f} s", flush=True)
