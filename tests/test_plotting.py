import numpy as np
import pytest
from matplotlib.figure import Figure

from cnnlib import plotting


def axes_shown(fig):
    return [ax for ax in fig.axes if ax.axison]


def test_show_images_titles_and_marks_mistakes():
    images = np.zeros((5, 28, 28), np.uint8)
    fig = plotting.show_images(images, [0, 1, 2, 3, 4], list("abcde"), ncols=3, predicted=[0, 1, 2, 3, 0])
    assert isinstance(fig, Figure) and len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes[:5]]
    assert titles[0] == "a\n→ a" and titles[4] == "e\n→ a"
    assert fig.axes[4].title.get_color() == "red" and fig.axes[0].title.get_color() == "black"


def test_show_images_rejects_wrong_shape():
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        plotting.show_images(np.zeros((28, 28)))


def test_show_pixel_values_writes_every_crop_value():
    image = np.arange(100).reshape(10, 10)
    fig = plotting.show_pixel_values(image, rows=slice(2, 5), cols=slice(3, 7))
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert texts == [f"{v:g}" for v in image[2:5, 3:7].ravel()]


def test_show_channels_one_panel_per_channel():
    fig = plotting.show_channels(np.zeros((8, 8, 3), np.uint8))
    assert len(fig.axes) == 5 and fig.axes[3].get_title() == "channel 2: blue"  # and a colour bar
    with pytest.raises(ValueError, match=r"\(H, W, C\)"):
        plotting.show_channels(np.zeros((8, 8)))


def test_plot_series_and_class_means():
    fig = plotting.plot_series((np.arange(3), np.arange(3), "a"), (np.arange(3), np.ones(3), "b"))
    assert len(fig.axes[0].lines) == 2
    labels = np.array([0, 0, 1])
    images = np.stack([np.zeros((4, 4)), np.ones((4, 4)) * 2, np.ones((4, 4))])
    fig = plotting.show_class_means(images, labels, ["x", "y"])
    np.testing.assert_array_equal(fig.axes[0].images[0].get_array(), np.ones((4, 4)))


def test_animation_is_self_contained():
    kernel = np.ones((3, 3))
    html = plotting.animate_convolution(np.arange(25.0).reshape(5, 5), kernel, stride=2, padding=1)
    assert html.count("data:image/png;base64") == 9  # one frame per output position
    assert "http://" not in html and "https://" not in html and "<i class" not in html
    assert "▶" in html


def test_show_maps_and_conv_positions():
    fig = plotting.show_maps([np.zeros((3, 3)), np.ones((2, 2))], ["a", "b"], annotate=True)
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a", "b"] and len(fig.axes[0].texts) == 9
    fig = plotting.show_conv_positions(np.ones((4, 4)), np.ones((3, 3)))
    assert len(fig.axes) == 4 and fig.axes[0].get_title() == "(0,0): sum = 9"
    fig = plotting.show_im2col(np.arange(16.0).reshape(4, 4), 2)
    assert fig.axes[1].get_title().startswith("im2col: 4 x 9")


def test_show_maps_shared_colour_scale():
    small, large = np.zeros((2, 2)), np.full((3, 3), 4.0)
    small[0, 0] = 1.0
    fig = plotting.show_maps([small, large])  # each map on its own scale
    assert fig.axes[0].images[0].get_clim() == (0.0, 1.0) and len(fig.axes) == 2
    fig = plotting.show_maps([small, large], shared=True)  # one scale, one colour bar
    assert [ax.images[0].get_clim() for ax in fig.axes[:2]] == [(0.0, 4.0), (0.0, 4.0)]
    assert len(fig.axes) == 3 and fig.axes[2].get_ylabel() == "value (shared scale)"
    fig = plotting.show_maps([small, -large], shared=True, symmetric=True)
    assert fig.axes[1].images[0].get_clim() == (-4.0, 4.0)
    fig = plotting.show_maps([small, large], vmin=-1, vmax=2)  # explicit ends imply shared
    assert fig.axes[1].images[0].get_clim() == (-1.0, 2.0) and len(fig.axes) == 3
    with pytest.raises(ValueError, match="vmin <= vmax"):
        plotting.show_maps([small], vmin=3, vmax=2)


def test_figures_bypass_pyplot_and_show_themselves():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    fig = plotting.show_maps([np.zeros((3, 3))])
    assert plt.get_fignums() == before  # no backend will flush it into a later cell
    png = fig._repr_png_()
    assert png.startswith(b"\x89PNG") and isinstance(fig, plotting.BookFigure)


def test_architecture_volumes_follow_the_model():
    from cnnlib import models
    from cnnlib.plotting.architecture import volumes

    convnet = [(v.kind, v.shape, v.count) for v in volumes(models.ConvNet1(), (1, 28, 28))]
    assert convnet == [
        ("input", (1, 28, 28), 1),
        ("conv", (16, 28, 28), 1),
        ("max pool", (16, 14, 14), 1),
        ("conv", (32, 14, 14), 1),
        ("max pool", (32, 7, 7), 1),
        ("fc", (10,), 1),
    ]
    vgg = volumes(models.VGG16(), (3, 224, 224))
    assert [v.count for v in vgg if v.kind == "conv"] == [2, 2, 3, 3, 3]  # VGG-16's 13 convolutions
    assert vgg[-4].shape == (512, 7, 7) and [v.shape for v in vgg[-3:]] == [(4096,), (4096,), (1000,)]
    assert volumes(models.LeNet5(), (1, 32, 32))[5].label == "conv\n1×1\n×120"


