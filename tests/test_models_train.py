from functools import partial

import numpy as np
import pytest
import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from cnnlib import models, train
from cnnlib.summary import summary


# Factories, not models: the models are built inside the test, so collecting this file builds
# nothing (AlexNet and VGG-16 alone hold about 200 million parameters).
@pytest.mark.parametrize(
    "make_model, shape, params, out",
    [
        (models.ConvNet1, (2, 1, 28, 28), 29_034, (2, 10)),
        (partial(models.ConvNet1, batch_norm=False), (2, 1, 28, 28), 29_034 - 2 * (16 + 32), (2, 10)),
        (models.LeNetLike, (2, 1, 32, 32), 63_802, (2, 10)),
        (models.LeNet5, (2, 1, 32, 32), 61_706, (2, 10)),
        (models.AlexNet, (1, 3, 224, 224), 61_100_840, (1, 1000)),
        (models.VGG16, (1, 3, 224, 224), 138_357_544, (1, 1000)),
    ],
    ids=["convnet1", "convnet1-nobn", "lenet-like", "lenet5", "alexnet", "vgg16"],
)
def test_parameter_counts_and_shapes(make_model, shape, params, out):
    model = make_model()
    assert sum(p.numel() for p in model.parameters()) == params
    s = summary(model, shape)
    assert s.total_parameters == params == sum(r.parameters for r in s.rows)
    assert s.rows[-1].output_shape == out
    assert next(model.parameters()).device.type == "cpu"  # summary worked on a copy


def test_convnet1_shapes_follow_the_article():
    rows = {r.name: r.output_shape for r in summary(models.ConvNet1(), (1, 1, 28, 28)).rows}
    assert rows["conv1"] == (1, 16, 28, 28) and rows["pool1"] == (1, 16, 14, 14)
    assert rows["conv2"] == (1, 32, 14, 14) and rows["pool2"] == (1, 32, 7, 7)
    stages = models.ConvNet1().features(torch.zeros(3, 1, 28, 28))
    assert [tuple(t.shape[1:]) for t in stages] == [
        (16, 28, 28),
        (16, 28, 28),
        (16, 14, 14),
        (32, 14, 14),
        (32, 14, 14),
        (32, 7, 7),
    ]


def test_summary_activation_memory():
    s = summary(models.ConvNet1(), (1, 1, 28, 28))
    assert s.rows[0].activation_bytes == 4 * 16 * 28 * 28
    assert "total" in str(s) and "29,034" in str(s)


def test_summary_multiply_adds_match_hand_counts():
    s = summary(models.ConvNet1(), (1, 1, 28, 28), multiply_adds=True)
    macs = {r.name: r.macs for r in s.rows}
    assert macs["conv1"] == 28 * 28 * 16 * 1 * 5 * 5 == 313_600
    assert macs["conv2"] == 14 * 14 * 32 * 16 * 5 * 5 == 2_508_800
    assert macs["fc"] == 32 * 7 * 7 * 10 == 15_680
    assert all(macs[n] == 0 for n in ("batch1", "relu1", "pool1", "batch2", "relu2", "pool2"))
    assert s.macs == 313_600 + 2_508_800 + 15_680
    assert "mult-adds" in str(s) and "2,508,800" in str(s)
    assert "mult-adds" not in str(summary(models.ConvNet1(), (1, 1, 28, 28)))  # column on request


