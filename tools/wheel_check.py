"""The package as a reader gets it: ``python tools/wheel_check.py`` (``make wheel-check``).

1. Builds the wheel and checks that it holds every module of ``cnnlib/``, the shipped
   weights and the stored study results.
2. Installs it, not editable, into a throwaway virtual environment with only what a reader
   running a chapter needs (the package's own dependencies, a Jupyter kernel and nbval), and
   checks that none of the book's build tools (jupyter-book, myst-nb, sphinx) is there.
3. Copies a few chapters alone into an empty folder outside the repository and runs strict
   nbval on them there, with an empty user cache (a fresh machine: no trained network).

Versions are held to ``requirements.txt`` (as constraints), so pip reuses its cache. To try
a reader's other versions, name them and the chapters to run, e.g.
``python tools/wheel_check.py --with matplotlib==3.8.4 --chapters 02 04 05``.
Exits non-zero, saying what failed, on any problem.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    "01_images_as_numbers.ipynb",
    "03_parameter_sharing.ipynb",
    "09_looking_inside.ipynb",
    "10_what_next.ipynb",
    "11_beyond_90.ipynb",
]
BUILD_TOOLS = ["jupyter_book", "myst_nb", "sphinx"]
READER_TOOLS = ["ipykernel", "nbval", "pytest"]


def run(*args: str | Path, **kwargs) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def build_wheel(out: Path) -> Path:
    had_build = (ROOT / "build").exists()
    try:
        run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", out, ROOT)
    finally:
        if not had_build:
            shutil.rmtree(ROOT / "build", ignore_errors=True)  # setuptools' scratch folder
    (wheel,) = out.glob("cnnlib-*.whl")
    return wheel


def check_contents(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "cnnlib").rglob("*")
        if p.suffix in (".py", ".pt", ".json") and "__pycache__" not in p.parts
    }
    missing = sorted(wanted - names)
    if missing:
        sys.exit(
            f"the wheel {wheel.name} lacks {len(missing)} file(s) of cnnlib/: {', '.join(missing)}; "
            f"fix [tool.setuptools] in pyproject.toml"
        )
    print(f"the wheel holds all {len(wanted)} modules and weight files of cnnlib/", flush=True)


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~;\s\[]", requirement.strip(), maxsplit=1)[0].lower()


def constraints(out: Path, extra: list[str]) -> Path:
    """requirements.txt as a pip constraints file: without its editable line, and without
    the pins of the packages named in ``extra`` (which replace them)."""
    replaced = {name_of(r) for r in extra}
    lines = [
        line
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if not line.strip().startswith("-e") and name_of(line) not in replaced
    ]
    path = out / "constraints.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def make_env(out: Path, wheel: Path, extra: list[str]) -> Path:
    env = out / "venv"
    run(sys.executable, "-m", "venv", env)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "--quiet", "-c", constraints(out, extra), wheel, *READER_TOOLS, *extra)
    check = (
        "import importlib.util, sys; "
        f"present = [m for m in {BUILD_TOOLS!r} if importlib.util.find_spec(m)]; "
        "sys.exit(f'build tools installed in the reader environment: {present}' if present else 0)"
    )
    run(python, "-c", check)
    return python


def run_chapters(python: Path, out: Path, chapters: list[str]) -> None:
    folder = out / "reader"
    folder.mkdir()
    for name in chapters:
        shutil.copy(ROOT / "notebooks" / name, folder)
    shutil.copy(ROOT / "sanitize.cfg", folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["XDG_CACHE_HOME"] = str(out / "empty-cache")  # no checkpoint, no cached data
    run(
        python,
        "-c",
        "import cnnlib, sys; p = cnnlib.__file__; print('cnnlib from', p); "
        f"sys.exit(0 if p.startswith({str(out)!r}) else 'cnnlib is not the installed wheel')",
        cwd=folder,
        env=env,
    )
    run(
        python,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        "sanitize.cfg",
        *chapters,
        cwd=folder,
        env=env,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--with",
        dest="extra",
        nargs="+",
        default=[],
        metavar="REQUIREMENT",
        help="other versions to install in the reader environment",
    )
    parser.add_argument("--chapters", nargs="+", metavar="NN", help="chapter numbers, e.g. 02 04")
    args = parser.parse_args()
    chapters = (
        CHAPTERS
        if not args.chapters
        else [p.name for n in args.chapters for p in sorted((ROOT / "notebooks").glob(f"{n}_*.ipynb"))]
    )
    if "CNNLIB_DATA" not in os.environ:
        print("note: CNNLIB_DATA is not set, so the chapters download Fashion-MNIST", flush=True)
    with tempfile.TemporaryDirectory(prefix="cnnlib-wheel-check-") as tmp:
        out = Path(tmp)
        wheel = build_wheel(out)
        check_contents(wheel)
        python = make_env(out, wheel, args.extra)
        run_chapters(python, out, chapters)
    print(f"wheel check passed: {', '.join(chapters)} ran alone from the installed wheel", flush=True)


if __name__ == "__main__":
    main()
