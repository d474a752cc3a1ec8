"""`workbench sweep`: an Optuna study whose trials are ordinary runs; continued, parallel, pruned."""

from __future__ import annotations

import json
from pathlib import Path

import optuna
import pytest

from tests.helpers import make_shapes_folder, minimal_project_doc, run_cli
from workbench.core.experiments.space import parse_param
from workbench.core.experiments.sweep import SweepSpec, load_study, run_trial
from workbench.core.project.io import project_from_dict


@pytest.fixture
def project_file(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=8, size=16)
    path = tmp_path / "shapes.wbproj"
    path.write_text(json.dumps(minimal_project_doc(folder, epochs=2)))
    return path


def sweep(*args) -> dict:
    out = run_cli("sweep", *args, "--json")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_every_trial_is_a_run_with_its_number_and_values_and_the_best_is_named(project_file, tmp_path):
    result = sweep(project_file, "--trials", 2, "--param", "training.optimizer.lr=log:1e-3:1e-1",
                   "--param", "data.loader.batch_size=choice:8,16", "--pruner", "none")
    assert result["study"] == "shapes" and result["storage"].endswith("shapes.optuna-journal")
    trials = result["trials"]
    assert [t["number"] for t in trials] == [0, 1] and {t["state"] for t in trials} == {"COMPLETE"}
    for t in trials:
        run_json = json.loads((Path(t["run_dir"]) / "run.json").read_text())
        assert run_json["trial"]["number"] == t["number"] and run_json["trial"]["params"] == t["params"]
        assert Path(t["run_dir"]).parent == tmp_path / "sweeps" / "shapes"
        assert 1e-3 <= t["params"]["training.optimizer.lr"] <= 1e-1 and t["params"]["data.loader.batch_size"] in (8, 16)
    best = min(trials, key=lambda t: t["value"])
    assert result["best"] == {"trial": best["number"], "value": best["value"], "params": best["params"],
                              "run_dir": best["run_dir"]}
    # The study is Optuna's own: optuna opens it, and the same command continues it.
    again = sweep(project_file, "--trials", 3, "--param", "training.optimizer.lr=log:1e-3:1e-1",
                  "--param", "data.loader.batch_size=choice:8,16", "--pruner", "none")
    assert [t["number"] for t in again["trials"]] == [0, 1, 2]
    assert again["trials"][:2] == trials


def test_a_parameter_that_does_not_fit_is_one_error_before_anything_runs(project_file, tmp_path):
    for param, words in (("training.optimiser.lr=log:1e-3:1e-1", "training.optimiser"),
                         ("model.layers[40].out_features=int:8:64", "model.layers[40]"),
                         ("training.optimizer.lr=log:0:1", "log range needs LOW > 0"),
                         ("data.loader.batch_size=int:0:8", "data.loader.batch_size"),
                         ("training.optimizer.type=choice:SGD,Adamm", "Adamm")):
        out = run_cli("sweep", project_file, "--trials", 2, "--param", param)
        assert out.returncode == 2 and words in out.stderr, (param, out.stderr)
    assert not (tmp_path / "sweeps").exists() and not (tmp_path / "shapes.optuna-journal").exists()


def test_a_grid_sweep_tries_every_combination(project_file):
    result = sweep(project_file, "--trials", 4, "--sampler", "grid", "--pruner", "none",
                   "--param", "training.optimizer.type=choice:SGD,Adam", "--param", "data.loader.batch_size=choice:8,16")
    combos = {(t["params"]["training.optimizer.type"], t["params"]["data.loader.batch_size"]) for t in result["trials"]}
    assert combos == {("SGD", 8), ("SGD", 16), ("Adam", 8), ("Adam", 16)}


def test_parallel_workers_share_one_study_without_corrupting_it(project_file):
    result = sweep(project_file, "--trials", 4, "--workers", 2, "--pruner", "none",
                   "--param", "training.optimizer.lr=log:1e-3:1e-1")
    assert sorted(t["number"] for t in result["trials"]) == [0, 1, 2, 3]
    assert all(t["state"] == "COMPLETE" for t in result["trials"])
    assert len({t["pid"] for t in result["trials"]}) == 2  # two processes did the trials
    study = optuna.load_study(study_name="shapes", storage=load_study.__globals__["open_storage"](result["storage"]))
    assert len(study.trials) == 4


def test_a_trial_the_pruner_stops_ends_like_a_stop_request_with_last_pt(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=8, size=16)
    project = project_from_dict(minimal_project_doc(folder, epochs=3), base_dir=tmp_path)
    spec = SweepSpec(project, [parse_param("training.optimizer.lr=choice:1e-9")], 2,
                     storage=f"sqlite:///{tmp_path / 'study.db'}", pruner="median", out=tmp_path / "sweep")
    study = load_study(spec)
    study.pruner = optuna.pruners.MedianPruner(n_startup_trials=1, n_warmup_steps=0)
    good = optuna.trial.create_trial(params={"training.optimizer.lr": 1e-9}, value=0.01,
                                     distributions={"training.optimizer.lr": optuna.distributions.CategoricalDistribution([1e-9])},
                                     intermediate_values={1: 0.01, 2: 0.01, 3: 0.01})
    study.add_trial(good)  # a trial far better than an untrained model
    trial = study.ask()
    with pytest.raises(optuna.TrialPruned, match="pruned by the sweep after epoch 1"):
        run_trial(spec, trial)
    run_dir = Path(trial.user_attrs["run_dir"])
    assert (run_dir / "last.pt").is_file() and json.loads((run_dir / "run.json").read_text())["finished"] == "pruned"


def test_a_pause_file_holds_the_sweep_before_its_next_trial_and_out_names_the_trials_folder(project_file, tmp_path):
    import subprocess
    import sys
    import time

    from workbench.core.experiments.study import StudyReader

    pause = tmp_path / "pause"
    pause.touch()
    storage = f"journal:{tmp_path / 'held.optuna-journal'}"
    sweep = subprocess.Popen([sys.executable, "-m", "workbench", "sweep", str(project_file), "--trials", "1",
                              "--epochs", "1", "--pruner", "none", "--param", "training.optimizer.lr=log:1e-3:1e-1",
                              "--storage", storage, "--study", "held", "--out", str(tmp_path / "trials"),
                              "--pause-file", str(pause), "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        reader = StudyReader(storage, "held")
        deadline = time.monotonic() + 120
        while reader.read() is None and time.monotonic() < deadline:  # the study exists: the sweep has begun
            time.sleep(0.2)
        time.sleep(2)
        assert reader.read().trials == [] and sweep.poll() is None  # held, no trial started
        pause.unlink()
        out, err = sweep.communicate(timeout=120)
    finally:
        sweep.kill()
    assert sweep.returncode == 0, err
    trials = json.loads(out)["trials"]
    assert [t["state"] for t in trials] == ["COMPLETE"] and Path(trials[0]["run_dir"]).parent == tmp_path / "trials"