def test_summary_multiply_adds_groups_stride_and_batch():
    net = nn.Sequential(nn.Conv2d(4, 6, 3, stride=2, padding=1, groups=2), nn.Flatten(), nn.Linear(6 * 4 * 4, 5))
    one, three = summary(net, (1, 4, 8, 8)), summary(net, (3, 4, 8, 8))
    assert [r.macs for r in one.rows] == [4 * 4 * 6 * (4 // 2) * 3 * 3, 0, 96 * 5]
    assert three.macs == 3 * one.macs  # counted for the whole batch
    assert summary(models.VGG16(), (1, 3, 224, 224)).macs == 15_470_264_320  # the usual 15.5 G


def toy_loaders(seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(512, 1, 8, 8, generator=g)
    y = (x[:, 0, :, :4].sum(dim=(1, 2)) > x[:, 0, :, 4:].sum(dim=(1, 2))).long()  # left half brighter?
    data = TensorDataset(x, y)
    return (
        DataLoader(data, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(seed)),
        DataLoader(data, batch_size=128),
    )


def toy_net():
    torch.manual_seed(0)
    return nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 64, 2))


def test_fit_prints_one_line_per_epoch(capsys):
    train_loader, test_loader = toy_loaders()
    train.fit(toy_net(), train_loader, test_loader, num_epochs=2, device="cpu")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["epoch 1/2", "epoch 2/2"]
    assert all("test acc." in line and "img/s" in line and len(line) <= 79 for line in lines)


def test_fit_learns_and_records_history():
    train_loader, test_loader = toy_loaders()
    history = train.fit(toy_net(), train_loader, test_loader, num_epochs=3, lr=1e-2, progress=False, device="cpu")
    assert len(history) == 3 and history["epoch"] == [1, 2, 3]
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["test_accuracy"][-1] > 0.9
    assert all(e["images_per_second"] > 0 and e["seconds"] > 0 for e in history.epochs)


def test_fit_is_reproducible_and_channels_last_changes_nothing():
    results = []
    for channels_last in (True, True, False):
        train_loader, test_loader = toy_loaders()
        history = train.fit(
            toy_net(),
            train_loader,
            test_loader,
            num_epochs=1,
            progress=False,
            device="cpu",
            channels_last=channels_last,
        )
        results.append(history["train_loss"][0])
    assert results[0] == results[1]
    assert results[0] == pytest.approx(results[2], rel=1e-4)


def flushing_denormals():
    return (torch.tensor(1e-40, dtype=torch.float32) * 1).item() == 0  # a subnormal survives?


@pytest.mark.parametrize("flush", [True, False])
def test_fit_restores_the_callers_flush_denormal_setting(flush):
    if not torch.set_flush_denormal(flush):
        torch.set_flush_denormal(False)
        pytest.skip("this CPU cannot flush subnormal numbers")
    try:
        assert flushing_denormals() == flush
        train.fit(toy_net(), toy_loaders()[0], num_epochs=1, progress=False, device="cpu")
        assert flushing_denormals() == flush
    finally:
        torch.set_flush_denormal(False)


def test_evaluate_counts_correctly():
    net = nn.Linear(2, 2, bias=False)
    with torch.no_grad():
        net.weight.copy_(torch.eye(2))
    x = torch.tensor([[1.0, 0], [0, 1], [1, 0], [0, 1]])
    y = torch.tensor([0, 1, 1, 1])  # the third is wrong
    result = train.evaluate(net, DataLoader(TensorDataset(x, y), batch_size=3))
    assert result["accuracy"] == 0.75
    expected = nn.functional.cross_entropy(net(x), y).item()
    assert result["loss"] == pytest.approx(expected)


def test_bad_arguments():
    train_loader, _ = toy_loaders()
    with pytest.raises(ValueError, match="num_epochs must be at least 1"):
        train.fit(toy_net(), train_loader, num_epochs=0)
    with pytest.raises(ValueError, match="empty data loader"):
        train.evaluate(toy_net(), DataLoader(TensorDataset(torch.zeros(0, 1, 8, 8), torch.zeros(0).long())))
    with pytest.raises(ValueError, match="empty train_loader"):
        train.fit(toy_net(), DataLoader(TensorDataset(torch.zeros(0, 1, 8, 8), torch.zeros(0).long())), num_epochs=1)


def test_pick_device_is_a_real_device():
    assert train.pick_device().type in {"cuda", "mps", "cpu"}


def test_confusion_matrix_counts():
    from cnnlib.metrics import confusion_matrix

    m = confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]), 3)
    assert m.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
