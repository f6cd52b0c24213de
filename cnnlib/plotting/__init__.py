"""Figures for the book. Each function draws one kind of figure and returns it.

Every function returns a :class:`matplotlib.figure.Figure` (or, for the animation, HTML)
and never calls ``show``; in a notebook, end the cell with an assignment (``fig = ...``)
so the figure appears once.
"""

from cnnlib.plotting.convolution import animate_convolution, show_conv_positions, show_im2col
from cnnlib.plotting.images import (
    plot_series, show_channels, show_class_means, show_images, show_maps, show_pixel_values,
)
from cnnlib.plotting.training import confusion_matrix, plot_confusion_matrix, plot_history, show_heatmaps

__all__ = [
    "animate_convolution", "confusion_matrix", "plot_confusion_matrix", "plot_history",
    "plot_series", "show_channels", "show_class_means", "show_conv_positions", "show_heatmaps",
    "show_im2col", "show_images", "show_maps", "show_pixel_values",
]
