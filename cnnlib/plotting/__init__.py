"""Figures for the book. Each function draws one kind of figure and returns it.

Every function returns a :class:`~cnnlib.plotting.figure.BookFigure` (a matplotlib
``Figure``; for the animation, HTML) and never touches ``pyplot``. In a notebook, make the
figure the cell's last expression and it appears under that cell, once, whatever the
matplotlib backend.
"""

from cnnlib.plotting.architecture import show_architecture
from cnnlib.plotting.convolution import animate_convolution, show_conv_positions, show_im2col
from cnnlib.plotting.figure import BookFigure
from cnnlib.plotting.images import show_channels, show_class_means, show_images, show_pixel_values
from cnnlib.plotting.maps import show_maps
from cnnlib.plotting.series import plot_series
from cnnlib.plotting.training import plot_confusion_matrix, plot_history, show_heatmaps

__all__ = [
    "BookFigure",
    "animate_convolution",
    "plot_confusion_matrix",
    "plot_history",
    "plot_series",
    "show_architecture",
    "show_channels",
    "show_class_means",
    "show_conv_positions",
    "show_heatmaps",
    "show_im2col",
    "show_images",
    "show_maps",
    "show_pixel_values",
]
