"""Every public function and class of cnnlib documented as numpy-ml documents its code: each
argument in a Parameters section (with its shape where it is an array), and a link to the
book section that introduces it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import pytest

import cnnlib


def public_objects():
    found = {}
    for info in pkgutil.walk_packages(cnnlib.__path__, "cnnlib."):
        module = importlib.import_module(info.name)
        names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
        for name in names:
            obj = getattr(module, name)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and obj.__module__ == module.__name__:
                found[f"{module.__name__}.{name}"] = obj
    return found


OBJECTS = public_objects()


def documented_parameters(doc: str, section: str = "Parameters") -> set[str]:
    """Names listed in the docstring's ``section`` (``name : type`` lines, or ``**kwargs`` alone)."""
    match = re.search(rf"(?:^|\n){section}\n-+\n(.*?)(\n\S[^\n]*\n-+\n|\Z)", doc, re.S)
    if not match:
        return set()
    return set(re.findall(r"^(\*{0,2}\w+)\s*(?::|$)", match.group(1), re.M))


def test_there_are_many_public_objects():
    assert len(OBJECTS) > 100


@pytest.mark.parametrize("qualname", sorted(OBJECTS))
def test_every_argument_is_documented(qualname):
    obj = OBJECTS[qualname]
    doc = inspect.getdoc(obj) or ""
    target = obj.__init__ if inspect.isclass(obj) else obj
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return
    wanted = {
        ("*" * (p.kind == p.VAR_POSITIONAL) + "**" * (p.kind == p.VAR_KEYWORD)) + name
        for name, p in signature.parameters.items()
        if name not in ("self", "cls")
    }
    if inspect.isclass(obj) and not getattr(obj.__init__, "__module__", "").startswith("cnnlib"):
        wanted = set()  # the constructor is Python's, an exception's or matplotlib's: documented there
    documented = documented_parameters(doc)
    if inspect.isclass(obj):  # dataclasses and NamedTuples document their fields as Attributes
        documented |= documented_parameters(doc, "Attributes")
    missing = {w.lstrip("*") for w in wanted} - {d.lstrip("*") for d in documented}
    assert not missing, f"{qualname}: arguments without an entry in Parameters: {sorted(missing)}"


@pytest.mark.parametrize("qualname", sorted(OBJECTS))
def test_every_object_links_to_the_book(qualname):
    doc = inspect.getdoc(OBJECTS[qualname]) or ""
    assert ":ref:`" in doc or ":cite:" in doc, f"{qualname}: no link to the chapter that introduces it"


def test_the_check_can_fail():
    def undocumented(x, weight):
        """Something.

        Parameters
        ----------
        x : numpy.ndarray, shape (N, C, H, W)
        """

    assert documented_parameters(inspect.getdoc(undocumented)) == {"x"}
    assert documented_parameters("Summary.\n\nParameters\n----------\n**kwargs\n    Passed on.") == {"**kwargs"}
