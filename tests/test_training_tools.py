"""The training tools of chapters 6, 7 and 11: TensorLoader, augmentation, schedules, studies,
residual and scaled networks, and the preprocessing of new images."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from test_data import needs_real
from torch import nn

from cnnlib import augment, experiments, predict
from cnnlib.data import MEAN, STD
from cnnlib.loaders import TensorLoader, fashion_mnist_splits
from cnnlib.models import LeNet5, LeNetLike
from cnnlib.resnet import DeepStack, ResidualBlock, SmallResNet
from cnnlib.scaled import AlexNetSmall, LeNet5Modern, PadTo32, VGGSmall
from cnnlib.train import fit


def batches(n=10, c=1, h=6, w=6):
    return torch.arange(n * c * h * w, dtype=torch.float32).reshape(n, c, h, w), torch.arange(n)


# --- TensorLoader ---------------------------------------------------------------------------


def test_loader_slices_in_order_and_keeps_the_last_short_batch():
    x, y = batches(10)
    loader = TensorLoader(x, y, batch_size=4)
    got = list(loader)
    assert len(loader) == 3 == len(got)
    assert [b[1].tolist() for b in got] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert torch.equal(got[1][0], x[4:8])


def test_shuffled_loader_is_a_seeded_permutation_that_changes_each_epoch():
    x, y = batches(50)
    first = TensorLoader(x, y, 7, shuffle=True, seed=3)
    epoch1 = torch.cat([b for _, b in first])
    epoch2 = torch.cat([b for _, b in first])
    assert sorted(epoch1.tolist()) == list(range(50)) and epoch1.tolist() != epoch2.tolist()
    again = TensorLoader(x, y, 7, shuffle=True, seed=3)
    assert torch.cat([b for _, b in again]).tolist() == epoch1.tolist()
    for xb, yb in TensorLoader(x, y, 7, shuffle=True, seed=3):  # images stay with their labels
        assert torch.equal(xb, x[yb])


def test_shuffled_loader_gives_the_batches_of_a_seeded_dataloader():
    from torch.utils.data import DataLoader, TensorDataset

    x, y = batches(50)
    ours = TensorLoader(x, y, 8, shuffle=True, seed=5)
    theirs = DataLoader(TensorDataset(x, y), 8, shuffle=True, generator=torch.Generator().manual_seed(5))
    for _ in range(3):  # epoch after epoch
        for (xa, ya), (xb, yb) in zip(ours, theirs, strict=True):
            assert torch.equal(xa, xb) and torch.equal(ya, yb)


def test_loader_applies_its_transform_to_images_only():
    x, y = batches(8)
    loader = TensorLoader(x, y, 4, transform=lambda b, g: -b)
    xb, yb = next(iter(loader))
    assert torch.equal(xb, -x[:4]) and torch.equal(yb, y[:4])


@pytest.mark.parametrize(
    "args, message",
    [
        ((torch.zeros(3, 4), torch.zeros(3)), "N, C, H, W"),
        ((torch.zeros(3, 1, 2, 2), torch.zeros(4)), "3 items but y has 4"),
        ((torch.zeros(3, 1, 2, 2), torch.zeros(3), 0), "batch_size"),
    ],
)
def test_loader_rejects_bad_input(args, message):
    with pytest.raises(ValueError, match=message):
        TensorLoader(*args)


def test_fit_takes_a_loader_and_steps_the_scheduler_once_per_batch():
    x, y = torch.randn(30, 1, 28, 28), torch.randint(0, 10, (30,))
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    optimizer = torch.optim.SGD(net.parameters(), lr=0.1)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1 / (1 + step))
    history = fit(net, TensorLoader(x, y, 10), num_epochs=2, optimizer=optimizer, scheduler=schedule, progress=False)
    assert schedule.last_epoch == 6 and optimizer.param_groups[0]["lr"] == pytest.approx(0.1 / 7)
    assert len(history) == 2


@needs_real
def test_splits_hold_out_the_same_images_whatever_the_seed():
    train, held, test = fashion_mnist_splits(validation=10_000, seed=1, download=False)
    _, held2, _ = fashion_mnist_splits(validation=10_000, seed=2, download=False)
    assert len(train.y) == 50_000 and len(held.y) == 10_000 and len(test.y) == 10_000
    assert torch.equal(held.x, held2.x)
    # disjoint: no held-out image is among the training images (compare by their bytes)
    seen = {bytes(img.numpy()) for img in train.x}
    assert not any(bytes(img.numpy()) in seen for img in held.x[:500])
    assert len(seen) + len(held.y) >= 59_900  # (a few duplicate images exist in the dataset)


def test_splits_reject_an_impossible_validation_size():
    with pytest.raises(ValueError, match="between 1 and 59,999"):
        fashion_mnist_splits(validation=60_000, download=False)


# --- augmentation ---------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 3), st.integers(0, 2**31 - 1))
def test_shift_moves_each_image_as_a_whole(max_shift, seed):
    x = torch.rand(5, 2, 8, 9)
    out = augment.random_shift(x, torch.Generator().manual_seed(seed), max_shift, fill=-1.0)
    padded = nn.functional.pad(x, (max_shift,) * 4, value=-1.0)
    for n in range(5):  # each output is one window of the padded image
        windows = [
            (dy, dx)
            for dy in range(2 * max_shift + 1)
            for dx in range(2 * max_shift + 1)
            if torch.equal(out[n], padded[n, :, dy : dy + 8, dx : dx + 9])
        ]
        assert windows, n


def test_shift_draws_every_offset_and_fills_with_the_background():
    x = torch.zeros(400, 1, 5, 5)
    x[:, :, 2, 2] = 1.0  # one bright pixel in the middle
    out = augment.random_shift(x - 1.0, torch.Generator().manual_seed(0), max_shift=2)
    positions = {tuple(torch.nonzero(o[0] == 0)[0].tolist()) for o in out}
    assert positions == {(i, j) for i in range(5) for j in range(5)}
    assert out.min() == -1.0  # the default fill is the batch's minimum


def test_hflip_mirrors_about_half_and_leaves_the_rest():
    x = torch.rand(1000, 1, 4, 4)
    out = augment.random_hflip(x, torch.Generator().manual_seed(0))
    mirrored = [torch.equal(o, i.flip(2)) for o, i in zip(out, x)]
    same = [torch.equal(o, i) for o, i in zip(out, x)]
    assert all(m or s for m, s in zip(mirrored, same)) and 400 < sum(mirrored) < 600


@pytest.mark.parametrize(
    "call", [lambda g: augment.random_shift(torch.zeros(2, 2), g), lambda g: augment.random_hflip(torch.zeros(3), g)]
)
def test_augmentation_rejects_non_batches(call):
    with pytest.raises(ValueError, match="B, C, H, W"):
        call(torch.Generator())


def test_augmentation_rejects_bad_settings():
    with pytest.raises(ValueError, match="max_shift"):
        augment.random_shift(torch.zeros(1, 1, 2, 2), torch.Generator(), max_shift=-1)
    with pytest.raises(ValueError, match="probability"):
        augment.random_hflip(torch.zeros(1, 1, 2, 2), torch.Generator(), p=1.5)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 4), st.integers(2, 7))
def test_flip_average_is_the_mean_probability_of_both_views(seed, n, width):
    torch.manual_seed(seed)
    net = nn.Sequential(nn.Flatten(), nn.Linear(2 * 5 * width, 4))
    x = torch.randn(n, 2, 5, width)
    out = augment.FlipAverage(net)(x)
    mean = (net(x).softmax(1) + net(x.flip(3)).softmax(1)) / 2
    assert torch.allclose(out.exp(), mean, atol=1e-6)
    assert torch.allclose(out, augment.FlipAverage(net)(x.flip(3)), atol=1e-6)  # a mirror changes nothing
    scores, averaged = augment.FlipAverage(net).both(x)
    assert torch.equal(scores, net(x)) and torch.equal(averaged, out)


def test_flip_average_rejects_non_batches():
    with pytest.raises(ValueError, match="B, C, H, W"):
        augment.FlipAverage(nn.Flatten())(torch.zeros(3, 4))


# --- studies --------------------------------------------------------------------------------


def test_recipe_rejects_impossible_settings():
    with pytest.raises(ValueError, match="schedule"):
        experiments.Recipe(num_epochs=1, schedule="cosine")
    with pytest.raises(ValueError, match="num_epochs"):
        experiments.Recipe(num_epochs=0)


def test_train_run_keeps_the_epoch_that_validates_best():
    x = torch.randn(200, 1, 28, 28)
    y = (x.mean(dim=(1, 2, 3)) > 0).long()  # a learnable rule
    train, held = TensorLoader(x[:150], y[:150], 50), TensorLoader(x[150:], y[150:], 50)
    recipe = experiments.Recipe(num_epochs=4, lr=0.05, schedule="onecycle")
    net, result = experiments.train_run(
        lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 2)), recipe, 0, train, held, held
    )
    assert len(result["validation"]) == 4 and result["seed"] == 0
    assert result["epoch"] == int(np.argmax(result["validation"])) + 1
    assert result["test"] == max(result["validation"])  # the kept weights are the best epoch's
    assert not net.training


def test_train_run_with_test_flip_scores_and_keeps_by_the_mirror_average():
    torch.manual_seed(1)
    x = torch.randn(200, 1, 28, 28)
    y = (x[..., :14].mean(dim=(1, 2, 3)) > 0).long()  # depends on the left half: mirroring matters
    train, held = TensorLoader(x[:150], y[:150], 50), TensorLoader(x[150:], y[150:], 50)
    make = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 2))  # noqa: E731
    plain = experiments.train_run(make, experiments.Recipe(num_epochs=4, lr=0.05), 0, train, held, held)[1]
    recipe = experiments.Recipe(num_epochs=4, lr=0.05, test_flip=True)
    net, result = experiments.train_run(make, recipe, 0, train, held, held)
    assert result["validation"] == plain["validation"]  # the same training
    assert result["validation_flip"] != result["validation"]
    assert result["epoch"] == int(np.argmax(result["validation_flip"])) + 1
    assert result["test"] == max(result["validation_flip"])
    assert isinstance(net, nn.Sequential)  # the weights, not the wrapper


def test_missing_study_names_those_available():
    with pytest.raises(FileNotFoundError, match=r"architectures\.json"):
        experiments.load_results("no such study")


# --- networks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, shape",
    [
        (lambda: nn.Sequential(PadTo32(), LeNetLike()), (2, 1, 28, 28)),
        (lambda: nn.Sequential(PadTo32(), LeNet5()), (2, 1, 28, 28)),
        (lambda: nn.Sequential(PadTo32(), LeNet5Modern()), (2, 1, 28, 28)),
        (AlexNetSmall, (2, 1, 28, 28)),
        (VGGSmall, (2, 1, 28, 28)),
        (SmallResNet, (2, 1, 28, 28)),
        (lambda: DeepStack(3, skip=True), (2, 1, 28, 28)),
    ],
)
def test_networks_map_images_to_ten_scores(make, shape):
    torch.manual_seed(0)
    assert make()(torch.randn(*shape)).shape == (2, 10)


def test_lenet5_modern_has_the_1998_parameter_count():
    count = [sum(p.numel() for p in net.parameters()) for net in (LeNet5(), LeNet5Modern())]
    assert count == [61_706, 61_706]


def test_pad_to_32_pads_with_the_standardised_background():
    out = PadTo32()(torch.ones(1, 1, 28, 28))
    assert out.shape == (1, 1, 32, 32) and torch.equal(out[..., 2:30, 2:30], torch.ones(1, 1, 28, 28))
    assert out[0, 0, 0, 0].item() == pytest.approx(-MEAN / STD)


def test_residual_block_adds_its_input_when_the_shape_is_kept():
    torch.manual_seed(0)
    block = ResidualBlock(4, 4).eval()
    x = torch.randn(2, 4, 6, 6)
    inner = block.bn2(block.conv2(torch.relu(block.bn1(block.conv1(x)))))
    assert isinstance(block.shortcut, nn.Identity)
    assert torch.allclose(block(x), torch.relu(inner + x))
    assert ResidualBlock(4, 8, stride=2)(x).shape == (2, 8, 3, 3)


def test_deep_stacks_differ_only_by_the_skips():
    torch.manual_seed(0)
    plain = DeepStack(4, skip=False)
    torch.manual_seed(0)
    residual = DeepStack(4, skip=True)
    assert all(torch.equal(a, b) for a, b in zip(plain.parameters(), residual.parameters()))
    x = torch.randn(2, 1, 28, 28)
    assert not torch.allclose(plain(x), residual(x))
    with pytest.raises(ValueError, match="depth"):
        DeepStack(0, skip=True)


# --- new images -----------------------------------------------------------------------------


def test_preprocess_turns_a_light_background_photo_into_a_training_like_image():
    garment = np.zeros((28, 28), dtype=np.uint8)
    garment[6:22, 8:20] = 200
    photo = np.kron(255 - garment, np.ones((3, 3), dtype=np.uint8))
    photo = np.stack([photo] * 3, axis=2)  # grey colour photo, dark garment on white
    x = predict.preprocess(photo)
    expected = predict.preprocess(garment)
    assert x.shape == (1, 1, 28, 28) and torch.allclose(x, expected, atol=1e-5)
    background = (0 - MEAN) / STD
    assert x[0, 0, 0, 0].item() == pytest.approx(background, abs=1e-5)
    assert not torch.allclose(predict.preprocess(photo, invert=False), expected)


@pytest.mark.parametrize(
    "image, message",
    [
        (np.zeros((4, 4, 4)), "grayscale"),
        (np.zeros((0, 5)), "empty"),
        (np.full((5, 5), 3.0), r"\[0, 1\]"),
    ],
)
def test_preprocess_rejects_what_it_cannot_read(image, message):
    with pytest.raises(ValueError, match=message):
        predict.preprocess(image)


def test_top_k_returns_the_most_probable_classes_in_order():
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad():
        net[1].weight.zero_()
        net[1].bias.copy_(torch.tensor([0.0, 3, 0, 0, 0, 0, 0, 2, 0, 1]))
    guesses = predict.top_k(net, torch.zeros(1, 1, 28, 28), k=3)
    assert [name for name, _ in guesses] == ["Trouser", "Sneaker", "Ankle boot"]
    probabilities = torch.softmax(net[1].bias, 0)
    assert guesses[0][1] == pytest.approx(probabilities[1].item())
    with pytest.raises(ValueError, match="k must be"):
        predict.top_k(net, torch.zeros(1, 1, 28, 28), k=11)
    with pytest.raises(ValueError, match="one preprocessed image"):
        predict.top_k(net, torch.zeros(2, 1, 28, 28))


def test_results_are_written_whole_or_not_at_all(tmp_path):
    path = experiments.write_results("study", {"runs": [1, 2]}, folder=tmp_path)
    stored = json.loads(path.read_text())
    assert stored["runs"] == [1, 2] and {"machine", "date"} <= set(stored)
    with pytest.raises(TypeError):
        experiments.write_results("broken", {"runs": object()}, folder=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["study.json"]  # no half-written file
