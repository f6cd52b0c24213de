"""cnnlib: the companion package of *Convolutional Neural Networks, from the First Pixel*.

Each concept lives in its own module; import the one you need, for example::

    from cnnlib.data import load_fashion_mnist
    from cnnlib import plotting

Importing :mod:`cnnlib` itself is cheap: it loads no submodule and runs nothing.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
