"""The learning-rate finder on tiny generated data: the curve, the suggestion, and a project and run left as
they were."""

import copy
import math

import numpy as np
import pytest
import torch

from tests.helpers import minimal_project_doc
from workbench.core.errors import DataError, ModelError, ProjectError
from workbench.core.project.io import project_from_dict
from workbench.core.training.distributed import Dist
from workbench.core.training.engine import Request, build_run, train
from workbench.core.training.epochs import Stopped, train_one_epoch
from workbench.core.training.events import LrFinderResult, LrFinderStep, RunControl, RunWarning
from workbench.core.training.lr_find import find_lr, range_test, suggest

STEPS = 40  # enough for the curve to fall and diverge on the shapes; a second or two on a laptop CPU


def test_the_loss_falls_then_rises_at_too_high_a_rate_and_the_suggestion_lies_where_it_falls(shapes_folder):
    events = []
    result = find_lr(project_from_dict(minimal_project_doc(shapes_folder)), steps=STEPS, listeners=[events.append])
    lrs, smoothed = result.lrs, result.smoothed
    assert lrs[0] == pytest.approx(1e-7) and len(lrs) == len(result.losses) == len(smoothed) <= STEPS
    ratios = np.diff(np.log10(lrs))  # exponential: evenly spaced on a log axis, on the way to 10
    assert np.allclose(ratios, 8 / (STEPS - 1))
    # 10 is far too high for Adam: the loss climbs past 4x its best and the test stops before the end.
    assert result.reason == "diverged" and len(lrs) < STEPS and "diverged" in result.note
    assert smoothed[-1] > 4 * min(smoothed) and max(result.losses[-3:]) > 2 * smoothed[0]
    assert lrs[0] < result.suggested_lr < lrs[-1]
    k = int(np.argmin(np.abs(np.log10(lrs) - math.log10(result.suggested_lr))))
    assert smoothed[k + 1] < smoothed[k - 1]  # the loss is falling there
    # Progress as it goes, the result last.
    steps = [e for e in events if isinstance(e, LrFinderStep)]
    assert steps and steps[-1].step == len(lrs) and steps[-1].steps == STEPS
    assert events[-1] is result and isinstance(result, LrFinderResult)


def test_the_suggested_rate_trains_better_than_the_highest_one(tmp_path, shapes_folder):
    doc = minimal_project_doc(shapes_folder, epochs=3)
    result = find_lr(project_from_dict(doc), steps=STEPS)
    finished = {}
    for name, lr in (("suggested", result.suggested_lr), ("highest", 10.0)):
        doc["training"]["optimizer"]["lr"] = lr
        finished[name] = train(project_from_dict(doc), out_dir=tmp_path / name)
    good, bad = finished["suggested"], finished["highest"]
    assert good.reason == "completed" and good.metrics["val_accuracy"] > 0.6  # chance is 1/3
    assert bad.reason == "diverged" or bad.metrics["train_loss"] > 2 * good.metrics["train_loss"]


def _run(doc):
    return build_run(project_from_dict(doc), lambda e: None, RunControl(), Request(), Dist())[0]


def _state(run):
    return copy.deepcopy({"model": run.net.state_dict(), "optimizer": run.optimizer.state_dict()})


def _assert_identical(a, b):
    assert a["model"].keys() == b["model"].keys()
    for k in a["model"]:
        assert torch.equal(a["model"][k], b["model"][k]), k
    assert a["optimizer"]["param_groups"] == b["optimizer"]["param_groups"]
    sa, sb = a["optimizer"]["state"], b["optimizer"]["state"]
    assert sa.keys() == sb.keys() and sa
    for k in sa:
        for name in sa[k]:
            assert torch.equal(torch.as_tensor(sa[k][name]), torch.as_tensor(sb[k][name])), (k, name)


