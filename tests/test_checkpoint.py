"""Checkpoints: saved with what made them, refused when they do not match."""

import pytest
import torch
from test_models_train import toy_loaders, toy_net
from torch import nn

from cnnlib import checkpoint, train
from cnnlib.checkpoint import CheckpointError
from cnnlib.models import ConvNet1


def zeroed(net):
    with torch.no_grad():
        for p in net.parameters():
            p.zero_()
    return net


@pytest.fixture
def saved(tmp_path):
    train_loader, test_loader = toy_loaders()
    net = toy_net()
    history = train.fit(net, train_loader, test_loader, num_epochs=1, progress=False, device="cpu")
    settings = checkpoint.fit_settings(train_loader, num_epochs=1)
    path = checkpoint.save(tmp_path / "sub" / "net.pt", net, history, settings)
    return path, net, history, settings


def test_round_trip_restores_weights_history_and_settings(saved):
    path, net, history, settings = saved
    assert sorted(p.name for p in path.parent.iterdir()) == ["net.pt"]  # no temporary left
    other = zeroed(toy_net())
    loaded = checkpoint.load(path, other, settings)
    assert loaded.epochs == history.epochs and loaded.settings == settings
    assert settings == {"batch_size": 32, "num_epochs": 1, "lr": 1e-3, "seed": 0}
    for p, q in zip(net.parameters(), other.parameters()):
        assert torch.equal(p.cpu(), q)


def test_refuses_other_settings_another_model_other_shapes(saved):
    path, _, _, settings = saved
    with pytest.raises(CheckpointError, match=r"trained with .* not .*'num_epochs': 5"):
        checkpoint.load(path, toy_net(), {**settings, "num_epochs": 5})
    with pytest.raises(CheckpointError, match="holds a Sequential, not a ConvNet1"):
        checkpoint.load(path, ConvNet1())
    wider = nn.Sequential(nn.Conv2d(1, 5, 3, padding=1), nn.ReLU(), nn.Flatten(), nn.Linear(5 * 64, 2))
    message = r"different layers: 0.weight has shape \[4, 1, 3, 3\] there and \[5, 1, 3, 3\]"
    with pytest.raises(CheckpointError, match=message):
        checkpoint.load(path, wider)


def test_refuses_damaged_foreign_and_missing_files(saved, tmp_path):
    path, net, _, _ = saved
    payload = torch.load(path, weights_only=True)
    payload["state_dict"]["0.bias"] += 1e-3
    torch.save(payload, tmp_path / "tampered.pt")
    with pytest.raises(CheckpointError, match="corrupt: its weights do not match"):
        checkpoint.load(tmp_path / "tampered.pt", toy_net())
    torch.save(net.state_dict(), tmp_path / "plain.pt")  # a bare state_dict
    with pytest.raises(CheckpointError, match=r"not written by cnnlib.checkpoint.save"):
        checkpoint.load(tmp_path / "plain.pt", toy_net())
    (tmp_path / "junk.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(CheckpointError, match="not a readable PyTorch file"):
        checkpoint.load(tmp_path / "junk.pt", toy_net())
    with pytest.raises(CheckpointError, match="no checkpoint at"):
        checkpoint.load(tmp_path / "absent.pt", toy_net())


def test_load_or_fit_trains_once_then_loads_and_refuses_other_settings(tmp_path, capsys):
    train_loader, test_loader = toy_loaders()
    path = tmp_path / "net.pt"
    first = checkpoint.load_or_fit(
        toy_net(), path, train_loader, test_loader, num_epochs=2, progress=False, device="cpu"
    )
    out = capsys.readouterr().out
    assert out.startswith(f"No checkpoint at {path}") and "epoch 2/2" in out  # progress is always shown
    net = zeroed(toy_net())
    second = checkpoint.load_or_fit(net, path, train_loader, test_loader, num_epochs=2, device="cpu")
    assert second.epochs == first.epochs and capsys.readouterr().out == ""  # loaded, not trained
    assert any(p.abs().sum() > 0 for p in net.parameters())
    with pytest.raises(CheckpointError, match="trained with"):
        checkpoint.load_or_fit(toy_net(), path, train_loader, test_loader, num_epochs=5, device="cpu")


def test_checkpoint_path_lives_in_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert checkpoint.checkpoint_path("a.pt") == tmp_path / "cnnlib" / "checkpoints" / "a.pt"


def test_shipped_weights_load_and_follow_the_book_recipe():
    net = ConvNet1()
    history = checkpoint.load_pretrained(net)
    assert history.settings == checkpoint.BOOK_RECIPES["ConvNet1"]
    assert len(history) == history.settings["num_epochs"]
    assert history["test_accuracy"][-1] >= 0.90  # chapter 8's claim, for the shipped weights
    with pytest.raises(CheckpointError, match="ships no weights for Sequential"):
        checkpoint.load_pretrained(toy_net())


def test_load_pretrained_takes_a_readers_checkpoint(tmp_path):
    ours = ConvNet1()
    checkpoint.save(tmp_path / "mine.pt", ours, settings={"num_epochs": 1})
    net = zeroed(ConvNet1())
    assert checkpoint.load_pretrained(net, tmp_path / "mine.pt").settings == {"num_epochs": 1}
    assert torch.equal(net.conv1.weight, ours.conv1.weight)
