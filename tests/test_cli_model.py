"""`workbench evaluate`, `predict` and `export` on a trained run."""

import json

import torch

from tests.helpers import run_cli


def test_evaluate_json_and_text(trained_run):
    run_dir, _ = trained_run
    out = run_cli("evaluate", run_dir / "best.pt", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["samples"] == 18 and len(report["confusion"]) == 3
    assert [row["class"] for row in report["per_class"]] == ["circle", "square", "triangle"]
    text = run_cli("evaluate", run_dir / "best.pt").stdout
    assert "precision" in text and "confusion matrix" in text


def test_predict_json(trained_run):
    run_dir, folder = trained_run
    out = run_cli("predict", run_dir / "best.pt", folder / "triangle" / "triangle_003.png", "--topk", "3", "--json")
    assert out.returncode == 0, out.stderr
    (result,) = json.loads(out.stdout)
    assert [t["class"] for t in result["top"]][0] == "triangle" and len(result["top"]) == 3


def test_a_photo_of_another_size_is_predicted_not_refused(trained_run, tmp_path):
    from PIL import Image

    run_dir, folder = trained_run
    Image.open(folder / "triangle" / "triangle_003.png").resize((100, 100)).save(tmp_path / "my_triangle.png")
    out = run_cli("predict", run_dir / "best.pt", tmp_path / "my_triangle.png", folder / "circle" / "circle_001.png",
                  "--json")
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)
    assert len(results) == 2 and all(r["top"] and not r.get("error") for r in results)
    assert results[0]["top"][0]["class"] == "triangle"  # resized to the training images' 16×16 first


def test_predict_nothing_readable_exits_2(trained_run, tmp_path):
    run_dir, _ = trained_run
    (tmp_path / "x.png").write_text("no")
    out = run_cli("predict", run_dir / "best.pt", tmp_path / "x.png")
    assert out.returncode == 2 and "cannot classify" in out.stdout


def test_export_torchscript_and_pickle_warning(trained_run, tmp_path):
    run_dir, _ = trained_run
    out = run_cli("export", run_dir / "best.pt", "--to", "torchscript", "--out", tmp_path / "m.pt")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp_path / "m.pt") and "torch.jit.load" in out.stderr
    assert torch.jit.load(str(tmp_path / "m.pt"))(torch.rand(1, 3, 16, 16)).shape == (1, 3)
    out = run_cli("export", run_dir / "best.pt", "--to", "pickle", "--out", tmp_path / "w.pth")
    assert out.returncode == 0 and "warning:" in out.stderr and "runs code" in out.stderr


def test_export_without_out_writes_beside_the_checkpoint_never_over_it(trained_run, tmp_path):
    import shutil

    run_dir = tmp_path / "run"
    shutil.copytree(trained_run[0], run_dir)
    for fmt, name in (("onnx", "best.onnx"), ("torchscript", "best.torchscript.pt"), ("script", "best.py")):
        out = run_cli("export", run_dir / "best.pt", "--to", fmt)
        assert out.returncode == 0, out.stderr
        assert out.stdout.strip() == str(run_dir / name) and (run_dir / name).is_file()
    assert torch.load(run_dir / "best.pt", weights_only=True)["format"] == "torch-workbench-checkpoint"


def test_a_bare_state_dict_is_not_a_checkpoint(trained_run):
    run_dir, _ = trained_run
    out = run_cli("evaluate", run_dir / "model.pth")
    assert out.returncode == 2 and "without the project it was trained with" in out.stderr