def test_the_model_and_optimizer_are_restored_bit_for_bit_and_training_goes_on_as_if_it_had_not_run(shapes_folder):
    doc = minimal_project_doc(shapes_folder, optimizer={"type": "SGD", "lr": 0.05, "momentum": 0.9})
    doc["model"]["layers"][1:1] = [{"type": "BatchNorm2d"}]  # running statistics: buffers, not parameters
    doc["model"]["layers"][-1:-1] = [{"type": "Dropout", "p": 0.3}]  # draws random numbers
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip", "p": 0.5}]

    def one_epoch(run, epoch):
        run.begin_epoch(epoch)
        train_one_epoch(run, epoch)

    plain = _run(doc)  # (one after the other: they share the global random generators)
    one_epoch(plain, 1)
    one_epoch(plain, 2)
    found = _run(doc)
    one_epoch(found, 1)  # the optimizer has momentum buffers to lose
    before = _state(found)
    result = range_test(found, steps=20)
    assert len(result.lrs) > len(found.loaders.train)  # the training batches over and over
    _assert_identical(_state(found), before)
    assert found.optimizer.param_groups[0]["lr"] == 0.05
    one_epoch(found, 2)
    _assert_identical(_state(found), _state(plain))


def test_the_project_is_unchanged_and_nothing_is_written(tmp_path, shapes_folder):
    project = project_from_dict(minimal_project_doc(shapes_folder))
    before = copy.deepcopy(project)
    files = set(tmp_path.rglob("*"))
    find_lr(project, steps=20)
    assert project == before and set(tmp_path.rglob("*")) == files


def test_bad_input_raises_what_train_raises(tmp_path, shapes_folder):
    missing = minimal_project_doc(tmp_path / "nowhere")
    misfit = minimal_project_doc(shapes_folder)
    misfit["model"]["layers"][4]["in_features"] = 7  # the flattened conv output is 512
    empty = tmp_path / "empty"
    empty.mkdir()
    for doc, error in ((missing, DataError), (misfit, ModelError), (minimal_project_doc(empty), DataError)):
        with pytest.raises(error) as trained:
            train(project_from_dict(doc), out_dir=tmp_path / "runs")
        with pytest.raises(error) as found:
            find_lr(project_from_dict(doc))
        assert str(found.value) == str(trained.value)
    project = project_from_dict(minimal_project_doc(shapes_folder))
    for kwargs, message in (({"steps": 3}, "steps: expected an integer of at least 10"),
                            ({"min_lr": 0.0}, "min_lr: expected a positive learning rate"),
                            ({"min_lr": 1.0, "max_lr": 0.1}, "max_lr: expected a rate above min_lr (1)")):
        with pytest.raises(ProjectError, match=message.replace("(", r"\(").replace(")", r"\)")):
            find_lr(project, **kwargs)


def test_a_stop_request_ends_the_test_within_a_step(shapes_folder):
    control = RunControl()
    seen = []

    def listener(event):
        seen.append(event)
        if isinstance(event, LrFinderStep):
            control.request_stop()

    with pytest.raises(Stopped):
        find_lr(project_from_dict(minimal_project_doc(shapes_folder)), steps=20, control=control,
                listeners=[listener])
    assert [e.step for e in seen if isinstance(e, LrFinderStep)] == [1]


def test_small_data_is_warned_about_as_training_does(tmp_path):
    from tests.helpers import make_shapes_folder

    folder = make_shapes_folder(tmp_path / "few", per_class=4, size=16)
    events = []
    find_lr(project_from_dict(minimal_project_doc(folder)), steps=10, listeners=[events.append])
    assert any(isinstance(e, RunWarning) and "has only 4 images" in e.message for e in events)


def test_the_suggestion_is_the_steepest_fall_and_none_for_a_curve_that_never_falls():
    lrs = list(np.logspace(-6, 0, 61))
    x = np.log10(lrs)
    falling = list(2 - np.tanh(2 * (x + 3)))  # steepest at 1e-3
    assert suggest(lrs, falling) == (pytest.approx(1e-3), "")
    lr, note = suggest(lrs, list(1 + 0.01 * (x + 6)))
    assert lr is None and "did not fall" in note
    lr, note = suggest(lrs[:12], falling[:12])
    assert lr is None and "too soon" in note
