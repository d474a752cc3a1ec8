"""The project's exclusion list (honoured by training, the generated script and recorded in the run directory)
and relabelling by moving a file to another class folder."""

import json
import re

import pytest

from tests.core.results.test_script import script_data
from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.data.curation import move_file, relabel_target, with_excluded
from workbench.core.data.datasets import prepare_data
from workbench.core.errors import DataError, ProjectError
from workbench.core.project.io import load_project, project_from_dict, project_to_dict, save_project


@pytest.fixture
def folder(tmp_path):
    return make_shapes_folder(tmp_path / "data" / "shapes", per_class=6, size=16)


def test_excluded_images_are_left_out_of_training_validation_and_the_script(tmp_path, folder):
    project = project_from_dict(minimal_project_doc(folder, epochs=1))
    everything = prepare_data(project)
    left_out = [folder / "circle" / "circle_000.png", folder / "square" / "square_003.png"]
    project.data.exclude = with_excluded(project.data.exclude, project, left_out)
    bundle = prepare_data(project)
    used = {p for p, _label in bundle.train.source.samples}
    assert len(used) == len(everything.train.source.samples) - 2
    assert not {str(p) for p in left_out} & used
    assert sorted(bundle.excluded) == sorted(str(p) for p in left_out)
    assert any("2 images left out" in note for note in bundle.notes)
    ns = script_data(project, tmp_path, bundle.input_shape, bundle.classes)
    assert sorted(p for p, _label in ns["train_full"].samples) == sorted(used)


def test_the_exclusion_list_is_saved_relative_to_the_project_and_reversible(tmp_path, folder):
    project = project_from_dict(minimal_project_doc(folder, epochs=1))
    image = folder / "triangle" / "triangle_002.png"
    project.data.exclude = with_excluded(project.data.exclude, project, [image])
    path = save_project(project, tmp_path / "p.wbproj")
    doc = json.loads(path.read_text())
    assert doc["data"]["exclude"] == ["data/shapes/triangle/triangle_002.png"]
    again = load_project(path)
    assert len(prepare_data(again).excluded) == 1
    again.data.exclude = with_excluded(again.data.exclude, again, [image], excluded=False)
    assert again.data.exclude == [] and "exclude" not in project_to_dict(again)["data"]
    assert prepare_data(again).excluded == []


def test_a_bad_exclusion_list_names_the_field(folder):
    doc = minimal_project_doc(folder)
    doc["data"]["exclude"] = ["a.png", 3]
    with pytest.raises(ProjectError, match=r"data\.exclude\[1\]"):
        project_from_dict(doc)


def test_a_run_records_the_images_it_left_out(tmp_path, folder):
    from workbench.core.training.engine import train

    project = project_from_dict(minimal_project_doc(folder, epochs=1))
    image = folder / "circle" / "circle_001.png"
    project.data.exclude = with_excluded([], project, [image])
    finished = train(project, out_dir=tmp_path / "runs")
    run_json = json.loads((tmp_path / "runs" / finished.run_dir.split("/")[-1] / "run.json").read_text())
    assert run_json["excluded"] == [str(image)]
    project_json = json.loads((tmp_path / "runs" / finished.run_dir.split("/")[-1] / "project.json").read_text())
    assert project_json["data"]["exclude"] == [str(image)]


def test_relabel_moves_the_file_to_the_other_class_and_never_over_another(folder):
    src = folder / "circle" / "circle_004.png"
    (folder / "square" / "circle_004.png").write_bytes(b"already here")
    target = relabel_target(src, folder, "square")
    assert target == folder / "square" / "circle_004-2.png"
    move_file(src, target)
    assert target.is_file() and not src.exists()
    assert (folder / "square" / "circle_004.png").read_bytes() == b"already here"
    with pytest.raises(DataError, match="exists already"):
        move_file(folder / "circle" / "circle_005.png", folder / "square" / "circle_004.png")
    with pytest.raises(DataError, match="not a class folder"):
        relabel_target(target, folder, "hexagon")
    move_file(target, src)  # the undo
    assert src.is_file() and not target.exists()


def test_images_of_several_sizes_need_a_resize_and_say_so(folder):
    from PIL import Image

    Image.open(folder / "square" / "square_001.png").resize((20, 20)).save(folder / "square" / "bigger.jpg")
    from workbench.core.training.engine import train

    doc = minimal_project_doc(folder)
    bundle = prepare_data(project_from_dict(doc))  # still readable: duplicates and previews need no batches
    assert re.search(r"2 different sizes \(16×16, 20×20\).*add Resize", bundle.warnings()[0])
    with pytest.raises(DataError, match=r"2 different sizes .*add Resize"):
        train(project_from_dict(doc))
    doc["data"]["transforms"] = [{"type": "Resize", "size": [16, 16]}, {"type": "ToTensor"}]
    bundle = prepare_data(project_from_dict(doc))
    assert bundle.input_shape == [3, 16, 16] and bundle.size_problem is None
