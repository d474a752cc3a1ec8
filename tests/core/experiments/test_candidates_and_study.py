"""What the Experiments tab offers to vary, and a study read back from its storage as Optuna keeps it."""

from __future__ import annotations

import optuna
import pytest

from tests.helpers import minimal_project_doc
from workbench.core.experiments.candidates import candidates, value_of
from workbench.core.experiments.space import check_space, parse_param
from workbench.core.experiments.study import Axis, StudyReader, importances, journal_url, studies_in
from workbench.core.experiments.sweep import SweepSpec, open_storage, optimize
from workbench.core.project.io import project_from_dict


@pytest.fixture
def project(tmp_path):
    doc = minimal_project_doc(tmp_path / "shapes")
    doc["model"]["layers"].insert(5, {"type": "Dropout", "p": 0.3})
    doc["training"]["optimizer"] = {"type": "SGD", "lr": 0.05, "momentum": 0.9}
    doc["data"]["augment"] = [{"type": "RandomHorizontalFlip"}]
    return project_from_dict(doc, base_dir=tmp_path)


def test_the_project_s_own_fields_are_offered_each_with_a_range_that_fits(project):
    found = {c.path: c for c in candidates(project)}
    assert {"training.epochs", "data.loader.batch_size", "training.optimizer.type", "training.optimizer.lr",
            "training.optimizer.momentum", "training.optimizer.weight_decay", "model.layers[0].out_channels",
            "model.layers[4].out_features", "model.layers[5].p", "data.augment[0].p"} <= set(found)
    # The last Linear has no width of its own (it gets the number of classes): not offered.
    assert "model.layers[7].out_features" not in found
    assert found["training.optimizer.lr"].param.spec == "log:0.005:0.5"
    assert found["training.optimizer.momentum"].param.spec == "float:0.5:0.99"
    assert found["model.layers[5].p"].param.spec == "float:0.05:0.55" and found["model.layers[5].p"].value == 0.3
    assert found["model.layers[4].out_features"].param.spec == "int:16:64"
    assert found["training.optimizer.type"].kinds == ("choice",) and "SGD" in found["training.optimizer.type"].param.choices
    assert found["data.loader.batch_size"].kinds == ("int", "choice")
    check_space(project, [c.param for c in found.values()])  # every starting range fits
    # Adam has no momentum: not offered.
    project.training.optimizer.type, project.training.optimizer.args = "Adam", {"lr": 0.001}
    assert "training.optimizer.momentum" not in {c.path for c in candidates(project)}


def test_value_of_reads_a_path_with_defaults_filled_in(project):
    assert value_of(project, "training.optimizer.lr") == 0.05
    assert value_of(project, "training.optimizer.weight_decay") == 0.0  # the catalogue's default
    assert value_of(project, "training.seed") == 0
    assert value_of(project, "model.layers[40].out_features") is None


def _trial(params, dists, state, value=None):
    return optuna.trial.create_trial(params=params, distributions=dists, state=state, value=value,
                                     user_attrs={"run_dir": "/runs/x"})


def test_a_study_reads_back_with_its_states_values_and_ranges(tmp_path):
    url = journal_url(tmp_path, "s")
    assert StudyReader(url, "s").read() is None and not list(tmp_path.iterdir())  # nothing created
    study = optuna.create_study(study_name="s", storage=open_storage(url), direction="maximize")
    lr = optuna.distributions.FloatDistribution(1e-3, 1e-1, log=True)
    bs = optuna.distributions.CategoricalDistribution([8, 16])
    study.add_trial(_trial({"lr": 0.01, "bs": 8}, {"lr": lr, "bs": bs}, optuna.trial.TrialState.COMPLETE, 0.5))
    study.add_trial(_trial({"lr": 0.05, "bs": 16}, {"lr": lr, "bs": bs}, optuna.trial.TrialState.COMPLETE, 0.75))
    study.add_trial(_trial({"lr": 0.002}, {"lr": lr}, optuna.trial.TrialState.FAIL))
    reader = StudyReader(url, "s")
    view = reader.read()
    assert [(t.number, t.state, t.value) for t in view.trials] == [(0, "COMPLETE", 0.5), (1, "COMPLETE", 0.75),
                                                                   (2, "FAIL", None)]
    assert view.best.number == 1 and view.metric == "val_accuracy" and view.counts() == {"COMPLETE": 2, "FAIL": 1}
    assert view.axes == {"lr": Axis("lr", "log", 1e-3, 1e-1), "bs": Axis("bs", "choice", choices=(8, 16))}
    assert view.axes["lr"].position(0.01) == pytest.approx(0.5) and view.axes["bs"].position(16) == 1.0
    # The same reader reads on from where it was.
    study.add_trial(_trial({"lr": 0.003, "bs": 8}, {"lr": lr, "bs": bs}, optuna.trial.TrialState.PRUNED))
    assert [t.state for t in reader.read().trials][-1] == "PRUNED"
    assert studies_in(tmp_path) == ["s"]
    assert set(importances(url, "s")) == {"lr", "bs"}


def test_importance_needs_two_complete_trials(tmp_path):
    url = journal_url(tmp_path, "s")
    study = optuna.create_study(study_name="s", storage=open_storage(url))
    lr = optuna.distributions.FloatDistribution(1e-3, 1e-1, log=True)
    study.add_trial(_trial({"lr": 0.01}, {"lr": lr}, optuna.trial.TrialState.COMPLETE, 0.5))
    with pytest.raises(ValueError, match="two complete"):
        importances(url, "s")


def test_a_held_sweep_starts_no_trial_until_it_may(tmp_path, project):
    from tests.helpers import make_shapes_folder

    make_shapes_folder(tmp_path / "shapes", per_class=6, size=16)
    project.training.epochs = 1
    spec = SweepSpec(project, [parse_param("training.optimizer.lr=log:1e-3:1e-1")], 1, pruner="none",
                     storage=journal_url(tmp_path, "held"), study="held", out=tmp_path / "trials")
    asked = []

    def hold():
        asked.append(len(StudyReader(spec.storage, "held").read().trials))
        return len(asked) < 3  # held for the first two looks

    optimize(spec, hold=hold)
    assert asked == [0, 0, 0]  # no trial while held
    assert [t.state for t in StudyReader(spec.storage, "held").read().trials] == ["COMPLETE"]
