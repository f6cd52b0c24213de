"""Figures that show how a convolution works: positions, animation, im2col."""

from __future__ import annotations

import re

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from cnnlib.functional.shapes import conv_output_size
from cnnlib.plotting.figure import COLUMN_IN, subplots


def _draw_grid(ax, values, highlight=None, color="tab:orange", fmt="{:g}", padding=0):
    """Cells with their values written in; the outer ``padding`` rings grey and hatched."""
    values = np.asarray(values)
    ax.imshow(np.zeros_like(values, dtype=float), cmap="Greys", vmin=0, vmax=1)
    rows, cols = values.shape
    for (r, c), value in np.ndenumerate(values):
        pad = min(r, c, rows - 1 - r, cols - 1 - c) < padding
        if pad:
            ax.add_patch(Rectangle((c - 0.5, r - 0.5), 1, 1, facecolor="0.85", edgecolor="0.6", hatch="///", lw=0))
        ax.text(c, r, fmt.format(value), ha="center", va="center", fontsize=9, color="0.4" if pad else "black")
    ax.set_xticks(np.arange(-0.5, cols), minor=True)
    ax.set_yticks(np.arange(-0.5, rows), minor=True)
    ax.grid(which="minor", color="0.7")
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    if highlight is not None:
        (r0, c0), (h, w) = highlight
        ax.add_patch(Rectangle((c0 - 0.5, r0 - 0.5), w, h, fill=True, alpha=0.35, color=color))


def show_conv_positions(image: np.ndarray, kernel: np.ndarray, stride: int = 1) -> Figure:
    """Every position of a filter over a small image: the window and its dot product (:ref:`ch-convolution`).

    One panel per output position (i, j), showing the image with the window shaded and the
    output value :math:`y_{ij} = \\sum_{p,q} x_{iS+p,\\,jS+q}\\, w_{pq}` in the title.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        A small image, e.g. 5x5; no padding is added.
    kernel : numpy.ndarray, shape (K, K)
        The filter :math:`w`.
    stride : int, default 1
        S, the step between windows.

    Returns
    -------
    BookFigure
        A grid of OH x OW panels, :math:`OH = \\lfloor (H - K) / S \\rfloor + 1`, likewise OW.
    """
    k = kernel.shape[0]
    oh, ow = (conv_output_size(size, k, stride) for size in image.shape)
    each = min(2.3, COLUMN_IN / ow)
    fig, axes = subplots(oh, ow, figsize=(each * ow, (each + 0.1) * oh), squeeze=False)
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
    """An animation of the window sliding over a (zero-padded) image, the output filling in.

    Used in :ref:`ch-convolution`. Returned as self-contained HTML/JavaScript (frames embedded
    as PNG, player buttons drawn with Unicode symbols), so the static book plays it with no
    kernel and no network.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        The input.
    kernel : numpy.ndarray, shape (K, K)
        The filter.
    stride : int, default 1
        S, the step between windows.
    padding : int, default 0
        P, zeros added on each side.
    interval : int, default 700
        Milliseconds between frames.

    Returns
    -------
    str
        HTML for one frame per output position; the output is
        :math:`\\lfloor (H + 2P - K) / S \\rfloor + 1` on a side (likewise for W). Display it
        with ``IPython.display.HTML``.

    Raises
    ------
    RuntimeError
        If the HTML still refers to a network resource (a matplotlib change to check).
    """
    from matplotlib import animation

    fig, draw, frames = _animation_frames(image, kernel, stride, padding)
    anim = animation.FuncAnimation(fig, draw, frames=frames, interval=interval)
    html = _self_contained(anim.to_jshtml(default_mode="loop"))
    k, (h, w) = kernel.shape[0], image.shape
    alt = (
        f"Animation: a {k}x{k} kernel (its weights shown in the middle) slides with stride {stride} over a "
        f"{h}x{w} image zero-padded by {padding} (padding hatched grey); each frame shades one window and "
        f"writes the window's sum of products into the output grid, which fills in position by position."
    )
    return _accessible(html, alt)


def _animation_frames(image: np.ndarray, kernel: np.ndarray, stride: int, padding: int):
    """The animation's figure (input, kernel, output), its frame-drawing function and frame count."""
    padded = np.pad(image, padding)
    k = kernel.shape[0]
    oh, ow = (conv_output_size(size, k, stride, padding) for size in image.shape)
    out = np.full((oh, ow), np.nan)
    ratios = [padded.shape[1], k, ow]
    fig, (left, middle, right) = subplots(1, 3, figsize=(COLUMN_IN, 3.0), gridspec_kw={"width_ratios": ratios})
    positions = [(i, j) for i in range(oh) for j in range(ow)]

    def draw(step):
        i, j = positions[step]
        top, lft = i * stride, j * stride
        out[i, j] = np.sum(padded[top : top + k, lft : lft + k] * kernel)
        for ax in (left, middle, right):
            ax.clear()
        _draw_grid(left, padded, ((top, lft), (k, k)), padding=padding)
        left.set_title(f"input, padding {padding} (hatched),\nstride {stride}", fontsize=9)
        _draw_grid(middle, kernel, None)
        middle.set_title("kernel", fontsize=9)
        _draw_grid(right, np.where(np.isnan(out), 0, out), ((i, j), (1, 1)))
        for (r, c), value in np.ndenumerate(out):
            if np.isnan(value):
                right.texts[r * ow + c].set_text("")
        right.set_title(f"output {oh}x{ow}", fontsize=9)

    draw(0)
    fig.tight_layout()
    return fig, draw, len(positions)


def _accessible(html: str, alt: str) -> str:
    """Give the player's frame image an alt text and its slider an accessible name."""
    alt = alt.replace('"', "&quot;")
    html = html.replace('<img id="_anim_img', f'<img alt="{alt}" id="_anim_img')
    return html.replace('<input id="_anim_slider', '<input aria-label="animation frame" id="_anim_slider')


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
    """A tiny one-channel image beside its im2col matrix: each window becomes a column (:ref:`sec-im2col`).

    Parameters
    ----------
    x : numpy.ndarray, shape (H, W)
        The image, e.g. 4x4.
    kernel_size : int
        K, the window size (stride 1, no padding).

    Returns
    -------
    BookFigure
        The image (first window shaded) and the matrix, of shape (K*K, OH*OW),
        :math:`OH = H - K + 1`, with its first column shaded.
    """
    from cnnlib.functional import im2col

    cols = im2col(np.asarray(x, dtype=float)[None, None], kernel_size)
    ratios = [x.shape[1], cols.shape[1]]
    fig, (left, right) = subplots(1, 2, figsize=(COLUMN_IN, 2.6), gridspec_kw={"width_ratios": ratios})
    _draw_grid(left, x, ((0, 0), (kernel_size, kernel_size)))
    left.set_title("image; first window shaded", fontsize=9)
    _draw_grid(right, cols, ((0, 0), (cols.shape[0], 1)))
    right.set_title(f"im2col: {cols.shape[0]} x {cols.shape[1]}, one column per window", fontsize=9)
    fig.tight_layout()
    return fig
