"""Evaluation metrics, galleries behind confusion cells, and predicting new image files."""

import pytest

from tests.helpers import make_shapes_folder
from workbench.core.results.evaluate import EvalReport, SamplePrediction, evaluate, predict
from workbench.core.training.checkpoints import load_checkpoint


def test_per_class_metrics_from_a_known_confusion_matrix():
    report = EvalReport(["a", "b"], [[8, 2], [1, 9]])
    assert report.accuracy == pytest.approx(17 / 20)
    a, b = report.per_class()
    assert a["precision"] == pytest.approx(8 / 9) and a["recall"] == pytest.approx(0.8)
    assert b["f1"] == pytest.approx(2 * (9 / 11) * 0.9 / (9 / 11 + 0.9)) and b["support"] == 10


def test_cells_and_most_confidently_wrong():
    s = [SamplePrediction("x1", 0, 1, 0.6), SamplePrediction("x2", 0, 1, 0.9), SamplePrediction("x3", 1, 1, 0.99),
         SamplePrediction("x4", 1, 0, 0.7)]
    report = EvalReport(["a", "b"], [[0, 2], [1, 1]], s)
    assert [p.ref for p in report.cell(0, 1)] == ["x2", "x1"]
    assert [p.ref for p in report.most_confidently_wrong()] == ["x2", "x4", "x1"]


def test_evaluate_on_the_validation_split_and_on_a_folder(trained_run, tmp_path):
    run_dir, _ = trained_run
    ckpt = load_checkpoint(run_dir / "best.pt")
    report = evaluate(ckpt)
    assert report.total == 18 and report.accuracy >= 0.8
    assert all(s.ref.endswith(".png") for s in report.samples)
    assert report.accuracy == pytest.approx(sum(s.true == s.predicted for s in report.samples) / 18)
    other = make_shapes_folder(tmp_path / "new", per_class=5, seed=7)
    report = evaluate(ckpt, other)
    assert report.total == 15 and report.source.startswith("folder")


def test_predict_topk_and_bad_files(trained_run, tmp_path):
    run_dir, folder = trained_run
    ckpt = load_checkpoint(run_dir / "best.pt")
    (tmp_path / "junk.png").write_bytes(b"junk")
    results = predict(ckpt, [folder / "circle" / "circle_000.png", tmp_path / "junk.png",
                             tmp_path / "missing.png"], topk=2)
    good, junk, missing = results
    assert [c for c, _ in good.top][0] == "circle" and len(good.top) == 2
    assert good.top[0][1] >= good.top[1][1] and 0 < sum(p for _, p in good.top) <= 1.0001
    assert junk.error and "not an image" in junk.error
    assert missing.error == "no such file"
    assert len(predict(ckpt, [folder / "square"])) == 24  # a folder means its images
