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
    assert len(fig.axes) == 4 and fig.axes[3].get_title() == "channel 2: blue"
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
