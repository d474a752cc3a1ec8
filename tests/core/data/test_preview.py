"""The Data tab's preview: "after the pipeline" shows what the model sees, in colours a person recognises."""

import numpy as np
from PIL import Image

from tests.helpers import make_shapes_folder, minimal_project_doc
from workbench.core.data.datasets import prepare_data
from workbench.core.data.preview import preview_samples
from workbench.core.project.io import project_from_dict


def bundle_with(folder, transforms, augment=()):
    doc = minimal_project_doc(folder)
    doc["data"].update(transforms=transforms, augment=list(augment))
    return prepare_data(project_from_dict(doc))


def test_a_normalised_image_previews_as_the_image_itself(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=4, size=16)
    normalize = {"type": "Normalize", "mean": [0.5, 0.4, 0.3], "std": [0.2, 0.25, 0.3]}
    samples = preview_samples(bundle_with(folder, [{"type": "ToTensor"}, normalize]), n=6, seed=1)
    assert len(samples) == 6
    for raw, after, _name in samples:
        assert after.shape == raw.shape and after.dtype == np.uint8
        # Un-normalised with the Normalize's own mean and std: the pixels come back within rounding (a min-max
        # stretch made the dark background black and the shape white).
        assert np.abs(after.astype(int) - raw.astype(int)).max() <= 1


def test_one_mean_and_std_for_all_channels_and_normalize_in_augment(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=4, size=16)
    for transforms, augment in (([{"type": "ToTensor"}, {"type": "Normalize"}], ()),  # the defaults: 0.5, 0.5
                                ([{"type": "ToTensor"}], [{"type": "Normalize", "mean": [0.1], "std": [2.0]}])):
        for raw, after, _name in preview_samples(bundle_with(folder, transforms, augment), n=3, seed=0):
            assert np.abs(after.astype(int) - raw.astype(int)).max() <= 1


def test_a_grayscale_pipeline_previews_grey(tmp_path):
    folder = make_shapes_folder(tmp_path / "shapes", per_class=4, size=16)
    transforms = [{"type": "Grayscale"}, {"type": "ToTensor"}, {"type": "Normalize", "mean": [0.3], "std": [0.2]}]
    for raw, after, _name in preview_samples(bundle_with(folder, transforms), n=3, seed=0):
        grey = np.asarray(Image.fromarray(raw).convert("L"), dtype=int)
        assert (after[..., 0] == after[..., 1]).all() and (after[..., 1] == after[..., 2]).all()
        assert np.abs(after[..., 0].astype(int) - grey).max() <= 1
