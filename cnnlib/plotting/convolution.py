"""Figures that show how a convolution works: positions, animation, im2col."""

from __future__ import annotations

import re

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.functional.shapes import conv_output_size
from cnnlib.plotting.figure import subplots


def _draw_grid(ax, values, highlight=None, color="tab:orange", fmt="{:g}"):
    values = np.asarray(values)
    ax.imshow(np.zeros_like(values, dtype=float), cmap="Greys", vmin=0, vmax=1)
    for (r, c), value in np.ndenumerate(values):
        ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=9)
    ax.set_xticks(np.arange(-0.5, values.shape[1]), minor=True)
    ax.set_yticks(np.arange(-0.5, values.shape[0]), minor=True)
    ax.grid(which="minor", color="0.7")
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if highlight is not None:
        (r0, c0), (h, w) = highlight
        ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), w, h, fill=True, alpha=0.35, color=color))


def show_conv_positions(image: np.ndarray, kernel: np.ndarray, stride: int = 1) -> Figure:
    """Every position of a filter over a small image: the window and its dot product.

    Parameters
    ----------
    image : array of shape (H, W), no padding
    kernel : array of shape (K, K)
    """
    k = kernel.shape[0]
    oh, ow = (conv_output_size(size, k, stride) for size in image.shape)
    fig, axes = subplots(oh, ow, figsize=(2.3 * ow, 2.4 * oh), squeeze=False)
    for i in range(oh):
        for j in range(ow):
            window = image[i * stride : i * stride + k, j * stride : j * stride + k]
            _draw_grid(axes[i, j], image, ((i * stride, j * stride), (k, k)))
            axes[i, j].set_title(f"({i},{j}): sum = {np.sum(window * kernel):g}", fontsize=9)
    fig.tight_layout()
    return fig


def animate_convolution(
    image: np.ndarray, kernel: np.ndarray, stride: int = 1, padding: int = 0, interval: int = 700
) -> str:
    """An animation of the window sliding over a (zero-padded) image, with the output
    filling in, returned as self-contained HTML/JavaScript (frames embedded as PNG), so
    the static book plays it with no kernel and no network.

    Parameters
    ----------
    image : array of shape (H, W)
    kernel : array of shape (K, K)
    """
    from matplotlib import animation

    padded = np.pad(image, padding)
    k = kernel.shape[0]
    oh, ow = (conv_output_size(size, k, stride, padding) for size in image.shape)
    out = np.full((oh, ow), np.nan)
    fig, (left, right) = subplots(1, 2, figsize=(7, 3.4), gridspec_kw={"width_ratios": [padded.shape[1], ow]})
    positions = [(i, j) for i in range(oh) for j in range(ow)]

    def draw(step):
        i, j = positions[step]
        top, lft = i * stride, j * stride
        out[i, j] = np.sum(padded[top : top + k, lft : lft + k] * kernel)
        left.clear()
        right.clear()
        _draw_grid(left, padded, ((top, lft), (k, k)))
        left.set_title(f"input, padding {padding}, stride {stride}", fontsize=9)
        shown = np.where(np.isnan(out), 0, out)
        _draw_grid(right, shown, ((i, j), (1, 1)), fmt="{:g}")
        for (r, c), value in np.ndenumerate(out):
            if np.isnan(value):
                right.texts[r * ow + c].set_text("")
        right.set_title(f"output {oh}x{ow}", fontsize=9)

    anim = animation.FuncAnimation(fig, draw, frames=len(positions), interval=interval)
    html = anim.to_jshtml(default_mode="loop")
    return _self_contained(html)


_ICONS = {
    "fa-fast-backward": "◀◀",
    "fa-fast-forward": "▶▶",
    "fa-step-backward": "◀|",
    "fa-step-forward": "|▶",
    "fa-play fa-flip-horizontal": "◀",
    "fa-play": "▶",
    "fa-pause": "||",
    "fa-minus": "−",
    "fa-plus": "+",
}


def _self_contained(html: str) -> str:
    """Drop matplotlib's Font Awesome stylesheet (fetched from a CDN) and draw the player's
    buttons with plain Unicode symbols, so the animation needs no network."""
    html = re.sub(r"<link[^>]*font-awesome[^>]*>", "", html)
    for icon, symbol in _ICONS.items():
        html = html.replace(f'<i class="fa {icon}"></i>', symbol)
    if "http://" in html or "https://" in html:
        raise RuntimeError("the animation HTML still refers to a network resource")
    return html


def show_im2col(x: np.ndarray, kernel_size: int) -> Figure:
    """A tiny one-channel image beside its im2col matrix: each window becomes a column.

    Parameters
    ----------
    x : array of shape (H, W)
    kernel_size : window size K (stride 1, no padding)
    """
    from cnnlib.functional import im2col

    cols = im2col(np.asarray(x, dtype=float)[None, None], kernel_size)
    fig, (left, right) = subplots(1, 2, figsize=(9, 3.2), gridspec_kw={"width_ratios": [x.shape[1], cols.shape[1]]})
    _draw_grid(left, x, ((0, 0), (kernel_size, kernel_size)))
    left.set_title("image; first window shaded", fontsize=9)
    _draw_grid(right, cols, ((0, 0), (cols.shape[0], 1)))
    right.set_title(f"im2col: {cols.shape[0]} x {cols.shape[1]}, one column per window", fontsize=9)
    fig.tight_layout()
    return fig