def test_architecture_diagram_draws_one_box_per_volume():
    from cnnlib import models
    from cnnlib.plotting import show_architecture

    fig = show_architecture(models.AlexNet(), (3, 224, 224), "AlexNet")
    boxes = sum(len(ax.patches) for ax in fig.axes) // 3  # three faces per box
    labels = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text()]  # not the arrow
    assert boxes == len(labels) == 11 and labels[0] == "input\n224×224\n×3"


def _samples():
    """One representative figure per public plotting function, with inputs like the notebooks'."""
    from cnnlib import models
    from cnnlib.data import CLASSES

    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (20, 28, 28)).astype(np.uint8)
    labels = np.arange(20) % 10
    days = np.arange(365)
    history = {
        "epoch": [1, 2, 3, 4, 5],
        "train_loss": [0.6, 0.4, 0.3, 0.25, 0.2],
        "train_accuracy": [0.8, 0.85, 0.88, 0.9, 0.92],
        "test_accuracy": [0.82, 0.86, 0.88, 0.89, 0.9],
    }
    kernel = np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], float)
    return {
        "show_images": lambda: plotting.show_images(images, labels, CLASSES, ncols=10),
        "show_pixel_values": lambda: plotting.show_pixel_values(
            images[0], slice(13, 23), slice(0, 14), "test image 0: Ankle boot"
        ),
        "show_channels": lambda: plotting.show_channels(rng.integers(0, 256, (32, 32, 3)).astype(np.uint8)),
        "show_class_means": lambda: plotting.show_class_means(images, labels, CLASSES),
        "plot_series": lambda: plotting.plot_series(
            (days, np.sin(days / 58), "daily temperature"),
            (days, np.cos(days / 58), "31-day moving average"),
            xlabel="day",
            ylabel="temperature (°C)",
            lower=[(days, np.cos(days / 58) / 58, "slope")],
            lower_ylabel="°C per day",
        ),
        "show_maps": lambda: plotting.show_maps(
            list(rng.standard_normal((48, 7, 7))),
            [f"ch {c}" for c in range(8)] + [""] * 40,
            ncols=8,
            symmetric=True,
            shared=True,
            row_labels=[f"stage {r}" for r in range(6)],
        ),
        "show_conv_positions": lambda: plotting.show_conv_positions(rng.integers(0, 2, (5, 5)).astype(float), kernel),
        "show_im2col": lambda: plotting.show_im2col(np.arange(16.0).reshape(4, 4), 2),
        "animate_convolution": lambda: _animation_frame(kernel),
        "plot_history": lambda: plotting.plot_history(history, history, labels=["with BN", "without BN"]),
        "plot_confusion_matrix": lambda: plotting.plot_confusion_matrix(
            rng.integers(0, 1000, (10, 10)) * np.eye(10, dtype=int) + rng.integers(0, 60, (10, 10)), CLASSES
        ),
        "show_heatmaps": lambda: plotting.show_heatmaps(
            images[:4], rng.random((4, 28, 28)), ["T-shirt/top", "Trouser", "Sandal", "Bag"]
        ),
        "show_architecture": lambda: plotting.show_architecture(models.VGG16(), (3, 224, 224), "VGG-16"),
    }


def _animation_frame(kernel):
    """The animation's figure at its last frame (the HTML embeds it frame by frame)."""
    from cnnlib.plotting.convolution import _animation_frames

    fig, draw, frames = _animation_frames(np.arange(25.0).reshape(5, 5), kernel, 2, 1)
    draw(frames - 1)
    return fig


def test_every_plotting_function_has_legible_text():
    from cnnlib.plotting.figure import MIN_TEXT_PX, smallest_text_px

    samples = _samples()
    functions = [name for name in plotting.__all__ if name != "BookFigure"]
    assert sorted(samples) == sorted(functions), "give every public plotting function a sample"
    for name in functions:
        fig = samples[name]()
        assert smallest_text_px(fig) >= MIN_TEXT_PX - 0.1, (name, smallest_text_px(fig))


def test_smallest_text_px_catches_small_text():
    from cnnlib.plotting.figure import COLUMN_PX, MIN_TEXT_PX, BookFigure, smallest_text_px

    fig = BookFigure(figsize=(4, 3))
    fig.add_subplot().set_title("tiny", fontsize=5)
    assert smallest_text_px(fig) < MIN_TEXT_PX
    wide = BookFigure(figsize=(2 * COLUMN_PX / 100, 3))  # twice the column: shown at half size
    wide.add_subplot().set_title("scaled down", fontsize=10)
    assert smallest_text_px(wide) < 0.7 * 10 * 100 / 72  # the tight bbox trims some margin


def test_animation_is_accessible():
    import re

    html = plotting.animate_convolution(np.arange(25.0).reshape(5, 5), np.ones((3, 3)), stride=2, padding=1)
    img = re.search(r"<img[^>]*>", html).group(0)
    assert re.search(r'alt="[^"]{20,}"', img), img
    slider = re.search(r'<input[^>]*type="range"[^>]*>', html).group(0)
    assert re.search(r'aria-label="[^"]+"', slider), slider
